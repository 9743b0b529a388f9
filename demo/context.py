"""What every demo step shares: the random streams, the programme's calendar and the rows made so far."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from store.coverage.metrics import ICT_OFFSET, end_of_day_utc

PROGRAMME_VILLAGES: Final = 24_700
DATA_FIRST_DAY: Final = dt.date(2017, 12, 1)
DATA_LAST_DAY: Final = dt.date(2019, 3, 31)
AS_OF: Final = dt.date(2019, 2, 1)
"""The date of the latest source document, at which the demo matches the official figures."""

DOCUMENTS_MONTHS: Final = 16
"""December 2017 to March 2019: the months of the default demo, the span the documents describe."""
MOST_YEARS: Final = 10
"""A longer history is refused: ten years of daily speed tests are already ~90 million rows at 24,700 villages."""


def last_report(day: dt.date) -> np.datetime64:
    """23:59 ICT of ``day`` as naive UTC: the last status report of data ending that day."""
    return np.datetime64(end_of_day_utc(day) - dt.timedelta(minutes=1), "s")


DATA_END_UTC: Final = last_report(DATA_LAST_DAY)
"""2019-03-31 23:59 ICT: the last status report of the default demo."""


def history_last_day(years: float | None) -> dt.date:
    """The last day of ``years`` of history from December 2017, in whole months (3 years: 2020-11-30).

    ``None`` is the documents' span. Shorter than it is refused: the demo only ever adds history
    after March 2019, so that the figures of the documents' date stay what they are. So is more than
    ``MOST_YEARS`` (a typo should not fill the disk).
    """
    if years is None:
        return DATA_LAST_DAY
    months = round(years * 12)
    if months < DOCUMENTS_MONTHS:
        raise ValueError(
            f"years must be at least {DOCUMENTS_MONTHS / 12:.2f} (the documents' {DOCUMENTS_MONTHS} months)"
        )
    if months > MOST_YEARS * 12:
        raise ValueError(f"years must be at most {MOST_YEARS}")
    month = DATA_FIRST_DAY.month - 1 + months
    return dt.date(DATA_FIRST_DAY.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def utc(day: dt.date, hour: float = 0.0) -> np.datetime64:
    """A Thai wall-clock moment (``day`` at ``hour`` ICT) as naive UTC, the database's convention."""
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour) - ICT_OFFSET
    return np.datetime64(moment, "s")


@dataclass
class DemoContext:
    """State handed from step to step.

    Each step draws from its own stream, derived from the one seed by the step's name: adding or
    changing a step (tickets, showcase) never changes the rows of the others.
    """

    seed: int
    ticket_scale: float = 1.0
    villages: int = PROGRAMME_VILLAGES
    """How many villages to make: the programme's 24,700, or more (the next phase: all ~75,000)."""
    years: float | None = None
    """Length of the history from December 2017 (``history_last_day``); None: the documents' 16 months."""
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def last_day(self) -> dt.date:
        return history_last_day(self.years)

    @property
    def end_utc(self) -> np.datetime64:
        """The last status report of this build's history."""
        return last_report(self.last_day)

    @property
    def extended(self) -> bool:
        """Whether this build adds history after March 2019 (what the steps' ``later_*`` functions make)."""
        return self.last_day > DATA_LAST_DAY

    def rng(self, name: str) -> np.random.Generator:
        root = np.random.default_rng(self.seed).bit_generator.seed_seq
        assert isinstance(root, np.random.SeedSequence)
        return np.random.default_rng(np.random.SeedSequence(root.entropy, spawn_key=(zlib.crc32(name.encode()),)))
