"""Component ids of the coverage-map page: one StrEnum, so no id is typed twice."""

from __future__ import annotations

from enum import StrEnum

ACCOUNT_LINK = "account-link"
"""The header's link to the signed-in person's page (sign out; the admin pages), on every page."""


class MapPage(StrEnum):
    ROOT = "map-page"
    URL = "url"
    MAP = "map"
    METRIC = "metric"
    AS_OF_SLIDER = "as-of-slider"
    AS_OF_LABEL = "as-of-label"
    BREADCRUMB = "breadcrumb"
    LANG_SWITCH = "lang-switch"
    KPIS = "kpis"
    FRESHNESS = "freshness"
    RANKING = "ranking"
    RANKING_SORT = "ranking-sort"
    RANKING_CLICK = "ranking-click"
    """The ranking button a person clicked, set by the browser only for a real click (assets/ranking.js)."""
    RANKING_TITLE = "ranking-title"
    VILLAGE_PANEL = "village-panel"
    TITLE = "app-title"
    SUBTITLE = "app-subtitle"
    METRIC_LABEL = "metric-label"
    MAP_HINT = "map-hint"
    RANKING_HINT = "ranking-hint"
    DRAWN_VIEW = "map-drawn-view"
    EMBEDDED_VIEW = "map-embedded-view"
    PAGE_LANG = "page-lang"
    """The language the URL asks for ("th" or "en"), set by the browser only when it changes (``callbacks.texts``)."""
    OVERLAYS_ON_MAP = "map-overlays-on-map"
    OVERLAYS_VIEW = "map-overlays-view"
    """``DRAWN_VIEW`` copied into the overlay tools, which only a signed-in person's page holds."""


class Showcase(StrEnum):
    """The showcase tab, its detail modal, the map layer switch and the HTML map download."""

    TABS = "right-tabs"
    TAB = "showcase-tab"
    OVERVIEW_TAB = "overview-tab"
    KIND = "showcase-kind"
    SEARCH = "showcase-search"
    COUNT = "showcase-count"
    CARDS = "showcase-cards"
    PAGES = "showcase-pages"
    MODAL = "showcase-modal"
    MODAL_TITLE = "showcase-modal-title"
    MODAL_BODY = "showcase-modal-body"
    MODAL_CLOSE = "showcase-modal-close"
    LAYER_SWITCH = "showcase-layer-switch"
    DOWNLOAD_BUTTON = "map-download-html"
    DOWNLOAD = "map-download"
    VIEW = "showcase-view"
    """The page's view (URL search) as the tab last showed it: it follows the URL only while the tab
    is open (assets/tab_views.js), so a hidden tab costs a drill-down no request."""


SHOWCASE_CARD = "showcase-card"


def showcase_card_id(item_id: int) -> dict[str, object]:
    """The pattern-matching id of one card of the gallery."""
    return {"type": SHOWCASE_CARD, "item": item_id}


class Tickets(StrEnum):
    """The map page's Tickets tab (figures, backlog, exports, the link to the table) and the ticket
    table's page at /tickets/ (filters, the paged table, the detail modal, exports): two Dash apps,
    so an id used by both never meets itself."""

    TAB = "tickets-tab"
    VIEW = "tickets-view"
    """The map page's view as the Tickets tab last showed it (see ``Showcase.VIEW``)."""
    HEADING = "tickets-heading"
    STATUS = "tickets-status"
    CATEGORY = "tickets-category"
    DATES = "tickets-dates"
    TEXT = "tickets-text"
    OVERDUE = "tickets-overdue"
    SUMMARY = "tickets-summary"
    FLOW = "tickets-flow"
    BACKLOG_TITLE = "tickets-backlog-title"
    BACKLOG = "tickets-backlog"
    GRID = "tickets-grid"
    GRID_PURGED = "tickets-grid-purged"
    CHANGES = "tickets-changes"
    SELECTED = "tickets-selected"
    CHANGE_KEY = "tickets-change-key"
    """The key of the change the open form would save: a save sent again under it is stored once."""
    MODAL = "tickets-modal"
    MODAL_TITLE = "tickets-modal-title"
    MODAL_BODY = "tickets-modal-body"
    CHANGE_STATUS_HEADING = "tickets-change-status-heading"
    NEW_STATUS = "tickets-new-status"
    NEW_STATUS_LABEL = "tickets-new-status-label"
    NOTE = "tickets-note"
    NOTE_LABEL = "tickets-note-label"
    CHANGE_FORM = "tickets-change-form"
    SAVE = "tickets-save"
    SAVE_MESSAGE = "tickets-save-message"
    SHOW_ON_MAP = "tickets-show-on-map"
    EXPORT_CSV = "tickets-export-csv"
    EXPORT_XLSX = "tickets-export-xlsx"
    EXPORT_VILLAGES_CSV = "villages-export-csv"
    EXPORT_VILLAGES_XLSX = "villages-export-xlsx"
    EXPORT_JOB = "export-job"
    EXPORT_POLL = "export-poll"
    EXPORT_STATUS = "export-status"
    EXPORT_FILE = "export-file"
    MAP_SWITCH = "tickets-map-switch"
    OPEN_TABLE = "tickets-open-table"


RANKING_SORT_BUTTON = "ranking-sort-button"
RANKING_SHOW_ALL_BUTTON = "ranking-show-all"


def ranking_show_all_button() -> dict[str, str]:
    """The pattern-matching id of the ranking's "show all" button, which exists only for long rankings."""
    return {"type": RANKING_SHOW_ALL_BUTTON, "index": "ranking"}


def ranking_sort_button(column: str) -> dict[str, str]:
    """The pattern-matching id of the ranking header that sorts by ``column``."""
    return {"type": RANKING_SORT_BUTTON, "column": column}
