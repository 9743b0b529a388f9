"""The display's URL: every bookmark gives a working show, each bad part replaced by a safe default."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.display.playlist import (
    DEFAULT_PLAYLIST,
    MAX_PLAYLIST,
    VIEW_NAMES,
    DisplayConfig,
    parse_display_config,
    shown_day,
)
from store.coverage.queries import DataRange


def test_no_parameters_give_the_default_show():
    assert parse_display_config("") == DisplayConfig()
    assert parse_display_config(None).views == DEFAULT_PLAYLIST


def test_the_default_show_has_every_view_of_the_issue_once():
    assert DEFAULT_PLAYLIST == VIEW_NAMES
    assert DEFAULT_PLAYLIST == (
        "map-hotspot",
        "map-volunteer",
        "map-training",
        "behind-hotspot",
        "behind-volunteer",
        "behind-training",
        "rollout",
        "tickets",
        "showcase",
    )


def test_a_full_bookmark():
    config = parse_display_config("?views=behind-training,map-hotspot,rollout&dwell=30&area=84&lang=en&refresh=600")
    assert config == DisplayConfig(
        views=("behind-training", "map-hotspot", "rollout"), dwell_s=30, refresh_s=600, area="84", lang="en"
    )


def test_unknown_views_are_dropped_and_repeats_kept():
    assert parse_display_config("?views=map-hotspot,ticket, ROLLOUT ,nonsense,map-hotspot").views == (
        "map-hotspot",
        "rollout",
        "map-hotspot",
    )


def test_tickets_and_showcase_are_views():
    assert parse_display_config("?views=Showcase,tickets,showcase").views == ("showcase", "tickets", "showcase")


@pytest.mark.parametrize("views", ["", "nonsense", ",,,", "showcases", "map"])
def test_a_playlist_with_nothing_known_is_the_default(views):
    assert parse_display_config(f"?views={views}").views == DEFAULT_PLAYLIST


def test_a_long_playlist_is_cut():
    assert len(parse_display_config("?views=" + ",".join(["rollout"] * 100)).views) == MAX_PLAYLIST


@pytest.mark.parametrize(
    ("dwell", "expected"),
    [("1", 5), ("5", 5), ("45", 45), ("12.7", 12), ("9999", 600), ("abc", 20), ("nan", 20), ("inf", 20)],
)
def test_dwell_is_bounded(dwell, expected):
    assert parse_display_config(f"?dwell={dwell}").dwell_s == expected


@pytest.mark.parametrize(("refresh", "expected"), [("1", 30), ("120", 120), ("86400", 3600), ("", 300), ("-5", 30)])
def test_refresh_is_bounded(refresh, expected):
    assert parse_display_config(f"?refresh={refresh}").refresh_s == expected


def test_tests_may_lower_the_refresh_floor():
    assert parse_display_config("?refresh=3", min_refresh_s=2).refresh_s == 3


@pytest.mark.parametrize(
    ("area", "expected"),
    [("84", "84"), ("8405", "84"), ("840501", "84"), ("84050101", "84"), ("x1", ""), ("123", "")],
)
def test_area_is_the_country_or_one_province(area, expected):
    assert parse_display_config(f"?area={area}").area == expected


def test_language_and_date():
    assert parse_display_config("?lang=fr").lang == "th"
    assert parse_display_config("?as_of=2019-02-01").as_of == dt.date(2019, 2, 1)
    assert parse_display_config("?as_of=yesterday").as_of is None
    assert parse_display_config("?as_of=2562-02-01").as_of == dt.date(2019, 2, 1)  # Buddhist era, as Thais type it


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("", dt.date(2019, 3, 31)),  # no pin: the latest data
        ("2019-02-01", dt.date(2019, 2, 1)),
        ("2562-02-01", dt.date(2019, 2, 1)),
        ("2030-01-01", dt.date(2019, 3, 31)),  # outside the data: the default, not a clamped day
        ("2017-01-01", dt.date(2019, 3, 31)),
    ],
)
def test_the_shown_day_is_the_pinned_one_inside_the_data_else_the_latest(as_of, shown):
    data_range = DataRange(dt.date(2017, 12, 1), dt.date(2019, 3, 31), dt.date(2019, 2, 1))
    assert shown_day(parse_display_config(f"?as_of={as_of}"), data_range) == shown
