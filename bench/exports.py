"""`python -m bench.exports`: server time and peak memory of the country's ticket CSV and XLSX,
then what viewers wait while eight of each are made at once.

Each file is written in a fresh process on the configured database (the demo by default), after
the ticket table's first page has warmed the process, as the server and an export worker are;
the peak is the process's maximum resident memory above what it held before the export.

Then (``exports_at_once``) a served app gets eight country-wide ticket XLSX (a job each, polled
to the end, its file downloaded) and eight CSV (streamed; a 429 is retried after its
Retry-After) at once, while a viewer keeps asking /healthz, the summary and a province's ticket
list: their answer times are the figures. ``tests/test_export_load.py`` runs the same scenario
on `make run`'s server and checks the files and that every viewer's question was answered.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests
from openpyxl import load_workbook

from bench.callbacks import percentile

FORMATS = ("csv", "xlsx")
EXPORTS_AT_ONCE = 8
AS_OF = "2019-02-01"
VIEWER_URLS = ("/healthz", "/api/v1/summary", f"/api/v1/tickets?province=84&as_of={AS_OF}")
VIEWER_TIMEOUT_S = 10.0
"""How long a viewer's question may wait: before exports left the request threads, /healthz waited a minute."""


def measure(kind: str, extension: str) -> str:
    """Write one country-wide export in this process; a line with its size, time and memory."""
    from exports.sources import ExportRequest, ExportSources
    from exports.tables import csv_chunks, write_xlsx
    from store.coverage.queries import COUNTRY
    from web.data_layer import build_data_layer

    layer = build_data_layer()
    as_of = layer.queries.data_range().default_as_of
    layer.tickets.page(COUNTRY, as_of)
    sources = ExportSources(layer.queries, layer.tickets)
    request = ExportRequest(kind, "", as_of, "th")  # type: ignore[arg-type]
    before = psutil.Process().memory_info().rss
    started = time.perf_counter()
    if extension == "csv":
        size = sum(len(chunk) for chunk in csv_chunks(sources.headers(request), sources.frames(request)))
    else:
        path = Path(tempfile.mkdtemp()) / "export.xlsx"
        write_xlsx(path, kind, sources.headers(request), sources.frames(request))
        size = path.stat().st_size
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    rows = sources.total(request)
    return (
        f"{kind} {extension}: {rows:,} rows, {size / 1e6:.1f} MB, {took:.2f} s, "
        f"peak memory +{max(peak - before, 0) / 1e6:.0f} MB (process {peak / 1e6:.0f} MB)"
    )


@dataclass
class AtOnce:
    """What ``each`` XLSX and ``each`` CSV exports at once made, and what the viewer waited meanwhile."""

    each: int
    took_s: float = 0.0
    xlsx_rows: list[int] = field(default_factory=list)
    csv_rows: list[list[dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    viewer_s: dict[str, list[float]] = field(default_factory=lambda: {url: [] for url in VIEWER_URLS})
    viewer_failures: list[str] = field(default_factory=list)

    def lines(self, tickets: int) -> list[str]:
        """The figures, a line per viewer question."""
        lines = [f"{self.each} XLSX + {self.each} CSV of {tickets:,} tickets at once in {self.took_s:.1f} s"]
        for url, times in self.viewer_s.items():
            median, p95 = statistics.median(times), percentile(times, 95)
            lines.append(
                f"  {url}: n={len(times)} median {median * 1000:.0f} ms, "
                f"p95 {p95 * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
            )
        return lines + [f"  FAILED {failure}" for failure in self.errors + self.viewer_failures]


def exports_at_once(base: str, session: requests.Session, each: int = EXPORTS_AT_ONCE) -> AtOnce:
    """``each`` XLSX and ``each`` CSV of the country's tickets at once, a viewer asking all along."""
    report = AtOnce(each)

    def client(kind: str) -> None:
        try:
            if kind == "xlsx":
                report.xlsx_rows.append(xlsx_rows(base, session))
            else:
                report.csv_rows.append(csv_rows(base, session))
        except Exception as error:  # reported with the figures
            report.errors.append(f"{kind}: {error!r}")

    clients = [threading.Thread(target=client, args=(kind,)) for kind in FORMATS for _ in range(each)]
    started = time.monotonic()
    for thread in clients:
        thread.start()
    while any(thread.is_alive() for thread in clients):
        for url in VIEWER_URLS:
            ask_as_viewer(session, base, url, report)
        time.sleep(0.2)
    report.took_s = time.monotonic() - started
    return report


def ask_as_viewer(session: requests.Session, base: str, url: str, report: AtOnce) -> None:
    """One viewer's question: its time, or why it failed (not 200, or no answer within the timeout)."""
    asked = time.monotonic()
    try:
        status = session.get(base + url, timeout=VIEWER_TIMEOUT_S).status_code
    except requests.RequestException as error:
        report.viewer_failures.append(f"{url}: {error!r}")
        return
    report.viewer_s[url].append(time.monotonic() - asked)
    if status != 200:
        report.viewer_failures.append(f"{url}: answered {status}")


def xlsx_rows(base: str, session: requests.Session) -> int:
    """Start the country's ticket XLSX, poll its job to the end, download it: its data rows."""
    answer = session.post(f"{base}/api/v1/exports/tickets.xlsx?as_of={AS_OF}", timeout=120)
    if answer.status_code != 202:
        raise RuntimeError(f"XLSX job answered {answer.status_code}: {answer.text[:300]}")
    job = answer.json()
    deadline = time.monotonic() + 300
    while job["state"] not in ("done", "failed"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"XLSX job unfinished after 300 s: {job}")
        time.sleep(0.5)
        job = session.get(base + job["status_url"], timeout=120).json()
    if job["state"] != "done":
        raise RuntimeError(f"XLSX job failed: {job}")
    data = session.get(base + job["file_url"], timeout=120)
    data.raise_for_status()
    return sum(1 for _ in load_workbook(io.BytesIO(data.content), read_only=True).active.iter_rows(min_row=2))


def csv_rows(base: str, session: requests.Session) -> list[dict[str, str]]:
    """The country's tickets as CSV; when every stream slot is taken, wait as the 429 says and retry."""
    deadline = time.monotonic() + 300
    while True:
        answer = session.get(f"{base}/api/v1/exports/tickets.csv?as_of={AS_OF}&lang=en", timeout=120)
        if answer.status_code != 429:
            answer.raise_for_status()
            return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
        if time.monotonic() > deadline:
            raise TimeoutError("every CSV stream slot stayed taken for 300 s")
        time.sleep(int(answer.headers["Retry-After"]))


def measure_at_once() -> list[str]:
    """The scenario against the app served as production serves it, on `make run`'s database."""
    from bench.servers import app_server, signed_in

    with app_server() as base:
        session = signed_in(base)
        tickets = session.get(f"{base}/api/v1/tickets?as_of={AS_OF}&page_size=1", timeout=120).json()["total"]
        for url in VIEWER_URLS:  # a viewer's first question computes its figures once (seconds, cold): not timed
            session.get(base + url, timeout=120).raise_for_status()
        return exports_at_once(base, session).lines(tickets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--at-once-only", action="store_true", help="only the eight XLSX and eight CSV at once")
    args = parser.parse_args()
    if args.one:
        print(measure(*args.one))
        return
    if not args.at_once_only:
        for extension in FORMATS:  # one process each: the peaks must not add up
            subprocess.run([sys.executable, "-m", "bench.exports", "--one", "tickets", extension], check=True)
    print("\n".join(measure_at_once()))


if __name__ == "__main__":
    main()
