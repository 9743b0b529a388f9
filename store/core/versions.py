"""Versions of the data, one per kind, so that a change drops only the answers it can change.

Every import or edit appends a ``data_changes`` row naming the kind of data it changed. A ticket
moved by an officer bumps ``tickets`` only: the hotspot, volunteer and training figures of the
whole country (``coverage``), costly to recompute, stay cached.

A request reads the versions once (one statement: per kind, the newest row of the ``(kind, id)``
index, so the reading costs the same after years of changes) and every cache lookup of that
request uses that reading: ``pinned_for_request`` holds it for the duration of a
request (the web layer enters it around each request), ``DataVersionReader.current`` returns it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import Select, func, select

from store.core.models import DataChange
from store.core.routing import SessionFactory

DataKind = Literal["coverage", "tickets", "showcase"]
DATA_KINDS: tuple[DataKind, ...] = get_args(DataKind)


@dataclass(frozen=True)
class DataVersions:
    """The newest change of each kind of data (0: never changed)."""

    coverage: int = 0
    tickets: int = 0
    showcase: int = 0

    def of(self, *kinds: DataKind) -> tuple[int, ...]:
        """The versions that answers about ``kinds`` depend on: the key their cache is checked with."""
        return tuple(getattr(self, kind) for kind in kinds)

    @property
    def latest(self) -> int:
        """The newest change of any kind (what ``/healthz`` reports as the data version)."""
        return max(self.coverage, self.tickets, self.showcase)


class _RequestMemo:
    """The versions read by the current request, once it has read them."""

    def __init__(self) -> None:
        self.versions: DataVersions | None = None


_request_memo: contextvars.ContextVar[_RequestMemo | None] = contextvars.ContextVar("data_versions", default=None)


def pin_for_request() -> contextvars.Token[_RequestMemo | None]:
    """From now until ``unpin``, ``DataVersionReader.current()`` returns one reading of the versions."""
    return _request_memo.set(_RequestMemo())


def unpin(token: contextvars.Token[_RequestMemo | None]) -> None:
    _request_memo.reset(token)


@contextmanager
def pinned_for_request() -> Iterator[None]:
    """Within this block every ``DataVersionReader.current()`` returns one reading of the versions."""
    token = pin_for_request()
    try:
        yield
    finally:
        unpin(token)


class DataVersionReader:
    """Reads the data versions: once per request inside ``pinned_for_request``, else every time."""

    def __init__(self, session_factory: SessionFactory) -> None:
        self._sessions = session_factory

    def read(self) -> DataVersions:
        """The versions as the database has them now."""
        with self._sessions() as session:
            newest = session.execute(data_versions_statement()).one()
        return DataVersions(**{kind: int(version or 0) for kind, version in zip(DATA_KINDS, newest, strict=True)})

    def current(self) -> DataVersions:
        """The versions this request works with (read on first use, then reused)."""
        memo = _request_memo.get()
        if memo is None:
            return self.read()
        if memo.versions is None:
            memo.versions = self.read()
        return memo.versions


def data_versions_statement() -> Select[*tuple[int | None, ...]]:
    """The newest change of each kind, in ``DATA_KINDS`` order: one step down the ``(kind, id)``
    index from its end per kind.

    A ``GROUP BY kind`` over the whole table would read every change ever made (PostgreSQL has no
    skip scan), and every request asks: one ticket moved a minute for three years is 1.5 M rows."""
    return select(
        *(select(func.max(DataChange.id)).where(DataChange.kind == kind).scalar_subquery() for kind in DATA_KINDS)
    )
