"""Tests of the weekly rakor report: gathering from hand-made marts, HTML and XLSX output."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.config import Office
from pipelines.report import charts, labels
from pipelines.report.render import neutralise_cell, render_html, write_report
from pipelines.report.weekly import (
    SQL_DIR,
    build_weekly_report,
    iso_week_bounds,
    iso_week_of,
    previous_iso_week,
)

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

# the marts as docs/marts_contract.md describes them; the real build lives elsewhere
MARTS_DDL = """
create schema marts;
create table marts.district_weekly (
    office_code text, iso_week text, week_start_date date, kabkota_code text, kabkota_name text,
    kecamatan_code text, kecamatan_name text, foreigners_present bigint, new_arrivals bigint,
    reports_received bigint, complaints_received bigint
);
create table marts.district_weekly_breakdown (
    office_code text, iso_week text, week_start_date date, kabkota_code text, kecamatan_code text,
    dimension text, value_code text, persons_present bigint
);
create table marts.overstay_alerts (
    alert_id text, office_code text, person_id text, nationality_iso3 text, kabkota_code text,
    kabkota_name text, kecamatan_code text, kecamatan_name text, permit_type text,
    permit_expiry_date date, last_present_date date, days_overstayed integer, days_to_expiry integer,
    alert_kind text, as_of_date date
);
create table marts.persons (
    person_id text, identity_method text, nationality_iso3 text, full_name text, passport_number text,
    sex text, first_reported_date date, last_reported_date date, reports_count integer,
    latest_permit_type text, latest_permit_expiry_date date
);
create table marts.complaints (
    complaint_id text, office_code text, source_name text, submitted_at timestamptz, submitted_date date,
    iso_week text, week_start_date date, kabkota_code text, kabkota_name text, kecamatan_code text,
    kecamatan_name text, nationality_iso3 text, category text, followup_status text, followup_date date,
    days_to_followup integer
);
create table marts.source_freshness (
    source_name text, office_code text, form_kind text, last_success_at timestamptz, rows_current bigint,
    rejects bigint
);
create table marts.rejects_summary (
    source_name text, office_code text, field text, reason text, rejects bigint, example_row_number bigint
);
create table marts.build_info (built_at timestamptz, as_of_date date);
"""

NATIONALITY_COUNTS = {  # 13 codes: the top 10 stay, 3 fold into "Lainnya"
    "CHN": 400,
    "MYS": 310,
    "SGP": 120,
    "KOR": 95,
    "USA": 60,
    "TLS": 44,
    "AUS": 30,
    "JPN": 22,
    "NGA": 15,
    "IND": 9,
    "DEU": 5,
    "UNKNOWN": 3,
    "FRA": 2,
}


def _monday(iso_week: str) -> date:
    return iso_week_bounds(iso_week)[0]


def _district(office: str, week: str, kecamatan: tuple[str | None, str], figures: tuple[int, int, int, int]):
    return (office, week, _monday(week), "21.03", "Kabupaten Natuna", *kecamatan, *figures)


def _district_rows() -> list[tuple]:
    rows = [
        _district("RANAI", WEEK, ("21.03.01", "Bunguran Timur"), (1180, 140, 260, 4)),
        _district("RANAI", WEEK, ("21.03.02", INJECTED_KECAMATAN), (7, 1, 2, 1)),
        _district("RANAI", WEEK, ("21.03.03", SCRIPT_KECAMATAN), (4, 0, 1, 0)),
        _district("RANAI", WEEK, (None, "(tidak diketahui)"), (3, 2, 3, 0)),
        _district("RANAI", PREVIOUS, ("21.03.01", "Bunguran Timur"), (1100, 90, 230, 6)),
        _district("RANAI", PREVIOUS, ("21.03.02", INJECTED_KECAMATAN), (10, 0, 1, 0)),
        _district("RANAI", "2026-W40", ("21.03.01", "Bunguran Timur"), (950, 70, 200, 1)),
        # another office's rows must not leak into this report
        _district("SERANG", WEEK, ("21.03.01", "Bunguran Timur"), (99999, 9999, 9999, 999)),
    ]
    return rows


def _breakdown_rows() -> list[tuple]:
    monday = _monday(WEEK)
    rows = []
    for code, count in NATIONALITY_COUNTS.items():
        # split over two kecamatan so the report has to add them up
        rows.append(("RANAI", WEEK, monday, "21.03", "21.03.01", "nationality", code, count - count // 3))
        rows.append(("RANAI", WEEK, monday, "21.03", None, "nationality", code, count // 3))
    for code, count in {"WISATA": 700, "BEKERJA": 350, "UNKNOWN": 40, "KELUARGA": 25}.items():
        rows.append(("RANAI", WEEK, monday, "21.03", "21.03.01", "purpose", code, count))
    for code, count in {"KITAS": 330, "BEBAS_VISA": 500, "VOA": 260, "KITAP": 25}.items():
        rows.append(("RANAI", WEEK, monday, "21.03", "21.03.01", "permit_type", code, count))
    rows.append(("SERANG", WEEK, monday, "21.03", "21.03.01", "nationality", "RUS", 5000))
    rows.append(("RANAI", PREVIOUS, _monday(PREVIOUS), "21.03", "21.03.01", "nationality", "RUS", 700))
    return rows


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


def _alert(alert_id, office, person_id, kind, expiry, days_overstayed, days_to_expiry, permit="ITK"):
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
    )


def _alert_rows() -> list[tuple]:
    return [
        _alert("a1", "RANAI", "p_0001", "OVERSTAY", date(2026, 11, 13), 10, None),
        _alert("a2", "RANAI", "p_0002", "OVERSTAY", date(2026, 9, 1), 83, None, "VOA"),
        _alert("a3", "RANAI", "p_0003", "EXPIRING_SOON", date(2026, 11, 27), 0, 4, "KITAS"),
        _alert("a4", "SERANG", "p_0004", "OVERSTAY", date(2026, 10, 1), 53, None),
    ]


def _person_rows() -> list[tuple]:
    return [
        ("p_0001", "passport", "CHN", SECRET_NAME, SECRET_PASSPORT, "L", None, None, 3, "ITK", None),
        ("p_0002", "passport", "CHN", "Li Na Rahasia", "G11223344", "P", None, None, 1, "VOA", None),
        ("p_0003", "name_dob", "CHN", "Wang Fang Rahasia", None, "P", None, None, 2, "KITAS", None),
    ]


def build_marts(con: duckdb.DuckDBPyConnection, *, empty: bool = False) -> None:
    """Create the marts tables of the contract; with a few hand-made rows unless empty."""
    con.execute(MARTS_DDL)
    if empty:
        return
    tables = {
        "district_weekly": _district_rows(),
        "district_weekly_breakdown": _breakdown_rows(),
        "complaints": _complaint_rows(),
        "overstay_alerts": _alert_rows(),
        "persons": _person_rows(),
        "source_freshness": [
            ("ranai_lodging", "RANAI", "lodging", datetime(2026, 11, 24, 1, 0, tzinfo=UTC), 1450, 4),
            (INJECTED_SOURCE, "RANAI", "complaint", datetime(2026, 11, 10, 1, 0, tzinfo=UTC), 40, 2),
            ("serang_lodging", "SERANG", "lodging", datetime(2026, 11, 24, 1, 0, tzinfo=UTC), 10, 0),
        ],
        "rejects_summary": [
            ("ranai_lodging", "RANAI", "kabkota", "unknown kab/kota", 3, 17),
            ("ranai_lodging", "RANAI", "passport_number", "invalid format", 1, 22),
            (INJECTED_SOURCE, "RANAI", "category", "unknown category", 2, 5),
        ],
        "build_info": [(datetime(2026, 11, 24, 1, 5, tzinfo=UTC), date(2026, 11, 23))],
    }
    for table, rows in tables.items():
        placeholders = ", ".join("?" * len(rows[0]))
        con.executemany(f"insert into marts.{table} values ({placeholders})", rows)


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
def workbook(written):
    return openpyxl.load_workbook(written["xlsx"])


def _sheet_rows(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(min_row=2, values_only=True))


def _week_totals(con, week: str) -> tuple:
    return con.execute(
        """
        select
            coalesce(sum(foreigners_present), 0), coalesce(sum(new_arrivals), 0),
            coalesce(sum(reports_received), 0), coalesce(sum(complaints_received), 0)
        from marts.district_weekly where office_code = ? and iso_week = ?
        """,
        [OFFICE.code, week],
    ).fetchone()


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


# gathering


def test_report__headline_matches_sql_with_week_over_week_change(con, report):
    current, previous = _week_totals(con, WEEK), _week_totals(con, PREVIOUS)
    keys = ("foreigners_present", "new_arrivals", "reports_received", "complaints_received")
    for index, key in enumerate(keys):
        figure = report.figure(key)
        assert (figure.current, figure.previous) == (current[index], previous[index])
        assert figure.change == current[index] - previous[index]
    assert report.figure("foreigners_present").change == 1194 - 1110


def test_report__header_fields(report):
    assert (report.week_start, report.week_end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert report.previous_week == PREVIOUS
    assert report.area_names == ("Kabupaten Natuna",)
    assert report.generated_at.utcoffset() == timedelta(hours=7)
    assert report.built_at.hour == 8
    assert report.has_data


def test_report__area_names_fall_back_to_configured_codes(con):
    office = Office(code="RANAI", name="Ranai", kabkota_codes=["21.99", "21.03"])
    report = build_weekly_report(con, office, WEEK, GENERATED_AT)
    assert report.area_names == ("21.99", "Kabupaten Natuna")


def test_report__top_ten_nationalities_plus_lainnya(con, report):
    expected = con.execute(
        """
        select value_code, sum(persons_present) as persons
        from marts.district_weekly_breakdown
        where office_code = ? and iso_week = ? and dimension = 'nationality'
        group by value_code order by persons desc, value_code
        """,
        [OFFICE.code, WEEK],
    ).fetchall()
    rows = report.by_nationality
    assert len(rows) == 11
    assert [(row.value_code, row.persons_present) for row in rows[:10]] == expected[:10]
    other = rows[10]
    assert other.is_other and other.value_code is None
    assert other.persons_present == sum(count for _, count in expected[10:])
    assert other.label == "Lainnya (3 negara)"
    assert [row.label for row in rows[:2]] == ["Tiongkok", "Malaysia"]
    assert sum(row.persons_present for row in rows) == sum(NATIONALITY_COUNTS.values())


def test_report__fewer_than_eleven_nationalities_have_no_lainnya(con):
    report = build_weekly_report(con, OFFICE, PREVIOUS, GENERATED_AT)
    assert [(row.value_code, row.persons_present, row.is_other) for row in report.by_nationality] == [
        ("RUS", 700, False)
    ]


def test_report__purpose_and_permit_breakdowns_match_sql(con, report):
    for dimension, rows in (("purpose", report.by_purpose), ("permit_type", report.by_permit_type)):
        expected = con.execute(
            """
            select value_code, sum(persons_present) as persons from marts.district_weekly_breakdown
            where office_code = ? and iso_week = ? and dimension = ?
            group by value_code order by persons desc, value_code
            """,
            [OFFICE.code, WEEK, dimension],
        ).fetchall()
        assert [(row.value_code, row.persons_present) for row in rows] == expected
    assert report.by_purpose[1].label == "Bekerja/TKA"
    assert report.by_permit_type[0].label == "Bebas visa kunjungan"


def test_report__complaints_received_resolved_overdue(report):
    by_category = {row.category: (row.received, row.resolved, row.overdue) for row in report.complaints_by_category}
    assert list(by_category) == list(labels.COMPLAINT_CATEGORIES)
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
    assert [(row.alert_kind, row.alerts, row.over_60_days) for row in report.overstay_counts] == [
        ("OVERSTAY", 2, 1),
        ("EXPIRING_SOON", 1, 0),
    ]
    assert [row.person_id for row in report.overstay_alerts] == ["p_0002", "p_0001", "p_0003"]
    assert report.overstay_alerts[0].permit_type_label == "Visa on arrival (VoA)"
    assert report.alerts_as_of == date(2026, 11, 23)
    assert not any(field in (SECRET_NAME, SECRET_PASSPORT) for row in report.overstay_alerts for field in row)


def test_report__trend_twelve_weeks_zero_filled(con, report):
    assert len(report.trend) == 12
    assert report.trend[-1].iso_week == WEEK
    assert report.trend[0].week_start_date == _monday(WEEK) - timedelta(weeks=11)
    for row in report.trend:
        present, _, _, complaints = _week_totals(con, row.iso_week)
        assert (row.foreigners_present, row.complaints_received) == (present, complaints)
    assert {row.iso_week: row.foreigners_present for row in report.trend}["2026-W41"] == 0


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


# HTML


def test_html__headings_and_headline_numbers(report, html):
    for heading in (
        "Laporan Mingguan Timpora",
        "Orang asing dilaporkan berada",
        "Kedatangan baru",
        "Menurut kewarganegaraan",
        "Menurut kecamatan",
        "Pengaduan masyarakat",
        "Peringatan overstay",
        "Kualitas data",
        "Perubahan dari minggu lalu",
    ):
        assert heading in html
    present = report.figure("foreigners_present")
    assert labels.format_number_id(present.current) == "1.194"
    assert ">1.194<" in html
    assert ">1.110<" in html
    assert labels.format_change_id(present.change, present.previous) in html
    assert "+84 (+7,6%)" in html
    assert "16 November 2026 s.d. 22 November 2026" in html
    assert "24 November 2026 09.30 WIB" in html
    assert "Tiongkok" in html and "Lainnya (3 negara)" in html


def test_html__self_contained_with_two_charts(html):
    assert html.count('src="data:image/svg+xml;base64,') == 2
    assert "<link" not in html and "http://" not in html.replace("http://evil.example", "")
    assert "@page { size: A4" in html


def test_html__no_names_or_passport_numbers(con, html, workbook):
    persons = con.execute("select full_name, passport_number from marts.persons").fetchall()
    secrets = [value for row in persons for value in row if value]
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    for secret in secrets:
        assert secret not in html
        assert not any(secret in cell for cell in cells)


def test_html__form_text_is_escaped(html):
    assert SCRIPT_KECAMATAN not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def no_charts(monkeypatch):
    # for tests about the text only: drawing is the slow part
    monkeypatch.setattr(charts, "trend_chart", lambda rows: "<svg/>")
    monkeypatch.setattr(charts, "nationality_chart", lambda rows: "<svg/>" if rows else None)


def test_html__wita_office_shows_wita(con, no_charts):
    office = Office(code="RANAI", name="Uji WITA", timezone="Asia/Makassar", kabkota_codes=["21.03"])
    html = render_html(build_weekly_report(con, office, WEEK, GENERATED_AT))
    assert "24 November 2026 10.30 WITA" in html


# XLSX


def test_xlsx__summary_matches_sql(con, workbook):
    current, previous = _week_totals(con, WEEK), _week_totals(con, PREVIOUS)
    rows = _sheet_rows(workbook, "Ringkasan")
    assert [row[1] for row in rows] == list(current)
    assert [row[2] for row in rows] == list(previous)
    assert [row[3] for row in rows] == [c - p for c, p in zip(current, previous, strict=True)]
    assert rows[0][0] == "Orang asing dilaporkan berada"
    assert all(isinstance(value, int) for row in rows for value in row[1:4])


def test_xlsx__kecamatan_matches_sql(con, workbook):
    expected = con.execute(
        """
        select kecamatan_code, foreigners_present, new_arrivals, reports_received, complaints_received
        from marts.district_weekly where office_code = ? and iso_week = ?
        order by kecamatan_code nulls last
        """,
        [OFFICE.code, WEEK],
    ).fetchall()
    rows = _sheet_rows(workbook, "Kecamatan")
    assert [(row[2], *row[4:]) for row in rows] == expected


def test_xlsx__nationality_sheet_matches_report(report, workbook):
    rows = _sheet_rows(workbook, "Kewarganegaraan")
    assert [(row[1], row[2]) for row in rows] == [(row.label, row.persons_present) for row in report.by_nationality]
    assert rows[-1][0] is None


def test_xlsx__one_sheet_per_table_with_frozen_header(workbook):
    assert workbook.sheetnames == [
        "Info",
        "Ringkasan",
        "Kecamatan",
        "Kewarganegaraan",
        "Tujuan",
        "Jenis izin",
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


def test_empty_week__renders_zeros_and_tidak_ada_data(con, tmp_path):
    report = build_weekly_report(con, OFFICE, EMPTY_WEEK, GENERATED_AT)
    assert not report.has_data
    assert all((figure.current, figure.previous) == (0, 0) for figure in report.headline)
    assert report.by_kecamatan == () and report.by_nationality == ()
    assert all(row.received == 0 for row in report.complaints_by_category)
    paths = write_report(report, tmp_path / "out")
    html = paths["html"].read_text(encoding="utf-8")
    assert "Tidak ada data" in html
    assert html.count('src="data:image/svg+xml;base64,') == 1  # the trend, all zeros
    workbook = openpyxl.load_workbook(paths["xlsx"])
    assert [row[1] for row in _sheet_rows(workbook, "Ringkasan")] == [0, 0, 0, 0]
    assert _sheet_rows(workbook, "Kecamatan") == [("Tidak ada data",) + (None,) * 7]


def test_empty_marts__report_still_builds(no_charts):
    with duckdb.connect() as con:
        build_marts(con, empty=True)
        report = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT)
    assert report.area_names == ("21.03",)
    assert report.built_at is None and report.alerts_as_of is None
    assert "Tidak ada data" in render_html(report)


def test_write_report__file_names_and_formats(report, written, tmp_path):
    assert written["html"].name == "rakor_RANAI_2026-W47.html"
    assert written["xlsx"].name == "rakor_RANAI_2026-W47.xlsx"
    only_xlsx = write_report(report, tmp_path, formats=["xlsx"])
    assert list(only_xlsx) == ["xlsx"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rakor_RANAI_2026-W47.xlsx"]
    with pytest.raises(ValueError, match="unknown report format"):
        write_report(report, tmp_path, formats=["pdf"])


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
    assert labels.nationality_label(code) == label


def test_label_formats():
    assert labels.format_date_id(date(2026, 11, 24)) == "24 November 2026"
    assert labels.format_number_id(1234567) == "1.234.567"
    assert labels.format_number_id(5.25, 1) == "5,2"
    assert labels.format_change_id(-3, 6) == "-3 (-50,0%)"
    assert labels.format_change_id(4, 0) == "+4 (minggu lalu 0)"
    assert labels.format_change_id(0, 5) == "0"
    assert labels.permit_type_label("VOA") == "Visa on arrival (VoA)"
    assert labels.purpose_label("BEKERJA") == "Bekerja/TKA"
    assert labels.complaint_category_label("PERMIT_MISUSE") == "Penyalahgunaan izin tinggal"


def test_sql_files__declare_purpose_and_grain_and_read_marts_only():
    files = sorted(SQL_DIR.glob("*.sql"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("-- purpose:"), path.name
        assert "\n-- grain:" in text, path.name
        assert "{" not in text, f"{path.name}: parameters are bound, never formatted in"
        for word in ("insert ", "update ", "delete ", "create ", "drop ", "attach "):
            assert word not in text.lower(), f"{path.name} writes"
