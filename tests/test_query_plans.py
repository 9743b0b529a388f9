""" "As of a date" questions read indexes, never the whole history: the plans say so.

The status history grows by every state change of every hotspot (and speed tests by one a day
per hotspot); the latest report and the latest speed test at a moment must be index seeks per
hotspot, so a map costs the same in year three as in month one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite

from store.core.db import make_engine
from store.core.scope import AreaScope
from store.coverage.statements import hotspot_states_statement
from tests.databases import database_url
from tests.small_db import build_small_database

HISTORY_TABLES = ("hotspot_status_events", "speed_tests")


@pytest.mark.parametrize("scope", [AreaScope(""), AreaScope("84")])
def test_sqlite_seeks_the_history_by_index(tmp_path, scope):
    url = f"sqlite:///{tmp_path / 'small.db'}"
    build_small_database(url)
    statement = hotspot_states_statement(scope, dt.date(2019, 2, 1))
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with make_engine(url).connect() as connection:
        plan = [row[-1] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    for table in HISTORY_TABLES:
        assert not [step for step in plan if step.startswith(f"SCAN {table}")], plan
        assert [step for step in plan if step.startswith(f"SEARCH {table} USING") and "INDEX" in step], plan


def test_postgresql_has_an_index_path_for_every_history_read(tmp_path):
    with database_url("postgresql", tmp_path) as url:
        build_small_database(url)
        statement = hotspot_states_statement(AreaScope(""), dt.date(2019, 2, 1))
        sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a tiny table would be read whole anyway
            plan = "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {sql}")))
        engine.dispose()
    for table in HISTORY_TABLES:
        assert f"Seq Scan on {table}" not in plan, plan
        assert f"on {table}" in plan and "Index" in plan, plan
