"""A longer demo history (``--years``, issue 11): it reaches its end at realistic report rates, only adds
rows after March 2019, and the dashboard's history reads stay index seeks on it.

Built small (1,000 villages, three years) so that it runs in seconds; the full-size figures are in
the README.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from demo import DemoSummary, build_demo, generate, speed_tests
from demo.context import DATA_END_UTC, DemoContext, history_last_day
from demo.hotspots import PODUL
from store.core.db import make_engine, make_session_factory, migrate
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from store.coverage.statements import hotspot_states_statement
from tests.databases import new_database_url
from tests.plans import HISTORY_TABLES, history_reads

VILLAGES = 1_000
YEARS = 3.0
LAST_DAY = dt.date(2020, 11, 30)
ICT = np.timedelta64(7, "h")


@pytest.fixture(scope="module")
def documents() -> DemoContext:
    return generate(2019, villages=VILLAGES)


@pytest.fixture(scope="module")
def longer() -> DemoContext:
    return generate(2019, villages=VILLAGES, years=YEARS)


@pytest.fixture(scope="module")
def later_tests(longer: DemoContext) -> pd.DataFrame:
    return pd.concat([chunk["speed_tests"] for chunk in speed_tests.later_chunks(longer)], ignore_index=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, DemoSummary]:
    engine = make_engine(new_database_url(tmp_path_factory.mktemp("history"), "demo"))
    migrate(engine)
    return engine, build_demo(engine, seed=2019, villages=VILLAGES, years=YEARS)


def ict_day(moments: pd.Series) -> pd.Series:
    return (moments + ICT).dt.normalize()


def test_years_count_whole_months_from_december_2017():
    assert history_last_day(None) == dt.date(2019, 3, 31)
    assert history_last_day(YEARS) == LAST_DAY
    assert history_last_day(1.5) == dt.date(2019, 5, 31)
    with pytest.raises(ValueError, match=r"at least 1\.33"):
        history_last_day(1.0)  # shorter than the documents' span: it would take rows away
    with pytest.raises(ValueError, match="at most 10"):
        history_last_day(50)


def test_every_history_reaches_the_last_day(longer: DemoContext, later_tests: pd.DataFrame):
    frames = longer.frames
    last = pd.Timestamp(LAST_DAY)
    assert ict_day(frames["hotspot_status_events"]["reported_until"]).max() == last
    assert ict_day(later_tests["tested_at"]).max() == last
    assert frames["wifi_registrations"]["month"].max() == pd.Timestamp("2020-11-01")
    assert ict_day(frames["tickets"]["created_at"]).max() >= last - pd.Timedelta(days=7)
    assert frames["tickets"]["id"].is_unique and frames["ticket_events"]["id"].is_unique


def test_speed_tests_run_daily_on_every_line_that_is_up(longer: DemoContext, later_tests: pd.DataFrame):
    assert later_tests["id"].min() == len(longer.frames["speed_tests"]) + 1 and later_tests["id"].is_unique
    window = later_tests[ict_day(later_tests["tested_at"]).between("2020-06-01", "2020-06-30")]
    outages = longer.frames["outages"]
    down = outages[(outages["start"] < pd.Timestamp("2020-07-01")) & (outages["end"] > pd.Timestamp("2020-05-31"))]
    up_all_month = longer.frames["hotspots"]["id"].drop(index=down["row"].unique())
    per_day = window.groupby(["hotspot_id", ict_day(window["tested_at"])]).size()
    assert per_day.max() == 1
    tests = window["hotspot_id"].value_counts().reindex(up_all_month, fill_value=0)
    assert len(tests) > 0.3 * len(longer.frames["hotspots"]) and (tests == 30).all()  # a fault every ~6 weeks


def test_status_rows_are_state_changes(longer: DemoContext):
    """A row per change: the same state twice in a row only across silence (a gap in the reports)."""
    events = longer.frames["hotspot_status_events"].sort_values(["hotspot_id", "at"], kind="stable")
    same_hotspot = events["hotspot_id"].to_numpy()[1:] == events["hotspot_id"].to_numpy()[:-1]
    same_state = events["state"].to_numpy()[1:] == events["state"].to_numpy()[:-1]
    silence_between = events["at"].to_numpy()[1:] > events["reported_until"].to_numpy()[:-1]
    assert not (same_hotspot & same_state & ~silence_between).any()
    assert (events["at"] < events["reported_until"]).all()
    assert not (same_hotspot & (events["at"].to_numpy()[1:] < events["reported_until"].to_numpy()[:-1])).any()
    later = events[events["at"] > DATA_END_UTC]
    assert set(later["state"]) == {"online", "offline"} and len(later) > 0.5 * (events["at"] <= DATA_END_UTC).sum()


def test_podul_knocks_out_the_lower_northeast(longer: DemoContext):
    outages, hotspots = longer.frames["outages"], longer.frames["hotspots"]
    podul = outages[(outages["cause"] == "storm") & (outages["start"] > DATA_END_UTC)]
    provinces = hotspots["province_code"].to_numpy()[podul["row"].to_numpy()]
    assert "34" in provinces and set(provinces) <= set(PODUL.hit_share)
    assert (ict_day(podul["start"]) == pd.Timestamp(PODUL.landfall + ICT).normalize()).all()
    tickets = longer.frames["tickets"]
    assert (
        (tickets["province_code"] == "34") & (tickets["agency"] == "pea") & (tickets["created_at"] > DATA_END_UTC)
    ).any()


def test_the_documents_span_keeps_its_rows(documents: DemoContext, longer: DemoContext):
    """Only history after March 2019 is added: the figures of the documents' date stay as they were."""
    before, after = documents.frames, longer.frames
    for name in ("villages", "hotspots", "speed_tests", "volunteers", "training_sessions", "showcase_items"):
        pd.testing.assert_frame_equal(before[name], after[name])
    columns = ["hotspot_id", "state", "at"]
    events = after["hotspot_status_events"]
    documented = events.loc[events["at"] <= DATA_END_UTC, columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(before["hotspot_status_events"][columns], documented)
    registrations = after["wifi_registrations"]
    pd.testing.assert_frame_equal(before["wifi_registrations"], registrations[: len(before["wifi_registrations"])])
    columns = ["id", "village_code", "category", "created_at", "title_th"]
    tickets = after["tickets"]
    documented = tickets.loc[tickets["created_at"] <= DATA_END_UTC, columns]
    pd.testing.assert_frame_equal(before["tickets"][columns], documented)


def test_the_build_writes_the_chunks_and_the_slider_reaches_them(built: tuple[Engine, DemoSummary]):
    engine, summary = built
    with engine.connect() as connection:
        tests = connection.execute(text("SELECT COUNT(*), MAX(id) FROM speed_tests")).one()
    assert tests[0] == tests[1] == summary.rows["speed_tests"]
    data_range = CoverageQueries(make_session_factory(engine)).data_range()
    assert (data_range.first, data_range.last) == (dt.date(2017, 12, 1), LAST_DAY)
    assert data_range.default_as_of == dt.date(2019, 2, 1)  # the documents' date stays the default


@pytest.mark.parametrize("scope", [AreaScope(""), AreaScope("84")])
def test_the_latest_reports_are_index_seeks_in_year_three(built: tuple[Engine, DemoSummary], scope: AreaScope):
    engine, _ = built
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))  # the planner knows how long the history is
        reads = history_reads(connection, hotspot_states_statement(scope, dt.date(2020, 10, 1)))
    assert [reads[table] for table in HISTORY_TABLES] == ["index", "index"], reads["plan"]
