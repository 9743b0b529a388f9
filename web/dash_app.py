"""One way to make the Dash apps of the server: the map page, the display, the ticket table.

They share the Flask server, the ``assets/`` folder (CSS, the Thai font, clientside JS) and
the page conventions: no external stylesheets (nothing comes from the internet), no "Updating..."
title while callbacks run, and a viewport for tablets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from dash import Dash
from flask import Flask

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
        }
    ),
    "display": frozenset(
        {"tickets.js", "showcase.css", "ranking.js", "map_clicks.js", "map_overlays.js", "map_touch.js"}
    ),
}
"""Files of ``assets/`` that each app does not need (Dash sends every file of the folder otherwise)."""

MAP_DRAWN_MARKER = "map_drawn.js"
"""Marks the map once drawn, for ``make bench`` and the browser tests only (``MAP_DRAWN_MARKER=1``)."""


def assets_left_out(app_name: str, environ: dict[str, str] | None = None) -> str:
    """The ``assets_ignore`` regex of an app: the other apps' files, and the bench's marker unless asked for."""
    environ = dict(os.environ) if environ is None else environ
    names: Iterable[str] = PAGE_ASSETS[app_name]
    if environ.get("MAP_DRAWN_MARKER") != "1":
        names = {*names, MAP_DRAWN_MARKER}
    return "|".join(f"^{re.escape(name)}$" for name in sorted(names))


def new_dash_app(
    name: str, *, title: str, page: str, server: Flask | bool = True, url_base_pathname: str = "/"
) -> Dash:
    """A Dash app on ``server`` (a new Flask server by default) at ``url_base_pathname``;
    ``page`` ("map", "tickets", "display") chooses which files of ``assets/`` it sends."""
    return Dash(
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
