"""The ticket table's page: header, breadcrumb back to the map, filters, the server-paged table,
exports and the detail modal with the status timeline and the status-change form.

The layout is static (ids from ``dashboard.ids.Tickets`` and ``.ids.TicketTable``); texts, options
and rows are filled by ``callbacks.ticket_table`` from the URL (area, as-of date, language), the
same state as the map page's.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.navigation import page_header
from dashboard.components.tickets import export_controls, status_badge
from dashboard.i18n import format_date, format_datetime, format_number, t
from dashboard.ids import Tickets
from dashboard.text_width import FontWeight, text_width_px, widest_px
from dashboard.ticket_table.ids import TicketTable
from store.coverage.metrics import ICT_OFFSET
from store.tickets.config import AGENCIES, CATEGORIES, STATUSES
from store.tickets.results import TicketDetail, TicketEventDetail
from view.state import Lang

BLOCK_SIZE = 100


def ticket_table_layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=TicketTable.URL, refresh="callback-nav"),
            dcc.Store(id=TicketTable.PAGE_LANG),
            page_header(TicketTable.TITLE, TicketTable.SUBTITLE, TicketTable.LANG_SWITCH),
            dbc.Container(
                [
                    html.Ol(id=TicketTable.BREADCRUMB, className="breadcrumb mb-2"),
                    html.H2(id=Tickets.HEADING, className="h5"),
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
                        style={"height": "62vh"},
                    ),
                    dcc.Store(id=Tickets.GRID_PURGED),
                    dcc.Store(id=Tickets.CHANGES, data=0),
                    dcc.Store(id=Tickets.SELECTED),
                    dcc.Store(id=Tickets.CHANGE_KEY),
                    export_controls(csv_links=(Tickets.EXPORT_CSV,), xlsx_buttons=(Tickets.EXPORT_XLSX,)),
                    _modal(),
                ],
                fluid=True,
            ),
        ],
        className="ticket-table-page",
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
                    ),
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
                    html.Div(  # shown only to whom may change tickets in the ticket's province
                        [
                            html.H6(id=Tickets.CHANGE_STATUS_HEADING),
                            _labelled(Tickets.NEW_STATUS_LABEL, dbc.Select(id=Tickets.NEW_STATUS, options=[])),
                            _labelled(Tickets.NOTE_LABEL, dbc.Textarea(id=Tickets.NOTE, maxLength=2000)),
                            dbc.Button(id=Tickets.SAVE, color="primary"),
                        ],
                        id=Tickets.CHANGE_FORM,
                        hidden=True,
                    ),
                    html.A(id=Tickets.SHOW_ON_MAP, href="/", className="btn btn-link"),
                    html.Div(id=Tickets.SAVE_MESSAGE, className="small mt-2"),
                ]
            ),
        ],
        id=Tickets.MODAL,
        is_open=False,
        size="lg",
        scrollable=True,
    )


CELL_PADDING_PX = 2 * 15 + 2
"""AG Grid's Quartz cell: 15 px of padding each side and a 1 px border."""
HEADER_PADDING_PX = 2 * 16 + 24
"""A Quartz header cell: 16 px of padding each side, and room for the sort arrow."""
FLEX_MIN_WIDTH_PX = 160
"""Free-text columns (title, village) share the rest of the grid's width, never less than this."""
LONGEST_AGE_DAYS = "9999.9"
LONGEST_TICKET_ID = "99999999"


def _fitted(column: dict[str, Any], values: list[str], *, weight: FontWeight = 400) -> dict[str, Any]:
    """``column`` as wide as its widest value (in ``weight``) or its header, whichever is wider: never cut."""
    needed = max(
        widest_px(values, weight=weight) + CELL_PADDING_PX, text_width_px(column["headerName"]) + HEADER_PADDING_PX
    )
    return {**column, "width": math.ceil(needed), "minWidth": math.ceil(needed)}


def _flexible(column: dict[str, Any], flex: int) -> dict[str, Any]:
    """A free-text column that takes its share of the width left, with the full text as a tooltip."""
    return {**column, "flex": flex, "minWidth": FLEX_MIN_WIDTH_PX, "tooltipField": column["field"]}


def _widest_report_times(lang: Lang) -> list[str]:
    """A report time in every month: the month names differ in width, the digits do not (Sarabun's are tabular)."""
    return [format_datetime(dt.datetime(2019, month, 28, 23, 59), lang) for month in range(1, 13)]


def _labelled(label_id: str, field: Any) -> html.Div:
    """A form field under its own ``<label for=...>``: screen readers name the field, a click on
    the label focuses it, and the name stays visible once the officer has typed."""
    return html.Div(
        [dbc.Label(id=label_id, html_for=field.id, className="form-label small mb-1"), field], className="mb-2"
    )


PHONE_COLUMNS = frozenset({"id", "status", "title_th"})
"""What a phone's narrow grid shows (assets/tickets.js hides the rest): which ticket, where it stands
and what it is about; a tap on a row opens the ticket and its status change as on a desktop."""


def _wide_only(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark the columns a phone leaves out (AG Grid's ``context`` is free for the application's data)."""
    return [
        {**column, "context": {"wideOnly": column.get("colId", column["field"]) not in PHONE_COLUMNS}}
        for column in columns
    ]


def grid_columns(lang: Lang) -> list[dict[str, Any]]:
    """Columns of the ticket table; sortable ones map to ``store.tickets.queries.SORTABLE``.

    Columns of known texts (dates, statuses, categories, agencies) fit their widest text in
    ``lang``; the title and the village share what is left of the grid's width, so the grid is
    filled and no cell of a known text is cut. A phone shows ``PHONE_COLUMNS`` only.
    """
    return _wide_only(
        [
            _fitted({"field": "id", "headerName": t("col_ticket_id", lang), "sortable": True}, [LONGEST_TICKET_ID]),
            _fitted(
                {
                    "field": "created",
                    "colId": "created_at",
                    "headerName": t("col_created", lang),
                    "sortable": True,
                    "sort": "desc",
                },
                _widest_report_times(lang),
            ),
            _fitted(
                {
                    "field": "status_label",
                    "colId": "status",
                    "headerName": t("col_ticket_status", lang),
                    "sortable": True,
                },
                [t(f"ticket_status_{status}", lang) for status in STATUSES],
            ),
            _fitted(
                {
                    "field": "sla",
                    "headerName": t("col_sla", lang),
                    "cellClassRules": {"text-danger fw-bold": "params.value && params.value.length > 0"},
                },
                [t("sla_overdue", lang)],
                weight=700,  # drawn in bold (fw-bold)
            ),
            _fitted(
                {"field": "age_days", "headerName": t("col_age_days", lang), "type": "numericColumn"},
                [LONGEST_AGE_DAYS],
            ),
            _fitted(
                {
                    "field": "category_label",
                    "colId": "category",
                    "headerName": t("col_category", lang),
                    "sortable": True,
                },
                [t(f"ticket_category_{category}", lang) for category in CATEGORIES],
            ),
            _flexible({"field": "title_th", "headerName": t("col_ticket_title", lang)}, flex=3),
            _flexible(
                {"field": "village", "colId": "village_code", "headerName": t("col_village", lang), "sortable": True},
                flex=2,
            ),
            _fitted(
                {"field": "agency_label", "colId": "agency", "headerName": t("col_agency", lang), "sortable": True},
                [t(f"agency_{agency}", lang) for agency in AGENCIES],
            ),
        ]
    )


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


def ticket_detail(ticket: TicketDetail, lang: Lang) -> html.Div:
    """The ticket: where, what, its SLA, and its history as a timeline (oldest first)."""
    places = (ticket["village"], ticket["subdistrict"], ticket["district"], ticket["province"])
    place = " · ".join(area["name_th"] if lang == "th" else area["name_en"] for area in places)
    return html.Div(
        [
            _as_of_line(ticket, lang),
            html.Div(
                [
                    status_badge(ticket["status"], lang),
                    t(f"ticket_category_{ticket['category']}", lang),
                    " · ",
                    t(f"agency_{ticket['agency']}", lang),
                    " · ",
                    t("ticket_sla", lang, days=format_number(ticket["sla_days"])),
                ]
            ),
            html.H5(ticket["title_th"], className="mt-2"),
            html.Div(f"{place} ({t('moo', lang)} {ticket['village']['moo']})", className="text-muted small"),
            html.P(ticket["description_th"], className="mt-2"),
            html.Div(_reporter_line(ticket, lang), className="small text-muted", id="ticket-reporter"),
            html.H6(t("ticket_history", lang), className="mt-3"),
            html.Ol([_event_item(event, lang) for event in ticket["events"]], className="ticket-timeline"),
            _later_events_note(ticket, lang),
        ]
    )


def _reporter_line(ticket: TicketDetail, lang: Lang) -> str:
    """The volunteer who reported it: name and phone in clear only for an officer of its province."""
    reporter = ticket["reporter"]
    if reporter is None:
        return t("ticket_reported_by", lang)
    masked = "" if reporter["unmasked"] else f" ({t('personal_data_masked', lang)})"
    return f"{t('ticket_reported_by', lang)}: {reporter['name']} · {reporter['phone']}{masked}"


def _as_of_line(ticket: TicketDetail, lang: Lang) -> html.Div | None:
    """The day the detail stands at: the table's day, so both say the same."""
    if ticket["as_of"] is None:
        return None
    return html.Div(t("ticket_as_of", lang, date=format_date(ticket["as_of"], lang)), className="small text-muted")


def _later_events_note(ticket: TicketDetail, lang: Lang) -> html.Div | None:
    """Says that the history goes on after the page's day, and where it stands today."""
    if not ticket["later_events"]:
        return None
    status = t(f"ticket_status_{ticket['current_status']}", lang)
    return html.Div(
        t("ticket_later_events", lang, count=format_number(ticket["later_events"]), status=status),
        className="alert alert-info py-1 px-2 small",
        id="ticket-later-events",
    )


def _event_item(event: TicketEventDetail, lang: Lang) -> html.Li:
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
