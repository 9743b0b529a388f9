"""(a) Time to "map drawn": our app against the perf baselines, measured by the shared harness.

The harness lives in ../shared/tools/perf and is run, never copied, so every team measures alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.servers import REPO

PERF_TOOLS = Path(os.environ.get("PERF_TOOLS", REPO.parent / "shared" / "tools" / "perf"))
BASELINES = REPO / "var" / "bench" / "baselines"
POINTS = 24_700
# Our clientside code sets data-map-drawn="<points>" on #map once Plotly has drawn the figure; "0" is
# the empty placeholder figure drawn before the first callback answers, so it does not count.
APP_SELECTOR = '#map[data-map-drawn]:not([data-map-drawn="0"]) .js-plotly-plot[data-framed] canvas.maplibregl-canvas'
"""Drawn and framed to the map's real size (assets/map_framing.js marks the graph ``data-framed``)."""
DESKTOP = (1280, 800)  # the harness's default window
PHONE = (390, 844)  # a common phone, portrait
PLOTLY_SELECTOR = "div[data-perf-drawn] canvas.maplibregl-canvas"
MAPLIBRE_SELECTOR = "#map[data-perf-drawn] canvas.maplibregl-canvas"
"""The bare MapLibre page marks ``#map`` at its first idle after its points were added: the floor."""
BASELINE_KINDS = ("plotly", "folium", "maplibre")
MAPLIBRE_FLOOR = "maplibre floor"
FOLIUM_SELECTOR = ".leaflet-overlay-pane svg path.leaflet-interactive"


@dataclass(frozen=True)
class Target:
    """One page the harness measures: a name for the table, its URL and its "drawn" selector."""

    name: str
    url: str
    selector: str


def baseline_pages(points: int = POINTS, kinds: tuple[str, ...] = BASELINE_KINDS) -> Path:
    """The baseline pages ``kinds`` of ``points`` points, each written by the harness's make_baselines.py once."""
    for kind in kinds:
        if not (BASELINES / f"{kind}_{points}.html").is_file():
            command = [sys.executable, "make_baselines.py", "-n", str(points), "--only", kind, "--out", str(BASELINES)]
            subprocess.run(command, cwd=PERF_TOOLS, check=True)
    return BASELINES


def baseline_targets(static_base: str, points: int = POINTS, kinds: tuple[str, ...] = BASELINE_KINDS) -> list[Target]:
    every = {
        "plotly": Target("plotly baseline", f"{static_base}/plotly_{points}.html", PLOTLY_SELECTOR),
        "folium": Target("folium baseline", f"{static_base}/folium_{points}.html", FOLIUM_SELECTOR),
        "maplibre": Target(MAPLIBRE_FLOOR, f"{static_base}/maplibre_{points}.html", MAPLIBRE_SELECTOR),
    }
    return [every[kind] for kind in kinds]


def measure(
    targets: list[Target], *, runs: int, warmup: int, size: tuple[int, int] = DESKTOP
) -> tuple[dict[str, dict], dict[str, object]]:
    """Run measure_page.py on all targets interleaved (one session, so medians compare), in a
    browser window of ``size`` (width, height) CSS pixels.

    Returns each target's report by name, and the session (browser, cpus, load average).
    """
    command = [sys.executable, str(PERF_TOOLS / "measure_page.py"), "--runs", str(runs), "--warmup", str(warmup)]
    command += ["--width", str(size[0]), "--height", str(size[1])]
    for target in targets:
        command += [target.url, target.selector]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    print(output, file=sys.stderr)  # the harness's per-run lines, for whoever reads the log
    report = json.loads(output.strip().splitlines()[-1])
    by_url = {t["url"]: t for t in report["targets"]}
    session = {key: report[key] for key in ("browser", "cpus", "loadavg", "runs", "warmup")}
    return {target.name: by_url[target.url] for target in targets}, session
