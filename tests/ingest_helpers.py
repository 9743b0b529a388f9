"""Shared set-up of the import tests: the hand-made database and a snapshot of its data."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import abort, request
from sqlalchemy import Engine, select

from store.core.db import make_write_engine
from store.core.models import Base, DataChange
from store.imports.models import ImportRun, QuarantinedRow
from tests.small_db import build_small_database

DATA_TABLES = (
    "villages",
    "hotspots",
    "hotspot_status_events",
    "speed_tests",
    "volunteers",
    "training_sessions",
    "wifi_registrations",
    "data_changes",
    "import_runs",
    "quarantined_rows",
    "ingested_items",
)


def small_write_engine(url: str) -> Engine:
    build_small_database(url).dispose()
    return make_write_engine(url)


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the data and import tables, sorted: equal snapshots mean an unchanged database."""
    with engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(select(Base.metadata.tables[name])).all()), key=repr)
            for name in DATA_TABLES
        }


def quarantined(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(QuarantinedRow.id)).all())


def runs(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(ImportRun.id, ImportRun.status)).all()]  # type: ignore[misc]


def data_changes(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(DataChange.id)).all())


def token_authorizer(tokens: Mapping[str, tuple[str, set[str]]]) -> Callable[[str], str]:
    """The ingest blueprint's ``authorize`` for ``tokens`` (secret: client name and scopes): 401
    without a known token, 403 when the token lacks the scope, else the token's client."""

    def authorize(scope: str) -> str:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in tokens:
            abort(401)
        name, scopes = tokens[token]
        if scope not in scopes:
            abort(403)
        return name

    return authorize
