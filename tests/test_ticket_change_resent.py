"""A ticket change sent again under its key is stored once and answered as the first time.

An officer whose save got no answer (a host died, the network dropped it) clicks again; nginx
resends the ticket table's callbacks to the other host. Either way the same change arrives twice:
with its key (the ticket form's, the API's ``Idempotency-Key``) the second finds the first's
event and writes nothing, where before it stored a note twice or was refused with a confusing
"already in progress". The same key for a different change is refused, never applied.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from store.audit.models import AuditEvent
from store.core.access import Role
from store.core.db import make_engine, make_session_factory, make_write_engine
from store.core.models import DataChange
from store.tickets.models import TicketEvent
from store.tickets.workflow import InvalidTransition, StatusChange, TicketWorkflow
from tests.callback_requests import find_callback, slot_index
from tests.databases import dashboard, database_url, new_database_url
from tests.principals import officer_of
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.request_guards import dash_apps

NOW = dt.datetime(2019, 3, 31, 16, 0)
SURAT_THANI_OFFICER = officer_of("84")
NOT_STARTED_TICKET = 4
"""Of Surat Thani (84), not started."""


def rows(engine: Engine, table: Any, *where: Any) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table).where(*where)) or 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    with database_url(request.param, tmp_path) as address:
        add_small_tickets(build_small_database(address))
        yield address


def workflow_on(url: str) -> TicketWorkflow:
    return TicketWorkflow(make_session_factory(make_write_engine(url)), lambda: (NOW, NOW))


def test_a_change_sent_twice_under_its_key_is_stored_once(url: str) -> None:
    workflow, engine = workflow_on(url), make_engine(url)
    change = StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, "รับเรื่อง", change_key="k-1")
    changes_before = rows(engine, DataChange)
    first, again = workflow.change_status(change), workflow.change_status(change)
    assert again.id == first.id
    assert rows(engine, TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 2  # its creation, the change
    assert rows(engine, DataChange) == changes_before + 1
    assert rows(engine, AuditEvent, AuditEvent.action == "ticket_status_changed") == 1
    note = StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, "โทรแล้ว", change_key="k-2")
    workflow.change_status(note)
    workflow.change_status(note)  # a note sent twice: before keys, stored twice
    assert rows(engine, TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 3


@pytest.mark.parametrize(
    "other",
    [
        StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, "อีกเรื่อง", change_key="k-1"),
        StatusChange(6, "in_progress", SURAT_THANI_OFFICER, "รับเรื่อง", change_key="k-1"),
        StatusChange(NOT_STARTED_TICKET, "in_progress", officer_of("84", account="b@test.invalid"), "รับเรื่อง",
                     change_key="k-1"),
    ],
    ids=["another note", "another ticket", "another officer"],
)  # fmt: skip
def test_a_key_used_for_another_change_is_refused(url: str, other: StatusChange) -> None:
    workflow = workflow_on(url)
    workflow.change_status(
        StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, "รับเรื่อง", change_key="k-1")
    )
    with pytest.raises(InvalidTransition, match="already used for another change"):
        workflow.change_status(other)


@pytest.mark.parametrize("key", ["", "x" * 65, "มี ช่องว่าง", "a/b"])
def test_a_malformed_key_is_refused_and_nothing_stored(url: str, key: str) -> None:
    with pytest.raises(InvalidTransition, match="a change key is 1 to 64"):
        workflow_on(url).change_status(
            StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, change_key=key)
        )
    assert rows(make_engine(url), TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 1


def test_the_same_change_sent_at_once_from_five_places_is_stored_once(url: str) -> None:
    """As when nginx resends a save whose first host is slow rather than dead: both arrive."""
    workflow, start, answers = workflow_on(url), threading.Barrier(5), []
    change = StatusChange(NOT_STARTED_TICKET, "in_progress", SURAT_THANI_OFFICER, "รับเรื่อง", change_key="k-9")

    def send() -> None:
        start.wait()
        answers.append(workflow.change_status(change).id)

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 5 and len(set(answers)) == 1
    assert rows(make_engine(url), TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 2


# -- through the app: the API's Idempotency-Key and the ticket table's form -------------------------
@pytest.fixture
def app_and_engine(tmp_path: Any) -> tuple[Any, Engine]:
    url = new_database_url(tmp_path, "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    return dashboard(url).server, engine


def test_the_api_answers_a_resent_keyed_change_as_the_first_time(app_and_engine: tuple[Any, Engine]) -> None:
    server, engine = app_and_engine
    officer = signed_in_client(server, Role.OFFICER, ("84",))
    url, body = f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", {"status": "in_progress", "from_status": "not_started"}
    sent = [officer.post(url, json=body, headers={"Idempotency-Key": "api-1"}) for _ in range(2)]
    assert [answer.status_code for answer in sent] == [200, 200]  # without the key: 200, then 409
    assert sent[1].json["events"] == sent[0].json["events"]
    assert rows(engine, TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 2
    other = officer.post(url, json={"status": "done"}, headers={"Idempotency-Key": "api-1"})
    assert other.status_code == 422 and "already used for another change" in other.json["error"]["message"]
    bad = officer.post(url, json={"status": "done"}, headers={"Idempotency-Key": "x" * 65})
    assert bad.status_code == 422 and "a change key is 1 to 64" in bad.json["error"]["message"]
    assert rows(engine, TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 2


def test_the_ticket_forms_save_clicked_again_stores_one_event(app_and_engine: tuple[Any, Engine]) -> None:
    server, engine = app_and_engine
    officer = signed_in_client(server, Role.OFFICER, ("84",))
    apps = dash_apps(server)
    opened = find_callback(apps, "/tickets/_dash-update-component", "tickets-change-key.data")
    opening = opened.body({slot_index(opened, "tickets-selected", "data"): NOT_STARTED_TICKET}, trigger=1)
    key = officer.post(opened.url, json=opening).json["response"]["tickets-change-key"]["data"]
    save = find_callback(apps, "/tickets/_dash-update-component", "tickets-save-message.children")
    values = {("tickets-save", "n_clicks"): 1, ("tickets-selected", "data"): NOT_STARTED_TICKET,
              ("tickets-new-status", "value"): "in_progress", ("tickets-note", "value"): "รับเรื่อง",
              ("tickets-changes", "data"): 0, ("tickets-change-key", "data"): key}  # fmt: skip
    body = save.body({slot_index(save, *slot): value for slot, value in values.items()})
    answers = [officer.post(save.url, json=body).get_data(as_text=True) for _ in range(2)]
    assert all("text-success" in answer for answer in answers), answers
    assert rows(engine, TicketEvent, TicketEvent.ticket_id == NOT_STARTED_TICKET) == 2
    reopened = officer.post(opened.url, json=opening).json["response"]["tickets-change-key"]["data"]
    assert reopened != key  # the next change the form saves is a new one


def test_the_forms_refusal_is_in_the_pages_language(app_and_engine: tuple[Any, Engine]) -> None:
    """Before, the Thai page showed the workflow's English ("a ticket cannot go from not_started to done")."""
    server, _engine = app_and_engine
    officer = signed_in_client(server, Role.OFFICER, ("84",))
    save = find_callback(dash_apps(server), "/tickets/_dash-update-component", "tickets-save-message.children")
    shown = {}
    for lang in ("th", "en"):
        values = {("tickets-save", "n_clicks"): 1, ("tickets-selected", "data"): NOT_STARTED_TICKET,
                  ("tickets-new-status", "value"): "done", ("tickets-note", "value"): "",
                  ("tickets-changes", "data"): 0, ("tickets-change-key", "data"): f"skip-{lang}",
                  ("url", "search"): f"?lang={lang}"}  # fmt: skip
        body = save.body({slot_index(save, *slot): value for slot, value in values.items()})
        shown[lang] = officer.post(save.url, json=body).get_data(as_text=True)
    assert "เปลี่ยนจาก “ยังไม่ดำเนินการ” เป็น “ดำเนินการแล้วเสร็จ” ไม่ได้" in shown["th"]
    assert "not_started" not in shown["th"] and "cannot go" not in shown["th"]
    assert "cannot go from “Not started” to “Done” (it can go to “In progress”)" in shown["en"]
