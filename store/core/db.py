"""Engine and schema set-up: SQLite (WAL) by default, any SQLAlchemy URL by ``DATABASE_URL``."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "netpracharat.db"
MIGRATIONS_DIR = PROJECT_ROOT / "store" / "migrations"


def database_url() -> str:
    """The configured database: ``DATABASE_URL`` or the embedded SQLite file under ``var/``."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_embedded_default(engine: Engine) -> bool:
    """Whether ``engine`` is the embedded SQLite file under ``var/`` (the local demo set-up)."""
    return engine.dialect.name == "sqlite" and Path(engine.url.database or "").resolve() == DEFAULT_SQLITE_PATH


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite files get WAL so readers never block the demo builder or imports."""
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


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
