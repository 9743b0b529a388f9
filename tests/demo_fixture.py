"""The full demo database for tests that need the real scale (calibration, browser tests).

Building it takes about a minute, so a test session copies the one `make test` already built
under var/ (with SQLite's backup API: consistent even in WAL mode) and builds a fresh one only
when there is none. Tests may then change their copy freely.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.core.db import DEFAULT_SQLITE_PATH, make_engine, migrate


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{target}"
    if DEFAULT_SQLITE_PATH.exists():
        _copy_sqlite(DEFAULT_SQLITE_PATH, target)
        migrate(make_engine(url))
    else:
        from demo import build_demo

        engine = make_engine(url)
        migrate(engine)
        build_demo(engine)
    return url
