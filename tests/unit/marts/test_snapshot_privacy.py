"""The analysts' snapshot of the demo: no pointer back to a form row, and no rare combination of traits.

k is the number of persons who share a row's quasi-identifiers as the snapshot publishes them; a row
whose quasi-identifiers are all suppressed (null) singles nobody out.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time, timedelta

import duckdb
import pytest

from conftest import REPO, TEST_PSEUDONYM_KEY
from pipelines import steps
from pipelines.core.config import load_config
from pipelines.core.warehouse import read_sql
from pipelines.demo.generate import generate_demo
from pipelines.marts.snapshot import POINTER_COLUMNS
from pipelines.report.weekly import build_weekly_report

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


def test_snapshot__alerts_k_anonymous(snapshots):
    analysts, restricted = snapshots
    # within the office and kind (what the counts per office and kind show), the person's traits
    quasi_identifiers = ["nationality_iso3", "kabkota_code", "kecamatan_code", "permit_type", "permit_expiry_date",
                         "basis_date", "stay_start_date", "last_present_date"]  # fmt: skip
    persons = "count(distinct person_id)"
    published = f"select office_code, alert_kind, {', '.join(quasi_identifiers)} from marts.alerts"  # noqa: S608
    assert smallest_group(restricted, "marts.alerts", ["office_code", "alert_kind", *quasi_identifiers], persons) == 1
    rows = analysts.execute(
        f"select count(distinct person_id) from marts.alerts "  # noqa: S608
        f"where not ({' and '.join(f'{column} is null' for column in quasi_identifiers)}) "
        f"group by office_code, alert_kind, {', '.join(quasi_identifiers)} having count(distinct person_id) < {K}"
    ).fetchall()
    assert rows == [] and analysts.execute(published).fetchall()
    days = "select count(days_overstayed) + count(days_to_expiry) from marts.alerts"
    assert analysts.execute(days).fetchone() == (0,)
    count = "select office_code, alert_kind, status, is_open, count(*) from marts.alerts group by all order by all"
    assert analysts.execute(count).fetchall() == restricted.execute(count).fetchall()


def test_snapshot__every_table_of_persons_or_reports_is_k_anonymous(snapshots):
    """Each table with a row per person, report, complaint or alert is checked above, or has no trait of a person."""
    analysts, restricted = snapshots
    tables = {
        row[0]
        for row in analysts.execute(
            "select distinct table_schema || '.' || table_name from information_schema.columns "
            "where column_name in ('person_id', 'subject_id', 'complaint_id', 'alert_id')"
        ).fetchall()
    }
    checked = {"marts.persons", "marts.complaints", "marts.alerts"}
    # a row per alert or alert event: officers' and builds' actions, no nationality, place, permit or date of
    # the person
    without_traits = {"marts.alert_history", "marts.alert_short_ids", "state.alert_events", "state.alert_id_aliases",
                      "state.alert_notifications", "state.published_followups"}  # fmt: skip
    assert tables == checked | without_traits
    traits = {"nationality_iso3", "sex", "kecamatan_code", "desa_code", "kabkota_code", "permit_type",
              "permit_expiry_date", "arrival_date", "stay_start_date", "date_of_birth", "purpose"}  # fmt: skip
    columns = analysts.execute(
        "select table_schema || '.' || table_name, column_name from information_schema.columns"
    ).fetchall()
    assert [(table, column) for table, column in columns if table in without_traits and column in traits] == []
    # the per-report rows, the assessment and what-if copies of the alerts stay in the restricted snapshot
    every = "select table_schema || '.' || table_name from information_schema.tables"
    in_analysts = {row[0] for row in analysts.execute(every).fetchall()}
    in_restricted = {row[0] for row in restricted.execute(every).fetchall()}
    per_person = {"intermediate.lodging_reports_identified", "intermediate.alerts_what_if",
                  "intermediate.alert_assessment", "intermediate.alert_candidates", "state.alerts",
                  "intermediate.office_present_persons", "intermediate.office_reported_persons",
                  "intermediate.kabkota_present_persons", "marts.office_persons"}  # fmt: skip
    assert per_person <= in_restricted and not per_person & in_analysts


def test_snapshot__report_figures_same_as_from_the_warehouse(snapshots):
    """The report made as `timpora report` makes it equals the one made from the restricted snapshot alone."""
    analysts, restricted = snapshots
    settings = load_config(REPO / "config/timpora.toml")
    offices = [row[0] for row in restricted.execute("select distinct office_code from marts.office_weekly").fetchall()]
    last = restricted.execute("select max(week_start_date) from marts.office_weekly").fetchone()[0]
    generated_at = datetime.combine(last + timedelta(days=8), time(9), UTC)
    compared = 0
    for office in offices:
        for monday in (last, last - timedelta(weeks=1), last - timedelta(weeks=5)):
            week = f"{monday:%G-W%V}"
            made = build_weekly_report(analysts, settings.office(office), week, generated_at, alerts_con=restricted)
            assert made == build_weekly_report(restricted, settings.office(office), week, generated_at), (office, week)
            compared += len(made.by_nationality) + len(made.by_kabkota) + len(made.overstay_alerts)
    assert compared > 100
    # the analysts' alert rows alone would not do: their persons' traits are suppressed
    listed = read_sql("report/alerts_at_week_end.sql")
    params = {"office_code": "SERANG", "week_start": last, "cutoff_date": last + timedelta(days=6),
              "week_start_at": datetime.combine(last, time(), UTC), "cutoff_at": generated_at}  # fmt: skip
    nationalities = "select count(nationality_iso3), count(*) from (" + listed + ")"
    named = [con.execute(nationalities, params).fetchone()[0] for con in (analysts, restricted)]
    assert named[0] < named[1]
    trend = read_sql("queries/nationalities_trend.sql")
    assert analysts.execute(trend).fetchall() == restricted.execute(trend).fetchall()
