"""The view's state, held in the URL so that a link opens the same view and Back works.

``/?area=84&metric=hotspot&lang=th&as_of=2019-02-01``: reading it is ``view.resolve``'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Final, Literal
from urllib.parse import urlencode

from store.core.scope import AreaScope
from store.coverage.metrics import Metric

Lang = Literal["th", "en"]
LANGS: Final[tuple[Lang, ...]] = ("th", "en")
DEFAULT_LANG: Final[Lang] = "th"


def parse_lang(value: object) -> Lang:
    """A language from a URL parameter; anything unknown falls back to Thai."""
    return "en" if value == "en" else "th"


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
