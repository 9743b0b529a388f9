"""Callbacks of the ticket table's page (/tickets/).

The page follows its URL (area, as-of date, language) like the map page. The table is AG Grid's
infinite row model: the grid asks for a block of rows (``getRowsRequest``), the server answers one
SQL page (``getRowsResponse``); when a filter, the URL or the data change, a browser-side function
(assets/tickets.js) drops the grid's cached blocks so it asks again from the first row.

A status change is stamped at the end of the data (see ``store.tickets.workflow``), so after
saving, the page moves to the latest date when it is not there already: the officer sees the
change in the counts and the table at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from flask import request

from callbacks import exports as export_callbacks
from dashboard.components.navigation import breadcrumb, language_links, view_href
from dashboard.components.tickets import refusal_text, summary, ticket_table_href
from dashboard.compose import lineage
from dashboard.i18n import area_name, t
from dashboard.ids import Tickets
from dashboard.ticket_table.ids import TicketTable
from dashboard.ticket_table.layout import grid_columns, grid_rows, ticket_detail
from exports.jobs import ExportJobs
from exports.sources import ExportRequest
from store.coverage.queries import CoverageQueries
from store.tickets.config import CATEGORIES, STATUSES
from store.tickets.queries import MAX_PAGE_SIZE, SORTABLE, InvalidTicketQuery, TicketFilter, TicketQueries, TicketSort
from store.tickets.workflow import StatusChange, TicketWorkflow, WorkflowRefusal
from view.inputs import (
    RECORD_ID_MAX,
    as_choice,
    as_choices,
    as_int_in_range,
    as_iso_date,
    as_list,
    as_mapping,
    as_record_id,
    as_str,
)
from view.resolve import ViewResolver

FILTER_STATES = (
    State(Tickets.STATUS, "value"),
    State(Tickets.CATEGORY, "value"),
    State(Tickets.DATES, "start_date"),
    State(Tickets.DATES, "end_date"),
    State(Tickets.TEXT, "value"),
    State(Tickets.OVERDUE, "value"),
)


def ticket_filter(
    statuses: object, categories: object, since: object, until: object, text: object, overdue: object
) -> TicketFilter:
    """The filter the controls ask for; a malformed value (never sent by the widgets) means "all"."""
    chosen_statuses = STATUSES if statuses is None else as_choices(statuses, STATUSES)
    chosen_categories = CATEGORIES if categories is None else as_choices(categories, CATEGORIES)
    first, last = as_iso_date(since), as_iso_date(until)
    if (
        chosen_statuses is None
        or chosen_categories is None
        or (since and first is None)
        or (until and last is None)
        or (text is not None and not isinstance(text, str))
        or not isinstance(overdue, bool | list | None)
    ):
        return TicketFilter()
    try:
        return TicketFilter(chosen_statuses, chosen_categories, first, last, (text or "")[:100], bool(overdue))
    except InvalidTicketQuery:
        return TicketFilter()


def grid_sort(request: object) -> TicketSort:
    """The grid's sort model (its first column) as a ``TicketSort``; the default when malformed."""
    model = as_list((as_mapping(request) or {}).get("sortModel")) or []
    first = as_mapping(model[0]) if model else None
    column = as_choice((first or {}).get("colId"), SORTABLE)
    if first is None or column is None:
        return TicketSort()
    return TicketSort(column, descending=first.get("sort") == "desc")


def grid_block(request: object) -> tuple[int, int] | None:
    """The rows a grid request asks for, as (offset, limit of at most 500); ``None`` when malformed."""
    asked = as_mapping(request)
    if asked is None:
        return None
    start = as_int_in_range(asked.get("startRow", 0), 0, RECORD_ID_MAX)
    end = as_int_in_range(asked.get("endRow", (start or 0) + 100), 0, RECORD_ID_MAX)
    if start is None or end is None:
        return None
    return start, max(min(end - start, MAX_PAGE_SIZE), 1)


def register(
    app: Dash,
    resolver: ViewResolver,
    queries: CoverageQueries,
    tickets: TicketQueries,
    workflow: TicketWorkflow,
    jobs: ExportJobs,
) -> None:
    """Wire the ticket table's page to ``tickets`` (reads), ``workflow`` (status changes) and
    ``jobs`` (its XLSX export)."""

    @app.callback(
        Output(TicketTable.LANG_SWITCH, "children"),
        Output(TicketTable.BREADCRUMB, "children"),
        Output(Tickets.HEADING, "children"),
        Output(Tickets.STATUS, "options"),
        Output(Tickets.CATEGORY, "options"),
        Output(Tickets.GRID, "columnDefs"),
        Input(TicketTable.URL, "search"),
    )
    def show_texts(search: str | None) -> tuple[Any, ...]:
        state = resolver.state(search)
        lang = state.lang
        return (
            language_links(state, href=ticket_table_href),
            breadcrumb(state, lineage(queries, state.scope), page_below=t("ticket_table_title", lang)),
            t("tickets_heading", lang, area=area_name(queries.area(state.area), lang)),
            [{"label": t(f"ticket_status_{s}", lang), "value": s} for s in STATUSES],
            [{"label": t(f"ticket_category_{c}", lang), "value": c} for c in CATEGORIES],
            grid_columns(lang),
        )

    @app.callback(
        Output(Tickets.SUMMARY, "children"),
        Input(TicketTable.URL, "search"),
        Input(Tickets.CHANGES, "data"),
    )
    def show_summary(search: str | None, _changes: int) -> list[Any]:
        state = resolver.state(search)
        counts = tickets.counts(state.scope, state.as_of)
        return summary(counts, tickets.median_days_to_close(state.scope, state.as_of), state.lang)

    @app.callback(
        Output(Tickets.GRID, "getRowsResponse"),
        Input(Tickets.GRID, "getRowsRequest"),
        *FILTER_STATES,
        State(TicketTable.URL, "search"),
        prevent_initial_call=True,
    )
    def rows(request: dict[str, Any] | None, *filters_and_search: Any) -> dict[str, Any]:
        *filters, search = filters_and_search
        if not request or (block := grid_block(request)) is None:
            return no_update
        state, (start, size) = resolver.state(search), block
        page = tickets.page(
            state.scope, state.as_of, ticket_filter(*filters), grid_sort(request), offset=start, limit=size
        )
        return {"rowData": grid_rows(page.rows, state.lang), "rowCount": page.total}

    app.clientside_callback(  # a phone's grid shows fewer columns (assets/tickets.js)
        ClientsideFunction(namespace="tickets", function_name="fitColumnsToScreen"),
        Input(Tickets.GRID, "columnDefs"),
        State(Tickets.GRID, "id"),
    )

    app.clientside_callback(
        ClientsideFunction(namespace="tickets", function_name="purgeGrid"),
        Output(Tickets.GRID_PURGED, "data"),
        Input(TicketTable.URL, "search"),
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
        Output(Tickets.SHOW_ON_MAP, "href"),
        Output(Tickets.CHANGE_FORM, "hidden"),
        Output(Tickets.CHANGE_KEY, "data"),
        Input(Tickets.GRID, "cellClicked"),
        Input(Tickets.CHANGES, "data"),
        State(Tickets.SELECTED, "data"),
        State(TicketTable.URL, "search"),
        prevent_initial_call=True,
    )
    def open_ticket(
        cell: dict[str, Any] | None, _changes: int, selected: int | None, search: str | None
    ) -> tuple[Any, ...]:
        clicked = as_mapping(cell) if ctx.triggered_id == Tickets.GRID else None
        ticket_id = as_record_id(clicked.get("rowId") if clicked else selected)
        state = resolver.state(search)
        permitted = resolver.requester().permitted
        ticket = tickets.ticket(ticket_id, state.as_of, permitted) if ticket_id is not None else None  # the table's day
        if ticket is None:
            return no_update, False, no_update, no_update, no_update, no_update, no_update, no_update, no_update
        options = [{"label": t(f"ticket_status_{s}", state.lang), "value": s} for s in STATUSES]
        return (
            ticket_id,
            True,
            t("ticket_detail", state.lang, id=ticket_id),
            ticket_detail(ticket, state.lang),
            options,
            ticket["current_status"],  # a change starts from today's status, whatever the day shown
            view_href(state.with_(area=ticket["village"]["code"])),
            not resolver.requester().permitted.may_change_tickets_in(ticket["village"]["code"]),
            uuid.uuid4().hex,  # opened, or just saved: the next save is a new change
        )

    @app.callback(
        Output(Tickets.CHANGES, "data"),
        Output(Tickets.SAVE_MESSAGE, "children"),
        Output(Tickets.NOTE, "value"),
        Output(TicketTable.URL, "search", allow_duplicate=True),
        Input(Tickets.SAVE, "n_clicks"),
        State(Tickets.SELECTED, "data"),
        State(Tickets.NEW_STATUS, "value"),
        State(Tickets.NOTE, "value"),
        State(Tickets.CHANGES, "data"),
        State(Tickets.CHANGE_KEY, "data"),
        State(TicketTable.URL, "search"),
        prevent_initial_call=True,
    )
    def save(
        _clicks: int,
        ticket_id: int | None,
        status: str | None,
        note: str | None,
        changes: int,
        change_key: str | None,
        search: str | None,
    ) -> tuple[Any, ...]:
        """Store the open form's change under its key: a click again after a lost answer (or nginx
        sending the save to another host) answers as the first did and stores nothing more."""
        state, known_id = resolver.state(search), as_record_id(ticket_id)
        to_status, note_text = (as_str(value) if value is not None else "" for value in (status, note))
        key = as_str(change_key)
        if known_id is None or to_status is None or note_text is None or key is None:
            return no_update, no_update, no_update, no_update  # no ticket open, or not what the form sends
        change = StatusChange(
            known_id, to_status, resolver.requester(), note_text, remote_addr=request.remote_addr or "", change_key=key
        )
        try:
            workflow.change_status(change)
        except WorkflowRefusal as refusal:
            return no_update, _message(refusal_text(refusal, state.lang), "text-danger"), no_update, no_update
        latest = queries.data_range().last
        search_out = state.with_(as_of=latest).to_search() if state.as_of != latest else no_update
        saved = (as_int_in_range(changes, 0, RECORD_ID_MAX) or 0) + 1
        return saved, _message(t("ticket_saved", state.lang), "text-success"), "", search_out

    @app.callback(
        Output(Tickets.EXPORT_CSV, "href"),
        Input(TicketTable.URL, "search"),
        *(Input(state.component_id, state.component_property) for state in FILTER_STATES),
    )
    def csv_link(search: str | None, *filters: Any) -> str:
        """The table as filtered now, every page of it, in the table's default order."""
        state = resolver.state(search)
        return ExportRequest("tickets", state.area, state.as_of, state.lang, ticket_filter(*filters)).csv_href()

    export_callbacks.register(
        app,
        resolver,
        jobs,
        url=TicketTable.URL,
        xlsx_buttons={Tickets.EXPORT_XLSX: "tickets"},
        filter_states=FILTER_STATES,
        ticket_filter=ticket_filter,
    )


def _message(text: str, css: str) -> html.Span:
    return html.Span(text, className=css, id="tickets-save-result")


__all__ = ["grid_sort", "register", "ticket_filter"]
