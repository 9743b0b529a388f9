"""Writing to the audit trail, in the caller's transaction so a change and its record commit together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from store.audit.models import AuditEvent
from store.core.access import Principal


def record_event(
    session: Session,
    *,
    actor: Principal,
    action: str,
    target: str = "",
    detail: Mapping[str, object] | None = None,
    remote_addr: str = "",
) -> AuditEvent:
    """Add one event to ``session`` (committed with the change it records).

    ``detail`` must never hold a password or a token's secret: it is shown to admins and exported.
    """
    event = AuditEvent(
        at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        actor=actor.account,
        actor_kind=actor.kind,
        action=action,
        target=target,
        remote_addr=remote_addr[:64],
        detail=dict(detail or {}),
    )
    session.add(event)
    return event
