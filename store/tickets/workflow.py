"""The status workflow of a ticket: which changes are allowed, and how a change is stored.

    not_started -> in_progress -> done
    in_progress -> not_started   (taken back, e.g. assigned to the wrong agency; note required)
    done        -> in_progress   (reopened: the problem came back; note required)
    same status + a note         (a note on the ticket's history, status unchanged)

Skipping a step (not started straight to done) is refused: a report closed without anyone
having worked on it is what a backlog review looks for, so it must be visible as two events.
Every change is an event (who, when, note); the ticket's current status is updated with it, a
``data_changes`` row retires the dashboard's cached figures, and an audit event records the
account, all in one transaction. Only a requester whose ``PermittedScope`` covers the ticket's
province may change it (``NotPermitted``): the check is here, not in a form or a route.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.audit.trail import record_event
from store.core.access import Principal
from store.core.models import DataChange
from store.core.versions import DataKind
from store.tickets.config import STATUSES
from store.tickets.models import Ticket, TicketEvent

ALLOWED: dict[str, set[str]] = {
    "not_started": {"in_progress"},
    "in_progress": {"done", "not_started"},
    "done": {"in_progress"},
}
NOTE_REQUIRED: set[tuple[str, str]] = {("done", "in_progress"), ("in_progress", "not_started")}
CHANGE_KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
"""A change key (``StatusChange.change_key``): a UUID fits, and so does the column."""
MAX_NOTE_CHARS = 2000
MAX_NAME_CHARS = 128


RefusalCode = Literal[
    "unknown_status",
    "already",
    "not_allowed",
    "note_needed",
    "note_too_long",
    "not_found",
    "not_permitted",
    "conflict",
    "change_key_malformed",
    "change_key_reused",
]
"""Why a change is refused, for the ticket form to say it in the officer's language."""


class WorkflowRefusal(Exception):
    """A refused change: ``code`` and ``fields`` for a page to say why in its language (the
    ticket form: ``dashboard.components.tickets.refusal_text``), ``str()`` in English for the API."""

    def __init__(self, code: RefusalCode, message: str, **fields: object) -> None:
        super().__init__(message)
        self.code = code
        self.fields = fields


class TicketNotFound(WorkflowRefusal, LookupError):
    """No ticket with that id."""


class InvalidTransition(WorkflowRefusal, ValueError):
    """A status change the workflow does not allow, with the reason the officer sees."""


class NotPermitted(WorkflowRefusal, PermissionError):
    """The requester may not change tickets in this ticket's province."""


class StatusConflict(WorkflowRefusal, RuntimeError):
    """The ticket's status is no longer the one the officer saw: another change came first."""

    def __init__(self, ticket_id: int, current_status: str, expected_status: str) -> None:
        super().__init__(
            "conflict",
            f"ticket {ticket_id} is {current_status} now, not {expected_status}: someone changed it meanwhile",
            current_status=current_status,
            expected_status=expected_status,
        )
        self.current_status = current_status


@dataclass(frozen=True)
class StatusChange:
    """What an officer asks for: the new status, a note, and who they are (from their session, never typed).

    ``expected_status``: the status the officer saw when deciding; when the ticket has another one
    by the time the change is written, the change is refused (``StatusConflict``) rather than
    applied to a ticket that is no longer what they looked at.

    ``change_key``: a name the officer's client gives this change (the ticket form's, the API's
    ``Idempotency-Key``). The same change sent again with it (its answer lost, the officer clicking
    again, a proxy resending it to another host) is answered with the event stored the first time.
    """

    ticket_id: int
    to_status: str
    actor: Principal
    note: str = ""
    expected_status: str | None = None
    remote_addr: str = ""
    change_key: str | None = None


def check_transition(from_status: str, to_status: str, note: str) -> None:
    """Raise ``InvalidTransition`` unless ``from_status -> to_status`` (with ``note``) is allowed."""
    if to_status not in STATUSES:
        raise InvalidTransition(
            "unknown_status",
            f"unknown status {to_status!r}; a status is one of {', '.join(STATUSES)}",
            to_status=to_status,
        )
    if from_status == to_status:
        if not note.strip():
            raise InvalidTransition(
                "already", f"the ticket is already {to_status}: add a note, or choose another status", status=to_status
            )
        return
    if to_status not in ALLOWED[from_status]:
        allowed = sorted(ALLOWED[from_status])
        raise InvalidTransition(
            "not_allowed",
            f"a ticket cannot go from {from_status} to {to_status} (allowed: {', '.join(allowed)})",
            from_status=from_status,
            to_status=to_status,
            allowed=allowed,
        )
    if (from_status, to_status) in NOTE_REQUIRED and not note.strip():
        raise InvalidTransition(
            "note_needed",
            f"going back from {from_status} to {to_status} needs a note saying why",
            from_status=from_status,
            to_status=to_status,
        )


def apply_change(session: Session, change: StatusChange, *, at: dt.datetime, recorded_at: dt.datetime) -> TicketEvent:
    """Check and store one change in ``session`` (the caller commits).

    The ticket is read under a row lock (PostgreSQL) or inside an immediate transaction (SQLite,
    ``make_write_engine``), and its status is then written only if it is still the one checked
    (compare and set): the check and the write are one step, whatever the database. A change sent
    again under its ``change_key`` returns the event stored the first time and writes nothing.
    """
    ticket = session.get(Ticket, change.ticket_id, with_for_update=True)
    if ticket is None:
        raise TicketNotFound("not_found", f"no ticket with id {change.ticket_id}", ticket_id=change.ticket_id)
    if not change.actor.permitted.may_change_tickets_in(ticket.province_code):
        raise NotPermitted(
            "not_permitted",
            f"{change.actor.account} may not change tickets in province {ticket.province_code}",
            province=ticket.province_code,
        )
    if change.change_key is not None and (stored := _stored_under_key(session, change)) is not None:
        return stored  # sent again: the first sending's event, nothing written
    if change.expected_status is not None and ticket.status != change.expected_status:
        raise StatusConflict(ticket.id, ticket.status, change.expected_status)
    if len(change.note) > MAX_NOTE_CHARS:
        raise InvalidTransition(
            "note_too_long", f"the note is limited to {MAX_NOTE_CHARS} characters", limit=MAX_NOTE_CHARS
        )
    check_transition(ticket.status, change.to_status, change.note)
    latest = session.scalar(
        select(TicketEvent.at).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.at.desc()).limit(1)
    )
    at = max(at, latest or at, ticket.created_at)  # events of a ticket never go back in time
    event = TicketEvent(
        ticket_id=ticket.id,
        at=at,
        recorded_at=recorded_at,
        from_status=ticket.status,
        to_status=change.to_status,
        actor_role="officer",
        actor_name=change.actor.account[:MAX_NAME_CHARS],
        note=change.note.strip() or None,
        change_key=change.change_key,
    )
    unchanged = change.to_status == ticket.status
    closed_at = ticket.closed_at if unchanged else (at if change.to_status == "done" else None)
    written: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.status == ticket.status)
        .values(status=change.to_status, closed_at=closed_at, status_at=at)
        .execution_options(synchronize_session=False)
    )
    if written.rowcount != 1:  # changed by another transaction since our read (a lock makes this rare)
        raise StatusConflict(ticket.id, "something else", ticket.status)
    session.add(event)
    record_event(
        session,
        actor=change.actor,
        action="ticket_status_changed" if not unchanged else "ticket_note_added",
        target=f"ticket {ticket.id}",
        detail={"from": event.from_status, "to": event.to_status, "province": ticket.province_code},
        remote_addr=change.remote_addr,
    )
    session.execute(
        insert(DataChange).values(
            kind="tickets",
            changed_at=recorded_at,
            what=f"ticket {ticket.id}: {event.from_status} -> {event.to_status}",
        )
    )
    return event


def _stored_under_key(session: Session, change: StatusChange) -> TicketEvent | None:
    """The event stored earlier for this very change (sent again), if any.

    Read after the ticket's lock, so a resend racing its first sending waits for it and finds it.
    A key already used for another change (another ticket, account, status or note) is refused:
    what was asked the second time is not what was stored.
    """
    if not CHANGE_KEY.fullmatch(change.change_key or ""):
        raise InvalidTransition("change_key_malformed", "a change key is 1 to 64 letters, digits, '.', '_', ':' or '-'")
    stored = session.scalar(select(TicketEvent).where(TicketEvent.change_key == change.change_key))
    if stored is None:
        return None
    same = (stored.ticket_id, stored.actor_name, stored.to_status, stored.note or "") == (
        change.ticket_id,
        change.actor.account[:MAX_NAME_CHARS],
        change.to_status,
        change.note.strip(),
    )
    if not same:
        raise InvalidTransition(
            "change_key_reused",
            f"the change key {change.change_key!r} was already used for another change, which was saved: "
            "reopen the ticket to make a new one (through the API: send a new key)",
        )
    return stored


class TicketWorkflow:
    """Status changes on the database, stamped by ``clock`` (effective time, wall-clock time)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Callable[[], tuple[dt.datetime, dt.datetime]],
        *,
        on_change: Callable[[DataKind], None] = lambda kind: None,
    ) -> None:
        """``session_factory`` opens sessions on the primary; ``on_change`` is told after each commit."""
        self._sessions = session_factory
        self._clock = clock
        self._on_change = on_change

    def change_status(self, change: StatusChange) -> TicketEvent:
        at, recorded_at = self._clock()
        with self._sessions.begin() as session:
            event = apply_change(session, change, at=at, recorded_at=recorded_at)
        self._on_change("tickets")
        return event


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clamped_clock(data_end: Callable[[], dt.datetime]) -> Callable[[], tuple[dt.datetime, dt.datetime]]:
    """Wall-clock time, placed no later than the end of the data (a frozen demo database's "now")."""

    def clock() -> tuple[dt.datetime, dt.datetime]:
        now = utc_now()
        return min(now, data_end()), now

    return clock


def end_of_data_clock(last_day: Callable[[], dt.date]) -> Callable[[], tuple[dt.datetime, dt.datetime]]:
    """``clamped_clock`` at the last second of the data's last day (``CoverageQueries.data_range().last``)."""
    from store.coverage.metrics import end_of_day_utc

    return clamped_clock(lambda: end_of_day_utc(last_day()) - dt.timedelta(seconds=1))
