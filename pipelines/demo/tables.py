"""The demo's data tables (offices, forms, names, spellings, phrases), read from the files in data/."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

Weighted = tuple[tuple[str, float], ...]

DATA = files("pipelines.demo") / "data"


def read_toml(name: str) -> dict[str, Any]:
    """One TOML file of data/."""
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def read_csv(name: str) -> list[dict[str, str]]:
    """One CSV file of data/, a dict per row."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    """A weight written in a CSV cell: an int when it has no decimal point, as in the TOML files."""
    return float(text) if "." in text else int(text)


def weighted(pairs: list[list]) -> Weighted:
    """[text, weight] pairs as read from TOML, as tuples."""
    return tuple((text, weight) for text, weight in pairs)


def weighted_by_key(table: dict[str, list[list]]) -> dict[str, Weighted]:
    """A TOML table of key -> [text, weight] pairs."""
    return {key: weighted(pairs) for key, pairs in table.items()}


@dataclass(frozen=True)
class NameBook:
    """Given and family names of one nationality and how a full name is written."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    order: str = "given_first"  # given_first, family_first, patronymic


@dataclass(frozen=True)
class Profile:
    """Why a foreigner is here: purpose, permits, how long and whether they live here (periodic reports)."""

    purposes: Weighted
    permits: Weighted
    stay_days: tuple[int, int]
    resident: bool = False
    age: tuple[int, int] = (24, 60)


@dataclass(frozen=True)
class OfficeSpec:
    """One office's demo sheets: names, locale, volumes, who comes, and the wording of its forms."""

    code: str
    lodging_source: str
    complaint_source: str
    lodging_file: str
    complaint_file: str
    locale: str
    utc_offset: str
    kabkota: Weighted
    lodging_per_week: tuple[int, int]
    complaints_per_week: tuple[int, int]
    mix: tuple[tuple[str, str, float], ...]
    date_styles: Weighted
    timestamp_style: str
    lodging_headers: tuple[tuple[str, str], ...]
    complaint_headers: tuple[tuple[str, str], ...]
    hotels: tuple[str, ...]
    sponsors: tuple[str, ...]
    categories: Weighted


@dataclass(frozen=True)
class PlannedAlert:
    """A deliberate alert of one office: the kind (OVERSTAY, EXPIRING_SOON), who, and how it shows.

    An OVERSTAY "checkout" variant writes a check-out date after the expiry, a "later_report" variant
    is reported again by another hotel after it; EXPIRING_SOON has no variant.
    """

    kind: str
    office_code: str
    iso3: str
    profile: str
    variant: str


def form_headers(kind: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Office code -> (field, header text) in form order; a blank cell is a question the form lacks."""
    return {
        row.pop("office_code"): tuple((name, text) for name, text in row.items() if text)
        for row in read_csv(f"form_headers_{kind}.csv")
    }


def office_spec(entry: dict[str, Any], lodging_headers: tuple, complaint_headers: tuple) -> OfficeSpec:
    """One [[offices]] entry of offices.toml with its forms' headers."""
    return OfficeSpec(
        code=entry["code"],
        lodging_source=entry["lodging_source"],
        complaint_source=entry["complaint_source"],
        lodging_file=entry["lodging_file"],
        complaint_file=entry["complaint_file"],
        locale=entry["locale"],
        utc_offset=entry["utc_offset"],
        kabkota=weighted(entry["kabkota"]),
        lodging_per_week=tuple(entry["lodging_per_week"]),
        complaints_per_week=tuple(entry["complaints_per_week"]),
        mix=tuple((iso3, profile, weight) for iso3, profile, weight in entry["mix"]),
        date_styles=weighted(entry["date_styles"]),
        timestamp_style=entry["timestamp_style"],
        lodging_headers=lodging_headers,
        complaint_headers=complaint_headers,
        hotels=tuple(entry["hotels"]),
        sponsors=tuple(entry["sponsors"]),
        categories=weighted(entry["categories"]),
    )


def read_kecamatan_weights() -> dict[str, dict[str, float]]:
    """Kab/kota code -> kecamatan name -> weight (busier districts get more foreigners; 1 when not listed)."""
    out: dict[str, dict[str, float]] = {}
    for row in read_csv("kecamatan_weights.csv"):
        out.setdefault(row["kabkota_code"], {})[row["kecamatan_name"]] = number(row["weight"])
    return out


def read_offices() -> tuple[OfficeSpec, ...]:
    """The offices of offices.toml, in file order, with the headers of form_headers_<kind>.csv."""
    lodging, complaint = form_headers("lodging"), form_headers("complaint")
    return tuple(office_spec(entry, lodging[entry["code"]], complaint[entry["code"]]) for entry in _offices["offices"])


_spellings = read_toml("spellings.toml")
_people = read_toml("people.toml")
_profiles = read_toml("profiles.toml")
_complaints = read_toml("complaints.toml")
_offices = read_toml("offices.toml")

NATIONALITY_SPELLINGS = weighted_by_key(_spellings["nationality"])
KABKOTA_SPELLINGS = weighted_by_key(_spellings["kabkota"])
PERMIT_SPELLINGS = weighted_by_key(_spellings["permit_type"])
PURPOSE_SPELLINGS = weighted_by_key(_spellings["purpose"])
SEX_SPELLINGS = weighted_by_key(_spellings["sex"])
CATEGORY_SPELLINGS = weighted_by_key(_spellings["category"])
FOLLOWUP_SPELLINGS = weighted_by_key(_spellings["followup_status"])
GARBAGE_NATIONALITY_TEXTS = tuple(_spellings["garbage"]["nationality"])
GARBAGE_DATE_TEXTS = tuple(_spellings["garbage"]["date"])
GARBAGE_FIELDS = {kind: weighted(_spellings["garbage"][f"{kind}_fields"]) for kind in ("lodging", "complaint")}

INDONESIAN_MALE = tuple(_people["indonesian"]["male"])
INDONESIAN_FEMALE = tuple(_people["indonesian"]["female"])
INDONESIAN_FAMILY = tuple(_people["indonesian"]["family"])
PHONE_PREFIXES = tuple(_people["indonesian"]["phone_prefixes"])
NAMES = {
    iso3: NameBook(tuple(book["male"]), tuple(book["female"]), tuple(book["family"]), book["order"])
    for iso3, book in _people["foreign"].items()
}
PASSPORT_PATTERNS = {iso3: book["passport"] for iso3, book in _people["foreign"].items()}

PROFILES = {
    name: Profile(
        purposes=weighted(profile["purposes"]),
        permits=weighted(profile["permits"]),
        stay_days=tuple(profile["stay_days"]),
        resident=profile["resident"],
        age=tuple(profile["age"]),
    )
    for name, profile in _profiles["profiles"].items()
}
PERMIT_VISIT_DAYS: dict[str, int] = _profiles["permits"]["visit_days"]
VISA_FREE = frozenset(_profiles["permits"]["visa_free"])
NO_VISA_ON_ARRIVAL = frozenset(_profiles["permits"]["no_visa_on_arrival"])
PURPOSE_CANONICAL: dict[str, str] = _profiles["purposes"]["counts_as"]

COMPLAINT_TEMPLATES = {category: tuple(texts) for category, texts in _complaints["templates"].items()}
UNKNOWN_SUBJECT_NAMES = weighted(_complaints["unknown"]["subject_name"])
UNKNOWN_NATIONALITY_TEXTS = weighted(_complaints["unknown"]["nationality"])
ANONYMOUS_COMPLAINANTS = weighted(_complaints["unknown"]["complainant"])
FOLLOWUP_NOTES = tuple(_complaints["followup"]["notes"])

KECAMATAN_WEIGHTS = read_kecamatan_weights()

STREETS = tuple(_offices["streets"])
EMPTY_ROW_SOURCES = frozenset(_offices["empty_row_sources"])
OFFICES = read_offices()
OFFICE_BY_CODE = {spec.code: spec for spec in OFFICES}
PLANNED_ALERTS = tuple(
    PlannedAlert(row["alert_kind"], row["office_code"], row["nationality_iso3"], row["profile"], row["variant"])
    for row in read_csv("alerts.csv")
)
