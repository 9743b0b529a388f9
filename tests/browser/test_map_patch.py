"""A metric or language switch patches the map in the browser: the map it ends with is the one a
fresh page load of the same URL draws (colours, sizes, legend, hover texts), overlays included."""

from __future__ import annotations

import pytest

from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.browser.test_map_page import click, drawn_points, legend_texts, url, wait_for
from tests.databases import dashboard

pytestmark = pytest.mark.browser

SURAT_THANI = "/?area=84"
SURAT_THANI_VILLAGES = "395"
"""A province: its villages are named (hover texts in the page's language) and outlined."""

MAP_TRACES = """
const gd = document.querySelector('#map .js-plotly-plot');
const count = values => values ? (values.length !== undefined ? values.length : values.bdata.length) : 0;
return gd._fullData.map(t => ({
  uid: t.uid, layer: (t.meta || {}).layer || '', name: t.name, legend: t.showlegend,
  colour: JSON.stringify(t.marker && t.marker.color), size: JSON.stringify(t.marker && t.marker.size),
  hover: t.hovertemplate, text: JSON.stringify(t.text), z: JSON.stringify(t.z), points: count(t.lat),
}));
"""
"""Each drawn trace as Plotly holds it after defaults (``_fullData``): what the user sees of it."""


@pytest.fixture
def map_page(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    return dash_duo


def map_traces(dash_duo) -> list[dict]:
    return dash_duo.driver.execute_script(MAP_TRACES)


def test_switching_metric_and_language_ends_with_the_map_a_fresh_load_draws(map_page):
    map_page.driver.get(map_page.server_url + SURAT_THANI)
    wait_for(map_page, lambda: drawn_points(map_page) == SURAT_THANI_VILLAGES, timeout=60)
    click(map_page, map_page.find_element("#tickets-map-switch"))
    wait_for(map_page, lambda: any(text.startswith("เรื่องค้าง (") for text in legend_texts(map_page)))
    overlay_traces = [trace["layer"] for trace in map_traces(map_page)].count("tickets")

    click(map_page, map_page.find_element("label[for*='volunteer'], #metric label:nth-of-type(2)"))
    wait_for(map_page, lambda: any(text.startswith("มีอาสาสมัคร") for text in legend_texts(map_page)))
    click(map_page, map_page.find_element("#lang-en"))
    wait_for(map_page, lambda: any(text.startswith("Has a volunteer") for text in legend_texts(map_page)))
    wait_for(map_page, lambda: any(text.startswith("Open tickets (") for text in legend_texts(map_page)))
    patched = map_traces(map_page)
    assert [trace["layer"] for trace in patched].count("tickets") == overlay_traces  # once, in English

    map_page.driver.get(url(map_page))  # the same view, drawn from scratch (the overlay is off again)
    wait_for(map_page, lambda: drawn_points(map_page) == SURAT_THANI_VILLAGES, timeout=60)
    fresh = map_traces(map_page)
    assert [trace for trace in patched if trace["layer"] != "tickets"] == fresh
    assert map_page.get_logs() == []
