"""Throwaway databases for tests that run on SQLite and, when a server answers, on PostgreSQL.

``TEST_POSTGRES_URL`` (default: the local server of this machine, trust auth) names a server
where the tests may create and drop a database of their own. Without a reachable server the
PostgreSQL variant is skipped locally and fails under ``CI=true``, like the browser tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from store.core.db import make_engine, migrate

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards; its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"netdash_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}")
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database of ``kind`` ("sqlite" or "postgresql")."""
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
