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
