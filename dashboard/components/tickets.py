"""The Tickets tab: filters, figures, the server-paged table, the detail modal and the exports.

The layout is static (ids from ``dashboard.ids.Tickets``); texts, options and numbers are filled
by ``callbacks.tickets`` from the URL, so the tab follows the page's area, date and language.
"""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.i18n import Lang, format_date, format_datetime, format_number, t
from dashboard.ids import Tickets
from store.metrics import ICT_OFFSET
from store.ticket_config import CATEGORIES, STATUSES

STATUS_COLOURS = {"not_started": "danger", "in_progress": "warning", "done": "success"}
BLOCK_SIZE = 100


def tickets_tab_content() -> html.Div:
    return html.Div(
        [
            html.H2(id=Tickets.HEADING, className="h6 mt-2"),
            html.Div(id=Tickets.SUMMARY, className="tickets-summary small mb-2"),
            _filters(),
            dag.AgGrid(
                id=Tickets.GRID,
                rowModelType="infinite",
                columnDefs=[],
                getRowId="params.data.id",
                defaultColDef={"resizable": True, "sortable": False, "suppressHeaderMenuButton": True},
                dashGridOptions={
                    "cacheBlockSize": BLOCK_SIZE,
                    "maxBlocksInCache": 10,
                    "infiniteInitialRowCount": 1,
                    "rowSelection": {"mode": "singleRow", "checkboxes": False},
                },
                className="tickets-grid",
                style={"height": "380px"},
            ),
            dcc.Store(id=Tickets.GRID_PURGED),
            dcc.Store(id=Tickets.CHANGES, data=0),
            dcc.Store(id=Tickets.SELECTED),
            html.Div(
                [
                    dbc.Button(id=Tickets.EXPORT_CSV, color="outline-secondary", size="sm"),
                    dbc.Button(id=Tickets.EXPORT_XLSX, color="outline-secondary", size="sm"),
                    dbc.Button(id=Tickets.EXPORT_VILLAGES_CSV, color="outline-secondary", size="sm"),
                    dbc.Button(id=Tickets.EXPORT_VILLAGES_XLSX, color="outline-secondary", size="sm"),
                    dcc.Download(id=Tickets.DOWNLOAD),
                ],
                className="d-flex flex-wrap gap-2 my-2",
            ),
            dcc.Graph(id=Tickets.FLOW, config={"displayModeBar": False}, style={"height": "180px"}),
            html.H3(id=Tickets.BACKLOG_TITLE, className="h6 mt-2 mb-1"),
            dag.AgGrid(
                id=Tickets.BACKLOG,
                rowData=[],
                columnDefs=[],
                getRowId="params.data.code",
                defaultColDef={"resizable": True, "sortable": True},
                className="backlog-grid",
                style={"height": "240px"},
            ),
            _modal(),
        ],
        className="tickets-tab",
    )


def _filters() -> html.Div:
    return html.Div(
        [
            dbc.Checklist(id=Tickets.STATUS, options=[], value=list(STATUSES), inline=True, className="small"),
            dbc.Checklist(id=Tickets.CATEGORY, options=[], value=list(CATEGORIES), inline=True, className="small"),
            html.Div(
                [
                    dcc.DatePickerRange(
                        id=Tickets.DATES, display_format="YYYY-MM-DD", clearable=True, className="small"
                    ),  # fmt: skip
                    dbc.Switch(id=Tickets.OVERDUE, value=False, className="small mb-0"),
                ],
                className="d-flex flex-wrap gap-2 align-items-center mb-1",
            ),
            dbc.Input(id=Tickets.TEXT, type="search", debounce=True, size="sm", className="mb-1"),
        ],
        className="tickets-filters",
    )


def _modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=Tickets.MODAL_TITLE)),
            dbc.ModalBody(
                [
                    html.Div(id=Tickets.MODAL_BODY),
                    html.Hr(),
                    dbc.Select(id=Tickets.NEW_STATUS, options=[], className="mb-2"),
                    dbc.Textarea(id=Tickets.NOTE, className="mb-2", maxLength=2000),
                    dbc.Input(id=Tickets.OFFICER, className="mb-2", maxLength=128),
                    html.Div(
                        [
                            dbc.Button(id=Tickets.SAVE, color="primary"),
                            dbc.Button(id=Tickets.SHOW_ON_MAP, color="link"),
                        ],
                        className="d-flex gap-2",
                    ),
                    html.Div(id=Tickets.SAVE_MESSAGE, className="small mt-2"),
                ]
            ),
        ],
        id=Tickets.MODAL,
        is_open=False,
        size="lg",
        scrollable=True,
    )


def status_badge(status: str, lang: Lang) -> dbc.Badge:
    return dbc.Badge(t(f"ticket_status_{status}", lang), color=STATUS_COLOURS[status], className="me-1")


def grid_columns(lang: Lang) -> list[dict[str, Any]]:
    """Columns of the ticket table; sortable ones map to ``store.ticket_queries.SORTABLE``."""
    return [
        {"field": "id", "headerName": t("col_ticket_id", lang), "width": 80, "sortable": True},
        {"field": "created", "colId": "created_at", "headerName": t("col_created", lang), "width": 140,
         "sortable": True, "sort": "desc"},
        {"field": "status_label", "colId": "status", "headerName": t("col_ticket_status", lang), "width": 130,
         "sortable": True},
        {"field": "sla", "headerName": t("col_sla", lang), "width": 100,
         "cellClassRules": {"text-danger fw-bold": "params.value && params.value.length > 0"}},
        {"field": "age_days", "headerName": t("col_age_days", lang), "width": 90, "type": "numericColumn"},
        {"field": "category_label", "colId": "category", "headerName": t("col_category", lang), "width": 150,
         "sortable": True},
        {"field": "title_th", "headerName": t("col_ticket_title", lang), "width": 240},
        {"field": "village", "colId": "village_code", "headerName": t("col_village", lang), "width": 200,
         "sortable": True},
        {"field": "agency_label", "colId": "agency", "headerName": t("col_agency", lang), "width": 140, "sortable": True},
    ]  # fmt: skip


def grid_rows(rows: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    """Rows as the grid shows them: translated labels, Thai-local times, the SLA flag as a word."""
    suffix = "th" if lang == "th" else "en"
    return [
        {
            "id": int(row["id"]),
            "created": format_datetime(row["created_at"].to_pydatetime() + ICT_OFFSET, lang),
            "status": row["status"],
            "status_label": t(f"ticket_status_{row['status']}", lang),
            "sla": t("sla_overdue", lang) if row["overdue"] else "",
            "age_days": float(row["age_days"]),
            "category_label": t(f"ticket_category_{row['category']}", lang),
            "title_th": row["title_th"],
            "village": f"{row[f'village_{suffix}']} ({t('moo', lang)} {row['moo']}) · {row[f'district_{suffix}']}",
            "village_code": row["village_code"],
            "agency_label": t(f"agency_{row['agency']}", lang),
        }
        for _, row in rows.iterrows()
    ]


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
                ),  # fmt: skip
            ]
        ),
        html.Div(
            [
                html.Span(t("tickets_open", lang, open=format_number(open_total)), className="me-2"),
                html.Span(
                    t("tickets_overdue", lang, overdue=format_number(int(counts["overdue"].sum()))),
                    className="me-2 text-danger",
                    id="tickets-count-overdue",
                ),  # fmt: skip
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
            ),  # fmt: skip
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


def backlog_columns(lang: Lang) -> list[dict[str, Any]]:
    return [
        {"field": "name", "headerName": t("col_name", lang), "flex": 2},
        {"field": "open", "headerName": t("col_open", lang), "flex": 1, "sort": "desc"},
        {"field": "overdue", "headerName": t("col_overdue", lang), "flex": 1},
        {"field": "tickets", "headerName": t("col_tickets", lang), "flex": 1},
    ]


def backlog_rows(backlog: pd.DataFrame, names: pd.DataFrame, lang: Lang) -> list[dict[str, Any]]:
    table = names.set_index("code")[[f"name_{lang}"]].join(backlog.set_index("code"), how="inner")
    table = table.sort_values(["open", "overdue"], ascending=False)
    return [
        {
            "code": code,
            "name": row[f"name_{lang}"],
            "open": int(row["open"]),
            "overdue": int(row["overdue"]),
            "tickets": int(row["tickets"]),
        }  # fmt: skip
        for code, row in table.iterrows()
    ]


def ticket_detail(ticket: dict[str, Any], lang: Lang) -> html.Div:
    """The ticket: where, what, its SLA, and its history as a timeline (oldest first)."""
    place = " · ".join(ticket[level][f"name_{lang}"] for level in ("village", "subdistrict", "district", "province"))
    return html.Div(
        [
            html.Div(
                [
                    status_badge(ticket["status"], lang),
                    t(f"ticket_category_{ticket['category']}", lang),
                    " · ",
                    t(f"agency_{ticket['agency']}", lang),
                    " · ",
                    t("ticket_sla", lang, days=format_number(ticket["sla_days"])),
                ]
            ),  # fmt: skip
            html.H5(ticket["title_th"], className="mt-2"),
            html.Div(f"{place} ({t('moo', lang)} {ticket['village']['moo']})", className="text-muted small"),
            html.P(ticket["description_th"], className="mt-2"),
            html.Div(t("ticket_reported_by", lang), className="small text-muted"),
            html.H6(t("ticket_history", lang), className="mt-3"),
            html.Ol([_event_item(event, lang) for event in ticket["events"]], className="ticket-timeline"),
        ]
    )


def _event_item(event: dict[str, Any], lang: Lang) -> html.Li:
    when = format_datetime(event["at"] + ICT_OFFSET, lang)
    what = (
        t("ticket_event_created", lang)
        if event["from_status"] is None
        else f"{t('ticket_status_' + event['from_status'], lang)} → {t('ticket_status_' + event['to_status'], lang)}"
    )
    who = event["actor_name"] or t("ticket_by_reporter", lang)
    return html.Li(
        [html.B(when), f" · {what} · {who}", html.Div(event["note"], className="small") if event["note"] else None],
        className=f"ticket-event ticket-event-{event['to_status']}",
    )
