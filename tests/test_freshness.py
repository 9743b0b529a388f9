"""The freshness line per source: each source's latest report at the view's moment, and a source
that stopped (older than its limit) marked stale, alone, on the map page and on the wall display."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dashboard.components.freshness import source_list
from dashboard.ids import MapPage
from ingest.batches import ingest_batch
from store.core.db import make_engine, make_session_factory, make_write_engine
from store.core.scope import COUNTRY, AreaScope
from store.core.versions import DataVersionReader
from store.coverage.freshness import FreshnessQueries
from store.coverage.metrics import ICT_OFFSET, is_stale
from store.coverage.models import HotspotStatusEvent, SpeedTest, Volunteer
from store.coverage.queries import CoverageQueries
from store.tickets.models import Ticket
from tests.dash_callback import post_callback
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

AS_OF = dt.date(2019, 2, 1)
MOMENT = dt.datetime(2019, 2, 1, 23, 59)
STOPPED: dict[str, tuple[type, tuple[str, ...], Callable[[Any], Any]]] = {
    "network_status": (HotspotStatusEvent, ("reported_until",), lambda until: min(until, dt.datetime(2019, 1, 20))),
    "speed_tests": (SpeedTest, ("tested_at",), lambda moment: moment - dt.timedelta(days=30)),
    "volunteers": (Volunteer, ("registered_on", "trained_on"), lambda day: day and day - dt.timedelta(days=40)),
    "tickets": (Ticket, ("created_at",), lambda moment: moment - dt.timedelta(days=20)),
}
"""How each source is made to stop: its latest report moved back beyond its limit (rows, columns, move)."""
FIGURE_OUTPUTS = (MapPage.KPIS, MapPage.FRESHNESS, MapPage.RANKING_TITLE, MapPage.RANKING, MapPage.VILLAGE_PANEL)


def test_the_staleness_rule() -> None:
    week = dt.timedelta(days=7)
    assert not is_stale(MOMENT - week, MOMENT, week) and is_stale(MOMENT - week - dt.timedelta(minutes=1), MOMENT, week)
    assert not is_stale(dt.date(2019, 1, 25), MOMENT, week)  # a day counts to its end
    assert is_stale(dt.date(2019, 1, 24), MOMENT, week)
    assert is_stale(None, MOMENT, week) and not is_stale(None, MOMENT, None)


def small_database(tmp_path: Path, stopped: str | None = None) -> str:
    url = new_database_url(tmp_path, "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    if stopped is not None:
        model, columns, move = STOPPED[stopped]
        with Session(engine) as session, session.begin():
            for row in session.scalars(select(model)):
                for column in columns:
                    setattr(row, column, move(getattr(row, column)))
    engine.dispose()
    return url


def freshness_of(url: str) -> FreshnessQueries:
    sessions = make_session_factory(make_engine(url))
    return FreshnessQueries(CoverageQueries(sessions), sessions)


def test_every_source_says_when_it_last_reported(tmp_path: Path) -> None:
    sources = {source.source: source for source in freshness_of(small_database(tmp_path)).sources(COUNTRY, AS_OF)}
    assert list(sources) == ["network_status", "speed_tests", "volunteers", "tickets", "imports"]
    assert sources["network_status"].latest == dt.datetime(2019, 2, 1, 23, 59)  # ICT, cut at the view's end
    assert sources["speed_tests"].latest == dt.datetime(2019, 1, 31, 7)  # not the test of 5 Feb
    assert sources["volunteers"].latest == dt.date(2019, 2, 1)
    assert sources["tickets"].latest == dt.datetime(2019, 1, 30, 11)
    assert sources["imports"].latest is None
    assert not any(source.stale for source in sources.values())


@pytest.mark.parametrize("stopped", sorted(STOPPED))
def test_a_source_that_stopped_is_stale_and_only_that_one(tmp_path: Path, stopped: str) -> None:
    url = small_database(tmp_path, stopped)
    for scope in (COUNTRY, AreaScope("84"), AreaScope("84010101")):
        stale = [source.source for source in freshness_of(url).sources(scope, AS_OF) if source.stale]
        assert stale == [stopped], scope
    if stopped == "network_status":
        return  # the data's last day is the network's last report: the page's dates end there (README)
    client = signed_in_client(dashboard(url).server)
    for lang, word in (("th", "ไม่เป็นปัจจุบัน (เกิน"), ("en", "stale (over")):
        status, answer = post_callback(
            client,
            [(name, "children") for name in FIGURE_OUTPUTS],
            [(MapPage.URL, "search", f"?as_of={AS_OF}&lang={lang}"), (MapPage.RANKING_SORT, "data", None)],
        )
        line = answer["response"][MapPage.FRESHNESS]["children"]
        marked = [item["props"]["data-source"] for item in line[1]["props"]["children"]
                  if item["props"]["data-stale"] == "true"]  # fmt: skip
        assert status == 200 and marked == [stopped]
        assert json.dumps(line, ensure_ascii=False).count(word) == 1


def test_an_import_that_changed_nothing_is_seen_at_once_and_keeps_the_data_version(tmp_path: Path) -> None:
    """A batch of reports the database already holds commits a run but no data change: the line says
    it came, while every cache keyed on the data version stays."""
    url = small_database(tmp_path)
    freshness = freshness_of(url)
    assert latest_of(freshness, "imports") is None
    engine = make_write_engine(url)
    versions = DataVersionReader(make_session_factory(engine)).current()
    report = [{"hotspot_id": 1, "at": "2019-02-01T10:00:00Z", "state": "online"}]  # hotspot 1 is online all along
    result = ingest_batch(engine, "network_status", report, "nms")
    assert result.committed and (result.plan.new, result.plan.changed, result.plan.unchanged) == (0, 0, 1)
    assert DataVersionReader(make_session_factory(engine)).current() == versions
    heard = latest_of(freshness, "imports")
    now_in_thailand = dt.datetime.now(dt.UTC).replace(tzinfo=None) + ICT_OFFSET
    assert heard is not None and abs(heard - now_in_thailand) < dt.timedelta(minutes=1)
    engine.dispose()


def test_a_moved_or_new_ticket_recomputes_no_coverage_source(tmp_path: Path) -> None:
    """Officers move tickets every few seconds at busy times: the tickets' line follows at once, and
    the network, speed-test and volunteer lines stay kept (they read no ticket)."""
    url = small_database(tmp_path)
    freshness = freshness_of(url)
    before = freshness.versions()
    assert latest_of(freshness, "tickets") == dt.datetime(2019, 1, 30, 11)
    with make_write_engine(url).begin() as connection:
        connection.execute(text("UPDATE tickets SET created_at = '2019-02-01 02:00:00' WHERE id = 1"))
        connection.execute(
            text("INSERT INTO data_changes (changed_at, what, kind) VALUES ('2019-02-01', 'x', 'tickets')")
        )
    assert freshness.versions().tickets > before.tickets  # (no request pins the reading here)
    assert freshness._kept(("sources", COUNTRY, AS_OF))[0]
    assert latest_of(freshness, "tickets") == dt.datetime(2019, 2, 1, 9)  # ICT


def latest_of(freshness: FreshnessQueries, source_name: str) -> dt.datetime | dt.date | None:
    return next(source.latest for source in freshness.sources(COUNTRY, AS_OF) if source.source == source_name)


def test_the_display_list_names_times_only_and_marks_the_stale_source(tmp_path: Path) -> None:
    sources = freshness_of(small_database(tmp_path, "tickets")).sources(COUNTRY, AS_OF)
    shown = json.dumps(source_list(sources, "en").to_plotly_json(), default=lambda node: node.to_plotly_json())
    assert "Tickets 21 Jan 2019 07:00" in shown and "stale (over 7 days)" in shown
    assert "Network status 1 Feb 2019 23:59" in shown and "Last import none" in shown


def test_real_data_runs_to_today_so_a_feed_that_stopped_shows_as_stopped(tmp_path: Path) -> None:
    """Imported data (no demo stamp) opens on today; the feed's last report was 20 days before."""
    url = small_database(tmp_path)
    with make_engine(url).begin() as connection:
        connection.execute(text("DELETE FROM data_changes"))  # as an imported database: no demo stamp
    coverage = CoverageQueries(make_session_factory(make_engine(url)))
    today = dt.date(2019, 4, 20)
    data_range = coverage.data_range(today)
    assert (data_range.last, data_range.default_as_of) == (today, today)
    hotspots = coverage.hotspot_states(COUNTRY, today)
    assert set(hotspots["state"]) == {"no_data"}  # stale data is shown as stale, never as healthy
    network = next(source for source in freshness_of(url).sources(COUNTRY, today) if source.source == "network_status")
    assert network.stale


def test_the_demo_opens_on_the_documents_date_whatever_today_is(tmp_path: Path) -> None:
    coverage = CoverageQueries(make_session_factory(make_engine(small_database(tmp_path))))
    data_range = coverage.data_range(dt.date(2026, 12, 6))
    assert (data_range.last, data_range.default_as_of) == (dt.date(2019, 3, 31), AS_OF)
