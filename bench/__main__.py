"""`python -m bench`: measure, print a table, write var/bench/latest.json (see bench/__init__.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from bench.callbacks import Timing, drill_down_timings
from bench.firstload import FirstLoad, first_load
from bench.ingest import IngestTiming, ingest_table, ingest_timings
from bench.lists import (
    TICKET_SCALE,
    PageTiming,
    gallery_page_timing,
    scaled_database_url,
    scaled_media_dir,
    ticket_page_timing,
)
from bench.pageload import (
    APP_SELECTOR,
    BASELINE_KINDS,
    MAPLIBRE_FLOOR,
    PHONE,
    POINTS,
    Target,
    baseline_pages,
    baseline_targets,
    measure,
)
from bench.redraw import RedrawTiming, redraw_table, redraw_timings
from bench.servers import REPO, app_server, static_server
from store.core.db import database_url as configured_database_url
from store.core.db import make_engine

OUT_DIR = REPO / "var" / "bench"
BUDGET_BYTES = {POINTS: 1_500_000, 75_000: 2_500_000}  # the whole first map, as sent, by villages
REDRAW_BUDGET_MS = {POINTS: 600, 75_000: 900}  # p95 of a click on the map to the map redrawn, by villages
PAGE_BUDGET_MS = 150  # the first page of the ticket table or of the gallery, server time
IMAGES_BUDGET_KB = 300  # the gallery's first page of thumbnails


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="measured page loads per target (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unreported page loads per target first (default 1)")
    parser.add_argument("--callback-runs", type=int, default=20, help="replays per callback and level (default 20)")
    parser.add_argument("--redraw-runs", type=int, default=20, help="clicks per level of (f) (default 20)")
    parser.add_argument(
        "--database-url", help="measure the app on this database (e.g. the 75,000 villages' one; default: make run's)"
    )
    parser.add_argument("--map-only", action="store_true", help="only the map: (a), (b), (c) and (f)")
    parser.add_argument(
        "--no-page-loads", action="store_true", help="only (b), (c) and (f): no harness page loads, no baselines"
    )
    parser.add_argument("--redraw-only", action="store_true", help="only (f): clicks on the map to the map redrawn")
    parser.add_argument("--baselines-only", action="store_true", help="only the three baseline pages (no app)")
    parser.add_argument(
        "--without-folium",
        action="store_true",
        help="leave the folium baseline out (its page of 75,000 points takes over ten minutes to build)",
    )
    parser.add_argument(
        "--first-map-only", action="store_true", help="only (a) and (b): our first map against the baselines"
    )
    return parser.parse_args()


def drawn_table(reports: dict[str, dict], title: str = "(a) map drawn, cold cache") -> list[str]:
    """One row per page; ``x floor`` is its median over the bare MapLibre page's of the same run."""
    floor = reports.get(MAPLIBRE_FLOOR, {}).get("summary", {}).get("drawn_ms", {}).get("median")
    lines = [f"{title:<28}{'median ms':>11}{'min':>9}{'max':>9}{'x floor':>9}{'body KB*':>10}{'drawn':>7}{'errors':>8}"]
    for name, report in reports.items():
        summary, runs = report["summary"], report["runs"]
        drawn = summary.get("drawn_ms", {})
        median = drawn.get("median")
        ratio = f"{median / floor:.2f}" if median and floor else "-"
        body = summary.get("body_kb", {}).get("median", "-")
        done = sum(run.get("drawn_ms") is not None for run in runs)
        errors = max((run.get("errors", 1) for run in runs), default="-")
        lines.append(
            f"{name:<28}{median or '-':>11}{drawn.get('min', '-'):>9}{drawn.get('max', '-'):>9}{ratio:>9}"
            f"{body:>10}{f'{done}/{len(runs)}':>7}{errors:>8}"
        )
    lines.append("  * median body_kb of measure_page.py (decoded bytes; (b) gives bytes as sent); errors: worst run")
    return lines


def budget_for(budgets: dict[int, int], villages: int) -> int:
    """The budget of the smallest size at or above ``villages`` (the largest beyond them all)."""
    return budgets[min((size for size in budgets if size >= villages), default=max(budgets))]


def bytes_table(load: FirstLoad, villages: int) -> list[str]:
    budget = budget_for(BUDGET_BYTES, villages)
    lines = [
        f"(b) first map, bytes as sent: {load.total_sent / 1e6:.2f} MB in {load.requests} requests "
        f"(budget {budget / 1e6:.1f} MB: {'within' if load.total_sent <= budget else 'OVER'})"
    ]
    for kind, sent in sorted(load.sent_by_kind.items(), key=lambda item: -item[1]):
        lines.append(f"  {kind:<36}{sent / 1e3:>10.1f} KB")
    points_budget = 2 * load.points_raw_float32
    lines.append(
        f"  {'of which the village points':<36}{load.points_sent / 1e3:>10.1f} KB "
        f"({load.points_drawn} points; budget 2 x {load.points_raw_float32 / 1e3:.1f} KB as float32: "
        f"{'within' if load.points_sent <= points_budget else 'OVER'})"
    )
    lines += [f"  FAILED callback {failure}" for failure in load.failed_callbacks]
    return lines


def callbacks_table(timings: list[Timing]) -> list[str]:
    lines = [f"(c) drill-down callbacks, server ms  {'level':<16}{'first':>8}{'p50':>8}{'p95':>8}  runs"]
    for t in timings:
        figures = f"  FAILED {t.error}" if t.error else f"{t.first_ms:>8}{t.p50_ms:>8}{t.p95_ms:>8}  {t.runs}"
        lines.append(f"  {t.callback:<34}{t.level:<16}{figures}")
    return lines


def pages_table(timings: list[PageTiming]) -> list[str]:
    heading = f"(d) first pages, server ms (budget {PAGE_BUDGET_MS} ms)"
    lines = [f"{heading:<42}{'rows':>9}{'first':>8}{'p50':>8}{'p95':>8}  runs"]
    for t in timings:
        images = "" if t.images_kb is None else f"  thumbnails {t.images_kb} KB (budget {IMAGES_BUDGET_KB} KB)"
        lines.append(f"  {t.what:<40}{t.total:>9,}{t.first_ms:>8}{t.p50_ms:>8}{t.p95_ms:>8}  {t.runs}{images}")
    return lines


@dataclass
class Results:
    """Everything one `make bench` measured; ``first_map`` and ``callbacks`` need the app."""

    drawn: dict[str, dict]
    session: dict[str, object]
    villages: int = POINTS
    first_map: FirstLoad | None = None
    phone_drawn: dict[str, dict] = field(default_factory=dict)  # (a) again in a phone-sized window
    callbacks: list[Timing] = field(default_factory=list)
    pages: list[PageTiming] = field(default_factory=list)
    ingest: list[IngestTiming] = field(default_factory=list)
    redraw: list[RedrawTiming] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"{self.villages:,} villages", *drawn_table(self.drawn)]
        if self.phone_drawn:
            lines += ["", *drawn_table(self.phone_drawn, f"(a) phone {PHONE[0]}x{PHONE[1]}")]
        if self.first_map:
            lines += ["", *bytes_table(self.first_map, self.villages), "", *callbacks_table(self.callbacks)]
        if self.pages:
            lines += ["", *pages_table(self.pages)]
        if self.redraw:
            lines += ["", *redraw_table(self.redraw, budget_for(REDRAW_BUDGET_MS, self.villages))]
        if self.ingest:
            lines += ["", *ingest_table(self.ingest)]
        return "\n".join([*lines, f"session: {self.session}"])

    def to_json(self) -> str:
        record = asdict(self) | {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        if self.first_map:
            record["first_map"]["total_sent"] = self.first_map.total_sent
        return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def village_count(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT COUNT(*) FROM villages").scalar_one())
    finally:
        engine.dispose()


def measure_map(app_base: str, results: Results, load: FirstLoad, args: argparse.Namespace) -> Results:
    """(c), replaying the callbacks the first load (``load``) posted, and (f)."""
    results.callbacks = drill_down_timings(
        app_base, load.callback_payloads, accept_encoding=load.accept_encoding, runs=args.callback_runs
    )
    results.redraw = redraw_timings(app_base, runs=args.redraw_runs)
    return results


def run(args: argparse.Namespace) -> Results:
    """All measurements; our app runs only while it is being measured."""
    villages = village_count(args.database_url or configured_database_url())
    if args.redraw_only:
        with app_server(database_url=args.database_url) as app_base:
            return Results({}, {}, villages, redraw=redraw_timings(app_base, runs=args.redraw_runs))
    if args.no_page_loads:
        with app_server(database_url=args.database_url) as app_base:
            load = first_load(f"{app_base}/")
            return measure_map(app_base, Results({}, {}, villages, first_map=load), load, args)
    kinds = tuple(kind for kind in BASELINE_KINDS if not (args.without_folium and kind == "folium"))
    with static_server(baseline_pages(villages, kinds)) as static_base:
        targets = baseline_targets(static_base, villages, kinds)
        if args.baselines_only:
            return Results(*measure(targets, runs=args.runs, warmup=args.warmup), villages)
        with app_server(database_url=args.database_url) as app_base:
            load = first_load(f"{app_base}/")
            app = Target("our app (country view)", f"{app_base}/", APP_SELECTOR)
            drawn, session = measure([app, *targets], runs=args.runs, warmup=args.warmup)
            results = Results(drawn, session, villages, first_map=load)
            results.phone_drawn, _ = measure([app, *targets], runs=args.runs, warmup=args.warmup, size=PHONE)
            if args.first_map_only:
                return results
            measure_map(app_base, results, load, args)
            if args.map_only:
                return results
            results.pages = [
                ticket_page_timing(app_base, "ticket table, first page (demo)", args.callback_runs),
                gallery_page_timing(app_base, args.callback_runs),
            ]
    scaled = scaled_database_url()
    with app_server(database_url=scaled, media_dir=scaled_media_dir()) as app_base:
        results.pages.append(
            ticket_page_timing(app_base, f"ticket table, first page (demo x{TICKET_SCALE})", args.callback_runs)
        )
    results.ingest = ingest_timings()
    return results


def main() -> None:
    args = parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results = run(args)
    print(results.table())
    latest = OUT_DIR / ("latest.json" if results.villages == POINTS else f"latest-{results.villages}.json")
    latest.write_text(results.to_json(), encoding="utf-8")
    print(f"wrote {latest.relative_to(REPO)}")


if __name__ == "__main__":
    main()
