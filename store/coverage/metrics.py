"""The metric definitions of the dashboard: one rule each, used by every view and the API.

Pure functions on numpy arrays and data frames (no database), so that tests pin them on
hand-made data and every figure on screen comes from the same rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

import numpy as np
import pandas as pd

ICT_OFFSET: Final = dt.timedelta(hours=7)
STALE_AFTER: Final = dt.timedelta(days=7)
OFFLINE_AFTER: Final = dt.timedelta(hours=24)
CONTRACT_DOWN_MBPS: Final = 30.0
CONTRACT_UP_MBPS: Final = 10.0
MAX_LOSS_PCT: Final = 5.0

SourceName = Literal["network_status", "speed_tests", "volunteers", "tickets", "imports"]
SOURCE_STALE_AFTER: Final[dict[SourceName, dt.timedelta | None]] = {
    "network_status": STALE_AFTER,
    "speed_tests": dt.timedelta(days=14),
    "volunteers": dt.timedelta(days=30),
    "tickets": dt.timedelta(days=7),
    "imports": None,
}
"""How old a source's latest report may be before the source counts as stopped (None: no rhythm).

Network status: the hotspot-health rule. Speed tests: every hotspot is tested weekly, so two missed
rounds. Volunteers: the app registers people and the training offices report trainings somewhere in
the country every few days; a month of nothing means the feed stopped. Tickets: 24,700 villages
report problems every day. Imports are made by people when files arrive: no rhythm to miss."""

HotspotState = Literal["online", "degraded", "offline", "no_data"]
HOTSPOT_STATES: Final[tuple[HotspotState, ...]] = ("online", "degraded", "offline", "no_data")
"""Hotspot states, best first."""

VILLAGE_HOTSPOT_SEVERITY: Final[tuple[HotspotState, ...]] = ("online", "degraded", "no_data", "offline")
"""A village takes the worst state of its hotspots; an outage outranks missing data."""

VolunteerState = Literal["covered", "no_volunteer"]
VOLUNTEER_STATES: Final[tuple[VolunteerState, ...]] = ("covered", "no_volunteer")

TrainingState = Literal["trained", "not_trained", "no_volunteer"]
TRAINING_STATES: Final[tuple[TrainingState, ...]] = ("trained", "not_trained", "no_volunteer")

Metric = Literal["hotspot", "volunteer", "training"]
METRICS: Final[tuple[Metric, ...]] = ("hotspot", "volunteer", "training")

STATES_BY_METRIC: Final[dict[Metric, tuple[str, ...]]] = {
    "hotspot": VILLAGE_HOTSPOT_SEVERITY,
    "volunteer": ("covered", "no_volunteer"),
    "training": ("trained", "not_trained", "no_volunteer"),
}
"""Each metric's village states in drawing order: the worst last, so it is drawn on top."""


def today_ict() -> dt.date:
    """Today in Thailand, by the wall clock."""
    return (dt.datetime.now(dt.UTC).replace(tzinfo=None) + ICT_OFFSET).date()


def end_of_day_utc(as_of: dt.date) -> dt.datetime:
    """The moment a dashboard date stands for: midnight at the end of that day in Thailand, as naive UTC."""
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()) - ICT_OFFSET


def last_report_minute(as_of: dt.date) -> dt.datetime:
    """The latest report time a view of ``as_of`` may show (23:59 ICT, as naive UTC).

    A status event covers a span (``at`` .. ``reported_until``); one that runs past the as-of date
    was reporting up to that date's end, not yet on the later days the database already knows.
    """
    return end_of_day_utc(as_of) - dt.timedelta(minutes=1)


def is_stale(latest: dt.datetime | dt.date | None, moment: dt.datetime, limit: dt.timedelta | None) -> bool:
    """Whether a source whose latest report is ``latest`` has stopped at ``moment`` (same clock).

    A day-stamped report counts until the end of its day; a source with a limit that never reported
    is stale too (nothing is not fresh); a source without a limit never is.
    """
    if limit is None:
        return False
    if latest is None:
        return True
    if not isinstance(latest, dt.datetime):
        latest = dt.datetime.combine(latest, dt.time(23, 59))
    return moment - latest > limit


def hotspot_health(
    moment: dt.datetime,
    last_report_at: pd.Series,
    last_online_at: pd.Series,
    down_mbps: pd.Series,
    up_mbps: pd.Series,
    loss_pct: pd.Series,
) -> pd.Series:
    """Health of each hotspot at ``moment`` from its latest reports and latest speed test.

    - no data: never reported, or the latest report is older than 7 days (stale is never healthy);
    - offline: no online report in the last 24 hours;
    - degraded: online, but the latest speed test is below 30 down or 10 up Mbps, or loss above 5 %;
    - online: otherwise (also when the line has never been speed-tested).

    Report times later than ``moment`` count as ``moment`` (a report period still running).
    """
    now = np.datetime64(moment, "us")
    last_report = pd.to_datetime(last_report_at).to_numpy("datetime64[us]")
    last_online = pd.to_datetime(last_online_at).to_numpy("datetime64[us]")
    stale = np.isnat(last_report) | (now - np.minimum(last_report, now) > np.timedelta64(STALE_AFTER))
    offline = np.isnat(last_online) | (now - np.minimum(last_online, now) > np.timedelta64(OFFLINE_AFTER))
    slow = (
        (down_mbps.to_numpy(float) < CONTRACT_DOWN_MBPS)
        | (up_mbps.to_numpy(float) < CONTRACT_UP_MBPS)
        | (loss_pct.to_numpy(float) > MAX_LOSS_PCT)
    )
    states = np.select([stale, offline, slow], ["no_data", "offline", "degraded"], default="online")
    return pd.Series(pd.Categorical(states, categories=HOTSPOT_STATES), index=last_report_at.index)


def worst_hotspot_state(states: pd.Series, by: pd.Series) -> pd.Series:
    """The state of each group (village) of hotspots: the most severe of its hotspots' states."""
    rank = states.map({state: i for i, state in enumerate(VILLAGE_HOTSPOT_SEVERITY)}).astype(int)
    worst = rank.groupby(by.to_numpy()).max()
    return worst.map(dict(enumerate(VILLAGE_HOTSPOT_SEVERITY)))


def volunteer_state(volunteers_registered: pd.Series) -> pd.Series:
    """A village is covered when it has at least one registered volunteer."""
    return pd.Series(np.where(volunteers_registered > 0, "covered", "no_volunteer"), index=volunteers_registered.index)


def training_state(volunteers_registered: pd.Series, volunteers_trained: pd.Series) -> pd.Series:
    """A village is trained when at least one of its volunteers has been trained."""
    states = np.select(
        [volunteers_trained > 0, volunteers_registered > 0], ["trained", "not_trained"], default="no_volunteer"
    )
    return pd.Series(states, index=volunteers_registered.index)


def share_pct(part: pd.Series | int, whole: pd.Series | int) -> pd.Series | float:
    """Percentage with one decimal; an empty area has no share (NaN), never 0 % or 100 %."""
    whole_array = np.asarray(whole, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(whole_array > 0, 100.0 * np.asarray(part, dtype=float) / whole_array, np.nan)
    if isinstance(part, pd.Series):
        return pd.Series(np.round(pct, 1), index=part.index)
    return float(np.round(pct, 1))


def training_session_status(held_on: dt.date | None, plan_status: str | None, as_of: dt.date) -> str:
    """Status of a province's session as of a date: done, scheduled, cancelled or none."""
    if held_on is None or plan_status is None:
        return "none"
    if plan_status == "cancelled":
        return "cancelled"
    return "done" if held_on <= as_of else "scheduled"


AREA_COUNT_COLUMNS: Final = (
    "villages",
    "hotspots",
    *(f"hotspots_{state}" for state in HOTSPOT_STATES),
    "villages_with_volunteer",
    "villages_trained",
    "volunteers_registered",
    "volunteers_trained",
    "wifi_users",
)
AREA_PCT_COLUMNS: Final = ("hotspot_online_pct", "volunteer_coverage_pct", "training_progress_pct")
PCT_COLUMN_BY_METRIC: Final[dict[Metric, str]] = {
    "hotspot": "hotspot_online_pct",
    "volunteer": "volunteer_coverage_pct",
    "training": "training_progress_pct",
}


def area_figures(villages: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sum village states into the figures of each area named by column ``by``.

    - hotspot health of an area: share of its hotspots online (with degraded, offline, no-data counts);
    - volunteer coverage: share of its villages with at least one registered volunteer;
    - training progress: share of its villages whose volunteer is trained.
    """
    frame = villages.assign(
        villages=1,
        villages_with_volunteer=(villages["volunteer_state"] == "covered").astype(int),
        villages_trained=(villages["training_state"] == "trained").astype(int),
    )
    sums = frame.groupby(by)[list(AREA_COUNT_COLUMNS)].sum().astype("int64")
    sums.index.name = "code"
    sums["hotspot_online_pct"] = share_pct(sums["hotspots_online"], sums["hotspots"])
    sums["volunteer_coverage_pct"] = share_pct(sums["villages_with_volunteer"], sums["villages"])
    sums["training_progress_pct"] = share_pct(sums["villages_trained"], sums["villages"])
    return sums


def fill_empty_areas(table: pd.DataFrame) -> pd.DataFrame:
    """Areas without villages (Bangkok) keep zero counts and no share, rather than vanishing."""
    table = table.copy()
    counts = list(AREA_COUNT_COLUMNS)
    table[counts] = table[counts].fillna(0).astype("int64")
    return table


def empty_area_figures() -> dict[str, float | int]:
    """The figures of an area without villages: zero counts, no shares."""
    return {**dict.fromkeys(AREA_COUNT_COLUMNS, 0), **dict.fromkeys(AREA_PCT_COLUMNS, float("nan"))}
