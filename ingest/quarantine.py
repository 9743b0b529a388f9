"""Quarantined rows, once more: after what they named has been imported, they may pass."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ingest.messages import FileRejected
from ingest.pipeline import ImportResult, commit_plan, kind_named, plan_table, serialise_imports
from ingest.reading import RawTable
from store.imports.models import QuarantinedRow


def retry_quarantined(engine: Engine, kind_name: str, actor: str, *, remote_addr: str = "") -> ImportResult:
    """Run the open quarantined rows of a kind through the pipeline again (after the villages or
    hotspots they named were imported, say): accepted rows are written and their quarantine entries
    resolved; rows still refused stay open, with today's reason. The plan's lines are quarantine ids."""
    kind = kind_named(kind_name)
    with Session(engine) as session, session.begin():
        serialise_imports(session)
        held = session.scalars(
            select(QuarantinedRow)
            .where(QuarantinedRow.kind == kind.name, QuarantinedRow.status == "open")
            .order_by(QuarantinedRow.id)
        ).all()
        if not held:
            raise FileRejected("nothing_quarantined", kind=kind.title_en)
        header: list[str] = []
        for entry in held:
            header.extend(name for name in entry.cells if name not in header)
        table = RawTable(header, [(entry.id, [entry.cells.get(name) for name in header]) for entry in held], "json")
        digest = hashlib.sha256(f"retry {kind.name} {[entry.id for entry in held]}".encode()).hexdigest()
        plan = plan_table(session, kind, table, "", digest, source="retry")
        run_id = commit_plan(
            session, kind, plan, actor=actor, source="retry", stored_path="", quarantine=False, remote_addr=remote_addr
        )
        still_refused = {rejection.line: rejection for rejection in plan.rejected}
        for entry in held:
            if (rejection := still_refused.get(entry.id)) is None:
                entry.status, entry.resolved_by_run_id = "resolved", run_id
            else:
                entry.reason_code, entry.reason_th, entry.reason_en = (
                    rejection.reason.code[:32],
                    rejection.reason.th[:500],
                    rejection.reason.en[:500],
                )
    return ImportResult(plan, run_id)
