"""Monthly new WiFi users per village, growing from December 2017.

The documents say "more than 5 million" registered users by early 2019. The dashboard counts a
month's registrations once the as-of date reaches its first day (``month <= as_of``), so the
figure at 2019-02-01 sums December 2017 to February 2019: the national monthly intake grows
linearly so that this sum is ~5.15 million, and March 2019 adds a little more. A longer history
(``ctx.years``) goes on at March 2019's intake (the villages near their size), each village keeping
its share.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import pandas as pd

from demo.context import DATA_FIRST_DAY, DATA_LAST_DAY, DemoContext

TABLES: Final = ("wifi_registrations",)

FIRST_MONTH_USERS: Final = 230_000
LAST_MONTH_USERS: Final = 470_000
"""National new users in December 2017 and in March 2019; linear in between."""
VILLAGE_SIZE_SIGMA: Final = 0.5
"""Log-normal spread of villages' sizes (users per village vary about ±50 %)."""


def months(first: dt.date = DATA_FIRST_DAY, last: dt.date = DATA_LAST_DAY) -> np.ndarray:
    """First days of the months from ``first`` to ``last`` (by default the documents': Dec 2017 to Mar 2019)."""
    return np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)


def national_intake(count: int) -> np.ndarray:
    """New users in the whole country in each of ``count`` months: a linear ramp."""
    return np.linspace(FIRST_MONTH_USERS, LAST_MONTH_USERS, count)


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("registrations")
    villages = ctx.frames["villages"]
    month = months()
    size = rng.lognormal(0.0, VILLAGE_SIZE_SIGMA, len(villages))
    expected = np.outer(size / size.sum(), national_intake(len(month)))
    frames = [_rows(villages, month, rng.poisson(expected))]
    if ctx.extended:
        later = months(DATA_LAST_DAY + dt.timedelta(days=1), ctx.last_day)
        intake = np.full(len(later), LAST_MONTH_USERS)
        frames.append(
            _rows(villages, later, ctx.rng("registrations-later").poisson(np.outer(size / size.sum(), intake)))
        )
    return {"wifi_registrations": pd.concat(frames, ignore_index=True)}


def _rows(villages: pd.DataFrame, month: np.ndarray, new_users: np.ndarray) -> pd.DataFrame:
    """One row per village and month of a (villages x months) matrix of new users."""
    return pd.DataFrame(
        {
            "village_code": np.repeat(villages["code"].to_numpy(), len(month)),
            "month": np.tile(month.astype("datetime64[s]"), len(villages)),
            "new_users": new_users.ravel(),
        }
    )


def users_until(frame: pd.DataFrame, as_of: dt.date) -> int:
    """Registered users as the dashboard counts them on ``as_of`` (months whose 1st day <= as_of)."""
    return int(frame.loc[frame["month"] <= np.datetime64(as_of), "new_users"].sum())
