"""Spreadsheet locales as Google reports them, read through CLDR (Babel): their identifiers and date order.

Config checks a source's locale here; staging reads each sheet's numeric date order from it.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

# the numeric date order of a sheet: its locale's (from CLDR), or inferred from its timestamps. "UNKNOWN"
# (nothing settled it) reads numeric dates like "YMD": year first, else only when one order is possible
Order = Literal["DMY", "MDY", "YMD", "UNKNOWN"]
ORDERS: tuple[Order, ...] = ("DMY", "MDY", "YMD", "UNKNOWN")
# google's language codes that CLDR's alias table does not map (the rest, in/iw/ji, it does)
_GOOGLE_LANGUAGES = {"no": "nb"}


def canonical_locale(locale: str) -> str | None:
    """The CLDR identifier of a locale as a config or Google writes it, or None when CLDR does not know it.

    Google reports some languages by their withdrawn ISO 639 codes ("in_ID" for Indonesian, "iw_IL"
    Hebrew, "ji" Yiddish); CLDR's own language aliases map them ("id_ID", "he_IL", "yi"). Case, "-" or
    "_", and bare language codes ("en") are all accepted.
    """
    return _canonical_locale(str(locale).strip())


@functools.lru_cache(maxsize=512)
def _canonical_locale(text: str) -> str | None:
    from babel import Locale, UnknownLocaleError  # imported late: only builds and config checks need it
    from babel.core import get_global

    parts = text.replace("-", "_").split("_")
    if not parts[0].isascii() or not parts[0].isalpha():
        return None
    # cldr's alias table maps a withdrawn language code to its successor, e.g. "in" to "id"; "no" is
    # still valid there, but CLDR has no "no_NO": Google (as Java) reports Norwegian Bokmal as "no"
    language = parts[0].lower()
    parts[0] = _GOOGLE_LANGUAGES.get(language) or get_global("language_aliases").get(language, language)
    try:
        return str(Locale.parse("_".join(parts)))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def locale_order(locale: str) -> Order | None:
    """The numeric date order a spreadsheet locale shows, from CLDR's short date pattern; None if unknown.

    Args:
        locale: a locale as `canonical_locale` accepts it ("id_ID", "in_ID", "en-US", "ja"), or an order
            itself ("DMY", "MDY", "YMD", "UNKNOWN"), which is returned as is.

    Returns:
        "DMY" (id_ID: 24/11/26), "MDY" (en_US: 11/24/26), "YMD" (ja_JP: 2026/11/24, hu_HU, lt_LT,
        sv_SE, en_CA), or None when CLDR does not know the locale.
    """
    if locale in ORDERS:
        return locale
    canonical = canonical_locale(locale)
    return None if canonical is None else _cldr_order(canonical)


@functools.lru_cache(maxsize=512)
def _cldr_order(canonical: str) -> Order | None:
    from babel import Locale

    pattern = Locale.parse(canonical).date_formats["short"].pattern
    # the order of the first day, month and year fields; quoted literals ('г.') hold none of them
    fields = re.sub(r"'[^']*'", "", pattern)
    first = {letter: fields.find(letter) for letter in "dMy"}
    if -1 in first.values():
        return None
    order = "".join(sorted(first, key=first.get)).upper()
    return order if order in ORDERS else None


def order_from_timestamps(day_first: int, month_first: int, year_first: int) -> Order:
    """The numeric date order a sheet's own timestamps settle, for a locale CLDR does not know.

    Args:
        day_first: timestamps whose first part can only be a day (13-31, then a month).
        month_first: timestamps whose second part can only be a day (a month, then 13-31).
        year_first: timestamps with a four-digit first part.

    Returns:
        "DMY" or "MDY" when only that evidence is found, "YMD" when only year-first timestamps are,
        "UNKNOWN" when nothing settles it or the evidence conflicts.
    """
    if day_first and month_first:
        return "UNKNOWN"
    if day_first or month_first:
        return "DMY" if day_first else "MDY"
    return "YMD" if year_first else "UNKNOWN"
