"""SQL expressions of tickets as of a moment: status, last change, overdue, area filters.

A ticket's status at a moment is the ``to_status`` of its newest event at or before it. The
correlated subquery that reads it runs only for tickets whose current status dates from after
the moment (``status_at > moment``); for the others the current status is the answer, so a view
of the latest data reads no events at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, true

from store.core.models import RECORD_ID_MAX
from store.core.scope import AreaScope
from store.core.scope_filter import AreaColumns, scope_filter
from store.tickets.config import CATEGORIES, SlaConfig
from store.tickets.models import Ticket, TicketEvent

TICKET_AREA = AreaColumns(Ticket.province_code, Ticket.district_code, Ticket.village_code, Ticket.subdistrict_code)


def ticket_scope_filter(scope: AreaScope) -> ColumnElement[bool]:
    """Indexed equality on the denormalised area code of the scope's level."""
    return scope_filter(scope, TICKET_AREA)


def child_column(scope: AreaScope) -> Any:
    """The ticket column that names the child area of ``scope`` (villages below a district)."""
    return {"country": Ticket.province_code, "province": Ticket.district_code}.get(scope.level, Ticket.village_code)


def exists_at(moment: dt.datetime) -> ColumnElement[bool]:
    return Ticket.created_at <= moment


def status_at(moment: dt.datetime) -> ColumnElement[str]:
    """The status of each ticket at ``moment`` (only meaningful for tickets that exist then)."""
    from_events = (
        select(TicketEvent.to_status)
        .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.at <= moment)
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(1)
        .correlate(Ticket)
        .scalar_subquery()
    )
    return case((Ticket.status_at <= moment, Ticket.status), else_=from_events)


def changed_at(moment: dt.datetime) -> ColumnElement[dt.datetime]:
    """When each ticket last changed, at or before ``moment``."""
    from_events = (
        select(func.max(TicketEvent.at))
        .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.at <= moment)
        .correlate(Ticket)
        .scalar_subquery()
    )
    return case((Ticket.status_at <= moment, Ticket.status_at), else_=from_events)


def overdue_at(moment: dt.datetime, status: ColumnElement[str], sla: SlaConfig) -> ColumnElement[bool]:
    """Open at ``moment`` and older than its category's SLA."""
    too_old = or_(*(and_(Ticket.category == c, Ticket.created_at < moment - sla.limit(c)) for c in CATEGORIES))
    return and_(status != "done", too_old)


def text_filter(text: str, village_codes: Any) -> ColumnElement[bool]:
    """A ticket number (digits, optionally after '#'), or words in the title, description or village name."""
    text = text.strip()
    if not text:
        return true()
    number = text.lstrip("#")
    pattern = f"%{text}%"
    matches: list[ColumnElement[bool]] = [
        Ticket.title_th.like(pattern),
        Ticket.description_th.like(pattern),
        Ticket.village_code.in_(village_codes),
    ]
    if number.isascii() and number.isdigit() and int(number) <= RECORD_ID_MAX:  # '²' is a digit to isdigit
        matches.append(Ticket.id == int(number))
    return or_(*matches)


def created_between(since: dt.datetime | None, until: dt.datetime | None) -> ColumnElement[bool]:
    conditions = []
    if since is not None:
        conditions.append(Ticket.created_at >= since)
    if until is not None:
        conditions.append(Ticket.created_at < until)
    return and_(true(), *conditions) if conditions else true()


def one_of(column: Any, values: tuple[str, ...], every: tuple[str, ...]) -> ColumnElement[bool]:
    """``column IN values``; no condition at all when every value is wanted, none when none is."""
    if not values:
        return false()
    if set(values) >= set(every):
        return true()
    condition: ColumnElement[bool] = column.in_(values)
    return condition
