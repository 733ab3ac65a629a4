"""The canonical fields of each form kind: what each field holds and which are required."""

from __future__ import annotations

from typing import NamedTuple


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
