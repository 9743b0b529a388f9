"""What a click or a tap on the map opens, one level down from the view (dashboard.compose.clicked_area)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.compose import clicked_area
from store.core.db import make_engine, make_session_factory
from store.coverage.queries import CoverageQueries
from tests.databases import new_database_url
from tests.small_db import build_small_database
from view.state import ViewState

AS_OF = dt.date(2019, 2, 1)


@pytest.fixture(scope="module")
def queries(tmp_path_factory) -> CoverageQueries:
    url = new_database_url(tmp_path_factory.mktemp("click"), "small")
    build_small_database(url)
    return CoverageQueries(make_session_factory(make_engine(url)))


def test_a_tap_on_a_country_view_dot_opens_its_province(queries):
    """Country points carry no codes; the nearest village's province opens, as a tap on the province would."""
    country = ViewState("", "hotspot", "th", AS_OF)
    assert clicked_area(queries, country, {"points": [{"lat": 9.141, "lon": 99.331}]}) == "84"
    assert clicked_area(queries, country, {"points": [{"lat": 18.8, "lon": 98.97}]}) == "50"


def test_a_village_point_of_a_province_opens_the_village(queries):
    province = ViewState("84", "hotspot", "th", AS_OF)
    click = {"points": [{"lat": 9.14, "lon": 99.33, "customdata": "84010101"}]}
    assert clicked_area(queries, province, click) == "84010101"
    assert clicked_area(queries, province, {"points": [{"location": "8402"}]}) == "8402"
