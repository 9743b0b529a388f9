"""`python -m bench.exports`: server time and peak memory of the country's ticket CSV and XLSX.

Each file is written in a fresh process on the configured database (the demo by default), after
the ticket table's first page has warmed the process, as the server and an export worker are;
the peak is the process's maximum resident memory above what it held before the export.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

FORMATS = ("csv", "xlsx")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", nargs=2, metavar=("KIND", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(measure(*args.one))
        return
    for extension in FORMATS:  # one process each: the peaks must not add up
        subprocess.run([sys.executable, "-m", "bench.exports", "--one", "tickets", extension], check=True)


if __name__ == "__main__":
    main()
