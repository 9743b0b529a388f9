"""The set-up command line: geodata cache, database migrations, demo data.

python -m cli setup            prepare geodata, migrate, (re)build the demo data if missing or out of date
python -m cli demo [--seed N]  rebuild the demo data from scratch (drops every row first)
python -m cli migrate          bring the database to the newest migration, nothing else
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import Engine

from demo import build_demo, demo_is_current
from demo.context import PROGRAMME_VILLAGES
from geodata.prepare import prepare_geodata
from store.core.db import database_url, make_engine, migrate


def _build_demo(engine: Engine, seed: int, ticket_scale: float, villages: int = PROGRAMME_VILLAGES) -> None:
    started = time.perf_counter()
    summary = build_demo(engine, seed=seed, ticket_scale=ticket_scale, villages=villages)
    print(f"demo data built in {time.perf_counter() - started:.1f} s: {summary}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="geodata cache, migrations, demo data when the database is empty")
    sub.add_parser("migrate", help="bring the database to the newest migration")
    demo = sub.add_parser("demo", help="rebuild the demo data from scratch")
    demo.add_argument("--seed", type=int, default=2019)
    demo.add_argument("--scale", type=float, default=1.0, help="multiply the demo's tickets by this")
    demo.add_argument(
        "--villages", type=int, default=PROGRAMME_VILLAGES, help="villages to make (the next phase: 75000)"
    )
    args = parser.parse_args(argv)

    engine = make_engine()
    if args.command == "migrate":
        migrate(engine)
        print(f"database at the newest migration: {database_url()}")
        return
    print(f"geodata: {prepare_geodata()}")
    migrate(engine)
    if args.command == "demo":
        _build_demo(engine, args.seed, args.scale, args.villages)
    elif not demo_is_current(engine):
        print(f"no current demo data in {database_url()}: building it")
        _build_demo(engine, 2019, 1.0)
    else:
        print(f"database ready: {database_url()}")


if __name__ == "__main__":
    main()
