"""The map page's Tickets tab: the area's ticket figures, light enough for the first map.

Counts by status and category, overdue, median time to close, the weekly opened-vs-closed chart,
the child areas ranked by open backlog (a plain HTML table, like the overview's ranking) and
the exports. The ticket table itself (filters, paging, the detail and its status form) is its
own page at /tickets/ (``dashboard.ticket_table``): its data grid library costs ~600 KB that the
map page must not load. The layout is static (ids from ``dashboard.ids.Tickets``); texts and
numbers are filled by ``callbacks.tickets`` from the URL, when the tab is open.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components.navigation import view_href
from dashboard.i18n import format_date, format_number, t
from dashboard.ids import Tickets
from store.tickets.config import CATEGORIES, STATUSES
from store.tickets.workflow import WorkflowRefusal
from view.state import Lang, ViewState

STATUS_COLOURS = {"not_started": "danger", "in_progress": "warning", "done": "success"}
TICKET_TABLE_PATH = "/tickets/"


def ticket_table_href(state: ViewState) -> str:
    """The ticket table's page for the same area, date and language."""
    return TICKET_TABLE_PATH + state.to_search()


def tickets_tab_content() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=Tickets.VIEW),
            html.H2(id=Tickets.HEADING, className="h6 mt-2"),
            html.Div(id=Tickets.SUMMARY, className="tickets-summary small mb-2"),
            # a plain link: the table is another Dash app, so the browser loads its page
            html.A(id=Tickets.OPEN_TABLE, href=TICKET_TABLE_PATH, className="btn btn-primary btn-sm mb-2"),
            export_controls(
                csv_links=(Tickets.EXPORT_CSV, Tickets.EXPORT_VILLAGES_CSV),
                xlsx_buttons=(Tickets.EXPORT_XLSX, Tickets.EXPORT_VILLAGES_XLSX),
            ),
            dcc.Graph(id=Tickets.FLOW, config={"displayModeBar": False}, style={"height": "180px"}),
            html.H3(id=Tickets.BACKLOG_TITLE, className="h6 mt-2 mb-1"),
            html.Div(id=Tickets.BACKLOG, className="ranking-scroll"),
        ],
        className="tickets-tab",
    )


EXPORT_POLL_MS = 1000


def export_controls(csv_links: tuple[str, ...], xlsx_buttons: tuple[str, ...]) -> html.Div:
    """The export links and buttons, and where an XLSX job's progress and file appear.

    A CSV is a plain link to the streamed file (its href follows the page's view and filters);
    an XLSX button starts a job, which the page polls while it is being built.
    """
    return html.Div(
        [
            html.Div(
                [
                    *(
                        html.A(id=link, href="", download="", className="btn btn-outline-secondary btn-sm")
                        for link in csv_links
                    ),
                    *(dbc.Button(id=button, color="outline-secondary", size="sm") for button in xlsx_buttons),
                ],
                className="d-flex flex-wrap gap-2",
            ),
            dcc.Store(id=Tickets.EXPORT_JOB),
            dcc.Interval(id=Tickets.EXPORT_POLL, interval=EXPORT_POLL_MS, disabled=True),
            html.Div(id=Tickets.EXPORT_STATUS, className="small mt-1", role="status"),
        ],
        className="my-2",
    )


def export_status(
    state: str, rows_done: int, rows_total: int | None, file_name: str, file_href: str, lang: Lang
) -> list[Any]:
    """What an XLSX job shows: waiting, a progress bar with its rows, the file's link, or a failure."""
    if state == "done":
        return [
            html.Span(t("export_ready", lang), className="me-1"),
            html.A(file_name, href=file_href, download=file_name, id=Tickets.EXPORT_FILE),
        ]
    if state == "failed":
        return [html.Span(t("export_failed", lang), className="text-danger")]
    if state == "queued" or not rows_total:
        return [html.Span(t("export_queued", lang)), dbc.Progress(value=0, striped=True, animated=True)]
    done = min(rows_done, rows_total)
    return [
        html.Span(t("export_running", lang, done=format_number(done), total=format_number(rows_total))),
        dbc.Progress(value=round(100 * done / rows_total), striped=True, animated=True),
    ]


def export_busy(lang: Lang) -> html.Span:
    return html.Span(t("export_busy", lang), className="text-warning")


def refusal_text(refusal: WorkflowRefusal, lang: Lang) -> str:
    """Why the workflow refused an officer's change, in the page's language, statuses by their names."""
    fields = {name: _refusal_field(name, value, lang) for name, value in refusal.fields.items()}
    return t(f"ticket_refused_{refusal.code}", lang, **fields)


def _refusal_field(name: str, value: object, lang: Lang) -> object:
    if name == "allowed" and isinstance(value, list):
        return ", ".join(f"“{status_label(status, lang)}”" for status in value)
    if name.endswith("status") and isinstance(value, str):
        return status_label(value, lang)
    return value


def status_label(status: str, lang: Lang) -> str:
    """A status's name in ``lang``; a value that is no status, as it is."""
    return t(f"ticket_status_{status}", lang) if status in STATUSES else status


def status_badge(status: str, lang: Lang) -> dbc.Badge:
    return dbc.Badge(t(f"ticket_status_{status}", lang), color=STATUS_COLOURS[status], className="me-1")


def summary(counts: pd.DataFrame, median_days: float | None, lang: Lang) -> list[Any]:
    """Badges of the tickets by status, open and overdue totals, and the median time to close."""
    by_status = counts.groupby("status")["tickets"].sum()
    open_total = int(by_status.get("not_started", 0) + by_status.get("in_progress", 0))
    by_category = counts[counts["status"] != "done"].groupby("category")["tickets"].sum()
    return [
        html.Div(
            [
                html.Span(
                    t("tickets_total", lang, total=format_number(int(by_status.sum()))), className="me-2 fw-bold"
                ),
                *(
                    html.Span(
                        [
                            status_badge(s, lang),
                            html.Span(format_number(int(by_status.get(s, 0))), id=f"tickets-count-{s}"),
                        ],
                        className="me-2",
                    )
                    for s in STATUSES
                ),
            ]
        ),
        html.Div(
            [
                html.Span(t("tickets_open", lang, open=format_number(open_total)), className="me-2"),
                html.Span(
                    t("tickets_overdue", lang, overdue=format_number(int(counts["overdue"].sum()))),
                    className="me-2 text-danger",
                    id="tickets-count-overdue",
                ),
                html.Span(t("tickets_median_close", lang, days=format_number(median_days, 1))),
            ]
        ),
        html.Div(
            " · ".join(
                f"{t(f'ticket_category_{c}', lang)} {format_number(int(by_category.get(c, 0)))}" for c in CATEGORIES
            ),
            className="text-muted",
        ),
    ]


def flow_figure(flow: pd.DataFrame, lang: Lang) -> go.Figure:
    """Opened vs closed per ISO week: bars and a line, no more."""
    weeks = [format_date(week, lang) for week in flow["week"]]
    figure = go.Figure(
        [
            go.Bar(x=weeks, y=flow["opened"].to_numpy(), name=t("tickets_flow_opened", lang), marker_color="#d9534f"),
            go.Scatter(
                x=weeks,
                y=flow["closed"].to_numpy(),
                name=t("tickets_flow_closed", lang),
                mode="lines+markers",
                line={"color": "#2e7d32"},
            ),
        ]
    )
    figure.update_layout(
        title={"text": t("tickets_flow_title", lang), "font": {"size": 13}},
        margin={"l": 30, "r": 10, "t": 30, "b": 30},
        legend={"orientation": "h", "y": -0.3},
        xaxis={"type": "category", "nticks": 6},
        template="plotly_white",
    )
    return figure


def backlog_table(backlog: pd.DataFrame, names: pd.DataFrame, state: ViewState) -> html.Table:
    """The child areas by open backlog (most open first, then most overdue); names link to their view."""
    lang = state.lang
    table = names.set_index("code")[[f"name_{lang}"]].join(backlog.set_index("code"), how="inner")
    table = table.sort_values(["open", "overdue", "code"], ascending=[False, False, True])
    headers = [t(key, lang) for key in ("col_name", "col_open", "col_overdue", "col_tickets")]
    rows = [
        html.Tr(
            [
                html.Td(dcc.Link(row[f"name_{lang}"], href=view_href(state.with_(area=code)))),
                *(
                    html.Td(format_number(int(row[column])), className="num")
                    for column in ("open", "overdue", "tickets")
                ),
            ],
            id=f"backlog-{code}",
        )
        for code, row in table.iterrows()
    ]
    return html.Table(
        [html.Thead(html.Tr([html.Th(header, scope="col") for header in headers])), html.Tbody(rows)],
        className="table table-sm table-hover ranking-table backlog-table",
    )
