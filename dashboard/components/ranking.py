"""The ranking of the child areas of the area in view: a light HTML table.

Each row links to its area's view (a plain link: Back and new tabs work); by default the chosen
metric's column leads sorted ascending (the areas furthest behind first), and a click on a header
sorts by that column (again: reversed). A data grid library would cost the first map more bytes
than the 77 rows it shows are worth.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.navigation import view_href
from dashboard.i18n import area_name, format_date, format_number, format_pct, t
from dashboard.ids import ranking_show_all_button, ranking_sort_button
from store.coverage.metrics import PCT_COLUMN_BY_METRIC
from view.inputs import as_mapping
from view.state import ViewState

PCT_COLUMNS = ("hotspot_online_pct", "volunteer_coverage_pct", "training_progress_pct")
SORTABLE_COLUMNS = ("name", "villages", *PCT_COLUMNS, "training_session_date")
TOP_ROWS = 10


@dataclass(frozen=True)
class RankingSort:
    """Which column the ranking is sorted by (``None``: the chosen metric, ascending), and whether
    it lists every area or only the first ``TOP_ROWS``."""

    column: str | None = None
    descending: bool = False
    show_all: bool = False

    @classmethod
    def from_store(cls, stored: object) -> RankingSort:
        """The sort a store holds; anything but a dict of ours reads as the default sort."""
        data = as_mapping(stored) or {}
        column = data.get("column")
        return cls(
            column if column in SORTABLE_COLUMNS else None, bool(data.get("descending")), bool(data.get("show_all"))
        )

    def toggled_show_all(self) -> RankingSort:
        """The sort after a click on "show all" / "show the first ten"."""
        return replace(self, show_all=not self.show_all)

    def clicked(self, column: str) -> RankingSort:
        """The sort after a click on ``column``'s header: that column ascending, or reversed."""
        return replace(self, column=column, descending=not self.descending if column == self.column else False)


def _header(label: str, column: str, sort: RankingSort) -> html.Th:
    direction = ("descending" if sort.descending else "ascending") if column == sort.column else "none"
    return html.Th(
        html.Button(label, id=ranking_sort_button(column), className="sort-button", type="button"),
        scope="col",
        className=f"sort-{direction}",
        **{"aria-sort": direction},
    )


def _row(area: Any, state: ViewState, pct_columns: tuple[str, ...], with_training: bool) -> html.Tr:
    name = area_name(area, state.lang)
    cells = [
        html.Td(dcc.Link(name, href=view_href(state.with_(area=area.code)))),
        html.Td(format_number(area.villages), className="num"),
    ]
    for column in pct_columns:
        value = getattr(area, column)
        emphasis = " metric-column" if column == PCT_COLUMN_BY_METRIC[state.metric] else ""
        cells.append(html.Td(format_pct(value), className="num" + emphasis))
    if with_training:
        status = t(f"session_{area.training_session_status}", state.lang)
        cells.append(html.Td(f"{format_date(area.training_session_date, state.lang)} · {status}"))
    return html.Tr(cells, id=f"rank-{area.code}", className="current" if area.code == state.area else "")


def ranking_table(areas: pd.DataFrame, state: ViewState, sort: RankingSort, *, with_training: bool) -> html.Div:
    """The child areas of the view, by default the furthest behind on the chosen metric first.

    Areas without a share (no programme villages, such as Bangkok) stay last in either direction:
    a "–" is not "furthest behind". Only the first ``TOP_ROWS`` are listed until the user asks
    for all: every row is a handful of Dash components, and 77 provinces' worth of them cost the
    browser about a second of rendering, before the map, on every drill-down.
    """
    if areas.empty:  # a tambon or a Bangkok district without programme villages: say so, no empty table
        return html.Div(html.P(t("ranking_empty", state.lang), className="ranking-empty text-muted"))
    sort = sort if sort.column else replace(sort, column=PCT_COLUMN_BY_METRIC[state.metric])
    key = f"name_{state.lang}" if sort.column == "name" else sort.column
    ordered = areas.sort_values([key, "code"], ascending=not sort.descending, na_position="last")
    headers = [_header(t(f"col_{column}", state.lang), column, sort) for column in ("name", "villages", *PCT_COLUMNS)]
    if with_training:
        headers.append(_header(t("col_training_session_date", state.lang), "training_session_date", sort))
    shown = ordered if sort.show_all else ordered.head(TOP_ROWS)
    rows = [_row(area, state, PCT_COLUMNS, with_training) for area in shown.itertuples()]
    table = html.Table(
        [html.Thead(html.Tr(headers)), html.Tbody(rows)], className="table table-sm table-hover ranking-table"
    )
    label = (
        t("ranking_show_top", state.lang, count=TOP_ROWS)
        if sort.show_all
        else t("ranking_show_all", state.lang, count=len(ordered))
    )
    toggle = html.Button(label, id=ranking_show_all_button(), className="btn btn-link btn-sm", type="button")
    return html.Div([table, toggle] if len(ordered) > TOP_ROWS else [table])
