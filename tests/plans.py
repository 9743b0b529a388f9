"""How a statement reads the history tables, from the database's own plan (SQLite or PostgreSQL)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, Dialect, Executable, text

HISTORY_TABLES = ("hotspot_status_events", "speed_tests")


def literal_sql(statement: Executable, dialect: Dialect) -> str:
    """The statement as ``EXPLAIN`` takes it: its parameters written in."""
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def history_reads(connection: Connection, statement: Executable) -> dict[str, str]:
    """Per history table: ``scan`` when the plan reads it whole, ``index`` when it seeks it by an index.

    The plan's text is kept under ``plan`` for the assertion's message."""
    sql = literal_sql(statement, connection.dialect)
    if connection.dialect.name == "sqlite":
        steps = [row[-1] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
        reads = {table: _sqlite_read(steps, table) for table in HISTORY_TABLES}
        return {**reads, "plan": "\n".join(steps)}
    plan = "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {sql}")))
    return {**{table: _postgresql_read(plan, table) for table in HISTORY_TABLES}, "plan": plan}


def _sqlite_read(steps: list[str], table: str) -> str:
    if any(step.startswith(f"SCAN {table}") for step in steps):
        return "scan"
    seeks = any(step.startswith(f"SEARCH {table} USING") and "INDEX" in step for step in steps)
    return "index" if seeks else "absent"


def _postgresql_read(plan: str, table: str) -> str:
    if f"Seq Scan on {table}" in plan:
        return "scan"
    return "index" if re.search(rf"Index (?:Only )?Scan (?:Backward )?using \w+ on {table}\b", plan) else "absent"
