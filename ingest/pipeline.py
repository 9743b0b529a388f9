"""One pipeline for files and API batches: parse → validate → plan → commit.

A dry run plans with a read session and writes nothing. A commit plans again inside one write
transaction (SQLite's ``BEGIN IMMEDIATE`` on a write engine, a PostgreSQL advisory lock) so that
two imports at once are serialised and each plans against what the other wrote; the changed
rows, the run's record, the quarantined rows and the data version commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from ingest.kinds import KINDS
from ingest.kinds.base import Accepted, Kind, Rejection, header_key
from ingest.kinds.villages import Villages
from ingest.messages import FileRejected, Reason
from ingest.plan import Plan, PriorRun
from ingest.reading import RawTable, read_table
from store.audit.trail import record_event
from store.core.access import Principal
from store.core.db import PROJECT_ROOT
from store.core.models import DataChange, Province
from store.imports.models import ImportRun, QuarantinedRow

IMPORT_LOCK: Final = 7_010_010
"""The PostgreSQL advisory lock every import holds while it plans and writes."""


def import_dir() -> Path:
    """Where original files are kept: ``IMPORT_DIR`` or ``var/imports``."""
    return Path(os.environ.get("IMPORT_DIR") or PROJECT_ROOT / "var" / "imports")


def kind_named(name: str) -> Kind:
    try:
        return KINDS[name.replace("-", "_")]
    except KeyError:
        raise FileRejected("unknown_kind", kind=name) from None


@dataclass(frozen=True)
class ImportResult:
    """What an import did: its plan, and the run recorded (None for a dry run or a known file)."""

    plan: Plan
    run_id: int | None

    @property
    def committed(self) -> bool:
        return self.run_id is not None


def plan_file(
    engine: Engine, kind_name: str, content: bytes, filename: str = "", *, replace_province: str | None = None
) -> Plan:
    """The plan of a file, nothing written; ``FileRejected`` when it cannot be read as ``kind_name``."""
    kind = kind_named(kind_name)
    table = read_table(content, filename)
    with Session(engine) as session:
        return plan_table(session, kind, table, filename, _sha256(content), source="file", replace=replace_province)


def import_file(
    engine: Engine,
    kind_name: str,
    content: bytes,
    filename: str,
    actor: str,
    *,
    replace_province: str | None = None,
    remote_addr: str = "",
) -> ImportResult:
    """Plan and commit a file in one transaction; the same file twice is recognised, not re-imported.

    ``replace_province`` (villages only) also deletes that province's villages the file leaves out,
    except those something still names. ``engine`` should be a write engine (``make_write_engine``).
    ``remote_addr``: the client's address, for the audit event (none from the command line).
    """
    kind = kind_named(kind_name)
    table = read_table(content, filename)
    digest = _sha256(content)
    stored = _keep_original(content, digest, filename)
    with Session(engine) as session, session.begin():
        serialise_imports(session)
        plan = plan_table(session, kind, table, filename, digest, source="file", replace=replace_province)
        if plan.prior_run is not None:
            return ImportResult(plan, None)
        run_id = commit_plan(
            session, kind, plan, actor=actor, source="file", stored_path=str(stored), remote_addr=remote_addr
        )
    return ImportResult(plan, run_id)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def serialise_imports(session: Session) -> None:
    """Hold the import lock until the transaction ends (SQLite's write engine already holds its lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": IMPORT_LOCK})


def _keep_original(content: bytes, digest: str, filename: str) -> Path:
    """The original file under its hash (written once; the same file twice is one copy)."""
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}{Path(filename).suffix.lower()}"
    if not path.exists():
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as partial:
            partial.write(content)
        Path(partial.name).replace(path)  # atomic: two imports of one file at once leave one whole copy
    return path


def plan_table(
    session: Session,
    kind: Kind,
    table: RawTable,
    filename: str,
    digest: str,
    *,
    source: str,
    replace: str | None = None,
) -> Plan:
    """What importing ``table`` as ``kind`` would do: each row typed, checked and compared with the database."""
    fields = _map_header(kind, table.header)
    rejected: list[Rejection] = []
    accepted: list[Accepted] = []
    last_line = table.rows[-1][0] if table.rows else None
    for line, cells in table.rows:
        outcome = _validated_row(kind, table.header, fields, line, cells)
        if line == last_line and "truncated" in table.notes:
            original = outcome.cells
            outcome = Rejection(line, original, "", Reason.of("truncated_row"))
        (accepted if isinstance(outcome, Accepted) else rejected).append(outcome)  # type: ignore[arg-type]
    unique, duplicates = _without_duplicates(kind, accepted)
    if replace is not None:
        duplicates += _replaceable(session, kind, replace).outside_province(unique, replace)
        unique = [row for row in unique if row.line not in {rejection.line for rejection in duplicates}]
    refused = _first_per_line(kind.check(session, unique))
    refused_lines = {rejection.line for rejection in refused}
    changes = kind.plan(session, [row for row in unique if row.line not in refused_lines])
    titles = {field: table.header[position] for position, field in fields.items()}
    named = [_titled(rejection, titles) for rejection in (*duplicates, *refused, *changes.rejected)]
    all_rejected = sorted([*rejected, *named], key=lambda rejection: rejection.line)
    plan = Plan(kind.name, filename, digest, table.encoding, table.header, len(table.rows), changes, all_rejected)
    plan.notes.extend(table.notes)
    if replace is not None:
        plan.replace_province = replace
        planned = [row for row in unique if row.line not in refused_lines]
        plan.removed, plan.kept = _replaceable(session, kind, replace).removals(session, planned, replace)
    if source == "file":
        plan.prior_run = _prior_run(session, kind, digest)
    return plan


def _replaceable(session: Session, kind: Kind, province: str) -> Villages:
    """The villages kind, for a file that replaces a province's list; else the file is refused."""
    if not isinstance(kind, Villages):
        raise FileRejected("replace_not_supported", kind=kind.title_en)
    if session.get(Province, province) is None:
        raise FileRejected("unknown_province", value=province)
    return kind


def require_columns(kind: Kind, header: list[str]) -> None:
    """``FileRejected`` when ``header`` lacks a column ``kind`` needs (checked before any row is read)."""
    _map_header(kind, header)


def _map_header(kind: Kind, header: list[str]) -> dict[int, str]:
    """Column positions by field; ``FileRejected`` naming the missing columns, or the kind the file looks like."""
    known = {header_key(alias): column.field for column in kind.columns for alias in (column.field, *column.headers)}
    fields: dict[int, str] = {}
    for position, title in enumerate(header):
        field = known.get(header_key(title))
        if field is not None and field not in fields.values():
            fields[position] = field
    missing = _required(kind) - set(fields.values())
    if missing:
        for other in KINDS.values():
            if other is not kind and not _required(other) - _fields_found(other, header):
                raise FileRejected("wrong_kind", detected=other.title_en, kind=kind.title_en)
        raise FileRejected("missing_columns", columns=", ".join(sorted(missing)))
    return fields


def _first_per_line(rejections: list[Rejection]) -> list[Rejection]:
    """One rejection per row, the first found: a row refused for two reasons is quarantined once."""
    first: dict[int, Rejection] = {}
    for rejection in rejections:
        first.setdefault(rejection.line, rejection)
    return list(first.values())


def detect_kind(content: bytes, filename: str = "") -> str:
    """The kind whose required columns the file's header holds (the one naming most of its columns
    when several do); ``FileRejected`` when none does, or when two fit equally well."""
    header = read_table(content, filename).header
    fitting = sorted(
        (
            (len(_fields_found(kind, header)), name)
            for name, kind in KINDS.items()
            if not _required(kind) - _fields_found(kind, header)
        ),
        reverse=True,
    )
    if not fitting:
        raise FileRejected("undetected_kind")
    if len(fitting) > 1 and fitting[0][0] == fitting[1][0]:
        kinds = [KINDS[name] for _, name in fitting]
        raise FileRejected(
            "ambiguous_kind",
            kinds_th=", ".join(kind.title_th for kind in kinds),
            kinds=", ".join(kind.title_en for kind in kinds),
        )
    return fitting[0][1]


def _titled(rejection: Rejection, titles: dict[str, str]) -> Rejection:
    """The rejection naming its column as the file's header does."""
    return Rejection(rejection.line, rejection.cells, titles.get(rejection.column, rejection.column), rejection.reason)


def _required(kind: Kind) -> set[str]:
    return {name for name, info in kind.model.model_fields.items() if info.is_required()}


def _fields_found(kind: Kind, header: list[str]) -> set[str]:
    known = {header_key(alias): column.field for column in kind.columns for alias in (column.field, *column.headers)}
    return {known[key] for title in header if (key := header_key(title)) in known}


def _validated_row(
    kind: Kind, header: list[str], fields: dict[int, str], line: int, cells: list[object]
) -> Accepted | Rejection:
    original = {title: cells[position] if position < len(cells) else None for position, title in enumerate(header)}
    if len(cells) < len(header) and any(position >= len(cells) for position in fields):
        reason = Reason.of("short_row", cells=len(cells), columns=len(header))
        return Rejection(line, original, header[len(cells)] if len(cells) < len(header) else "", reason)
    values = {field: cells[position] for position, field in fields.items() if position < len(cells)}
    outcome = kind.validate(line, values)
    if isinstance(outcome, Rejection):
        column = next((header[position] for position, field in fields.items() if field == outcome.column), "")
        return Rejection(line, original, column or outcome.column, outcome.reason)
    return Accepted(line, original, outcome.row)


def _without_duplicates(kind: Kind, rows: list[Accepted]) -> tuple[list[Accepted], list[Rejection]]:
    """The first row of each key; later rows of a key are refused as duplicates or conflicts."""
    first: dict[Hashable, Accepted] = {}
    duplicates: list[Rejection] = []
    for accepted in rows:
        key = kind.key(accepted.row)
        earlier = first.get(key)
        if earlier is None:
            first[key] = accepted
            continue
        code = "duplicate_in_file" if earlier.row == accepted.row else "conflict_in_file"
        duplicates.append(Rejection(accepted.line, accepted.cells, "", Reason.of(code, line=earlier.line)))
    return list(first.values()), duplicates


def _prior_run(session: Session, kind: Kind, digest: str) -> PriorRun | None:
    run = session.scalars(
        select(ImportRun)
        .where(ImportRun.sha256 == digest, ImportRun.kind == kind.name, ImportRun.source == "file")
        .order_by(ImportRun.id)
        .limit(1)
    ).first()
    return None if run is None else PriorRun(run.id, run.finished_at, run.actor)


def commit_plan(
    session: Session,
    kind: Kind,
    plan: Plan,
    *,
    actor: str,
    source: str,
    stored_path: str,
    quarantine: bool = True,
    remote_addr: str = "",
) -> int:
    """Write the plan in the caller's transaction, record the run (and its quarantined rows), move the
    data version and add the audit event (with the client's ``remote_addr``, as every event that has
    one); the run's id."""
    started = _now()
    kind.write(session, plan.changes)
    if plan.removed:
        _replaceable(session, kind, str(plan.replace_province)).remove(session, plan.removed)
    run = ImportRun(
        kind=kind.name,
        source=source,
        filename=plan.filename[:255],
        sha256=plan.sha256,
        stored_path=stored_path[:500],
        actor=actor[:254],
        started_at=started,
        finished_at=_now(),
        status="committed" if plan.accepted or not plan.rejected else "rejected",
        rows_in=plan.rows_in,
        new=plan.new,
        changed=plan.changed,
        unchanged=plan.unchanged,
        rejected=len(plan.rejected),
        replaced_province=plan.replace_province,
        summary=_json_safe(plan.summary()),
    )
    session.add(run)
    session.flush()
    if quarantine:
        session.add_all(_quarantined(kind, plan, run.id))
    if plan.new or plan.changed or plan.removed:
        session.add(DataChange(changed_at=_now(), what=f"import {kind.name} run {run.id}", kind=kind.data_kind))
    principal = Principal(kind="api_client" if source == "api" else "person", account=actor[:254])
    action = f"import.{kind.name}" if source != "retry" else f"import.{kind.name}.retry"
    counts = {name: getattr(plan, name) for name in ("rows_in", "new", "changed", "unchanged")}
    record_event(
        session,
        actor=principal,
        action=action,
        target=f"import_run:{run.id}",
        detail={**counts, "rejected": len(plan.rejected), "sha256": plan.sha256, "filename": plan.filename},
        remote_addr=remote_addr,
    )
    return run.id


def _quarantined(kind: Kind, plan: Plan, run_id: int) -> list[QuarantinedRow]:
    return [
        QuarantinedRow(
            import_run_id=run_id,
            kind=kind.name,
            line=rejection.line,
            cells=_json_safe(rejection.cells),
            column=rejection.column[:64],
            reason_code=rejection.reason.code[:32],
            reason_th=rejection.reason.th[:500],
            reason_en=rejection.reason.en[:500],
            status="open",
        )
        for rejection in plan.rejected
    ]


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    """Cells as JSON values: dates and times as ISO text, anything else unusual as its text."""

    def safe(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key): safe(item) for key, item in value.items()}
        if isinstance(value, list):
            return [safe(item) for item in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return value.isoformat()
        return str(value)

    return {str(key): safe(value) for key, value in values.items()}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
