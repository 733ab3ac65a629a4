"""Cells and A1 ranges as the Sheets API reads them: parsing ranges, rendering values, typing text in a locale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

_CELL_REF = re.compile(r"([A-Za-z]{0,3})(\d*)")
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Cell:
    """A cell whose shown text differs from its value, e.g. a number formatted with leading zeros.

    `is_date`: the value is a date serial (days since 1899-12-30), shown as `formatted`; under
    UNFORMATTED_VALUE it is answered as the serial, or as `formatted` with dateTimeRenderOption
    FORMATTED_STRING, as Google does.
    """

    value: Any
    formatted: str
    is_date: bool = False


@dataclass(frozen=True)
class GridRange:
    """1-based inclusive bounds; None end means up to the edge of the grid."""

    first_row: int
    first_column: int
    last_row: int | None
    last_column: int | None


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote_title(title: str) -> str:
    """Quote a sheet title as Google does in the `range` it answers."""
    if _PLAIN_TITLE.fullmatch(title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_range(text: str) -> tuple[str | None, str | None]:
    """Split "'It''s'!A1:B2" into ("It's", "A1:B2"); no "!" gives (None, text)."""
    if text.startswith("'"):
        match = re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", text, re.S)
        if not match:
            raise ValueError(text)
        return match.group(1).replace("''", "'"), match.group(2)
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def _cell_ref(text: str) -> tuple[int | None, int | None]:
    match = _CELL_REF.fullmatch(text)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(text)
    column = column_number(match.group(1)) if match.group(1) else None
    row = int(match.group(2)) if match.group(2) else None
    if row == 0:
        raise ValueError(text)
    return row, column


def parse_cells(text: str) -> GridRange:
    """Parse "A1:Z", "A5001:ZZZ10000", "1:1", "A:C" or "B2"."""
    start, sep, end = text.partition(":")
    row1, col1 = _cell_ref(start)
    if not sep:
        if row1 is None or col1 is None:
            raise ValueError(text)
        return GridRange(row1, col1, row1, col1)
    row2, col2 = _cell_ref(end)
    first_row, last_row = _ordered(row1 or 1, row2)
    first_col, last_col = _ordered(col1 or 1, col2)
    return GridRange(first_row, first_col, last_row, last_col)


def _ordered(first: int, last: int | None) -> tuple[int, int | None]:
    if last is not None and last < first:
        return last, first
    return first, last


def render(value: Any, option: str, date_option: str = "SERIAL_NUMBER") -> Any:
    """One cell as FORMATTED_VALUE (text as shown) or UNFORMATTED_VALUE/FORMULA (the raw value).

    A date cell's raw value is its serial number, or its shown text with `date_option` FORMATTED_STRING.
    """
    if isinstance(value, Cell):
        shown = option == "FORMATTED_VALUE" or (value.is_date and date_option == "FORMATTED_STRING")
        return value.formatted if shown else value.value
    if value is None:
        return ""
    if option != "FORMATTED_VALUE":
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_empty(value: Any) -> bool:
    if isinstance(value, Cell):
        return value.value in (None, "") and value.formatted == ""
    return value is None or value == ""


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells of each row and trailing empty rows, as the Sheets API does."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] == "":
            end -= 1
        trimmed.append(row[:end])
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def normalise_cell(value: Any) -> Any:
    """Accept fixture cells written as {"value": ..., "formatted": ..., "is_date": ...}."""
    if isinstance(value, dict):
        return Cell(value.get("value"), value.get("formatted", ""), bool(value.get("is_date")))
    return value


SHEETS_EPOCH = date(1899, 12, 30)
_TYPED_NUMBER = re.compile(r"[+-]?\d[\d.,\s\u00a0\u202f]*")
_TYPED_DATE = re.compile(r"\d{1,4}([/.\-])\d{1,2}\1\d{1,4}")


def user_entered(text: Any, locale: str) -> Any:
    """A cell as Sheets stores what a person types (or USER_ENTERED input) in a sheet of this locale.

    A number in the locale's notation ("1,5" in Indonesian, "12345") becomes a number shown as typed; a
    numeric date in the locale's order ("24/11/2026") a date serial shown in the locale's short date
    with a four-digit year; anything else stays text. Leading zeros are lost, as in Sheets ("0812" shows
    812).
    """
    from babel import Locale
    from babel.dates import format_date, parse_date
    from babel.numbers import NumberFormatError, format_decimal, parse_decimal

    if not isinstance(text, str):
        return text
    typed = text.strip()
    cldr = _cldr_locale(locale)
    if _TYPED_DATE.fullmatch(typed):
        try:
            day = parse_date(typed, locale=cldr)
        except (ValueError, IndexError):
            return text
        pattern = re.sub(r"(?<!y)y{1,2}(?!y)", "yyyy", Locale.parse(cldr).date_formats["short"].pattern)
        return Cell((day - SHEETS_EPOCH).days, format_date(day, pattern, locale=cldr), is_date=True)
    if _TYPED_NUMBER.fullmatch(typed):
        try:
            number = parse_decimal(typed, locale=cldr, strict=True)
        except NumberFormatError:
            return text
        value = int(number) if number == number.to_integral_value() else float(number)
        return Cell(value, format_decimal(number, locale=cldr, group_separator=False))
    return text


def _cldr_locale(locale: str) -> str:
    """Google's locale id as Babel knows it: its legacy language codes (in, iw, ji, no) mapped."""
    language, _, region = locale.replace("-", "_").partition("_")
    language = {"in": "id", "iw": "he", "ji": "yi", "no": "nb"}.get(language, language)
    return f"{language}_{region}" if region else language
