"""Tickets and their events from the volunteers' app, through the ingest API.

Two kinds rather than one ticket carrying its events: the pipeline takes flat items, each
validated, quarantined and acknowledged on its own, and the app does not send a ticket's history
at once. It sends the ticket when a volunteer reports it, and each event (a status change or a
note) when it happens, days later, with its own id. An event refused (an impossible status
change, an unknown ticket) is quarantined alone and retried alone, never holding back its ticket
or the other events of the batch.

The app's ids are the natural keys (``tickets.app_id``, ``ticket_events.app_id``). A new ticket
starts "not started" with its creation event, as an officer's ticket does; its events follow the
status workflow of ``store.tickets.workflow`` (no step skipped, a note to go back). The reporter
is a volunteer the app sent us (``reporter_id``: the volunteer's app id); their name and phone
stay in ``volunteers``, masked outside their province by the ticket queries as for every ticket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Annotated, Any, ClassVar, Final

from pydantic import BeforeValidator, Field
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ingest.kinds.base import (
    Accepted,
    Changes,
    Column,
    Kind,
    Moment,
    Rejection,
    RowModel,
    Text,
    UpsertKind,
    VillageCode,
)
from ingest.kinds.network import VILLAGE_CODE_HEADERS
from ingest.kinds.references import (
    app_volunteers,
    in_the_future,
    unknown_app_volunteers,
    unknown_villages,
    village_places,
)
from ingest.messages import Reason
from ingest.values import parse_choice
from store.core.access import TokenScope
from store.tickets.config import AGENCIES, CATEGORIES, STATUSES
from store.tickets.models import Ticket, TicketEvent
from store.tickets.workflow import MAX_NAME_CHARS, MAX_NOTE_CHARS, InvalidTransition, check_transition

DEFAULT_AGENCY: Final = {
    "outage": "tot",
    "slow": "tot",
    "equipment": "tot",
    "login": "de_office",
    "request": "mdes",
    "other": "de_office",
}
"""Who handles a category when the app names no agency (the line and hotspot are TOT's)."""
ACTOR_ROLES: Final = ("agency", "officer", "reporter")

Category = Annotated[str, BeforeValidator(partial(parse_choice, allowed=CATEGORIES))]
Agency = Annotated[str, BeforeValidator(partial(parse_choice, allowed=AGENCIES))]
Status = Annotated[str, BeforeValidator(partial(parse_choice, allowed=STATUSES))]
ActorRole = Annotated[str, BeforeValidator(partial(parse_choice, allowed=ACTOR_ROLES))]


class TicketRow(RowModel):
    ticket_id: Text = Field(min_length=1, max_length=64)
    village_code: VillageCode
    category: Category
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=MAX_NOTE_CHARS)
    reporter_id: Text | None = Field(default=None, max_length=64)
    opened_at: Moment
    agency: Agency | None = None


class Tickets(UpsertKind):
    """A ticket by the app's id: new ones start not started; a known one may get new texts, category,
    agency, reporter or village (its opening time and status stay: events change the status)."""

    name = "tickets"
    title_th = "เรื่องแจ้งปัญหา"
    title_en = "tickets"
    scope = TokenScope.INGEST_APP
    data_kind = "tickets"
    source_id_field = "ticket_id"
    model = TicketRow
    table = Ticket.__table__  # type: ignore[assignment]
    key_columns = ("app_id",)
    compared = (
        "village_code",
        "subdistrict_code",
        "district_code",
        "province_code",
        "category",
        "title_th",
        "description_th",
        "agency",
        "reporter_volunteer_id",
    )
    columns: ClassVar = (
        Column("ticket_id", ("ticket_id", "app_ticket_id", "รหัสเรื่อง")),
        Column("village_code", VILLAGE_CODE_HEADERS),
        Column("category", ("category", "ประเภท", "หมวด")),
        Column("title", ("title", "title_th", "หัวข้อ", "เรื่อง")),
        Column("description", ("description", "description_th", "text", "รายละเอียด")),
        Column("reporter_id", ("reporter_id", "reporter", "volunteer_id", "ผู้แจ้ง", "รหัสผู้แจ้ง")),
        Column("opened_at", ("opened_at", "reported_at", "created_at", "วันที่แจ้ง", "เวลาแจ้ง")),
        Column("agency", ("agency", "หน่วยงาน")),
    )

    def key(self, row: Any) -> Hashable:
        return str(row.ticket_id)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        return (
            unknown_villages(session, rows)
            + unknown_app_volunteers(session, rows, "reporter_id")
            + in_the_future(rows, lambda row: row.opened_at, "opened_at")
        )

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        places = village_places(session, (accepted.row.village_code for accepted in rows))
        reporters = app_volunteers(session, (reporter for accepted in rows if (reporter := accepted.row.reporter_id)))
        records = [_ticket_record(accepted.row, places[accepted.row.village_code], reporters) for accepted in rows]
        return self.plan_records(session, records)

    def write(self, session: Session, changes: Changes) -> None:
        """New tickets with their creation event (the reporter's, as the demo's), then the updates."""
        tickets = [Ticket(**record) for record in changes.inserts]
        session.add_all(tickets)
        session.flush()
        recorded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        session.add_all(
            TicketEvent(
                ticket_id=ticket.id,
                at=ticket.created_at,
                recorded_at=recorded_at,
                from_status=None,
                to_status="not_started",
                actor_role="reporter",
            )
            for ticket in tickets
        )
        super().write(session, replace(changes, inserts=[]))


def _ticket_record(row: TicketRow, place: dict[str, Any], reporters: dict[str, int]) -> dict[str, Any]:
    """The ticket's columns: compared ones, and what only a new ticket gets (its time and status)."""
    return {
        "app_id": row.ticket_id,
        "village_code": row.village_code,
        "subdistrict_code": place["subdistrict_code"],
        "district_code": place["district_code"],
        "province_code": place["province_code"],
        "category": row.category,
        "title_th": row.title,
        "description_th": row.description,
        "agency": row.agency or DEFAULT_AGENCY[row.category],
        "reporter_volunteer_id": reporters.get(row.reporter_id) if row.reporter_id else None,
        "created_at": row.opened_at,
        "status": "not_started",
        "status_at": row.opened_at,
        "closed_at": None,
    }


class TicketEventRow(RowModel):
    event_id: Text = Field(min_length=1, max_length=64)
    ticket_id: Text = Field(min_length=1, max_length=64)
    status: Status | None = None
    """The status the event moves the ticket to; none: a note (the status stays)."""
    note: Text = Field(default="", max_length=MAX_NOTE_CHARS)
    at: Moment
    actor: Text | None = Field(default=None, max_length=MAX_NAME_CHARS)
    actor_role: ActorRole = "agency"


@dataclass(frozen=True)
class TicketState:
    """Where a ticket stands while a batch's events are applied to it one by one."""

    id: int
    status: str
    latest: dt.datetime
    closed_at: dt.datetime | None


class TicketEvents(Kind):
    """A status change or a note of a ticket the app sent, checked against the status workflow."""

    name = "ticket_events"
    title_th = "ความเคลื่อนไหวของเรื่อง"
    title_en = "ticket events"
    scope = TokenScope.INGEST_APP
    data_kind = "tickets"
    source_id_field = "event_id"
    model = TicketEventRow
    columns: ClassVar = (
        Column("event_id", ("event_id", "รหัสความเคลื่อนไหว")),
        Column("ticket_id", ("ticket_id", "app_ticket_id", "รหัสเรื่อง")),
        Column("status", ("status", "to_status", "สถานะ")),
        Column("note", ("note", "หมายเหตุ", "บันทึก")),
        Column("at", ("at", "time", "changed_at", "เวลา")),
        Column("actor", ("actor", "actor_name", "ผู้บันทึก")),
        Column("actor_role", ("actor_role", "role", "บทบาท")),
    )

    def key(self, row: Any) -> Hashable:
        return str(row.event_id)

    def check(self, session: Session, rows: list[Accepted]) -> list[Rejection]:
        return in_the_future(rows, lambda row: row.at, "at")

    def plan(self, session: Session, rows: list[Accepted]) -> Changes:
        """The events in time order, each from the status the ticket has after the ones before it."""
        states = _ticket_states(session, (accepted.row.ticket_id for accepted in rows))
        stored = _stored_event_ids(session, [accepted.row.event_id for accepted in rows])
        changes = Changes()
        moved: dict[str, TicketState] = {}
        for accepted in sorted(rows, key=lambda accepted: (accepted.row.at, accepted.line)):
            row = accepted.row
            if row.event_id in stored:
                changes.unchanged_rows += 1
                continue
            state = states.get(row.ticket_id)
            if state is None:
                unknown = Reason.of("unknown_ticket", value=row.ticket_id)
                changes.rejected.append(Rejection(accepted.line, accepted.cells, "ticket_id", unknown))
            elif (refusal := _refusal(row, state)) is not None:
                changes.rejected.append(Rejection(accepted.line, accepted.cells, *refusal))
            else:
                to_status = row.status or state.status
                changes.inserts.append(_event_record(row, state, to_status))
                states[row.ticket_id] = moved[row.ticket_id] = _moved(state, to_status, row.at)
        changes.updates = [
            {"id": state.id, "status": state.status, "status_at": state.latest, "closed_at": state.closed_at}
            for state in moved.values()
        ]
        changes.new_rows = len(changes.inserts)
        return changes

    def write(self, session: Session, changes: Changes) -> None:
        if changes.inserts:
            session.execute(insert(TicketEvent), changes.inserts)
        if changes.updates:
            session.execute(update(Ticket), changes.updates)


def _refusal(row: TicketEventRow, state: TicketState) -> tuple[str, Reason] | None:
    """The column and reason an event of a known ticket is refused for: a time before the ticket's
    latest event (its history is not rewritten), or a change the workflow forbids."""
    if row.at < state.latest:
        return "at", Reason.of("before_latest_event", latest=state.latest)
    to_status = row.status or state.status
    try:
        check_transition(state.status, to_status, row.note)
    except InvalidTransition as refused:
        return "status", Reason.of("bad_transition", from_status=state.status, to_status=to_status, detail=refused)
    return None


def _event_record(row: TicketEventRow, state: TicketState, to_status: str) -> dict[str, Any]:
    return {
        "app_id": row.event_id,
        "ticket_id": state.id,
        "at": row.at,
        "recorded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "from_status": state.status,
        "to_status": to_status,
        "actor_role": row.actor_role,
        "actor_name": None if row.actor_role == "reporter" else row.actor,  # a reporter's name stays in volunteers
        "note": row.note or None,
    }


def _moved(state: TicketState, to_status: str, at: dt.datetime) -> TicketState:
    """The ticket after an event: closed when done, open again when taken back or reopened."""
    if to_status == state.status:
        return replace(state, latest=at)
    return TicketState(state.id, to_status, at, at if to_status == "done" else None)


def _ticket_states(session: Session, app_ids: Iterable[str]) -> dict[str, TicketState]:
    """Each stored ticket of these app ids: its id, status, latest event time and closing time."""
    wanted = sorted(set(app_ids))
    latest = (
        select(func.max(TicketEvent.at)).where(TicketEvent.ticket_id == Ticket.id).correlate(Ticket).scalar_subquery()
    )
    states: dict[str, TicketState] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = select(Ticket.app_id, Ticket.id, Ticket.status, latest, Ticket.created_at, Ticket.closed_at)
        for app_id, ticket_id, status, latest_at, created_at, closed_at in session.execute(
            query.where(Ticket.app_id.in_(chunk))
        ):
            states[str(app_id)] = TicketState(ticket_id, status, latest_at or created_at, closed_at)
    return states


def _stored_event_ids(session: Session, app_ids: list[str]) -> set[str]:
    """Event ids already stored (sent in an earlier batch under another item id): acknowledged."""
    wanted = sorted(set(app_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            app_id
            for app_id in session.scalars(select(TicketEvent.app_id).where(TicketEvent.app_id.in_(chunk)))
            if app_id
        )
    return found
