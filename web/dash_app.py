"""One way to make the Dash apps of the server: the map page, the display, the ticket table.

They share the Flask server, the ``assets/`` folder (CSS, the Thai font, clientside JS) and
the page conventions: no external stylesheets (nothing comes from the internet), no "Updating..."
title while callbacks run, a viewport for tablets, and a <head> that starts the requests dash-renderer
would only make once every script has run (the layout, the lazy component chunks the page draws).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from dash import Dash
from flask import Flask

from web.component_libraries import leave_out_dash_scripts

ASSETS = Path(__file__).resolve().parents[1] / "assets"

PAGE_ASSETS: dict[str, frozenset[str]] = {
    "map": frozenset({"tickets.js", "display.js", "display.css"}),
    "tickets": frozenset(
        {
            "display.js",
            "display.css",
            "showcase.css",
            "ranking.js",
            "map_clicks.js",
            "map_framing.js",
            "map_overlays.js",
            "map_touch.js",
            "tab_views.js",
        }
    ),
    "display": frozenset(
        {
            "tickets.js",
            "showcase.css",
            "ranking.js",
            "map_clicks.js",
            "map_overlays.js",
            "map_touch.js",
            "tab_views.js",
            "page_lang.js",
        }
    ),
}
"""Files of ``assets/`` that each app does not need (Dash sends every file of the folder otherwise)."""

LAYOUT_PREFETCH = "layout_prefetch.js"
"""Starts the layout request from the page's <head> (see the file); never among the footer's scripts."""

PAGE_CHUNKS: dict[str, tuple[str, ...]] = {
    "map": ("async-graph.js", "async-slider.js"),
    "tickets": (),
    "display": ("async-graph.js",),
}
"""dcc's lazily loaded chunks that each app's first view renders: preloaded from the <head>, since
dash-renderer asks for them only after the layout has arrived (one more round trip before the map)."""

DCC_CHUNKS_PATH = "_dash-component-suites/dash/dcc/"
STYLESHEETS = "{%css%}"
"""The stylesheets' placeholder in Dash's index template: the early requests go before it (a script
after a stylesheet would wait for the stylesheet to arrive before it runs)."""

MAP_DRAWN_MARKER = "map_drawn.js"
"""Marks the map once drawn, for ``make bench`` and the browser tests only (``MAP_DRAWN_MARKER=1``)."""


def assets_left_out(app_name: str, environ: dict[str, str] | None = None) -> str:
    """The ``assets_ignore`` regex of an app: the other apps' files, and the bench's marker unless asked for."""
    environ = dict(os.environ) if environ is None else environ
    names: Iterable[str] = {*PAGE_ASSETS[app_name], LAYOUT_PREFETCH}
    if environ.get("MAP_DRAWN_MARKER") != "1":
        names = {*names, MAP_DRAWN_MARKER}
    return "|".join(f"^{re.escape(name)}$" for name in sorted(names))


def head_tags(app: Dash, page: str) -> str:
    """The <head> tags of ``app`` (showing ``page``): the layout request started at once (a script
    that blocks the parser for a few hundred bytes, not a preload: dash-renderer's fetch sends
    headers a ``<link rel=preload>`` lacks, so the browser would not reuse its answer) and the
    preloaded chunks."""
    prefix = app.config.requests_pathname_prefix
    script = app.get_asset_url(LAYOUT_PREFETCH)
    prefetch = f'<script src="{script}" data-layout-url="{prefix}_dash-layout"></script>'
    chunks = [f'<link rel="preload" as="script" href="{prefix}{DCC_CHUNKS_PATH}{name}">' for name in PAGE_CHUNKS[page]]
    return "\n".join([prefetch, *chunks])


def new_dash_app(
    name: str, *, title: str, page: str, server: Flask | bool = True, url_base_pathname: str = "/"
) -> Dash:
    """A Dash app on ``server`` (a new Flask server by default) at ``url_base_pathname``;
    ``page`` ("map", "tickets", "display") chooses which files of ``assets/`` it sends."""
    app = Dash(
        name,
        server=server,
        url_base_pathname=url_base_pathname,
        title=title,
        update_title=None,
        assets_folder=str(ASSETS),
        assets_ignore=assets_left_out(page),
        external_stylesheets=[],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = app.index_string.replace(STYLESHEETS, f"{head_tags(app, page)}\n{STYLESHEETS}", 1)
    leave_out_dash_scripts(app, {"dash_table/"})  # no page of ours renders a DataTable
    return app
