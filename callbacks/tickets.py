"""Callbacks of the map page's Tickets tab: the area's ticket figures and exports.

The tab follows the page's URL (area, as-of date, language) like everything else on the page.
Its figures are computed only while the tab is open (and again when it is opened), so a first
load of the map never waits for them. The ticket table, its filters and the status changes live
on their own page, /tickets/ (``callbacks.ticket_table``); the tab links to it with the same state.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, no_update

from dashboard.components.tickets import backlog_table, flow_figure, summary, ticket_table_href
from dashboard.i18n import area_name, t
from dashboard.ids import MapPage, Showcase, Tickets
from exports.tables import csv_bytes, ticket_export_frame, village_export_frame, xlsx_bytes
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from store.tickets.queries import TicketFilter, TicketQueries, TicketSort
from view.resolve import ViewResolver

TAB_ID = "tickets"
"""The Tickets tab's ``tab_id`` in the right column's ``dbc.Tabs`` (``dashboard.layout``)."""


def register(app: Dash, resolver: ViewResolver, queries: CoverageQueries, tickets: TicketQueries) -> None:
    """Wire the Tickets tab to ``tickets`` (reads); status changes happen on the ticket table's page."""

    @app.callback(
        Output(Tickets.HEADING, "children"),
        Output(Tickets.OPEN_TABLE, "href"),
        Input(MapPage.URL, "search"),
    )
    def show_heading(search: str | None) -> tuple[str, str]:
        state = resolver.state(search)
        return t(
            "tickets_heading", state.lang, area=area_name(queries.area(state.area), state.lang)
        ), ticket_table_href(state)

    @app.callback(
        Output(Tickets.SUMMARY, "children"),
        Output(Tickets.FLOW, "figure"),
        Output(Tickets.BACKLOG, "children"),
        Input(MapPage.URL, "search"),
        Input(Showcase.TABS, "active_tab"),
    )
    def show_figures(search: str | None, active_tab: str | None) -> tuple[Any, ...]:
        """Only for the open tab: a hidden tab must cost the first map nothing."""
        if active_tab != TAB_ID:
            return no_update, no_update, no_update
        state = resolver.state(search)
        scope, lang = state.scope, state.lang
        ranked = AreaScope(scope.code[:4]) if scope.level == "village" else scope
        return (
            summary(tickets.counts(scope, state.as_of), tickets.median_days_to_close(scope, state.as_of), lang),
            flow_figure(tickets.weekly_flow(scope, state.as_of), lang),
            backlog_table(tickets.backlog_by_child(ranked, state.as_of), queries.child_names(ranked), state),
        )

    @app.callback(
        Output(Tickets.DOWNLOAD, "data"),
        Input(Tickets.EXPORT_CSV, "n_clicks"),
        Input(Tickets.EXPORT_XLSX, "n_clicks"),
        Input(Tickets.EXPORT_VILLAGES_CSV, "n_clicks"),
        Input(Tickets.EXPORT_VILLAGES_XLSX, "n_clicks"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> dict[str, Any]:
        """Every ticket of the area (the ticket table's page exports its filtered rows), or its villages."""
        state = resolver.state(args[-1])
        stem = f"{state.area or 'TH'}-{state.as_of.isoformat()}"
        if ctx.triggered_id in (Tickets.EXPORT_CSV, Tickets.EXPORT_XLSX):
            rows = tickets.all_rows(state.scope, state.as_of, TicketFilter(), TicketSort())
            frame, name = ticket_export_frame(rows, state.lang), f"tickets-{stem}"
        else:
            villages = queries.village_states(state.scope, state.as_of)
            frame = village_export_frame(villages, tickets.open_by_village(state.scope, state.as_of))
            name = f"villages-{stem}"
        if ctx.triggered_id in (Tickets.EXPORT_CSV, Tickets.EXPORT_VILLAGES_CSV):
            return dcc.send_bytes(csv_bytes(frame), f"{name}.csv", type="text/csv")
        return dcc.send_bytes(xlsx_bytes(frame, name), f"{name}.xlsx")


__all__ = ["register"]
