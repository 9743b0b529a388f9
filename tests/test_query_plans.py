""" "As of a date" questions read indexes, never the whole history: the plans say so.

The status history grows by every state change of every hotspot (and speed tests by one a day
per hotspot); the latest report and the latest speed test at a moment must be index seeks per
hotspot, so a map costs the same in year three as in month one.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from store.core.db import make_engine, make_session_factory
from store.core.models import DataChange
from store.core.scope import AreaScope
from store.core.versions import DataVersionReader, data_versions_statement
from store.coverage.statements import hotspot_states_statement
from tests.databases import database_url
from tests.plans import HISTORY_TABLES, history_reads, literal_sql
from tests.small_db import build_small_database


@pytest.mark.parametrize("scope", [AreaScope(""), AreaScope("84")])
def test_sqlite_seeks_the_history_by_index(tmp_path, scope):
    engine = build_small_database(f"sqlite:///{tmp_path / 'small.db'}")
    with engine.connect() as connection:
        reads = history_reads(connection, hotspot_states_statement(scope, dt.date(2019, 2, 1)))
    assert [reads[table] for table in HISTORY_TABLES] == ["index", "index"], reads["plan"]


def test_postgresql_has_an_index_path_for_every_history_read(tmp_path):
    with database_url("postgresql", tmp_path) as url:
        engine = build_small_database(url)
        with engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a tiny table would be read whole anyway
            reads = history_reads(connection, hotspot_states_statement(AreaScope(""), dt.date(2019, 2, 1)))
        engine.dispose()
    assert [reads[table] for table in HISTORY_TABLES] == ["index", "index"], reads["plan"]


def test_every_request_reads_the_data_versions_without_scanning_the_changes(tmp_path):
    """Each request reads the data versions: after years of ticket moves, still one index step a kind."""
    changes = [{"changed_at": dt.datetime(2020, 1, 1), "what": "moved", "kind": "tickets"}] * 5000
    with database_url("postgresql", tmp_path) as url:
        engine = make_engine(url)
        with engine.begin() as connection:
            DataChange.__table__.create(connection, checkfirst=True)
            connection.execute(DataChange.__table__.insert(), [*changes, {**changes[0], "kind": "coverage"}])
            connection.execute(text("ANALYZE data_changes"))
        sql = literal_sql(data_versions_statement(), postgresql.dialect())
        with engine.connect() as connection:
            plan = "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {sql}")))
        versions = DataVersionReader(make_session_factory(engine)).read()
        engine.dispose()
    assert (versions.coverage, versions.tickets, versions.showcase) == (5001, 5000, 0)
    index_reads = re.findall(r"Index (?:Only )?Scan (?:Backward )?using \w+ on data_changes", plan)
    assert "Seq Scan" not in plan and len(index_reads) == plan.count(" on data_changes") == 3, plan
