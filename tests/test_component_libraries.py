"""Which component libraries each Dash app of the server puts in its index page (no browser)."""

from __future__ import annotations

import re

import pytest
from dash import Dash, html

from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.component_libraries import exclude_component_libraries


def scripts(client, path: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', client.get(path).get_data(as_text=True))


@pytest.fixture
def client(tmp_path):
    url = new_database_url(tmp_path, "small")
    add_small_tickets(build_small_database(url))
    return signed_in_client(dashboard(url).server)


def test_map_page_and_display_leave_the_data_grid_out_and_the_ticket_table_loads_it(client):
    assert not [src for src in scripts(client, "/") if "dash_ag_grid" in src]
    assert not [src for src in scripts(client, "/display/") if "dash_ag_grid" in src]
    assert [src for src in scripts(client, "/display/") if "plotly-custom" in src]
    grid = [src for src in scripts(client, "/tickets/") if "dash_ag_grid" in src]
    assert grid and grid[0].startswith("/tickets/_dash-component-suites/dash_ag_grid/")
    assert client.get(grid[0]).status_code == 200
    assert [src for src in scripts(client, "/") if "dash_bootstrap_components" in src]


def test_no_page_loads_the_data_table_and_the_plotly_pages_leave_the_polyfill_out(client):
    """The map page and the display load our plotly.js bundle, which defines regeneratorRuntime
    (frontend/src/plotly-custom.js) before the component bundles; the ticket table keeps dash's
    polyfill. React, dash-renderer and the component bundles stay on every page."""
    pages = {path: scripts(client, path) for path in ("/", "/display/", "/tickets/")}
    for path, sources in pages.items():
        assert not [src for src in sources if "dash_table" in src], path
        assert [src for src in sources if "react-dom@" in src] and [src for src in sources if "dash_renderer" in src]
    for path in ("/", "/display/"):
        sources = pages[path]
        bundle = next(i for i, src in enumerate(sources) if "plotly-custom" in src)
        assert not [src for src in sources if "polyfill@" in src], path
        assert bundle < next(i for i, src in enumerate(sources) if "dash_core_components" in src)
    assert [src for src in pages["/tickets/"] if "polyfill@" in src]


def test_the_plotly_bundle_defines_the_regenerator_runtime(client):
    source = next(src for src in scripts(client, "/") if "plotly-custom" in src)
    bundle = client.get(source, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    assert "regeneratorRuntime" in bundle and bundle.startswith("/* plotly.js v")


def test_exclusion_is_per_app():
    import dash_ag_grid  # noqa: F401  (registers its scripts globally, as the ticket table does)

    kept, trimmed = Dash(__name__), Dash(__name__)
    exclude_component_libraries(trimmed, {"dash_ag_grid"})
    for app in (kept, trimmed):
        app.layout = html.Div()
    namespaces = [{s.get("namespace") for s in app.scripts.get_all_scripts()} for app in (kept, trimmed)]
    assert "dash_ag_grid" in namespaces[0]
    assert "dash_ag_grid" not in namespaces[1]


def asset_files(client, path: str) -> set[str]:
    """Our assets/ files an app's page links (scripts and stylesheets)."""
    page = client.get(path).get_data(as_text=True)
    return set(re.findall(r"/assets/([\w.-]+?\.(?:js|css))", page))


def test_each_page_loads_only_its_own_assets_and_no_bench_marker(tmp_path, monkeypatch):
    monkeypatch.delenv("MAP_DRAWN_MARKER", raising=False)  # as in production
    url = new_database_url(tmp_path, "small")
    add_small_tickets(build_small_database(url))
    client = signed_in_client(dashboard(url).server)
    map_page, tickets, display = (asset_files(client, path) for path in ("/", "/tickets/", "/display/"))
    assert "map_drawn.js" not in map_page | tickets | display
    assert {"display.js", "display.css", "tickets.js"}.isdisjoint(map_page) and "app.css" in map_page
    assert "tickets.js" in tickets and "display.js" not in tickets
    assert {"display.js", "display.css"} <= display and "tickets.js" not in display
    assert "ranking.js" in map_page and "ranking.js" not in tickets | display


def test_the_bench_and_the_browser_tests_get_the_map_drawn_marker(tmp_path, monkeypatch):
    monkeypatch.setenv("MAP_DRAWN_MARKER", "1")
    url = new_database_url(tmp_path, "small")
    build_small_database(url)
    assert "map_drawn.js" in asset_files(signed_in_client(dashboard(url).server), "/")


def test_map_page_starts_its_layout_and_chunk_requests_from_the_head(client):
    page = client.get("/").get_data(as_text=True)
    head, footer = page.split("</head>", 1)
    prefetch = re.search(r'<script src="(/assets/layout_prefetch\.js)" data-layout-url="/_dash-layout">', head)
    assert prefetch and head.index(prefetch.group(0)) < head.index('rel="stylesheet"')  # runs before any CSS
    assert client.get(prefetch.group(1)).status_code == 200
    assert "layout_prefetch.js" not in footer  # run once, from the head only
    for chunk in ("async-graph.js", "async-slider.js"):
        preload = f'<link rel="preload" as="script" href="/_dash-component-suites/dash/dcc/{chunk}">'
        assert preload in head
        assert client.get(f"/_dash-component-suites/dash/dcc/{chunk}").status_code == 200


def test_the_other_apps_start_their_layout_under_their_own_prefix(client):
    for prefix in ("/display/", "/tickets/"):
        head = client.get(prefix).get_data(as_text=True).split("</head>", 1)[0]
        assert f'<script src="{prefix}assets/layout_prefetch.js" data-layout-url="{prefix}_dash-layout">' in head
