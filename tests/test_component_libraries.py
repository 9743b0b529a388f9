"""Which component libraries each Dash app of the server puts in its index page (no browser)."""

from __future__ import annotations

import re

import pytest
from dash import Dash, html

from app import create_app
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.component_libraries import exclude_component_libraries


def scripts(client, path: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', client.get(path).get_data(as_text=True))


@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path / 'small.db'}"
    add_small_tickets(build_small_database(url))
    return create_app(url).server.test_client()


def test_map_page_and_display_leave_the_data_grid_out_and_the_ticket_table_loads_it(client):
    assert not [src for src in scripts(client, "/") if "dash_ag_grid" in src]
    assert not [src for src in scripts(client, "/display/") if "dash_ag_grid" in src]
    assert [src for src in scripts(client, "/display/") if "plotly-custom" in src]
    grid = [src for src in scripts(client, "/tickets/") if "dash_ag_grid" in src]
    assert grid and grid[0].startswith("/tickets/_dash-component-suites/dash_ag_grid/")
    assert client.get(grid[0]).status_code == 200
    assert [src for src in scripts(client, "/") if "dash_bootstrap_components" in src]


def test_exclusion_is_per_app():
    import dash_ag_grid  # noqa: F401  (registers its scripts globally, as the ticket table does)

    kept, trimmed = Dash(__name__), Dash(__name__)
    exclude_component_libraries(trimmed, {"dash_ag_grid"})
    for app in (kept, trimmed):
        app.layout = html.Div()
    namespaces = [{s.get("namespace") for s in app.scripts.get_all_scripts()} for app in (kept, trimmed)]
    assert "dash_ag_grid" in namespaces[0]
    assert "dash_ag_grid" not in namespaces[1]
