"""Finished parts of callback answers, serialised once per data version, view and permitted data.

Under load most people look at the same few views (the country, a handful of provinces), and the
query answers behind them are already cached: what remained per request was building the answer
(a Plotly figure of 24,700 points validated by plotly.py, a ranking of 77 rows of Dash components)
and serialising it, 20-40 ms of a worker's CPU each time. Here a part of an answer is built and
serialised once, kept as JSON text in the same versioned cache as the query answers (Redis when
``REDIS_URL`` is set, so once for the whole cluster), and handed to Dash as an
``orjson.Fragment``: Dash's serialiser (plotly.io's orjson engine) copies it into the response
as it is.

An answer may depend on who asks (a village panel shows volunteers' names only to those allowed
to see them), so every key holds the requester's permitted scope and role: an answer is shared
only by requesters of one role whose permitted data are the same, never across them. The key also
holds the view as the resolver normalised it (so a link's spelling does not multiply entries, and
junk parameters do not grow the cache) and the data's date range; the kinds of data a part reads
name the versions it is kept under, so a moved ticket does not drop the country's map.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from plotly.io.json import to_json_plotly

from store.core.access import Principal
from store.core.cache import AnswerCache
from store.core.versions import DataKind
from view.resolve import RequestView

CacheFactory = Callable[[str], AnswerCache]
"""Makes the cache of one namespace (``web.data_layer``: Redis-backed when configured)."""


def requester_key(principal: Principal) -> str:
    """A text that differs whenever what the requester may see or change differs, or their role.

    The permitted scope decides what an answer may hold; the kind and role are in too, so that a
    part drawn differently for a role some day cannot reach another. Spelled out field by field
    (sorted) rather than ``repr``: a frozenset's order varies between processes, and the key must
    be the same in every worker of the cluster.
    """

    def provinces(everywhere: bool, codes: frozenset[str]) -> str:
        return "*" if everywhere else ",".join(sorted(codes))

    permitted = principal.permitted
    personal = provinces(permitted.all_personal_data, permitted.personal_data_provinces)
    tickets = provinces(permitted.all_ticket_changes, permitted.ticket_change_provinces)
    return f"{principal.kind}:{principal.role or ''}|personal:{personal}|tickets:{tickets}"


class CallbackAnswers:
    """Serialised answer parts, computed once per (part, view, inputs, permitted data) and data version."""

    def __init__(self, cache_for: CacheFactory) -> None:
        self._cache_for = cache_for
        self._caches: dict[tuple[DataKind, ...], AnswerCache] = {}
        self._lock = threading.Lock()

    def json(
        self,
        view: RequestView,
        part: str,
        build: Callable[[], object],
        *,
        reads: tuple[DataKind, ...],
        inputs: str = "",
    ) -> orjson.Fragment:
        """The JSON of ``build()`` for ``view``, as Dash would have sent it, built at most once per version.

        Args:
            view: the request's view (its state, date range, data versions and requester).
            part: what is built, unique per callback output (e.g. ``"map.figure"``).
            build: builds the value from ``view`` and ``inputs`` alone.
            reads: the kinds of data ``build`` reads: a change of any of them drops the answer.
            inputs: the callback's other inputs, as the server normalised them (e.g. the sort).
        """
        (text,) = self.texts(view, part, lambda: (build(),), reads=reads, inputs=inputs)
        return orjson.Fragment(text)

    def parts(self, *args: Any, **kwargs: Any) -> tuple[orjson.Fragment, ...]:
        """As ``json``, for several outputs built together (``texts``' arguments): a fragment per value."""
        return tuple(orjson.Fragment(text) for text in self.texts(*args, **kwargs))

    def texts(
        self,
        view: RequestView,
        part: str,
        build: Callable[[], Sequence[object]],
        *,
        reads: tuple[DataKind, ...],
        inputs: str = "",
    ) -> tuple[str, ...]:
        """The JSON texts of ``build()``'s values for ``view``, built at most once per data version (see ``json``);
        as texts for a caller that reads the answer too (the map's patch)."""
        key = (part, view.state.to_search(), repr(view.data_range), inputs, requester_key(view.principal))
        texts: tuple[str, ...] = self._cache(reads).get_or_compute(
            view.versions.of(*reads), key, lambda: tuple(to_json_plotly(value) for value in build())
        )
        return texts

    def clear_local(self) -> None:
        """Drop this process's copies (another process announced a change of data)."""
        with self._lock:
            caches = list(self._caches.values())
        for cache in caches:
            cache.clear_local()

    def _cache(self, reads: tuple[DataKind, ...]) -> AnswerCache:
        """One cache per set of kinds read: a cache is emptied when the versions it is asked with move."""
        with self._lock:
            if reads not in self._caches:
                self._caches[reads] = self._cache_for("answers:" + "+".join(reads))
            return self._caches[reads]
