"""The audit trail keeps what it records: the database refuses to change or delete an event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from store.audit.models import AuditEvent
from store.audit.trail import record_event
from store.core.access import Principal, Role
from tests.databases import migrated_engine

OFFICER = Principal(kind="person", account="officer.84@example.go.th", role=Role.OFFICER, provinces=frozenset({"84"}))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(request.param, tmp_path) as engine:
        yield engine


def test_an_event_is_recorded_with_who_what_and_where(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        record_event(session, actor=OFFICER, action="ticket.status", target="ticket 7", remote_addr="10.0.0.5")
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.actor, event.actor_kind, event.action, event.target, event.remote_addr) == (
        "officer.84@example.go.th",
        "person",
        "ticket.status",
        "ticket 7",
        "10.0.0.5",
    )


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_rewrite_history(engine: Engine, statement: str) -> None:
    with Session(engine) as session, session.begin():
        record_event(session, actor=OFFICER, action="sign_in")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
        assert session.scalar(select(AuditEvent.actor)) == OFFICER.account
