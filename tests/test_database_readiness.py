"""A database that cannot be served stops the start with one clear line: no invented data, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from app import create_app
from store.core.db import alembic_config, make_engine
from store.core.readiness import DatabaseNotReady, check_ready
from tests.databases import postgres_database

REPO = Path(__file__).resolve().parents[1]


def run(args: list[str], database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def old_migration(url: str) -> str:
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0002")
    engine.dispose()  # its last connection closed, SQLite removes -wal and -shm: the "before" no longer hangs on GC
    return url


CASES = {
    "missing file": (lambda tmp: f"sqlite:///{tmp}/typo/netpracharat.db", "no database file at"),
    "empty file": (lambda tmp: (tmp / "empty.db").touch() or f"sqlite:///{tmp}/empty.db", "is empty"),
    "not a database": (
        lambda tmp: (tmp / "junk.db").write_bytes(b"not sqlite at all" * 100) and f"sqlite:///{tmp}/junk.db",
        "file is not a database",
    ),
    "unreachable server": (lambda tmp: "postgresql+psycopg://postgres@127.0.0.1:1/netdash", "cannot use the database"),
    "old migration": (lambda tmp: old_migration(f"sqlite:///{tmp}/old.db"), "is at migration 0002"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_setup_and_start_stop_with_one_line(case, tmp_path):
    make_url, message = CASES[case]
    url = make_url(tmp_path)
    files_before = sorted(tmp_path.rglob("*"))
    with pytest.raises(DatabaseNotReady, match=message):
        check_ready(url)
    with pytest.raises(DatabaseNotReady, match=message):
        create_app(url)
    setup = run(["-m", "cli", "setup"], url)
    assert setup.returncode == 1
    lines = [line for line in setup.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in setup.stderr, setup.stderr
    assert "demo data" not in setup.stdout, "no demo data is built into a configured database"
    serve = run(["-c", "import app; app.server"], url)
    assert serve.returncode == 4 and "Traceback" not in serve.stderr
    assert [line for line in serve.stderr.splitlines() if line.strip()] == lines
    assert sorted(tmp_path.rglob("*")) == files_before, "nothing created, nothing left behind"


def test_an_empty_postgresql_database_is_refused_too():
    with postgres_database() as url, pytest.raises(DatabaseNotReady, match="is empty"):
        check_ready(url)
