"""Throwaway databases for the tests: SQLite by default, the PostgreSQL primary/replica pair in CI's second pass.

``TEST_DATABASE`` chooses the kind every test database is made of when a test does not name one:
``sqlite`` (default: a file in the test's own folder) or ``postgresql`` (a database of its own on
``TEST_POSTGRES_URL``'s server, default the local one of this machine, trust auth). With
``TEST_POSTGRES_REPLICA_URL`` (a streaming replica of that server, ``scripts/cluster.sh replica``)
the dashboards the tests build read from the replica, as a deployment's do, and write to the primary.

Without a reachable server the PostgreSQL variants are skipped locally and fail under ``CI=true``,
like the browser tests. The databases a session made are dropped when it ends (``drop_all``); those
of a session that was killed first are dropped by the next pass on this machine (``drop_left_behind``).
"""

from __future__ import annotations

import functools
import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from store.core.db import make_engine, migrate

if TYPE_CHECKING:
    from dash import Dash

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REPLICA_ADMIN_URL = os.environ.get("TEST_POSTGRES_REPLICA_URL")
TEST_DATABASE = os.environ.get("TEST_DATABASE", "sqlite")
"""The kind of this run's test databases: ``sqlite`` or ``postgresql``."""
NAME_PREFIX = "netdash_test_"
"""Every test database's name: this prefix, the process id of the session that made it, a random part."""
REPLAY_WAIT_S = 30.0
"""How long a test waits for the replica to replay what the primary wrote before it fails."""

_made_here: list[str] = []
"""The PostgreSQL databases this session created and has not dropped yet."""


def on_postgres() -> bool:
    """Whether this run's test databases are PostgreSQL (CI's second pass)."""
    return TEST_DATABASE == "postgresql"


def _admin(url: str = POSTGRES_ADMIN_URL) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _unreachable(error: OperationalError, where: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and PostgreSQL is not reachable at {where}: {error}", pytrace=False)
    pytest.skip(f"PostgreSQL not reachable at {where}")


def create_postgres_database(template: str | None = None, strategy: str = "WAL_LOG") -> str:
    """A new PostgreSQL database (empty, or a copy of ``template``); its URL. ``drop_all`` drops it.

    ``FILE_COPY`` suits a large template (no copy of it through the WAL); ``WAL_LOG`` a small one
    (no checkpoints)."""
    name = f"{NAME_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    copy_of = f' TEMPLATE "{template}" STRATEGY {strategy}' if template else ""
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
    except OperationalError as error:
        _unreachable(error, POSTGRES_ADMIN_URL)
    finally:
        admin.dispose()
    _made_here.append(name)
    return admin.url.set(database=name).render_as_string(hide_password=False)


def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if name in _made_here:
        _made_here.remove(name)


def drop_postgres_database(url: str) -> None:
    """Drop a database ``create_postgres_database`` made, closing whatever is still connected to it."""
    admin = _admin()
    try:
        _drop(admin, make_url(url).database or "")
    finally:
        admin.dispose()


def drop_all() -> None:
    """Drop every database this session made and still holds (at the session's end).

    Eight at a time: one by one, the few hundred databases of a pass took PostgreSQL minutes to drop."""
    if not _made_here:
        return
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_size=8)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda name: _drop(admin, name), list(_made_here)))
    finally:
        admin.dispose()


def _session_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True


def drop_left_behind() -> list[str]:
    """Drop the test databases of sessions no longer running on this machine; their names.

    A pass killed midway (a timeout, ^C) never reaches ``drop_all``, and its databases, some of them
    copies of the whole demo, would stay on the server for good. A database is left behind when the
    process id in its name is not alive; the databases of a session still running (another
    checkout's pass on the same server) are never touched."""
    admin = _admin()
    try:
        with admin.connect() as connection:
            names = connection.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"), {"prefix": NAME_PREFIX + "%"}
            ).all()
        left = [name for name in names if (pid := _session_of(name)) is not None and not _session_alive(pid)]
        for name in left:
            _drop(admin, name)
    except OperationalError:
        return []  # no server: the tests that need one say so themselves
    finally:
        admin.dispose()
    return left


def _session_of(name: str) -> int | None:
    """The process id in a test database's name; None for a name of another form (left alone)."""
    pid, _, random_part = name.removeprefix(NAME_PREFIX).partition("_")
    return int(pid) if pid.isdigit() and int(pid) > 0 and random_part else None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards; its URL."""
    url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


def new_database_url(folder: Path, name: str = "test") -> str:
    """A fresh database without rows of this run's kind (``TEST_DATABASE``).

    A SQLite one is an empty file in ``folder``. A PostgreSQL one is already at the newest migration
    (a copy of the session's migrated template: the migrations took a second a test on PostgreSQL)
    and lives until the session ends.
    """
    if not on_postgres():
        return f"sqlite:///{folder}/{name}.db"
    return create_postgres_database(template=_migrated_template())


@functools.cache
def _migrated_template() -> str:
    """The name of the session's database without rows at the newest migration (made once)."""
    url = create_postgres_database()
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()  # a template copies only while nobody is connected to it
    return make_url(url).database or ""


@contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database of ``kind`` ("sqlite" or "postgresql"), for tests that run on both whatever the pass."""
    if kind == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{folder}/test.db"


@contextmanager
def migrated_engine(kind: str, folder: Path) -> Iterator[Engine]:
    """An engine on a fresh database of ``kind`` at the newest migration, disposed afterwards."""
    with database_url(kind, folder) as url:
        engine = make_engine(url)
        migrate(engine)
        try:
            yield engine
        finally:
            engine.dispose()


def replica_url(url: str) -> str | None:
    """``url``'s database on the streaming replica, when this pass has one; else None (reads use ``url``)."""
    if REPLICA_ADMIN_URL is None or not url.startswith("postgresql"):
        return None
    return make_url(REPLICA_ADMIN_URL).set(database=make_url(url).database).render_as_string(hide_password=False)


def replica_caught_up(url: str) -> None:
    """Wait until the replica has replayed all the primary has written so far (what a test just wrote).

    A dashboard reads from the replica, and its own writers read their writes from the primary;
    a test that writes behind the dashboard's back, straight into the primary, waits here first,
    so that what it asserts does not depend on the replica's lag of a few milliseconds.
    """
    if replica_url(url) is None:
        return
    primary, replica = _admin(), _admin(REPLICA_ADMIN_URL or "")
    try:
        with primary.connect() as connection:
            written = connection.scalar(text("SELECT pg_current_wal_lsn()"))
        deadline = time.monotonic() + REPLAY_WAIT_S
        with replica.connect() as connection:
            while not connection.scalar(
                text("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), CAST(:written AS pg_lsn)) >= 0"),
                {"written": str(written)},
            ):
                assert time.monotonic() < deadline, f"the replica has not replayed {written} in {REPLAY_WAIT_S:.0f} s"
                time.sleep(0.01)
    except OperationalError as error:
        _unreachable(error, REPLICA_ADMIN_URL or "")
    finally:
        primary.dispose()
        replica.dispose()


def dashboard(url: str) -> Dash:
    """The dashboard on the test database ``url``: in the pair pass it reads from the replica, as deployed."""
    from app import create_app

    replica_caught_up(url)
    return create_app(url, read_url=replica_url(url))
