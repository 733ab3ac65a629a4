"""The canonical fields of each form kind and how a sheet's header row maps onto them (config/headers.toml)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pipelines.core.errors import ShapeOnly


class Field(NamedTuple):
    """A canonical form field: its parser and whether a sheet must have it."""

    name: str
    parser: str
    required: bool = False
    personal: bool = False


# parser names: text, timestamp, date, country, kabkota, kecamatan, desa, permit_type, passport,
# permit_number, phone, sex, purpose, category, followup_status
LODGING = (
    Field("submitted_at", "timestamp", required=True),
    Field("reporter_name", "text", personal=True),
    Field("establishment_name", "text"),
    Field("reporter_phone", "phone", personal=True),
    Field("full_name", "text", required=True, personal=True),
    Field("nationality", "country", required=True),
    Field("passport_number", "passport", personal=True),
    Field("sex", "sex"),
    Field("date_of_birth", "date", personal=True),
    Field("permit_type", "permit_type"),
    Field("permit_number", "permit_number", personal=True),
    Field("permit_expiry_date", "date"),
    Field("purpose", "purpose"),
    Field("address", "text", personal=True),
    Field("kabkota", "kabkota", required=True),
    Field("kecamatan", "kecamatan"),
    Field("desa", "desa"),
    Field("arrival_date", "date"),
    Field("departure_date", "date"),
)

COMPLAINT = (
    Field("submitted_at", "timestamp", required=True),
    Field("complainant_name", "text", personal=True),
    Field("complainant_phone", "phone", personal=True),
    Field("subject_name", "text", personal=True),
    Field("nationality", "country"),
    Field("category", "category", required=True),
    Field("description", "text", personal=True),
    Field("address", "text", personal=True),
    Field("kabkota", "kabkota", required=True),
    Field("kecamatan", "kecamatan"),
    Field("desa", "desa"),
    Field("incident_date", "date"),
    Field("followup_status", "followup_status"),
    Field("followup_officer", "text"),
    Field("followup_note", "text"),
    Field("followup_date", "date"),
)

FIELDS: dict[str, tuple[Field, ...]] = {"lodging": LODGING, "complaint": COMPLAINT}


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class HeaderMappingError(ShapeOnly, ValueError):
    """A required field has no column in the sheet; the message describes the header row, never quotes it."""


def header_key(text: str) -> str:
    """Compare headers ignoring case, accents, spaces and punctuation: "Negara Asal:" → "negaraasal"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return _NOT_ALNUM.sub("", folded)


@dataclass(frozen=True)
class HeaderMap:
    """Which column (0-based) holds each canonical field, and which headers nothing claimed."""

    positions: dict[str, int]
    unmapped: tuple[str, ...]
    missing_required: tuple[str, ...]


def map_headers(headers: Sequence[str], kind: str, aliases: Mapping[str, Mapping[str, Sequence[str]]]) -> HeaderMap:
    """Find each canonical field's column.

    A field takes the first column whose header matches one of its aliases, trying aliases in the
    order listed so that a more specific alias wins; a column is claimed by at most one field.
    Duplicate headers keep their first column for the field; the others are reported as unmapped.
    """
    keys = [header_key(header) for header in headers]
    positions: dict[str, int] = {}
    claimed: set[int] = set()
    kind_aliases = aliases.get(kind, {})
    for field in FIELDS[kind]:
        for alias in kind_aliases.get(field.name, ()):
            wanted = header_key(alias)
            found = next((i for i, key in enumerate(keys) if key == wanted and i not in claimed), None)
            if found is not None:
                positions[field.name] = found
                claimed.add(found)
                break
    unmapped = tuple(h for i, h in enumerate(headers) if i not in claimed and h.strip())
    missing = tuple(f.name for f in FIELDS[kind] if f.required and f.name not in positions)
    return HeaderMap(positions=positions, unmapped=unmapped, missing_required=missing)


def require_headers(headers: Sequence[str], kind: str, aliases: Mapping, where: str) -> HeaderMap:
    """Map headers, raising a HeaderMappingError that names the sheet and the fields missing.

    The message gives the header row's shape (columns, which fields were found where), never its
    text: when the header row is missing, row 1 holds a person's answers.
    """
    mapping = map_headers(headers, kind, aliases)
    if mapping.missing_required:
        found = ", ".join(f"{field} (column {position + 1})" for field, position in mapping.positions.items())
        filled = sum(1 for header in headers if header.strip())
        hint = (
            "None of them is a known question: if row 1 holds a response, the header row is missing. "
            if not mapping.positions
            else ""
        )
        raise HeaderMappingError(
            f"{where}: no column for required field(s) {', '.join(mapping.missing_required)} of a {kind} form. "
            f"Row 1 has {len(headers)} column(s), {filled} of them filled; "
            f"{len(mapping.positions)} match config/headers.toml{': ' + found if found else ''}. {hint}"
            f"Add the sheet's wording to [{kind}] in config/headers.toml."
        )
    return mapping
