"""The coverage map as a user meets it, in Debian's Chromium, on the full demo database."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import text

from dashboard.i18n import t
from store.core.access import Role
from store.core.db import make_engine
from tests.browser.conftest import page_errors
from tests.browser.sign_in import start_signed_in
from tests.databases import dashboard

pytestmark = pytest.mark.browser

ALL_VILLAGES = "24700"


@pytest.fixture
def map_page(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.EXECUTIVE)
    return dash_duo


def wait_for(dash_duo, condition, timeout=30):
    """Wait until ``condition()`` is truthy; elements replaced by a re-render are simply looked up again."""
    wait = WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(lambda driver: condition())


def url(dash_duo) -> str:
    return dash_duo.driver.current_url


def drawn_points(dash_duo) -> str | None:
    return dash_duo.driver.execute_script(
        "const map = document.getElementById('map'); return map && map.getAttribute('data-map-drawn');"
    )


def click(dash_duo, element) -> None:
    """Click an element wherever it is on the (tall) page: the browser's own click on it."""
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def click_on_map(dash_duo, point: dict) -> None:
    """What Plotly emits when the user clicks a shape or point of the map."""
    dash_duo.driver.execute_script(
        "document.querySelector('#map .js-plotly-plot').emit('plotly_click', {points: [arguments[0]]});", point
    )


def click_ranking_row(dash_duo, name: str) -> None:
    link = wait_for(
        dash_duo,
        lambda: next(
            (a for a in dash_duo.driver.find_elements(By.CSS_SELECTOR, ".ranking-table a") if a.text == name), None
        ),
    )
    click(dash_duo, link)


def ranking_names(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('.ranking-table tbody a')].map(link => link.textContent);"
    )


def legend_texts(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#map .legendtext')].map(element => element.textContent);"
    )


def test_country_map_shows_every_village_in_thai(map_page):
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    map_page.wait_for_text_to_equal("#app-title", "แดชบอร์ดเน็ตประชารัฐ")
    assert any(text.startswith("ออนไลน์ (") for text in legend_texts(map_page))
    assert "1 ก.พ. 2562" in map_page.find_element("#as-of-label").text
    assert map_page.find_element("#kpi-villages").text == "24,700"
    # the ranking leads with the province furthest behind; Bangkok (no villages) comes last
    names = wait_for(map_page, lambda: ranking_names(map_page))
    assert len(names) == 10 and names[0] == "นครศรีธรรมราช"  # the ten furthest behind, worst first
    click(map_page, map_page.driver.find_element(By.XPATH, "//button[.='แสดงทั้งหมด 77 รายการ']"))
    wait_for(map_page, lambda: len(ranking_names(map_page)) == 77)
    assert ranking_names(map_page)[-1] == "กรุงเทพมหานคร"
    # a click on a header sorts by that column (Bangkok has the fewest villages: none)
    header = "//table[contains(@class, 'ranking-table')]//th/button[.='หมู่บ้าน']"
    click(map_page, map_page.driver.find_element(By.XPATH, header))
    wait_for(map_page, lambda: ranking_names(map_page)[0] == "กรุงเทพมหานคร")
    assert map_page.get_logs() == []


LAYOUT_REQUESTS_JS = """const page = performance.getEntriesByType('navigation')[0];
return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/_dash-layout')
    .map(e => e.startTime < page.domInteractive);"""
"""For each layout request of the page: did it start before the parser had run every script?"""


def test_the_layout_is_asked_for_once_while_the_scripts_still_load(map_page):
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    # started from the page's <head> (assets/layout_prefetch.js) and handed to dash-renderer, whose
    # own request would start only after the last script of the page had run
    assert map_page.driver.execute_script(LAYOUT_REQUESTS_JS) == [True]
    assert map_page.get_logs() == []


def test_drill_down_and_back_up(map_page):
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    # switch metric
    click(map_page, map_page.find_element("label[for*='volunteer'], #metric label:nth-of-type(2)"))
    wait_for(map_page, lambda: "metric=volunteer" in url(map_page))
    wait_for(map_page, lambda: any(text.startswith("มีอาสาสมัคร") for text in legend_texts(map_page)))
    # click a province on the map
    click_on_map(map_page, {"location": "84"})
    wait_for(map_page, lambda: "area=84" in url(map_page))
    map_page.wait_for_text_to_equal("#crumb-84", "สุราษฎร์ธานี")
    wait_for(map_page, lambda: drawn_points(map_page) == "395")
    # click a district in the ranking
    click_ranking_row(map_page, "เกาะพะงัน")
    wait_for(map_page, lambda: "area=8405" in url(map_page))
    # open a village from the ranking
    wait_for(map_page, lambda: map_page.find_element("#ranking-title").text == "หมู่บ้าน")
    village_name = ranking_names(map_page)[0]
    click_ranking_row(map_page, village_name)
    map_page.wait_for_element("#village-detail")
    assert village_name in map_page.find_element("#village-detail").text
    assert "•••" in map_page.find_element("#village-detail").text  # volunteer masked
    assert map_page.find_element("#village-tickets").text.startswith("เรื่องแจ้งปัญหา: ค้าง ")  # its ticket counts
    # back up by the breadcrumb, then forward by the browser's Back
    click(map_page, map_page.find_element("#crumb-84 a"))
    wait_for(map_page, lambda: url(map_page).endswith("area=84&metric=volunteer&lang=th&as_of=2019-02-01"))
    map_page.driver.back()
    wait_for(map_page, lambda: "area=8405" in url(map_page) and len(url(map_page).split("area=")[1].split("&")[0]) == 8)
    map_page.wait_for_element("#village-detail")
    assert map_page.get_logs() == []


def test_language_switch_and_shared_link(map_page):
    map_page.driver.get(map_page.server_url + "/?area=84&metric=training&lang=en&as_of=2018-12-15")
    map_page.wait_for_text_to_equal("#app-title", "Net Pracharat Dashboard")
    map_page.wait_for_text_to_equal("#crumb-84", "Surat Thani")
    assert "15 Dec 2018" in map_page.find_element("#as-of-label").text
    wait_for(map_page, lambda: any(text.startswith("Not trained yet") for text in legend_texts(map_page)))
    click(map_page, map_page.find_element("#lang-th"))
    map_page.wait_for_text_to_equal("#app-title", "แดชบอร์ดเน็ตประชารัฐ")
    assert "15 ธ.ค. 2561" in map_page.find_element("#as-of-label").text
    assert "area=84" in url(map_page) and "metric=training" in url(map_page)
    assert map_page.get_logs() == []


def drawn_area(dash_duo) -> str | None:
    """The area of the map on screen (the figure's uirevision, marked once MapLibre has drawn it)."""
    return dash_duo.driver.execute_script("return document.getElementById('map').getAttribute('data-map-area');")


def current_area(dash_duo) -> str:
    return parse_qs(urlsplit(url(dash_duo)).query).get("area", [""])[0]


def villages_in(database_url: str, area: str) -> str:
    """How many villages the map draws for ``area``: its own, or its district's for a village."""
    shown = area[:4] if len(area) == 8 else area
    with make_engine(database_url).connect() as connection:
        count = connection.scalar(text("SELECT COUNT(*) FROM villages WHERE code LIKE :area"), {"area": f"{shown}%"})
    return str(count)


def a_village_point(dash_duo) -> dict:
    """A village point of the map as Plotly reports a click on it (its code, where it is)."""
    return dash_duo.driver.execute_script(
        "const gd = document.querySelector('#map .js-plotly-plot');"
        "const trace = gd._fullData.find("
        "  t => t.meta && t.meta.layer === 'villages' && t.customdata && t.customdata.length);"
        "return {customdata: trace.customdata[0], lat: trace.lat[0], lon: trace.lon[0]};"
    )


def switch_on(dash_duo, switch_id: str) -> None:
    click(dash_duo, dash_duo.find_element(f"#{switch_id}"))


def test_walk_down_and_up_by_clicks_in_every_order(map_page, demo_database_url):
    """Map clicks, ranking clicks, crumbs, overlays, Back and Forward, the language: the map follows every step.

    Going back up after drilling down by clicks used to leave the map at the old area with a
    handful of points and an uncaught "Map error." (an empty trace removed by plotly.js).
    """

    def arrive(area: str) -> None:
        try:
            wait_for(map_page, lambda: current_area(map_page) == area)
        except TimeoutException:
            crumbs = map_page.driver.execute_script("return document.getElementById('breadcrumb').innerHTML")
            raise AssertionError(f"{area}: the URL says {current_area(map_page)!r}; {crumbs}") from None
        expected = villages_in(demo_database_url, area)
        try:
            wait_for(map_page, lambda: drawn_area(map_page) == area and drawn_points(map_page) == expected, timeout=30)
        except TimeoutException:
            shown = f"{drawn_area(map_page)!r} with {drawn_points(map_page)} points"
            raise AssertionError(f"{area}: the map shows {shown}, not {expected}: {page_errors(map_page)}") from None
        assert page_errors(map_page) == []

    def crumb(code: str) -> None:
        here = f"crumb-{current_area(map_page) or 'th'}"
        wait_for(map_page, lambda: map_page.driver.execute_script(f"return !!document.querySelector('#{here}.active')"))
        click(map_page, map_page.find_element(f"#crumb-{code or 'th'} a"))
        arrive(code)

    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    click_on_map(map_page, {"location": "84"})  # at once: the map answers from the moment it is drawn
    arrive("84")
    click_on_map(map_page, {"location": "8401"})
    arrive("8401")
    crumb("")  # district → country, skipping the province
    click_on_map(map_page, {"location": "84"})
    arrive("84")
    switch_on(map_page, "tickets-map-switch")  # overlays patched onto the figure, then the views change under them
    switch_on(map_page, "showcase-layer-switch")
    click_ranking_row(map_page, "เกาะพะงัน")
    arrive("8405")
    village = a_village_point(map_page)
    click_on_map(map_page, village)  # a village opened by clicking its point
    arrive(village["customdata"])
    crumb("84")
    crumb("")
    click_on_map(map_page, {"location": "84"})
    arrive("84")
    click_on_map(map_page, {"location": "8405"})
    arrive("8405")
    click_on_map(map_page, a_village_point(map_page))
    wait_for(map_page, lambda: len(current_area(map_page)) == 8)  # the URL follows the click a moment later
    village_code = current_area(map_page)
    arrive(village_code)
    crumb("8405")
    map_page.driver.back()  # the browser's Back and Forward redraw what they return to
    arrive(village_code)
    map_page.driver.forward()
    arrive("8405")
    crumb("")
    click_on_map(map_page, {"location": "84"})
    arrive("84")
    click(map_page, map_page.find_element("#lang-en"))  # the language switch redraws the legend in English
    wait_for(map_page, lambda: any(text.startswith("Online") for text in legend_texts(map_page)))
    assert not [text for text in legend_texts(map_page) if text.startswith("ออนไลน์")]
    wait_for(map_page, lambda: map_page.find_element("#app-title").text == t("app_title", "en"))  # the fixed texts
    tab_labels = lambda: [tab.text for tab in map_page.driver.find_elements(By.CSS_SELECTOR, "#right-tabs .nav-link")]  # noqa: E731
    wait_for(map_page, lambda: tab_labels()[1] == t("tab_tickets", "en"))


def ranking_scroll_top(dash_duo) -> int:
    return dash_duo.driver.execute_script("return document.getElementById('ranking').scrollTop;")


def test_a_new_areas_ranking_opens_at_its_top(map_page):
    """Scrolled to the bottom of the 77 provinces, a click on the last one (Bangkok, 50 districts)
    opens its districts from the first row: the worst are never hidden above."""
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    click(map_page, map_page.driver.find_element(By.XPATH, "//button[.='แสดงทั้งหมด 77 รายการ']"))
    wait_for(map_page, lambda: len(ranking_names(map_page)) == 77)
    map_page.driver.execute_script("const box = document.getElementById('ranking'); box.scrollTop = box.scrollHeight;")
    assert ranking_scroll_top(map_page) > 1000
    link = map_page.driver.find_element(By.CSS_SELECTOR, "#rank-10 a")
    map_page.driver.execute_script("arguments[0].click();", link)  # no scrolling: the user clicks what is on screen
    wait_for(map_page, lambda: len(ranking_names(map_page)) == 50 and "เขตปทุมวัน" in ranking_names(map_page))
    wait_for(map_page, lambda: ranking_scroll_top(map_page) == 0)
    by_code = ranking_names(map_page)
    # sorting the same area keeps the position the user scrolled to
    map_page.driver.execute_script("document.getElementById('ranking').scrollTop = 300;")
    header = map_page.driver.find_element(By.XPATH, "//table[contains(@class, 'ranking-table')]//th/button[.='ชื่อ']")
    map_page.driver.execute_script("arguments[0].click();", header)
    wait_for(map_page, lambda: ranking_names(map_page) == sorted(by_code) != by_code)
    assert ranking_scroll_top(map_page) == 300
    assert map_page.get_logs() == []


def test_a_subdistrict_link_shows_its_villages(map_page):
    map_page.driver.get(map_page.server_url + "/?area=840101&lang=en")
    map_page.wait_for_text_to_equal("#crumb-840101", "Talat")
    map_page.wait_for_text_to_equal("#ranking-title", "Villages")
    villages = int(map_page.find_element("#kpi-villages").text)
    wait_for(map_page, lambda: drawn_points(map_page) == str(villages))
    assert villages == len(ranking_names(map_page)) > 0
    assert map_page.find_element("#crumb-8401 a").text == "Mueang Surat Thani"  # up to its district
    assert map_page.get_logs() == []


def test_a_click_before_dash_has_bound_its_handler_still_drills_down(map_page):
    """dcc.Graph binds its click handler only when Plotly's react() has resolved, on a busy machine a
    second or more after the map is on screen; a click in between used to be lost. Here dcc.Graph's
    handler is taken away, as it is in that second, and the click must still drill down."""
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    map_page.driver.execute_script(
        "const graph = document.querySelector('#map .js-plotly-plot');"
        "graph._ev.listeners('plotly_click').filter(handler => !handler.earlyClick)"
        "  .forEach(handler => graph.removeListener('plotly_click', handler));"
    )
    click_on_map(map_page, {"location": "84"})
    wait_for(map_page, lambda: "area=84" in url(map_page))
    map_page.wait_for_text_to_equal("#crumb-84", "สุราษฎร์ธานี")
    assert page_errors(map_page) == []


POSTED_OUTPUTS_JS = """
window.__posted = [];
const networkFetch = window.fetch;
window.fetch = function (input, init) {
  if (String(input).includes('_dash-update-component') && init && init.body) {
    window.__posted.push(JSON.parse(init.body).output);
  }
  return networkFetch.apply(this, arguments);
};
"""


def posted_outputs(dash_duo) -> list[str]:
    """The outputs of every callback request the page has posted since ``POSTED_OUTPUTS_JS`` ran."""
    return dash_duo.driver.execute_script("return window.__posted;")


def test_a_drill_down_posts_nothing_for_the_closed_tabs_and_an_opened_tab_shows_the_view(map_page):
    """callbacks/tab_views.py: the Tickets and Showcase tabs follow the URL only while open, and the
    overlays' callback is posted only when an overlay is on."""
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    map_page.driver.execute_script(POSTED_OUTPUTS_JS)
    click_on_map(map_page, {"location": "84"})
    wait_for(map_page, lambda: drawn_points(map_page) == "395")
    wait_for(map_page, lambda: "map.figure" in " ".join(posted_outputs(map_page)))
    posted = " ".join(posted_outputs(map_page))
    for closed in ("tickets-heading", "tickets-summary", "showcase-kind", "showcase-cards", "map-overlays-on-map"):
        assert closed not in posted, f"{closed} posted with its tab closed: {posted_outputs(map_page)}"
    for fixed_text in ("app-title", "tickets-tab.label"):  # callbacks/texts.py: the language did not change
        assert fixed_text not in posted, f"{fixed_text} posted on a drill-down: {posted_outputs(map_page)}"
    assert "ranking-sort" not in posted, f"the new ranking's buttons posted a sort: {posted_outputs(map_page)}"

    tickets_tab = map_page.driver.find_elements(By.CSS_SELECTOR, "#right-tabs .nav-link")[1]  # Overview, Tickets
    click(map_page, tickets_tab)
    heading = lambda: map_page.find_element("#tickets-heading").text  # noqa: E731
    wait_for(map_page, lambda: heading().endswith("สุราษฎร์ธานี"))
    click(map_page, map_page.find_element("#crumb-th a"))  # back to the country, the tab open: it follows
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES)
    wait_for(map_page, lambda: heading().startswith("เรื่องแจ้งปัญหา") and not heading().endswith("สุราษฎร์ธานี"))
    assert map_page.get_logs() == []
