"""Weekly automatic line tests of every hotspot against the 30/10 Mbps contract.

Most lines give comfortably more than the contract. Lines in districts far from their province's
seat are more often poor (the last kilometres run over long copper or radio links), and lines
repaired after Pabuk stay poor for some weeks. No test runs while a hotspot is down or silent.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd

from demo.context import DATA_END_UTC, DATA_FIRST_DAY, DemoContext, utc
from demo.hotspots import DAY, HOUR

TABLES: Final = ("speed_tests",)

WEEK: Final = 7 * DAY
POOR_LINE_SHARE: Final = (0.012, 0.10)
"""Share of poor lines: base + extra x remoteness² (remoteness 0 at the seat, 1 farthest)."""
POST_STORM_POOR_SHARE: Final = 0.2
POST_STORM_POOR_UNTIL: Final = utc(dt.date(2019, 3, 15))
BAD_DAY_SHARE: Final = 0.01
"""A good line's odd test below contract (congestion, a test server hiccup)."""


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("speed_tests")
    hotspots, outages = ctx.frames["hotspots"], ctx.frames["outages"]
    row, tested_at = weekly_schedule(hotspots, rng)
    keep = ~during_outage(row, tested_at, outages)
    row, tested_at = row[keep], tested_at[keep]
    poor = _poor_lines(hotspots, outages, rng)
    storm_end = _storm_end(outages, len(hotspots))[row]
    poor_now = (
        poor["line"][row]
        | (poor["after_storm"][row] & (tested_at >= storm_end) & (tested_at < POST_STORM_POOR_UNTIL))
        | (rng.random(len(row)) < BAD_DAY_SHARE)
    )
    return {"speed_tests": measurements(hotspots, row, tested_at, poor_now, rng)}


def weekly_schedule(hotspots: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(hotspot row, time) of each weekly test: a random weekday and night hour (01-05 ICT) per hotspot."""
    first = utc(DATA_FIRST_DAY, 1.0) + rng.integers(0, 7, len(hotspots)) * DAY + rng.random(len(hotspots)) * 4 * HOUR
    weeks = int((DATA_END_UTC - utc(DATA_FIRST_DAY)) // WEEK) + 1
    times = first.astype("datetime64[s]")[:, None] + np.arange(weeks) * WEEK
    rows = np.broadcast_to(np.arange(len(hotspots))[:, None], times.shape)
    valid = (times <= DATA_END_UTC) & (times >= hotspots["first_report"].to_numpy()[:, None])
    return rows[valid], times[valid]


def during_outage(row: np.ndarray, moment: np.ndarray, outages: pd.DataFrame) -> np.ndarray:
    """Whether each (hotspot row, moment) falls in one of that hotspot's (non-overlapping) outages."""
    outages = outages.sort_values(["row", "start"])
    base = np.datetime64("2017-01-01T00:00:00")
    key = (outages["row"].to_numpy() << 32) + (outages["start"].to_numpy() - base) // np.timedelta64(1, "s")
    probe = (row.astype(np.int64) << 32) + (moment - base) // np.timedelta64(1, "s")
    last = np.searchsorted(key, probe, side="right") - 1
    found = last >= 0
    last = np.maximum(last, 0)
    return found & (outages["row"].to_numpy()[last] == row) & (moment < outages["end"].to_numpy()[last])


def remoteness(hotspots: pd.DataFrame) -> np.ndarray:
    """Distance of a hotspot's district from its province's seat (the Mueang district, "xx01"), 0..1 per province."""
    districts = hotspots.groupby("district_code")[["lat", "lon"]].mean()
    districts["province"] = districts.index.str[:2]
    seats = districts.groupby("province")[["lat", "lon"]].mean()
    seats.update(districts[districts.index.str[2:] == "01"].set_index("province"))
    offset = districts[["lat", "lon"]].to_numpy() - seats.loc[districts["province"]].to_numpy()
    districts["km"] = np.hypot(offset[:, 0], offset[:, 1]) * 111.0
    relative = districts["km"] / districts.groupby("province")["km"].transform("max").replace(0.0, 1.0)
    return hotspots["district_code"].map(relative).to_numpy()


def _poor_lines(hotspots: pd.DataFrame, outages: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    base, extra = POOR_LINE_SHARE
    line = rng.random(len(hotspots)) < base + extra * remoteness(hotspots) ** 2
    hit = np.zeros(len(hotspots), bool)
    hit[outages.loc[outages["cause"] == "storm", "row"].to_numpy()] = True
    return {"line": line, "after_storm": hit & (rng.random(len(hotspots)) < POST_STORM_POOR_SHARE)}


def _storm_end(outages: pd.DataFrame, count: int) -> np.ndarray:
    end = np.full(count, np.datetime64("NaT"), "datetime64[s]")
    storm = outages[outages["cause"] == "storm"]
    end[storm["row"].to_numpy()] = storm["end"].to_numpy()
    return end


def measurements(
    hotspots: pd.DataFrame, row: np.ndarray, tested_at: np.ndarray, poor: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Down/up Mbps, latency and loss: good lines ~40-60/12-20; a poor line fails on down, up or loss."""
    n, lines = len(row), len(hotspots)
    good_down, good_up = rng.uniform(40, 60, lines)[row], rng.uniform(12, 20, lines)[row]
    fault = rng.integers(0, 3, lines)[row]  # what a poor line fails on: 0 down, 1 up, 2 loss
    down = np.where(poor & (fault == 0), rng.uniform(12, 29.5, n), good_down + rng.normal(0, 3, n))
    up = np.where(poor & (fault == 1), rng.uniform(4, 9.8, n), good_up + rng.normal(0, 0.8, n))
    loss = np.where(poor & (fault == 2), rng.uniform(5.5, 14, n), rng.exponential(0.3, n))
    latency = rng.uniform(12, 30, lines)[row] + rng.gamma(2, 4, n) + np.where(poor, rng.uniform(30, 120, n), 0)
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "hotspot_id": hotspots["id"].to_numpy()[row],
            "tested_at": tested_at,
            "down_mbps": np.round(np.maximum(down, 1.0), 1),
            "up_mbps": np.round(np.maximum(up, 0.5), 1),
            "latency_ms": np.round(latency, 1),
            "loss_pct": np.round(np.minimum(loss, 100.0), 2),
        }
    )
