"""The metric definitions, pinned on hand-made data."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from store.coverage import metrics

MOMENT = dt.datetime(2019, 2, 1, 17, 0)  # end of 1 Feb 2019 in Thailand, as UTC


def health(last_report, last_online, down=50.0, up=15.0, loss=0.0) -> str:
    series = lambda value: pd.Series([value])  # noqa: E731
    state = metrics.hotspot_health(
        MOMENT, series(last_report), series(last_online), series(down), series(up), series(loss)
    )
    return str(state.iloc[0])


def ago(**delta: float) -> dt.datetime:
    return MOMENT - dt.timedelta(**delta)


def test_end_of_day_is_midnight_in_thailand():
    assert metrics.end_of_day_utc(dt.date(2019, 2, 1)) == MOMENT


@pytest.mark.parametrize(
    ("last_report", "last_online", "speeds", "expected"),
    [
        (None, None, {}, "no_data"),  # never reported
        (ago(days=7, minutes=1), ago(days=7, minutes=1), {}, "no_data"),  # stale: never shown as healthy
        (ago(days=6), ago(days=6), {}, "offline"),  # silent for days, but not a week
        (ago(minutes=5), ago(hours=24, minutes=1), {}, "offline"),  # reporting, but not online for 24 h
        (ago(minutes=5), ago(hours=23), {}, "online"),  # went down less than 24 h ago
        (MOMENT + dt.timedelta(days=3), MOMENT + dt.timedelta(days=3), {}, "online"),  # period still running
        (ago(minutes=5), ago(minutes=5), {"down": 29.9}, "degraded"),
        (ago(minutes=5), ago(minutes=5), {"up": 9.9}, "degraded"),
        (ago(minutes=5), ago(minutes=5), {"loss": 5.1}, "degraded"),
        (ago(minutes=5), ago(minutes=5), {"down": 30.0, "up": 10.0, "loss": 5.0}, "online"),  # the contract itself
        (ago(minutes=5), ago(minutes=5), {"down": np.nan, "up": np.nan, "loss": np.nan}, "online"),  # never tested
        (ago(days=2), ago(days=2), {"down": 1.0}, "offline"),  # an outage outranks a slow line
    ],
)
def test_hotspot_health_rule(last_report, last_online, speeds, expected):
    assert health(last_report, last_online, **speeds) == expected


def test_village_takes_its_worst_hotspot():
    states = pd.Series(["online", "offline", "online", "degraded", "no_data", "online"])
    villages = pd.Series(["A", "A", "B", "B", "C", "D"])
    worst = metrics.worst_hotspot_state(states, villages)
    assert worst.to_dict() == {"A": "offline", "B": "degraded", "C": "no_data", "D": "online"}


def village_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province_code": ["84", "84", "84", "50"],
            "hotspots": [1, 2, 1, 1],
            "hotspots_online": [1, 1, 0, 1],
            "hotspots_degraded": [0, 1, 0, 0],
            "hotspots_offline": [0, 0, 1, 0],
            "hotspots_no_data": [0, 0, 0, 0],
            "volunteer_state": ["covered", "covered", "no_volunteer", "covered"],
            "training_state": ["trained", "not_trained", "no_volunteer", "not_trained"],
            "volunteers_registered": [1, 2, 0, 1],
            "volunteers_trained": [1, 0, 0, 0],
            "wifi_users": [100, 50, 0, 10],
        }
    )


def test_area_figures_are_shares_of_villages_and_hotspots():
    figures = metrics.area_figures(village_frame(), by="province_code").loc["84"]
    assert figures["villages"] == 3
    assert figures["hotspots"] == 4 and figures["hotspots_online"] == 2
    assert figures["hotspot_online_pct"] == 50.0
    assert figures["volunteer_coverage_pct"] == pytest.approx(66.7)
    assert figures["training_progress_pct"] == pytest.approx(33.3)
    assert figures["volunteers_registered"] == 3 and figures["wifi_users"] == 150


def test_an_area_without_villages_has_no_share_rather_than_zero():
    assert np.isnan(metrics.share_pct(0, 0))
    assert np.isnan(metrics.empty_area_figures()["hotspot_online_pct"])


def test_village_states_for_volunteers_and_training():
    registered = pd.Series([0, 1, 2])
    trained = pd.Series([0, 0, 1])
    assert metrics.volunteer_state(registered).tolist() == ["no_volunteer", "covered", "covered"]
    assert metrics.training_state(registered, trained).tolist() == ["no_volunteer", "not_trained", "trained"]


@pytest.mark.parametrize(
    ("held_on", "status", "expected"),
    [
        (dt.date(2019, 2, 1), "scheduled", "done"),
        (dt.date(2019, 2, 2), "scheduled", "scheduled"),
        (dt.date(2019, 1, 2), "cancelled", "cancelled"),
        (None, None, "none"),
    ],
)
def test_training_session_status_as_of(held_on, status, expected):
    assert metrics.training_session_status(held_on, status, dt.date(2019, 2, 1)) == expected
