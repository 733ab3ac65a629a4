"""What each language's maintainers publish: month names and date, time and number formats, country names.

Month names and the formats come from CLDR through Babel; country names from pycountry's ISO 3166-1
catalogue and its gettext translations. CLDR has country names too, but its Indonesian ones differ
from pycountry's for some fifty countries ("Prancis" for "Perancis", "Inggris Raya" for "Britania
Raya"), and the reports have always shown pycountry's.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

import pycountry
from babel import Locale
from babel.dates import format_date, format_time, get_month_names
from babel.numbers import format_decimal

# utc offset in hours -> Indonesian zone abbreviation (used in every language)
_ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


@cache
def cldr_locale(identifier: str) -> Locale:
    """The CLDR locale of an identifier such as "id" or "en_GB" (parsed once)."""
    return Locale.parse(identifier)


def month_names(identifier: str) -> tuple[str, ...]:
    """The twelve month names of a locale, January first, e.g. "Januari" ... "Desember" for "id"."""
    return tuple(get_month_names("wide", locale=cldr_locale(identifier)).values())


def long_date(value: date, identifier: str) -> str:
    """A date in the locale's long format, e.g. "24 November 2026" ("id" and "en_GB")."""
    return format_date(value, "long", locale=cldr_locale(identifier))


def short_time(value: datetime, identifier: str) -> str:
    """The time of day in the locale's short format, in the value's own zone, e.g. "14.05" ("id"), "14:05"."""
    return format_time(value, "short", locale=cldr_locale(identifier))


def decimal_number(value: int | float, decimals: int, identifier: str) -> str:
    """A number grouped by thousands with `decimals` decimals, in the locale's symbols, e.g. "12.345" or "5,3" (id).

    A float is rounded as Python rounds it (its exact binary value, ties to even), so 0.05 gives "0.1".
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Babel would round a float's shortest repr ("0.05") instead of its exact value
    number = Decimal(value) if isinstance(value, float) else value
    return format_decimal(number, format=pattern, locale=cldr_locale(identifier))


def zone_name(value: datetime) -> str:
    """WIB, WITA or WIT for an aware datetime in an Indonesian zone, else its tzname (e.g. UTC)."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(hours=1) == timedelta(0):
        name = _ZONE_NAMES.get(offset // timedelta(hours=1))
        if name:
            return name
    return value.tzname() or ""


@cache
def _country_catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(iso3: str, catalogue: str | None) -> str | None:
    """A country's name from its ISO 3166-1 alpha-3 code; None for a code pycountry does not know.

    Args:
        iso3: the code, any case.
        catalogue: the language of pycountry's gettext catalogue to translate the name into, e.g.
            "id"; None for pycountry's own English, its common name where it has one ("South Korea"
            for "Korea, Republic of").
    """
    country = pycountry.countries.get(alpha_3=iso3.upper())
    if country is None:
        return None
    if catalogue is None:
        return getattr(country, "common_name", country.name)
    return _country_catalogue(catalogue).gettext(country.name)
