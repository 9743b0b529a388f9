"""Dates typed into links: Thai users write the Buddhist-era year (``as_of=2562-02-01``).

The dashboard shows Thai dates in the Buddhist era (1 ก.พ. 2562), so a user who edits or types a
link writes the year the same way, often with Thai digits. A page reads such a date as the day it
means; the API stays strict (ISO dates of the Common Era only, see ``view.resolve.strict_as_of``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

BUDDHIST_ERA_OFFSET: Final = 543
BUDDHIST_ERA_FROM_YEAR: Final = 2400
"""A year above this is Buddhist era: 2400 BE is 1857 CE, 2400 CE is far beyond any data."""

THAI_DIGITS: Final = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_YEAR_MONTH_DAY: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_link_date(value: object) -> dt.date | None:
    """The day a link's date means (``YYYY-MM-DD``, Common or Buddhist era), or None when it means none.

    The year is converted before the date is built: 2563-02-29 BE is 29 Feb 2020, a day that
    2563 CE (not a leap year) does not have.
    """
    if not isinstance(value, str):
        return None
    match = _YEAR_MONTH_DAY.fullmatch(value.strip().translate(THAI_DIGITS))
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year > BUDDHIST_ERA_FROM_YEAR:
        year -= BUDDHIST_ERA_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
