from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.dates import (
    date_formats,
    date_order,
    parse_date,
    parse_timestamp,
    timestamp_formats,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
D = dt.date


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        pytest.param("5 Desember 2024", "id_ID", D(2024, 12, 5), id="indonesian_month_name"),
        pytest.param("5 Des 2024", "id_ID", D(2024, 12, 5), id="indonesian_month_abbreviation"),
        pytest.param("17 Agustus 1945", "id_ID", D(1945, 8, 17), id="agustus"),
        pytest.param("17 Agt 2024", "id_ID", D(2024, 8, 17), id="agt"),
        pytest.param("17 Agu 2024", "id_ID", D(2024, 8, 17), id="agu"),
        pytest.param("17 Agus 2024", "id_ID", D(2024, 8, 17), id="agus"),
        pytest.param("1 Mei 2025", "id_ID", D(2025, 5, 1), id="mei"),
        pytest.param("3 Okt. 2025", "id_ID", D(2025, 10, 3), id="okt_with_dot"),
        pytest.param("9 Sept 2025", "id_ID", D(2025, 9, 9), id="sept"),
        pytest.param("Kamis, 5 Desember 2024", "id_ID", D(2024, 12, 5), id="day_name_prefix"),
        pytest.param("Jumat 6 Des 2024", "id_ID", D(2024, 12, 6), id="day_name_without_comma"),
        pytest.param("December 5, 2024", "id_ID", D(2024, 12, 5), id="english_month_first"),
        pytest.param("5th December 2024", "en_GB", D(2024, 12, 5), id="english_ordinal"),
        pytest.param("05-Dec-2024", "en_US", D(2024, 12, 5), id="dashed_month_abbreviation"),
        pytest.param("5 DESEMBER 2024", "id_ID", D(2024, 12, 5), id="upper_case"),
        pytest.param("  5   Desember   2024 ", "id_ID", D(2024, 12, 5), id="extra_spaces"),
        pytest.param("05-12-2024", "id_ID", D(2024, 12, 5), id="dashes_day_first"),
        pytest.param("05/12/2024", "id_ID", D(2024, 12, 5), id="slashes_day_first"),
        pytest.param("05.12.2024", "id_ID", D(2024, 12, 5), id="dots_day_first"),
        pytest.param("5/1/2024", "id_ID", D(2024, 1, 5), id="no_zero_padding"),
        pytest.param("05/12/2024", "en_US", D(2024, 5, 12), id="slashes_month_first_en_us"),
        pytest.param("05/12/2024", "en_GB", D(2024, 12, 5), id="slashes_day_first_en_gb"),
        pytest.param("05/12/2024", "en_AU", D(2024, 12, 5), id="slashes_day_first_en_au"),
        pytest.param("2024-12-05", "id_ID", D(2024, 12, 5), id="iso"),
        pytest.param("2024-12-05", "en_US", D(2024, 12, 5), id="iso_any_locale"),
        pytest.param("2024/12/05", "en_US", D(2024, 12, 5), id="year_first_slashes"),
        pytest.param("05/12/24", "id_ID", D(2024, 12, 5), id="two_digit_year_recent"),
        pytest.param("05/12/75", "id_ID", D(1975, 12, 5), id="two_digit_year_last_century"),
        pytest.param("5 Des 88", "id_ID", D(1988, 12, 5), id="two_digit_year_with_month_name"),
        pytest.param("45631", "id_ID", D(2024, 12, 5), id="sheets_serial"),
        pytest.param("45631.0", "en_US", D(2024, 12, 5), id="sheets_serial_float"),
        pytest.param("45631.75", "id_ID", D(2024, 12, 5), id="sheets_serial_with_time"),
        pytest.param("2024-12-05 00:00:00", "id_ID", D(2024, 12, 5), id="midnight_time_ignored"),
        pytest.param("05/12/2024 0.00.00", "id_ID", D(2024, 12, 5), id="indonesian_midnight_ignored"),
        pytest.param("29/02/2024", "id_ID", D(2024, 2, 29), id="leap_day"),
        pytest.param("５/１２/２０２４", "id_ID", D(2024, 12, 5), id="fullwidth_digits"),
    ],
)
def test_parse_date__reads(text, locale, expected):
    result = parse_date(text, locale)
    assert result.value == expected, result
    assert result.reason is None


@pytest.mark.parametrize(
    ("text", "locale", "reason"),
    [
        pytest.param("24/11/2026", "en_US", "DATE_LOCALE_MISMATCH", id="day_first_in_en_us"),
        pytest.param("11/24/2026", "id_ID", "DATE_LOCALE_MISMATCH", id="month_first_in_id_id"),
        pytest.param("12-25-2024", "en_GB", "DATE_LOCALE_MISMATCH", id="month_first_dashes_in_en_gb"),
        pytest.param("31/02/2024", "id_ID", "DATE_UNPARSEABLE", id="impossible_day"),
        pytest.param("32/13/2024", "id_ID", "DATE_UNPARSEABLE", id="impossible_both_ways"),
        pytest.param("29/02/2023", "id_ID", "DATE_UNPARSEABLE", id="no_leap_day"),
        pytest.param("kemarin", "id_ID", "DATE_RELATIVE", id="kemarin"),
        pytest.param("hari ini", "id_ID", "DATE_RELATIVE", id="hari_ini"),
        pytest.param("besok", "id_ID", "DATE_RELATIVE", id="besok"),
        pytest.param("2 hari yang lalu", "id_ID", "DATE_RELATIVE", id="days_ago"),
        pytest.param("yesterday", "en_US", "DATE_RELATIVE", id="yesterday"),
        pytest.param("5 Desember 1850", "id_ID", "DATE_OUT_OF_RANGE", id="year_before_1900"),
        pytest.param("01/01/2150", "id_ID", "DATE_OUT_OF_RANGE", id="year_after_2100"),
        pytest.param("99999", "id_ID", "DATE_OUT_OF_RANGE", id="serial_after_2100"),
        pytest.param("1985", "id_ID", "DATE_UNPARSEABLE", id="bare_year_is_not_a_serial"),
        pytest.param("20241205", "id_ID", "DATE_UNPARSEABLE", id="eight_digits"),
        pytest.param("5 Desember", "id_ID", "DATE_UNPARSEABLE", id="missing_year"),
        pytest.param("Desember 2024", "id_ID", "DATE_UNPARSEABLE", id="missing_day"),
        pytest.param("05/12/202", "id_ID", "DATE_UNPARSEABLE", id="three_digit_year"),
        pytest.param("tidak tahu", "id_ID", "DATE_UNPARSEABLE", id="words"),
        pytest.param("5 Dezember 2024", "id_ID", "DATE_UNPARSEABLE", id="german_month"),
        pytest.param("x" * 500, "id_ID", "DATE_UNPARSEABLE", id="very_long"),
    ],
)
def test_parse_date__rejects(text, locale, reason):
    assert parse_date(text, locale) == Parsed(None, reason)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "-", "—", "?", "..."], ids=repr)
def test_parse_date__blank_is_nothing(text):
    assert parse_date(text, "id_ID") == Parsed(None, None)


def test_parse_date__unknown_locale_raises():
    with pytest.raises(ValueError, match="xx_XX"):
        parse_date("05/12/2024", "xx_XX")


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("id_ID", "DMY"),
        ("id-id", "DMY"),
        ("en_GB", "DMY"),
        ("en_US", "MDY"),
        ("en-US", "MDY"),
        ("en_PH", "MDY"),
    ],
)
def test_date_order__from_locale(locale, order):
    assert date_order(locale) == order


def test_parse_date__two_digit_year_pivot_follows_this_year():
    pivot = dt.date.today().year % 100 + 10
    assert parse_date(f"01/01/{pivot:02d}", "id_ID").value == D(2000 + pivot, 1, 1)
    assert parse_date(f"01/01/{pivot + 1:02d}", "id_ID").value == D(1900 + pivot + 1, 1, 1)


@pytest.mark.parametrize(
    ("text", "locale", "tz", "expected"),
    [
        pytest.param(
            "24/11/2026 10:15:03",
            "id_ID",
            WIB,
            dt.datetime(2026, 11, 24, 10, 15, 3, tzinfo=WIB),
            id="id_id_colons",
        ),
        pytest.param(
            "24/11/2026 10.15.03",
            "id_ID",
            WIB,
            dt.datetime(2026, 11, 24, 10, 15, 3, tzinfo=WIB),
            id="id_id_dots",
        ),
        pytest.param(
            "11/24/2026 10:15:03",
            "en_US",
            WITA,
            dt.datetime(2026, 11, 24, 10, 15, 3, tzinfo=WITA),
            id="en_us_month_first",
        ),
        pytest.param(
            "11/24/2026 1:15:03 PM",
            "en_US",
            WIT,
            dt.datetime(2026, 11, 24, 13, 15, 3, tzinfo=WIT),
            id="en_us_pm",
        ),
        pytest.param(
            "2026-11-24 10:15:03",
            "id_ID",
            WIB,
            dt.datetime(2026, 11, 24, 10, 15, 3, tzinfo=WIB),
            id="iso_space",
        ),
        pytest.param("2026-11-24T10:15:03", "en_US", WIB, dt.datetime(2026, 11, 24, 10, 15, 3, tzinfo=WIB), id="iso_t"),
        pytest.param("24/11/2026 9:05", "id_ID", WIB, dt.datetime(2026, 11, 24, 9, 5, tzinfo=WIB), id="no_seconds"),
        pytest.param(
            "5 Desember 2024 pukul 10.15",
            "id_ID",
            WIB,
            dt.datetime(2024, 12, 5, 10, 15, tzinfo=WIB),
            id="month_name_and_pukul",
        ),
        pytest.param("46350.5", "id_ID", WITA, dt.datetime(2026, 11, 24, 12, 0, tzinfo=WITA), id="serial_half_day"),
        pytest.param(
            "46350.427",
            "id_ID",
            WIB,
            dt.datetime(2026, 11, 24, 10, 14, 52, 800000, tzinfo=WIB),
            id="serial_fraction",
        ),
    ],
)
def test_parse_timestamp__reads(text, locale, tz, expected):
    result = parse_timestamp(text, locale, tz)
    assert result.value == expected, result
    assert result.value.tzinfo is tz


@pytest.mark.parametrize(
    ("text", "offset_hours"),
    [
        pytest.param("2026-11-24T10:15:03+08:00", 8, id="iso_offset"),
        pytest.param("2026-11-24T10:15:03.123Z", 0, id="zulu_with_fraction"),
        pytest.param("2026-11-24 10:15:03 +0900", 9, id="compact_offset"),
        pytest.param("24/11/2026 10:15 WITA", 8, id="wita_word"),
        pytest.param("24/11/2026 10:15 WIT", 9, id="wit_word"),
    ],
)
def test_parse_timestamp__explicit_zone_is_kept(text, offset_hours):
    result = parse_timestamp(text, "id_ID", WIB)
    assert result.value.utcoffset() == dt.timedelta(hours=offset_hours)
    assert result.value.replace(tzinfo=None).hour == 10


@pytest.mark.parametrize(
    ("text", "locale", "reason"),
    [
        pytest.param("24/11/2026 10:15:03", "en_US", "DATE_LOCALE_MISMATCH", id="day_first_in_en_us"),
        pytest.param("24/11/2026", "id_ID", "TIMESTAMP_UNPARSEABLE", id="date_without_time"),
        pytest.param("24/11/2026 25:00:00", "id_ID", "TIMESTAMP_UNPARSEABLE", id="impossible_hour"),
        pytest.param("24/11/2026 13:00 PM", "id_ID", "TIMESTAMP_UNPARSEABLE", id="thirteen_pm"),
        pytest.param("2026-11-24T10:15:03+16:00", "id_ID", "TIMESTAMP_UNPARSEABLE", id="impossible_offset"),
        pytest.param("31/02/2026 10:00:00", "id_ID", "TIMESTAMP_UNPARSEABLE", id="impossible_date"),
        pytest.param("01/01/1800 10:00:00", "id_ID", "DATE_OUT_OF_RANGE", id="old_date"),
        pytest.param("kemarin", "id_ID", "DATE_RELATIVE", id="relative"),
        pytest.param("kemarin 10.00", "id_ID", "DATE_RELATIVE", id="relative_with_time"),
        pytest.param("cap waktu", "id_ID", "TIMESTAMP_UNPARSEABLE", id="header_text"),
    ],
)
def test_parse_timestamp__rejects(text, locale, reason):
    assert parse_timestamp(text, locale, WIB) == Parsed(None, reason)


def test_parse_timestamp__blank_is_nothing():
    assert parse_timestamp("  ", "id_ID", WIB) == Parsed(None, None)


@pytest.mark.parametrize(
    ("locale", "first_day_month"), [("id_ID", "%d/%m/%Y"), ("en_GB", "%d/%m/%Y"), ("en_US", "%m/%d/%Y")]
)
def test_date_formats__follow_locale_and_never_offer_the_other_order(locale, first_day_month):
    formats = date_formats(locale)
    assert formats[0] == "%Y-%m-%d"
    assert first_day_month in formats
    other = "%m/%d/%Y" if first_day_month == "%d/%m/%Y" else "%d/%m/%Y"
    assert other not in formats
    assert not any("%y" in f for f in formats + timestamp_formats(locale))


@pytest.mark.parametrize("locale", ["id_ID", "en_US"])
def test_timestamp_formats__agree_with_parse_timestamp(locale):
    moment = dt.datetime(2026, 11, 24, 10, 15, 3)
    for fmt in timestamp_formats(locale):
        text = moment.strftime(fmt)
        expected = moment if "%S" in fmt else moment.replace(second=0)
        assert parse_timestamp(text, locale, WIB).value == expected.replace(tzinfo=WIB), fmt
