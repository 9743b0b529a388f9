"""One cache of derived answers for every feature: keyed by question, dropped when its data changes.

A drill-down asks questions that were answered moments ago (the country's figures, a
province's villages), so answers are kept in a bounded LRU. Each entry belongs to the version of
the data it was computed from; when that version moves (an import, a ticket edit) the whole cache
of that feature is emptied, so no answer outlives its data.

Concurrent fills of one key compute once: the first caller computes, the others wait for its
answer. After a change, the first figures are expensive (a country map reads every village), and
a burst of viewers would otherwise all compute the same answer at once and stall each other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar, cast

T = TypeVar("T")


class AnswerCache(Protocol):
    """What the query classes keep their answers in: ``VersionedCache`` or ``SharedCache``."""

    def get_or_compute(self, version: Hashable, key: Hashable, compute: Callable[[], T]) -> T: ...

    def peek(self, version: Hashable, key: Hashable) -> tuple[bool, Any]:
        """``(True, answer)`` when the answer to ``key`` at ``version`` is kept, else ``(False, None)``;
        never computes."""
        ...

    def clear_local(self) -> None: ...


class _Fill:
    """One computation in progress, which other callers of the same key wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class VersionedCache:
    """A bounded, thread-safe LRU that is emptied when the version it is asked with changes."""

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._filling: dict[Hashable, _Fill] = {}
        self._version: Hashable = None
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Drop every entry (another process announced a change of data)."""
        with self._lock:
            self._entries.clear()

    clear_local = clear

    def get_or_compute(self, version: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer to ``key`` at ``version``: from the cache, from a fill in progress, or computed."""
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._filling.clear()
                self._version = version
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]
            fill = self._filling.get(key)
            owner = fill is None
            if fill is None:
                fill = self._filling[key] = _Fill()
        if not owner:
            return cast(T, self._wait_for(fill))
        try:
            fill.value = compute()
        except BaseException as error:
            fill.error = error
            raise
        finally:
            self._finish(version, key, fill)
        return fill.value  # type: ignore[no-any-return]

    def peek(self, version: Hashable, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if version == self._version and key in self._entries:
                return True, self._entries[key]
        return False, None

    def _finish(self, version: Hashable, key: Hashable, fill: _Fill) -> None:
        with self._lock:
            if self._filling.get(key) is fill:
                del self._filling[key]
            if fill.error is None and version == self._version:
                self._entries[key] = fill.value
                while len(self._entries) > self._max_entries:
                    self._entries.popitem(last=False)
        fill.done.set()

    @staticmethod
    def _wait_for(fill: _Fill) -> Any:
        fill.done.wait()
        if fill.error is not None:
            raise fill.error
        return fill.value
