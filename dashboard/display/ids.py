"""Component ids of the briefing-room display: one StrEnum, and helpers for the per-view ids."""

from __future__ import annotations

from enum import StrEnum


class Display(StrEnum):
    ROOT = "display-root"
    URL = "display-url"
    CONFIG = "display-config"
    REQUEST = "display-request"
    DONE = "display-done"
    ENGINE = "display-engine"
    CONTENT_KEY = "display-content-key"
    TITLE = "display-title"
    AREA = "display-area"
    CLOCK = "display-clock"
    AS_OF = "display-as-of"
    UPDATED = "display-updated"
    STALE = "display-stale"
    PLAYLIST = "display-playlist"
    PROGRESS = "display-progress"
    NEXT = "display-next"
    REFUSED = "display-refused"
    REFUSED_TH = "display-refused-th"
    REFUSED_EN = "display-refused-en"
    # pattern-matching types: one component per view (``view``) or per playlist entry (``index``)
    VIEW = "display-view"
    VIEW_TITLE = "display-view-title"
    GRAPH = "display-graph"
    PANEL = "display-panel"


def view_id(view: str) -> dict[str, str]:
    """The section of one view: shown while the rotation is on it, hidden otherwise."""
    return {"type": Display.VIEW, "view": view}


def view_title_id(view: str) -> dict[str, str]:
    return {"type": Display.VIEW_TITLE, "view": view}


def graph_id(view: str) -> dict[str, str]:
    return {"type": Display.GRAPH, "view": view}


def panel_id(view: str) -> dict[str, str]:
    return {"type": Display.PANEL, "view": view}
