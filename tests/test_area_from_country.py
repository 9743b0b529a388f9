"""An area below the country is the kept country's answer cut down to it (store.coverage.queries).

On the full demo: the same frames as the database's own answer for the area, at every level, and
no read of the history once the country is kept (a drill-down at 75,000 villages x 3 years took
200-285 ms of index seeks per new province or district before)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import event

from store.core.db import make_engine, make_session_factory
from store.core.scope import COUNTRY, AreaScope
from store.coverage.queries import CoverageQueries

AS_OF = dt.date(2019, 2, 1)
HISTORY = ("hotspot_status_events", "speed_tests", "volunteers", "wifi_registrations")


@pytest.fixture(scope="module")
def engines(demo_database_url):
    asked, cut = make_engine(demo_database_url), make_engine(demo_database_url)
    yield asked, cut
    asked.dispose()
    cut.dispose()


def history_reads(engine) -> list[str]:
    """The statements ``engine`` runs from now on that read a table of the history."""
    reads: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        if any(table in statement for table in HISTORY):
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return reads


def test_every_level_below_the_country_is_the_country_cut_down_to_it(engines):
    asked_engine, cut_engine = engines
    asked = CoverageQueries(make_session_factory(asked_engine))  # nothing kept: the database answers
    cut = CoverageQueries(make_session_factory(cut_engine))
    country = cut.village_states(COUNTRY, AS_OF)
    cut.hotspot_states(COUNTRY, AS_OF)
    reads = history_reads(cut_engine)
    village = country.dropna(subset=["subdistrict_code"]).iloc[len(country) // 2]
    for code in (village.province_code, village.district_code, village.subdistrict_code, village.code):
        scope = AreaScope(code)
        for question in ("village_states", "hotspot_states"):
            expected = getattr(asked, question)(scope, AS_OF)
            assert len(expected) > 0, (question, code)
            pd.testing.assert_frame_equal(getattr(cut, question)(scope, AS_OF), expected, obj=f"{question} {code}")
        assert cut.area_figures(scope, AS_OF) == asked.area_figures(scope, AS_OF)
    assert [read for read in reads if "hotspot_status_events" in read or "speed_tests" in read] == []


def test_without_the_country_kept_an_area_is_asked_of_the_database(engines):
    _, cut_engine = engines
    queries = CoverageQueries(make_session_factory(cut_engine))
    reads = history_reads(cut_engine)
    assert len(queries.village_states(AreaScope("84"), AS_OF)) > 0
    assert any("speed_tests" in read for read in reads)  # the province's own seeks, no country computed
    assert not queries._kept(("village_states", COUNTRY, AS_OF))[0]
