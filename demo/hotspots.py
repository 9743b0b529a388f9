"""Hotspots and their status history: online most of the time, with outages of a few kinds.

An outage either raises alarms ("offline" rows) or silences the hotspot (a gap between rows, as
when the power is cut). The mix is calibrated so that on 2019-02-01 roughly 90 % of hotspots are
online, 2-4 % offline and ~1 % without data, the South worse because of Tropical Storm Pabuk
(landfall at Pak Phanang, Nakhon Si Thammarat, on 2019-01-04).

A longer history (``ctx.years``) keeps every row up to March 2019 and adds what follows: the
outages under way on 31 March run their course, everyday faults go on at the same rates, and
Tropical Storm Podul hits the lower Northeast at the end of August 2019.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, NamedTuple

import numpy as np
import pandas as pd

from demo.context import DATA_END_UTC, DemoContext, utc

TABLES: Final = ("hotspots", "hotspot_status_events")

SECOND_HOTSPOT_SHARE: Final = 0.06
INSTALL_FIRST: Final = dt.date(2017, 6, 1)
INSTALL_LAST: Final = dt.date(2017, 12, 15)
HOUR: Final = np.timedelta64(3600, "s")
DAY: Final = np.timedelta64(86400, "s")


class Storm(NamedTuple):
    """A storm that knocks hotspots out: when it arrives, and the share of hotspots it hits per province."""

    landfall: np.datetime64
    hit_share: dict[str, float]


PABUK: Final = Storm(
    utc(dt.date(2019, 1, 4), 6.0),
    {"80": 0.55, "84": 0.5, "94": 0.5, "90": 0.45, "86": 0.3, "93": 0.3, "95": 0.25, "96": 0.3},
)
"""Nakhon Si Thammarat, Surat Thani, Pattani, Songkhla hardest; Chumphon, Phatthalung, Yala, Narathiwat less."""
PODUL: Final = Storm(
    utc(dt.date(2019, 8, 30), 3.0),
    {"34": 0.45, "35": 0.3, "37": 0.25, "45": 0.25, "33": 0.2, "49": 0.15, "46": 0.15, "40": 0.1},
)
"""Tropical Storm Podul and the floods after it in the lower Northeast (a longer history only): Ubon
Ratchathani worst, then Yasothon, Amnat Charoen, Roi Et, Sisaket; Mukdahan, Kalasin, Khon Kaen less."""

OFFLINE, SILENT = "offline", "silent"


class Faults(NamedTuple):
    """A kind of everyday fault: how often a hotspot has one, and how long it lasts (log-normal, capped)."""

    mean_days_between: float
    median_hours: float
    max_hours: float


ROUTINE_FAULTS: Final = (Faults(45, 3, 20), Faults(400, 48, 144))
"""Short faults every ~6 weeks; outages of days about once a year per hotspot."""


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    """One hotspot per village (a second in ~6 %), then each hotspot's status events."""
    rng = ctx.rng("hotspots")
    hotspots = make_hotspots(ctx.frames["villages"], rng)
    outages = merge_overlaps(
        pd.concat(
            [
                *(routine_outages(hotspots, rng, faults) for faults in ROUTINE_FAULTS),
                storm_outages(hotspots, rng, PABUK),
                long_outages(hotspots, rng),
                going_silent(hotspots, rng),
            ],
            ignore_index=True,
        )
    )
    if ctx.extended:
        outages = later_outages(hotspots, outages, ctx.end_utc, ctx.rng("hotspots-later"))
    ctx.frames["outages"] = outages
    return {"hotspots": hotspots, "hotspot_status_events": status_events(hotspots, outages, ctx.end_utc)}


def make_hotspots(villages: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Hotspots numbered 1..n in village order, installed June to mid-December 2017."""
    second = rng.random(len(villages)) < SECOND_HOTSPOT_SHARE
    village_rows = np.sort(np.concatenate([np.arange(len(villages)), np.flatnonzero(second)]), kind="stable")
    days = (INSTALL_LAST - INSTALL_FIRST).days + 1
    installed_on = np.datetime64(INSTALL_FIRST) + rng.integers(0, days, len(village_rows)).astype("timedelta64[D]")
    source = villages.iloc[village_rows]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(village_rows) + 1),
            "village_code": source["code"].to_numpy(),
            "installed_on": installed_on.astype("datetime64[s]"),
            "province_code": source["province_code"].to_numpy(),
            "district_code": source["district_code"].to_numpy(),
            "lat": source["lat"].to_numpy(),
            "lon": source["lon"].to_numpy(),
            # first report: switched on during the installation day (09:00-17:00 ICT)
            "first_report": installed_on.astype("datetime64[s]") + (2 + 8 * rng.random(len(village_rows))) * HOUR,
        }
    )


def _outages(
    hotspot_rows: np.ndarray,
    start: np.ndarray,
    hours: np.ndarray,
    silent_share: float,
    rng: np.random.Generator,
    cause: str,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": hotspot_rows,
            "start": start.astype("datetime64[s]"),
            "end": (start + hours * HOUR).astype("datetime64[s]"),
            "kind": np.where(rng.random(len(hotspot_rows)) < silent_share, SILENT, OFFLINE),
            "cause": cause,
        }
    )


def routine_outages(
    hotspots: pd.DataFrame,
    rng: np.random.Generator,
    faults: Faults,
    *,
    after: np.datetime64 | None = None,
    until: np.datetime64 = DATA_END_UTC,
) -> pd.DataFrame:
    """Everyday faults over each hotspot's life (from ``after`` on, when given): a Poisson process,
    log-normal durations."""
    first = hotspots["first_report"].to_numpy()
    if after is not None:
        first = np.maximum(first, after)
    life = (until - first) / DAY
    counts = rng.poisson(life / faults.mean_days_between)
    rows = np.repeat(np.arange(len(hotspots)), counts)
    start = first[rows] + rng.random(len(rows)) * life[rows] * DAY
    hours = np.clip(rng.lognormal(np.log(faults.median_hours), 0.8, len(rows)), 0.5, faults.max_hours)
    return _outages(rows, start, hours, 0.15, rng, "routine")


def storm_outages(hotspots: pd.DataFrame, rng: np.random.Generator, storm: Storm) -> pd.DataFrame:
    """Days for most hit hotspots, weeks for one in five (after Pabuk, some still out on 1 February)."""
    share = hotspots["province_code"].map(storm.hit_share).fillna(0.0).to_numpy()
    rows = np.flatnonzero(rng.random(len(hotspots)) < share)
    start = storm.landfall + rng.random(len(rows)) * 14 * HOUR
    weeks = rng.random(len(rows)) < 0.2
    days = np.where(weeks, rng.uniform(20, 60, len(rows)), np.clip(rng.lognormal(np.log(4), 0.6, len(rows)), 1, 20))
    return _outages(rows, start, days * 24, 0.25, rng, "storm")


def long_outages(hotspots: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Broken equipment elsewhere in January 2019, waiting for a technician for weeks."""
    rows = np.flatnonzero(rng.random(len(hotspots)) < 0.022)
    start = utc(dt.date(2019, 1, 5)) + rng.random(len(rows)) * 26.5 * DAY
    return _outages(rows, start, rng.uniform(8, 70, len(rows)) * 24, 0.2, rng, "long")


def going_silent(hotspots: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Hotspots that stop reporting from late 2018 on (half never come back within the data)."""
    rows = np.flatnonzero(rng.random(len(hotspots)) < 0.008)
    start = utc(dt.date(2018, 11, 15)) + rng.random(len(rows)) * 66 * DAY
    days = np.where(rng.random(len(rows)) < 0.5, 1000.0, rng.uniform(20, 100, len(rows)))
    return _outages(rows, start, days * 24, 1.0, rng, "silent")


def later_outages(
    hotspots: pd.DataFrame, outages: pd.DataFrame, until: np.datetime64, rng: np.random.Generator
) -> pd.DataFrame:
    """The outages of a history running to ``until``: those of the documents' span, the ones under way at
    its end lasting as they were drawn, then everyday faults at the same rates and Podul (a new one
    starting while the line is still down belongs to that outage)."""
    carried = outages.assign(end=np.minimum(outages["natural_end"].to_numpy(), until))
    new = pd.concat(
        [
            *(routine_outages(hotspots, rng, faults, after=DATA_END_UTC, until=until) for faults in ROUTINE_FAULTS),
            storm_outages(hotspots, rng, PODUL),
        ],
        ignore_index=True,
    )
    new = new[~during_outage(new["row"].to_numpy(), new["start"].to_numpy(), carried)]
    return pd.concat([carried, merge_overlaps(new, until)], ignore_index=True)


def merge_overlaps(outages: pd.DataFrame, until: np.datetime64 = DATA_END_UTC) -> pd.DataFrame:
    """Overlapping outages of a hotspot become one, of the kind of the longest; none outlasts the data.

    ``natural_end`` keeps when a merged outage would have ended had the data gone on (a longer history continues it).
    """
    outages = outages.assign(natural_end=outages["end"], end=np.minimum(outages["end"].to_numpy(), until))
    outages = outages[outages["start"] < outages["end"]].sort_values(["row", "start"], kind="stable")
    reach = outages.groupby("row")["end"].cummax()
    previous_reach = reach.groupby(outages["row"]).shift()
    group = (previous_reach.isna() | (outages["start"] > previous_reach)).cumsum()
    outages = outages.assign(group=group.to_numpy(), length=outages["end"] - outages["start"])
    longest = outages.sort_values("length", ascending=False, kind="stable").drop_duplicates("group")
    merged = outages.groupby("group").agg(
        row=("row", "first"), start=("start", "min"), end=("end", "max"), natural_end=("natural_end", "max")
    )
    return merged.join(longest.set_index("group")[["kind", "cause"]]).reset_index(drop=True)


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


def status_events(hotspots: pd.DataFrame, outages: pd.DataFrame, until: np.datetime64 = DATA_END_UTC) -> pd.DataFrame:
    """Rows of state changes: online between outages, offline during alarm outages, nothing while silent."""
    rows = np.arange(len(hotspots))
    online = pd.DataFrame(
        {
            "row": np.concatenate([rows, outages["row"].to_numpy()]),
            "at": np.concatenate([hotspots["first_report"].to_numpy("datetime64[s]"), outages["end"].to_numpy()]),
        }
    ).sort_values(["row", "at"], kind="stable")
    ends = pd.DataFrame(
        {
            "row": np.concatenate([outages["row"].to_numpy(), rows]),
            "until": np.concatenate([outages["start"].to_numpy(), np.full(len(rows), until, "datetime64[s]")]),
        }
    ).sort_values(["row", "until"], kind="stable")
    online = online.assign(state="online", reported_until=ends["until"].to_numpy())
    online = online[online["reported_until"] > online["at"]]
    alarms = outages[outages["kind"] == OFFLINE]
    offline = pd.DataFrame(
        {"row": alarms["row"], "at": alarms["start"], "state": "offline", "reported_until": alarms["end"]}
    )
    events = pd.concat([online, offline], ignore_index=True).sort_values(["row", "at"], kind="stable")
    return pd.DataFrame(
        {
            "id": np.arange(1, len(events) + 1),
            "hotspot_id": hotspots["id"].to_numpy()[events["row"].to_numpy()],
            "state": events["state"].to_numpy(),
            "at": events["at"].to_numpy(),
            "reported_until": events["reported_until"].to_numpy(),
        }
    )
