"""Showcase queries on the hand-made database: area scope, as-of date, kinds, Thai search, paging."""

import datetime as dt

import pytest

from store.core.db import make_session_factory
from store.core.scope import AreaScope
from store.core.text_search import like_pattern, normalise
from store.showcase.queries import ShowcaseFilter, ShowcaseQueries
from tests.databases import new_database_url
from tests.principals import officer_of
from tests.showcase_small import add_showcase
from tests.small_db import build_small_database

AS_OF = dt.date(2019, 2, 1)
COUNTRY = AreaScope("")


@pytest.fixture(scope="module")
def showcase(tmp_path_factory):
    engine = build_small_database(new_database_url(tmp_path_factory.mktemp("db"), "small"))
    add_showcase(engine)
    return ShowcaseQueries(make_session_factory(engine))


def ids(page):
    return page.items["id"].tolist()


def test_country_page_is_newest_first_and_respects_the_as_of_date(showcase):
    page = showcase.page(ShowcaseFilter(COUNTRY, AS_OF))
    assert page.total == 5 and ids(page) == [5, 3, 1, 2, 4]
    assert showcase.page(ShowcaseFilter(COUNTRY, dt.date(2019, 3, 31))).total == 6


@pytest.mark.parametrize(
    ("code", "expected"),
    [("84", [3, 1, 2, 4]), ("8401", [3, 1, 2]), ("840101", [3, 1, 2]), ("84010101", [1, 2]), ("10", [])],
)
def test_area_scope(showcase, code, expected):
    assert ids(showcase.page(ShowcaseFilter(AreaScope(code), AS_OF))) == expected


def test_kind_filter(showcase):
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, kinds=("product",)))) == [5, 1]
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, kinds=("story", "homestay")))) == [2, 4]
    with pytest.raises(ValueError, match="unknown showcase kind"):
        ShowcaseFilter(COUNTRY, AS_OF, kinds=("shop",))


def test_thai_word_inside_a_longer_thai_string(showcase):
    # "มัดหมี่" sits inside "ผ้าไหมมัดหมี่บ้านท่าทอง": no spaces around it
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text="มัดหมี่"))) == [1]
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text="บ้านท่าทอง"))) == [1, 2]
    # zero-width spaces and surrounding blanks pasted with the word do not matter
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text=" มัด\u200bหมี่ "))) == [1]


def test_english_search_ignores_case_and_wildcards_are_literal(showcase):
    assert ids(showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text="WATERFALL"))) == [3]
    assert showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text="%")).total == 0
    assert showcase.page(ShowcaseFilter(COUNTRY, AS_OF, text="_")).total == 0
    assert like_pattern("a%b_c") == r"%a\%b\_c%"
    assert normalise("  Ｍudmee\u200b  Silk ") == "ｍudmee silk"


def test_paging(showcase):
    wanted = ShowcaseFilter(COUNTRY, AS_OF)
    first, second, third = (showcase.page(wanted, page, page_size=2) for page in (1, 2, 3))
    assert (ids(first), ids(second), ids(third)) == ([5, 3], [1, 2], [4])
    assert first.total == 5 and first.pages == 3
    assert ids(showcase.page(wanted, 4, page_size=2)) == []
    with pytest.raises(ValueError):
        showcase.page(wanted, 0)


def test_cards_carry_the_first_thumbnail_and_village_name(showcase):
    card = showcase.page(ShowcaseFilter(AreaScope("84010101"), AS_OF, kinds=("product",))).items.iloc[0]
    assert card["thumb_path"] == "showcase/product/00.thumb.webp"
    assert card["village_th"] and card["price_baht"] == 450.0


def test_counts_by_kind_and_map_points(showcase):
    assert showcase.counts_by_kind(AreaScope("84"), AS_OF) == {
        "product": 1,
        "story": 1,
        "tourist_spot": 1,
        "homestay": 1,
        "activity": 0,
    }
    points = showcase.map_points(AreaScope("50"), AS_OF)
    assert points["id"].tolist() == [5] and set(points.columns) >= {"kind", "lat", "lon", "title_th"}


def test_item_detail_masks_the_contact_outside_the_permitted_province_and_has_no_author(showcase):
    item = showcase.item(1, AS_OF)
    assert item["contact_phone"] == "08•-•••-••78" and not item["contact_unmasked"]
    assert showcase.item(1, AS_OF, officer_of("50").permitted)["contact_phone"] == "08•-•••-••78"
    unmasked = showcase.item(1, AS_OF, officer_of("84").permitted)
    assert unmasked["contact_phone"] == "081-234-5678" and unmasked["contact_unmasked"]
    assert "volunteer_id" not in item and "081-234-5678" not in str(item)
    assert [image["path"] for image in item["images"]] == ["showcase/product/00.webp", "showcase/product/01.webp"]
    assert item["province"]["name_en"] == "Surat Thani"
    assert showcase.item(6, AS_OF) is None  # published after the as-of date
    assert showcase.item(999) is None
