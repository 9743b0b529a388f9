"""`python -m bench.ingest`: a status report of every hotspot of the country, ingested as one batch.

The network management system reports every hotspot every few minutes; the budget is 24,700
reports in ≤ 5 s, through the whole pipeline (validation, the latest state of each hotspot, the
writes, the run's record), on SQLite and on PostgreSQL. Each database holds the demo data (its
~700,000 state rows of history): SQLite a copy of ``var/netpracharat.db``, PostgreSQL a fresh copy
``imports_bench`` of a template database built once with the demo generator. Two batches are timed, five minutes of
network time apart (the second is the steady state: almost every report extends its hotspot's
current row), then the rows stored per hotspot per day are counted.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, create_engine, func, select, text

from bench.servers import REPO
from demo import build_demo, demo_is_current
from demo.context import PROGRAMME_VILLAGES
from ingest.batches import ingest_batch
from store.core.db import DEFAULT_SQLITE_PATH, make_write_engine, migrate
from store.coverage.models import Hotspot, HotspotStatusEvent

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
POSTGRES_ADMIN = f"{POSTGRES_SERVER}/postgres"
BUDGET_S_BY_VILLAGES = {PROGRAMME_VILLAGES: 5.0, 75_000: 15.0}
"""The issue's budgets: the country's 24,700 villages in 5 s, the next phase's 75,000 in 15 s."""
FLIPPED_SHARE = 0.02
"""Share of hotspots whose report changes state in a batch (an outage starting or ending)."""


def sqlite_engine(villages: int = PROGRAMME_VILLAGES) -> Engine:
    """A copy of the demo database of ``villages`` villages (the embedded one, or one built once under var/bench)."""
    source = DEFAULT_SQLITE_PATH if villages == PROGRAMME_VILLAGES else _built_sqlite(villages)
    target = REPO / "var" / "bench" / f"ingest-{villages}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    engine = make_write_engine(f"sqlite:///{target}")
    migrate(engine)
    return engine


def _built_sqlite(villages: int) -> Path:
    path = REPO / "var" / "bench" / f"demo-{villages}.db"
    engine = make_write_engine(f"sqlite:///{path}")
    migrate(engine)
    _build_once(engine, villages, path.name)
    engine.dispose()
    return path


def _build_once(engine: Engine, villages: int, where: str) -> None:
    if not demo_is_current(engine):
        started = time.perf_counter()
        build_demo(engine, villages=villages)
        print(f"  (demo data of {villages:,} villages built into {where} in {time.perf_counter() - started:.0f} s)")


def postgres_engine(villages: int = PROGRAMME_VILLAGES) -> Engine:
    """A fresh copy of a template database of the demo data (built once per generator version and size)."""
    template_name = f"imports_bench_template_{villages}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": template_name}):
            connection.execute(text(f"CREATE DATABASE {template_name}"))
    template = make_write_engine(f"{POSTGRES_SERVER}/{template_name}")
    migrate(template)
    _build_once(template, villages, template_name)
    template.dispose()
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS imports_bench WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE imports_bench TEMPLATE {template_name}"))
    admin.dispose()
    return make_write_engine(f"{POSTGRES_SERVER}/imports_bench")


def batch(engine: Engine, at: dt.datetime, rng: np.random.Generator) -> list[dict[str, Any]]:
    """One report per hotspot at ``at``: its current state, a few of them the other state."""
    with engine.connect() as connection:
        newest = (
            select(HotspotStatusEvent.state)
            .where(HotspotStatusEvent.hotspot_id == Hotspot.id)
            .order_by(HotspotStatusEvent.at.desc())
            .limit(1)
            .correlate(Hotspot)
            .scalar_subquery()
        )
        states = connection.execute(select(Hotspot.id, newest)).all()
    flipped = rng.random(len(states)) < FLIPPED_SHARE
    other = {"online": "offline", "offline": "online", None: "online"}
    stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return [
        {"hotspot_id": hotspot_id, "at": stamp, "state": other[state] if flip else state or "online"}
        for (hotspot_id, state), flip in zip(states, flipped, strict=True)
    ]


def rows_per_hotspot_day(engine: Engine) -> float:
    """State rows stored per hotspot per day of service (installation to the end of the data)."""
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(HotspotStatusEvent)) or 0
        end = connection.scalar(select(func.max(HotspotStatusEvent.reported_until)))
        installed = connection.execute(select(Hotspot.installed_on)).scalars().all()
    end_day = end.date() if isinstance(end, dt.datetime) else dt.date.fromisoformat(str(end)[:10])
    days = sum(max((end_day - day).days, 1) for day in installed)
    return rows / days


@dataclass(frozen=True)
class IngestTiming:
    """One batch: where, when in the sequence, how many reports, how long, and what it did."""

    database: str
    villages: int
    batch: str
    reports: int
    seconds: float
    new_rows: int
    extended: int
    refused: int
    rows_per_hotspot_day: float


def measure(name: str, engine: Engine, villages: int) -> list[IngestTiming]:
    """Two batches five minutes of network time apart, on ``engine``."""
    rng = np.random.default_rng(2019)
    with engine.connect() as connection:
        end = connection.scalar(select(func.max(HotspotStatusEvent.reported_until)))
    start = (end if isinstance(end, dt.datetime) else dt.datetime.fromisoformat(str(end))) + dt.timedelta(minutes=5)
    timings = []
    for label, at in (("first batch", start), ("5 min later", start + dt.timedelta(minutes=5))):
        items = batch(engine, at, rng)
        started = time.perf_counter()
        plan = ingest_batch(engine, "network_status", items, "bench").plan
        seconds = round(time.perf_counter() - started, 2)
        timings.append(
            IngestTiming(name, villages, label, len(items), seconds, plan.new, plan.changed, len(plan.rejected), 0.0)
        )
    per_day = round(rows_per_hotspot_day(engine), 3)
    return [dataclasses.replace(timing, rows_per_hotspot_day=per_day) for timing in timings]


def ingest_timings(
    databases: tuple[str, ...] = ("sqlite", "postgresql"), villages: int = PROGRAMME_VILLAGES
) -> list[IngestTiming]:
    timings: list[IngestTiming] = []
    for name in databases:
        engine = sqlite_engine(villages) if name == "sqlite" else postgres_engine(villages)
        try:
            timings += measure(name, engine, villages)
        finally:
            engine.dispose()
    return timings


def ingest_table(timings: list[IngestTiming]) -> list[str]:
    lines = ["(e) network status, one report of every hotspot as one API batch"]
    for t in timings:
        budget = BUDGET_S_BY_VILLAGES.get(t.villages, 5.0)
        verdict = f"within {budget:.0f} s" if t.seconds <= budget else f"OVER {budget:.0f} s"
        lines.append(
            f"  {t.database:<11}{t.villages:>7,} villages  {t.batch:<13}{t.reports:>7} reports "
            f"{t.seconds:>6.2f} s ({verdict}): "
            f"{t.new_rows} new rows, {t.extended} extended, {t.refused} refused; "
            f"{t.rows_per_hotspot_day} rows per hotspot per day"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--villages", type=int, default=PROGRAMME_VILLAGES, help="75000: the next phase's country")
    args = parser.parse_args()
    print("\n".join(ingest_table(ingest_timings(tuple(args.databases), args.villages))))


if __name__ == "__main__":
    main()
