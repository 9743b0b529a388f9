"""The full demo database for tests that need the real scale (calibration, browser tests).

Building it takes about a minute, so a SQLite session copies the one `make test` already built
under var/ (with SQLite's backup API: consistent even in WAL mode) and builds a fresh one only
when there is none. The PostgreSQL pass (``TEST_DATABASE=postgresql``) builds it once per session
into a template nobody connects to, and hands out copies of that. Tests may change their copy freely.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import make_url

from store.core.db import DEFAULT_SQLITE_PATH, make_engine, migrate
from tests.databases import create_postgres_database, on_postgres, replica_caught_up


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def demo_template_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database as built, never opened by a test (copies are made of it)."""
    if on_postgres():
        url = create_postgres_database()
        _build(url)
        return url
    target = tmp_path_factory.mktemp("demo-template") / "demo.db"
    url = f"sqlite:///{target}"
    if DEFAULT_SQLITE_PATH.exists():
        _copy_sqlite(DEFAULT_SQLITE_PATH, target)
        migrate(make_engine(url))
    else:
        _build(url)
    return url


def _build(url: str) -> None:
    from demo import build_demo

    engine = make_engine(url)
    migrate(engine)
    build_demo(engine)
    engine.dispose()  # a PostgreSQL template copies only while nobody is connected to it


def copy_of_demo(template_url: str, folder: Path) -> str:
    """A copy of the demo database of its own for a test that changes it; its URL."""
    if template_url.startswith("postgresql"):
        url = create_postgres_database(template=make_url(template_url).database, strategy="FILE_COPY")
        replica_caught_up(url)
        return url
    target = folder / "demo.db"
    _copy_sqlite(Path(template_url.removeprefix("sqlite:///")), target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def demo_database_url(demo_template_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo database the session's tests share."""
    return copy_of_demo(demo_template_url, tmp_path_factory.mktemp("demo"))
