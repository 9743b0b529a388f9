"""``python -m bench.load``: record the pages' callbacks once, then run locust headless and judge it.

Exits non-zero when any request failed, or (``--budget-ms``) when the callbacks' p95 is over the
budget; writes locust's CSV files and a JSON summary under ``var/bench/load/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bench.load.payloads import record
from bench.load.replay import PROVINCES
from bench.sign_in import new_account, signed_in_session
from store.core.access import Principal, Role
from store.core.db import make_engine, make_session_factory
from store.coverage.models import Hotspot
from store.tokens.registry import TokenRegistry

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "var" / "bench" / "load"
LOCUST_ENV = REPO / "var" / "venvs" / "locust"
"""locust lives in its own environment (requirements-load.txt): it needs urllib3 2, selenium 4.2 needs 1.26."""


def locust_python() -> str:
    """The locust environment's Python, created on first use."""
    python = LOCUST_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_ENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(REPO / "requirements-load.txt")], check=True
        )
    return str(python)


DEFAULT_USERS = ["Executive", "ProvincialOfficer", "WallDisplay", "NetworkFeed"]
"""The realistic mix; ``Viewer`` and ``Writer`` are the bench's cache scenario (``--user-classes``)."""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--host", default="http://127.0.0.1:8080")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--budget-ms", type=float, default=None, help="fail when the callbacks' p95 is over this")
    parser.add_argument(
        "--cluster-memory", action="store_true", help="after the run, the cluster's memory (scripts/cluster.sh memory)"
    )
    parser.add_argument("--user-classes", nargs="*", default=[], help="only these users (e.g. Viewer Writer)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or CLUSTER_DATABASE,
        help="the server's database, where the simulated people's accounts are made (default: DATABASE_URL, "
        "else the cluster's)",
    )
    return parser.parse_args()


def summary(stats_csv: Path) -> dict[str, dict[str, float]]:
    """Per request kind: count, failures, p50/p95/p99 (ms), requests/s, from locust's stats CSV."""
    rows: dict[str, dict[str, float]] = {}
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Type"] else "Aggregated"
            rows[name] = {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "rps": round(float(row["Requests/s"]), 1),
            }
    return rows


CLUSTER_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/netdash"
"""The database of ``make cluster`` (scripts/cluster.sh), the load test's usual target."""


def make_accounts(database_url: str, users: int) -> dict[str, list[tuple[str, str]]]:
    """The simulated people's own accounts (new ones each run), enough for ``users`` people of the
    default mix: executives (who also open the wall displays' pages) and officers of each province."""
    executives = math.ceil(users * 4 / 9) + 1  # weights: executives 3, displays 1 of 9
    officers = math.ceil(users * 5 / 9 / len(PROVINCES)) + 1  # officers 5 of 9, over the provinces
    people = {"executive": [new_account(database_url, Role.EXECUTIVE, name="load") for _ in range(executives)]}
    for province in PROVINCES:
        people[f"officer {province}"] = [
            new_account(database_url, Role.OFFICER, (province,), name="load") for _ in range(officers)
        ]
    return people


def make_feed(database_url: str) -> dict[str, object]:
    """The network feed's part: a new API token of scope ``ingest:network`` and every hotspot's id."""
    engine = make_engine(database_url)
    try:
        registry = TokenRegistry(make_session_factory(engine))
        actor = Principal(kind="person", account="python -m bench.load")
        issued = registry.create("api_client", "load test network feed", ["ingest:network"], actor=actor)
        with engine.connect() as connection:
            hotspots = connection.scalars(select(Hotspot.id).order_by(Hotspot.id)).all()
    finally:
        engine.dispose()
    return {"token": issued.secret, "hotspots": hotspots}


def cluster_memory() -> list[str]:
    """Each app host's processes' and Redis's memory, as ``scripts/cluster.sh memory`` prints them."""
    memory = subprocess.run(["bash", "scripts/cluster.sh", "memory"], cwd=REPO, capture_output=True, text=True)
    return memory.stdout.splitlines()


def main() -> int:
    args = parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    payloads, accounts, feed = OUT / "payloads.json", OUT / "accounts.json", OUT / "feed.json"
    people = make_accounts(args.database_url, args.users)
    accounts.write_text(json.dumps(people), encoding="utf-8")
    accounts.chmod(0o600)
    feed.write_text(json.dumps(make_feed(args.database_url)), encoding="utf-8")
    feed.chmod(0o600)
    record(args.host, payloads, signed_in_session(args.host, *people["executive"][0]))
    prefix = OUT / f"run-{args.users}u-{args.seconds}s{''.join('-' + name for name in args.user_classes)}"
    command = [
        locust_python(), "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
        "--host", args.host, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.seconds}s", "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
        *(args.user_classes or DEFAULT_USERS),
    ]  # fmt: skip
    env = {
        **os.environ,
        "LOAD_PAYLOADS": str(payloads),
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_FEED": str(feed),
        "PYTHONPATH": str(Path(__file__).parent),
    }
    subprocess.run(command, env=env, check=False)
    rows = summary(Path(f"{prefix}_stats.csv"))
    callbacks = [row for name, row in rows.items() if name.startswith("callback")]
    worst_p95 = max((row["p95_ms"] for row in callbacks), default=0.0)
    memory = cluster_memory() if args.cluster_memory else []
    record_of_run = {"users": args.users, "seconds": args.seconds, "rows": rows, "memory_after": memory}
    (OUT / "latest.json").write_text(json.dumps(record_of_run, indent=1))
    print(*memory, sep="\n")
    failures = int(rows.get("Aggregated", {}).get("failures", 0))
    print(
        f"load: {args.users} users for {args.seconds} s: {rows.get('Aggregated')}; callbacks' worst p95 {worst_p95} ms"
    )
    if failures:
        print(f"load: {failures} requests failed (see {prefix}_failures.csv)")
        return 1
    if args.budget_ms is not None and worst_p95 > args.budget_ms:
        print(f"load: callbacks' p95 {worst_p95} ms is over the budget of {args.budget_ms} ms")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
