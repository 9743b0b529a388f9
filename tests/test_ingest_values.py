"""Cells as Thai offices write them: dates in Buddhist era and Gregorian, Thai digits, separators."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.kinds.people import parse_session_status
from ingest.kinds.status import parse_state
from ingest.messages import CellError
from ingest.values import clean_text, parse_date, parse_month, parse_number, parse_timestamp


@pytest.mark.parametrize(
    "written",
    ["2562-02-01", "1/2/62", "1 ก.พ. 2562", "01/02/2562", "๐๑/๐๒/๒๕๖๒", "1 กุมภาพันธ์ 2562", "2019-02-01", "1/2/2019"],
)
def test_every_date_form_is_the_same_day(written: str) -> None:
    assert parse_date(written) == dt.date(2019, 2, 1)


def test_an_excel_serial_date_is_read() -> None:
    assert parse_date(43497.0) == dt.date(2019, 2, 1)


@pytest.mark.parametrize("written", ["1/2/2462", "2262-04-12", "1/2/1919", "3000-01-01"])
def test_an_implausible_year_is_an_error_never_a_silent_date(written: str) -> None:
    with pytest.raises(CellError) as error:
        parse_date(written)
    assert error.value.reason.code == "implausible_year"


@pytest.mark.parametrize("written", ["31/02/2562", "ก.พ. 2562", "yesterday", "2562-13-01"])
def test_a_malformed_date_says_so(written: str) -> None:
    with pytest.raises(CellError) as error:
        parse_date(written)
    assert error.value.reason.code == "not_a_date"
    assert written in error.value.reason.th and written in error.value.reason.en


def test_a_time_without_an_offset_is_thai_time_stored_as_utc() -> None:
    assert parse_timestamp("2562-04-01 07:05") == dt.datetime(2019, 4, 1, 0, 5)
    assert parse_timestamp("2019-04-01T07:05:00+07:00") == dt.datetime(2019, 4, 1, 0, 5)
    assert parse_timestamp("2019-04-01T00:05:00Z") == dt.datetime(2019, 4, 1, 0, 5)


@pytest.mark.parametrize("written", ["ม.ค. 2562", "2562-01", "01/2562", "15/1/62", "2019-01"])
def test_months_in_the_forms_of_monthly_reports(written: str) -> None:
    assert parse_month(written) == dt.date(2019, 1, 1)


def test_numbers_with_thai_digits_separators_and_invisible_spaces() -> None:
    assert parse_number("๑,๒๓๔.๕") == 1234.5
    assert parse_number(" 1\u200b204 ") == 1204
    with pytest.raises(CellError):
        parse_number("12 Mbps")


def test_text_loses_zero_width_and_stray_spaces() -> None:
    assert clean_text("\ufeffบ้าน\u200bหนองบัว\u00a0 ") == "บ้านหนองบัว"


def test_status_words_in_thai_or_english_any_case_and_an_unknown_one_named() -> None:
    assert [parse_state(word) for word in ("UP", " ขัดข้อง ", "0")] == ["online", "offline", "offline"]
    assert parse_session_status("ยกเลิก") == "cancelled"
    with pytest.raises(CellError) as refused:
        parse_session_status("postponed")
    assert refused.value.reason.code == "unknown_value" and "allowed: scheduled, cancelled" in str(refused.value)
