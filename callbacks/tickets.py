"""Callbacks of the map page's Tickets tab: the area's ticket figures and the links of its exports.

The tab follows the page's URL (area, as-of date, language) like everything else on the page,
but only while it is open: its view (``Tickets.VIEW``) is the URL copied in the browser when the
tab is open or opened (``callbacks.tab_views``), so a first load of the map and a drill-down with the
tab closed cost no request of the tab's. The ticket table, its filters and the status changes live
on their own page, /tickets/ (``callbacks.ticket_table``); the tab links to it with the same state.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output

from callbacks import exports as export_callbacks
from callbacks.tab_views import follow_while_open
from dashboard.components.tickets import backlog_table, flow_figure, summary, ticket_table_href
from dashboard.i18n import area_name, t
from dashboard.ids import MapPage, Tickets
from exports.jobs import ExportJobs
from exports.sources import ExportRequest
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from store.tickets.queries import TicketQueries
from view.resolve import ViewResolver


def register(
    app: Dash, resolver: ViewResolver, queries: CoverageQueries, tickets: TicketQueries, jobs: ExportJobs
) -> None:
    """Wire the Tickets tab to ``tickets`` (reads) and ``jobs`` (its XLSX exports); status changes
    happen on the ticket table's page."""

    follow_while_open(app, Tickets.VIEW, Tickets.TAB)

    @app.callback(
        Output(Tickets.HEADING, "children"),
        Output(Tickets.OPEN_TABLE, "href"),
        Output(Tickets.EXPORT_CSV, "href"),
        Output(Tickets.EXPORT_VILLAGES_CSV, "href"),
        Input(Tickets.VIEW, "data"),
        prevent_initial_call=True,
    )
    def show_heading(search: str | None) -> tuple[str, ...]:
        """The heading, and the links that follow the view: the table, every ticket and village as CSV."""
        state = resolver.state(search)
        heading = t("tickets_heading", state.lang, area=area_name(queries.area(state.area), state.lang))
        tickets_csv, villages_csv = (
            ExportRequest(kind, state.area, state.as_of, state.lang).csv_href() for kind in ("tickets", "villages")
        )
        return heading, ticket_table_href(state), tickets_csv, villages_csv

    export_callbacks.register(
        app,
        resolver,
        jobs,
        url=MapPage.URL,
        xlsx_buttons={Tickets.EXPORT_XLSX: "tickets", Tickets.EXPORT_VILLAGES_XLSX: "villages"},
    )

    @app.callback(
        Output(Tickets.SUMMARY, "children"),
        Output(Tickets.FLOW, "figure"),
        Output(Tickets.BACKLOG, "children"),
        Input(Tickets.VIEW, "data"),
        prevent_initial_call=True,
    )
    def show_figures(search: str | None) -> tuple[Any, ...]:
        state = resolver.state(search)
        scope, lang = state.scope, state.lang
        ranked = AreaScope(scope.code[:4]) if scope.level == "village" else scope
        return (
            summary(tickets.counts(scope, state.as_of), tickets.median_days_to_close(scope, state.as_of), lang),
            flow_figure(tickets.weekly_flow(scope, state.as_of), lang),
            backlog_table(tickets.backlog_by_child(ranked, state.as_of), queries.child_names(ranked), state),
        )


__all__ = ["register"]
