"""Component ids of the coverage-map page: one StrEnum, so no id is typed twice."""

from __future__ import annotations

from enum import StrEnum


class MapPage(StrEnum):
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
    RANKING_TITLE = "ranking-title"
    VILLAGE_PANEL = "village-panel"
    TITLE = "app-title"
    SUBTITLE = "app-subtitle"
    METRIC_LABEL = "metric-label"
    MAP_HINT = "map-hint"
    RANKING_HINT = "ranking-hint"


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
    LAYER_ON_MAP = "showcase-layer-on-map"
    DOWNLOAD_BUTTON = "map-download-html"
    DOWNLOAD = "map-download"


SHOWCASE_CARD = "showcase-card"


def showcase_card_id(item_id: int) -> dict[str, object]:
    """The pattern-matching id of one card of the gallery."""
    return {"type": SHOWCASE_CARD, "item": item_id}
