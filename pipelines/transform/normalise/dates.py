"""Dates and Google Forms timestamps as Indonesian offices' spreadsheets show them."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Literal
from zoneinfo import ZoneInfo

from pipelines.core.locales import ORDERS, Order, canonical_locale, locale_order
from pipelines.transform.normalise.base import Parsed

MIN_YEAR = 1900
MAX_YEAR = 2100

# google sheets serial numbers count days from this epoch (the time of day is the fraction)
SHEETS_EPOCH = dt.datetime(1899, 12, 30)
# only five-digit serials: 10000 is 1927-05-18; a bare number of four digits or fewer reads as a year
# or a typo, never as a date
_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")

MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "agus": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

DAY_NAMES = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
)  # fmt: skip

# words that make a date relative to "now": rejected, a report must carry its own date
RELATIVE_WORDS = (
    "kemarin", "kemaren", "hari ini", "besok", "lusa", "sekarang", "lalu", "yang lalu", "depan",
    "yesterday", "today", "tomorrow", "now", "ago", "last", "next",
)  # fmt: skip

# explicit zone abbreviations an office may type after a time
ZONE_ABBREVIATIONS = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}

_MAX_LEN = 80
_DAY_NAME = "|".join(sorted((re.escape(d) for d in DAY_NAMES), key=len, reverse=True))
_DAY_PREFIX = re.compile(rf"^(?:{_DAY_NAME})\b[\s,.]*")
# a trailing dot ends year-first dates in hu_HU and ko_KR ("2026. 11. 24.")
_NUMERIC = re.compile(r"(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?")
_NUMERIC_SPACED = re.compile(r"(\d{1,2})\s+(\d{1,2})\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z']+)\.?[\s\-/.,]*(\d{2}|\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z']+)\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?[\s,.]+(\d{2}|\d{4})")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_RELATIVE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in RELATIVE_WORDS) + r")\b")
_TIME = re.compile(
    r"(?P<rest>.*?)[\st,]+(?:pukul\s+|jam\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"\s*(?P<ampm>am|pm)?\s*(?P<zone>z|utc|gmt|[+-]\d{2}(?::?\d{2})?|wib|wita|wit|(?:utc|gmt)\s*[+-]\d{1,2}(?::?\d{2})?)?"
)


def date_formats(locale: str) -> list[str]:
    """Strptime formats for the set-based path in SQL, tried in order, for dates of this locale.

    Two-digit years (`%y`) are left out on purpose: DuckDB pivots them at 69 while `parse_date` pivots
    at (this year + 10), so those rows go to Python. DuckDB's `%Y` also reads "24" as the year 24, so
    the SQL must keep only years in `MIN_YEAR..MAX_YEAR` and send the rest to `parse_date`.
    A year-first locale (or an unknown order or locale) gets only year-first formats: its other numeric dates
    go to `parse_date`, which reads them only when one order is possible.
    """
    day_month = _day_month_format(locale)
    if day_month is None:
        return ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
    dashed = day_month.replace("/", "-")
    dotted = day_month.replace("/", ".")
    return ["%Y-%m-%d", day_month, dashed, dotted, "%Y/%m/%d"]


def timestamp_formats(locale: str) -> list[str]:
    """Strptime formats for Google Forms timestamps of this locale (see `date_formats` for caveats)."""
    day_month = _day_month_format(locale)
    formats = []
    for date_part in ("%Y-%m-%d", day_month or "%Y/%m/%d"):
        formats += [f"{date_part} %H:%M:%S", f"{date_part} %H.%M.%S", f"{date_part} %H:%M"]
    return formats + ["%Y-%m-%dT%H:%M:%S"]


def _order_or_unknown(locale: str) -> Order:
    return locale_order(locale) or "UNKNOWN"


def _day_month_format(locale: str) -> str | None:
    order = _order_or_unknown(locale)
    return {"DMY": "%d/%m/%Y", "MDY": "%m/%d/%Y"}.get(order)


def parse_date(text: str, locale: str) -> Parsed[dt.date]:
    """Read a calendar date as people and spreadsheets write it.

    Accepts ISO dates, numeric dates in the locale's order (`/`, `-`, `.` or spaces), Indonesian and
    English month names and abbreviations with an optional day name ("Kamis, 5 Des 2024"), and
    five-digit Google Sheets serial numbers. Two-digit years pivot: yy <= (this year % 100) + 10 is
    20yy, otherwise 19yy. A trailing time of day is ignored.

    Args:
        text: the cell as shown.
        locale: the source spreadsheet's locale, e.g. "id_ID" or Google's "in_ID", or an order (see
            `locale_order`); decides 05/06/2024. In a year-first locale (ja_JP) or an unknown order a
            day-month date is read only when one order is possible (24/11/2026, not 05/06/2024).

    Returns:
        `Parsed(date)`; `Parsed(None, None)` for blank text or text with no letter or digit;
        otherwise a reason: DATE_LOCALE_MISMATCH (a valid date only in the other day/month order,
        e.g. 24/11/2026 from an en_US sheet), DATE_ORDER_AMBIGUOUS (valid in both orders in a sheet
        whose order says neither), DATE_RELATIVE ("kemarin"), DATE_OUT_OF_RANGE (year before 1900 or
        after 2100), DATE_UNPARSEABLE.

    A locale CLDR does not know reads as the order "UNKNOWN" (only certain dates), never an error.
    """
    order = _order_or_unknown(locale)
    if _is_blank(text):
        return Parsed(None, None)
    return _parse_date_cached(_fold(text), order, _pivot())


def parse_timestamp(text: str, locale: str, tz: ZoneInfo) -> Parsed[dt.datetime]:
    """Read a Google Forms timestamp into an aware datetime.

    Accepts the date forms of `parse_date` followed by a time with ":" or "." separators (Indonesian
    sheets show 10.15.03), optional seconds, fraction and AM/PM, ISO "T" forms, and serial numbers
    with a day fraction (46350.427). A time without an explicit zone is taken in `tz`; an explicit
    offset ("+08:00", "Z") or zone word (WIB, WITA, WIT) is kept as written.

    Args:
        text: the cell as shown.
        locale: the source spreadsheet's locale.
        tz: the zone for times written without one, normally the spreadsheet's (the office's) zone.

    Returns:
        `Parsed(datetime)`; `Parsed(None, None)` for blank text; else a reason: the date reasons of
        `parse_date`, or TIMESTAMP_UNPARSEABLE (no time of day, an impossible time, or unreadable).

    A locale CLDR does not know reads as the order "UNKNOWN" (only certain dates), never an error.
    """
    order = _order_or_unknown(locale)
    if _is_blank(text):
        return Parsed(None, None)
    naive = _parse_timestamp_cached(_with_day_period(_fold(text), locale), order, _pivot())
    if naive.value is None:
        return naive
    moment, zone = naive.value
    return naive._replace(value=moment.replace(tzinfo=zone or tz))


def _with_day_period(text: str, locale: str) -> str:
    """The text with the locale's own AM/PM word (CLDR's: 오후, 下午, p. m., م) as "am"/"pm" after the time."""
    for marker, period in _day_period_markers(locale):
        found = marker.search(text)
        if found:
            return f"{text[: found.start()]} {text[found.end() :]} {period}"
    return text


@functools.lru_cache(maxsize=256)
def _day_period_markers(locale: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """CLDR's AM and PM words of a locale, folded, longest first; English "am"/"pm" are read as they are."""
    from babel import Locale

    canonical = None if locale in ORDERS else canonical_locale(locale)
    if canonical is None:
        return ()
    words = {}
    for width in Locale.parse(canonical).day_periods.get("format", {}).values():
        for period in ("am", "pm"):
            word = _fold(width.get(period) or "")
            # english's one-letter "a" and "p" are too easily part of something else
            if word and not (len(word) == 1 and word.isascii()) and word not in ("am", "pm"):
                words[word] = period
    # a word stands alone: no letter right before or after it (a digit may touch it, as in 下午3:15)
    return tuple(
        (re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])"), period)
        for word, period in sorted(words.items(), key=lambda item: -len(item[0]))
    )


def _pivot() -> int:
    return dt.date.today().year % 100 + 10


def _is_blank(text: str | None) -> bool:
    return not text or not any(ch.isalnum() for ch in text)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    # format characters (the right-to-left marks CLDR puts in Arabic dates) carry no meaning here
    if not folded.isascii():
        folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(folded.replace("\u2019", "'").split())


@functools.lru_cache(maxsize=8192)
def _parse_date_cached(text: str, order: Order, pivot: int) -> Parsed[dt.date]:
    if len(text) > _MAX_LEN:
        return Parsed(None, "DATE_UNPARSEABLE")
    if _RELATIVE.search(text):
        return Parsed(None, "DATE_RELATIVE")
    serial = _SERIAL.fullmatch(text)
    if serial:
        return _date_of(_from_serial(serial))
    text = _strip_time(_DAY_PREFIX.sub("", text))
    for reader in (_read_numeric, _read_month_name):
        result = reader(text, order, pivot)
        if result is not None:
            return _check_range(result)
    # dateparser is slow; it only runs on text with a word and a four-digit year, since that is all
    # its result is trusted for below
    if any(ch.isalpha() for ch in text) and _FOUR_DIGITS.search(text):
        return _check_range(_read_with_dateparser(text, order))
    return Parsed(None, "DATE_UNPARSEABLE")


def _date_of(result: Parsed[dt.datetime]) -> Parsed[dt.date]:
    return result._replace(value=result.value.date()) if result.value else result


def _strip_time(text: str) -> str:
    match = _TIME.fullmatch(text)
    return match.group("rest") if match else text


def _from_serial(match: re.Match[str]) -> Parsed[dt.datetime]:
    days = float(match.group(0).replace(",", "."))
    moment = SHEETS_EPOCH + dt.timedelta(days=days)
    # sheets keeps milliseconds; float noise below that is rounded away
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6, 3))
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return Parsed(None, "DATE_OUT_OF_RANGE")
    return Parsed(moment, None, "serial")


def _year(digits: str, pivot: int) -> int | None:
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        yy = int(digits)
        return 2000 + yy if yy <= pivot else 1900 + yy
    return None


def _make(year: int | None, month: int, day: int, method: str) -> Parsed[dt.date] | None:
    if year is None:
        return None
    try:
        return Parsed(dt.date(year, month, day), None, method)
    except ValueError:
        return None


def _read_numeric(text: str, order: Order, pivot: int) -> Parsed[dt.date] | None:
    match = _NUMERIC.fullmatch(text)
    if match:
        first, _, second, last = match.groups()
    else:
        match = _NUMERIC_SPACED.fullmatch(text)
        if not match:
            return None
        first, second, last = match.groups()
    if len(first) == 4:
        return _make(int(first), int(second), int(last), "iso") or Parsed(None, "DATE_UNPARSEABLE")
    year = _year(last, pivot)
    if year is None or len(first) > 2:
        return Parsed(None, "DATE_UNPARSEABLE")
    a, b = int(first), int(second)
    if order in ("YMD", "UNKNOWN"):
        return _read_either_order(a, b, year, len(last) == 4)
    day, month = (a, b) if order == "DMY" else (b, a)
    found = _make(year, month, day, "numeric")
    if found:
        return found
    if _make(year, day, month, "numeric"):
        # valid only in the other order: the declared locale or the row is wrong, never swap
        return Parsed(None, "DATE_LOCALE_MISMATCH")
    return Parsed(None, "DATE_UNPARSEABLE")


def _read_either_order(a: int, b: int, year: int, four_digit_year: bool) -> Parsed[dt.date]:
    """A day-month date in a sheet whose order says neither: read only when one order is possible."""
    # with a two-digit year, "26/11/24" may also be year-first (yy/mm/dd)
    if not four_digit_year:
        return Parsed(None, "DATE_ORDER_AMBIGUOUS")
    readings = {p.value for p in (_make(year, b, a, "numeric"), _make(year, a, b, "numeric")) if p}
    if len(readings) == 1:
        return Parsed(readings.pop(), None, "numeric")
    return Parsed(None, "DATE_ORDER_AMBIGUOUS" if readings else "DATE_UNPARSEABLE")


def _read_month_name(text: str, order: Order, pivot: int) -> Parsed[dt.date] | None:
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match:
        day, month_word, year = match.groups()
    else:
        match = _MONTH_DAY_YEAR.fullmatch(text)
        if not match:
            return None
        month_word, day, year = match.groups()
    month = MONTHS.get(month_word.rstrip("."))
    if month is None:
        return None
    return _make(_year(year, pivot), month, int(day), "month_name") or Parsed(None, "DATE_UNPARSEABLE")


@functools.lru_cache(maxsize=2)
def _date_parser(order: Order):
    # imported late: dateparser costs about a second to import and most rows never need it
    from dateparser.date import DateDataParser

    settings = {
        "DATE_ORDER": "YMD" if order == "UNKNOWN" else order,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": True,
        # no "relative-time" (kemarin) and no "timestamp" (epoch seconds): neither is a written date
        "PARSERS": ["absolute-time"],
    }
    return DateDataParser(languages=["id", "en"], settings=settings)


def _read_with_dateparser(text: str, order: Order) -> Parsed[dt.date]:
    try:
        found = _date_parser(order).get_date_data(text).date_obj
    except (ValueError, OverflowError, TypeError):
        found = None
    # only trust a result whose four-digit year is written in the text: dateparser pivots two-digit
    # years its own way and may take numbers from elsewhere in free text
    if found is None or str(found.year) not in _FOUR_DIGITS.findall(text):
        return Parsed(None, "DATE_UNPARSEABLE")
    return Parsed(found.date(), None, "dateparser")


def _check_range(result: Parsed[dt.date]) -> Parsed[dt.date]:
    if result.value is not None and not MIN_YEAR <= result.value.year <= MAX_YEAR:
        return Parsed(None, "DATE_OUT_OF_RANGE")
    return result


@functools.lru_cache(maxsize=8192)
def _parse_timestamp_cached(text: str, order: Order, pivot: int) -> Parsed[tuple[dt.datetime, dt.tzinfo | None]]:
    if len(text) > _MAX_LEN:
        return Parsed(None, "TIMESTAMP_UNPARSEABLE")
    serial = _SERIAL.fullmatch(text)
    if serial:
        moment = _from_serial(serial)
        return moment._replace(value=(moment.value, None)) if moment.value else moment
    match = _TIME.fullmatch(text)
    if not match:
        relative = _RELATIVE.search(text)
        return Parsed(None, "DATE_RELATIVE" if relative else "TIMESTAMP_UNPARSEABLE")
    day = _parse_date_cached(match.group("rest"), order, pivot)
    if day.value is None:
        return Parsed(None, "TIMESTAMP_UNPARSEABLE" if day.reason == "DATE_UNPARSEABLE" else day.reason)
    clock = _clock(match)
    zone = _zone(match.group("zone"))
    if clock is None or zone is False:
        return Parsed(None, "TIMESTAMP_UNPARSEABLE")
    return Parsed((dt.datetime.combine(day.value, clock), zone), None, day.method)


def _clock(match: re.Match[str]) -> dt.time | None:
    hour, minute = int(match.group("h")), int(match.group("m"))
    second = int(match.group("s") or 0)
    micro = int((match.group("f") or "0").ljust(6, "0"))
    ampm = match.group("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return dt.time(hour, minute, second, micro)
    except ValueError:
        return None


_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")


def _zone(written: str | None) -> dt.tzinfo | None | Literal[False]:
    """The zone written after a time: None when there is none, False when it is impossible."""
    if not written:
        return None
    if written in ("z", "utc", "gmt"):
        return dt.UTC
    if written in ZONE_ABBREVIATIONS:
        return ZoneInfo(ZONE_ABBREVIATIONS[written])
    sign, hours, minutes = _OFFSET.fullmatch(written).groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset >= dt.timedelta(hours=15):
        return False
    return dt.timezone(-offset if sign == "-" else offset)
