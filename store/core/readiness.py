"""Is the database the app is pointed at one it can serve? Said in one line when it is not.

A mistyped ``DATABASE_URL`` must never be answered with invented data or a traceback an hour later:
the start stops at once and says what is wrong and what to run. Checked without creating anything
(SQLite would create an empty file for a path that does not exist).
"""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from store.core.db import DEFAULT_SQLITE_PATH, MIGRATIONS_DIR

MIGRATE_HINT = "run `python -m cli migrate`"


class DatabaseNotReady(RuntimeError):
    """The database cannot be served; the message is one line for the operator."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and for in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def head_revision() -> str | None:
    """The newest migration this version of the code needs."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def check_ready(url: str) -> None:
    """Raise ``DatabaseNotReady`` unless ``url`` names a reachable database at the newest migration."""
    shown = make_url(url).render_as_string(hide_password=True)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        hint = "run `make run` or `python -m cli setup`" if path == DEFAULT_SQLITE_PATH else "check DATABASE_URL"
        raise DatabaseNotReady(f"no database file at {path}: {hint}")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if path is not None:
                connection.execute(text("PRAGMA schema_version"))  # fails on a file that is not SQLite
            current = MigrationContext.configure(connection).get_current_revision()
            tables = inspect(connection).get_table_names()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise DatabaseNotReady(f"cannot use the database at {shown}: {reason}") from None
    finally:
        engine.dispose()
    head = head_revision()
    if current is None:
        what = "is empty" if not tables else "has tables but no migration history"
        raise DatabaseNotReady(f"the database at {shown} {what}: {MIGRATE_HINT}, then import data")
    if current != head:
        raise DatabaseNotReady(f"the database at {shown} is at migration {current}, this version needs {head}: "
                               f"{MIGRATE_HINT}")  # fmt: skip
