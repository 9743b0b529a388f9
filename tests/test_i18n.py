"""Thai and English formatting: one module, one set of rules, Buddhist-era dates in Thai."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from dashboard.i18n import (
    DATE_STYLES,
    STRINGS,
    area_name,
    format_date,
    format_datetime,
    format_month,
    format_number,
    format_pct,
    name_column,
    t,
)


def test_dates_in_thai_use_the_buddhist_era_and_thai_months():
    assert format_date(dt.date(2019, 2, 1), "th") == "1 ก.พ. 2562"
    assert format_date(dt.date(2019, 2, 1), "en") == "1 Feb 2019"
    assert format_date(None, "th") == "–"


def test_times_carry_the_thai_suffix():
    moment = dt.datetime(2019, 2, 1, 14, 5)
    assert format_datetime(moment, "th") == "1 ก.พ. 2562 14:05 น."
    assert format_datetime(moment, "en") == "1 Feb 2019 14:05"
    assert format_datetime(None, "en") == "–"


def test_months_for_slider_marks_across_a_year_boundary():
    assert format_month(dt.date(2018, 12, 1), "th") == "ธ.ค. 61"
    assert format_month(dt.date(2019, 1, 1), "th") == "ม.ค. 62"
    assert format_month(dt.date(2019, 1, 1), "en") == "Jan 19"


def test_the_wall_clock_gets_the_same_date_rules():
    assert DATE_STYLES["th"].year_offset == 543 and DATE_STYLES["en"].year_offset == 0
    assert DATE_STYLES["th"].months[1] == "ก.พ." and DATE_STYLES["th"].time_suffix == " น."


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567, "1,234,567"), (0, "0"), (None, "–"), (float("nan"), "–"), (24700.0, "24,700")],
)
def test_numbers_with_thousands_separators(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("value", "text"), [(42.57, "42.6%"), (100.0, "100.0%"), (None, "–"), (float("nan"), "–")])
def test_shares_have_one_decimal_and_no_share_is_a_dash(value, text):
    assert format_pct(value) == text


def test_area_names_follow_the_language():
    area = SimpleNamespace(name_th="สุราษฎร์ธานี", name_en="Surat Thani")
    assert area_name(area, "th") == "สุราษฎร์ธานี" and area_name(area, "en") == "Surat Thani"
    assert name_column("th") == "name_th" and name_column("en") == "name_en"


def test_every_string_has_both_languages_and_placeholders_fill():
    assert all(thai and english for thai, english in STRINGS.values())
    assert t("ticket_sla", "en", days=3) == "SLA 3 days"
    assert t("ticket_sla", "th", days=3) == "กำหนดเสร็จภายใน 3 วัน"
