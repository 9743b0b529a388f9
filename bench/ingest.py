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
from typing import Any

import numpy as np
from sqlalchemy import Engine, create_engine, func, select, text

from bench.servers import REPO
from demo import build_demo, demo_is_current
from ingest.batches import ingest_batch
from store.core.db import DEFAULT_SQLITE_PATH, make_write_engine, migrate
from store.coverage.models import Hotspot, HotspotStatusEvent

BUDGET_S = 5.0
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/imports_bench"
POSTGRES_TEMPLATE = "postgresql+psycopg://postgres@127.0.0.1:5432/imports_bench_template"
FLIPPED_SHARE = 0.02
"""Share of hotspots whose report changes state in a batch (an outage starting or ending)."""


def sqlite_engine() -> Engine:
    target = REPO / "var" / "bench" / "ingest.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{DEFAULT_SQLITE_PATH}?mode=ro", uri=True) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    engine = make_write_engine(f"sqlite:///{target}")
    migrate(engine)
    return engine


def postgres_engine() -> Engine:
    """A fresh copy of ``imports_bench_template`` (the demo data, built once per generator version)."""
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'imports_bench_template'")):
            connection.execute(text("CREATE DATABASE imports_bench_template"))
    template = make_write_engine(POSTGRES_TEMPLATE)
    migrate(template)
    if not demo_is_current(template):
        started = time.perf_counter()
        build_demo(template)
        print(f"  (demo data built into imports_bench_template in {time.perf_counter() - started:.0f} s)")
    template.dispose()
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS imports_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE imports_bench TEMPLATE imports_bench_template"))
    admin.dispose()
    return make_write_engine(POSTGRES_BENCH)


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
    batch: str
    reports: int
    seconds: float
    new_rows: int
    extended: int
    refused: int
    rows_per_hotspot_day: float


def measure(name: str, engine: Engine) -> list[IngestTiming]:
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
        timings.append(IngestTiming(name, label, len(items), seconds, plan.new, plan.changed, len(plan.rejected), 0.0))
    per_day = round(rows_per_hotspot_day(engine), 3)
    return [dataclasses.replace(timing, rows_per_hotspot_day=per_day) for timing in timings]


def ingest_timings(databases: tuple[str, ...] = ("sqlite", "postgresql")) -> list[IngestTiming]:
    timings: list[IngestTiming] = []
    for name in databases:
        engine = sqlite_engine() if name == "sqlite" else postgres_engine()
        try:
            timings += measure(name, engine)
        finally:
            engine.dispose()
    return timings


def ingest_table(timings: list[IngestTiming]) -> list[str]:
    lines = [f"(e) network status, one report of every hotspot as one API batch (budget {BUDGET_S:.0f} s)"]
    for t in timings:
        verdict = "within" if t.seconds <= BUDGET_S else "OVER"
        lines.append(
            f"  {t.database:<11}{t.batch:<13}{t.reports:>7} reports {t.seconds:>6.2f} s ({verdict}): "
            f"{t.new_rows} new rows, {t.extended} extended, {t.refused} refused; "
            f"{t.rows_per_hotspot_day} rows per hotspot per day"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("\n".join(ingest_table(ingest_timings(tuple(args.databases)))))


if __name__ == "__main__":
    main()
