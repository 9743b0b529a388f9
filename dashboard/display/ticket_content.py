"""The display's ticket view: the open backlog and its trend, for a wall read from five metres.

Only counts are shown (by status, overdue, per week, per area) and the median time to close:
never a ticket's title or description (they may hold personal details), never a reporter.
The last week's opened and closed counts are printed on the chart, nothing is hover-only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard.display.content import dark_time_chart_layout
from dashboard.i18n import format_date, format_number, name_column, t
from dashboard.theme import DARK_MAP
from store.tickets.config import OPEN_STATUSES
from view.state import Lang

BACKLOG_ROWS = 10
OPENED_COLOUR = "#e69f00"  # Okabe-Ito orange, as the display's warnings
CLOSED_COLOUR = "#56b4e9"  # Okabe-Ito sky blue, the display's accent
OVERDUE_CLASS = "panel-headline panel-warn"


def tickets_figure(flow: pd.DataFrame, lang: Lang) -> go.Figure:
    """Opened (bars) and closed (line) per week, the last week's values written beside their marks."""
    weeks = [format_date(week, lang) for week in flow["week"]]
    opened, closed = flow["opened"].to_numpy("int64"), flow["closed"].to_numpy("int64")
    figure = go.Figure(
        [
            go.Bar(
                x=weeks, y=opened, name=t("tickets_flow_opened", lang), marker_color=OPENED_COLOUR, hoverinfo="skip"
            ),
            go.Scatter(
                x=weeks,
                y=closed,
                name=t("tickets_flow_closed", lang),
                mode="lines+markers",
                line={"color": CLOSED_COLOUR, "width": 6},
                marker={"size": 10},
                hoverinfo="skip",
            ),
        ]
    )
    if weeks:
        opened_up = 1 if opened[-1] > closed[-1] else -1  # the higher value's label above, the other below
        for value, colour, shift in ((opened[-1], OPENED_COLOUR, opened_up), (closed[-1], CLOSED_COLOUR, -opened_up)):
            figure.add_annotation(
                x=weeks[-1],
                y=int(value),
                text=f"<b>{format_number(int(value))}</b>",
                showarrow=False,
                xanchor="left",
                xshift=24,
                yshift=shift * 16,
                font={"size": DARK_MAP.font_size * 1.6, "color": colour},
            )
    figure.update_layout(
        dark_time_chart_layout(y_title=t("display_tickets_per_week", lang), right_margin=110, top_margin=60),
        bargap=0.25,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": DARK_MAP.font_size * 1.2}},
    )
    figure.update_yaxes(rangemode="tozero")
    return figure


def _figure_tile(label: str, value: str, headline_class: str = "panel-headline") -> html.Div:
    return html.Div(
        [html.Div(label, className="panel-label"), html.Div(value, className=headline_class)], className="ticket-tile"
    )


def busiest_areas(backlog: pd.DataFrame, names: pd.DataFrame, rows: int = BACKLOG_ROWS) -> pd.DataFrame:
    """The ``rows`` child areas with the most open tickets (then overdue, then code), named; none without any open."""
    table = names.merge(backlog, on="code", how="inner")
    table = table[table["open"] > 0]
    return table.sort_values(["open", "overdue", "code"], ascending=[False, False, True]).head(rows)


def tickets_panel(
    counts: pd.DataFrame,
    median_days: float | None,
    backlog: pd.DataFrame,
    names: pd.DataFrame,
    level: str,
    lang: Lang,
) -> list[Any]:
    """Open tickets by status, overdue, the median days to close; then the areas with the most open."""
    by_status = counts.groupby("status")["tickets"].sum()
    overdue = int(counts["overdue"].sum())
    tiles = [
        *(
            _figure_tile(t(f"ticket_status_{status}", lang), format_number(int(by_status.get(status, 0))))
            for status in OPEN_STATUSES
        ),
        _figure_tile(t("display_tickets_overdue", lang), format_number(overdue), OVERDUE_CLASS),
        _figure_tile(t("display_tickets_median", lang), format_number(median_days, 1)),
    ]
    areas = busiest_areas(backlog, names)
    label_column = name_column(lang)
    rows = [
        html.Li(
            [
                html.Span(getattr(row, label_column), className="backlog-name"),
                html.Span(format_number(int(row.open)), className="backlog-open"),
                html.Span(format_number(int(row.overdue)), className="backlog-overdue"),
            ]
        )
        for row in areas.itertuples()
    ]
    return [
        html.Div(tiles, className="ticket-tiles"),
        html.Div(t("display_tickets_backlog", lang, areas=t(f"ranking_title_{level}", lang)), className="panel-label"),
        html.Div(
            [
                html.Span(t("col_open", lang), className="backlog-open"),
                html.Span(t("col_overdue", lang), className="backlog-overdue"),
            ],
            className="backlog-head",
        )
        if rows
        else html.Div(t("display_no_tickets", lang), className="panel-detail"),
        html.Ol(rows, className="backlog-list"),
    ]
