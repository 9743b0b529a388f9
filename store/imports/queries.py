"""What the admin's import page lists: the recent runs and the rows still in quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.imports.models import ImportRun, QuarantinedRow


@dataclass(frozen=True)
class RunListed:
    """One import run as the page lists it, with how many of its refused rows are still held."""

    run: ImportRun
    still_quarantined: int


def recent_runs(session: Session, limit: int) -> list[RunListed]:
    """The newest ``limit`` runs of every door (file, API, re-try), newest first."""
    held = (
        select(QuarantinedRow.import_run_id, func.count().label("held"))
        .where(QuarantinedRow.status == "open")
        .group_by(QuarantinedRow.import_run_id)
        .subquery()
    )
    rows: Sequence[tuple[ImportRun, int | None]] = session.execute(
        select(ImportRun, held.c.held)
        .outerjoin(held, held.c.import_run_id == ImportRun.id)
        .order_by(ImportRun.id.desc())
        .limit(limit)
    ).all()
    return [RunListed(run, int(count or 0)) for run, count in rows]


def open_quarantine_by_kind(session: Session) -> dict[str, int]:
    """The rows still in quarantine, by kind: what a re-try would run again."""
    rows = session.execute(
        select(QuarantinedRow.kind, func.count()).where(QuarantinedRow.status == "open").group_by(QuarantinedRow.kind)
    )
    return {kind: int(count) for kind, count in rows}
