"""Eight country-wide exports at once on a real server leave /healthz and viewers answering.

Before exports left the request threads, eight ticket XLSX exports held the server's threads for
a minute and /healthz timed out for as long. Here the server is started with the command of
``make run`` on a copy of the demo database; eight clients each ask for the country's tickets as
XLSX (a job, polled to the end, its file downloaded) and as CSV (streamed; a 429 is retried after
its Retry-After), while a prober keeps asking /healthz and a viewer's API questions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.test_slow_clients import free_port, run_command

REPO = Path(__file__).resolve().parents[1]
EXPORTS_AT_ONCE = 8
AS_OF = "2019-02-01"
VIEWER_URLS = ("/healthz", "/api/v1/summary", f"/api/v1/tickets?province=84&as_of={AS_OF}")


@pytest.fixture
def server(demo_database_url, tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": demo_database_url,
           "EXPORT_DIR": str(tmp_path / "exports")}  # fmt: skip
    process = subprocess.Popen(run_command("127.0.0.1", port), cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            break
        except OSError:
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=30)


def fetch(url: str, method: str = "GET", timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def xlsx_rows(base: str) -> int:
    """Start the country's ticket XLSX, poll its job to the end, download it: its data rows."""
    status, _, body = fetch(f"{base}/api/v1/exports/tickets.xlsx?as_of={AS_OF}", "POST")
    assert status == 202, body[:300]
    job = json.loads(body)
    deadline = time.monotonic() + 300
    while job["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
        job = json.loads(fetch(base + job["status_url"])[2])
    assert job["state"] == "done", job
    status, _, data = fetch(base + job["file_url"])
    assert status == 200
    return sum(1 for _ in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(min_row=2))


def csv_rows(base: str) -> list[dict[str, str]]:
    """The country's tickets as CSV; when every stream slot is taken, wait as the 429 says and retry."""
    deadline = time.monotonic() + 300
    while True:
        status, headers, data = fetch(f"{base}/api/v1/exports/tickets.csv?as_of={AS_OF}&lang=en")
        if status != 429:
            assert status == 200, data[:300]
            return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert time.monotonic() < deadline
        time.sleep(int(headers["Retry-After"]))


def test_eight_country_exports_at_once_leave_healthz_and_viewers_answering(server):
    expected = json.loads(fetch(f"{server}/api/v1/tickets?as_of={AS_OF}&page_size=500")[2])
    for url in VIEWER_URLS:  # a viewer's first question computes its figures once (seconds, cold): not timed
        assert fetch(server + url)[0] == 200
    results: dict[str, list] = {"xlsx": [], "csv": [], "errors": []}
    latencies: dict[str, list[float]] = {url: [] for url in VIEWER_URLS}

    def client(kind: str) -> None:
        try:
            results[kind].append(xlsx_rows(server) if kind == "xlsx" else csv_rows(server))
        except BaseException as error:  # reported by the main thread
            results["errors"].append(repr(error))

    clients = [
        threading.Thread(target=client, args=(kind,)) for kind in ("xlsx", "csv") for _ in range(EXPORTS_AT_ONCE)
    ]
    started = time.monotonic()
    for thread in clients:
        thread.start()
    while any(thread.is_alive() for thread in clients):
        for url in VIEWER_URLS:
            asked = time.monotonic()
            status, _, _ = fetch(server + url, timeout=10)
            latencies[url].append(time.monotonic() - asked)
            assert status == 200
        time.sleep(0.2)
    took = time.monotonic() - started
    print(f"\n{EXPORTS_AT_ONCE} XLSX + {EXPORTS_AT_ONCE} CSV of {expected['total']} tickets in {took:.1f} s")
    for url, times in latencies.items():
        median, longest = sorted(times)[len(times) // 2], max(times)
        print(f"{url}: n={len(times)} median {median * 1000:.0f} ms, max {longest * 1000:.0f} ms")
    assert results["errors"] == []
    assert results["xlsx"] == [expected["total"]] * EXPORTS_AT_ONCE
    first_page = [ticket["id"] for ticket in expected["tickets"]]
    for rows in results["csv"]:
        assert len(rows) == expected["total"] and [int(row["No."]) for row in rows[: len(first_page)]] == first_page
    assert len(results["csv"]) == EXPORTS_AT_ONCE
    for url, times in latencies.items():
        assert max(times) < 1.0, f"{url} took {max(times):.2f} s during the exports"
