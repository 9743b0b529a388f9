"""The request view: pages read links leniently, the API strictly (a 400 naming the parameter)."""

from __future__ import annotations

import datetime as dt

import pytest

from store.core.access import ANONYMOUS_PRINCIPAL, NO_PERSONAL_DATA
from store.core.db import make_engine, make_session_factory
from store.core.scope import AreaScope
from store.coverage.queries import CoverageQueries
from tests.databases import new_database_url
from tests.small_db import build_small_database
from view.resolve import BadParameter, ViewResolver, first_values


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> ViewResolver:
    url = new_database_url(tmp_path_factory.mktemp("resolver"), "small")
    build_small_database(url)
    return ViewResolver(CoverageQueries(make_session_factory(make_engine(url))))


def test_a_page_link_resolves_to_one_frozen_view(resolver):
    view = resolver.page("?area=84&metric=training&lang=en&as_of=2019-01-15")
    assert (view.state.area, view.state.metric, view.lang, view.as_of) == ("84", "training", "en", dt.date(2019, 1, 15))
    assert view.area.name_en and view.scope == AreaScope("84")
    assert view.data_range.first <= view.as_of <= view.data_range.last
    assert view.versions.latest >= 0 and view.principal == ANONYMOUS_PRINCIPAL and view.permitted == NO_PERSONAL_DATA
    with pytest.raises(AttributeError):
        view.state = None  # frozen


@pytest.mark.parametrize(
    "search",
    [
        "?area=8x&metric=nope&lang=fr&as_of=yesterday",
        "?area=99",  # well formed, not in the database
        "",
        None,
        12345,  # a crafted callback body: search as a number
        ["?area=84"],
    ],
)
def test_pages_fall_back_to_the_default_view_part_by_part(resolver, search):
    view = resolver.page(search)
    assert view.state.area == "" and view.state.metric == "hotspot" and view.lang == "th"
    assert view.as_of == view.data_range.default_as_of


def test_a_page_keeps_the_good_parts_of_a_half_bad_link(resolver):
    view = resolver.page("?area=84&metric=nope&as_of=2030-01-01")
    assert view.state.area == "84" and view.state.metric == "hotspot"
    assert view.as_of == view.data_range.default_as_of  # outside the data: the default, never clamped


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2562-02-01", dt.date(2019, 2, 1)),  # the Buddhist-era year Thai users type
        ("2561-12-15", dt.date(2018, 12, 15)),
        ("๒๕๖๒-๐๓-๐๑", dt.date(2019, 3, 1)),  # in Thai digits
        ("2019-01-15", dt.date(2019, 1, 15)),
    ],
)
def test_a_page_reads_a_buddhist_era_date_as_the_day_it_means(resolver, as_of, expected):
    assert resolver.page(f"?area=84&as_of={as_of}").as_of == expected


@pytest.mark.parametrize("as_of", ["1900-01-01", "2017-01-01", "2019-04-01", "2562-04-01", "2499-01-01", "2562-02-30"])
def test_a_page_date_outside_the_data_falls_back_to_the_default(resolver, as_of):
    view = resolver.page(f"?as_of={as_of}")
    assert view.as_of == view.data_range.default_as_of == dt.date(2019, 2, 1)


def test_the_api_refuses_a_buddhist_era_date(resolver):
    with pytest.raises(BadParameter) as refused:
        resolver.api({"as_of": "2562-02-01"})
    assert refused.value.status == 400 and refused.value.name == "as_of"


def test_a_subdistrict_link_is_a_view_of_that_subdistrict(resolver):
    view = resolver.page("?area=840101&lang=en")
    assert view.state.area == "840101" and view.scope.level == "subdistrict"
    assert view.area.name_en == "Talat"
    assert resolver.page("?area=849999").state.area == ""  # a tambon code not in the database


def test_the_api_takes_a_subdistrict_inside_its_district(resolver):
    assert resolver.api_area({"district": "8401", "subdistrict": "840101"}) == AreaScope("840101")
    assert resolver.api_area({"subdistrict": "840101", "village": "84010102"}) == AreaScope("84010102")
    for args, status in [
        ({"district": "8402", "subdistrict": "840101"}, 400),  # not in that district
        ({"subdistrict": "84010"}, 400),
        ({"subdistrict": "849999"}, 404),
        ({"subdistrict": "840101", "village": "84020101"}, 400),
    ]:
        with pytest.raises(BadParameter) as refused:
            resolver.api_area(args)
        assert (refused.value.name, refused.value.status) == (
            "subdistrict" if "village" not in args else "village",
            status,
        )


def test_the_first_of_repeated_parameters_counts():
    assert first_values("?area=84&area=50") == {"area": "84"}


def test_the_api_accepts_a_consistent_area_and_a_date_inside_the_data(resolver):
    view = resolver.api({"province": "84", "district": "8401", "as_of": "2019-02-01"})
    assert view.scope == AreaScope("8401") and view.as_of == dt.date(2019, 2, 1)
    assert resolver.api({}).scope == AreaScope("")


@pytest.mark.parametrize(
    ("args", "name", "status", "message"),
    [
        ({"as_of": "2019-13-01"}, "as_of", 400, "YYYY-MM-DD"),
        ({"as_of": "2030-01-01"}, "as_of", 400, "outside the data"),
        ({"province": "8"}, "province", 400, "a province code has 2 digits"),
        ({"province": "\u00b2\u00b2"}, "province", 400, "2 digits"),  # superscripts pass str.isdigit
        ({"district": "84x1"}, "district", 400, "4 digits"),
        ({"province": "50", "district": "8401"}, "district", 400, "district 8401 is not in province 50"),
        ({"province": "99"}, "province", 404, "99"),
    ],
)
def test_the_api_names_the_bad_parameter(resolver, args, name, status, message):
    with pytest.raises(BadParameter) as raised:
        resolver.api(args)
    assert (raised.value.name, raised.value.status) == (name, status)
    assert message in str(raised.value)
