"""What every feature's query class shares: sessions, the data versions and one answer cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from sqlalchemy.orm import Session

from store.core.cache import AnswerCache, VersionedCache
from store.core.routing import SessionFactory
from store.core.versions import DataKind, DataVersionReader, DataVersions

T = TypeVar("T")


class CachedQueries:
    """A query class whose answers are kept until the kinds of data they read (``READS``) change."""

    READS: ClassVar[tuple[DataKind, ...]] = ("coverage",)
    CACHE_ENTRIES: ClassVar[int] = 512

    def __init__(
        self,
        session_factory: SessionFactory,
        versions: DataVersionReader | None = None,
        cache: AnswerCache | None = None,
    ) -> None:
        self._sessions = session_factory
        self._versions = versions or DataVersionReader(session_factory)
        self._cache = cache or VersionedCache(self.CACHE_ENTRIES)

    def versions(self) -> DataVersions:
        """The data versions this request works with (read once per request)."""
        return self._versions.current()

    def clear_local_cache(self) -> None:
        """Another process changed the data: drop this process's copies now (see ``DataChangeBus``)."""
        self._cache.clear_local()

    def _cached_value(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """The answer to ``key`` at the current versions of ``READS``: kept, or computed once."""
        return self._cache.get_or_compute(self.versions().of(*self.READS), key, compute)

    def _kept(self, key: tuple[object, ...]) -> tuple[bool, Any]:
        """``(True, answer)`` when the answer to ``key`` at the current versions is already kept."""
        return self._cache.peek(self.versions().of(*self.READS), key)

    def _cached(self, key: tuple[object, ...], compute: Callable[[Session], T]) -> T:
        """As ``_cached_value``, for a computation that reads through one session."""

        def run() -> T:
            with self._sessions() as session:
                return compute(session)

        return self._cached_value(key, run)
