"""Render simulated reports and complaints as form rows: cells as typed, facts for the truth, some garbage."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from pipelines.demo.records import Complaint, Person, Place, Report, days
from pipelines.demo.spelling import (
    DATE_FORMATTERS,
    FOLLOWUP_DATE_STYLES,
    TIMESTAMP_FORMATTERS,
    full_name_text,
    indonesian_name,
    loose_desa,
    loose_kecamatan,
    loose_passport,
    phone_number,
    pick,
)
from pipelines.demo.tables import (
    ANONYMOUS_COMPLAINANTS,
    CATEGORY_SPELLINGS,
    COMPLAINT_TEMPLATES,
    EMPTY_ROW_SOURCES,
    FOLLOWUP_NOTES,
    FOLLOWUP_SPELLINGS,
    GARBAGE_DATE_TEXTS,
    GARBAGE_FIELDS,
    GARBAGE_NATIONALITY_TEXTS,
    KABKOTA_SPELLINGS,
    NATIONALITY_SPELLINGS,
    PERMIT_SPELLINGS,
    PURPOSE_CANONICAL,
    PURPOSE_SPELLINGS,
    SEX_SPELLINGS,
    UNKNOWN_NATIONALITY_TEXTS,
    UNKNOWN_SUBJECT_NAMES,
    OfficeSpec,
)

GARBAGE_RATE = 0.018


@dataclass
class Row:
    """One written row: its cells by field, the canonical facts by field, and row-level truth."""

    cells: dict[str, str]
    facts: dict[str, str]
    extra: dict[str, str]
    protected: bool = False


def date_cell(style: str, value: dt.date | None) -> tuple[str, str]:
    """(cell text, ISO truth) of a date; None gives blanks."""
    if value is None:
        return "", ""
    return DATE_FORMATTERS[style](value), value.isoformat()


def maybe_blank(rng: random.Random, cell: str, fact: str, rate: float) -> tuple[str, str]:
    """Leave an optional answer blank now and then (not garbage: nothing was written)."""
    return ("", "") if rng.random() < rate else (cell, fact)


def location_cells(rng: random.Random, place: Place, row: Row) -> None:
    """Kab/kota, kecamatan, desa and address as typed."""
    row.cells["kabkota"] = pick(rng, KABKOTA_SPELLINGS[place.kabkota_code])
    row.facts["kabkota"] = place.kabkota_code
    cell, fact = maybe_blank(rng, loose_kecamatan(rng, place.kecamatan_name), place.kecamatan_code, 0.04)
    row.cells["kecamatan"], row.facts["kecamatan"] = cell, fact
    row.cells["desa"] = loose_desa(rng, place.desa_name) if place.desa_name and rng.random() < 0.85 else ""
    row.cells["address"] = place.address


def permit_cells(rng: random.Random, report: Report, style: str, row: Row) -> None:
    """Permit type, number and expiry as typed."""
    stay = report.stay
    rate = 0.0 if is_sensitive(report) else 0.02
    cell, fact = maybe_blank(rng, pick(rng, PERMIT_SPELLINGS[stay.permit_type]), stay.permit_type, rate)
    row.cells["permit_type"], row.facts["permit_type"] = cell, fact
    row.cells["permit_number"] = report.permit_number
    expiry = date_cell(style, report.permit_expiry)
    row.cells["permit_expiry_date"], row.facts["permit_expiry_date"] = maybe_blank(rng, *expiry, rate * 2.5)


def person_cells(rng: random.Random, person: Person, style: str, row: Row) -> None:
    """Name, nationality, passport, sex and date of birth as typed."""
    row.cells["full_name"] = full_name_text(rng, person)
    row.cells["nationality"] = pick(rng, NATIONALITY_SPELLINGS[person.iso3])
    row.facts["nationality"] = person.iso3
    passport = loose_passport(rng, person.passport) if person.passport else ""
    row.cells["passport_number"], row.facts["passport_number"] = passport, person.passport
    cell, fact = maybe_blank(rng, pick(rng, SEX_SPELLINGS[person.sex]), person.sex, 0.03)
    row.cells["sex"], row.facts["sex"] = cell, fact
    row.cells["date_of_birth"] = date_cell(style, person.birth_date)[0]


def is_sensitive(report: Report) -> bool:
    """Rows whose permit decides an alert: never blanked or spoiled, so the truth's alerts stay exact.

    These are the deliberate alerts, a returning visitor's new permit and a resident's extension.
    """
    stay = report.stay
    return bool(stay.alert_kind) or not stay.key.endswith("-S1") or report.permit_expiry != stay.permit_expiry


def lodging_row(rng: random.Random, spec: OfficeSpec, report: Report) -> Row:
    """Render one lodging report."""
    stay = report.stay
    style = pick(rng, spec.date_styles)
    row = Row(
        cells={},
        facts={},
        protected=is_sensitive(report),
        extra={
            "office_code": spec.code,
            "person_key": stay.person.key,
            "stay_key": stay.key,
            "alert_kind": stay.alert_kind,
        },
    )
    row.cells["submitted_at"] = TIMESTAMP_FORMATTERS[spec.timestamp_style](report.submitted_at)
    row.extra["submitted_at"] = report.submitted_at.isoformat() + spec.utc_offset
    row.cells["reporter_name"], row.cells["reporter_phone"] = report.reporter, report.phone
    row.cells["establishment_name"] = report.establishment
    person_cells(rng, stay.person, style, row)
    permit_cells(rng, report, style, row)
    purpose = pick(rng, PURPOSE_SPELLINGS[stay.purpose])
    row.cells["purpose"] = purpose
    row.facts["purpose"] = PURPOSE_CANONICAL.get(stay.purpose, stay.purpose)
    location_cells(rng, stay.place, row)
    row.cells["arrival_date"], row.facts["arrival_date"] = date_cell(style, stay.arrival)
    row.cells["departure_date"], row.facts["departure_date"] = date_cell(style, stay.departure)
    return row


def followup(rng: random.Random, complaint: Complaint, end: dt.date) -> str:
    """The officer's status: older complaints are more often done."""
    age = (end - complaint.submitted_at.date()).days
    if age >= 10:
        weights = (0.1, 0.25, 0.65)
    elif age >= 3:
        weights = (0.3, 0.4, 0.3)
    else:
        weights = (0.7, 0.3, 0.0)
    return rng.choices(("BARU", "DITINDAKLANJUTI", "SELESAI"), weights=weights, k=1)[0]


def followup_cells(rng: random.Random, complaint: Complaint, locale: str, end: dt.date, row: Row) -> None:
    """The officer columns at the right of a complaint sheet; blank until someone acts."""
    status = followup(rng, complaint, end)
    text = pick(rng, FOLLOWUP_SPELLINGS[status])
    row.cells["followup_status"] = text
    row.facts["followup_status"] = status
    acted = status != "BARU" and bool(text)
    day = complaint.submitted_at.date() + days(rng.randint(1, 6))
    row.cells["followup_officer"] = indonesian_name(rng) if acted else ""
    row.cells["followup_note"] = rng.choice(FOLLOWUP_NOTES) if acted else ""
    written = DATE_FORMATTERS[FOLLOWUP_DATE_STYLES[locale]](min(day, end))
    row.cells["followup_date"] = written if acted and rng.random() < 0.8 else ""


def subject_cells(rng: random.Random, complaint: Complaint, row: Row) -> None:
    """Who the complaint is about, as far as the complainant knows."""
    person = complaint.person
    known_name = person is not None and rng.random() < 0.8
    row.cells["subject_name"] = full_name_text(rng, person) if known_name else pick(rng, UNKNOWN_SUBJECT_NAMES)
    if person is None and rng.random() < 0.25:
        row.cells["nationality"], row.facts["nationality"] = pick(rng, UNKNOWN_NATIONALITY_TEXTS), ""
    else:
        row.cells["nationality"] = pick(rng, NATIONALITY_SPELLINGS[complaint.iso3])
        row.facts["nationality"] = complaint.iso3


def complaint_row(rng: random.Random, spec: OfficeSpec, complaint: Complaint, end: dt.date) -> Row:
    """Render one complaint."""
    style = pick(rng, spec.date_styles)
    row = Row(
        cells={},
        facts={},
        protected=bool(complaint.alert_kind),
        extra={
            "office_code": spec.code,
            "person_key": complaint.person.key if complaint.person else "",
            "alert_kind": complaint.alert_kind,
        },
    )
    row.cells["submitted_at"] = TIMESTAMP_FORMATTERS[spec.timestamp_style](complaint.submitted_at)
    row.extra["submitted_at"] = complaint.submitted_at.isoformat() + spec.utc_offset
    anonymous = rng.random() < 0.15
    row.cells["complainant_name"] = pick(rng, ANONYMOUS_COMPLAINANTS) if anonymous else indonesian_name(rng)
    row.cells["complainant_phone"] = "" if anonymous and rng.random() < 0.5 else phone_number(rng)
    subject_cells(rng, complaint, row)
    row.cells["category"] = pick(rng, CATEGORY_SPELLINGS[complaint.category])
    row.facts["category"] = complaint.category
    nationality = row.cells["nationality"] if row.facts["nationality"] else "tidak jelas"
    template = rng.choice(COMPLAINT_TEMPLATES[complaint.category])
    row.cells["description"] = template.format(nat=nationality, desa=complaint.place.desa_name or "sini")
    location_cells(rng, complaint.place, row)
    row.cells["incident_date"], row.facts["incident_date"] = date_cell(style, complaint.incident_date)
    followup_cells(rng, complaint, spec.locale, end, row)
    return row


def spoil(rng: random.Random, row: Row, kind: str, year: int) -> None:
    """Make one value unreadable (or blank a required one); its truth becomes unknowable."""
    target = pick(rng, GARBAGE_FIELDS[kind])
    if target.endswith("_date"):
        row.cells[target] = rng.choice(GARBAGE_DATE_TEXTS).format(year=year)
    elif target == "nationality":
        row.cells[target] = rng.choice(GARBAGE_NATIONALITY_TEXTS)
    else:
        row.cells[target] = ""
    row.facts[target] = ""
    row.extra["is_garbage"] = "true"
    row.extra["garbage_field"] = target


def empty_row(office_code: str) -> Row:
    """A row cleared by hand in the middle of the sheet: every cell blank."""
    return Row(cells={}, facts={}, extra={"office_code": office_code, "is_garbage": "true", "garbage_field": "*"})


def finish_rows(rng: random.Random, rows: list[Row], kind: str, source: str, end: dt.date) -> list[Row]:
    """Spoil a small share of rows and, in some sheets, clear one row in the middle."""
    for row in rows:
        if not row.protected and rng.random() < GARBAGE_RATE:
            spoil(rng, row, kind, end.year)
    if source in EMPTY_ROW_SOURCES and len(rows) >= 4:
        rows.insert(len(rows) // 2, empty_row(rows[0].extra["office_code"]))
    return rows
