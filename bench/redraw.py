"""(f) Click to map redrawn, in the browser: a real mouse click on the map, timed to the map redrawn.

A signed-in executive opens the country map in Debian's Chromium (the harness's browser flags) and
clicks, with the mouse at a pixel of the map: a village of a province at the country view (the
country's points carry no codes: the click opens the province of the nearest village), then a
spot of a district's polygon away from every point at the province view (clicked once the map
hovers that polygon alone there), then a village's point at the district view. Each click is
timed from the mouse press to the map marking itself drawn for the new area (assets/map_drawn.js
sets ``data-map-area`` and ``data-map-drawn-at`` once Plotly has drawn and MapLibre has loaded
the figure); the browser's Back then returns to the level above (timed the same way), and the
click is made again, ``runs`` times per level.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import requests
import shapely
from playwright.sync_api import Page, sync_playwright
from shapely.geometry import shape
from sqlalchemy import text

from bench.callbacks import percentile
from bench.pageload import APP_SELECTOR, DESKTOP, PERF_TOOLS
from bench.servers import REPO, SERVED_DATABASES, signed_in
from bench.sign_in import browser_cookies
from store.core.db import make_engine

FAILURE_SCREENSHOT = REPO / "var" / "bench" / "redraw-failure.png"
QUIET_S = 0.5
"""The timed clicks start once the page has had no request under way for this long."""
MIN_PIXELS_FROM_POINTS = 16
"""A district click lands this far from every village point (the map's hover distance is 10 px)."""

MARK_CLICKS = """() => {
  window.__pressedAt = null;
  document.addEventListener('mousedown', () => { window.__pressedAt = performance.now(); }, true);
}"""

DRAWN_FOR = """([within, length, after]) => {
  const map = document.getElementById('map');
  const at = Number(map.getAttribute('data-map-drawn-at'));
  const area = map.getAttribute('data-map-area') || '';
  return area.startsWith(within) && area.length === length && at > after;
}"""

PIXELS = """(places) => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const map = gd._fullLayout.map._subplot.map;
  const box = map.getCanvas().getBoundingClientRect();
  return places.map(([lon, lat]) => {
    const p = map.project([lon, lat]);
    return [box.left + p.x, box.top + p.y, p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height];
  });
}"""

VILLAGE_PIXELS = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const map = gd._fullLayout.map._subplot.map;
  const box = map.getCanvas().getBoundingClientRect();
  const pixels = [];
  for (const trace of gd._fullData) {
    if (!(trace.meta && trace.meta.layer === 'villages')) { continue; }
    for (let i = 0; i < trace.lat.length; i++) {
      const p = map.project([trace.lon[i], trace.lat[i]]);
      pixels.push([box.left + p.x, box.top + p.y]);
    }
  }
  return pixels;
}"""


@dataclass
class RedrawTiming:
    """Click to map redrawn at one level, and Back to the level above redrawn, in ms."""

    level: str
    clicked: str
    click_ms: list[float] = field(default_factory=list)
    back_ms: list[float] = field(default_factory=list)
    error: str = ""
    budgeted: bool = True
    """False for the first click on a page still loading, shown beside the budget, not held to it."""

    def summary(self, values: list[float]) -> tuple[float | None, float | None]:
        return (round(statistics.median(values)), round(percentile(values, 95))) if values else (None, None)


@dataclass(frozen=True)
class Targets:
    """Where to click: a village (lon, lat, code) and its district's polygon."""

    village: tuple[float, float, str]
    district_spots: list[tuple[float, float]]


def targets(base: str, session: requests.Session, database_url: str, village_code: str | None) -> Targets:
    """A village (``village_code``, or the first of the largest district) and candidate spots of its
    district's polygon, farthest from the district's villages first."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if village_code is None:
                village_code = connection.execute(
                    text(
                        "SELECT MIN(code) FROM villages WHERE district_code = (SELECT district_code FROM villages "
                        "GROUP BY district_code ORDER BY COUNT(*) DESC LIMIT 1)"
                    )
                ).scalar_one()
            rows = connection.execute(
                text("SELECT code, lon, lat FROM villages WHERE district_code = :district"),
                {"district": village_code[:4]},
            ).all()
    finally:
        engine.dispose()
    village = next((float(lon), float(lat), code) for code, lon, lat in rows if code == village_code)
    boundaries = session.get(f"{base}/geodata/districts/{village_code[:2]}.geojson", timeout=60).json()
    feature = next(f for f in boundaries["features"] if str(f.get("id")) == village_code[:4])
    polygon = shape(feature["geometry"])
    west, south, east, north = polygon.bounds
    grid = np.array([(x, y) for x in np.linspace(west, east, 40) for y in np.linspace(south, north, 40)])
    inside = grid[shapely.contains_xy(polygon, grid[:, 0], grid[:, 1])]
    points = np.array([(float(lon), float(lat)) for _, lon, lat in rows])
    clearance = np.min(np.hypot(inside[:, None, 0] - points[None, :, 0], inside[:, None, 1] - points[None, :, 1]), 1)
    spots = inside[np.argsort(-clearance)][:50]
    return Targets(village, [(float(x), float(y)) for x, y in spots])


def pixel_of(page: Page, lon: float, lat: float) -> tuple[float, float]:
    x, y, visible = page.evaluate(PIXELS, [[lon, lat]])[0]
    if not visible:
        raise RuntimeError(f"({lon}, {lat}) is not on the map")
    return x, y


def clear_pixel(page: Page, spots: list[tuple[float, float]]) -> tuple[float, float]:
    """The first spot on the map at least MIN_PIXELS_FROM_POINTS from every village point."""
    points = np.array(page.evaluate(VILLAGE_PIXELS) or [[-1e9, -1e9]])
    for x, y, visible in page.evaluate(PIXELS, spots):
        if visible and np.min(np.hypot(points[:, 0] - x, points[:, 1] - y)) >= MIN_PIXELS_FROM_POINTS:
            return x, y
    raise RuntimeError("no spot of the district lies clear of its villages' points")


HOVERED = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  return (gd._hoverdata || []).map((point) => [point.data.type, point.location || null]);
}"""


def aim_at_district(
    page: Page, spots: list[tuple[float, float]], district: str, timeout_s: float = 5
) -> tuple[float, float]:
    """A clear spot of ``district``, with the mouse resting on it once the map hovers that polygon alone.

    A person points before clicking. This also makes sure of what the click will open: one run on
    a new machine clicked a spot found clear of every point and opened a village of another
    district, the camera having moved between the spot's reckoning and the click."""
    deadline = time.monotonic() + timeout_s
    while True:
        x, y = clear_pixel(page, spots)
        page.mouse.move(x - 2, y)  # a move to where the mouse already is would hover nothing anew
        page.mouse.move(x, y)
        page.wait_for_timeout(100)
        hovered = page.evaluate(HOVERED)
        if hovered == [["choroplethmap", district]]:
            return x, y
        if time.monotonic() > deadline:
            raise RuntimeError(f"at ({x:.0f}, {y:.0f}) the map hovers {hovered}, not district {district} alone")


def area_in_view(page: Page) -> str:
    return page.get_attribute("#map", "data-map-area") or ""


def wait_drawn(page: Page, within: str, length: int, after: float, timeout_s: float) -> float:
    """``performance.now()`` when a map of an area of ``within`` whose code has ``length``
    characters was drawn after ``after``."""
    page.wait_for_function(DRAWN_FOR, arg=[within, length, after], timeout=timeout_s * 1000, polling="raf")
    return float(page.get_attribute("#map", "data-map-drawn-at") or 0)


def click_and_time(page: Page, pixel: tuple[float, float], area: str, timeout_s: float) -> float:
    """Press the mouse at ``pixel``; ms from the press to the map of ``area``'s level drawn.

    Any area of that level within the one in view counts: where two village points overlap on
    the screen, the click opens the one Plotly finds nearest, which is as much a drill-down."""
    within, now = area_in_view(page), page.evaluate("performance.now()")
    page.mouse.click(*pixel)
    pressed = page.evaluate("window.__pressedAt")
    return wait_drawn(page, within, len(area), now, timeout_s) - pressed


def back_and_time(page: Page, area: str, timeout_s: float) -> float:
    now = page.evaluate("performance.now()")
    page.go_back(wait_until="commit")
    return wait_drawn(page, area, len(area), now, timeout_s) - now


def time_level(page: Page, level: str, pixel: Any, area: str, above: str, runs: int, timeout_s: float) -> RedrawTiming:
    """``runs`` clicks into ``area`` from the map of ``above``, each followed by Back to it."""
    timing = RedrawTiming(level, area)
    try:
        for _ in range(runs):
            timing.click_ms.append(click_and_time(page, pixel(), area, timeout_s))
            time.sleep(0.3)  # a person looks before going back
            timing.back_ms.append(back_and_time(page, above, timeout_s))
            time.sleep(0.3)
    except Exception as error:  # a level that fails is a finding, not the end of the bench
        page.screenshot(path=str(FAILURE_SCREENSHOT))
        timing.error = (
            f"{type(error).__name__}: {str(error).splitlines()[0][:160]} (after {len(timing.click_ms)} clicks; "
            f"area in view {area_in_view(page)!r}, {page.url}; screenshot {FAILURE_SCREENSHOT})"
        )
    return timing


def first_click(page: Page, pixel: Any, area: str, timeout_s: float) -> RedrawTiming:
    """The click made as soon as the first map is drawn, then Back, then a wait until the page is quiet.

    At that moment the page is still asking for its other parts (figures, ranking, tabs, texts),
    and the click's own requests queue behind theirs: this one click took 768–1,138 ms where the
    clicks after it took 496–660. It is timed and shown on its own line; the ``runs`` clicks of
    each level start on a page that has had no request under way for half a second, as a person
    who looks at the map before clicking it finds it."""
    in_flight: set[Any] = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    timing = RedrawTiming("first click, page still loading", area, budgeted=False)
    timing.click_ms.append(click_and_time(page, pixel(), area, timeout_s))
    timing.back_ms.append(back_and_time(page, "", timeout_s))
    quiet_since, deadline = time.monotonic(), time.monotonic() + timeout_s
    while time.monotonic() - quiet_since < QUIET_S:
        assert time.monotonic() < deadline, f"the page never had no request under way for {QUIET_S} s"
        page.wait_for_timeout(50)
        if in_flight:
            quiet_since = time.monotonic()
    return timing


def redraw_timings(
    base: str, *, runs: int, village_code: str | None = None, timeout_s: float = 60
) -> list[RedrawTiming]:
    """Click to redrawn at the country, a province and a district, ``runs`` times each."""
    sys.path.insert(0, str(PERF_TOOLS))
    from measure_page import FLAGS  # the harness's browser flags: same browser set-up as (a)

    with signed_in(base) as session:
        goal = targets(base, session, SERVED_DATABASES[base], village_code)
        cookies = browser_cookies(session, base)
    lon, lat, code = goal.village
    province, district = code[:2], code[:4]
    timings = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
            context.add_cookies(cookies)  # type: ignore[arg-type]
            page = context.new_page()
            page.add_init_script(f"({MARK_CLICKS})()")
            page.goto(f"{base}/", wait_until="load", timeout=timeout_s * 1000)
            page.wait_for_selector(APP_SELECTOR, state="visible", timeout=timeout_s * 1000)
            village_pixel = lambda: pixel_of(page, lon, lat)  # noqa: E731 - the map moves: asked before each click
            district_pixel = lambda: aim_at_district(page, goal.district_spots, district)  # noqa: E731
            timings.append(first_click(page, village_pixel, province, timeout_s))
            levels = [
                ("country > province", village_pixel, province, ""),
                ("province > district", district_pixel, district, province),
                ("district > village", village_pixel, code, district),
            ]
            for level, pixel, area, above in levels:
                timing = time_level(page, level, pixel, area, above, runs, timeout_s)
                timings.append(timing)
                print(f"(f) {level}: {timing}", file=sys.stderr)
                if timing.error:
                    break
                click_and_time(page, pixel(), area, timeout_s)  # down to the next level
        finally:
            browser.close()
    return timings


def redraw_table(timings: list[RedrawTiming], budget_ms: int) -> list[str]:
    heading = f"(f) click on the map to the map redrawn, ms (p95 budget {budget_ms})"
    lines = [f"{heading:<54}{'p50':>6}{'p95':>6}{'back p50':>10}{'p95':>6}  runs"]
    for t in timings:
        (click_p50, click_p95), (back_p50, back_p95) = t.summary(t.click_ms), t.summary(t.back_ms)
        verdict = "" if click_p95 is None or not t.budgeted else ("within" if click_p95 <= budget_ms else "OVER")
        failed = f"  FAILED {t.error}" if t.error else ""
        lines.append(
            f"  {t.level + ' ' + t.clicked:<52}{click_p50 or '-':>6}{click_p95 or '-':>6}{back_p50 or '-':>10}"
            f"{back_p95 or '-':>6}  {len(t.click_ms)} {verdict}{failed}"
        )
    return lines
