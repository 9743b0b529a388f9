"""Reading the audit trail: newest first, filtered by actor, action and days (UTC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from store.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    """``actor`` and ``action`` match a part of the text; ``since``/``until`` are whole days, both included."""

    actor: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_events(session: Session, filters: AuditFilter, limit: int | None = None) -> Sequence[AuditEvent]:
    return session.scalars(_filtered(filters).limit(limit)).all()


def _filtered(filters: AuditFilter) -> Select[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.actor:
        query = query.where(AuditEvent.actor.contains(filters.actor, autoescape=True))
    if filters.action:
        query = query.where(AuditEvent.action.contains(filters.action, autoescape=True))
    if filters.since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(filters.since, dt.time()))
    if filters.until:
        query = query.where(AuditEvent.at < dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time()))
    return query
