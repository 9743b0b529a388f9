"""Callbacks of the XLSX exports, on the map page's Tickets tab and on the ticket table alike.

A click queues a job with the export workers (``exports.jobs``) and returns at once; the page then
polls the job each second (a ``dcc.Interval``, running only while a job is open) and shows its
progress, then the file's link. No callback builds a file: a country's XLSX takes seconds of CPU
that must not hold a server thread. The CSV links need no callback of their own: each page sets
their href with its view and filters (``ExportRequest.csv_href``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard.components.tickets import export_busy, export_status
from dashboard.ids import Tickets
from exports.jobs import JOB_ID, ExportJobs, ExportsBusy, owner_of
from exports.sources import ExportKind, ExportRequest, job_file_href
from store.tickets.queries import TicketFilter
from view.resolve import ViewResolver
from view.state import Lang


def register(
    app: Dash,
    resolver: ViewResolver,
    jobs: ExportJobs,
    *,
    url: str,
    xlsx_buttons: Mapping[str, ExportKind],
    filter_states: Sequence[State] = (),
    ticket_filter: Callable[..., TicketFilter] = lambda *_values: TicketFilter(),
) -> None:
    """Wire ``xlsx_buttons`` (button id → what it exports) to export jobs; ``ticket_filter``
    reads ``filter_states`` (the ticket table's filters) into the tickets' filter."""

    @app.callback(
        Output(Tickets.EXPORT_JOB, "data"),
        Output(Tickets.EXPORT_POLL, "disabled"),
        Output(Tickets.EXPORT_STATUS, "children"),
        *(Input(button, "n_clicks") for button in xlsx_buttons),
        State(url, "search"),
        *filter_states,
        prevent_initial_call=True,
    )
    def start_export(*values: Any) -> tuple[Any, ...]:
        kind = xlsx_buttons.get(str(ctx.triggered_id))
        if kind is None:
            return no_update, no_update, no_update
        search, *filters = values[len(xlsx_buttons) :]
        state = resolver.state(search)
        chosen = ticket_filter(*filters) if kind == "tickets" else TicketFilter()
        try:
            job = jobs.submit(
                ExportRequest(kind, state.area, state.as_of, state.lang, chosen), owner_of(resolver.requester())
            )
        except ExportsBusy:
            return no_update, True, export_busy(state.lang)
        return job.id, False, _shown(job.state, 0, None, job.file_name, job.id, state.lang)

    @app.callback(
        Output(Tickets.EXPORT_STATUS, "children", allow_duplicate=True),
        Output(Tickets.EXPORT_POLL, "disabled", allow_duplicate=True),
        Input(Tickets.EXPORT_POLL, "n_intervals"),
        State(Tickets.EXPORT_JOB, "data"),
        State(url, "search"),
        prevent_initial_call=True,
    )
    def show_progress(_ticks: object, job_id: object, search: object) -> tuple[Any, ...]:
        """The job's state each second; the polling stops once the file is ready or failed."""
        if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
            return no_update, True
        job = jobs.status(job_id, owner_of(resolver.requester()))
        if job is None:
            return no_update, True
        lang = resolver.state(search).lang
        shown = _shown(job.state, job.rows_done, job.rows_total, job.file_name, job.id, lang)
        return shown, job.state in ("done", "failed")


def _shown(state: str, rows_done: int, rows_total: int | None, file_name: str, job_id: str, lang: Lang) -> list[Any]:
    return export_status(state, rows_done, rows_total, file_name, job_file_href(job_id), lang)


__all__ = ["register"]
