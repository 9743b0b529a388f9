"""Coerce-or-reject helpers for what a client sends: callback values and API parameters.

A browser's page sends each callback the values its widgets hold (a slider an ``int``, a
dropdown a ``str`` or a list of them, a grid a dict of known keys); anyone can post something
else. Every function here returns the value in the type the caller works with, or ``None`` when
the value is not one a real page (or a well-formed API call) sends, so that a callback answers
"no update" and the API a 4xx, instead of an exception deep inside a query.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from typing import Final

from store.core.models import RECORD_ID_MAX as RECORD_ID_MAX  # callers check ids here too

MAX_DIGITS: Final = 12
"""Longer digit strings are refused before ``int()``: no number this app takes has more digits."""


def as_int_in_range(value: object, low: int, high: int) -> int | None:
    """``value`` as an ``int`` in ``low..high``: an ``int``, or a ``float`` without a fraction
    (JavaScript has one number type), never a ``bool`` or a string; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def whole_number(text: str, low: int, high: int) -> int | None:
    """A query-string number (ASCII digits only: ``str.isdigit`` also passes '²', which ``int``
    refuses) in ``low..high``; else ``None``."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    number = int(text)
    return number if low <= number <= high else None


def as_record_id(value: object) -> int | None:
    """A database row id, sent as a number or as its digits; ``None`` when it cannot name a row."""
    if isinstance(value, str):
        return whole_number(value, 1, RECORD_ID_MAX)
    return as_int_in_range(value, 1, RECORD_ID_MAX)


def as_str(value: object, *, max_length: int | None = None) -> str | None:
    """``value`` when it is a string (cut to ``max_length`` characters), else ``None``."""
    if not isinstance(value, str):
        return None
    return value if max_length is None else value[:max_length]


def as_choice(value: object, choices: Collection[str]) -> str | None:
    """``value`` when it is one of ``choices``, else ``None``."""
    return value if isinstance(value, str) and value in choices else None


def as_choices(value: object, choices: Collection[str]) -> tuple[str, ...] | None:
    """A multi-select's value: a list of strings, each one of ``choices``; else ``None``."""
    if not isinstance(value, list) or not all(isinstance(item, str) and item in choices for item in value):
        return None
    return tuple(value)


def as_mapping(value: object) -> Mapping[str, object] | None:
    """``value`` when it is a JSON object, else ``None``."""
    return value if isinstance(value, dict) else None


def as_list(value: object) -> list[object] | None:
    """``value`` when it is a JSON array, else ``None``."""
    return value if isinstance(value, list) else None


def as_coordinate(value: object, limit: float) -> float | None:
    """A latitude (``limit`` 90) or longitude (180) in degrees: a finite number within ±``limit``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def as_iso_date(value: object) -> dt.date | None:
    """A date picker's value ('2019-02-01', or with a time after it) that date arithmetic can
    use (one day either side still a date); else ``None``."""
    if not isinstance(value, str):
        return None
    return checked_date(value[:10])


def checked_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` strictly, with a day before and after it (``date.min``/``max`` have not)."""
    if len(text) != 10:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if dt.date.min < day < dt.date.max else None
