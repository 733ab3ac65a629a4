"""The analysts' snapshot of the demo: no pointer back to a form row, and no rare combination of traits.

k is the number of persons who share a row's quasi-identifiers as the snapshot publishes them; a row
whose quasi-identifiers are all suppressed (null) singles nobody out.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

import duckdb
import pytest

from conftest import REPO, TEST_PSEUDONYM_KEY
from pipelines import steps
from pipelines.config import load_config
from pipelines.demo.generate import generate_demo
from pipelines.snapshot import POINTER_COLUMNS
from pipelines.warehouse import read_sql

END = date(2026, 11, 22)
K = 5


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    """The demo synced and built: (analysts' snapshot, restricted snapshot), each opened read-only."""
    folder = tmp_path_factory.mktemp("demo-privacy")
    manifest = generate_demo(folder / "demo", END)
    text = (REPO / "config/timpora.toml").read_text(encoding="utf-8")
    text = text.replace('warehouse = "data/timpora.duckdb"', f'warehouse = "{folder / "wh.duckdb"}"')
    for source in tomllib.loads(text)["sources"]:
        text = text.replace(f'path = "{source["path"]}"', f'path = "{manifest.files[source["name"]]}"')
    for name in ("timpora.toml", "headers.toml", "nationality_aliases.toml"):
        (folder / name).write_text(text if name == "timpora.toml" else (REPO / "config" / name).read_text("utf-8"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        settings = load_config(folder / "timpora.toml")
        for source in settings.sources:
            steps.sync_one(settings, source.name)
        steps.build(settings, END)
    analysts = duckdb.connect(str(settings.snapshot_path), read_only=True)
    restricted = duckdb.connect(str(settings.restricted_snapshot_path), read_only=True)
    yield analysts, restricted
    analysts.close()
    restricted.close()


def smallest_group(con, table: str, quasi_identifiers: list[str], persons: str = "count(*)") -> int:
    """The fewest persons sharing one published combination, over the rows not wholly suppressed."""
    columns = ", ".join(quasi_identifiers)
    suppressed = " and ".join(f"{column} is null" for column in quasi_identifiers)
    query = f"select {persons} as persons from {table} where not ({suppressed}) group by {columns}"
    return con.execute(f"select min(persons) from ({query})").fetchone()[0]  # noqa: S608


def test_snapshot__no_pointer_back_to_a_form_row(snapshots):
    analysts, restricted = snapshots
    columns = analysts.execute("select table_schema || '.' || table_name, column_name from information_schema.columns")
    found = [(table, column) for table, column in columns.fetchall() if column in POINTER_COLUMNS]
    assert found == []
    # the warehouse has them: the snapshot leaves them out
    assert restricted.execute("select count(submitted_at) from marts.complaints").fetchone()[0]
    tables = {
        row[0]
        for row in analysts.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    }
    assert not tables & {"intermediate.alert_assessment", "intermediate.alert_candidates", "state.alerts"}


def test_snapshot__persons_k_anonymous(snapshots):
    analysts, restricted = snapshots
    quasi_identifiers = ["nationality_iso3", "sex", "first_reported_date", "last_reported_date",
                         "latest_permit_type", "latest_permit_expiry_date"]  # fmt: skip
    assert smallest_group(restricted, "marts.persons", quasi_identifiers) == 1, "the demo has rare persons"
    assert smallest_group(analysts, "marts.persons", quasi_identifiers) >= K
    count = "select count(*), count(distinct person_id) from marts.persons"
    assert analysts.execute(count).fetchone() == restricted.execute(count).fetchone()
    weeks = analysts.execute(
        "select distinct isodow(first_reported_date) from marts.persons where first_reported_date is not null"
    )
    assert weeks.fetchall() == [(1,)]


def test_snapshot__complaint_subjects_k_anonymous(snapshots):
    analysts, restricted = snapshots
    quasi_identifiers = ["office_code", "kabkota_code", "iso_week", "nationality_iso3", "kecamatan_code"]
    persons = "count(distinct coalesce(subject_id, complaint_id))"
    assert smallest_group(restricted, "marts.complaints", quasi_identifiers, persons) < K
    # suppressed: nationality and kecamatan; office, kab/kota and week are the complaint's own
    published = [column for column in quasi_identifiers if column in ("nationality_iso3", "kecamatan_code")]
    rows = analysts.execute(
        f"select {', '.join(quasi_identifiers)}, {persons} from marts.complaints "  # noqa: S608
        f"where nationality_iso3 is not null or kecamatan_code is not null group by all having {persons} < {K}"
    ).fetchall()
    assert published and rows == []
    count = "select count(*), count(subject_id), count(*) filter (where is_overdue) from marts.complaints"
    assert analysts.execute(count).fetchone() == restricted.execute(count).fetchone()


def test_snapshot__lodging_reports_at_week_granularity_sex_and_kecamatan_only_where_5_share_them(snapshots):
    analysts, _ = snapshots
    days = analysts.execute(
        "select list(distinct isodow(submitted_date)) || list(distinct isodow(arrival_date)) "
        "|| list(distinct isodow(stay_start_date)), list(distinct isodow(stay_end_date)) "
        "|| list(distinct isodow(departure_date)), list(distinct day(permit_expiry_date)), count(desa_code) "
        "from intermediate.lodging_reports_identified"
    ).fetchone()
    assert (set(days[0]) - {None}, set(days[1]) - {None}, set(days[2]) - {None}, days[3]) == ({1}, {7}, {1}, 0)
    quasi_identifiers = ["office_code", "nationality_iso3", "sex", "kabkota_code", "kecamatan_code", "arrival_date",
                         "purpose", "permit_type"]  # fmt: skip
    rare = analysts.execute(
        f"select count(*) from (select count(distinct person_id) as persons from "  # noqa: S608
        f"intermediate.lodging_reports_identified where sex is not null or kecamatan_code is not null "
        f"group by {', '.join(quasi_identifiers)}) where persons < {K}"
    ).fetchone()[0]
    assert rare == 0


def test_snapshot__report_figures_same_as_from_the_warehouse(snapshots):
    """Weeks keep every figure the report and the notebook count: present, arriving, reported, by value."""
    analysts, restricted = snapshots
    offices = [
        row[0] for row in restricted.execute("select distinct office_code from marts.district_weekly").fetchall()
    ]
    last = restricted.execute("select max(week_start_date) from marts.district_weekly").fetchone()[0]
    figures, breakdown = read_sql("report/weekly_figures.sql"), read_sql("report/breakdown.sql")
    for office in offices:
        weeks = {"office_code": office, "first_week_start": last - timedelta(weeks=11), "last_week_start": last}
        assert analysts.execute(figures, weeks).fetchall() == restricted.execute(figures, weeks).fetchall()
        for dimension in ("nationality", "purpose", "permit_type"):
            week = {"week_start": last - timedelta(weeks=1), "week_end": last - timedelta(days=1)}
            params = {"office_code": office, **week, "dimension": dimension, "top_n": None}
            assert analysts.execute(breakdown, params).fetchall() == restricted.execute(breakdown, params).fetchall()
    by_kabkota = read_sql("report/by_kabkota.sql")
    params = {"office_code": "RANAI", "iso_week": f"{last:%G-W%V}", "week_start": last, "week_end": last + timedelta(6)}
    assert analysts.execute(by_kabkota, params).fetchall() == restricted.execute(by_kabkota, params).fetchall()
    trend = read_sql("queries/nationalities_trend.sql")
    assert analysts.execute(trend).fetchall() == restricted.execute(trend).fetchall()
