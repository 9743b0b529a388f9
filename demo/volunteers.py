"""Training sessions (one per province) and the volunteers of the villages.

Calibrated to the documents: 77 sessions from November 2018 to February 2019, 65 of them held by
1 February 2019, that day's being Surat Thani's with representatives of its 395 villages; more
than 20,000 volunteers trained by then. The 12 later sessions are Bangkok's (no villages) and
those of 11 of the smaller provinces, so that the trained count clears 20,000 as it did.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd

from demo import names
from demo.context import AS_OF, DATA_LAST_DAY, DemoContext

TABLES: Final = ("training_sessions", "volunteers")

FIRST_SESSION: Final = dt.date(2018, 11, 1)
LAST_SESSION: Final = dt.date(2019, 2, 28)
SESSIONS_DONE: Final = 65
FULL_TURNOUT: Final = {"84": AS_OF}
"""Surat Thani: every village sent its volunteer to the session of 1 February 2019."""
LATE_PROVINCE_POOL: Final = 25
"""The 11 provinces (besides Bangkok) trained after 1 February are drawn from the 25 smallest."""
FIRST_REGISTRATION: Final = dt.date(2018, 1, 2)

NO_VOLUNTEER_YET: Final = 0.02
"""Villages whose first volunteer registers only after 1 February 2019."""
SECOND_VOLUNTEER: Final = 0.06
REGISTERS_AFTER_SESSION: Final = 0.05
ATTENDS: Final = 0.93


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("volunteers")
    sessions = training_sessions(ctx.frames["provinces"], ctx.frames["villages"], rng)
    volunteers = make_volunteers(ctx.frames["villages"], sessions, rng)
    attendees = volunteers["training_session_id"].value_counts()
    sessions["attendees"] = sessions["id"].map(attendees).fillna(0).astype(int)
    return {"training_sessions": sessions, "volunteers": volunteers}


def session_dates(provinces: pd.DataFrame, villages: pd.DataFrame, rng: np.random.Generator) -> pd.Series:
    """Date of each province's session: 65 by 1 February (Surat Thani on that day), 12 after."""
    sizes = villages.groupby("province_code").size().reindex(provinces["code"], fill_value=0)
    fixed = sizes.drop(index=["10", *FULL_TURNOUT]).sort_values(kind="stable")
    late = ["10", *rng.choice(fixed.index[:LATE_PROVINCE_POOL], 11, replace=False)]
    early = [code for code in sizes.index if code not in late and code not in FULL_TURNOUT]
    dates = pd.Series(dict(FULL_TURNOUT), dtype=object)
    dates = pd.concat(
        [
            dates,
            pd.Series(_weekdays(rng, FIRST_SESSION, AS_OF - dt.timedelta(days=1), len(early)), index=early),
            pd.Series(_weekdays(rng, AS_OF + dt.timedelta(days=1), LAST_SESSION, len(late)), index=late),
        ]
    )
    return dates.sort_index()


def _weekdays(rng: np.random.Generator, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """``count`` random working days (Monday-Friday) between ``first`` and ``last``, for shuffled provinces."""
    days = pd.bdate_range(first, last).date
    return list(rng.choice(days, count, replace=count > len(days)))


def training_sessions(provinces: pd.DataFrame, villages: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    dates = session_dates(provinces, villages, rng)
    named = provinces.set_index("code").loc[dates.index]
    variants = rng.integers(0, len(names.VENUES), len(dates))
    venues = [
        names.venue(code, row.name_th, row.name_en, variant)
        for (code, row), variant in zip(named.iterrows(), variants, strict=True)
    ]
    return pd.DataFrame(
        {
            "id": np.arange(1, len(dates) + 1),
            "province_code": dates.index,
            "held_on": pd.to_datetime(dates.to_numpy()),
            "venue_th": [th for th, _ in venues],
            "venue_en": [en for _, en in venues],
            "status": "scheduled",
        }
    )


def make_volunteers(villages: pd.DataFrame, sessions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One volunteer per village (two in ~6 %), registered mostly before their province's session."""
    full_turnout = villages["province_code"].isin(list(FULL_TURNOUT)).to_numpy()
    second = ~full_turnout & (rng.random(len(villages)) < SECOND_VOLUNTEER)
    rows = np.sort(np.concatenate([np.arange(len(villages)), np.flatnonzero(second)]), kind="stable")
    session = sessions.set_index("province_code").loc[villages["province_code"].to_numpy()[rows]]
    held_on = session["held_on"].to_numpy("datetime64[D]")
    forced = full_turnout[rows]
    registered = _registration_dates(held_on, forced, rng)
    attends = (registered < held_on) & (forced | (rng.random(len(rows)) < ATTENDS))
    order = np.lexsort((registered, rows))
    return pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "village_code": villages["code"].to_numpy()[rows][order],
            "full_name": names.person_names(rng, len(rows)),
            "phone": names.mobile_phones(rng, len(rows)),
            "registered_on": registered[order].astype("datetime64[s]"),
            "trained_on": np.where(attends, held_on, np.datetime64("NaT"))[order].astype("datetime64[s]"),
            "training_session_id": pd.Series(session["id"].to_numpy()[order], dtype="Int64").where(attends[order]),
        }
    )


def _registration_dates(held_on: np.ndarray, forced: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Mostly in the months before the session (skewed towards it); a few after it, a few after 1 February."""
    n = len(held_on)
    start = np.datetime64(FIRST_REGISTRATION)
    span = (held_on - start).astype(int) - 3
    before = start + (rng.beta(3.0, 1.2, n) * span).astype("timedelta64[D]")
    after = held_on + rng.integers(1, 45, n).astype("timedelta64[D]")
    late = np.datetime64(AS_OF) + rng.integers(1, (DATA_LAST_DAY - AS_OF).days + 1, n).astype("timedelta64[D]")
    draw = np.where(forced, 1.0, rng.random(n))
    dates = np.select(
        [draw < NO_VOLUNTEER_YET, draw < NO_VOLUNTEER_YET + REGISTERS_AFTER_SESSION], [late, after], before
    )
    return np.minimum(dates, np.datetime64(DATA_LAST_DAY))
