"""The view's state, held in the URL so that a link opens the same view and Back works.

``/?area=84&metric=hotspot&lang=th&as_of=2019-02-01``: anything missing or malformed falls back
to the default (a shared link with a typo opens the country view, never an error page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import cast
from urllib.parse import parse_qs, urlencode

from dashboard.i18n import Lang, parse_lang
from store.core.scope import AreaScope, InvalidAreaCode
from store.coverage.metrics import METRICS, Metric
from store.coverage.queries import DataRange


@dataclass(frozen=True)
class ViewState:
    """What the map page shows: an area, a metric, a language and an as-of date."""

    area: str
    metric: Metric
    lang: Lang
    as_of: dt.date

    @property
    def scope(self) -> AreaScope:
        return AreaScope(self.area)

    def to_search(self) -> str:
        """The query string of this state; the area is left out for the country."""
        params = {"area": self.area, "metric": self.metric, "lang": self.lang, "as_of": self.as_of.isoformat()}
        return "?" + urlencode({key: value for key, value in params.items() if value})

    def with_(self, **changes: object) -> ViewState:
        return replace(self, **changes)  # type: ignore[arg-type]


def parse_view_state(search: str | None, data_range: DataRange) -> ViewState:
    """The state a query string asks for, each bad part replaced by its default."""
    params = {key: values[0] for key, values in parse_qs((search or "").lstrip("?")).items()}
    return ViewState(
        area=_parse_area(params.get("area", "")),
        metric=cast(Metric, params["metric"]) if params.get("metric") in METRICS else "hotspot",
        lang=parse_lang(params.get("lang")),
        as_of=_parse_date(params.get("as_of"), data_range),
    )


def _parse_area(code: str) -> str:
    try:
        return AreaScope(code).code
    except InvalidAreaCode:
        return ""


def _parse_date(value: str | None, data_range: DataRange) -> dt.date:
    try:
        return data_range.clamp(dt.date.fromisoformat(value or ""))
    except ValueError:
        return data_range.default_as_of
