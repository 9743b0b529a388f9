"""One resolver from a request to what it may look at: the ``RequestView``.

The URL of a page (or the query string of an API call) names an area, a metric, a language and
an as-of date. Resolving it needs the data's date range and the area names, and, from sign-in
on, the requester's permitted scope: all of that is read once here, into one frozen object, and
every callback, the display and the API work from it. Pages are lenient (a shared link with a
typo opens the default view, never an error page); the API is strict (``BadParameter``, a 400
that names the parameter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import parse_qs

from store.core.access import ANONYMOUS_PRINCIPAL, PermittedScope, Principal
from store.core.scope import AreaScope, InvalidAreaCode
from store.core.versions import DataVersions
from store.coverage.metrics import METRICS, Metric
from store.coverage.queries import AreaInfo, CoverageQueries, DataRange, UnknownArea
from view.dates import parse_link_date
from view.state import Lang, ViewState, parse_lang

API_AREA_PARAMS: tuple[tuple[str, int], ...] = (("province", 2), ("district", 4), ("subdistrict", 6), ("village", 8))
"""The area parameters of the API, widest first, with the digits of their codes."""


class BadParameter(ValueError):
    """A query parameter the API cannot accept; ``status`` 400 (malformed) or 404 (unknown area)."""

    def __init__(self, name: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.name = name
        self.status = status


@dataclass(frozen=True)
class RequestView:
    """Everything a request needs to know before it asks its questions, read once."""

    state: ViewState
    area: AreaInfo
    data_range: DataRange
    versions: DataVersions
    principal: Principal = ANONYMOUS_PRINCIPAL

    @property
    def permitted(self) -> PermittedScope:
        """What the requester may see and change beyond the aggregates (from their session or token)."""
        return self.principal.permitted

    @property
    def scope(self) -> AreaScope:
        return self.state.scope

    @property
    def lang(self) -> Lang:
        return self.state.lang

    @property
    def as_of(self) -> dt.date:
        return self.state.as_of


class ViewResolver:
    """Turns a page's URL or an API call's parameters into a ``RequestView``."""

    def __init__(
        self, queries: CoverageQueries, principal: Callable[[], Principal] = lambda: ANONYMOUS_PRINCIPAL
    ) -> None:
        """``principal`` names the requester of the current request (the web layer reads it from the
        session or token; it is never taken from the request's parameters)."""
        self._queries = queries
        self._principal = principal

    def requester(self) -> Principal:
        """Who is asking in the current request (for a write: the account the change is recorded with)."""
        return self._principal()

    # -- pages: lenient ----------------------------------------------------------------------
    def page(self, search: object) -> RequestView:
        """The view a page's query string asks for, each bad part replaced by its default."""
        data_range = self._queries.data_range()
        return self._view(parse_view_state(search, data_range), data_range)

    def state(self, search: object) -> ViewState:
        """Just the view state of a page's query string (what most callbacks need)."""
        return self.page(search).state

    def _view(self, state: ViewState, data_range: DataRange) -> RequestView:
        try:
            area = self._queries.area(state.area)
        except UnknownArea:  # a code that is not in the database opens the country view
            state = state.with_(area="")
            area = self._queries.area("")
        return RequestView(state, area, data_range, self._queries.versions(), self._principal())

    # -- the API: strict ------------------------------------------------------------------------
    def api(self, args: Mapping[str, str], *, area: AreaScope | None = None) -> RequestView:
        """The view of an API call: ``as_of`` and the area parameters checked, or ``BadParameter``.

        ``area``: an area the route itself names (``/provinces/84``), checked by the caller.
        """
        data_range = self._queries.data_range()
        scope = area if area is not None else self.api_area(args)
        state = ViewState(
            scope.code, "hotspot", parse_lang(args.get("lang")), strict_as_of(args.get("as_of"), data_range)
        )
        return RequestView(
            state, self._queries.area(scope.code), data_range, self._queries.versions(), self._principal()
        )

    def api_as_of(self, args: Mapping[str, str]) -> dt.date:
        """Just the ``as_of`` of an API call whose area the route names."""
        return strict_as_of(args.get("as_of"), self._queries.data_range())

    def api_area(self, args: Mapping[str, str]) -> AreaScope:
        """The narrowest of ``province``, ``district``, ``village``; each inside the one above and known."""
        chosen = ""
        for name, digits in API_AREA_PARAMS:
            code = args.get(name, "")
            if not code:
                continue
            if len(code) != digits or not is_ascii_digits(code):
                raise BadParameter(name, f"a {name} code has {digits} digits, got {code!r}")
            if chosen and not code.startswith(chosen):
                raise BadParameter(name, f"{name} {code} is not in {AreaScope(chosen).level} {chosen}")
            try:
                self._queries.area(code)
            except UnknownArea as error:
                raise BadParameter(name, str(error), status=404) from None
            chosen = code
        return AreaScope(chosen)


def parse_view_state(search: object, data_range: DataRange) -> ViewState:
    """The state a page's query string asks for, each bad part replaced by its default."""
    params = first_values(search)
    return ViewState(
        area=_lenient_area(params.get("area", "")),
        metric=cast(Metric, params["metric"]) if params.get("metric") in METRICS else "hotspot",
        lang=parse_lang(params.get("lang")),
        as_of=_lenient_date(params.get("as_of"), data_range),
    )


def first_values(search: object) -> dict[str, str]:
    """The first value of each parameter of a query string (anything else reads as empty)."""
    text = search if isinstance(search, str) else ""
    return {key: values[0] for key, values in parse_qs(text.lstrip("?")).items()}


def is_ascii_digits(text: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` also accepts '²' and Thai digits, which ``int`` may refuse."""
    return text.isascii() and text.isdigit()


def strict_as_of(value: str | None, data_range: DataRange) -> dt.date:
    """``as_of`` of an API call: the default when missing, else a date inside the data."""
    if not value:
        return data_range.default_as_of
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter("as_of", f"as_of must be a date as YYYY-MM-DD, got {value!r}") from None
    if not data_range.first <= day <= data_range.last:
        raise BadParameter(
            "as_of", f"as_of {day} is outside the data: {data_range.first.isoformat()} to {data_range.last.isoformat()}"
        )
    return day


def _lenient_area(code: str) -> str:
    try:
        return AreaScope(code).code
    except InvalidAreaCode:
        return ""


def _lenient_date(value: str | None, data_range: DataRange) -> dt.date:
    """A link's date (Buddhist-era years read as such); one the data does not cover means the default.

    Never clamped: a date outside the data is a typo or a stale link, and silently showing the
    data's last day instead would pass off another day's figures as the ones asked for.
    """
    day = parse_link_date(value)
    return day if day is not None and data_range.first <= day <= data_range.last else data_range.default_as_of
