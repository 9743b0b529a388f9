"""What each view of the display shows, built from query answers: figures and large-type panels.

Nothing here is interactive and nothing is hover-only: every number a viewer needs is printed in
the side panel (headline share, the legend with counts, the areas furthest behind). Only area
and village figures are read, never a volunteer's or reporter's personal data.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard.figures import STATE_COLUMN_BY_METRIC, state_labels
from dashboard.i18n import format_date, format_number, format_pct, name_column, t
from dashboard.theme import DARK_MAP, FONT_FAMILY
from layers.palette import STATE_COLOURS
from store.coverage.metrics import PCT_COLUMN_BY_METRIC, STATES_BY_METRIC, Metric
from store.coverage.results import AreaFigures
from view.state import Lang

KPI_KEY_BY_METRIC: dict[Metric, str] = {
    "hotspot": "kpi_hotspots_online",
    "volunteer": "kpi_volunteer_coverage",
    "training": "kpi_training_progress",
}
BEHIND_ROWS = 10
FULL_PCT = 100.0
SIDE_BEHIND_ROWS = 5
# the x axis of the display's time charts: few enough dates that Thai ones ("27 ธ.ค. 2561") stay apart
DATE_AXIS: dict[str, Any] = {"type": "category", "nticks": 5, "gridcolor": "#1c2731", "tickangle": 0}
ROLLOUT_COLOUR = STATE_COLOURS["trained"]


def dark_time_chart_layout(*, y_title: str, right_margin: int, top_margin: int) -> dict[str, Any]:
    """The wall's time charts: near-black paper, large light type, no hover (nobody holds a mouse)."""
    return {
        "paper_bgcolor": DARK_MAP.paper,
        "plot_bgcolor": DARK_MAP.paper,
        "font": {"family": FONT_FAMILY, "color": DARK_MAP.text, "size": DARK_MAP.font_size},
        "margin": {"l": 90, "r": right_margin, "t": top_margin, "b": 90},
        "hovermode": False,
        "xaxis": DATE_AXIS,
        "yaxis": {"gridcolor": "#33414d", "title": y_title},
    }


PROVINCES_COLOUR = STATE_COLOURS["not_trained"]


def view_label(view: str, lang: Lang) -> str:
    """The short name of a view in the playlist strip and the "next" label."""
    kind, _, metric = view.partition("-")
    if kind in ("map", "behind"):
        return t(f"display_chip_{kind}", lang, metric=t(f"metric_short_{metric}", lang))
    return t(f"display_chip_{kind}", lang)


def view_title(view: str, lang: Lang, area_name: str, level: str) -> str:
    """The heading of a view; ``level`` is the area's level (a country ranks provinces, a province districts)."""
    kind, _, metric = view.partition("-")
    if kind == "map":
        return f"{t(f'metric_{metric}', lang)} · {area_name}"
    if kind == "behind":
        areas = t(f"ranking_title_{level}", lang)
        return t("display_behind_title", lang, areas=areas, metric=t(f"metric_{metric}", lang))
    return f"{t(f'display_{kind}_title', lang)} · {area_name}"


def static_map(figure: go.Figure) -> go.Figure:
    """The page's map made fit for a wall: no hover, no legend (the side panel lists the states
    with their counts), no village names, a dark colour bar."""
    figure.update_traces(hoverinfo="skip", hovertemplate=None, text=None)
    figure.update_traces(customdata=None, selector={"type": "scattermap"})
    figure.update_traces(
        colorbar={
            "bgcolor": "rgba(0,0,0,0.55)",
            "thickness": 18,
            "lenmode": "fraction",
            "len": 0.6,
            "tickfont": {"size": DARK_MAP.font_size},
        },
        selector={"type": "choroplethmap"},
    )
    figure.update_layout(showlegend=False, hovermode=False, uirevision="display")
    return figure


def _pct(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _bar(pct: float | None) -> html.Div:
    width = 0.0 if pct is None else max(0.0, min(pct, 100.0))
    return html.Div(html.Div(className="behind-bar-fill", style={"width": f"{width:.1f}%"}), className="behind-bar")


def furthest_behind(areas: pd.DataFrame, metric: Metric, rows: int) -> pd.DataFrame:
    """The areas with the lowest share of ``metric``, worst first.

    Areas without villages have no share, and an area at 100 % is behind nobody: both are left
    out, so a country where every province is done lists none (``all_done`` says so).
    """
    column = PCT_COLUMN_BY_METRIC[metric]
    return areas[areas[column] < FULL_PCT].sort_values([column, "code"]).head(rows)


def all_done(level: str, lang: Lang) -> html.Div:
    """Instead of an empty "furthest behind" list: every province (or district) is at 100 %."""
    return html.Div(t(f"display_all_done_{level}", lang), className="behind-all-done")


def map_panel(
    figures: AreaFigures, villages: pd.DataFrame, areas: pd.DataFrame, metric: Metric, lang: Lang, *, level: str
) -> list[Any]:
    """Headline share, village states with counts (the legend), and the five areas furthest behind
    (``level``: the area's level, which names its child areas when none is behind)."""
    behind = furthest_behind(areas, metric, SIDE_BEHIND_ROWS)
    counts = villages[STATE_COLUMN_BY_METRIC[metric]].value_counts()
    labels = state_labels(metric, lang)
    label_column = name_column(lang)
    return [
        html.Div(t(KPI_KEY_BY_METRIC[metric], lang), className="panel-label"),
        html.Div(format_pct(figures.pct(metric)), className="panel-headline"),
        html.Ul(
            [
                html.Li(
                    [
                        html.Span(className=f"state-swatch state-{state}", style={"background": STATE_COLOURS[state]}),
                        html.Span(labels[state], className="state-name"),
                        html.Span(format_number(int(counts.get(state, 0))), className="state-count"),
                    ]
                )
                for state in reversed(STATES_BY_METRIC[metric])
            ],
            className="state-legend",
        ),
        html.Div(t("display_furthest_behind", lang), className="panel-label"),
        html.Ol(
            [
                html.Li(
                    [
                        html.Span(getattr(row, label_column)),
                        html.Span(format_pct(getattr(row, PCT_COLUMN_BY_METRIC[metric]))),
                    ]
                )
                for row in behind.itertuples()
            ],
            className="behind-short",
        )
        if len(behind)
        else all_done(level, lang),
    ]


def behind_panel(areas: pd.DataFrame, metric: Metric, lang: Lang, *, level: str) -> html.Table | html.Div:
    """The ten areas furthest behind on ``metric``: name, a bar, the share and the village count;
    or, when every area is at 100 %, a sentence that says so (``level``: the area's level)."""
    behind = furthest_behind(areas, metric, BEHIND_ROWS)
    if behind.empty:
        return all_done(level, lang)
    column = PCT_COLUMN_BY_METRIC[metric]
    label_column = name_column(lang)
    rows = [
        html.Tr(
            [
                html.Td(str(rank), className="behind-rank"),
                html.Td(getattr(row, label_column), className="behind-name"),
                html.Td(_bar(_pct(getattr(row, column))), className="behind-bar-cell"),
                html.Td(format_pct(_pct(getattr(row, column))), className="behind-pct"),
                html.Td(f"{format_number(int(row.villages))} {t('kpi_villages', lang)}", className="behind-villages"),
            ]
        )
        for rank, row in enumerate(behind.itertuples(), start=1)
    ]
    return html.Table(html.Tbody(rows), className="behind-table")


def rollout_figure(rollout: pd.DataFrame, lang: Lang) -> go.Figure:
    """The share of villages with a trained volunteer, week by week, the latest value printed on it."""
    days = [format_date(day, lang) for day in rollout["day"]]
    figure = go.Figure(
        go.Scatter(
            x=days,
            y=rollout["villages_trained_pct"].to_numpy(float),
            mode="lines+markers",
            line={"color": ROLLOUT_COLOUR, "width": 6},
            marker={"size": 10},
            fill="tozeroy",
            fillcolor="rgba(0,114,178,0.25)",
            hoverinfo="skip",
        )
    )
    if len(rollout):
        last = rollout.iloc[-1]
        figure.add_annotation(
            x=days[-1],
            y=float(last["villages_trained_pct"]),
            text=f"<b>{format_pct(float(last['villages_trained_pct']))}</b>",
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font={"size": DARK_MAP.font_size * 2},
            yshift=8,
        )
    figure.update_layout(
        dark_time_chart_layout(y_title=t("display_pct_villages", lang), right_margin=30, top_margin=20),
        showlegend=False,
    )
    figure.update_yaxes(range=[0, 118], tickvals=list(range(0, 101, 20)), ticksuffix="%")
    return figure


def rollout_panel(rollout: pd.DataFrame, figures: AreaFigures, lang: Lang) -> list[Any]:
    """Today's totals beside the curve: villages with a trained volunteer, provinces trained."""
    if not len(rollout):
        return [html.Div(t("display_no_training", lang), className="panel-label")]
    last = rollout.iloc[-1]
    sessions_total = figures.sessions_total
    return [
        html.Div(t("kpi_training_progress", lang), className="panel-label"),
        html.Div(format_pct(float(last["villages_trained_pct"])), className="panel-headline"),
        html.Div(
            f"{format_number(int(last['villages_trained']))} "
            f"{t('of_villages', lang, total=format_number(figures.villages))}",
            className="panel-detail",
        ),
        html.Div(t("kpi_sessions", lang), className="panel-label"),
        html.Div(format_number(int(last["provinces_trained"])), className="panel-headline"),
        html.Div(t("of_sessions", lang, total=format_number(sessions_total)), className="panel-detail"),
    ]
