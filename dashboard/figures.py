"""The coverage map figure: area choropleth + village points, framed on the area in view."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import format_number, format_pct, name_column, t
from dashboard.theme import FONT_FAMILY, LIGHT_MAP, MapTheme
from layers.choropleth import area_choropleth, area_outline
from layers.framing import MapFrame
from layers.identity import drawable, with_stable_uids
from layers.points import selected_village_halo, village_outlines, village_points
from store.coverage.metrics import METRICS, PCT_COLUMN_BY_METRIC, STATES_BY_METRIC, Metric
from view.state import Lang

STATE_COLUMN_BY_METRIC: dict[Metric, str] = {
    "hotspot": "hotspot_state",
    "volunteer": "volunteer_state",
    "training": "training_state",
}
STATE_ORDERS: dict[str, tuple[str, ...]] = {STATE_COLUMN_BY_METRIC[m]: STATES_BY_METRIC[m] for m in METRICS}
"""Every metric's state column and states, best first; hotspot health first: its outages are drawn on top."""

COUNTRY_POINT_SCALE = 0.6
"""Points of the whole country are drawn smaller: 24,700 of them share one screen."""


def state_labels(metric: Metric, lang: Lang) -> dict[str, str]:
    """Translated label of every village state of ``metric``."""
    return {state: t(f"state_{state}", lang) for state in STATES_BY_METRIC[metric]}


def area_hover_text(areas: pd.DataFrame, metric: Metric, lang: Lang) -> list[str]:
    """'<b>Surat Thani</b><br>Hotspot health: 91.2%<br>395 villages' for each area row."""
    label_column = name_column(lang)
    pct_column = PCT_COLUMN_BY_METRIC[metric]
    metric_label = t(f"metric_{metric}", lang)
    villages_label = t("kpi_villages", lang)
    return [
        f"<b>{name}</b><br>{metric_label}: {format_pct(pct)}<br>{villages_label}: {format_number(villages)}"
        for name, pct, villages in zip(areas[label_column], areas[pct_column], areas["villages"], strict=True)
    ]


def coverage_map_figure(
    *,
    metric: Metric,
    lang: Lang,
    areas: pd.DataFrame,
    villages: pd.DataFrame,
    geojson_url: str,
    frame: MapFrame,
    outline_code: str | None = None,
    selected_code: str | None = None,
    named_points: bool = True,
    theme: MapTheme = LIGHT_MAP,
    uirevision: str = "",
) -> go.Figure:
    """The map: child areas shaded by ``metric``'s share, villages by their own state on top, and
    the open village (``selected_code``) marked under its point."""
    traces: list[go.BaseTraceType] = area_choropleth(
        areas,
        geojson=geojson_url,
        value_column=PCT_COLUMN_BY_METRIC[metric],
        hover_text=area_hover_text(areas, metric, lang),
        colorbar_title=t(f"metric_{metric}", lang),
    )
    if outline_code:
        traces.append(area_outline(geojson_url, outline_code, colour=theme.text))
    selected = villages.loc[villages["code"] == selected_code]
    if len(selected):
        traces.append(selected_village_halo(selected.iloc[0], colour=theme.text))
    if named_points:  # a few hundred points at most: outlined (24,700 would double the country's load)
        traces.append(
            village_outlines(villages, state_column=STATE_COLUMN_BY_METRIC[metric], colour=theme.point_outline)
        )
    traces += village_points(
        villages,
        state_orders=STATE_ORDERS,
        state_column=STATE_COLUMN_BY_METRIC[metric],
        state_labels=state_labels(metric, lang),
        name_column=name_column(lang) if named_points else None,
        size_scale=1.0 if named_points else COUNTRY_POINT_SCALE,
    )
    figure = go.Figure(with_stable_uids(drawable(traces)))
    figure.update_layout(
        map={"style": theme.map_style(), **frame.camera()},
        meta={"frame": frame.browser_frame()},  # refitted to the map's real size in the browser
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor=theme.paper,
        font={"family": FONT_FAMILY, "color": theme.text, "size": theme.font_size},
        showlegend=True,  # also with one state only (Plotly hides a one-entry legend): its count matters
        legend={
            "orientation": "h",
            "yanchor": "top",  # below the map, outside it (Plotly makes room): it never covers an area
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
        },
        hoverdistance=10,  # a tap or click opens a village only on or next to its point, else the area around it
        modebar={"orientation": "v"},  # down the map's right edge: the band above it holds the colour bar
        hoverlabel={"font": {"family": FONT_FAMILY}},
        uirevision=uirevision,
    )
    return figure
