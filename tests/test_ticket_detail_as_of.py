"""The ticket table's detail shows the ticket as of the page's day, as the table's row does.

Ticket #2 of the hand-made tickets was reported on 30 Jan 2019 and taken in hand on 5 Feb: the
table of 1 Feb says "not started", so must its detail, which also says that more happened later.
"""

from __future__ import annotations

import pytest

from dashboard.ids import Tickets
from dashboard.ticket_table.ids import TicketTable
from store.core.access import Role
from tests.dash_callback import post_callback
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

DETAIL_OUTPUTS = [
    (Tickets.SELECTED, "data"),
    (Tickets.MODAL, "is_open"),
    (Tickets.MODAL_TITLE, "children"),
    (Tickets.MODAL_BODY, "children"),
    (Tickets.NEW_STATUS, "options"),
    (Tickets.NEW_STATUS, "value"),
    (Tickets.SHOW_ON_MAP, "href"),
    (Tickets.CHANGE_FORM, "hidden"),
    (Tickets.CHANGE_KEY, "data"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = new_database_url(tmp_path_factory.mktemp("ticket-detail"), "small")
    add_small_tickets(build_small_database(url))
    return signed_in_client(dashboard(url).server)


def open_detail(client, ticket_id: int, search: str) -> dict:
    """What the page receives when the user clicks the row of ``ticket_id`` on the page at ``search``."""
    inputs = [(Tickets.GRID, "cellClicked", {"rowId": str(ticket_id)}), (Tickets.CHANGES, "data", 0)]
    states = ((Tickets.SELECTED, "data", None), (TicketTable.URL, "search", search))
    status, answer = post_callback(client, DETAIL_OUTPUTS, inputs, states, prefix="/tickets/")
    assert status == 200, answer
    return answer["response"]


def texts(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for child in node for text in texts(child)]
    if isinstance(node, dict) and "props" in node:
        return texts(node["props"].get("children"))
    return []


def badges(node) -> list[str]:
    """The texts of the status badges in a component tree."""
    if isinstance(node, list):
        return [text for child in node for text in badges(child)]
    if not isinstance(node, dict) or "props" not in node:
        return []
    own = texts(node["props"].get("children")) if node.get("type") == "Badge" else []
    return own + badges(node["props"].get("children"))


def test_the_detail_shows_the_ticket_as_of_the_tables_day(client):
    response = open_detail(client, 2, "?as_of=2019-02-01")
    body = " ".join(texts(response[Tickets.MODAL_BODY]["children"]))
    assert badges(response[Tickets.MODAL_BODY]["children"]) == ["ยังไม่ดำเนินการ"]  # as the table's row says
    assert "สถานะ ณ วันที่ 1 ก.พ. 2562" in body and "ยังไม่ดำเนินการ → กำลังดำเนินการ" not in body
    assert "หลังวันที่นี้มีความเคลื่อนไหวอีก 1 รายการ (สถานะปัจจุบัน: กำลังดำเนินการ)" in body
    assert response[Tickets.NEW_STATUS]["value"] == "in_progress"  # a change starts from today's status


def test_the_detail_says_so_in_english(client):
    body = " ".join(texts(open_detail(client, 2, "?as_of=2019-02-01&lang=en")[Tickets.MODAL_BODY]["children"]))
    assert "Status as of 1 Feb 2019" in body and "Events after this day: 1 (status today: In progress)" in body


def test_the_detail_of_the_last_day_has_the_whole_history_and_no_note(client):
    body = " ".join(texts(open_detail(client, 2, "?as_of=2019-03-31")[Tickets.MODAL_BODY]["children"]))
    assert "ยังไม่ดำเนินการ → กำลังดำเนินการ" in body and "หลังวันที่นี้" not in body


@pytest.mark.parametrize(
    ("role", "provinces", "hidden"),
    [(Role.OFFICER, ("84",), False), (Role.OFFICER, ("50",), True), (Role.EXECUTIVE, (), True), (Role.ADMIN, (), True)],
)
def test_the_status_form_shows_only_to_whom_may_change_the_ticket(client, role, provinces, hidden):
    """Ticket 2 is in Surat Thani (84)."""
    person = signed_in_client(client.application, role, provinces)
    response = open_detail(person, 2, "")
    assert response[Tickets.CHANGE_FORM]["hidden"] is hidden
