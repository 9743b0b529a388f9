"""What a display shows, read from its URL: each room bookmarks its own show.

``/display/?views=map-hotspot,behind-training,rollout,tickets&dwell=20&area=84&lang=th&refresh=300``

Every part is optional and every bad part falls back to a safe default, so a typo in a bookmark
still gives a working wall rather than an error page: unknown view names are dropped (an empty
playlist becomes the default one), numbers are clamped into their bounds, an area that is not a
province becomes its province (a district code) or the country (anything else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from store.core.scope import AreaScope, InvalidAreaCode
from store.coverage.queries import DataRange
from view.dates import parse_link_date
from view.resolve import first_values
from view.state import Lang, parse_lang

MAP_VIEWS: Final = ("map-hotspot", "map-volunteer", "map-training")
BEHIND_VIEWS: Final = ("behind-hotspot", "behind-volunteer", "behind-training")
VIEW_NAMES: Final[tuple[str, ...]] = (*MAP_VIEWS, *BEHIND_VIEWS, "rollout", "tickets", "showcase")
"""Every view the display can show, in the default order."""
DEFAULT_PLAYLIST: Final = VIEW_NAMES
MAX_PLAYLIST: Final = 24

DWELL_S: Final = (5, 20, 600)  # min, default, max
REFRESH_S: Final = (30, 300, 3600)


@dataclass(frozen=True)
class DisplayConfig:
    """The show of one display: views in order, seconds per view, data refresh, area, language."""

    views: tuple[str, ...] = DEFAULT_PLAYLIST
    dwell_s: int = DWELL_S[1]
    refresh_s: int = REFRESH_S[1]
    area: str = ""
    lang: Lang = "th"
    as_of: dt.date | None = None
    """None: the latest data (what a wall normally shows); a date pins the show to that day."""


def parse_display_config(search: object, *, min_refresh_s: int = REFRESH_S[0]) -> DisplayConfig:
    """The config a query string asks for; ``min_refresh_s`` is lowered only by tests and demos."""
    params = first_values(search)
    return DisplayConfig(
        views=parse_views(params.get("views")),
        dwell_s=_bounded_int(params.get("dwell"), *DWELL_S),
        refresh_s=_bounded_int(params.get("refresh"), min_refresh_s, REFRESH_S[1], REFRESH_S[2]),
        area=parse_area(params.get("area")),
        lang=parse_lang(params.get("lang")),
        as_of=_parse_date(params.get("as_of")),
    )


def shown_day(config: DisplayConfig, data_range: DataRange) -> dt.date:
    """The day the show shows: the pinned one when the data covers it, else the latest (a typo or
    a stale bookmark must not pass another day's figures off as the ones asked for)."""
    pinned = config.as_of
    return pinned if pinned is not None and data_range.first <= pinned <= data_range.last else data_range.last


def parse_views(value: str | None) -> tuple[str, ...]:
    """Known view names in the order given (repeats allowed, to give a view more time)."""
    names = [name.strip().lower() for name in (value or "").split(",")]
    views = tuple(name for name in names if name in VIEW_NAMES)[:MAX_PLAYLIST]
    return views or DEFAULT_PLAYLIST


def parse_area(value: str | None) -> str:
    """The country ('') or a province code: a display shows a whole province at most zoomed in."""
    try:
        return AreaScope((value or "").strip()).code[:2]
    except InvalidAreaCode:
        return ""


def _bounded_int(value: str | None, low: int, default: int, high: int) -> int:
    try:
        number = int(float(value or ""))
    except (ValueError, OverflowError):
        return default
    return min(max(number, low), high)


def _parse_date(value: str | None) -> dt.date | None:
    """A pinned day (Buddhist-era years read as such), or None (the latest data) for a bad one."""
    return parse_link_date(value)
