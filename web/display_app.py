"""The briefing-room display: a second Dash app on the dashboard's Flask server, at /display/.

A separate app (not a page of the main one) because it shares nothing interactive with the map
page: its own layout, its own callbacks, no controls, and it must keep running when a callback
fails. It shares the server, the queries (and their cache), the assets folder and the fonts.
"""

from __future__ import annotations

import os

from dash import Dash
from flask import Flask

from auth.machine import DISPLAY_ACCESS_URL
from callbacks import display
from dashboard.compose import BoundsLookup
from dashboard.display.layout import display_layout
from dashboard.display.playlist import REFRESH_S
from dashboard.i18n import t
from store.coverage.freshness import FreshnessQueries
from store.coverage.queries import CoverageQueries
from store.showcase.queries import ShowcaseQueries
from store.tickets.queries import TicketQueries
from web.component_libraries import exclude_component_libraries
from web.dash_app import new_dash_app
from web.plotly_bundle import use_custom_plotly_bundle

URL_BASE = "/display/"


def create_display_app(
    server: Flask,
    queries: CoverageQueries,
    bounds: BoundsLookup,
    tickets: TicketQueries,
    showcase: ShowcaseQueries,
    freshness: FreshnessQueries,
) -> Dash:
    """Mount the display on ``server``; ``DISPLAY_MIN_REFRESH_S`` lowers the 30 s floor of
    ``refresh`` (for tests and demos only: a real wall has no reason to poll faster)."""
    app = new_dash_app(__name__, title=t("app_title", "th"), page="display", server=server, url_base_pathname=URL_BASE)
    use_custom_plotly_bundle(app)
    exclude_component_libraries(app, {"dash_ag_grid"})  # a wall shows no data grid
    app.layout = display_layout
    min_refresh_s = max(1, int(os.environ.get("DISPLAY_MIN_REFRESH_S", REFRESH_S[0])))
    display.register(
        app,
        queries,
        bounds,
        tickets,
        showcase,
        freshness=freshness,
        min_refresh_s=min_refresh_s,
        access_url=DISPLAY_ACCESS_URL,
    )
    return app
