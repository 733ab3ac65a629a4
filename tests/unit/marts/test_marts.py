"""Marts as given/expect cases: a few staged reports in, the mart rows out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conftest import AS_OF, given_reports
from pipelines.marts.build import build_marts, run_checks


def alerts(con) -> list[tuple]:
    return con.execute(
        "select alert_kind, days_overstayed, days_to_expiry from marts.alerts where is_detected order by all"
    ).fetchall()


def test_overstay_on_expiry_day_is_not_alert(warehouse):
    settings, con = warehouse
    given_reports(con, {"arrival_date": date(2026, 11, 1), "departure_date": AS_OF, "permit_expiry_date": AS_OF})
    build_marts(con, settings, AS_OF)
    assert alerts(con) == [("EXPIRING_SOON", 0, 0)]


def test_present_the_day_after_expiry_is_overstay(warehouse):
    settings, con = warehouse
    given_reports(
        con, {"arrival_date": date(2026, 11, 1), "departure_date": AS_OF, "permit_expiry_date": date(2026, 11, 23)}
    )
    build_marts(con, settings, AS_OF)
    assert alerts(con) == [("OVERSTAY", 1, None)]


def test_not_yet_expired_and_leaving_is_no_alert(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {
            "arrival_date": date(2026, 11, 1),
            "departure_date": date(2026, 11, 20),
            "permit_expiry_date": date(2026, 11, 25),
        },
    )
    build_marts(con, settings, AS_OF)
    assert alerts(con) == []


def test_extension_in_later_report_supersedes_old_expiry(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {
            "arrival_date": date(2026, 11, 1),
            "permit_expiry_date": date(2026, 11, 10),
            "submitted_at": datetime(2026, 11, 1, 3, tzinfo=UTC),
        },
        {
            "arrival_date": date(2026, 11, 15),
            "departure_date": AS_OF,
            "permit_expiry_date": date(2027, 5, 1),
            "permit_type": "KITAS",
            "submitted_at": datetime(2026, 11, 15, 3, tzinfo=UTC),
        },
    )
    build_marts(con, settings, AS_OF)
    assert alerts(con) == []
    assert con.execute("select latest_permit_type, reports_count from marts.persons").fetchall() == [("KITAS", 2)]


def test_a_later_report_without_a_permit_keeps_the_earlier_permit(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {"permit_type": "VOA", "permit_expiry_date": date(2026, 11, 30)},
        {"submitted_at": datetime(2026, 11, 20, 3, tzinfo=UTC)},
    )
    build_marts(con, settings, AS_OF)
    persons = "select latest_permit_type, latest_permit_expiry_date, reports_count from marts.persons"
    assert con.execute(persons).fetchall() == [("VOA", date(2026, 11, 30), 2)]


def test_reports_after_as_of_are_ignored(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {
            "arrival_date": date(2026, 11, 30),
            "departure_date": date(2026, 12, 2),
            "permit_expiry_date": date(2026, 12, 1),
            "submitted_at": datetime(2026, 11, 30, 3, tzinfo=UTC),
        },
    )
    build_marts(con, settings, AS_OF)
    assert alerts(con) == []
    assert con.execute("select count(*) from marts.persons").fetchone()[0] == 0


def test_a_stay_past_the_as_of_date_counts_up_to_its_week_only(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {
            "arrival_date": date(2026, 11, 10),
            "departure_date": date(2026, 12, 20),
            "permit_expiry_date": date(2027, 1, 1),
            "submitted_at": datetime(2026, 11, 10, 3, tzinfo=UTC),
        },
    )
    build_marts(con, settings, AS_OF)
    present = [("2026-W46",), ("2026-W47",), ("2026-W48",)]  # AS_OF is in W48; the stay runs to W51
    weekly = con.execute("select iso_week from marts.district_weekly where foreigners_present > 0 order by all")
    assert weekly.fetchall() == present
    breakdown = con.execute("select distinct iso_week from marts.district_weekly_breakdown order by all")
    assert breakdown.fetchall() == present


def test_one_person_reported_by_two_hotels_counts_once(warehouse):
    settings, con = warehouse
    stay = {
        "arrival_date": date(2026, 11, 16),
        "departure_date": date(2026, 11, 18),
        "permit_expiry_date": date(2027, 1, 1),
    }
    given_reports(
        con,
        {**stay, "establishment_name": "Hotel A"},
        {**stay, "establishment_name": "Hotel B", "passport_number": "E1234567"},
    )
    build_marts(con, settings, AS_OF)
    weekly = con.execute(
        "select iso_week, foreigners_present, new_arrivals from marts.district_weekly "
        "where foreigners_present > 0 order by all"
    ).fetchall()
    assert weekly == [("2026-W47", 1, 1)]
    assert all(not result.failing_rows for result in run_checks(con))


def test_office_breakdown__a_later_report_supersedes_only_the_fields_it_gives(warehouse):
    settings, con = warehouse
    stay = {"arrival_date": date(2026, 11, 16), "departure_date": date(2026, 11, 18)}
    given_reports(
        con,
        {**stay, "purpose": "WISATA", "permit_type": "VOA", "submitted_at": datetime(2026, 11, 16, 3, tzinfo=UTC)},
        # a new job the same week: the purpose changes, the permit is left empty
        {**stay, "purpose": "BEKERJA", "submitted_at": datetime(2026, 11, 17, 3, tzinfo=UTC)},
    )
    build_marts(con, settings, AS_OF)
    breakdown = con.execute(
        "select dimension, value_code, persons_present from marts.office_weekly_breakdown "
        "where iso_week = '2026-W47' order by all"
    ).fetchall()
    assert breakdown == [("nationality", "CHN", 1), ("permit_type", "VOA", 1), ("purpose", "BEKERJA", 1)]


def test_district_without_kecamatan_is_one_row_per_week(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {
            "kecamatan_code": None,
            "arrival_date": date(2026, 11, 17),
            "departure_date": date(2026, 11, 19),
            "permit_expiry_date": date(2027, 1, 1),
            "submitted_at": datetime(2026, 11, 17, 3, tzinfo=UTC),
        },
    )
    build_marts(con, settings, AS_OF)
    rows = con.execute(
        "select kecamatan_name, foreigners_present, new_arrivals, reports_received from marts.district_weekly"
    ).fetchall()
    assert rows == [("(tidak diketahui)", 1, 1, 1)]


def test_kept_tables_check__finds_a_person_missed_by_an_incremental_build(warehouse):
    settings, con = warehouse
    given_reports(con, {"arrival_date": date(2026, 11, 17)}, {"passport_number": "E7654321"})
    build_marts(con, settings, AS_OF)
    assert all(not result.failing_rows for result in run_checks(con))
    # a person staged after the build that no incremental build took in, and a person lost
    given_reports(con, {"passport_number": "E5555555"}, first_row=9)
    con.execute("delete from marts.persons where person_id in (select min(person_id) from marts.persons)")
    failing = {result.name: result.failing_rows for result in run_checks(con)}
    assert failing["checks/maintained_tables_complete.sql"] == [("persons", 3, 1)]


def test_checks_after_an_incremental_build__read_only_the_responses_it_restaged(warehouse):
    settings, con = warehouse
    given_reports(con, {"arrival_date": date(2026, 11, 17)}, {"arrival_date": date(2026, 11, 18)})
    build_marts(con, settings, AS_OF)
    con.execute("insert into staging.lodging_reports select * from staging.lodging_reports")  # each staged twice
    con.execute("create temp table restaged as select 'ranai_lodging' as source_name, 'r3' as response_key")

    def duplicates(changed=None):
        failing = {result.name: result.failing_rows for result in run_checks(con, changed)}
        return sorted(failing["checks/staging_keys_unique.sql"])

    assert duplicates() == [("lodging_reports", "ranai_lodging", key, 2) for key in ("r2", "r3")]
    assert duplicates("restaged") == [("lodging_reports", "ranai_lodging", "r3", 2)]


def test_identified_reports_are_a_view_of_staging_as_of_the_build(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {"arrival_date": date(2026, 11, 17)},
        {"passport_number": "E7654321", "submitted_at": datetime(2026, 11, 30, 3, tzinfo=UTC)},
    )
    # a warehouse of an earlier release kept the identified reports as a table
    con.execute("create schema intermediate")
    con.execute("create table intermediate.lodging_reports_identified as select 1 as stale")
    build_marts(con, settings, AS_OF)
    identified = "select response_key, stay_start_date, stay_end_date from intermediate.lodging_reports_identified"
    assert con.execute(identified).fetchall() == [("r2", date(2026, 11, 17), AS_OF)], "open stay, up to as-of"
    given_reports(con, {"arrival_date": date(2026, 11, 20), "departure_date": date(2026, 11, 21)}, first_row=4)
    another_session = con.cursor()  # without the build's variables
    assert another_session.execute(identified + " order by 1").fetchall() == [
        ("r2", date(2026, 11, 17), AS_OF),
        ("r4", date(2026, 11, 20), date(2026, 11, 21)),
    ], "staged rows are read as they are, in any session, without a rebuild"


def test_without_a_passport_a_person_is_known_by_name_and_date_of_birth_else_by_name(warehouse):
    settings, con = warehouse
    no_passport = {"passport_number": None, "nationality_iso3": "DEU"}
    given_reports(
        con,
        {**no_passport, "full_name": "Müller-Şahin, Jörg", "date_of_birth": date(1990, 1, 31)},
        {**no_passport, "full_name": "MULLER SAHIN  JORG", "date_of_birth": date(1990, 1, 31)},
        {**no_passport, "full_name": "Anna Weber"},
        {**no_passport, "full_name": " - "},
    )
    build_marts(con, settings, AS_OF)
    identities = "select identity_method, identity_key from intermediate.lodging_reports_identified order by 2"
    assert con.execute(identities).fetchall() == [
        ("name_dob", "D|DEU|MULLER SAHIN JORG|1990-01-31"),
        ("name_dob", "D|DEU|MULLER SAHIN JORG|1990-01-31"),
        ("name", "N|DEU|ANNA WEBER"),
        (None, None),
    ]
    persons = "select identity_method, reports_count from marts.persons order by 1"
    assert con.execute(persons).fetchall() == [("name", 1), ("name_dob", 2)]
