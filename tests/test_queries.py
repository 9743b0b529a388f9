"""The dashboard's queries on the hand-made database (tests/small_db.py)."""

import datetime as dt

import pytest

from store.core.access import NO_PERSONAL_DATA, PermittedScope
from store.core.db import make_session_factory
from store.core.scope import AreaScope, InvalidAreaCode
from store.coverage.queries import CoverageQueries, UnknownArea
from tests.databases import database_url
from tests.small_db import build_small_database

AS_OF = dt.date(2019, 2, 1)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def queries(request, tmp_path_factory):
    """The same questions on the embedded default and on PostgreSQL."""
    with database_url(request.param, tmp_path_factory.mktemp("db")) as url:
        engine = build_small_database(url)
        yield CoverageQueries(make_session_factory(engine))
        engine.dispose()


def test_village_states_follow_the_health_rule(queries):
    villages = queries.village_states(AreaScope(""), AS_OF).set_index("code")
    assert villages["hotspot_state"].to_dict() == {
        "50010101": "online",
        "84010101": "degraded",
        "84010102": "offline",
        "84020101": "no_data",
    }
    assert villages.loc["84010101", "hotspots"] == 2
    assert villages.loc["84010101", "wifi_users"] == 150  # March's registrations are after the as-of date


def test_a_province_scope_reads_only_its_villages(queries):
    villages = queries.village_states(AreaScope("84"), AS_OF)
    assert sorted(villages["code"]) == ["84010101", "84010102", "84020101"]


def test_area_figures_of_the_country(queries):
    figures = queries.area_figures(AreaScope(""), AS_OF)
    assert figures.villages == 4 and figures.provinces == 3
    assert (figures.hotspots, figures.hotspots_online, figures.hotspots_degraded) == (5, 2, 1)
    assert (figures.hotspots_offline, figures.hotspots_no_data) == (1, 1)
    assert figures.hotspot_online_pct == 40.0
    assert figures.volunteer_coverage_pct == 75.0
    assert figures.training_progress_pct == 25.0
    assert (figures.sessions_total, figures.sessions_done) == (3, 2)
    assert figures.data_as_of == dt.datetime(2019, 2, 1, 23, 59)  # reports run to the end of the day


def test_training_replays_with_the_as_of_date(queries):
    before = queries.area_figures(AreaScope("84"), dt.date(2019, 1, 31))
    assert before.training_progress_pct == 0.0 and before.training_session_status == "scheduled"
    after = queries.area_figures(AreaScope("84"), AS_OF)
    assert after.training_session_status == "done"


def test_child_areas_keep_provinces_without_villages(queries):
    provinces = queries.child_area_figures(AreaScope(""), AS_OF).set_index("code")
    assert provinces.loc["10", "villages"] == 0
    assert provinces.loc["84", "hotspot_online_pct"] == 25.0
    assert provinces.loc["50", "training_session_status"] == "scheduled"
    districts = queries.child_area_figures(AreaScope("84"), AS_OF).set_index("code")
    assert districts["villages"].to_dict() == {"8401": 2, "8402": 1}


def test_village_detail_masks_personal_data(queries):
    detail = queries.village_detail("84010101", AS_OF, NO_PERSONAL_DATA)
    assert [h.state for h in detail.hotspots] == ["online", "degraded"]
    assert detail.hotspots[1].speed_test.down_mbps == 18.0
    assert detail.hotspots[0].uptime_30d_pct == 100.0
    volunteer = detail.volunteers[0]
    assert volunteer.name == "ส••• ใ•••" and volunteer.phone == "08•-•••-••78" and not volunteer.unmasked
    assert "สมชาย" not in str(detail) and "5678" not in str(detail)


@pytest.mark.parametrize(("provinces", "shown"), [({"84"}, True), ({"50"}, False), ({"50", "84"}, True)])
def test_village_detail_unmasks_only_in_the_permitted_provinces(queries, provinces, shown):
    """Asked first without personal data, then with: the cache must not hand back the masked answer."""
    queries.village_detail("84010101", AS_OF, NO_PERSONAL_DATA)
    detail = queries.village_detail("84010101", AS_OF, PermittedScope(personal_data_provinces=frozenset(provinces)))
    volunteer = detail.volunteers[0]
    assert (volunteer.name == "สมชาย ใจดี") is shown and volunteer.unmasked is shown
    assert ("5678" in volunteer.phone and "•" not in volunteer.phone) is shown


def test_village_detail_shows_no_report_after_the_as_of_date(queries):
    """Hotspot 1 reports online through March; viewed as of 1 Feb, its latest report is 1 Feb 23:59."""
    detail = queries.village_detail("84010101", AS_OF, NO_PERSONAL_DATA)
    assert detail.hotspots[0].last_report_at == dt.datetime(2019, 2, 1, 23, 59)


def test_offline_hotspot_uptime_counts_only_online_time(queries):
    detail = queries.village_detail("84010102", AS_OF, NO_PERSONAL_DATA)
    assert detail.hotspots[0].uptime_30d_pct == pytest.approx(100 * (30 - 2.5833) / 30, abs=0.1)


def test_unknown_and_malformed_codes(queries):
    with pytest.raises(UnknownArea):
        queries.area("99")
    with pytest.raises(InvalidAreaCode):
        AreaScope("8x")
