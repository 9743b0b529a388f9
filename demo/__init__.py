"""Deterministic demo data of the Net Pracharat programme, calibrated to the source documents.

``build_demo`` runs the steps of ``STEPS`` in order. A step is a module with ``TABLES`` (the
tables it fills) and ``generate(ctx) -> {table: frame}``; it reads what earlier steps made from
``ctx.frames`` and draws from its own random stream ``ctx.rng(name)``. Generation touches no
database, so it can be checked on its own; writing is one transaction that empties the steps'
tables and bulk-inserts the frames. A later step (tickets, showcase) plugs in by being appended
to ``STEPS``. A step whose rows of a longer history (``--years``) are too many to hold at once also
has ``later_chunks(ctx)``, yielding them a piece at a time; they are written after the frames.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

import pandas as pd
from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlalchemy.orm import Session

from demo import areas, hotspots, registrations, showcase, speed_tests, tickets, volunteers
from demo.context import AS_OF, PROGRAMME_VILLAGES, DemoContext
from demo.writer import clear, insert_frame, put_back, reset_id_sequence, set_aside, tables_in_order
from geodata.prepare import source_fingerprint
from geodata.sources import geodata_source_dir
from store.core.models import DEMO_STAMP_PREFIX, DataChange, Village

STEPS: tuple[ModuleType, ...] = (areas, hotspots, speed_tests, registrations, volunteers, tickets, showcase)


@dataclass(frozen=True)
class DemoSummary:
    """Headline counts of a demo build (figures "as of" the documents' date, 2019-02-01)."""

    seed: int
    rows: dict[str, int]
    wifi_users: int
    volunteers_registered: int
    volunteers_trained: int
    sessions_done: int
    notes: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"seed {self.seed}: {self.rows['villages']:,} villages, {self.rows['hotspots']:,} hotspots, "
            f"{self.rows['hotspot_status_events']:,} status events, {self.rows['speed_tests']:,} speed tests; "
            f"as of {AS_OF}: {self.wifi_users:,} WiFi users, {self.volunteers_registered:,} volunteers "
            f"({self.volunteers_trained:,} trained), "
            f"{self.sessions_done}/{self.rows['training_sessions']} sessions done"
        )


def generate(
    seed: int = 2019, ticket_scale: float = 1.0, villages: int = PROGRAMME_VILLAGES, years: float | None = None
) -> DemoContext:
    """Run every step without a database; the frames are in ``ctx.frames`` (not the ``later_chunks``)."""
    ctx = DemoContext(seed=seed, ticket_scale=ticket_scale, villages=villages, years=years)
    for step in STEPS:
        ctx.frames.update(step.generate(ctx))
    return ctx


def generator_fingerprint() -> str:
    """A hash of the generator's code and of the geodata it reads: a demo database built by another
    version is out of date, and `python -m cli setup` rebuilds it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps(source_fingerprint(geodata_source_dir()), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def demo_stamp(seed: int, ticket_scale: float, villages: int = PROGRAMME_VILLAGES, years: float | None = None) -> str:
    """The ``data_changes`` text of a demo build, naming what built it."""
    size = "" if villages == PROGRAMME_VILLAGES else f", {villages} villages"
    size += "" if years is None else f", {years:g} years"
    return f"{DEMO_STAMP_PREFIX}, seed {seed}, ticket scale {ticket_scale:g}{size}, generator {generator_fingerprint()}"


def demo_is_current(engine: Engine, *, ticket_scale: float | None = None) -> bool:
    """True when the database holds villages built by this version of the generator (and, when
    ``ticket_scale`` is given, with that many tickets).

    A database with villages but without any demo stamp was imported, not generated: it is kept.
    """
    with Session(engine) as session:
        if not session.scalar(select(func.count()).select_from(Village)):
            return False
        stamp = session.scalar(
            select(DataChange.what).where(DataChange.what.startswith(DEMO_STAMP_PREFIX)).order_by(DataChange.id.desc())
        )
    if stamp is None:
        return ticket_scale is None
    scale = "" if ticket_scale is None else f"ticket scale {ticket_scale:g}, "
    return stamp.endswith(f"{scale}generator {generator_fingerprint()}")


def build_demo(
    engine: Engine,
    *,
    seed: int = 2019,
    ticket_scale: float = 1.0,
    villages: int = PROGRAMME_VILLAGES,
    years: float | None = None,
) -> DemoSummary:
    """Replace the demo tables' rows by freshly generated ones, and record the change.

    The schema must be migrated. Accounts and their provinces stay (the areas come back with the
    same codes). ``data_changes`` keeps its history: the new row's id is the
    highest yet, so dashboard caches keyed by the data version drop their answers.
    """
    ctx = generate(seed, ticket_scale, villages, years)
    for step in STEPS:  # files a step makes besides its rows (showcase images), before the rows that name them
        if hasattr(step, "write_files"):
            step.write_files(ctx)
    names = [table for step in STEPS for table in step.TABLES]
    tables = tables_in_order(names)
    with engine.begin() as connection:
        kept = set_aside(connection, names)
        clear(connection, names)
        for table in tables:
            insert_frame(connection, table, ctx.frames[table.name])
        later_rows = _write_later_chunks(connection, ctx, {table.name: table for table in tables})
        put_back(connection, kept)
        for table in tables:
            reset_id_sequence(connection, table)
        connection.execute(
            insert(DataChange), {"changed_at": _utc_now(), "what": demo_stamp(seed, ticket_scale, villages, years)}
        )
    summary = summarize(ctx, names)
    return replace(summary, rows={name: count + later_rows.get(name, 0) for name, count in summary.rows.items()})


def _write_later_chunks(connection: Connection, ctx: DemoContext, tables: dict[str, Table]) -> dict[str, int]:
    """Write the steps' ``later_chunks`` (a longer history's bulk) one at a time; the rows written per table."""
    written: dict[str, int] = {}
    for step in STEPS:
        if not (ctx.extended and hasattr(step, "later_chunks")):
            continue
        for chunk in step.later_chunks(ctx):
            for name, frame in chunk.items():
                insert_frame(connection, tables[name], frame)
                written[name] = written.get(name, 0) + len(frame)
    return written


def summarize(ctx: DemoContext, names: list[str]) -> DemoSummary:
    frames = ctx.frames
    as_of = pd.Timestamp(AS_OF)
    volunteer_rows = frames["volunteers"]
    return DemoSummary(
        seed=ctx.seed,
        rows={name: len(frames[name]) for name in names},
        wifi_users=registrations.users_until(frames["wifi_registrations"], AS_OF),
        volunteers_registered=int((volunteer_rows["registered_on"] <= as_of).sum()),
        volunteers_trained=int((volunteer_rows["trained_on"] <= as_of).sum()),
        sessions_done=int((frames["training_sessions"]["held_on"] <= as_of).sum()),
        notes=tuple(ctx.notes),
    )


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


__all__ = ["STEPS", "DemoSummary", "build_demo", "generate"]
