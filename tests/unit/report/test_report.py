"""Tests of the weekly rakor report: gathered from hand-made tables and from a real build; HTML, PDF, XLSX."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from pipelines.core.config import Office
from pipelines.core.warehouse import read_sql
from pipelines.report import charts
from pipelines.report.render import neutralise_cell, render_html, write_report
from pipelines.report.weekly import (
    SQL_DIR,
    build_weekly_report,
    iso_week_bounds,
    iso_week_of,
    last_complete_week,
    previous_iso_week,
)
from pipelines.vocabulary import INDONESIAN

WEEK = "2026-W47"  # Monday 16 November to Sunday 22 November 2026
PREVIOUS = "2026-W46"
EMPTY_WEEK = "2026-W10"
GENERATED_AT = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)  # 09.30 WIB on Tuesday after the week
OFFICE = Office(code="RANAI", name="Kantor Imigrasi Kelas II TPI Ranai", kabkota_codes=["21.03"])
INJECTED_KECAMATAN = '=HYPERLINK("http://evil.example/x","klik")'
INJECTED_SOURCE = "=cmd|' /C calc'!A0"
SCRIPT_KECAMATAN = "<script>alert(1)</script>"
SECRET_NAME = "Zhang Wei Rahasia"
SECRET_PASSPORT = "E98765432"
SECRET_PHONE = "+6281299887766"
OFFICER = "Budi Santoso"

# the marts as docs/marts_contract.md describes them, and the identified lodging reports below them
# (the report counts distinct persons there); the real build lives elsewhere
MARTS_DDL = """
create schema marts;
create table marts.district_weekly (
    office_code text, iso_week text, week_start_date date, kabkota_code text, kabkota_name text,
    kecamatan_code text, kecamatan_name text, foreigners_present bigint, new_arrivals bigint,
    reports_received bigint, complaints_received bigint
);
create table marts.office_weekly (
    office_code text, iso_week text, week_start_date date, foreigners_present bigint, new_arrivals bigint,
    unique_persons bigint, reports_received bigint, complaints_received bigint
);
create table marts.office_weekly_breakdown (
    office_code text, iso_week text, week_start_date date, dimension text, value_code text, persons_present bigint
);
create table marts.kabkota_weekly_persons (
    office_code text, iso_week text, week_start_date date, kabkota_code text, foreigners_present bigint,
    new_arrivals bigint
);
create table marts.district_weekly_breakdown (
    office_code text, iso_week text, week_start_date date, kabkota_code text, kecamatan_code text,
    dimension text, value_code text, persons_present bigint
);
create table marts.alerts (
    alert_id text, office_code text, person_id text, nationality_iso3 text, kabkota_code text,
    kabkota_name text, kecamatan_code text, kecamatan_name text, permit_type text,
    permit_expiry_date date, last_present_date date, days_overstayed integer, days_to_expiry integer,
    alert_kind text, last_detected_on date, status text, is_open boolean, raised_on date, resolved_on date
);
create table marts.foreign_workers_weekly (
    office_code text, iso_week text, week_start_date date, sponsor_name text, kabkota_code text, kabkota_name text,
    kecamatan_code text, kecamatan_name text, workers_present bigint, new_workers bigint
);
create table marts.alert_history (
    alert_id text, office_code text, changed_at timestamptz, as_of_date date, from_status text, to_status text,
    is_status_change boolean, officer text, origin text
);
create table marts.alert_short_ids (alert_id text, short_id text);
create table marts.persons (
    person_id text, identity_method text, nationality_iso3 text, full_name text, passport_number text,
    sex text, first_reported_date date, last_reported_date date, reports_count integer,
    latest_permit_type text, latest_permit_expiry_date date
);
create table marts.complaints (
    complaint_id text, office_code text, source_name text, submitted_at timestamptz, submitted_date date,
    iso_week text, week_start_date date, kabkota_code text, kabkota_name text, kecamatan_code text,
    kecamatan_name text, nationality_iso3 text, category text, followup_status text, followup_date date,
    days_to_followup integer, sla_days integer
);
create table marts.source_freshness (
    source_name text, office_code text, form_kind text, last_success_at timestamptz, rows_current bigint,
    rejects bigint
);
create table marts.rejects_summary (
    source_name text, office_code text, field text, reason text, rejects bigint, example_row_number bigint
);
create table marts.build_info (built_at timestamptz, as_of_date date);
create schema intermediate;
create table intermediate.lodging_reports_identified (
    office_code text, response_key text, submitted_at timestamptz, submitted_date date, reporter_name text,
    establishment_name text, reporter_phone text, full_name text, passport_number text, nationality_iso3 text,
    purpose text, permit_type text, address text, kabkota_code text, kecamatan_code text, arrival_date date,
    stay_start_date date, stay_end_date date, person_id text
);
"""

# persons present in the week by nationality, 48 in all: the top 10 stay, 3 fold into "Lainnya"
NATIONALITY_COUNTS = {
    "CHN": 9,
    "MYS": 7,
    "SGP": 6,
    "KOR": 5,
    "TLS": 4,
    "USA": 4,
    "AUS": 3,
    "JPN": 3,
    "IND": 2,
    "NGA": 2,
    "DEU": 1,
    "FRA": 1,
    None: 1,
}
PURPOSES = ("WISATA", "BEKERJA", "KELUARGA", None)
PERMITS = ("BEBAS_VISA", "KITAS", "VOA", "KITAP")


def _monday(iso_week: str) -> date:
    return iso_week_bounds(iso_week)[0]


def _stay(person: str | None, submitted: date, arrival: date, end: date, **fields) -> dict:
    values = {
        "office_code": "RANAI",
        "response_key": f"{person}|{submitted}|{fields.get('kecamatan_code', '21.03.01')}",
        "submitted_at": datetime(submitted.year, submitted.month, submitted.day, 4, tzinfo=UTC),
        "submitted_date": submitted,
        "reporter_name": "Resepsionis Rahasia",
        "establishment_name": "Hotel Natuna",
        "reporter_phone": SECRET_PHONE,
        "full_name": None if person is None else f"Nama Rahasia {person}",
        "passport_number": None if person is None else f"PASPOR-{person}",
        "nationality_iso3": None,
        "purpose": None,
        "permit_type": None,
        "address": "Jl. Rahasia 1",
        "kabkota_code": "21.03",
        "kecamatan_code": "21.03.01",
        "arrival_date": arrival,
        "stay_start_date": arrival,
        "stay_end_date": end,
        "person_id": person,
    }
    return values | fields


def _week_persons() -> list[dict]:
    """48 persons present in W47: the even ones arrive in W47, the odd ones arrived in W46 and stay on.

    p_00 is reported in two kecamatan, the second time as a worker: the kecamatan rows count p_00
    twice, the office's figures once. p_01-p_04 stay in kecamatan 02, p_05-p_07 in 03, p_08 in none.
    """
    nationalities = [code for code, count in NATIONALITY_COUNTS.items() for _ in range(count)]
    rows = []
    for index, nationality in enumerate(nationalities):
        person = f"p_{index:02d}"
        kecamatan = "21.03.02" if 1 <= index <= 4 else "21.03.03" if 5 <= index <= 7 else "21.03.01"
        arrival = date(2026, 11, 17) if index % 2 == 0 else date(2026, 11, 10)
        fields = {
            "nationality_iso3": nationality,
            "purpose": PURPOSES[index % 4],
            "permit_type": PERMITS[index % 4],
            "kecamatan_code": None if index == 8 else kecamatan,
        }
        rows.append(_stay(person, arrival, arrival, date(2026, 11, 20), **fields))
    # p_00 again, in kecamatan 02, as a worker; no permit given this time: the earlier one still holds
    second = {"nationality_iso3": "CHN", "kecamatan_code": "21.03.02", "purpose": "BEKERJA", "permit_type": None}
    rows.append(_stay("p_00", date(2026, 11, 19), date(2026, 11, 17), date(2026, 11, 21), **second))
    return rows


def _lodging_rows() -> list[dict]:
    return [
        *_week_persons(),
        # a report without any identity: a report received, nobody counted
        _stay(None, date(2026, 11, 18), date(2026, 11, 18), date(2026, 11, 19)),
        # left before the week: present the week before only
        _stay("p_gone", date(2026, 11, 9), date(2026, 11, 9), date(2026, 11, 12), nationality_iso3="RUS"),
        # check-out before arrival: no stay at all
        _stay("p_backwards", date(2026, 11, 18), date(2026, 11, 18), date(2026, 11, 17), nationality_iso3="RUS"),
        # another office's foreigner must not leak into this report
        _stay("p_serang", date(2026, 11, 17), date(2026, 11, 17), date(2026, 11, 20), office_code="SERANG"),
        # weeks of the trend
        *[_stay(f"p_w40_{n}", date(2026, 9, 29), date(2026, 9, 29), date(2026, 10, 2)) for n in range(3)],
        # the person with an overstay alert, last reported weeks ago
        _stay(
            "p_0001",
            date(2026, 10, 27),
            date(2026, 10, 26),
            date(2026, 10, 30),
            nationality_iso3="CHN",
            full_name=SECRET_NAME,
            passport_number=SECRET_PASSPORT,
            establishment_name="Wisma Laut",
        ),
    ]


def _district(office: str, week: str, kecamatan: tuple[str | None, str], figures: tuple[int, int, int, int]):
    return (office, week, _monday(week), "21.03", "Kabupaten Natuna", *kecamatan, *figures)


def _district_rows() -> list[tuple]:
    # per kecamatan, as the marts count the lodging rows above (p_00 in both 01 and 02)
    return [
        _district("RANAI", WEEK, ("21.03.01", "Bunguran Timur"), (40, 20, 22, 4)),
        _district("RANAI", WEEK, ("21.03.02", INJECTED_KECAMATAN), (5, 3, 3, 1)),
        _district("RANAI", WEEK, ("21.03.03", SCRIPT_KECAMATAN), (3, 1, 1, 0)),
        _district("RANAI", WEEK, (None, "(tidak diketahui)"), (1, 1, 1, 0)),
        _district("RANAI", PREVIOUS, ("21.03.01", "Bunguran Timur"), (21, 21, 21, 6)),
        _district("RANAI", PREVIOUS, ("21.03.02", INJECTED_KECAMATAN), (2, 2, 2, 0)),
        _district("RANAI", PREVIOUS, ("21.03.03", SCRIPT_KECAMATAN), (2, 2, 2, 0)),
        _district("RANAI", "2026-W44", ("21.03.01", "Bunguran Timur"), (1, 1, 1, 0)),
        _district("RANAI", "2026-W40", ("21.03.01", "Bunguran Timur"), (3, 3, 3, 1)),
        # another office's rows must not leak into this report
        _district("SERANG", WEEK, ("21.03.01", "Bunguran Timur"), (99999, 9999, 9999, 999)),
    ]


def _complaint(complaint_id, office, submitted, category, status, followup=None):
    submitted_at = datetime(submitted.year, submitted.month, submitted.day, 3, tzinfo=UTC)
    week = iso_week_of(submitted)
    return (
        complaint_id,
        office,
        "ranai_complaint",
        submitted_at,
        submitted,
        week,
        _monday(week),
        "21.03",
        "Kabupaten Natuna",
        "21.03.01",
        "Bunguran Timur",
        "CHN",
        category,
        status,
        followup,
        None if followup is None else (followup - submitted).days,
        3,
    )


def _complaint_rows() -> list[tuple]:
    return [
        _complaint("c1", "RANAI", date(2026, 11, 17), "OVERSTAY", "BARU"),  # received, 5 days old: overdue
        _complaint("c2", "RANAI", date(2026, 11, 21), "ILLEGAL_WORK", "BARU"),  # received, 1 day: not overdue
        _complaint("c3", "RANAI", date(2026, 11, 18), "DISTURBANCE", "SELESAI", date(2026, 11, 20)),
        _complaint("c4", "RANAI", date(2026, 11, 5), "OVERSTAY", "BARU"),  # backlog: overdue
        _complaint("c5", "RANAI", date(2026, 11, 10), "NARCOTICS", "SELESAI", date(2026, 11, 16)),  # resolved
        _complaint("c6", "RANAI", date(2026, 11, 19), "ILLEGAL_WORK", "DITINDAKLANJUTI", date(2026, 11, 20)),
        _complaint("c7", "RANAI", date(2026, 11, 25), "SMUGGLING", "BARU"),  # after the week: nowhere
        _complaint("c8", "SERANG", date(2026, 11, 17), "OVERSTAY", "BARU"),  # another office
        _complaint("c9", "RANAI", date(2026, 11, 19), "DISTURBANCE", "BARU"),  # 3 days exactly: not overdue
    ]


def _alert(
    alert_id, office, person_id, kind, expiry, days_overstayed, days_to_expiry, permit="ITK", raised=None, resolved=None
):
    return (
        alert_id,
        office,
        person_id,
        "CHN",
        "21.03",
        "Kabupaten Natuna",
        "21.03.01",
        "Bunguran Timur",
        permit,
        expiry,
        date(2026, 11, 20),
        days_overstayed,
        days_to_expiry,
        kind,
        date(2026, 11, 23),
        "RESOLVED" if resolved else "OPEN",
        resolved is None,
        raised or date(2026, 11, 2),
        resolved,
    )


def _alert_rows() -> list[tuple]:
    return [
        _alert("a1", "RANAI", "p_0001", "OVERSTAY", date(2026, 11, 13), 10, None),
        _alert("a2", "RANAI", "p_0002", "OVERSTAY", date(2026, 9, 1), 83, None, "VOA"),
        _alert("a3", "RANAI", "p_0003", "EXPIRING_SOON", date(2026, 11, 27), 0, 4, "KITAS"),
        _alert("a4", "SERANG", "p_0004", "OVERSTAY", date(2026, 10, 1), 53, None),
        # raised in the week and resolved in it; and one raised after the week
        _alert("a5", "RANAI", "p_0005", "VISA_FREE_LIMIT", date(2026, 11, 15), 3, None, "BEBAS_VISA",
               raised=date(2026, 11, 17), resolved=date(2026, 11, 20)),
        _alert("a6", "RANAI", "p_0006", "OVERSTAY", date(2026, 11, 20), 3, None, raised=date(2026, 11, 23)),
    ]  # fmt: skip


def _alert_history_rows() -> list[tuple]:
    """Each alert raised by a build on its date; a5 closed by a build; a1 acknowledged in the week, a2 after it."""
    built = {alert[0]: (alert[-2], alert[-1]) for alert in _alert_rows()}
    rows = [
        (
            alert_id,
            "RANAI",
            datetime.combine(raised, datetime.min.time(), UTC),
            raised,
            None,
            "OPEN",
            True,
            None,
            "build",
        )
        for alert_id, (raised, _) in built.items()
    ]
    return [
        *rows,
        ("a5", "RANAI", datetime(2026, 11, 20, 1, tzinfo=UTC), date(2026, 11, 20), "OPEN", "RESOLVED", True, None,
         "build"),
        ("a1", "RANAI", datetime(2026, 11, 19, 3, tzinfo=UTC), None, "OPEN", "ACKNOWLEDGED", True, OFFICER, "cli"),
        ("a2", "RANAI", datetime(2026, 11, 24, 3, tzinfo=UTC), None, "OPEN", "ACKNOWLEDGED", True, "Rina", "sheet"),
    ]  # fmt: skip


def _worker(week: str, sponsor: str | None, kecamatan: str, workers: int, new: int = 0) -> tuple:
    monday = _monday(week)
    return ("RANAI", week, monday, sponsor, "21.03", "Kabupaten Natuna", f"21.03.{kecamatan[:2]}", kecamatan,
            workers, new)  # fmt: skip


def _worker_rows() -> list[tuple]:
    return [
        _worker(WEEK, "PT Natuna Gas", "Bunguran Timur", 5, 2),
        _worker(PREVIOUS, "PT Natuna Gas", "Bunguran Timur", 3),
        _worker("2026-W40", "PT Natuna Gas", "Bunguran Timur", 1),
        _worker("2026-W39", "PT Natuna Gas", "Bunguran Timur", 9),  # before the eight weeks shown
        _worker(PREVIOUS, "CV Laut Biru", "Bunguran Barat", 2),
        _worker(WEEK, None, "Midai", 1, 1),
        _worker(WEEK, "CV Laut Biru", "Bunguran Barat", 5),
        _worker("2026-W42", "PT Lama", "Midai", 2),  # none this week: still listed with its trend
    ]


def _person_rows() -> list[tuple]:
    return [
        ("p_0001", "passport", "CHN", SECRET_NAME, SECRET_PASSPORT, "L", None, None, 3, "ITK", None),
        ("p_0002", "passport", "CHN", "Li Na Rahasia", "G11223344", "P", None, None, 1, "VOA", None),
        ("p_0003", "name_dob", "CHN", "Wang Fang Rahasia", None, "P", None, None, 2, "KITAS", None),
    ]


def build_marts(con: duckdb.DuckDBPyConnection, *, empty: bool = False) -> None:
    """Create the marts and identified-reports tables; with a few hand-made rows unless empty."""
    con.execute(MARTS_DDL)
    con.execute(read_sql("marts/60_office_persons.sql"))  # a view of the identified reports
    if empty:
        return
    tables = {
        "marts.district_weekly": _district_rows(),
        "marts.complaints": _complaint_rows(),
        "marts.alerts": _alert_rows(),
        "marts.alert_history": _alert_history_rows(),
        "marts.foreign_workers_weekly": _worker_rows(),
        "marts.alert_short_ids": [(alert[0], f"{alert[0]}short") for alert in _alert_rows()],
        "marts.persons": _person_rows(),
        "marts.source_freshness": [
            ("ranai_lodging", "RANAI", "lodging", datetime(2026, 11, 24, 1, 0, tzinfo=UTC), 1450, 4),
            (INJECTED_SOURCE, "RANAI", "complaint", datetime(2026, 11, 10, 1, 0, tzinfo=UTC), 40, 2),
            ("serang_lodging", "SERANG", "lodging", datetime(2026, 11, 24, 1, 0, tzinfo=UTC), 10, 0),
        ],
        "marts.rejects_summary": [
            ("ranai_lodging", "RANAI", "kabkota", "KABKOTA_UNKNOWN", 3, 17),
            ("ranai_lodging", "RANAI", "passport_number", "PASSPORT_IMPLAUSIBLE", 1, 22),
            (INJECTED_SOURCE, "RANAI", "category", "unknown category", 2, 5),
        ],
        "marts.build_info": [(datetime(2026, 11, 24, 1, 5, tzinfo=UTC), date(2026, 11, 23))],
        "intermediate.lodging_reports_identified": [tuple(row.values()) for row in _lodging_rows()],
    }
    for table, rows in tables.items():
        placeholders = ", ".join("?" * len(rows[0]))
        con.executemany(f"insert into {table} values ({placeholders})", rows)
    con.execute(OFFICE_WEEKLY)
    con.execute(OFFICE_WEEKLY_BREAKDOWN)
    con.execute(KABKOTA_WEEKLY_PERSONS)


# the office-week figures from the rows above, counted independently of the build's SQL: a stay is spread
# over the Mondays from its first week to its end; reports and complaints add up over kecamatan
OFFICE_WEEKLY = """
    insert into marts.office_weekly by name
    with stays as (
        select office_code, person_id, arrival_date,
            unnest(range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week))::date as monday
        from intermediate.lodging_reports_identified
        where person_id is not null and stay_start_date is not null and stay_end_date >= stay_start_date
    ),
    persons as (
        select office_code, monday, count(distinct person_id) as foreigners_present,
            count(distinct person_id) filter (where date_trunc('week', arrival_date) = monday) as new_arrivals,
            0 as unique_persons
        from stays group by all
        union all by name
        select office_code, date_trunc('week', submitted_date)::date as monday,
            count(distinct person_id) as unique_persons
        from intermediate.lodging_reports_identified
        where person_id is not null and submitted_date is not null group by all
    ),
    districts as (
        select office_code, week_start_date as monday, sum(reports_received) as reports_received,
            sum(complaints_received) as complaints_received
        from marts.district_weekly group by all
    )
    select office_code, strftime(monday, '%G-W%V') as iso_week, monday as week_start_date,
        coalesce(sum(foreigners_present), 0) as foreigners_present, coalesce(sum(new_arrivals), 0) as new_arrivals,
        coalesce(sum(unique_persons), 0) as unique_persons, coalesce(sum(reports_received), 0) as reports_received,
        coalesce(sum(complaints_received), 0) as complaints_received
    from (select * from persons union all by name select * from districts)
    group by all
"""


# the same stays: per office and week, each person once with the latest value their reports give (in
# submission order), one dimension at a time; per kab/kota, each person once in every kab/kota reporting them
ALL_STAY_WEEKS = """
    with stays as (
        select *, unnest(range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week))::date
            as monday
        from intermediate.lodging_reports_identified
        where person_id is not null and stay_start_date is not null and stay_end_date >= stay_start_date
    )
"""
OFFICE_WEEKLY_BREAKDOWN = (
    "insert into marts.office_weekly_breakdown by name "
    + ALL_STAY_WEEKS
    + """
    , latest as (
        select distinct office_code, monday, person_id,
            last_value(nationality_iso3 ignore nulls) over persons as nationality,
            last_value(purpose ignore nulls) over persons as purpose,
            last_value(permit_type ignore nulls) over persons as permit_type
        from stays
        window persons as (
            partition by office_code, monday, person_id order by submitted_at, response_key
            rows between unbounded preceding and unbounded following
        )
    ),
    values as (
        unpivot (
            select office_code, monday, person_id, coalesce(nationality, 'UNKNOWN') as nationality,
                coalesce(purpose, 'UNKNOWN') as purpose, coalesce(permit_type, 'UNKNOWN') as permit_type
            from latest
        ) on nationality, purpose, permit_type into name dimension value value_code
    )
    select office_code, strftime(monday, '%G-W%V') as iso_week, monday as week_start_date, dimension, value_code,
        count(*) as persons_present
    from values group by all
"""
)
KABKOTA_WEEKLY_PERSONS = (
    "insert into marts.kabkota_weekly_persons by name "
    + ALL_STAY_WEEKS
    + """
    select office_code, strftime(monday, '%G-W%V') as iso_week, monday as week_start_date, kabkota_code,
        count(distinct person_id) as foreigners_present,
        count(distinct person_id) filter (where date_trunc('week', arrival_date) = monday) as new_arrivals
    from stays group by all
"""
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("marts") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        build_marts(con)
    return path


@pytest.fixture(scope="module")
def con(warehouse):
    # read-only, as the report gets it: any write in a report query fails here
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def report(con):
    return build_weekly_report(con, OFFICE, WEEK, GENERATED_AT)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory):
    return write_report(report, tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def html(written) -> str:
    return written["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_pages(written) -> list[str]:
    return [page.extract_text() for page in PdfReader(written["pdf"]).pages]


@pytest.fixture(scope="module")
def workbook(written):
    return openpyxl.load_workbook(written["xlsx"])


def _sheet_rows(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(min_row=2, values_only=True))


# independent counts: a stay is spread over the Mondays from its first week to its end, as the marts
# do, rather than tested for overlap with the week as the report's queries do
STAY_WEEKS = """
    with stays as (
        select *, unnest(range(date_trunc('week', stay_start_date), stay_end_date + 1, interval 1 week))::date
            as monday
        from intermediate.lodging_reports_identified
        where office_code = $office and person_id is not null and stay_start_date is not null
            and stay_end_date >= stay_start_date
    )
"""


def _persons_present(con, week: str) -> int:
    query = STAY_WEEKS + "select count(distinct person_id) from stays where monday = $monday"
    return con.execute(query, {"office": OFFICE.code, "monday": _monday(week)}).fetchone()[0]


def _week_totals(con, week: str, office: str = OFFICE.code) -> tuple:
    """(present, new arrivals, unique persons, reports, complaints) of a week, each person once."""
    monday = _monday(week)
    present = _persons_present(con, week) if office == OFFICE.code else None
    arrivals, unique = con.execute(
        """
        select
            count(distinct person_id) filter (
                where date_trunc('week', arrival_date) = $monday and stay_end_date >= stay_start_date
            ),
            count(distinct person_id) filter (where date_trunc('week', submitted_date) = $monday),
        from intermediate.lodging_reports_identified
        where office_code = $office
        """,
        {"office": office, "monday": monday},
    ).fetchone()
    reports, complaints = con.execute(
        """
        select coalesce(sum(reports_received), 0), coalesce(sum(complaints_received), 0)
        from marts.district_weekly where office_code = ? and iso_week = ?
        """,
        [office, week],
    ).fetchone()
    return present, arrivals, unique, reports, complaints


def _breakdown(con, week: str, column: str) -> list[tuple]:
    """Persons present by the latest value their reports of the week give, largest first."""
    query = (
        STAY_WEEKS
        + f"""
        , latest as (
            select distinct person_id,
                last_value({column} ignore nulls) over (
                    partition by person_id order by submitted_at, response_key
                    rows between unbounded preceding and unbounded following
                ) as value
            from stays where monday = $monday
        )
        select coalesce(value, 'UNKNOWN') as value_code, count(*) as persons
        from latest group by all order by persons desc, value_code
        """
    )
    return con.execute(query, {"office": OFFICE.code, "monday": _monday(WEEK)}).fetchall()


# week helpers


@pytest.mark.parametrize(
    ("iso_week", "monday", "sunday"),
    [
        ("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
    ],
    ids=["mid_year", "week_one_starts_in_previous_year", "week_53_in_long_year"],
)
def test_iso_week_bounds__valid(iso_week, monday, sunday):
    assert iso_week_bounds(iso_week) == (monday, sunday)
    assert iso_week_of(monday) == iso_week
    assert iso_week_of(sunday) == iso_week


@pytest.mark.parametrize(
    "bad",
    ["2026W47", "2026-W7", "2026-w47", "", "2026-W00", "2026-W54", "2021-W53", " 2026-W47", "2026-47"],
)
def test_iso_week_bounds__bad_week_raises(bad):
    with pytest.raises(ValueError, match="YYYY-Www"):
        iso_week_bounds(bad)


def test_build_weekly_report__bad_week_raises(con):
    with pytest.raises(ValueError, match="YYYY-Www"):
        build_weekly_report(con, OFFICE, "47/2026", GENERATED_AT)


def test_build_weekly_report__naive_generated_at_raises(con):
    with pytest.raises(ValueError, match="timezone-aware"):
        build_weekly_report(con, OFFICE, WEEK, datetime(2026, 11, 24, 9, 30))


@pytest.mark.parametrize(
    ("week", "previous"),
    [("2026-W47", "2026-W46"), ("2026-W01", "2025-W52"), ("2021-W01", "2020-W53")],
)
def test_previous_iso_week(week, previous):
    assert previous_iso_week(week) == previous


@pytest.mark.parametrize(
    ("today", "week"),
    [(date(2026, 11, 26), "2026-W47"), (date(2026, 11, 23), "2026-W47"), (date(2027, 1, 3), "2026-W52")],
)
def test_last_complete_week__the_week_before_the_one_running(today, week):
    assert last_complete_week(OFFICE, today) == week


# gathering


def test_report__headline_counts_each_person_once_and_matches_sql(con, report):
    current, previous = _week_totals(con, WEEK), _week_totals(con, PREVIOUS)
    keys = ("foreigners_present", "new_arrivals", "unique_persons", "reports_received", "complaints_received")
    assert [item.key for item in report.headline] == list(keys)
    for index, key in enumerate(keys):
        figure = report.figure(key)
        assert (figure.current, figure.previous) == (current[index], previous[index]), key
        assert figure.change == current[index] - previous[index]
    # p_00 is in two kecamatan rows of the marts (49 in all), and one person in the headline
    assert report.figure("foreigners_present").current == 48
    assert sum(row.foreigners_present for row in report.by_kecamatan) == 49
    assert report.figure("new_arrivals").current == 24
    # 27 reports received, about 25 different persons (one report names nobody, p_00 twice)
    assert (report.figure("unique_persons").current, report.figure("reports_received").current) == (25, 27)
    assert report.figure("foreigners_present").change == 48 - 25


def test_report__header_fields(report):
    assert (report.week_start, report.week_end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert report.previous_week == PREVIOUS
    assert report.area_names == ("Kabupaten Natuna",)
    assert report.generated_at.utcoffset() == timedelta(hours=7)
    assert report.built_at.hour == 8
    assert report.edition == "default" and not report.is_restricted
    assert report.has_data


def test_report__area_names_fall_back_to_configured_codes(con):
    office = Office(code="RANAI", name="Ranai", kabkota_codes=["21.99", "21.03"])
    report = build_weekly_report(con, office, WEEK, GENERATED_AT)
    assert report.area_names == ("21.99", "Kabupaten Natuna")


def test_report__kabkota_subtotal_counts_each_person_once(report):
    (natuna,) = report.by_kabkota
    assert (natuna.kabkota_code, natuna.kabkota_name) == ("21.03", "Kabupaten Natuna")
    assert (natuna.foreigners_present, natuna.new_arrivals) == (48, 24)
    assert (natuna.reports_received, natuna.complaints_received) == (27, 5)


def test_report__kecamatan_ranked_by_foreigners_present(report):
    assert [(row.kecamatan_code, row.foreigners_present) for row in report.by_kecamatan] == [
        ("21.03.01", 40),
        ("21.03.02", 5),
        ("21.03.03", 3),
        (None, 1),
    ]


def test_report__top_ten_nationalities_plus_lainnya(con, report):
    expected = _breakdown(con, WEEK, "nationality_iso3")
    rows = report.by_nationality
    assert len(rows) == 11
    assert [(row.value_code, row.persons_present) for row in rows[:10]] == expected[:10]
    other = rows[10]
    assert other.is_other and other.value_code is None
    assert other.persons_present == sum(count for _, count in expected[10:]) == 3
    assert other.label == "Lainnya (3 negara)"
    assert [row.label for row in rows[:2]] == ["Tiongkok", "Malaysia"]
    assert sum(row.persons_present for row in rows) == report.figure("foreigners_present").current


def test_report__fewer_than_eleven_nationalities_have_no_lainnya(con):
    report = build_weekly_report(con, OFFICE, "2026-W40", GENERATED_AT)
    assert [(row.value_code, row.persons_present, row.is_other) for row in report.by_nationality] == [
        ("UNKNOWN", 3, False)
    ]


def test_report__purpose_and_permit_by_latest_report_match_sql(con, report):
    for column, rows in (("purpose", report.by_purpose), ("permit_type", report.by_permit_type)):
        assert [(row.value_code, row.persons_present) for row in rows] == _breakdown(con, WEEK, column)
        assert sum(row.persons_present for row in rows) == 48
    # p_00's second report says BEKERJA and gives no permit: the first report's permit still holds
    assert {row.value_code: row.persons_present for row in report.by_purpose}["BEKERJA"] == 13
    assert {row.value_code: row.persons_present for row in report.by_permit_type}["BEBAS_VISA"] == 12
    assert report.by_purpose[0].label == "Bekerja/TKA"


def test_report__complaints_received_resolved_overdue(report):
    by_category = {row.category: (row.received, row.resolved, row.overdue) for row in report.complaints_by_category}
    assert list(by_category) == list(INDONESIAN.complaint_categories)
    assert by_category["OVERSTAY"] == (1, 0, 2)  # c1 received and overdue, c4 overdue backlog
    assert by_category["ILLEGAL_WORK"] == (2, 0, 0)  # c2 too recent to be overdue, c6 in progress
    assert by_category["DISTURBANCE"] == (2, 1, 0)  # c3 resolved; c9 BARU for exactly 3 days
    assert by_category["NARCOTICS"] == (0, 1, 0)  # c5 submitted the week before, resolved this week
    assert by_category["SMUGGLING"] == (0, 0, 0)  # c7 came in after the week


def test_report__complaints_received_agree_with_district_weekly(report):
    assert sum(row.received for row in report.complaints_by_category) == (report.figure("complaints_received").current)


def test_report__overdue_counts_to_report_date_while_week_runs(con):
    # on Wednesday 18 November, c1 (Tuesday 17th) is one day old and c4 (5th) is long overdue
    report = build_weekly_report(con, OFFICE, WEEK, datetime(2026, 11, 18, 5, tzinfo=UTC))
    overdue = {row.category: row.overdue for row in report.complaints_by_category}
    assert overdue["OVERSTAY"] == 1


def test_report__overstay_alerts_pseudonymous(report):
    counts = [
        (row.alert_kind, row.open_alerts, row.new_alerts, row.resolved_alerts, row.over_60_days)
        for row in report.overstay_counts
    ]
    assert counts == [
        ("OVERSTAY", 2, 0, 0, 1),  # a6 came after the week
        ("VISA_FREE_LIMIT", 0, 1, 1, 0),
        ("EXPIRING_SOON", 1, 0, 0, 0),
    ]
    # the list is the alerts as they stood at the week's end: a6 not yet raised, a5 resolved in the week
    assert [row.person_id for row in report.overstay_alerts] == ["p_0002", "p_0001", "p_0003", "p_0005"]
    assert report.overstay_alerts[0].permit_type_label == "Visa on arrival (VoA)"
    assert report.alerts_as_of == date(2026, 11, 22)
    assert not any(field in (SECRET_NAME, SECRET_PASSPORT) for row in report.overstay_alerts for field in row)
    assert report.identities == {}


def test_report__alert_rows_carry_id_status_officer_and_age_at_the_week_end(report):
    rows = {row.person_id: row for row in report.overstay_alerts}
    # a1 acknowledged during the week; a2's acknowledgement came after it, so it was still new then
    assert (rows["p_0001"].alert_id, rows["p_0001"].status_label, rows["p_0001"].officer) == (
        "a1short",
        "DITINDAKLANJUTI",
        OFFICER,
    )
    assert (rows["p_0002"].status_label, rows["p_0002"].officer) == ("BARU", None)
    assert (rows["p_0005"].status_label, rows["p_0005"].officer) == ("SELESAI", None)
    # days since raised and days left count to the week's last day
    assert rows["p_0001"].days_since_raised == (date(2026, 11, 22) - date(2026, 11, 2)).days
    assert rows["p_0003"].days_to_expiry == 5  # 4 left when last detected on the 23rd
    # the summary counts the list's rows
    for count in report.overstay_counts:
        listed = [row for row in report.overstay_alerts if row.alert_kind == count.alert_kind]
        assert count.open_alerts == sum(row.status != "RESOLVED" for row in listed)
        assert count.resolved_alerts == sum(row.status == "RESOLVED" for row in listed)


def test_report__a_later_week_shows_the_alerts_as_they_stand_then(con):
    later = build_weekly_report(con, OFFICE, "2026-W48", datetime(2026, 11, 30, 2, tzinfo=UTC))
    rows = {row.person_id: row for row in later.overstay_alerts}
    assert set(rows) == {"p_0001", "p_0002", "p_0003", "p_0006"}  # a5 was resolved the week before
    assert (rows["p_0002"].status_label, rows["p_0002"].officer) == ("DITINDAKLANJUTI", "Rina")
    assert rows["p_0006"].status_label == "BARU"
    earlier = build_weekly_report(con, OFFICE, "2026-W44", GENERATED_AT)
    assert earlier.overstay_alerts == () and earlier.overstay_counts == ()


def test_report__foreign_workers_per_sponsor_this_week_and_trend(report):
    assert report.worker_weeks == tuple(f"2026-W{week}" for week in range(40, 48))
    assert [(row.sponsor_name, row.kecamatan_name, row.workers_present, row.new_workers, row.trend)
            for row in report.foreign_workers] == [
        # most workers this week first, ties by the weeks shown; the week before the eight is not shown
        ("PT Natuna Gas", "Bunguran Timur", 5, 2, (1, 0, 0, 0, 0, 0, 3, 5)),
        ("CV Laut Biru", "Bunguran Barat", 5, 0, (0, 0, 0, 0, 0, 0, 2, 5)),
        ("(tidak diisi)", "Midai", 1, 1, (0, 0, 0, 0, 0, 0, 0, 1)),
        ("PT Lama", "Midai", 0, 0, (0, 0, 2, 0, 0, 0, 0, 0)),
    ]  # fmt: skip


def test_report__foreign_workers_in_html_and_xlsx(report, html, workbook):
    assert "TKA (tujuan bekerja) per perusahaan/sponsor" in html and "PT Natuna Gas" in html
    rows = _sheet_rows(workbook, "TKA per sponsor")
    assert [row[:5] for row in rows] == [
        (row.sponsor_name, row.kabkota_name, row.kecamatan_name, row.workers_present, row.new_workers)
        for row in report.foreign_workers
    ]
    assert [tuple(row[5:]) for row in rows] == [row.trend for row in report.foreign_workers]


def test_report__restricted_edition_names_persons_with_alerts(con):
    report = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, edition="restricted")
    assert report.is_restricted
    assert set(report.identities) == {"p_0001", "p_0002", "p_0003"}
    first = report.identities["p_0001"]
    assert (first.full_name, first.passport_number) == (SECRET_NAME, SECRET_PASSPORT)
    # where and by whom the person was last reported: the office can go and find them
    assert (first.establishment_name, first.reporter_phone) == ("Wisma Laut", SECRET_PHONE)
    assert report.identities["p_0003"].passport_number is None


def test_build_weekly_report__unknown_edition_raises(con):
    with pytest.raises(ValueError, match="unknown edition"):
        build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, edition="public")


def test_report__trend_twelve_weeks_zero_filled(con, report):
    assert len(report.trend) == 12
    assert report.trend[-1].iso_week == WEEK
    assert report.trend[-1] == (WEEK, _monday(WEEK), *(item.current for item in report.headline))
    assert report.trend[-2] == (PREVIOUS, _monday(PREVIOUS), *(item.previous for item in report.headline))
    assert report.trend[0].week_start_date == _monday(WEEK) - timedelta(weeks=11)
    for row in report.trend:
        assert tuple(row)[2:] == _week_totals(con, row.iso_week), row.iso_week
    present = {row.iso_week: row.foreigners_present for row in report.trend}
    assert (present["2026-W40"], present["2026-W41"], present["2026-W44"]) == (3, 0, 1)


def test_report__freshness_in_office_time_with_stale_flag(report):
    by_source = {row.source_name: row for row in report.freshness}
    assert set(by_source) == {"ranai_lodging", INJECTED_SOURCE}
    assert by_source["ranai_lodging"].last_success_at.hour == 8
    assert not by_source["ranai_lodging"].is_stale
    assert by_source[INJECTED_SOURCE].is_stale


def test_report__rejects_summary(report):
    assert [(row.source_name, row.field, row.rejects) for row in report.rejects] == [
        ("ranai_lodging", "kabkota", 3),
        (INJECTED_SOURCE, "category", 2),
        ("ranai_lodging", "passport_number", 1),
    ]


# HTML and PDF


def test_html__headings_and_headline_numbers(report, html):
    for heading in (
        "Laporan Mingguan Timpora",
        "Orang asing dilaporkan berada",
        "Kedatangan baru",
        "Orang asing berbeda dalam laporan",
        "Menurut kewarganegaraan",
        "Menurut wilayah",
        "Pengaduan masyarakat",
        "Peringatan overstay",
        "Kualitas data",
        "Perubahan dari minggu lalu",
        "Kesegaran data",
    ):
        assert heading in html
    present = report.figure("foreigners_present")
    assert ">48<" in html and ">25<" in html
    assert INDONESIAN.format_change(present.change, present.previous) == "+23 (+92,0%)"
    assert "+23 (+92,0%)" in html
    assert "16 November 2026 s.d. 22 November 2026" in html
    assert "24 November 2026 09.30 WIB" in html
    assert "Tiongkok" in html and "Lainnya (3 negara)" in html
    assert "Edisi umum (tanpa data pribadi)" in html


def test_html__rejects_name_the_form_question_and_reason(html):
    assert "Kabupaten/kota tidak dikenal" in html and "KABKOTA_UNKNOWN" in html
    assert "Nomor paspor" in html and "Nomor paspor tidak wajar" in html


def test_html__self_contained_with_two_charts(html):
    assert html.count('src="data:image/svg+xml;base64,') == 2
    assert "<link" not in html and "http://" not in html.replace("http://evil.example", "")
    assert "size: A4" in html


def test_html__form_text_is_escaped(html):
    assert SCRIPT_KECAMATAN not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pdf__same_figures_as_sql_with_page_numbers(con, pdf_pages):
    cover = pdf_pages[0]
    assert "Laporan Mingguan Timpora" in cover and "Kantor Imigrasi Kelas II TPI Ranai" in cover
    assert "16 November 2026 s.d. 22 November 2026" in cover
    # each headline row ends with this week, the week before and the change, as SQL counts them
    for current, previous in zip(_week_totals(con, WEEK), _week_totals(con, PREVIOUS), strict=True):
        assert f"{current} {previous} {INDONESIAN.format_change(current - previous, previous)}\n" in cover
    assert "48 25 +23 (+92,0%)" in cover
    pages = len(pdf_pages)
    assert pages >= 2
    assert all(f"Halaman {number} dari {pages}" in page for number, page in enumerate(pdf_pages, start=1))
    text = "\n".join(pdf_pages)
    assert "Lainnya (3 negara) 3 6,2%" in text and "Jumlah wilayah kantor 48 24 27 5" in text


def test_pdf__fetches_nothing_the_page_points_to(tmp_path, no_network):
    # a URL that reached the page (a form value gone wrong) is neither fetched nor read from disk
    from pipelines.report.pdf import write_pdf

    page = '<p>x</p><img src="http://198.51.100.7/x.png"><img src="file:///etc/hostname">'
    write_pdf(page, tmp_path / "x.pdf")
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF-")
    assert no_network == []


@pytest.fixture
def no_charts(monkeypatch):
    # for tests about the text only: drawing is the slow part
    monkeypatch.setattr(charts, "trend_chart", lambda rows, lang: "<svg/>")
    monkeypatch.setattr(charts, "nationality_chart", lambda rows, lang: "<svg/>" if rows else None)


def test_html__wita_office_shows_wita(con, no_charts):
    office = Office(code="RANAI", name="Uji WITA", timezone="Asia/Makassar", kabkota_codes=["21.03"])
    html = render_html(build_weekly_report(con, office, WEEK, GENERATED_AT))
    assert "24 November 2026 10.30 WITA" in html


def _personal_values(con) -> set[str]:
    """Every name, passport number and phone number the warehouse holds."""
    rows = con.execute(
        """
        select full_name, passport_number from marts.persons
        union all select full_name, passport_number from intermediate.lodging_reports_identified
        union all select reporter_name, reporter_phone from intermediate.lodging_reports_identified
        """
    ).fetchall()
    return {value for row in rows for value in row if value}


def _xlsx_texts(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]


def test_default_edition__no_names_passports_or_phones(con, written, html, pdf_pages):
    secrets = _personal_values(con)
    assert {SECRET_NAME, SECRET_PASSPORT, SECRET_PHONE} <= secrets
    pdf_text = "\n".join(pdf_pages)
    cells = _xlsx_texts(written["xlsx"])
    for secret in secrets:
        assert secret not in html
        assert secret not in pdf_text
        assert not any(secret in cell for cell in cells), secret


def test_restricted_edition__names_and_phones_in_its_own_files(con, tmp_path, no_charts):
    report = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, edition="restricted")
    paths = write_report(report, tmp_path, formats=["html", "xlsx"])
    assert [path.name for path in paths.values()] == [
        "rakor_RANAI_2026-W47_terbatas.html",
        "rakor_RANAI_2026-W47_terbatas.xlsx",
    ]
    html = paths["html"].read_text(encoding="utf-8")
    assert SECRET_NAME in html and SECRET_PASSPORT in html and SECRET_PHONE in html
    assert "TERBATAS" in html
    sheet = openpyxl.load_workbook(paths["xlsx"])["Overstay daftar"]
    header, *rows = sheet.iter_rows(values_only=True)
    by_person = {row[header.index("ID orang (pseudonim)")]: dict(zip(header, row, strict=True)) for row in rows}
    first = by_person["p_0001"]
    assert (first["ID peringatan"], first["Status"], first["Petugas"]) == ("a1short", "DITINDAKLANJUTI", OFFICER)
    assert (first["Nama"], first["Nomor paspor"]) == (SECRET_NAME, SECRET_PASSPORT)
    # a phone number starts with "+": neutralised like any form text
    assert first["Nomor HP pelapor"] == "'" + SECRET_PHONE


def test_restricted_edition__files_readable_by_their_owner_only(con, tmp_path, no_charts):
    restricted = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, edition="restricted")
    default = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT)
    (tmp_path / ".rakor_RANAI_2026-W47_terbatas.xlsx.tmp").write_text("left by a run that was killed")
    previous_umask = os.umask(0o022)  # others may read what the process writes
    try:
        restricted_paths = write_report(restricted, tmp_path, formats=["html", "pdf", "xlsx"])
        default_paths = write_report(default, tmp_path, formats=["html", "xlsx"])
    finally:
        os.umask(previous_umask)
    assert {path.stat().st_mode & 0o777 for path in restricted_paths.values()} == {0o600}
    assert {path.stat().st_mode & 0o777 for path in default_paths.values()} == {0o644}
    assert openpyxl.load_workbook(restricted_paths["xlsx"])["Overstay daftar"].max_row > 1
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        path.name for path in [*restricted_paths.values(), *default_paths.values()]
    )


def test_headline_markdown__table_for_the_prefect_artifact(report):
    from pipelines.report.run import headline_markdown

    text = headline_markdown(report)
    assert text.startswith("### Kantor Imigrasi Kelas II TPI Ranai (RANAI), 2026-W47")
    assert "| Orang asing dilaporkan berada | 48 | 25 | +23 (+92,0%) |" in text
    assert "| Orang asing berbeda dalam laporan | 25 | 25 | 0 |" in text
    # a "|" in an office name stays inside its heading
    assert headline_markdown(replace(report, office_name="Kanim | Ranai")).startswith("### Kanim \\| Ranai (RANAI)")


# XLSX


def test_xlsx__summary_matches_sql(con, workbook):
    current, previous = _week_totals(con, WEEK), _week_totals(con, PREVIOUS)
    rows = _sheet_rows(workbook, "Ringkasan")
    assert [row[1] for row in rows] == list(current)
    assert [row[2] for row in rows] == list(previous)
    assert [row[3] for row in rows] == [c - p for c, p in zip(current, previous, strict=True)]
    assert [row[0] for row in rows[:3]] == [
        "Orang asing dilaporkan berada",
        "Kedatangan baru",
        "Orang asing berbeda dalam laporan",
    ]
    assert all(isinstance(value, int) for row in rows for value in row[1:4])
    assert rows[0][4] == pytest.approx(23 / 25)


def test_xlsx__kecamatan_matches_sql(con, workbook):
    expected = con.execute(
        """
        select kecamatan_code, foreigners_present, new_arrivals, reports_received, complaints_received
        from marts.district_weekly where office_code = ? and iso_week = ?
        order by kecamatan_code is null, foreigners_present desc
        """,
        [OFFICE.code, WEEK],
    ).fetchall()
    rows = _sheet_rows(workbook, "Kecamatan")
    assert [(row[2], *row[4:]) for row in rows] == expected
    (kabkota,) = _sheet_rows(workbook, "Kabupaten-kota")
    assert kabkota[2:] == (48, 24, 27, 5)


def test_xlsx__breakdown_sheets_match_report(report, workbook):
    for sheet, rows in (
        ("Kewarganegaraan", report.by_nationality),
        ("Tujuan", report.by_purpose),
        ("Jenis izin", report.by_permit_type),
    ):
        cells = _sheet_rows(workbook, sheet)
        assert [(cell[1], cell[2]) for cell in cells] == [(row.label, row.persons_present) for row in rows]
        assert sum(cell[3] for cell in cells) == pytest.approx(1.0)
    assert _sheet_rows(workbook, "Kewarganegaraan")[-1][0] is None


def test_xlsx__one_sheet_per_table_with_frozen_header(workbook):
    assert workbook.sheetnames == [
        "Info",
        "Ringkasan",
        "Kabupaten-kota",
        "Kecamatan",
        "Kewarganegaraan",
        "Tujuan",
        "Jenis izin",
        "TKA per sponsor",
        "Pengaduan",
        "Overstay ringkasan",
        "Overstay daftar",
        "Tren 12 minggu",
        "Kualitas data",
        "Kesegaran data",
    ]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 8


def test_xlsx__dates_are_dates(workbook):
    trend = _sheet_rows(workbook, "Tren 12 minggu")
    assert trend[-1][1] == datetime(2026, 11, 16)
    assert workbook["Tren 12 minggu"]["B2"].is_date


def test_xlsx__formula_injection_neutralised(workbook):
    kecamatan = {row[2]: row[3] for row in _sheet_rows(workbook, "Kecamatan")}
    assert kecamatan["21.03.02"] == "'" + INJECTED_KECAMATAN
    sources = [row[0] for row in _sheet_rows(workbook, "Kesegaran data")]
    assert "'" + INJECTED_SOURCE in sources
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Bunguran Timur", "Bunguran Timur"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_cell(text, expected):
    assert neutralise_cell(text) == expected


# empty week, output options


def test_empty_week__renders_zeros_and_tidak_ada_data(con, tmp_path, no_charts):
    report = build_weekly_report(con, OFFICE, EMPTY_WEEK, GENERATED_AT)
    assert not report.has_data
    assert all((figure.current, figure.previous) == (0, 0) for figure in report.headline)
    assert report.by_kecamatan == () and report.by_nationality == () and report.by_kabkota == ()
    assert all(row.received == 0 for row in report.complaints_by_category)
    paths = write_report(report, tmp_path / "out", formats=["html", "xlsx"])
    html = paths["html"].read_text(encoding="utf-8")
    assert "Tidak ada data" in html
    assert html.count('src="data:image/svg+xml;base64,') == 1  # the trend, all zeros
    workbook = openpyxl.load_workbook(paths["xlsx"])
    assert [row[1] for row in _sheet_rows(workbook, "Ringkasan")] == [0, 0, 0, 0, 0]
    assert _sheet_rows(workbook, "Kecamatan") == [("Tidak ada data",) + (None,) * 7]


def test_empty_marts__report_still_builds(no_charts):
    with duckdb.connect() as con:
        build_marts(con, empty=True)
        report = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT)
    assert report.area_names == ("21.03",)
    assert report.built_at is None and report.alerts_as_of is None and report.overstay_alerts == ()
    assert "Tidak ada data" in render_html(report)


def test_write_report__file_names_and_formats(report, written, tmp_path):
    assert [path.name for path in written.values()] == [
        "rakor_RANAI_2026-W47.html",
        "rakor_RANAI_2026-W47.pdf",
        "rakor_RANAI_2026-W47.xlsx",
    ]
    assert written["pdf"].read_bytes().startswith(b"%PDF-")
    only_xlsx = write_report(report, tmp_path, formats=["xlsx"])
    assert list(only_xlsx) == ["xlsx"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rakor_RANAI_2026-W47.xlsx"]
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(report, tmp_path, formats=["docx"])


# labels and SQL files


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("TLS", "Timor-Leste"),
        ("CHN", "Tiongkok"),
        ("KOR", "Korea Selatan"),
        ("USA", "Amerika Serikat"),
        ("DEU", "Jerman"),
        ("NLD", "Belanda"),
        ("UNKNOWN", "Tidak diketahui"),
        (None, "Tidak diketahui"),
        ("XXX", "XXX"),
    ],
)
def test_nationality_label(code, label):
    assert INDONESIAN.nationality_label(code) == label


def test_label_formats():
    assert INDONESIAN.format_date(date(2026, 11, 24)) == "24 November 2026"
    assert INDONESIAN.format_number(1234567) == "1.234.567"
    assert INDONESIAN.format_number(5.25, 1) == "5,2"
    assert INDONESIAN.format_change(-3, 6) == "-3 (-50,0%)"
    assert INDONESIAN.format_change(4, 0) == "+4 (minggu lalu 0)"
    assert INDONESIAN.format_change(0, 5) == "0"
    assert INDONESIAN.format_share(9, 48) == "18,8%"
    assert INDONESIAN.format_share(0, 0) == "-"
    assert INDONESIAN.permit_type_label("VOA") == "Visa on arrival (VoA)"
    assert INDONESIAN.purpose_label("BEKERJA") == "Bekerja/TKA"
    assert INDONESIAN.complaint_category_label("PERMIT_MISUSE") == "Penyalahgunaan izin tinggal"
    assert INDONESIAN.reject_reason_label("DATE_LOCALE_MISMATCH") == "Urutan hari/bulan tidak sesuai pengaturan lembar"
    assert INDONESIAN.reject_reason_label("NEW_CODE") == "NEW_CODE"
    assert INDONESIAN.field_label("passport_number") == "Nomor paspor"


def test_reject_reasons__every_documented_code_has_a_label():
    readme = (Path(__file__).parents[3] / "docs" / "pipeline.md").read_text(encoding="utf-8")
    rules = readme[readme.index("- **Rejects**") : readme.index("- **Matching**")]
    documented = set(re.findall(r"`([A-Z_]{6,})`", rules))
    assert documented and documented <= set(INDONESIAN.reject_reasons)


def test_sql_files__declare_purpose_and_grain_and_only_read():
    files = sorted(SQL_DIR.glob("*.sql"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("-- purpose:"), path.name
        assert "\n-- grain:" in text, path.name
        assert "{" not in text, f"{path.name}: parameters are bound, never formatted in"
        for word in ("insert ", "update ", "delete ", "create ", "drop ", "attach "):
            assert word not in text.lower(), f"{path.name} writes"
        # the marts only, never the layers below them
        schemas = set(re.findall(r"\b(?:from|join)\s+(\w+)\.", text))
        assert schemas <= {"marts"}, path.name


# a real sync and build: one foreigner reported by two hotels in two kecamatan of the same week

REAL_WEEK = "2026-W47"
PHONE_HEADER = "Nomor HP pelapor"
REAL_ROWS = [
    # Li Wei: VoA expired on the 18th, reported at Bunguran Timur on the 17th and Bunguran Barat on the 20th
    ["17/11/2026 10:00:00", "Hotel Natuna", "Li Wei", "Tiongkok", "E12345678", "VoA", "18/11/2026", "Wisata",
     "Kab. Natuna", "Bunguran Timur", "16/11/2026", "", "+62 812-1111-2222"],
    ["20/11/2026 09:00:00", "Wisma Laut", "Li Wei", "Tiongkok", "E12345678", "VoA", "18/11/2026", "Wisata",
     "Natuna", "Bunguran Barat", "20/11/2026", "", "0813-3333-4444"],
    ["18/11/2026 11:00:00", "Hotel Ranai", "Nguyen Van An", "Vietnam", "C1234567", "KITAS", "01/06/2027",
     "Bekerja", "Natuna", "Bunguran Barat", "01/11/2026", "", "0812-5555-6666"],
    ["21/11/2026 08:30:00", "Wisma Laut", "Kim Min-jun", "Korea Selatan", "M12345678", "Visa Kunjungan",
     "30/11/2026", "Wisata", "KABUPATEN NATUNA", "Midai", "20/11/2026", "22/11/2026", "0813-3333-4444"],
]  # fmt: skip


@pytest.fixture(scope="module")
def real_settings(tmp_path_factory):
    from conftest import LODGING_HEADERS, TEST_PSEUDONYM_KEY, file_source, write_config, write_csv
    from pipelines import steps
    from pipelines.core.config import load_config

    folder = tmp_path_factory.mktemp("real")
    csv_path = write_csv(folder / "ranai.csv", [*LODGING_HEADERS, PHONE_HEADER], REAL_ROWS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        settings = load_config(write_config(folder, file_source("ranai_lodging", csv_path)))
        steps.sync_one(settings, "ranai_lodging")
        # built on the week's last day: its alerts are raised within the week the tests report
        steps.build(settings, date(2026, 11, 22))
    return settings


@pytest.fixture(scope="module")
def real_con(real_settings):
    connection = duckdb.connect(str(real_settings.snapshot_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def restricted_con(real_settings):
    # the owner-only snapshot: its per-report rows, and the alert rows the default edition lists
    connection = duckdb.connect(str(real_settings.restricted_snapshot_path), read_only=True)
    yield connection
    connection.close()


def test_real_build__foreigners_present_counts_li_wei_once(real_settings, real_con, restricted_con):
    office = real_settings.office("RANAI")
    report = build_weekly_report(real_con, office, REAL_WEEK, GENERATED_AT, alerts_con=restricted_con)
    kecamatan_sum, distinct = restricted_con.execute(
        """
        select
            (select sum(foreigners_present) from marts.district_weekly
             where office_code = 'RANAI' and iso_week = $week),
            (select count(distinct person_id) from intermediate.lodging_reports_identified
             where office_code = 'RANAI' and person_id is not null
                and stay_start_date <= $sunday and stay_end_date >= $monday and stay_end_date >= stay_start_date)
        """,
        {"week": REAL_WEEK, "monday": _monday(REAL_WEEK), "sunday": _monday(REAL_WEEK) + timedelta(days=6)},
    ).fetchone()
    assert (kecamatan_sum, distinct) == (4, 3)
    assert report.figure("foreigners_present").current == distinct
    assert report.figure("unique_persons").current == 3 and report.figure("reports_received").current == 4
    assert sum(row.persons_present for row in report.by_nationality) == distinct


def test_real_build__default_edition_has_no_personal_data(real_settings, real_con, restricted_con, tmp_path, no_charts):
    # the PDF of the same page is scanned in test_default_edition__no_names_passports_or_phones
    office = real_settings.office("RANAI")
    report = build_weekly_report(real_con, office, REAL_WEEK, GENERATED_AT, alerts_con=restricted_con)
    written = write_report(report, tmp_path, formats=["html", "xlsx"])
    with duckdb.connect(str(real_settings.warehouse), read_only=True) as warehouse:
        rows = warehouse.execute(
            "select full_name, passport_number, reporter_phone, reporter_name from staging.lodging_reports"
        ).fetchall()
    secrets = {value for row in rows for value in row if value}
    assert {"Li Wei", "E12345678", "+6281211112222"} <= secrets
    assert report.overstay_alerts, "Li Wei's expired VoA should give an alert, listed by pseudonymous id"
    html = written["html"].read_text(encoding="utf-8")
    cells = _xlsx_texts(written["xlsx"])
    assert "Bunguran Barat" in html
    for secret in secrets:
        assert secret not in html, secret
        assert not any(secret in cell for cell in cells), secret


def test_cli_report__restricted_edition_names_the_person_with_an_alert(real_settings, tmp_path):
    from typer.testing import CliRunner

    from pipelines.cli import app

    config = real_settings.warehouse.parent / "timpora.toml"
    out = tmp_path / "out"
    args = ["--config", str(config), "report", "--week", REAL_WEEK, "--office", "RANAI", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--edition", "restricted", "--format", "html,xlsx"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == [
        "rakor_RANAI_2026-W47_terbatas.html",
        "rakor_RANAI_2026-W47_terbatas.xlsx",
    ]
    html = (out / "rakor_RANAI_2026-W47_terbatas.html").read_text(encoding="utf-8")
    assert "Li Wei" in html and "E12345678" in html
    assert "Nguyen Van An" not in html  # no alert, so not named even here
    refused = CliRunner().invoke(app, [*args, "--edition", "public"])
    assert refused.exit_code == 2 and "unknown edition" in refused.output


def test_write_weekly_report__default_edition_lists_alerts_with_their_traits(
    real_settings, real_con, tmp_path, monkeypatch
):
    """The analysts' snapshot suppresses a lone alert's nationality and place; the default report still shows them."""
    from pipelines.report import run

    made = []

    def keeping(*args, **kwargs):  # the report as gathered, before it is written
        made.append(build_weekly_report(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(run, "build_weekly_report", keeping)
    run.write_weekly_report(real_settings, "RANAI", REAL_WEEK, out_dir=tmp_path, formats=["html"])
    [alert] = made[0].overstay_alerts
    suppressed = real_con.execute("select nationality_iso3, kecamatan_name, permit_type from marts.alerts").fetchall()
    assert suppressed == [(None, None, None)]
    assert (alert.nationality_iso3, alert.kecamatan_name, alert.permit_type) == ("CHN", "Bunguran Barat", "VOA")
    assert made[0].edition == "default" and made[0].identities == {}
