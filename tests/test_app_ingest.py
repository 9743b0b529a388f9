"""Tickets, their events and showcase items from the volunteers' app, through the real app's ingest API.

Only a token with ``ingest:app`` sends them; a batch sent twice or retried after a timeout is
stored once; bad items are quarantined with their reason; an impossible status change is refused
by the same workflow rules as an officer's; the new data shows in the read API at once (with a
replica, as soon as it has replayed the write), the reporter and the contact in clear only for an
officer of the province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from store.audit.models import AuditEvent
from store.core.access import Role
from store.imports.models import QuarantinedRow
from store.showcase.models import ShowcaseItem
from store.tickets.models import Ticket, TicketEvent
from tests.app_ingest_helpers import AppUnderTest, app_under_test
from tests.signed_in import signed_in_client

FUTURE = (dt.date.today() + dt.timedelta(days=2)).isoformat()
"""A plausible year, but days ahead of any clock difference."""
TICKETS: list[dict[str, Any]] = [
    {
        "ticket_id": "T-100",
        "village_code": "84010102",
        "category": "outage",
        "title": "สัญญาณหายทั้งหมู่บ้าน",
        "description": "ตั้งแต่เช้า ใช้งานไม่ได้เลย",
        "reporter_id": "R1",
        "opened_at": "2019-03-20 09:00",
    },
    {
        "ticket_id": "T-101",
        "village_code": "84020101",
        "category": "Login",
        "title": "ลงทะเบียนไม่ได้",
        "opened_at": "2562-03-21 10:30",
    },
    {"ticket_id": "T-102", "village_code": "84999999", "category": "slow", "title": "x", "opened_at": "2019-03-20"},
    {"ticket_id": "T-103", "village_code": "84010101", "category": "slow", "title": "x", "opened_at": FUTURE},
    {
        "ticket_id": "T-104",
        "village_code": "84010101",
        "category": "slow",
        "title": "x",
        "opened_at": "2019-03-20",
        "reporter_id": "NOBODY",
    },
    {"ticket_id": "T-105", "village_code": "84010101", "category": "tractor", "title": "x", "opened_at": "2019-03-20"},
]
EVENTS: list[dict[str, Any]] = [
    {"event_id": "E-1", "ticket_id": "T-100", "status": "in_progress", "at": "2019-03-20 10:00", "actor": "TOT สุราษฎร์"},
    {"event_id": "E-2", "ticket_id": "T-100", "status": "done", "at": "2019-03-21 08:00", "actor": "TOT สุราษฎร์"},
    {"event_id": "E-3", "ticket_id": "T-100", "status": "not_started", "at": "2019-03-21 09:00", "note": "x"},
    {
        "event_id": "E-4",
        "ticket_id": "T-100",
        "note": "ขอบคุณครับ",
        "at": "2019-03-21 09:30",
        "actor_role": "reporter",
        "actor": "ประไพ",
    },
    {"event_id": "E-5", "ticket_id": "T-101", "status": "done", "at": "2019-03-22 08:00"},
    {"event_id": "E-6", "ticket_id": "T-999", "status": "in_progress", "at": "2019-03-22 08:00"},
    {"event_id": "E-7", "ticket_id": "T-101", "status": "in_progress", "at": f"{FUTURE} 08:00"},
    {"event_id": "E-8", "ticket_id": "T-101", "status": "in_progress", "at": "2019-03-01 08:00"},
]
ITEMS: list[dict[str, Any]] = [
    {
        "item_id": "S-1",
        "village_code": "84010102",
        "kind": "product",
        "title": "ข้าวสังข์หยดบ้านดอนแดง",
        "title_en": "Sangyod rice",
        "text": "ข้าวพื้นเมือง ปลูกแบบอินทรีย์",
        "price_baht": "๑๒๐",
        "contact_phone": "+66 82 555 0199",
        "author_id": "R1",
        "published_on": "2562-03-15",
    },
    {
        "item_id": "S-2",
        "village_code": "84010102",
        "kind": "Tourist spot",
        "title": "หาดทรายขาว",
        "published_on": "15/3/2562",
        "lat": 9.15,
        "lon": 99.34,
    },
    {
        "item_id": "S-3",
        "village_code": "84010102",
        "kind": "story",
        "title": "x",
        "price_baht": 5,
        "published_on": "2019-03-15",
    },
    {"item_id": "S-4", "village_code": "99999999", "kind": "story", "title": "x", "published_on": "2019-03-15"},
    {"item_id": "S-5", "village_code": "84010102", "kind": "story", "title": "x", "published_on": FUTURE},
]
AS_OF = "2019-03-31"


@pytest.fixture(scope="module")
def tested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    media = tmp_path_factory.mktemp("media")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDIA_DIR", str(media))
        yield app_under_test(tmp_path_factory.mktemp("app-ingest"), media)


APP_ADDRESS = "203.0.113.9"


def send(tested: AppUnderTest, kind: str, items: list[dict[str, Any]], token: str | None = "app") -> Any:
    return tested.machine_post(
        f"/api/v1/ingest/{kind}", token, json={"items": items}, environ_base={"REMOTE_ADDR": APP_ADDRESS}
    )


def count(tested: AppUnderTest, statement: Any) -> int:
    with tested.engine.connect() as connection:
        return int(connection.scalar(statement) or 0)


@pytest.mark.parametrize("kind", ["tickets", "ticket_events", "showcase_items"])
@pytest.mark.parametrize(("token", "status"), [(None, 401), ("reader", 403), ("network", 403)])
def test_only_the_apps_scope_sends_them(tested: AppUnderTest, kind: str, token: str | None, status: int) -> None:
    items = {"tickets": TICKETS, "ticket_events": EVENTS, "showcase_items": ITEMS}[kind]
    before = count(tested, select(func.count()).select_from(QuarantinedRow))
    assert send(tested, kind, items[:1], token).status_code == status
    assert count(tested, select(func.count()).select_from(QuarantinedRow)) == before


def test_tickets_are_stored_once_and_bad_ones_quarantined_with_their_reason(tested: AppUnderTest) -> None:
    before = tested.server.test_client().get("/healthz").json["data_version"]
    listed_before = official(tested).get(f"/api/v1/tickets?province=84&as_of={AS_OF}").json["total"]
    first = send(tested, "tickets", TICKETS)
    assert first.status_code == 200, first.json
    assert (first.json["rows_in"], first.json["new"], first.json["rejected"]) == (6, 2, 4)
    reasons = {row["line"]: (row["column"], row["reason_en"]) for row in first.json["first_rejected"]}
    assert reasons[3] == ("village_code", "no village 84999999 in the database")
    assert reasons[4][0] == "opened_at" and "future" in reasons[4][1]
    assert reasons[5] == ("reporter_id", "no volunteer with the app's id 'NOBODY' (send the volunteers first)")
    assert reasons[6][0] == "category" and "tractor" in reasons[6][1]
    assert tested.server.test_client().get("/healthz").json["data_version"] > before
    listed = official(tested).get(f"/api/v1/tickets?province=84&as_of={AS_OF}").json["total"]
    assert listed == listed_before + 2  # the cached list dropped: the new data version moved it
    again = send(tested, "tickets", TICKETS).json
    retried = send(tested, "tickets", [*TICKETS[:2], {**TICKETS[1], "ticket_id": "T-106"}]).json
    assert (again["new"], again["unchanged"]) == (0, 2)
    assert (retried["new"], retried["unchanged"]) == (1, 2)
    assert count(tested, select(func.count()).where(Ticket.app_id.in_(["T-100", "T-101", "T-106"]))) == 3
    assert count(tested, select(func.count()).where(QuarantinedRow.kind == "tickets")) == 4 + 4  # kept, each time
    assert (
        count(tested, select(func.count()).select_from(TicketEvent).join(Ticket).where(Ticket.app_id == "T-100")) == 1
    )
    actors = audit_actors(tested, "import.tickets")
    assert actors and all("app client" in actor for actor in actors)  # the API client, by its token's name
    assert audit_addresses(tested, "import.tickets") == {APP_ADDRESS}  # and where it sent from


def test_events_follow_the_workflow_and_are_stored_once(tested: AppUnderTest) -> None:
    send(tested, "tickets", TICKETS[:2])
    answer = send(tested, "ticket_events", EVENTS)
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert (body["rows_in"], body["new"], body["rejected"]) == (8, 3, 5)
    reasons = {row["line"]: (row["column"], row["reason_en"]) for row in body["first_rejected"]}
    assert reasons[3][0] == "status" and "from done to not_started" in reasons[3][1]
    assert reasons[5][0] == "status" and "from not_started to done" in reasons[5][1]  # a skipped step
    assert reasons[6] == ("ticket_id", "no ticket with the app's id 'T-999' (send the ticket before its events)")
    assert reasons[7][0] == "at" and "future" in reasons[7][1]
    assert reasons[8][0] == "at" and "latest event" in reasons[8][1]
    ticket = official(tested).get(f"/api/v1/tickets/{ticket_id(tested, 'T-100')}").json
    assert ticket["status"] == "done" and ticket["closed_at"].startswith("2019-03-21T08:00")
    steps = [(event["to_status"], event["by"], event["officer"]) for event in ticket["events"]]
    assert steps == [
        ("not_started", "reporter", None),
        ("in_progress", "agency", "TOT สุราษฎร์"),
        ("done", "agency", "TOT สุราษฎร์"),
        ("done", "reporter", None),  # a note; the reporter's name stays with the volunteers
    ]
    again = send(tested, "ticket_events", EVENTS).json
    assert (again["new"], again["unchanged"]) == (0, 3)
    assert count(tested, select(func.count()).where(TicketEvent.app_id.is_not(None))) == 3
    assert count(tested, select(func.count()).where(QuarantinedRow.kind == "ticket_events")) == 10


def test_the_reporter_is_in_clear_only_for_an_officer_of_the_tickets_province(tested: AppUnderTest) -> None:
    send(tested, "tickets", TICKETS[:1])
    path = f"/api/v1/tickets/{ticket_id(tested, 'T-100')}"
    own = signed_in_client(tested.server, Role.OFFICER, ("84",)).get(path).json["reporter"]
    other = signed_in_client(tested.server, Role.OFFICER, ("50",)).get(path).json["reporter"]
    assert own == {"name": "ประไพ ศรีสุข", "phone": "0825550101", "masked": False}
    assert other["masked"] and other["name"] != own["name"] and "0101" not in other["phone"][2:-2]


def test_showcase_items_are_stored_once_searchable_and_their_contact_masked(tested: AppUnderTest) -> None:
    first = send(tested, "showcase_items", ITEMS)
    assert first.status_code == 200, first.json
    assert (first.json["new"], first.json["rejected"]) == (2, 3)
    reasons = {row["line"]: (row["column"], row["reason_en"]) for row in first.json["first_rejected"]}
    assert reasons[3] == ("price_baht", "a price is for products only")
    assert reasons[4][0] == "village_code" and reasons[5][0] == "published_on"
    assert send(tested, "showcase_items", ITEMS).json["new"] == 0
    changed = send(tested, "showcase_items", [{**ITEMS[1], "id": "S-2 v2", "title": "หาดทรายขาวบ้านดอนแดง"}]).json
    assert (changed["new"], changed["changed"]) == (0, 1)
    assert count(tested, select(func.count()).where(ShowcaseItem.app_id.in_(["S-1", "S-2"]))) == 2
    found = official(tested).get(f"/api/v1/showcase?province=84&q=สังข์หยด&as_of={AS_OF}").json["items"]
    assert [item["title_en"] for item in found] == ["Sangyod rice"]
    path = f"/api/v1/showcase/{found[0]['id']}?as_of={AS_OF}"
    own = signed_in_client(tested.server, Role.OFFICER, ("84",)).get(path).json
    other = signed_in_client(tested.server, Role.OFFICER, ("50",)).get(path).json
    assert own["contact_phone"] == "0825550199" and other["contact_phone"] != "0825550199"
    assert own["price_baht"] == 120 and own["village"]["code"] == "84010102"


def official(tested: AppUnderTest) -> Any:
    return signed_in_client(tested.server, Role.EXECUTIVE)


def ticket_id(tested: AppUnderTest, app_id: str) -> int:
    return count(tested, select(Ticket.id).where(Ticket.app_id == app_id))


def audit_actors(tested: AppUnderTest, action: str) -> set[str]:
    with tested.engine.connect() as connection:
        return set(connection.scalars(select(AuditEvent.actor).where(AuditEvent.action == action)))


def audit_addresses(tested: AppUnderTest, action: str) -> set[str]:
    with tested.engine.connect() as connection:
        return set(connection.scalars(select(AuditEvent.remote_addr).where(AuditEvent.action == action)))
