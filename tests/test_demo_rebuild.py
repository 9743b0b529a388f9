"""Building the demo again over a database where people have accounts (``make run`` after the
generator changed, or ``python -m cli demo``): the build replaces the demo's rows and leaves the
accounts, with their provinces, as they were."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from demo import build_demo
from store.accounts.directory import create_account, find_account
from store.core.db import make_engine, migrate
from tests.databases import new_database_url

VILLAGES = 300


def test_a_rebuilt_demo_keeps_the_officers_and_their_provinces(tmp_path: Path) -> None:
    engine = make_engine(new_database_url(tmp_path, "demo"))
    migrate(engine)
    build_demo(engine, villages=VILLAGES)
    with Session(engine) as session, session.begin():
        create_account(session, email="officer@test.invalid", password_hash="x", role="officer", provinces=["84", "50"])

    rebuilt = build_demo(engine, seed=2020, villages=VILLAGES)

    assert rebuilt.rows["villages"] == VILLAGES
    with Session(engine) as session:
        officer = find_account(session, "officer@test.invalid")
        assert officer is not None
        assert sorted(row.province_code for row in officer.province_rows) == ["50", "84"]
