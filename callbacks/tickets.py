"""Callbacks of the map page's Tickets tab.

The tab follows the page's URL (area, as-of date, language) like everything else on the page.
The table is AG Grid's infinite row model: the grid asks for a block of rows (``getRowsRequest``),
the server answers one SQL page (``getRowsResponse``); when a filter, the URL or the data change,
a browser-side function drops the grid's cached blocks so it asks again from the first row.

A status change is stamped at the end of the data (see ``store.ticket_workflow``), so after
saving, the page moves to the latest date when it is not there already: the officer sees the
change in the counts and the table at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard.components.tickets import (
    backlog_columns,
    backlog_rows,
    flow_figure,
    grid_columns,
    grid_rows,
    summary,
    ticket_detail,
)
from dashboard.exports import csv_bytes, ticket_export_frame, village_export_frame, xlsx_bytes
from dashboard.i18n import area_name, t
from dashboard.ids import MapPage, Tickets
from dashboard.url_state import ViewState, parse_view_state
from dashboard.views import known_state
from store.queries import DashboardQueries
from store.scope import AreaScope
from store.ticket_config import CATEGORIES, STATUSES
from store.ticket_queries import InvalidTicketQuery, TicketFilter, TicketQueries, TicketSort
from store.ticket_workflow import InvalidTransition, StatusChange, TicketNotFound, TicketWorkflow

FILTER_STATES = (
    State(Tickets.STATUS, "value"),
    State(Tickets.CATEGORY, "value"),
    State(Tickets.DATES, "start_date"),
    State(Tickets.DATES, "end_date"),
    State(Tickets.TEXT, "value"),
    State(Tickets.OVERDUE, "value"),
)


def ticket_filter(statuses: Any, categories: Any, since: Any, until: Any, text: Any, overdue: Any) -> TicketFilter:
    """The filter the controls ask for; malformed values (never expected from the widgets) mean "all"."""
    try:
        return TicketFilter(
            statuses=tuple(s for s in (statuses if statuses is not None else STATUSES) if s in STATUSES),
            categories=tuple(c for c in (categories if categories is not None else CATEGORIES) if c in CATEGORIES),
            since=dt.date.fromisoformat(since[:10]) if since else None,
            until=dt.date.fromisoformat(until[:10]) if until else None,
            text=(text or "")[:100],
            overdue_only=bool(overdue),
        )
    except (InvalidTicketQuery, ValueError):
        return TicketFilter()


def grid_sort(request: dict[str, Any] | None) -> TicketSort:
    model = (request or {}).get("sortModel") or []
    try:
        return TicketSort(model[0]["colId"], descending=model[0]["sort"] == "desc") if model else TicketSort()
    except (InvalidTicketQuery, KeyError):
        return TicketSort()


def register(app: Dash, queries: DashboardQueries, tickets: TicketQueries, workflow: TicketWorkflow) -> None:
    """Wire the Tickets tab to ``tickets`` (reads) and ``workflow`` (status changes)."""

    def current_state(search: str | None) -> ViewState:
        return known_state(queries, parse_view_state(search, queries.data_range()))

    @app.callback(
        Output(Tickets.TAB, "label"),
        Output(Tickets.HEADING, "children"),
        Output(Tickets.STATUS, "options"),
        Output(Tickets.CATEGORY, "options"),
        Output(Tickets.TEXT, "placeholder"),
        Output(Tickets.OVERDUE, "label"),
        Output(Tickets.GRID, "columnDefs"),
        Output(Tickets.BACKLOG_TITLE, "children"),
        Output(Tickets.BACKLOG, "columnDefs"),
        Output(Tickets.EXPORT_CSV, "children"),
        Output(Tickets.EXPORT_XLSX, "children"),
        Output(Tickets.EXPORT_VILLAGES_CSV, "children"),
        Output(Tickets.EXPORT_VILLAGES_XLSX, "children"),
        Output(Tickets.NOTE, "placeholder"),
        Output(Tickets.OFFICER, "placeholder"),
        Output(Tickets.SAVE, "children"),
        Output(Tickets.SHOW_ON_MAP, "children"),
        Output(Tickets.MAP_SWITCH, "label"),
        Input(MapPage.URL, "search"),
    )
    def show_texts(search: str | None) -> tuple[Any, ...]:
        state = current_state(search)
        lang = state.lang
        return (
            t("tab_tickets", lang),
            t("tickets_heading", lang, area=area_name(queries.area(state.area), lang)),
            [{"label": t(f"ticket_status_{s}", lang), "value": s} for s in STATUSES],
            [{"label": t(f"ticket_category_{c}", lang), "value": c} for c in CATEGORIES],
            t("tickets_search", lang),
            t("tickets_overdue_only", lang),
            grid_columns(lang),
            t("tickets_backlog_title", lang),
            backlog_columns(lang),
            *(
                t(key, lang)
                for key in (
                    "export_tickets_csv",
                    "export_tickets_xlsx",
                    "export_villages_csv",
                    "export_villages_xlsx",
                    "ticket_note",
                    "ticket_officer",
                    "ticket_save",
                    "ticket_show_on_map",
                    "tickets_map_switch",
                )
            ),  # fmt: skip
        )

    @app.callback(
        Output(Tickets.SUMMARY, "children"),
        Output(Tickets.FLOW, "figure"),
        Output(Tickets.BACKLOG, "rowData"),
        Input(MapPage.URL, "search"),
        Input(Tickets.CHANGES, "data"),
    )
    def show_figures(search: str | None, _changes: int) -> tuple[Any, ...]:
        state = current_state(search)
        scope, lang = state.scope, state.lang
        ranked = AreaScope(scope.code[:4]) if scope.level in ("subdistrict", "village") else scope
        return (
            summary(tickets.counts(scope, state.as_of), tickets.median_days_to_close(scope, state.as_of), lang),
            flow_figure(tickets.weekly_flow(scope, state.as_of), lang),
            backlog_rows(tickets.backlog_by_child(ranked, state.as_of), queries.child_names(ranked), lang),
        )

    @app.callback(
        Output(Tickets.GRID, "getRowsResponse"),
        Input(Tickets.GRID, "getRowsRequest"),
        *FILTER_STATES,
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def rows(request: dict[str, Any] | None, *filters_and_search: Any) -> dict[str, Any]:
        *filters, search = filters_and_search
        if not request:
            return no_update
        state = current_state(search)
        start = max(int(request.get("startRow", 0)), 0)
        size = max(min(int(request.get("endRow", start + 100)) - start, 500), 1)
        page = tickets.page(
            state.scope, state.as_of, ticket_filter(*filters), grid_sort(request), offset=start, limit=size
        )
        return {"rowData": grid_rows(page.rows, state.lang), "rowCount": page.total}

    app.clientside_callback(
        ClientsideFunction(namespace="tickets", function_name="purgeGrid"),
        Output(Tickets.GRID_PURGED, "data"),
        Input(MapPage.URL, "search"),
        Input(Tickets.STATUS, "value"),
        Input(Tickets.CATEGORY, "value"),
        Input(Tickets.DATES, "start_date"),
        Input(Tickets.DATES, "end_date"),
        Input(Tickets.TEXT, "value"),
        Input(Tickets.OVERDUE, "value"),
        Input(Tickets.CHANGES, "data"),
        State(Tickets.GRID, "id"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Tickets.SELECTED, "data"),
        Output(Tickets.MODAL, "is_open"),
        Output(Tickets.MODAL_TITLE, "children"),
        Output(Tickets.MODAL_BODY, "children"),
        Output(Tickets.NEW_STATUS, "options"),
        Output(Tickets.NEW_STATUS, "value"),
        Input(Tickets.GRID, "cellClicked"),
        Input(Tickets.CHANGES, "data"),
        State(Tickets.SELECTED, "data"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def open_ticket(
        cell: dict[str, Any] | None, _changes: int, selected: int | None, search: str | None
    ) -> tuple[Any, ...]:
        ticket_id = int(cell["rowId"]) if ctx.triggered_id == Tickets.GRID and cell and cell.get("rowId") else selected
        ticket = tickets.ticket(ticket_id) if ticket_id is not None else None
        if ticket is None:
            return no_update, False, no_update, no_update, no_update, no_update
        lang = current_state(search).lang
        options = [{"label": t(f"ticket_status_{s}", lang), "value": s} for s in STATUSES]
        return (
            ticket_id,
            True,
            t("ticket_detail", lang, id=ticket_id),
            ticket_detail(ticket, lang),
            options,
            ticket["status"],
        )

    @app.callback(
        Output(Tickets.CHANGES, "data"),
        Output(Tickets.SAVE_MESSAGE, "children"),
        Output(Tickets.NOTE, "value"),
        Output(MapPage.URL, "search", allow_duplicate=True),
        Input(Tickets.SAVE, "n_clicks"),
        State(Tickets.SELECTED, "data"),
        State(Tickets.NEW_STATUS, "value"),
        State(Tickets.NOTE, "value"),
        State(Tickets.OFFICER, "value"),
        State(Tickets.CHANGES, "data"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def save(_clicks: int, ticket_id: int | None, status: str | None, note: str | None, officer: str | None,
             changes: int, search: str | None) -> tuple[Any, ...]:  # fmt: skip
        state = current_state(search)
        try:
            workflow.change_status(StatusChange(int(ticket_id or 0), status or "", officer or "", note or ""))
        except (InvalidTransition, TicketNotFound) as error:
            return no_update, _message(str(error), "text-danger"), no_update, no_update
        latest = queries.data_range().last
        search_out = state.with_(as_of=latest).to_search() if state.as_of != latest else no_update
        return (changes or 0) + 1, _message(t("ticket_saved", state.lang), "text-success"), "", search_out

    @app.callback(
        Output(MapPage.URL, "search", allow_duplicate=True),
        Output(Tickets.MODAL, "is_open", allow_duplicate=True),
        Input(Tickets.SHOW_ON_MAP, "n_clicks"),
        State(Tickets.SELECTED, "data"),
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def show_on_map(_clicks: int, ticket_id: int | None, search: str | None) -> tuple[Any, ...]:
        ticket = tickets.ticket(int(ticket_id)) if ticket_id else None
        if ticket is None:
            return no_update, no_update
        return current_state(search).with_(area=ticket["village"]["code"]).to_search(), False

    @app.callback(
        Output(Tickets.DOWNLOAD, "data"),
        Input(Tickets.EXPORT_CSV, "n_clicks"),
        Input(Tickets.EXPORT_XLSX, "n_clicks"),
        Input(Tickets.EXPORT_VILLAGES_CSV, "n_clicks"),
        Input(Tickets.EXPORT_VILLAGES_XLSX, "n_clicks"),
        *FILTER_STATES,
        State(MapPage.URL, "search"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> dict[str, Any]:
        *filters, search = args[4:]
        state = current_state(search)
        stem = f"{state.area or 'TH'}-{state.as_of.isoformat()}"
        if ctx.triggered_id in (Tickets.EXPORT_CSV, Tickets.EXPORT_XLSX):
            rows = tickets.all_rows(state.scope, state.as_of, ticket_filter(*filters), TicketSort())
            frame, name = ticket_export_frame(rows, state.lang), f"tickets-{stem}"
        else:
            villages = queries.village_states(state.scope, state.as_of)
            frame = village_export_frame(villages, tickets.open_by_village(state.scope, state.as_of))
            name = f"villages-{stem}"
        if ctx.triggered_id in (Tickets.EXPORT_CSV, Tickets.EXPORT_VILLAGES_CSV):
            return dcc.send_bytes(csv_bytes(frame), f"{name}.csv", type="text/csv")
        return dcc.send_bytes(xlsx_bytes(frame, name), f"{name}.xlsx")


def _message(text: str, css: str) -> html.Span:
    return html.Span(text, className=css, id="tickets-save-result")


__all__ = ["grid_sort", "register", "ticket_filter"]
