"""Weekly automatic line tests of every hotspot against the 30/10 Mbps contract.

Most lines give comfortably more than the contract. Lines in districts far from their province's
seat are more often poor (the last kilometres run over long copper or radio links), and lines
repaired after Pabuk stay poor for some weeks. No test runs while a hotspot is down or silent.

A longer history (``ctx.years``) tests every line daily from April 2019 (a night hour of its own),
the same lines poor: tens of millions of rows, so ``later_chunks`` makes them a month at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

import numpy as np
import pandas as pd

from demo.context import DATA_END_UTC, DATA_FIRST_DAY, DATA_LAST_DAY, DemoContext, utc
from demo.hotspots import DAY, HOUR, during_outage

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
    ctx.frames["poor_lines"] = pd.DataFrame({"poor": poor["line"]})
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


def later_chunks(ctx: DemoContext) -> Iterator[dict[str, pd.DataFrame]]:
    """Daily tests after March 2019, a month per chunk, ids following the documents' span's."""
    rng = ctx.rng("speed_tests-later")
    hotspots, outages = ctx.frames["hotspots"], ctx.frames["outages"]
    poor_line = ctx.frames["poor_lines"]["poor"].to_numpy()
    night = (utc(DATA_LAST_DAY, 1.0) + rng.random(len(hotspots)) * 4 * HOUR).astype("datetime64[s]")
    next_id = len(ctx.frames["speed_tests"]) + 1
    for days in _later_months(ctx.last_day):
        times = (night[:, None] + days * DAY).ravel()
        rows = np.repeat(np.arange(len(hotspots)), len(days))
        keep = ~during_outage(rows, times, outages)
        row, tested_at = rows[keep], times[keep]
        poor_now = poor_line[row] | (rng.random(len(row)) < BAD_DAY_SHARE)
        tests = measurements(hotspots, row, tested_at, poor_now, rng, line_rng=ctx.rng("speed_tests-lines"))
        yield {"speed_tests": tests.assign(id=tests["id"] + next_id - 1)}
        next_id += len(tests)


def _later_months(last_day: dt.date) -> Iterator[np.ndarray]:
    """Each month after March 2019 up to ``last_day``, as its days counted from 31 March 2019."""
    end = np.datetime64(last_day) + 1
    for month in np.arange(np.datetime64(DATA_LAST_DAY, "M") + 1, np.datetime64(last_day, "M") + 1):
        first = month.astype("datetime64[D]")
        days = np.arange(first, min(end, (month + 1).astype("datetime64[D]")))
        yield (days - np.datetime64(DATA_LAST_DAY)).astype(np.int64)


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
    hotspots: pd.DataFrame,
    row: np.ndarray,
    tested_at: np.ndarray,
    poor: np.ndarray,
    rng: np.random.Generator,
    line_rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Down/up Mbps, latency and loss: good lines ~40-60/12-20; a poor line fails on down, up or loss.

    Each line's own level is drawn from ``line_rng`` (by default ``rng``): a fresh stream of the same
    seed gives every month's chunk the same lines.
    """
    n, lines = len(row), len(hotspots)
    line_rng = rng if line_rng is None else line_rng
    good_down, good_up = line_rng.uniform(40, 60, lines)[row], line_rng.uniform(12, 20, lines)[row]
    fault = line_rng.integers(0, 3, lines)[row]  # what a poor line fails on: 0 down, 1 up, 2 loss
    down = np.where(poor & (fault == 0), rng.uniform(12, 29.5, n), good_down + rng.normal(0, 3, n))
    up = np.where(poor & (fault == 1), rng.uniform(4, 9.8, n), good_up + rng.normal(0, 0.8, n))
    loss = np.where(poor & (fault == 2), rng.uniform(5.5, 14, n), rng.exponential(0.3, n))
    latency = line_rng.uniform(12, 30, lines)[row] + rng.gamma(2, 4, n) + np.where(poor, rng.uniform(30, 120, n), 0)
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
