"""What the network feed's batch costs the people reading meanwhile, and how long it takes to commit.

    python -m bench.load.feed_impact [--host http://127.0.0.1:8080] [--batches 3] [--readers 4]
                                     [--database-url URL]   (the server's database: accounts, the feed's token)

Against a running cluster (``make cluster``): ``--readers`` signed-in executives loop over the map
page, its layout and an API answer while the feed posts a status report of every hotspot
``--batches`` times, a pause between. Printed: each read's time while no batch is under way and
while one is (from sending to committed), and each batch's time from sending to committed, with
how its POST was answered (200: committed in the request; 202: queued for the ingest worker).
Run it on the cluster as started (the queue), then on one started with ``INGEST_QUEUE=off``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import threading
import time
from dataclasses import dataclass

import requests

from bench.load.__main__ import CLUSTER_DATABASE, make_feed
from bench.sign_in import signed_in_as
from store.core.access import Role

READS = {"page /": "/", "layout /": "/_dash-layout", "api province": "/api/v1/provinces/84"}
FLIPPED_SHARE = 0.02
PAUSE_S = 15


@dataclass(frozen=True)
class Span:
    kind: str
    start: float
    end: float

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.feed_impact", description=__doc__)
    parser.add_argument("--host", default="http://127.0.0.1:8080")
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--database-url", default=CLUSTER_DATABASE)
    args = parser.parse_args()
    sessions = [signed_in_as(args.host, args.database_url, Role.EXECUTIVE) for _ in range(args.readers)]
    reads: list[Span] = []
    stop = threading.Event()
    readers = [threading.Thread(target=_read, args=(args.host, s, reads, stop), daemon=True) for s in sessions]
    for reader in readers:
        reader.start()
    time.sleep(PAUSE_S)
    batches = _feed(args.host, args.database_url, args.batches)
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
    _report(reads, batches)


def _read(host: str, session: requests.Session, spans: list[Span], stop: threading.Event) -> None:
    while not stop.is_set():
        for kind, path in READS.items():
            start = time.perf_counter()
            answer = session.get(host + path, headers={"Referer": f"{host}/"}, timeout=120)
            spans.append(Span(kind if answer.ok else f"{kind} FAILED {answer.status_code}", start, time.perf_counter()))


def _feed(host: str, database_url: str, batches: int) -> list[tuple[Span, Span, int]]:
    """Send the batches one after the other; for each, the span from sending to committed, that of its
    POST, and the POST's status."""
    feed = make_feed(database_url)
    auth = {"Authorization": f"Bearer {feed['token']}"}
    states = dict.fromkeys(feed["hotspots"], "online")  # type: ignore[arg-type]
    done = []
    for _ in range(batches):
        for hotspot in random.sample(list(states), int(len(states) * FLIPPED_SHARE)):
            states[hotspot] = "offline" if states[hotspot] == "online" else "online"
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        items = [{"hotspot_id": hotspot, "at": stamp, "state": state} for hotspot, state in states.items()]
        sent = time.perf_counter()
        answer = requests.post(f"{host}/api/v1/ingest/network_status", json={"items": items}, headers=auth, timeout=300)
        answer.raise_for_status()
        post = Span("post", sent, time.perf_counter())
        if answer.status_code == 202:
            _wait_for_job(host + answer.headers["Location"], auth)
        done.append((Span("batch", sent, time.perf_counter()), post, answer.status_code))
        time.sleep(PAUSE_S)
    return done


def _wait_for_job(url: str, auth: dict[str, str]) -> None:
    while (job := requests.get(url, headers=auth, timeout=30).json())["status"] in {"queued", "started"}:
        time.sleep(0.2)
    if job["status"] != "finished":
        raise RuntimeError(f"the batch's job {job['status']}: {job.get('reason')}")


def _report(reads: list[Span], batches: list[tuple[Span, Span, int]]) -> None:
    windows = [span for span, _post, _status in batches]
    print("| read | while no batch: n, p50, p95, max (ms) | while a batch is committed: n, p50, p95, max (ms) |")
    print("| --- | --- | --- |")
    for kind in sorted({span.kind for span in reads}):
        mine = [span for span in reads if span.kind == kind]
        during = [span.ms for span in mine if any(span.overlaps(window) for window in windows)]
        idle = [span.ms for span in mine if not any(span.overlaps(window) for window in windows)]
        print(f"| {kind} | {_figures(idle)} | {_figures(during)} |")
    for span, post, status in batches:
        print(f"batch answered {status} in {post.ms / 1000:.1f} s, sent to committed: {span.ms / 1000:.1f} s")


def _figures(values: list[float]) -> str:
    if len(values) < 2:
        return f"{len(values)}"
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1]
    return f"{len(values)}, {statistics.median(values):.0f}, {p95:.0f}, {max(values):.0f}"


if __name__ == "__main__":
    main()
