"""The open-ticket map layer as a user meets it: switched on over the country, kept while drilling down."""

from __future__ import annotations

import pytest

from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.browser.test_map_page import ALL_VILLAGES, click, click_on_map, drawn_points, legend_texts, url, wait_for
from tests.databases import dashboard

pytestmark = pytest.mark.browser

TICKET_TRACES = """
const graph = document.querySelector('#map .js-plotly-plot');
return (graph._fullData || []).filter((trace) => trace.meta && trace.meta.layer === 'tickets')
  .map((trace) => ({codes: [...(trace.customdata || [])], points: trace.lat ? trace.lat.length : 0}));
"""


@pytest.fixture
def map_page(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    return dash_duo


def ticket_codes(dash_duo) -> list[str]:
    """Area codes of the coloured ticket circles (the dark rings under them carry none)."""
    return [code for trace in dash_duo.driver.execute_script(TICKET_TRACES) for code in trace["codes"]]


def test_open_tickets_over_the_country_then_a_province(map_page):
    wait_for(map_page, lambda: drawn_points(map_page) == ALL_VILLAGES, timeout=60)
    map_page.wait_for_text_to_equal("label[for='tickets-map-switch']", "แสดงเรื่องค้างบนแผนที่")
    click(map_page, map_page.find_element("#tickets-map-switch"))
    wait_for(map_page, lambda: any(text.startswith("เรื่องค้าง (") for text in legend_texts(map_page)))
    provinces = wait_for(map_page, lambda: ticket_codes(map_page))
    assert all(len(code) == 2 for code in provinces) and "84" in provinces
    # the villages are still all drawn under the layer
    assert drawn_points(map_page) == ALL_VILLAGES
    # drill into Surat Thani: the layer stays on and shows villages
    click_on_map(map_page, {"location": "84"})
    wait_for(map_page, lambda: "area=84" in url(map_page))
    wait_for(map_page, lambda: drawn_points(map_page) == "395")
    villages = wait_for(map_page, lambda: [code for code in ticket_codes(map_page) if len(code) == 8])
    assert all(code.startswith("84") for code in ticket_codes(map_page)) and len(villages) > 1
    assert map_page.find_element("#tickets-map-switch").is_selected()
    assert any(text.startswith("เรื่องค้าง (") for text in legend_texts(map_page))
    # and off again
    click(map_page, map_page.find_element("#tickets-map-switch"))
    wait_for(map_page, lambda: ticket_codes(map_page) == [])
    assert drawn_points(map_page) == "395"
    assert map_page.get_logs() == []
