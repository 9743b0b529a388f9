"""Area choropleths: the share of a metric per province or district, on our own boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.palette import BOUNDARY_COLOUR, EMPTY_AREA_COLOUR, PERCENT_SCALE

COLOURBAR_ABOVE_MAP: dict[str, Any] = {
    "orientation": "h",
    "ticksuffix": "%",
    "thickness": 10,
    "lenmode": "pixels",
    "len": 260,  # fits a phone's map with its centred title; the wall display sets its own
    "x": 0,
    "xanchor": "left",
    "y": 1,
    "yanchor": "bottom",
    "ypad": 4,
    "xpad": 10,
}
"""The colour bar lies above the map, outside it (Plotly makes room for it): it never covers an area."""


def area_choropleth(
    areas: pd.DataFrame,
    *,
    geojson: str | dict[str, Any],
    value_column: str,
    hover_text: Sequence[str],
    colorbar_title: str,
) -> list[go.Choroplethmap]:
    """The share in ``value_column`` (0-100) of each area, matched to GeoJSON features by ``code``.

    ``geojson`` is best a URL of one of our cached layers: the browser fetches and caches the
    boundaries once instead of receiving them inside every figure. Areas without a share
    (no villages, such as Bangkok) are drawn in a neutral grey by a trace of their own, so they
    read as "not in the programme" rather than as 0 %.
    """
    has_value = areas[value_column].notna().to_numpy()
    text = np.asarray(hover_text, dtype=object)
    return [
        _shares(areas[has_value], geojson, value_column, text[has_value], colorbar_title),
        _empty_areas(areas[~has_value], geojson, text[~has_value]),
    ]


def _shares(
    areas: pd.DataFrame, geojson: str | dict[str, Any], value_column: str, text: np.ndarray, title: str
) -> go.Choroplethmap:
    return go.Choroplethmap(
        geojson=geojson,
        locations=areas["code"].to_numpy(),
        z=areas[value_column].to_numpy(np.float32),
        zmin=0,
        zmax=100,
        colorscale=PERCENT_SCALE,
        marker={"opacity": 0.75, "line": {"color": BOUNDARY_COLOUR, "width": 1}},
        colorbar=COLOURBAR_ABOVE_MAP | {"title": {"text": title, "side": "top"}},
        text=text,
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        name="areas",
    )


def _empty_areas(areas: pd.DataFrame, geojson: str | dict[str, Any], text: np.ndarray) -> go.Choroplethmap:
    return go.Choroplethmap(
        geojson=geojson,
        locations=areas["code"].to_numpy(),
        z=np.zeros(len(areas), dtype=np.float32),
        colorscale=[[0, EMPTY_AREA_COLOUR], [1, EMPTY_AREA_COLOUR]],
        showscale=False,
        marker={"opacity": 0.75, "line": {"color": BOUNDARY_COLOUR, "width": 1}},
        text=text,
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        name="empty-areas",
    )


def area_outline(
    geojson: str | dict[str, Any], code: str, *, colour: str = "#222222", width: float = 3
) -> go.Choroplethmap:
    """A bold outline of one area (the district drilled into), without fill."""
    return go.Choroplethmap(
        geojson=geojson,
        locations=[code],
        z=[0],
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker={"line": {"color": colour, "width": width}},
        hoverinfo="skip",
        showlegend=False,
        name="outline",
    )
