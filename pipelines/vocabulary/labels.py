"""`Labels`: everything one language says, read from its message file and formatted by CLDR's rules.

The words are in `messages/<language>.toml`, one table per kind of code (the same keys in every
language); month names, dates, times and numbers follow the language's CLDR locale, country names
pycountry (`locales`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files

from pipelines.vocabulary import locales

UNKNOWN = "UNKNOWN"
# what the marts call a kabupaten/kota or kecamatan they could not match; the report translates it
UNKNOWN_AREA = "(tidak diketahui)"


@dataclass(frozen=True)
class Labels:
    """Everything the report says in one language: its phrases, the labels of codes, number and date formats.

    Lookups never fail on a code the tables do not know yet: it is shown as is. None, "" and
    "UNKNOWN" are shown as the language's "unknown" where a form may leave the value empty.
    """

    language: str  # ISO 639-1 code, also the page's `lang`
    texts: Mapping[str, str]
    headline: Mapping[str, str]
    permit_types: Mapping[str, str]
    purposes: Mapping[str, str]
    complaint_categories: Mapping[str, str]
    followup_statuses: Mapping[str, str]
    alert_statuses: Mapping[str, str]
    alert_kinds: Mapping[str, str]
    alert_kinds_short: Mapping[str, str]
    editions: Mapping[str, str]
    form_kinds: Mapping[str, str]
    fields: Mapping[str, str]
    reject_reasons: Mapping[str, str]
    unknown: str
    nationality_overrides: Mapping[str, str]
    # the CLDR locale of month names and formats, e.g. "id", "en_GB" ("24 November 2026", "14:05")
    locale: str
    # the language of pycountry's gettext catalogue of country names; None for pycountry's own English
    country_catalogue: str | None
    # the Windows locale id Excel prints month names in, e.g. "421" Indonesian
    excel_locale: str

    @property
    def months(self) -> tuple[str, ...]:
        """The month names, January first."""
        return locales.month_names(self.locale)

    def text(self, key: str, **values: object) -> str:
        """One of the report's phrases by key, its "{name}" placeholders filled in from the keyword values.

        Raises:
            KeyError: a phrase this language does not have, or a placeholder without a value.
        """
        return self.texts[key].format(**values)

    def _code_label(self, table: Mapping[str, str], code: str | None) -> str:
        if code is None or code == UNKNOWN or code == "":
            return self.unknown
        return table.get(code, code)

    def nationality_label(self, iso3: str | None) -> str:
        """The name of a country from its ISO 3166-1 alpha-3 code; a code pycountry does not know is returned as is."""
        if iso3 is None or iso3 in ("", UNKNOWN):
            return self.unknown
        code = iso3.upper()
        if code in self.nationality_overrides:
            return self.nationality_overrides[code]
        return locales.country_name(code, self.country_catalogue) or iso3

    def permit_type_label(self, code: str | None) -> str:
        """The label of a permit type code (VISA_KUNJUNGAN, VOA, KITAS, ...)."""
        return self._code_label(self.permit_types, code)

    def purpose_label(self, code: str | None) -> str:
        """The label of a purpose-of-stay code (WISATA, BEKERJA, ...)."""
        return self._code_label(self.purposes, code)

    def complaint_category_label(self, code: str | None) -> str:
        """The label of a complaint category (OVERSTAY, ILLEGAL_WORK, ...)."""
        return self._code_label(self.complaint_categories, code)

    def followup_status_label(self, code: str | None) -> str:
        """The label of a complaint's follow-up status (BARU, DITINDAKLANJUTI, SELESAI)."""
        return self._code_label(self.followup_statuses, code)

    def alert_status_label(self, code: str | None) -> str:
        """The word for an alert's status (OPEN, ACKNOWLEDGED, RESOLVED): in Indonesian the results sheet's own."""
        return self._code_label(self.alert_statuses, code)

    def alert_kind_label(self, code: str | None) -> str:
        """The label of an alert kind (OVERSTAY, VISA_FREE_LIMIT, VOA_LIMIT, EXPIRING_SOON)."""
        return self._code_label(self.alert_kinds, code)

    def alert_kind_short_label(self, code: str) -> str:
        """The short label of an alert kind, for narrow table columns."""
        return self.alert_kinds_short.get(code, code)

    def edition_label(self, edition: str) -> str:
        """What an edition ("default", "restricted") contains, as its pages say it."""
        return self.editions.get(edition, edition)

    def form_kind_label(self, code: str | None) -> str:
        """The name of a form kind (lodging, complaint); another code is returned as is, None as "-"."""
        return self.form_kinds.get(code or "", code or "-")

    def field_label(self, field: str | None) -> str:
        """The form question a canonical field comes from, e.g. "passport_number"; None gives "-"."""
        return self.fields.get(field or "", field or "-")

    def reject_reason_label(self, reason: str | None) -> str:
        """What a reject reason code means; an unknown code is returned as is, None as "-"."""
        return self.reject_reasons.get(reason or "", reason or "-")

    def other_countries_label(self, count: int) -> str:
        """The label of the row that folds the smaller nationalities, e.g. "Others (3 countries)"."""
        return self.text("other_country" if count == 1 else "other_countries", count=count)

    def area_label(self, name: str | None) -> str | None:
        """An area name from the marts, with their "(tidak diketahui)" for an unmatched area in this language."""
        return self.text("unknown_area") if name == UNKNOWN_AREA else name

    def format_number(self, value: int | float | None, decimals: int = 0) -> str:
        """A number with this language's separators, e.g. 12.345 or 5,3 (id), 12,345 or 5.3 (en); None gives "-"."""
        if value is None:
            return "-"
        return locales.decimal_number(value, decimals, self.locale)

    def format_share(self, part: int, whole: int) -> str:
        """A part of a whole as a percentage with one decimal, e.g. "35,9%" (id); a zero whole gives "-"."""
        if whole == 0:
            return "-"
        return f"{self.format_number(part * 100 / whole, 1)}%"

    def format_date(self, value: date | None) -> str:
        """A date as day, month name and year, e.g. "24 November 2026"; None gives "-"."""
        if value is None:
            return "-"
        return locales.long_date(value, self.locale)

    def format_datetime(self, value: datetime | None) -> str:
        """A timestamp with its Indonesian zone, e.g. "24 November 2026 14.05 WITA" (id), "... 14:05 WITA" (en).

        A naive timestamp is shown without a zone; None gives "-".
        """
        if value is None:
            return "-"
        text = f"{self.format_date(value.date())} {locales.short_time(value, self.locale)}"
        zone = locales.zone_name(value) if value.tzinfo else ""
        return f"{text} {zone}".rstrip()

    def format_change(self, change: int, previous: int) -> str:
        """A week-over-week change, e.g. "+12 (+5,3%)", "-3 (-50,0%)", "0", or "+4 (minggu lalu 0)" (id)."""
        if change == 0:
            return "0"
        sign = "+" if change > 0 else "-"
        text = f"{sign}{self.format_number(abs(change))}"
        if previous == 0:
            return self.text("change_from_zero", change=text)
        return f"{text} ({sign}{self.format_number(abs(change) * 100 / previous, 1)}%)"


def load_labels(language: str, locale: str, country_catalogue: str | None, excel_locale: str) -> Labels:
    """The labels of a language from its message file `messages/<language>.toml`.

    Raises:
        FileNotFoundError: no message file for the language.
        KeyError: the file lacks a table `Labels` needs.
    """
    messages = tomllib.loads(files("pipelines.vocabulary").joinpath("messages", f"{language}.toml").read_text("utf-8"))
    tables = {name: messages[name] for name in _TABLES}
    return Labels(
        language=language,
        unknown=messages["unknown"],
        locale=locale,
        country_catalogue=country_catalogue,
        excel_locale=excel_locale,
        **tables,
    )


# the tables of a message file, by Labels field
_TABLES = (
    "texts",
    "headline",
    "permit_types",
    "purposes",
    "complaint_categories",
    "followup_statuses",
    "alert_statuses",
    "alert_kinds",
    "alert_kinds_short",
    "editions",
    "form_kinds",
    "fields",
    "reject_reasons",
    "nationality_overrides",
)
