"""The status workflow: allowed moves, notes where going back, every change an event, caches retired."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from store.audit.models import AuditEvent
from store.core.db import make_session_factory
from store.core.models import DataChange
from store.coverage.queries import COUNTRY
from store.tickets.config import SlaConfig
from store.tickets.models import Ticket, TicketEvent
from store.tickets.queries import TicketFilter, TicketQueries
from store.tickets.workflow import (
    InvalidTransition,
    NotPermitted,
    StatusChange,
    TicketNotFound,
    TicketWorkflow,
    check_transition,
)
from tests.databases import new_database_url
from tests.principals import OFFICER_EVERYWHERE, officer_of
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

NOW = dt.datetime(2019, 3, 31, 16, 0)


@pytest.fixture
def sessions(tmp_path):
    engine = build_small_database(new_database_url(tmp_path, "small"))
    add_small_tickets(engine)
    return make_session_factory(engine)


@pytest.fixture
def workflow(sessions):
    return TicketWorkflow(sessions, lambda: (NOW, dt.datetime(2026, 1, 1)))


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        ("not_started", "in_progress", ""),
        ("in_progress", "done", ""),
        ("done", "in_progress", "ปัญหากลับมาอีก"),
        ("in_progress", "not_started", "ส่งผิดหน่วยงาน"),
        ("in_progress", "in_progress", "โทรหาอาสาฯ แล้ว"),
    ],
)
def test_allowed_moves(before, after, note):
    check_transition(before, after, note)


@pytest.mark.parametrize(
    ("before", "after", "note", "message"),
    [
        ("not_started", "done", "", "cannot go from not_started to done"),
        ("not_started", "closed", "", "unknown status 'closed'"),
        ("not_started", "", "", "unknown status ''"),
        ("done", "in_progress", "  ", "needs a note"),
        ("in_progress", "not_started", "", "needs a note"),
        ("done", "not_started", "x", "cannot go from done to not_started"),
        ("done", "done", "", "add a note"),
    ],
)
def test_refused_moves_say_why(before, after, note, message):
    with pytest.raises(InvalidTransition, match=message):
        check_transition(before, after, note)


def test_a_change_is_an_event_and_moves_the_current_status(workflow, sessions):
    event = workflow.change_status(StatusChange(4, "in_progress", OFFICER_EVERYWHERE, "รับเรื่องแล้ว"))
    assert (event.from_status, event.to_status, event.actor_role) == ("not_started", "in_progress", "officer")
    with sessions() as session:
        ticket = session.get(Ticket, 4)
        assert (ticket.status, ticket.status_at, ticket.closed_at) == ("in_progress", NOW, None)
        last = session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == 4).order_by(TicketEvent.id.desc())
        ).first()
        assert (last.note, last.actor_name, last.at, last.recorded_at) == (
            "รับเรื่องแล้ว",
            OFFICER_EVERYWHERE.account,
            NOW,
            dt.datetime(2026, 1, 1),
        )
        audit = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (audit.actor, audit.action, audit.target) == (
            OFFICER_EVERYWHERE.account,
            "ticket_status_changed",
            "ticket 4",
        )
        assert audit.detail == {"from": "not_started", "to": "in_progress", "province": "84"}


def test_an_officer_changes_tickets_of_their_own_provinces_only(workflow, sessions):
    """Ticket 4 is in Surat Thani (84), ticket 5 in Chiang Mai (50)."""
    chiang_mai = officer_of("50", account="cm@test.invalid")
    with pytest.raises(NotPermitted, match="province 84"):
        workflow.change_status(StatusChange(4, "in_progress", chiang_mai, "รับเรื่อง"))
    workflow.change_status(StatusChange(5, "in_progress", chiang_mai, "รับเรื่อง"))
    with sessions() as session:
        assert session.get(Ticket, 4).status == "not_started"
        actors = session.scalars(select(AuditEvent.actor).where(AuditEvent.target.in_(["ticket 4", "ticket 5"]))).all()
        assert actors == ["cm@test.invalid"]


def test_done_sets_closed_and_reopening_needs_a_note(workflow, sessions):
    workflow.change_status(StatusChange(3, "done", OFFICER_EVERYWHERE))
    with sessions() as session:
        assert session.get(Ticket, 3).closed_at == NOW
    with pytest.raises(InvalidTransition, match="needs a note"):
        workflow.change_status(StatusChange(3, "in_progress", OFFICER_EVERYWHERE))
    workflow.change_status(StatusChange(3, "in_progress", OFFICER_EVERYWHERE, "ชาวบ้านแจ้งว่ายังใช้ไม่ได้"))
    with sessions() as session:
        ticket = session.get(Ticket, 3)
        assert (ticket.status, ticket.closed_at) == ("in_progress", None)


def test_refused_change_stores_nothing(workflow, sessions):
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(TicketEvent))
    with pytest.raises(InvalidTransition):
        workflow.change_status(StatusChange(4, "done", OFFICER_EVERYWHERE))
    with pytest.raises(NotPermitted):
        workflow.change_status(StatusChange(4, "in_progress", officer_of("50")))
    with pytest.raises(TicketNotFound):
        workflow.change_status(StatusChange(999, "in_progress", OFFICER_EVERYWHERE))
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(TicketEvent)) == before
        assert session.get(Ticket, 4).status == "not_started"


def test_every_change_records_a_data_change(workflow, sessions):
    with sessions() as session:
        version = session.scalar(select(func.max(DataChange.id)))
    workflow.change_status(StatusChange(4, "in_progress", OFFICER_EVERYWHERE))
    with sessions() as session:
        assert session.scalar(select(func.max(DataChange.id))) == version + 1


def test_the_table_count_follows_a_change_at_once(workflow, sessions):
    """The table's total is kept between requests; a status change must still show in it."""
    tickets = TicketQueries(sessions)
    not_started = TicketFilter(statuses=("not_started",))
    before = tickets.page(COUNTRY, NOW.date(), not_started).total
    assert tickets.page(COUNTRY, NOW.date(), not_started).total == before  # the kept answer
    workflow.change_status(StatusChange(4, "in_progress", OFFICER_EVERYWHERE))
    assert tickets.page(COUNTRY, NOW.date(), not_started).total == before - 1


def test_an_event_never_goes_back_in_time(sessions):
    early = TicketWorkflow(sessions, lambda: (dt.datetime(2019, 1, 1), dt.datetime(2026, 1, 1)))
    event = early.change_status(StatusChange(6, "in_progress", OFFICER_EVERYWHERE))
    assert event.at == dt.datetime(2019, 2, 10)  # not before the ticket was created


def test_sla_from_environment(tmp_path):
    path = tmp_path / "sla.json"
    path.write_text('{"request": 60}', encoding="utf-8")
    sla = SlaConfig.from_environment({"TICKET_SLA_FILE": str(path), "TICKET_SLA_DAYS": "outage=2, slow=4.5"})
    assert sla.days["outage"] == 2 and sla.days["slow"] == 4.5 and sla.days["request"] == 60
    assert sla.days["login"] == 5  # untouched default
    with pytest.raises(ValueError, match="unknown ticket category 'wifi'"):
        SlaConfig.from_environment({"TICKET_SLA_DAYS": "wifi=2"})
    with pytest.raises(ValueError, match="must be positive"):
        SlaConfig.from_environment({"TICKET_SLA_DAYS": "outage=0"})
