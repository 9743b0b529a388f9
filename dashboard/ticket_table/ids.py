"""Component ids of the ticket table's page frame; the table's own ids are ``dashboard.ids.Tickets``."""

from __future__ import annotations

from enum import StrEnum


class TicketTable(StrEnum):
    URL = "url"
    PAGE_LANG = "page-lang"
    TITLE = "app-title"
    SUBTITLE = "app-subtitle"
    LANG_SWITCH = "lang-switch"
    BREADCRUMB = "breadcrumb"
