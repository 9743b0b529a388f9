"""The ranking's sort and the ticket grid's filter and sort, as the user's clicks change them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from callbacks.ticket_table import grid_sort, ticket_filter
from dashboard.components.ranking import TOP_ROWS, RankingSort, ranking_table
from dashboard.ids import MapPage, ranking_show_all_button, ranking_sort_button
from store.core.access import Role
from store.tickets.config import CATEGORIES, STATUSES
from store.tickets.queries import TicketFilter, TicketSort
from tests.dash_callback import post_callback
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from view.state import ViewState


def areas(count: int) -> pd.DataFrame:
    """``count`` provinces; the hotspot share rises with the code, one area has no share (Bangkok)."""
    rows = [
        {
            "code": f"{10 + i}",
            "name_th": f"จังหวัด {i}",
            "name_en": f"Province {chr(65 + i)}",
            "villages": 100 - i,
            "hotspot_online_pct": float(i) if i != 3 else float("nan"),
            "volunteer_coverage_pct": 50.0,
            "training_progress_pct": 100.0 - i,
        }
        for i in range(count)
    ]
    return pd.DataFrame(rows)


def listed_codes(table) -> list[str]:
    body = table.children[0].children[1]
    return [row.id.removeprefix("rank-") for row in body.children]


STATE = ViewState(area="", metric="hotspot", lang="en", as_of=dt.date(2019, 2, 1))


def test_the_furthest_behind_come_first_and_areas_without_a_share_last():
    codes = listed_codes(ranking_table(areas(5), STATE, RankingSort(), with_training=False))
    assert codes == ["10", "11", "12", "14", "13"]


def test_a_header_click_sorts_by_that_column_and_a_second_click_reverses():
    first = RankingSort().clicked("villages")
    assert (first.column, first.descending) == ("villages", False)
    assert listed_codes(ranking_table(areas(5), STATE, first, with_training=False))[0] == "14"
    second = first.clicked("villages")
    assert second.descending
    assert listed_codes(ranking_table(areas(5), STATE, second, with_training=False))[0] == "10"
    assert second.clicked("name") == RankingSort(column="name", descending=False)


def test_areas_without_a_share_stay_last_in_either_direction():
    descending = RankingSort(column="hotspot_online_pct", descending=True)
    assert listed_codes(ranking_table(areas(5), STATE, descending, with_training=False))[-1] == "13"


def test_only_the_first_ten_until_show_all():
    short = ranking_table(areas(20), STATE, RankingSort(), with_training=False)
    assert len(listed_codes(short)) == TOP_ROWS
    everything = ranking_table(areas(20), STATE, RankingSort().toggled_show_all(), with_training=False)
    assert len(listed_codes(everything)) == 20


@pytest.mark.parametrize(
    ("click", "sort"),
    [
        ({"button": ranking_sort_button("villages"), "at": 1}, {"column": "villages", "descending": True}),
        ({"button": ranking_sort_button("name"), "at": 2}, {"column": "name", "descending": False}),
        ({"button": ranking_show_all_button(), "at": 3}, {"column": "villages", "show_all": True}),
        ({"button": ranking_sort_button("password"), "at": 4}, None),  # not a column of the ranking
        ({"button": "villages"}, None),
        (None, None),
    ],
)
def test_the_server_sorts_on_a_ranking_button_the_browser_says_was_clicked(tmp_path, click, sort):
    """assets/ranking.js passes on real clicks only; the server checks what it is given."""
    url = new_database_url(tmp_path, "small")
    build_small_database(url)
    client = signed_in_client(dashboard(url).server, Role.EXECUTIVE)
    status, answer = post_callback(
        client,
        [(MapPage.RANKING_SORT, "data")],
        [(MapPage.RANKING_CLICK, "data", click)],
        ((MapPage.RANKING_SORT, "data", {"column": "villages", "descending": False, "show_all": False}),),
    )
    assert status in (200, 204)
    sorted_to = answer.get("response", {}).get(MapPage.RANKING_SORT, {}).get("data")
    if sort is None:
        assert sorted_to is None  # nothing to change
    else:
        assert sorted_to.items() >= sort.items()


def test_a_sort_from_the_browser_store_is_checked():
    assert RankingSort.from_store({"column": "villages", "descending": True}) == RankingSort("villages", True)
    assert RankingSort.from_store({"column": "phone; DROP TABLE"}) == RankingSort()
    assert RankingSort.from_store(None) == RankingSort()


def test_the_grid_filter_keeps_what_the_widgets_can_send():
    wanted = ticket_filter(["done"], ["outage", "slow"], "2019-01-01T00:00:00", "2019-01-31", "ไฟดับ", ["overdue"])
    assert wanted == TicketFilter(
        statuses=("done",),
        categories=("outage", "slow"),
        since=dt.date(2019, 1, 1),
        until=dt.date(2019, 1, 31),
        text="ไฟดับ",
        overdue_only=True,
    )
    assert ticket_filter(None, None, None, None, None, None) == TicketFilter(STATUSES, CATEGORIES)


@pytest.mark.parametrize(
    "bad",
    [
        (["nonsense"], None, None, None, None, None),  # unknown statuses are dropped
        (None, None, "2019-02-10", "2019-02-01", None, None),  # since after until: everything
        (None, None, "not a date", None, None, None),
    ],
)
def test_the_grid_filter_falls_back_to_all_on_what_a_widget_never_sends(bad):
    wanted = ticket_filter(*bad)
    assert wanted.since is None and wanted.until is None


def test_the_grid_text_search_is_cut_at_100_characters():
    assert len(ticket_filter(None, None, None, None, "ก" * 500, None).text) == 100


def test_the_grid_sort_follows_the_clicked_column():
    assert grid_sort({"sortModel": [{"colId": "status", "sort": "asc"}]}) == TicketSort("status", descending=False)
    assert grid_sort({"sortModel": [{"colId": "created_at", "sort": "desc"}]}) == TicketSort("created_at", True)
    assert grid_sort(None) == TicketSort()
    assert grid_sort({"sortModel": [{"colId": "reporter_phone", "sort": "asc"}]}) == TicketSort()
