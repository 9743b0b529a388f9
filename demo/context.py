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

DATA_END_UTC: Final = np.datetime64(end_of_day_utc(DATA_LAST_DAY) - dt.timedelta(minutes=1), "s")
"""2019-03-31 23:59 ICT: the last status report of the demo."""


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
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def rng(self, name: str) -> np.random.Generator:
        root = np.random.default_rng(self.seed).bit_generator.seed_seq
        assert isinstance(root, np.random.SeedSequence)
        return np.random.default_rng(np.random.SeedSequence(root.entropy, spawn_key=(zlib.crc32(name.encode()),)))
