"""The demo's data files (pipelines/demo/data): every name one table uses is defined in the others."""

from __future__ import annotations

import pytest

from pipelines.demo import tables
from pipelines.demo.spelling import DATE_FORMATTERS, TIMESTAMP_FORMATTERS
from pipelines.demo.tables import OFFICES, PLANNED_ALERTS, PROFILES

OFFICE_IDS = [spec.code for spec in OFFICES]


def nationalities_used() -> set[str]:
    return {iso3 for spec in OFFICES for iso3, _, _ in spec.mix} | {alert.iso3 for alert in PLANNED_ALERTS}


@pytest.mark.parametrize("iso3", sorted(nationalities_used()))
def test_tables__every_nationality_has_names_passports_and_spellings(iso3):
    assert iso3 in tables.NAMES
    assert iso3 in tables.PASSPORT_PATTERNS
    assert iso3 in tables.NATIONALITY_SPELLINGS


@pytest.mark.parametrize("spec", OFFICES, ids=OFFICE_IDS)
def test_tables__every_office_refers_to_defined_values(spec):
    assert {profile for _, profile, _ in spec.mix} <= set(PROFILES)
    assert {code for code, _ in spec.kabkota} <= set(tables.KABKOTA_SPELLINGS)
    assert {category for category, _ in spec.categories} <= set(tables.CATEGORY_SPELLINGS)
    assert {category for category, _ in spec.categories} <= set(tables.COMPLAINT_TEMPLATES)
    assert {style for style, _ in spec.date_styles} <= set(DATE_FORMATTERS)
    assert spec.timestamp_style in TIMESTAMP_FORMATTERS
    assert spec.lodging_headers[0][0] == spec.complaint_headers[0][0] == "submitted_at"
    assert spec.hotels and spec.sponsors


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_tables__every_profile_permit_and_purpose_is_spelled(name):
    profile = PROFILES[name]
    for permit, _ in profile.permits:
        assert permit in tables.PERMIT_SPELLINGS
        assert profile.resident or permit in tables.PERMIT_VISIT_DAYS
    assert {purpose for purpose, _ in profile.purposes} <= set(tables.PURPOSE_SPELLINGS)


def test_tables__planned_alerts_name_an_office_a_profile_and_a_variant():
    assert {alert.office_code for alert in PLANNED_ALERTS} == set(OFFICE_IDS)
    for alert in PLANNED_ALERTS:
        assert alert.profile in PROFILES
        expected = {"checkout", "later_report"} if alert.kind == "OVERSTAY" else {""}
        assert alert.kind in ("OVERSTAY", "EXPIRING_SOON") and alert.variant in expected, alert


def test_tables__weights_are_positive_numbers():
    tables_of_weights = [
        tables.NATIONALITY_SPELLINGS,
        tables.KABKOTA_SPELLINGS,
        tables.PERMIT_SPELLINGS,
        tables.PURPOSE_SPELLINGS,
        tables.SEX_SPELLINGS,
        tables.CATEGORY_SPELLINGS,
        tables.FOLLOWUP_SPELLINGS,
        tables.GARBAGE_FIELDS,
    ]
    for table in tables_of_weights:
        for key, pairs in table.items():
            assert pairs and all(isinstance(w, int | float) and w > 0 for _, w in pairs), key
    for weights in tables.KECAMATAN_WEIGHTS.values():
        assert all(w > 0 for w in weights.values())
