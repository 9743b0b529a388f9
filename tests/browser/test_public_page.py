"""The signed-out aggregate page (``PUBLIC_READ=aggregate``) as a visitor's browser loads it: the
map, the figures, and not one callback the server refuses; signed in, the same server still gives
an officer the tickets, the showcase and the exports."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from auth.gate import PUBLIC_REFUSED_COMPONENTS, output_components
from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.databases import dashboard

pytestmark = pytest.mark.browser

ALL_VILLAGES = "24700"
FAILED = range(400, 600)

RECORD_CALLBACK_POSTS = """
window.callbackPosts = [];
const pageFetch = window.fetch;
window.fetch = async function (resource, init) {
  const response = await pageFetch.apply(this, arguments);
  if (String(resource && resource.url ? resource.url : resource).includes('_dash-update-component')) {
    let output = null;
    try { output = JSON.parse(init.body).output; } catch (error) { output = String(error); }
    window.callbackPosts.push({output: output, status: response.status});
  }
  return response;
};
"""
"""Records each callback the page posts (its output key) and the server's answer."""


@pytest.fixture
def public_app(showcase_database_url, monkeypatch):
    monkeypatch.setenv("PUBLIC_READ", "aggregate")
    return dashboard(showcase_database_url)


@pytest.fixture
def recorded(dash_duo):
    """The browser records every callback post of the pages it opens from now on."""
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACK_POSTS})
    return dash_duo


def wait_for(dash_duo, condition, timeout=60):
    wait = WebDriverWait(dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(lambda driver: condition())


def settled(dash_duo) -> None:
    """Wait until the page has no callback pending (every post has had its answer)."""
    wait_for(dash_duo, lambda: dash_duo.redux_state_rqs == [])


def callback_posts(dash_duo) -> list[dict]:
    return dash_duo.driver.execute_script("return window.callbackPosts;")


def requests_answered(dash_duo, statuses: range) -> list[tuple[str, int]]:
    """The page's requests the server answered with one of ``statuses`` (Resource Timing)."""
    entries = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus]);"
    )
    return [(name, status) for name, status in entries if status in statuses]


def drawn_points(dash_duo) -> str | None:
    return dash_duo.driver.execute_script(
        "const map = document.getElementById('map'); return map && map.getAttribute('data-map-drawn');"
    )


def kpi_text(dash_duo) -> str:
    return dash_duo.find_element("#kpis").text


def tab_labels(dash_duo) -> list[str]:
    return [link.text for link in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#right-tabs .nav-link")]


def click(dash_duo, element) -> None:
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def test_the_public_page_draws_the_map_and_figures_and_posts_nothing_refused(recorded, public_app):
    recorded.start_server(public_app)
    wait_for(recorded, lambda: drawn_points(recorded) == ALL_VILLAGES)
    wait_for(recorded, lambda: "24,700" in kpi_text(recorded))
    first_province = wait_for(recorded, lambda: recorded.driver.find_elements(By.CSS_SELECTOR, ".ranking-table a"))[0]
    name = first_province.text
    click(recorded, first_province)  # a drill-down: the map is drawn again for the province
    wait_for(recorded, lambda: name in recorded.find_element("#breadcrumb").text)
    settled(recorded)
    posts = callback_posts(recorded)
    assert {post["status"] for post in posts} <= {200, 204}
    assert any("kpis" in post["output"] for post in posts)
    assert [post["output"] for post in posts if output_components(post["output"]) & PUBLIC_REFUSED_COMPONENTS] == []
    assert requests_answered(recorded, FAILED) == []
    assert tab_labels(recorded) == ["ภาพรวม"]
    assert not recorded.driver.find_elements(By.CSS_SELECTOR, "#tickets-map-switch, #map-download-html")
    assert recorded.get_logs() == []


def test_signed_in_on_the_same_server_an_officer_has_tickets_showcase_and_exports(recorded, public_app):
    start_signed_in(recorded, public_app, Role.OFFICER, ("84",))
    wait_for(recorded, lambda: drawn_points(recorded) == ALL_VILLAGES)
    assert tab_labels(recorded) == ["ภาพรวม", "เรื่องแจ้งปัญหา", "ของดีหมู่บ้าน"]
    click(recorded, recorded.find_element("#tickets-map-switch"))  # the open tickets drawn over the map
    tickets_tab, showcase_tab = recorded.driver.find_elements(By.CSS_SELECTOR, "#right-tabs .nav-link")[1:]
    click(recorded, tickets_tab)
    wait_for(recorded, lambda: recorded.find_element("#tickets-count-not_started").text)
    assert "/api/v1/exports/villages.csv" in recorded.find_element("#villages-export-csv").get_attribute("href")
    assert recorded.find_element("#villages-export-xlsx").text  # the XLSX export's button, labelled
    click(recorded, showcase_tab)
    wait_for(recorded, lambda: recorded.driver.find_elements(By.CSS_SELECTOR, "#showcase-cards .showcase-card"))
    settled(recorded)
    posts = callback_posts(recorded)
    answered = {component for post in posts if post["status"] == 200 for component in output_components(post["output"])}
    assert {"tickets-summary", "showcase-cards", "map-overlays-on-map"} <= answered
    assert requests_answered(recorded, FAILED) == []
    assert recorded.get_logs() == []
