"""The set-up command line: geodata cache, database migrations, demo data.

python -m cli setup            prepare geodata; the embedded database: migrate, (re)build the demo data if missing
                               or out of date; a configured DATABASE_URL: check it is ready, change nothing
python -m cli demo [--seed N] [--villages N] [--years Y]
                               rebuild the demo data from scratch (drops every row first); --years: a longer history
python -m cli migrate          bring the database to the newest migration, nothing else
python -m cli token create --kind display|api --name NAME [--scope read ...]
python -m cli token list | rotate ID | revoke ID
                               display and API tokens (a new secret is printed once)
python -m cli import KIND FILE [--dry-run] [--actor NAME] [--replace-province CODE]
                               plan a file of real data and commit it (see cli/imports.py for exit codes)
python -m cli import-retry KIND
                               run a kind's quarantined rows again (after what they named was imported)
python -m cli worker [--burst]  commit the queued ingest batches (REDIS_URL, INGEST_QUEUE) on DATABASE_URL
python -m cli areas            load the geodata's regions, provinces, districts, subdistricts into an empty database
python -m cli demo-files DIR [--villages N]
                               write the demo data as a source: one CSV per file kind, and DIR/batches (the
                               ingest API's JSON batches: network status, tickets, their events, showcase
                               items and images): a worked example
python -m cli push-batches DIR --url URL --token-file F
                               send DIR's batches and images to the ingest API, in order (see cli/push_batches.py)
python -m cli create-admin EMAIL
                               an admin account with a generated password, printed once
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from auth.provisioning import create_person, ensure_demo_accounts
from cli import imports, push_batches, worker
from cli.tokens import add_token_commands, run_token_command
from demo import build_demo, demo_is_current
from demo.batches import write_demo_source
from demo.context import PROGRAMME_VILLAGES, history_last_day
from demo.files import load_areas
from geodata.prepare import prepare_geodata
from store.accounts.directory import AccountProblem
from store.core.access import Role
from store.core.db import database_url, is_embedded_default, make_engine, make_session_factory, migrate
from store.core.readiness import DatabaseNotReady, check_ready


def _build_demo(
    engine: Engine, seed: int, ticket_scale: float, villages: int = PROGRAMME_VILLAGES, years: float | None = None
) -> None:
    started = time.perf_counter()
    summary = build_demo(engine, seed=seed, ticket_scale=ticket_scale, villages=villages, years=years)
    print(f"demo data built in {time.perf_counter() - started:.1f} s: {summary}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="geodata cache, migrations, demo data when the database is empty")
    sub.add_parser("migrate", help="bring the database to the newest migration")
    admin = sub.add_parser("create-admin", help="an admin account; its generated password is printed once")
    admin.add_argument("email")
    demo = sub.add_parser("demo", help="rebuild the demo data from scratch")
    demo.add_argument("--seed", type=int, default=2019)
    demo.add_argument("--scale", type=float, default=1.0, help="multiply the demo's tickets by this")
    demo.add_argument(
        "--villages", type=int, default=PROGRAMME_VILLAGES, help="villages to make (the next phase: 75000)"
    )
    demo.add_argument(
        "--years",
        type=_history_years,
        default=None,
        help="years of history from December 2017 (default: the documents' 16 months, to March 2019)",
    )
    add_token_commands(sub)
    imports.add_parser(sub)
    worker.add_parser(sub)
    sub.add_parser("areas", help="load the geodata's areas into an empty database (before importing villages)")
    demo_files = sub.add_parser("demo-files", help="write the demo data as import files and API batches")
    demo_files.add_argument("folder", type=Path)
    demo_files.add_argument("--seed", type=int, default=2019)
    demo_files.add_argument("--villages", type=int, default=PROGRAMME_VILLAGES)
    push_batches.add_parser(sub)
    args = parser.parse_args(argv)

    if args.command == "token":
        run_token_command(args)
        return
    if args.command in {"import", "import-retry"}:
        raise SystemExit(imports.run(args))
    if args.command == "worker":
        raise SystemExit(worker.run(args))
    if args.command == "demo-files":
        for path in write_demo_source(args.folder, args.seed, args.villages):
            print(path)
        return
    if args.command == "push-batches":
        raise SystemExit(push_batches.run(args))
    if args.command == "areas":
        engine = make_engine()
        migrate(engine)
        loaded = load_areas(engine)
        print("areas loaded from the geodata" if loaded else "areas already in the database: nothing written")
        return

    if args.command == "setup" and os.environ.get("DATABASE_URL"):
        print(f"geodata: {prepare_geodata()}")
        _check_configured_database()  # a configured database is checked, never filled with invented data
        return
    engine = make_engine()
    if args.command == "create-admin":
        _create_admin(engine, args.email)
        return
    if args.command == "migrate":
        migrate(engine)
        print(f"database at the newest migration: {database_url()}")
        return
    print(f"geodata: {prepare_geodata()}")
    migrate(engine)
    if args.command == "demo":
        _build_demo(engine, args.seed, args.scale, args.villages, args.years)
    elif not demo_is_current(engine):
        print(f"no current demo data in {database_url()}: building it")
        _build_demo(engine, 2019, 1.0)
    else:
        print(f"database ready: {database_url()}")
    if is_embedded_default(database_url()):
        _print_demo_accounts(engine)


def _history_years(text: str) -> float:
    """``--years``: a number of years no shorter than the documents' span (argparse shows the message)."""
    try:
        years = float(text)
        history_last_day(years)
    except (ValueError, OverflowError) as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None
    return years


def _create_admin(engine: Engine, email: str) -> None:
    """A first admin for a fresh install: the password is shown here once and stored only hashed."""
    check_ready(database_url())
    try:
        password = create_person(make_session_factory(engine), email, Role.ADMIN)
    except AccountProblem as problem:
        print(f"netpracharat: {problem}", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"admin account {email.strip().lower()} created; its password (shown once, change it after signing in):")
    print(password)


def _print_demo_accounts(engine: Engine) -> None:
    """The embedded demo's accounts, one per role, so that `make run` says how to sign in."""
    accounts = ensure_demo_accounts(make_session_factory(engine))
    print("DEMO accounts of the embedded demo database (never use these in a deployment):")
    for email, password in accounts.items():
        print(f"  {email:40} {password}")


def _check_configured_database() -> None:
    """``DATABASE_URL`` is set: the database must be ready to serve (one line and exit 1 if not)."""
    try:
        check_ready(database_url())
    except DatabaseNotReady as problem:
        print(f"netpracharat: {problem}", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"database ready: {make_url(database_url()).render_as_string(hide_password=True)}")


if __name__ == "__main__":
    main()
