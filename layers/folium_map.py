"""The coverage map as a folium (Leaflet) map: the same shares, states, colours and legend as the dashboard.

Pure: frames and GeoJSON in, a ``folium.Map`` out. No tile layer (``tiles=None``): the map must
open on networks with no tile server, and the boundaries carry the geography. Rendering it to
one offline HTML file is ``exports.html_map``'s job.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import pandas as pd

from layers.palette import BOUNDARY_COLOUR, EMPTY_AREA_COLOUR, PERCENT_SCALE, STATE_COLOURS, STATE_MARKER_SIZES
from layers.showcase import SHOWCASE_COLOURS

FONT_STACK = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif"
LEGEND_TICKS = (0, 50, 80, 90, 100)


@dataclass(frozen=True)
class FoliumLegend:
    """The legend's texts in the chosen language: a title, the share's label and one per state."""

    title: str
    share_label: str
    state_labels: Mapping[str, str]
    showcase_labels: Mapping[str, str] | None = None


def scale_colour(share: float | None) -> str:
    """The colour of a 0-100 share on ``PERCENT_SCALE``, interpolated in RGB as Plotly does."""
    if share is None or np.isnan(share):
        return EMPTY_AREA_COLOUR
    position = min(max(share / 100, 0.0), 1.0)
    stops = [float(stop) for stop, _ in PERCENT_SCALE]
    colours = [_rgb(str(colour)) for _, colour in PERCENT_SCALE]
    upper = next(i for i, stop in enumerate(stops) if stop >= position or i == len(stops) - 1)
    lower = max(upper - 1, 0)
    span = stops[upper] - stops[lower]
    weight = 0.0 if span == 0 else (position - stops[lower]) / span
    mixed = [round(a + (b - a) * weight) for a, b in zip(colours[lower], colours[upper], strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def coverage_folium_map(
    *,
    areas: pd.DataFrame,
    boundaries: dict[str, Any],
    value_column: str,
    villages: pd.DataFrame,
    state_column: str,
    states: Sequence[str],
    legend: FoliumLegend,
    bounds: tuple[float, float, float, float],
    name_column: str = "name_th",
    named_points: bool = True,
    outline_code: str | None = None,
    showcase: pd.DataFrame | None = None,
    title_column: str = "title_th",
) -> folium.Map:
    """A Leaflet map of one view.

    Args:
        areas: one row per child area (``code``, ``name_column``, ``value_column`` 0-100 or NaN).
        boundaries: GeoJSON of those areas, features keyed by ``properties.code``.
        villages: ``lat``, ``lon``, ``name_column`` and ``state_column`` per village.
        states: village states in drawing order (worst last, on top), as on the dashboard.
        bounds: ``(min_lon, min_lat, max_lon, max_lat)`` the map opens on.
        named_points: village names on hover; ``False`` for the country view, where 24,700 names
            would double the file (as on the dashboard).
        outline_code: an area drawn with a bold outline (the district drilled into).
        showcase: optional showcase items (``kind``, ``lat``, ``lon``, ``title_column``).
    """
    folium_map = folium.Map(tiles=None, control_scale=True, prefer_canvas=True, zoom_snap=0.25)
    min_lon, min_lat, max_lon, max_lat = bounds
    folium_map.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    folium_map.add_child(_areas_layer(areas, boundaries, value_column, name_column, legend.share_label, outline_code))
    for state in states:
        subset = villages[villages[state_column] == state]
        label = f"{legend.state_labels[state]} ({len(subset):,})"
        folium_map.add_child(
            _points_layer(
                subset, name_column if named_points else None, STATE_COLOURS[state], STATE_MARKER_SIZES[state], label
            )
        )
    if showcase is not None and legend.showcase_labels:
        for kind, label in legend.showcase_labels.items():
            subset = showcase[showcase["kind"] == kind]
            folium_map.add_child(
                _points_layer(
                    subset, title_column, SHOWCASE_COLOURS[kind], 7.0, f"{label} ({len(subset):,})", "diamond"
                )
            )
    folium.LayerControl(collapsed=False).add_to(folium_map)
    page: Any = folium_map.get_root()  # a branca Figure, typed as its base Element
    page.html.add_child(folium.Element(legend_html(legend, villages, state_column, states)))
    page.header.add_child(folium.Element(f"<style>body{{font-family:{FONT_STACK}}}</style>"))
    return folium_map


def _areas_layer(
    areas: pd.DataFrame,
    boundaries: dict[str, Any],
    value_column: str,
    name_column: str,
    share_label: str,
    outline_code: str | None,
) -> folium.GeoJson:
    by_code = areas.set_index("code")
    features = []
    for feature in boundaries["features"]:
        code = feature["properties"]["code"]
        share = float(by_code.at[code, value_column]) if code in by_code.index else float("nan")
        name = str(by_code.at[code, name_column]) if code in by_code.index else code
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": code,
                    "name": name,
                    "share": "–" if np.isnan(share) else f"{share:.1f}%",
                    "fill": scale_colour(share),
                    "outline": code == outline_code,
                },
            }
        )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=share_label,
        style_function=_area_style,
        tooltip=folium.GeoJsonTooltip(fields=["name", "share"], aliases=["", share_label], labels=True),
        control=False,
    )


def _area_style(feature: dict[str, Any]) -> dict[str, Any]:
    outlined = feature["properties"]["outline"]
    return {
        "fillColor": feature["properties"]["fill"],
        "fillOpacity": 0.75,
        "color": "#222222" if outlined else BOUNDARY_COLOUR,
        "weight": 3 if outlined else 1,
    }


def _points_layer(
    points: pd.DataFrame, name_column: str | None, colour: str, size: float, label: str, shape: str = "circle"
) -> folium.GeoJson:
    """Points of one state (or showcase kind) as one GeoJSON layer: light even for 24,700 villages."""
    lats = np.round(points["lat"].to_numpy(np.float64), 5)
    lons = np.round(points["lon"].to_numpy(np.float64), 5)
    names = points[name_column].astype(str).tolist() if name_column else [None] * len(points)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name} if name else {},
        }
        for lat, lon, name in zip(lats.tolist(), lons.tolist(), names, strict=True)
    ]
    style = {
        "fillColor": colour,
        "color": "#000000" if shape == "diamond" else colour,
        "weight": 1 if shape == "diamond" else 0,
        "fillOpacity": 0.9,
        "radius": size / 2 + 1,
    }
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=html.escape(label),
        marker=folium.CircleMarker(radius=size / 2 + 1, fill=True),
        style_function=lambda _feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False) if features and name_column else None,
    )


def legend_html(legend: FoliumLegend, villages: pd.DataFrame, state_column: str, states: Sequence[str]) -> str:
    """The legend box: the share's colour bar with its ticks, then every state with its colour and count."""
    gradient = ", ".join(f"{colour} {float(stop) * 100:g}%" for stop, colour in PERCENT_SCALE)
    ticks = "".join(
        f'<span style="position:absolute;left:{tick}%;transform:translateX(-50%)">{tick}%</span>'
        for tick in LEGEND_TICKS
    )
    counts = villages[state_column].value_counts()
    rows = "".join(
        f'<div class="legend-state" data-state="{state}"><span style="display:inline-block;width:10px;height:10px;'
        f'border-radius:50%;background:{STATE_COLOURS[state]};margin-right:6px"></span>'
        f"{html.escape(legend.state_labels[state])} ({int(counts.get(state, 0)):,})</div>"
        for state in reversed(states)
    )
    showcase_rows = "".join(
        f'<div class="legend-showcase" data-kind="{kind}"><span style="display:inline-block;width:10px;height:10px;'
        f'background:{SHOWCASE_COLOURS[kind]};margin-right:6px;border:1px solid #000"></span>{html.escape(label)}</div>'
        for kind, label in (legend.showcase_labels or {}).items()
    )
    return (
        '<div id="map-legend" style="position:fixed;bottom:24px;left:12px;z-index:1000;'
        "background:rgba(255,255,255,.9);padding:8px 12px;border-radius:6px;"
        f'font:13px {FONT_STACK};box-shadow:0 1px 4px rgba(0,0,0,.3);min-width:220px">'
        f'<div style="font-weight:600;margin-bottom:4px">{html.escape(legend.title)}</div>'
        f'<div style="font-size:12px">{html.escape(legend.share_label)}</div>'
        f'<div class="legend-scale" style="height:10px;background:linear-gradient(to right, {gradient})"></div>'
        f'<div style="position:relative;height:16px;font-size:11px;margin:0 8px 6px">{ticks}</div>'
        f"{rows}{showcase_rows}</div>"
    )
