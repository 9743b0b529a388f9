"""Engine and schema set-up: SQLite (WAL) by default, any SQLAlchemy URL by ``DATABASE_URL``."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "netpracharat.db"
MIGRATIONS_DIR = PROJECT_ROOT / "store" / "migrations"


def database_url() -> str:
    """The configured database: ``DATABASE_URL`` or the embedded SQLite file under ``var/``."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_embedded_default(url: str) -> bool:
    """Whether ``url`` is the embedded SQLite file under ``var/`` (the local demo set-up)."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and Path(parsed.database or "").resolve() == DEFAULT_SQLITE_PATH


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite files get WAL so readers never block the demo builder or imports."""
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_write_engine(url: str | None = None) -> Engine:
    """An engine for read-check-write transactions (a ticket's status change, an import).

    On SQLite every transaction begins ``IMMEDIATE``: it takes the write lock before it reads, so
    two writers are serialised and the second one checks what the first one wrote (SQLite has no
    ``SELECT … FOR UPDATE``). On PostgreSQL the workflow's row lock does the same. Reads use
    ``make_engine``: an immediate transaction would make every reader wait for writers.
    """
    url = url or database_url()
    if not url.startswith("sqlite"):
        return make_engine(url)
    engine = create_engine(url, pool_pre_ping=True, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "connect", _sqlite_manual_transactions)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def _sqlite_manual_transactions(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # the driver's own BEGIN off: ours is BEGIN IMMEDIATE


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (the dashboard only reads them)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to ``engine`` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op on an up-to-date database."""
    command.upgrade(alembic_config(engine), "head")
