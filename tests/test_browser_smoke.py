"""Browser smoke test of what every page relies on: the Thai font and plotly.js come from our server.

The dashboard runs on networks with no internet, so a page that fetches anything elsewhere is broken
there even if it looks fine on a developer's machine.
"""

from __future__ import annotations

from pathlib import Path

import dash
import plotly.graph_objects as go
import pytest
from dash import dcc, html
from dash.testing.composite import DashComposite
from dash.testing.wait import until
from plotly.offline import get_plotlyjs_version

from web.plotly_bundle import use_custom_plotly_bundle

ASSETS = Path(__file__).resolve().parents[1] / "assets"
THAI_TEXT = "อินเทอร์เน็ตประชารัฐ"
THAI_WOFF2 = "/assets/fonts/sarabun-thai-400-normal.woff2"

LOADED_FONT_FACES_JS = """return [...document.fonts].filter(f => f.status === 'loaded')
    .map(f => `${f.family.replace(/["']/g, '')} ${f.weight}`);"""
RESOURCE_URLS_JS = "return performance.getEntriesByType('resource').map(e => e.name);"


def smoke_app(*, custom_plotly: bool) -> dash.Dash:
    """A page with Thai text and one small map, styled by the repository's assets/."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS))
    if custom_plotly and not use_custom_plotly_bundle(app):
        pytest.skip("custom plotly.js bundle not built: run scripts/build_plotly_bundle.sh")
    figure = go.Figure(go.Scattermap(lat=[13.75, 18.79], lon=[100.5, 98.98], mode="markers"))
    figure.update_layout(map={"style": "white-bg", "center": {"lat": 15, "lon": 100.5}, "zoom": 4})
    app.layout = html.Div([html.P(THAI_TEXT, id="title"), dcc.Graph(id="map", figure=figure)])
    return app


def resource_urls(dash_duo: DashComposite) -> list[str]:
    """Every URL the page fetched (Resource Timing): all must be on our server."""
    return dash_duo.driver.execute_script(RESOURCE_URLS_JS)


def test_thai_font_comes_from_our_server(dash_duo: DashComposite) -> None:
    dash_duo.start_server(smoke_app(custom_plotly=False))
    dash_duo.wait_for_text_to_equal("#title", THAI_TEXT)
    # the browser fetches the Thai subset only once it lays out Thai text: wait for it, never sleep
    until(lambda: any(url.endswith(THAI_WOFF2) for url in resource_urls(dash_duo)), timeout=10)

    assert "Sarabun 400" in dash_duo.driver.execute_script(LOADED_FONT_FACES_JS)
    urls = resource_urls(dash_duo)
    assert all(url.startswith(dash_duo.server_url) for url in urls)
    assert dash_duo.get_logs() == []


def test_map_draws_with_custom_plotly_and_never_fetches_the_full_copy(dash_duo: DashComposite) -> None:
    dash_duo.start_server(smoke_app(custom_plotly=True))
    dash_duo.wait_for_element("#map .maplibregl-canvas")

    urls = resource_urls(dash_duo)
    assert any("/_plotly/plotly-custom.min.js" in url for url in urls)
    assert not any(url.split("?")[0].endswith("plotly.min.js") for url in urls)
    assert dash_duo.driver.execute_script("return Plotly.version") == get_plotlyjs_version()
    assert all(url.startswith(dash_duo.server_url) for url in urls)
    assert dash_duo.get_logs() == []
