"""The map frames its area on every screen: a phone, a tablet, a desktop and the wall display.

At each level the test measures in the page, with the map's own ``map.project``: every point of
the area's polygon and every village point lies inside the map, the polygon fills the map (on
its width or its height), nothing but the map's own controls covers it, the legend and the colour
bar are whole and outside the map, and the page is no wider than the screen. Phones and tablets
are emulated as touch devices (CDP) and drill down by taps, as a user's thumb does. One browser
per size walks every level; the phone is also turned on its side.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.browser.test_map_page import current_area, drawn_area, wait_for
from tests.databases import dashboard

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
MEASURE = (HERE / "framing.js").read_text()
TAP_TARGET = (HERE / "tap_target.js").read_text()
MAP = "#map .js-plotly-plot"
FILLED_SHARE = 0.8  # of the map's width or height that the area spans: the area fills the map


def emulate(driver, width: int, height: int, *, touch: bool) -> None:
    """The screen of a phone, tablet (touch, a mobile viewport) or desktop; Chromium's own emulation."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": touch},
    )
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": touch, "maxTouchPoints": 5})


def tap(driver, x: float, y: float) -> None:
    """A finger's tap at viewport CSS pixels (x, y)."""
    point = {"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1}
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def framed(driver, selector: str) -> bool:
    """The map has been framed for its present size (assets/map_framing.js) and stands still."""
    return driver.execute_script(
        "const g = document.querySelector(arguments[0]); if (!g || !g._fullLayout || !g._fullLayout.map) return false;"
        "const map = g._fullLayout.map._subplot.map, c = map.getContainer();"
        "return g.getAttribute('data-framed') === c.clientWidth + 'x' + c.clientHeight"
        "  && map.loaded() && !map.isMoving();",
        selector,
    )


def map_width(driver, selector: str) -> int:
    """The width of the map itself (MapLibre's box: Plotly resizes it after its graph)."""
    return driver.execute_script(
        "const g = document.querySelector(arguments[0]); const map = g && g._fullLayout && g._fullLayout.map;"
        "return map ? map._subplot.map.getContainer().clientWidth : 0;",
        selector,
    )


def measure(driver, selector: str, layer: str | None, codes: list[str] | None, villages: list[str] | None) -> dict:
    driver.execute_script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center', behavior: 'instant'});", selector
    )
    return driver.execute_async_script(MEASURE, selector, layer, codes, villages)


def assert_area_in_view(seen: dict, where: str, *, fills: bool = True) -> None:
    """What the user must see at one level and size (``seen``: framing.js's measures)."""
    viewport, box = seen["viewport"], seen["map"]
    assert seen["scrollWidth"] <= viewport["width"], f"{where}: the page scrolls sideways: {seen['scrollWidth']}"
    assert box["left"] >= 0 and box["right"] <= viewport["width"] + 0.5, f"{where}: the map is cut: {box}"
    assert box["height"] <= viewport["height"], f"{where}: the map is taller than the screen: {box}"
    assert seen["polygonOutside"] == 0, f"{where}: {seen['polygonOutside']} of {seen['polygonPoints']} outside"
    assert seen["villages"] > 0 and seen["villagesOutside"] == 0, f"{where}: villages outside the map: {seen}"
    if fills:
        assert seen["polygonSpan"] >= FILLED_SHARE, f"{where}: the area fills {seen['polygonSpan']:.0%} of the map"
    assert seen["foreign"] == [], f"{where}: over the map: {seen['foreign']}"
    for name in ("legend", "colorbar"):
        part = seen[name]
        if part is None:
            continue
        whole = part["left"] >= 0 and part["right"] <= viewport["width"] + 0.5 and part["width"] > 0
        assert whole, f"{where}: the {name} is cut: {part}"
        below_or_above = part["top"] >= box["bottom"] - 0.5 or part["bottom"] <= box["top"] + 0.5
        assert below_or_above, f"{where}: the {name} covers the map: {part} over {box}"


def arrive(dash_duo, area: str) -> None:
    """The view of ``area`` is on screen: its map drawn and framed, no callback still running."""
    wait_for(dash_duo, lambda: current_area(dash_duo) == area)
    wait_for(dash_duo, lambda: drawn_area(dash_duo) == area and framed(dash_duo.driver, MAP) and idle(dash_duo))


def idle(dash_duo) -> bool:
    return dash_duo.driver.execute_script("return !document.querySelector('[data-dash-is-loading]');")


def open_by_finger(dash_duo, layer: str | None, code: str | None, *, touch: bool) -> str:
    """Tap (or click, without a touch screen) the area ``code`` on the map, as a user does, and
    answer the area opened: a province anywhere inside it (a country-view dot opens its province
    too), a district away from its villages' points (``None``: the one with most room for a
    finger; a tap next to a village's point opens the village), a village on its point."""
    driver = dash_duo.driver
    driver.execute_script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center', behavior: 'instant'});", MAP
    )
    target = driver.execute_async_script(TAP_TARGET, MAP, layer, code, code is None or len(code) > 2)
    if touch:
        tap(driver, target["x"], target["y"])
    else:
        driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": target["x"], "y": target["y"]})
        time.sleep(0.2)  # a hand rests the mouse on the point before it clicks (plotly.js hovers every 50 ms at most)
        for kind in ("mousePressed", "mouseReleased"):
            driver.execute_cdp_cmd(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": target["x"], "y": target["y"], "button": "left", "clickCount": 1},
            )
    try:
        arrive(dash_duo, target["code"])
    except TimeoutException:
        raise AssertionError(f"a tap at {target} opened {current_area(dash_duo)!r}") from None
    return target["code"]


def a_lone_village(dash_duo) -> str:
    """The village of the map whose point is farthest from any other (a finger finds it)."""
    return dash_duo.driver.execute_script(
        "const g = document.querySelector(arguments[0]); const map = g._fullLayout.map._subplot.map;"
        "const v = g._fullData.filter(t => t.meta && t.meta.layer === 'villages' && t.customdata).flatMap("
        "  t => Array.from(t.lat, (lat, i) => ({code: t.customdata[i], p: map.project([t.lon[i], lat])})));"
        "const room = a => Math.min(...v.filter(b => b !== a).map(b => Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y)));"
        "return v.reduce((best, a) => (room(a) > room(best) ? a : best)).code;",
        MAP,
    )


SCREENS = {"phone": (390, 844, True), "tablet": (768, 1024, True), "desktop": (1600, 1000, False)}


@pytest.mark.parametrize("screen", SCREENS)
def test_every_level_is_framed_and_opened_by_a_tap(dash_duo, demo_database_url, screen):
    """Country → Surat Thani (where the colour bar once covered Ko Pha-ngan) → a district → a village."""
    width, height, touch = SCREENS[screen]
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.ADMIN)
    driver = dash_duo.driver
    emulate(driver, width, height, touch=touch)
    driver.get(dash_duo.server_url + "/?lang=en")
    wait_for(dash_duo, lambda: framed(driver, MAP) and drawn_area(dash_duo) == "" and idle(dash_duo), timeout=60)
    provinces = "/geodata/provinces.geojson"
    assert_area_in_view(measure(driver, MAP, provinces, None, None), f"{screen}, country")

    open_by_finger(dash_duo, provinces, "84", touch=touch)
    assert_area_in_view(measure(driver, MAP, provinces, ["84"], None), f"{screen}, province")
    districts = "/geodata/districts/84.geojson"
    district = open_by_finger(dash_duo, districts, None, touch=touch)
    assert_area_in_view(measure(driver, MAP, districts, [district], None), f"{screen}, district {district}")
    village = a_lone_village(dash_duo)
    open_by_finger(dash_duo, None, village, touch=touch)
    assert_area_in_view(measure(driver, MAP, None, None, [village]), f"{screen}, village", fills=False)

    if screen == "phone":  # turned on its side: the map refits to its new shape
        driver.back()
        arrive(dash_duo, district)
        emulate(driver, height, width, touch=touch)
        wait_for(dash_duo, lambda: map_width(driver, MAP) > width and framed(driver, MAP))
        assert_area_in_view(measure(driver, MAP, districts, [district], None), "phone on its side, district")
    assert dash_duo.get_logs() == []


DISPLAY_MAP = ".display-view[data-active='true'] .js-plotly-plot"


def test_the_wall_display_frames_the_country_and_a_province(dash_duo, demo_database_url):
    """1920×1080, then the same page on a 4K wall (a resize), for the country and for Surat Thani."""
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.ADMIN)
    driver = dash_duo.driver
    provinces = "/geodata/provinces.geojson"
    for area, codes in (("", None), ("84", ["84"])):
        emulate(driver, 1920, 1080, touch=False)
        driver.get(f"{dash_duo.server_url}/display/?views=map-hotspot&area={area}&lang=en")
        WebDriverWait(driver, 60).until(lambda d: framed(d, DISPLAY_MAP))
        for width, height in ((1920, 1080), (3840, 2160)):
            before = map_width(driver, DISPLAY_MAP)
            emulate(driver, width, height, touch=False)
            WebDriverWait(driver, 60).until(
                lambda d, before=before, width=width: (
                    (width == 1920 or map_width(d, DISPLAY_MAP) > before) and framed(d, DISPLAY_MAP)
                )
            )
            seen = measure(driver, DISPLAY_MAP, provinces, codes, None)
            assert_area_in_view(seen, f"display {width}×{height}, area {area or 'country'}")
    assert dash_duo.get_logs() == []


def test_the_ticket_table_on_a_phone_keeps_the_status_workflow(dash_duo, demo_database_url):
    """390×844: the ticket number, status and title, nothing wider than the screen, a tap on a row
    opens the ticket with its status change, inputs at 16 px (no zoom on focus); wider, every column."""
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.ADMIN)
    driver = dash_duo.driver
    emulate(driver, 390, 844, touch=True)
    driver.get(f"{dash_duo.server_url}/tickets/?area=84&lang=en")
    columns = (
        "return [...document.querySelectorAll('#tickets-grid .ag-header-cell')].map(c => c.getAttribute('col-id'));"
    )
    wait_for(dash_duo, lambda: driver.execute_script(columns) == ["id", "status", "title_th"])
    assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth;")
    # a row of the grid's infinite model is drawn as a loading stub before its page of rows comes:
    # a tap on a stub opens nothing (it once did so on a busy machine), so the tap waits for the row
    cell = "#tickets-grid .ag-center-cols-container .ag-row[row-index='0']:not(.ag-row-loading) [col-id='status']"
    wait_for(dash_duo, lambda: driver.execute_script(f"return !!document.querySelector({cell!r})?.textContent.trim()"))
    target = driver.execute_script(
        f"const c = document.querySelector({cell!r}); c.scrollIntoView({{block: 'center', behavior: 'instant'}});"
        "const r = c.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2};"
    )
    tap(driver, target["x"], target["y"])
    dash_duo.wait_for_element("#tickets-modal-body .badge")
    sizes = driver.execute_script(
        "return [...document.querySelectorAll('#tickets-modal select, #tickets-modal textarea, #tickets-modal input')]"
        ".map((field) => parseFloat(getComputedStyle(field).fontSize));"
    )
    assert sizes, "the ticket has no status change form"
    assert min(sizes) >= 16, sizes
    emulate(driver, 1600, 1000, touch=False)
    wait_for(dash_duo, lambda: len(driver.execute_script(columns)) == 9)
    assert dash_duo.get_logs() == []
