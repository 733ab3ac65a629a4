from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_date, format_time

from pipelines.core.locales import canonical_locale, locale_order
from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.dates import (
    date_formats,
    parse_date,
    parse_timestamp,
    timestamp_formats,
)

# every locale the Google Sheets UI offers (File > Settings), as the API reports it, plus bare and
# legacy codes the API also answers
SHEETS_LOCALES = list(csv.DictReader((Path(__file__).parents[3] / "fixtures" / "sheets_locales.csv").open()))

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


def test_parse_date__unknown_locale_reads_only_certain_dates_and_never_raises():
    assert parse_date("05/12/2024", "xx_XX") == Parsed(None, "DATE_ORDER_AMBIGUOUS")
    assert parse_date("24/12/2024", "xx_XX").value == D(2024, 12, 24)
    assert parse_timestamp("2024-12-05 10:00:00", "not a locale", WIB).value == dt.datetime(2024, 12, 5, 10, tzinfo=WIB)
    assert date_formats("xx_XX") == date_formats("UNKNOWN")


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
def test_locale_order__from_locale(locale, order):
    assert locale_order(locale) == order


@pytest.mark.parametrize(
    ("locale", "canonical", "order"),
    [
        ("in_ID", "id_ID", "DMY"),
        ("iw_IL", "he_IL", "DMY"),
        ("ji", "yi", "DMY"),
        ("no_NO", "nb_NO", "DMY"),
        ("en", "en", "MDY"),
        ("ja_JP", "ja_JP", "YMD"),
        ("hu_HU", "hu_HU", "YMD"),
        ("lt_LT", "lt_LT", "YMD"),
        ("ko_KR", "ko_KR", "YMD"),
        ("zh_CN", "zh_Hans_CN", "YMD"),
        ("en_CA", "en_CA", "YMD"),
    ],
)
def test_locale_order__google_codes_through_cldr(locale, canonical, order):
    assert (canonical_locale(locale), locale_order(locale)) == (canonical, order)


@pytest.mark.parametrize("locale", ["xx_XX", "", "  ", "123", "en_US_POSIX_x", "ü"], ids=repr)
def test_locale_order__unknown_is_none_not_an_error(locale):
    assert locale_order(locale) is None


@pytest.mark.parametrize("row", SHEETS_LOCALES, ids=lambda row: row["locale"])
def test_sheets_locale__dates_as_cldr_shows_them_read_back(row):
    locale = row["locale"]
    assert locale_order(locale) is not None
    canonical = canonical_locale(locale)
    # the locale's short numeric date with a four-digit year, as sheets shows form dates
    pattern = re.sub(r"(?<!y)y{1,2}(?!y)", "yyyy", Locale.parse(canonical).date_formats["short"].pattern)
    for day in (D(2026, 11, 24), D(2026, 3, 5)):
        text = format_date(day, pattern, locale=canonical)
        assert parse_date(text, locale).value == day, text
        moment = parse_timestamp(f"{text} 10:15:03", locale, WIB).value
        assert moment == dt.datetime.combine(day, dt.time(10, 15, 3), WIB), text


MOMENTS = [dt.datetime(2026, 11, 5, hour, 15, 3, tzinfo=WIB) for hour in (0, 9, 12, 15)]


def cldr_timestamp(moment: dt.datetime, locale: str) -> str:
    """A moment in the locale's short date (four-digit year) and medium time, AM/PM words and all."""
    cldr = Locale.parse(canonical_locale(locale))
    pattern = re.sub(r"(?<!y)y{1,2}(?!y)", "yyyy", cldr.date_formats["short"].pattern)
    return (
        f"{format_date(moment, pattern, locale=cldr)} {format_time(moment, cldr.time_formats['medium'], locale=cldr)}"
    )


def test_sheets_locales__timestamps_with_cldr_times_read_back_or_are_rejected_never_misread():
    unread = set()
    for locale in (row["locale"] for row in SHEETS_LOCALES):
        for moment in MOMENTS:
            text = cldr_timestamp(moment, locale)
            value = parse_timestamp(text, locale, WIB).value
            assert value in (None, moment), text
            if value is None:
                unread.add(locale)
    # fr_CA writes "15 h 15 min 03 s"; zh_TW's noon and small hours are words beyond AM/PM (中午, 凌晨)
    assert unread == {"fr_CA", "zh_TW"}


def test_parse_timestamp__the_locale_s_own_am_pm_words():
    assert parse_timestamp("2026. 11. 5. 오후 3:15:03", "ko_KR", WIB).value == MOMENTS[3]
    assert parse_timestamp("2026/11/5 下午3:15:03", "zh_TW", WIB).value == MOMENTS[3]
    assert parse_timestamp("5/11/2026 3:15:03 p. m.", "es_CO", WIB).value == MOMENTS[3]
    assert parse_timestamp("5/11/2026 9:15:03 PG", "ms_MY", WIB).value == MOMENTS[1]
    # another locale's word is not this one's
    assert parse_timestamp("5/11/2026 3:15:03 PTG", "id_ID", WIB).value is None


def test_sheets_locales__cover_the_ui_list():
    ui = [row for row in SHEETS_LOCALES if row["sheets_ui_name"]]
    orders = Counter(locale_order(row["locale"]) for row in ui)
    assert len(ui) == 72
    assert orders == {"DMY": 60, "YMD": 10, "MDY": 2}


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        pytest.param("2026/11/24", "YMD", D(2026, 11, 24), id="year_first"),
        pytest.param("2026. 11. 24.", "YMD", D(2026, 11, 24), id="year_first_trailing_dot"),
        pytest.param("24/11/2026", "YMD", D(2026, 11, 24), id="day_first_only_one_reading"),
        pytest.param("11/24/2026", "UNKNOWN", D(2026, 11, 24), id="month_first_only_one_reading"),
        pytest.param("05/05/2026", "UNKNOWN", D(2026, 5, 5), id="both_orders_agree"),
    ],
)
def test_parse_date__year_first_or_unknown_order_reads_only_the_certain(text, order, expected):
    assert parse_date(text, order).value == expected


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        pytest.param("05/06/2026", "ja_JP", id="day_month_in_year_first_locale"),
        pytest.param("05/06/2026", "UNKNOWN", id="day_month_in_unknown_order"),
        pytest.param("26/11/24", "ko_KR", id="two_digit_year_may_be_year_first"),
    ],
)
def test_parse_date__ambiguous_order_is_rejected(text, locale):
    assert parse_date(text, locale) == Parsed(None, "DATE_ORDER_AMBIGUOUS")


@pytest.mark.parametrize("locale", ["ja_JP", "UNKNOWN"])
def test_date_formats__year_first_offer_no_day_month_format(locale):
    assert not any(fmt.startswith(("%d", "%m")) for fmt in date_formats(locale) + timestamp_formats(locale))


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
