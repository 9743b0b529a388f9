"""The fixed texts of each page: which component property shows which UI string.

One table per Dash app, written in the URL's language by one callback
(``callbacks.texts.register_fixed_texts``); texts that depend on data (an area's name, options,
figures) are written by their feature's callbacks.
"""

from __future__ import annotations

from dashboard.ids import ACCOUNT_LINK, MapPage, Showcase, Tickets
from dashboard.ticket_table.ids import TicketTable

TICKET_EXPORT_TEXTS: dict[tuple[str, str], str] = {
    (Tickets.EXPORT_CSV, "children"): "export_tickets_csv",
    (Tickets.EXPORT_XLSX, "children"): "export_tickets_xlsx",
}
"""The ticket export buttons: on the map page's Tickets tab and on the ticket table alike."""

MAP_PAGE_TEXTS: dict[tuple[str, str], str] = {
    (MapPage.TITLE, "children"): "app_title",
    (MapPage.SUBTITLE, "children"): "app_subtitle",
    (ACCOUNT_LINK, "children"): "account",
    (MapPage.METRIC_LABEL, "children"): "metric",
    (MapPage.MAP_HINT, "children"): "map_hint",
    (MapPage.RANKING_HINT, "children"): "ranking_hint",
    (Showcase.OVERVIEW_TAB, "label"): "overview_tab",
}
"""The map page's texts on every map page, the signed-out aggregate page's too."""

MAP_PAGE_SIGNED_IN_TEXTS: dict[tuple[str, str], str] = {
    # the Tickets tab
    (Tickets.TAB, "label"): "tab_tickets",
    (Tickets.OPEN_TABLE, "children"): "open_ticket_table",
    (Tickets.BACKLOG_TITLE, "children"): "tickets_backlog_title",
    **TICKET_EXPORT_TEXTS,
    (Tickets.EXPORT_VILLAGES_CSV, "children"): "export_villages_csv",
    (Tickets.EXPORT_VILLAGES_XLSX, "children"): "export_villages_xlsx",
    (Tickets.MAP_SWITCH, "label"): "tickets_map_switch",
    # the Showcase tab and the map download
    (Showcase.TAB, "label"): "showcase_tab",
    (Showcase.SEARCH, "placeholder"): "showcase_search",
    (Showcase.MODAL_CLOSE, "children"): "showcase_close",
    (Showcase.LAYER_SWITCH, "label"): "showcase_layer",
    (Showcase.DOWNLOAD_BUTTON, "children"): "download_map_html",
}
"""The texts of what only a signed-in person's map page holds (``dashboard.layout``'s ``public``):
a callback of their own, which the signed-out page, without these components, never fires."""

TICKET_TABLE_TEXTS: dict[tuple[str, str], str] = {
    (TicketTable.TITLE, "children"): "ticket_table_title",
    (TicketTable.SUBTITLE, "children"): "app_title",
    (ACCOUNT_LINK, "children"): "account",
    (Tickets.TEXT, "placeholder"): "tickets_search",
    (Tickets.OVERDUE, "label"): "tickets_overdue_only",
    **TICKET_EXPORT_TEXTS,
    (Tickets.CHANGE_STATUS_HEADING, "children"): "ticket_change_status",
    (Tickets.NEW_STATUS_LABEL, "children"): "ticket_new_status",
    (Tickets.NOTE_LABEL, "children"): "ticket_note",
    (Tickets.NOTE, "placeholder"): "ticket_note_hint",
    (Tickets.SAVE, "children"): "ticket_save",
    (Tickets.SHOW_ON_MAP, "children"): "ticket_show_on_map",
    (Tickets.DATES, "start_date_placeholder_text"): "tickets_reported_from",
    (Tickets.DATES, "end_date_placeholder_text"): "tickets_reported_until",
}
