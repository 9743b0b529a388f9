"""Reads from a streaming replica, writes to the primary, and read-your-own-writes between them.

A national deployment reads far more than it writes: pages and the API read through
``ReadSessions``, which open their sessions on the replica (``DATABASE_READ_URL``) when one is
configured and answering. Writes (a ticket moved, an import) always use the primary. Right after
a requester wrote, their reads go to the primary for a short while (``prefer_primary``), so the
ticket they just moved shows at once even while the replica is a fraction of a second behind.
If the replica stops answering, reads fall back to the primary (slower, never failing) and the
replica is tried again after ``RETRY_AFTER_S``; ``status()`` says which is in use, for ``/healthz``.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
"""What queries open their sessions with: a sessionmaker, or ``ReadSessions``."""

RETRY_AFTER_S = 15.0
"""How long reads stay on the primary after the replica failed, before the replica is tried again."""

_prefer_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("prefer_primary", default=False)


@contextmanager
def prefer_primary(wanted: bool = True) -> Iterator[None]:
    """Within this block reads go to the primary (the requester has just written)."""
    token = _prefer_primary.set(wanted)
    try:
        yield
    finally:
        _prefer_primary.reset(token)


def prefer_primary_from_now() -> None:
    """From now on in this context reads go to the primary: the requester has just written, and
    what the same request reads next (the ticket in the answer to its change) must show the write,
    which the replica may not have replayed yet. Only inside a ``prefer_primary`` block (a request's
    hooks enter one), whose end undoes it: ``reset`` restores the value from before that block."""
    _prefer_primary.set(True)


@dataclass(frozen=True)
class ReplicaStatus:
    """Where reads go now, and how far the replica is behind the primary."""

    configured: bool
    answering: bool
    lag_s: float | None = None
    lag_bytes: int | None = None
    error: str | None = None


_PRIMARY_LAG = text(
    "SELECT pg_current_wal_flush_lsn(), "
    "EXTRACT(EPOCH FROM (SELECT max(replay_lag) FROM pg_stat_replication)), "
    "pg_has_role('pg_read_all_stats', 'USAGE')"
)
_REPLICA_LAG = text(
    "SELECT pg_wal_lsn_diff(CAST(:flushed AS pg_lsn), pg_last_wal_replay_lsn()), "
    "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
)


class ReadSessions:
    """A session factory for reads: the replica when it answers, else the primary."""

    def __init__(self, primary: Engine, replica: Engine | None = None) -> None:
        self._primary = sessionmaker(primary, expire_on_commit=False)
        self._replica = sessionmaker(replica, expire_on_commit=False) if replica is not None else None
        self._primary_engine, self._replica_engine = primary, replica
        self._replica_down_until = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> Session:
        if self._replica is None or _prefer_primary.get() or time.monotonic() < self._replica_down_until:
            return self._primary()
        session = self._replica()
        try:
            session.connection()  # connect now, so a replica that is down is noticed here, not mid-query
        except SQLAlchemyError as error:
            session.close()
            self._mark_replica_down(error)
            return self._primary()
        return session

    def _mark_replica_down(self, error: Exception) -> None:
        with self._lock:
            if time.monotonic() >= self._replica_down_until:
                log.warning("read replica not answering (%s): reading from the primary", type(error).__name__)
            self._replica_down_until = time.monotonic() + RETRY_AFTER_S

    def status(self) -> ReplicaStatus:
        """The replica's state and lag, measured now (PostgreSQL streaming replication).

        ``lag_bytes``: the WAL the primary has flushed (all it can have sent) and the replica has
        not replayed. ``lag_s``: the primary's own measure, ``pg_stat_replication.replay_lag`` (how
        long its latest WAL took to be replayed; it grows while a replica is stuck), for a role
        that may read it (``pg_read_all_stats``, e.g. through ``pg_monitor``). Without it, the age
        of the last transaction the replica replayed, which overstates the lag of an idle
        primary: WAL with no transaction in it (a snapshot record every 15 s) leaves the replica
        "behind" by the time since the last write for the few milliseconds it takes to replay.
        """
        if self._replica_engine is None:
            return ReplicaStatus(configured=False, answering=False)
        try:
            with self._replica_engine.connect() as replica, self._primary_engine.connect() as primary:
                flushed, replay_lag_s, sees_lag = primary.execute(_PRIMARY_LAG).one()
                lag_bytes, since_last_replay_s = replica.execute(_REPLICA_LAG, {"flushed": str(flushed)}).one()
        except SQLAlchemyError as error:
            return ReplicaStatus(configured=True, answering=False, error=type(error).__name__)
        lag_s = 0.0 if int(lag_bytes or 0) <= 0 else float((replay_lag_s if sees_lag else since_last_replay_s) or 0.0)
        answering = time.monotonic() >= self._replica_down_until
        return ReplicaStatus(True, answering, lag_s, max(0, int(lag_bytes or 0)))
