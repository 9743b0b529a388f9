"""Reading one cell as Thai offices write it: Thai digits, thousands separators, stray and
zero-width spaces, Buddhist-era and Gregorian dates in the forms people type, Excel serial dates.

Every parser returns a plain Python value or raises ``CellError`` with a code of
``ingest.messages``: a date that cannot be read is an error, never a silent NaT (Python's
``datetime`` has no 2262 limit, and nothing here goes through pandas' nanosecond timestamps).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

from ingest.messages import CellError

THAI_DIGITS: Final = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
BUDDHIST_ERA_OFFSET: Final = 543
FIRST_PLAUSIBLE_YEAR: Final = 2015
"""The programme began in 2017; a date before 2015 is a typo or a BE year read as AD."""
THAILAND: Final = dt.timezone(dt.timedelta(hours=7))
EXCEL_EPOCH: Final = dt.datetime(1899, 12, 30)

THAI_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("ม.ค.", "มกราคม", "jan", "january"),
            ("ก.พ.", "กุมภาพันธ์", "feb", "february"),
            ("มี.ค.", "มีนาคม", "mar", "march"),
            ("เม.ย.", "เมษายน", "apr", "april"),
            ("พ.ค.", "พฤษภาคม", "may"),
            ("มิ.ย.", "มิถุนายน", "jun", "june"),
            ("ก.ค.", "กรกฎาคม", "jul", "july"),
            ("ส.ค.", "สิงหาคม", "aug", "august"),
            ("ก.ย.", "กันยายน", "sep", "sept", "september"),
            ("ต.ค.", "ตุลาคม", "oct", "october"),
            ("พ.ย.", "พฤศจิกายน", "nov", "november"),
            ("ธ.ค.", "ธันวาคม", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_NUMERIC_DATE = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
_NAMED_MONTH_DATE = re.compile(r"(\d{1,2})\s*([^\d\s]+?)\s*(\d{2,4})")
_MONTH_ONLY = re.compile(r"(?:(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4})|([^\d\s]+?)\s*(\d{2,4}))")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?")


def clean_text(value: object) -> str:
    """The cell as text: NFC, no zero-width characters, no-break spaces as spaces, runs of spaces as one."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(INVISIBLE).replace("\u00a0", " ")
    return " ".join(text.split())


def ascii_digits(text: str) -> str:
    """Thai digits (๐–๙) as ASCII digits."""
    return text.translate(THAI_DIGITS)


def parse_choice(value: object, allowed: tuple[str, ...]) -> str:
    """One of ``allowed`` codes, written in any case with spaces or dashes for underscores ('Tourist spot')."""
    word = re.sub(r"[\s\-]+", "_", clean_text(value).lower())
    if word not in allowed:
        raise CellError("unknown_value", value=value, allowed=", ".join(allowed))
    return word


def parse_word(value: object, words: Mapping[str, str], allowed: str) -> str:
    """The code that ``words`` (the synonyms people write, in Thai or English) gives the cell, in any case;
    ``allowed`` names the accepted words in the error."""
    word = clean_text(value).lower()
    if word not in words:
        raise CellError("unknown_value", value=value, allowed=allowed)
    return words[word]


def parse_number(value: object) -> float:
    """A number written with Thai digits, thousands separators or spaces ('๑,๒๓๔.๕' is 1234.5)."""
    if isinstance(value, bool):
        raise CellError("not_a_number", value=value)
    if isinstance(value, int | float):
        return float(value)
    text = ascii_digits(clean_text(value)).replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise CellError("not_a_number", value=value)
    return float(text)


def parse_whole_number(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise CellError("not_a_whole_number", value=value)
    return int(number)


def parse_code(value: object, digits: int) -> str:
    """An area code of ``digits`` digits; a number a spreadsheet lost its leading zero of is not one."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ascii_digits(clean_text(value)).replace(" ", "").replace("-", "")
    if not re.fullmatch(rf"\d{{{digits}}}", text):
        raise CellError("bad_code", value=value, digits=digits)
    return text


def _year(written: str) -> int:
    """A year as written: 4 digits above 2400 are Buddhist era; 2 digits are BE (58–99) or AD (00–57)."""
    year = int(written)
    if len(written) <= 2:
        year = 2500 + year if year >= 58 else 2000 + year
    return year - BUDDHIST_ERA_OFFSET if year > 2400 else year


def _checked(year: int, month: int, day: int, value: object) -> dt.date:
    today = dt.date.today()
    if not FIRST_PLAUSIBLE_YEAR <= year <= today.year + 1:
        raise CellError("implausible_year", value=value, year=year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("not_a_date", value=value) from None


def _date_part(text: str, value: object) -> tuple[dt.date, str]:
    """The date at the start of ``text`` and what follows it."""
    if match := _NUMERIC_DATE.match(text):
        first, second, third = match.groups()
        if len(first) == 4:  # 2562-02-01, 2019-02-01: year first
            return _checked(_year(first), int(second), int(third), value), text[match.end() :]
        return _checked(_year(third), int(second), int(first), value), text[match.end() :]  # day first: 1/2/62
    if (match := _NAMED_MONTH_DATE.match(text)) and (month := THAI_MONTHS.get(match.group(2).lower())):
        return _checked(_year(match.group(3)), month, int(match.group(1)), value), text[match.end() :]
    raise CellError("not_a_date", value=value)


def parse_date(value: object) -> dt.date:
    """A calendar date: '2562-02-01', '1/2/62', '1 ก.พ. 2562', '01/02/2562', '2019-02-01', an Excel serial."""
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_date(_excel_serial(value))
    text = ascii_digits(clean_text(value))
    if not text:
        raise CellError("missing")
    date, rest = _date_part(text, value)
    if rest.strip() and not _TIME.fullmatch(rest.strip(" T")):
        raise CellError("not_a_date", value=value)
    return date


def parse_month(value: object) -> dt.date:
    """The first day of a month: any date form above, or '2562-01', '01/2562', 'ม.ค. 2562'."""
    text = ascii_digits(clean_text(value)) if isinstance(value, str) else ""
    if text and (match := _MONTH_ONLY.fullmatch(text)):
        year_first, month_second, month_first, year_second, month_name, named_year = match.groups()
        if month_name is not None:
            month = THAI_MONTHS.get(month_name.lower())
            if month is None:
                raise CellError("not_a_date", value=value)
            return _checked(_year(named_year), month, 1, value)
        if year_first is not None:
            return _checked(_year(year_first), int(month_second), 1, value)
        return _checked(_year(year_second), int(month_first), 1, value)
    return parse_date(value).replace(day=1)


def parse_timestamp(value: object) -> dt.datetime:
    """A moment as naive UTC; written without an offset it is Thailand's time (ICT, UTC+7)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = _excel_serial(value)
    else:
        return _timestamp_from_text(str(value))
    _checked(moment.year, moment.month, moment.day, value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=THAILAND)
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


@lru_cache(maxsize=4096)
def _timestamp_from_text(value: str) -> dt.datetime:
    """A written moment; cached, as a network batch writes one moment for thousands of reports."""
    text = ascii_digits(clean_text(value))
    if not text:
        raise CellError("missing")
    date, rest = _date_part(text, value)
    moment = dt.datetime.combine(date, _time_of(rest.strip(" T"), value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=THAILAND)
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _time_of(text: str, value: object) -> dt.time:
    if not text:
        return dt.time(0, 0)
    match = _TIME.fullmatch(text)
    if match is None:
        raise CellError("not_a_date", value=value)
    hour, minute, second, fraction, offset = match.groups()
    zone: dt.tzinfo | None = None
    if offset:
        zone = dt.UTC if offset == "Z" else dt.timezone(_offset(offset))
    try:
        return dt.time(int(hour), int(minute), int(second or 0), int((fraction or "0").ljust(6, "0")), tzinfo=zone)
    except ValueError:
        raise CellError("not_a_date", value=value) from None


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def _excel_serial(number: float) -> dt.datetime:
    """An Excel serial day number (1900 system) as a datetime; out of any plausible range is an error."""
    if not 1 <= number < 2_958_466:
        raise CellError("not_a_date", value=number)
    return EXCEL_EPOCH + dt.timedelta(days=float(number))
