"""One way to make the Dash apps of the server: the map page, the display, the ticket table.

They share the Flask server, the ``assets/`` folder (CSS, the Thai font, clientside JS) and
the page conventions: no external stylesheets (nothing comes from the internet), no "Updating..."
title while callbacks run, and a viewport for tablets.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import Flask

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def new_dash_app(name: str, *, title: str, server: Flask | bool = True, url_base_pathname: str = "/") -> Dash:
    """A Dash app on ``server`` (a new Flask server by default) at ``url_base_pathname``."""
    return Dash(
        name,
        server=server,
        url_base_pathname=url_base_pathname,
        title=title,
        update_title=None,
        assets_folder=str(ASSETS),
        external_stylesheets=[],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
