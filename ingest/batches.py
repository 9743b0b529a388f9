"""The machines' batches: JSON items through the import pipeline, each with the source's own id.

An item whose id an earlier batch delivered is acknowledged and not written again, so a client may
resend a batch after a timeout; kinds whose natural key already makes a resent item change
nothing (status reports, millions a day) do not remember ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ingest.kinds.base import Kind
from ingest.messages import FileRejected
from ingest.pipeline import ImportResult, commit_plan, kind_named, plan_table, require_columns, serialise_imports
from ingest.plan import Plan
from ingest.reading import RawTable
from store.imports.models import IngestedItem


def ingest_batch(
    engine: Engine, kind_name: str, items: Sequence[Mapping[str, Any]], actor: str, *, remote_addr: str = ""
) -> ImportResult:
    """Plan and commit a JSON batch of a machine client (from ``remote_addr``); items whose id was seen
    before are acknowledged."""
    kind = kind_named(kind_name)
    table = _batch_table(items)
    digest = hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()  # the run's record
    with Session(engine) as session, session.begin():
        serialise_imports(session)
        seen = _seen_item_ids(session, kind, table)
        fresh = RawTable(table.header, [(line, row) for line, row in table.rows if line not in seen], table.encoding)
        plan = plan_table(session, kind, fresh, "", digest, source="api")
        plan.rows_in = len(table.rows)
        plan.changes.unchanged_rows += len(seen)
        if seen:
            plan.notes.append(f"{len(seen)} item(s) already received: acknowledged, not written again")
        run_id = commit_plan(session, kind, plan, actor=actor, source="api", stored_path="", remote_addr=remote_addr)
        if kind.remembers_item_ids:
            _remember_item_ids(session, kind, fresh, plan, run_id)
    return ImportResult(plan, run_id)


def batch_items(body: Any) -> list[dict[str, Any]]:
    """The items of a parsed JSON body: a list of objects, alone or under ``items``; else ``FileRejected``."""
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise FileRejected("bad_batch", detail='expected {"items": [{"id": ..., ...}, ...]} with at least one item')
    return items


def check_batch(kind_name: str, items: Sequence[Mapping[str, Any]]) -> None:
    """What can be refused before anything is read from the database: the kind, the batch's
    shape and the columns the kind needs (``FileRejected``); a batch sent to the queue is checked
    so in the request, and the client still gets its 400 at once."""
    require_columns(kind_named(kind_name), _batch_table(items).header)


def batch_answer(result: ImportResult) -> dict[str, Any]:
    """What the client is told of a committed batch (the same whether committed in the request or by the queue)."""
    answer = {**result.plan.summary(), "run": result.run_id}
    answer.pop("filename", None)
    return answer


def _batch_table(items: Sequence[Mapping[str, Any]]) -> RawTable:
    """A JSON batch as a table: its keys as the header, one row per item (line = position + 1)."""
    if not isinstance(items, Sequence) or not items or not all(isinstance(item, Mapping) for item in items):
        raise FileRejected("bad_batch", detail="expected a non-empty list of objects")
    header: list[str] = []
    for item in items:
        header.extend(str(name) for name in item if str(name) not in header)
    rows = [(line, [item.get(name) for name in header]) for line, item in enumerate(items, start=1)]
    return RawTable(header, rows, "json")


def _item_ids(kind: Kind, table: RawTable) -> dict[int, str]:
    """Each line's source id (``id``, else the kind's own id field), when it has one."""
    positions = [table.header.index(name) for name in ("id", kind.source_id_field) if name in table.header]
    ids: dict[int, str] = {}
    for line, row in table.rows:
        for position in positions:
            if row[position] not in (None, ""):
                ids[line] = str(row[position])[:128]
                break
    return ids


def _seen_item_ids(session: Session, kind: Kind, table: RawTable) -> set[int]:
    """Lines whose item id an earlier batch delivered."""
    if not kind.remembers_item_ids:
        return set()
    ids = _item_ids(kind, table)
    wanted = sorted(set(ids.values()))
    seen: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        seen.update(
            session.scalars(
                select(IngestedItem.source_id).where(IngestedItem.kind == kind.name, IngestedItem.source_id.in_(chunk))
            )
        )
    return {line for line, item_id in ids.items() if item_id in seen}


def _remember_item_ids(session: Session, kind: Kind, table: RawTable, plan: Plan, run_id: int) -> None:
    refused = {rejection.line for rejection in plan.rejected}
    ids = {item_id for line, item_id in _item_ids(kind, table).items() if line not in refused}
    session.add_all(IngestedItem(kind=kind.name, source_id=item_id, import_run_id=run_id) for item_id in sorted(ids))
