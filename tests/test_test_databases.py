"""The tests' own PostgreSQL databases do not pile up: those of a killed pass go at the next pass's start."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import create_engine, text

from tests.databases import (
    NAME_PREFIX,
    POSTGRES_ADMIN_URL,
    create_postgres_database,
    drop_left_behind,
    drop_postgres_database,
)


def _exists(name: str) -> bool:
    engine = create_engine(POSTGRES_ADMIN_URL)
    try:
        with engine.connect() as connection:
            count = connection.scalar(text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": name})
            return bool(count)
    finally:
        engine.dispose()


def _rename(url: str, name: str) -> str:
    """Give a test database the name a session of another process id would have given it."""
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    old = url.rsplit("/", 1)[1]
    try:
        with engine.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{old}" RENAME TO "{name}"'))
    finally:
        engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


def test_a_killed_passs_databases_are_dropped_and_a_running_sessions_are_kept() -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(ended.stdout)  # a process that has exited: its session was killed
    of_the_killed_pass = _rename(create_postgres_database(), f"{NAME_PREFIX}{dead_pid}_leftbehind")
    of_this_session = create_postgres_database()
    of_another_form = _rename(create_postgres_database(), f"{NAME_PREFIX}kept")
    try:
        dropped = drop_left_behind()
        assert f"{NAME_PREFIX}{dead_pid}_leftbehind" in dropped
        assert not _exists(f"{NAME_PREFIX}{dead_pid}_leftbehind")
        assert _exists(of_this_session.rsplit("/", 1)[1]), "a running session's database must be kept"
        assert _exists(f"{NAME_PREFIX}kept"), "a name without a process id is not ours to judge"
    finally:
        for url in (of_the_killed_pass, of_this_session, of_another_form):
            drop_postgres_database(url)
