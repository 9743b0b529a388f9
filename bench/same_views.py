"""``python -m bench.same_views``: many people asking the map page for the same few views at once.

What the built-answer cache (``view.answer_cache``) is for, without locust's sign-in storm and
page loads around it: each thread signs in once with its own account of the last
``python -m bench.load`` run (``var/bench/load/accounts.json``), then replays the map page's
controls, map and KPIs callbacks (the bodies that run recorded, ``payloads.json``) for a random
view among the country's three metrics and ten provinces, without pause. Prints p50/p95/p99 per
callback and the callbacks answered per second.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
from typing import Any

import requests

from bench.load.replay import PROVINCES, with_search
from bench.servers import REPO
from bench.sign_in import signed_in_session

LOAD_RUN = REPO / "var" / "bench" / "load"
CALLBACKS = {"lang-switch": "controls", "map.figure...map-drawn-view": "map", "kpis.children": "kpis"}
"""A part of each map-page callback's output key, and the name it is reported under."""
VIEWS = [f"?metric={metric}" for metric in ("hotspot", "volunteer", "training")] + [f"?area={p}" for p in PROVINCES]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.same_views", description=__doc__)
    parser.add_argument("--host", default="http://127.0.0.1:8080")
    parser.add_argument("--people", type=int, default=16, help="threads, each with its own account")
    parser.add_argument("--seconds", type=float, default=45)
    return parser.parse_args()


def replay(host: str, session: requests.Session, bodies: dict[str, dict[str, Any]], until: float, ids: Any) -> dict:
    """One person's callbacks until ``until``: their times (ms) per callback, and any non-200 status."""
    times: dict[str, list[float]] = {name: [] for name in bodies}
    failed: list[int] = []
    while time.monotonic() < until:
        search = random.choice(VIEWS)
        for name, body in bodies.items():
            started = time.perf_counter()
            answer = session.post(f"{host}/_dash-update-component", json=with_search(body, search, ids), timeout=120)
            times[name].append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                failed.append(answer.status_code)
    return {"times": times, "failed": failed}


def main() -> int:
    args = parse_args()
    recorded = json.loads((LOAD_RUN / "payloads.json").read_text(encoding="utf-8"))
    accounts = json.loads((LOAD_RUN / "accounts.json").read_text(encoding="utf-8"))
    people = [account for role in accounts.values() for account in role][: args.people]
    bodies = {name: body for body in recorded["map"] for part, name in CALLBACKS.items() if part in body["output"]}
    sessions = [signed_in_session(args.host, email, password) for email, password in people]
    until = time.monotonic() + args.seconds
    results: list[dict] = []
    threads = [
        threading.Thread(target=lambda s=s: results.append(replay(args.host, s, bodies, until, recorded["ids"])))
        for s in sessions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [status for result in results for status in result["failed"]]
    total = sum(len(result["times"][name]) for result in results for name in bodies)
    print(f"{len(sessions)} people, {args.seconds:.0f} s: {total / args.seconds:.1f} callbacks/s, {len(failed)} failed")
    for name in bodies:
        times = sorted(t for result in results for t in result["times"][name])
        p95, p99 = (times[int(q * (len(times) - 1))] for q in (0.95, 0.99))
        print(
            f"  {name:9} {len(times):6} calls  p50 {statistics.median(times):7.0f}  p95 {p95:7.0f}  p99 {p99:7.0f} ms"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
