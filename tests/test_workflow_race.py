"""Conflicting status changes sent at once never break a ticket's history, on SQLite and PostgreSQL.

Five officers act on one ticket at the same moment, twenty rounds: each change is checked against
the status the ticket has when it is written, so every event starts where the previous one ended
(never "from in_progress" right after another officer made the ticket not started). A loser is
told why (the workflow refuses the step from the status it finds, or the status it expected is no
longer the ticket's): never a database error.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import pytest
from sqlalchemy import select

from store.core.db import make_engine, make_session_factory, make_write_engine
from store.tickets.models import TicketEvent
from store.tickets.workflow import InvalidTransition, StatusChange, StatusConflict, TicketWorkflow
from tests.databases import database_url
from tests.principals import OFFICER_EVERYWHERE
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

NOW = dt.datetime(2019, 3, 31, 16, 0)
ROUNDS = 20
WANTED = [("in_progress", ""), ("done", ""), ("not_started", "ส่งผิดหน่วยงาน"), ("in_progress", "รับเรื่อง"), ("done", "")]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with database_url(request.param, tmp_path) as address:
        add_small_tickets(build_small_database(address))
        yield address


def test_concurrent_changes_keep_an_unbroken_history(url):
    workflow = TicketWorkflow(make_session_factory(make_write_engine(url)), lambda: (NOW, NOW))
    outcomes: list[str] = []
    for _ in range(ROUNDS):
        start = threading.Barrier(len(WANTED))

        def officer(status: str, note: str, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                workflow.change_status(StatusChange(1, status, OFFICER_EVERYWHERE, note))
                outcomes.append("changed")
            except (InvalidTransition, StatusConflict) as refused:
                outcomes.append(type(refused).__name__)

        threads = [threading.Thread(target=officer, args=wanted) for wanted in WANTED]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert len(outcomes) == ROUNDS * len(WANTED), "every officer got an answer, none an error"
    assert "changed" in outcomes
    with make_session_factory(make_engine(url))() as session:
        events = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == 1).order_by(TicketEvent.id)).all()
    for previous, event in itertools.pairwise(events):
        assert event.from_status == previous.to_status, f"history break at event {event.id}"


def test_an_officer_who_saw_an_old_status_is_told_the_current_one(url):
    workflow = TicketWorkflow(make_session_factory(make_write_engine(url)), lambda: (NOW, NOW))
    with make_session_factory(make_engine(url))() as session:
        current = session.scalars(
            select(TicketEvent.to_status).where(TicketEvent.ticket_id == 1).order_by(TicketEvent.id.desc())
        ).first()
    stale = "done" if current != "done" else "not_started"
    with pytest.raises(StatusConflict) as conflict:
        workflow.change_status(StatusChange(1, "in_progress", OFFICER_EVERYWHERE, "ต่อ", expected_status=stale))
    assert conflict.value.current_status == current
