"""One definition per figure: on the demo, every output shows an office's weekly figures from marts.office_weekly."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime

import pytest

from conftest import REPO
from pipelines import steps
from pipelines.config import load_config
from pipelines.demo.generate import generate_demo
from pipelines.publish.tabs import OFFICE_TOTAL_LABEL, WEEKLY_COLUMNS, result_tabs
from pipelines.report import labels
from pipelines.report.render import render_html
from pipelines.report.weekly import HEADLINE_KEYS, build_weekly_report
from pipelines.report.xlsx import report_sheets
from pipelines.warehouse import connect, read_sql

END = date(2026, 11, 22)
FIGURES = ("foreigners_present", "new_arrivals", "reports_received", "complaints_received")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's sheets synced and built as of its last day (the key of test_demo_pipeline)."""
    folder = tmp_path_factory.mktemp("figures")
    manifest = generate_demo(folder / "demo", END)
    text = (REPO / "config/timpora.toml").read_text(encoding="utf-8")
    text = text.replace('warehouse = "data/timpora.duckdb"', f'warehouse = "{folder / "wh.duckdb"}"')
    for source in tomllib.loads(text)["sources"]:
        text = text.replace(f'path = "{source["path"]}"', f'path = "{manifest.files[source["name"]]}"')
    (folder / "timpora.toml").write_text(text, encoding="utf-8")
    for name in ("headers.toml", "nationality_aliases.toml"):
        (folder / name).write_text((REPO / "config" / name).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", "demo-test")
        settings = load_config(folder / "timpora.toml")
        for source in settings.sources:
            steps.sync_one(settings, source.name)
        steps.build(settings, END)
        yield settings


@pytest.fixture(scope="module")
def snapshot(demo):
    con = connect(demo.snapshot_path, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def office_weeks(snapshot) -> dict[tuple[str, str], dict[str, int]]:
    """marts.office_weekly: (office, week) -> its figures."""
    cursor = snapshot.execute("select * from marts.office_weekly order by office_code, week_start_date")
    fields = [column[0] for column in cursor.description]
    rows = [dict(zip(fields, values, strict=True)) for values in cursor.fetchall()]
    return {(row["office_code"], row["iso_week"]): row for row in rows}


def _independent_counts(con, office: str, monday: date) -> tuple[int, int]:
    """Persons present and arriving in a week, each once, counted from the reports by overlap."""
    return con.execute(
        """
        select
            count(distinct person_id),
            count(distinct person_id) filter (where date_trunc('week', arrival_date) = $monday),
        from intermediate.lodging_reports_identified
        where office_code = $office and person_id is not null and stay_start_date is not null
            and stay_end_date >= stay_start_date and stay_start_date <= $monday + 6 and stay_end_date >= $monday
        """,
        {"office": office, "monday": monday},
    ).fetchone()


def test_office_weekly__each_person_once_per_office_and_week(snapshot, office_weeks):
    assert len(office_weeks) >= 5 * 12
    for (office, week), row in office_weeks.items():
        present, arrivals = _independent_counts(snapshot, office, row["week_start_date"])
        assert (row["foreigners_present"], row["new_arrivals"]) == (present, arrivals), (office, week)
    # the kecamatan rows count a person once per kecamatan: their sum is more somewhere in the demo
    summed = dict(
        snapshot.execute(
            "select office_code || ' ' || iso_week, sum(foreigners_present) from marts.district_weekly group by all"
        ).fetchall()
    )
    more = [key for key, row in office_weeks.items() if summed[" ".join(key)] > row["foreigners_present"]]
    assert more


def test_every_output_shows_the_office_weekly_figures(demo, snapshot, office_weeks):
    # a report's trend holds its twelve weeks and its headline the last two: one report per office
    # covers the demo's weeks, in the report data and in the XLSX summary and trend sheets
    lang = labels.INDONESIAN
    for office in demo.offices:
        report = build_weekly_report(snapshot, office, "2026-W47", datetime(2026, 11, 23, tzinfo=UTC))
        # the demo's twelve weeks of reports (residents' stays reach further back, in office_summary below)
        assert len(report.trend) == 12
        for row in report.trend:
            expected = office_weeks[office.code, row.iso_week]
            assert tuple(row)[2:] == tuple(expected[key] for key in HEADLINE_KEYS), (office.code, row.iso_week)
        for figure in report.headline:
            assert figure.current == office_weeks[office.code, report.iso_week][figure.key], figure
            assert figure.previous == office_weeks[office.code, report.previous_week][figure.key], figure
        sheets = {sheet.name: sheet for sheet in report_sheets(report)}
        summary = {line[0]: line[1:3] for line in sheets[lang.text("sheet_summary")].rows}
        assert summary == {figure.label: (figure.current, figure.previous) for figure in report.headline}
        trend = sheets[lang.text("trend_title", weeks=len(report.trend))].rows
        assert trend == tuple(tuple(row) for row in report.trend)
    for week in sorted({week for _, week in office_weeks}):
        rows = snapshot.execute(read_sql("queries/office_summary.sql"), {"iso_week": week}).fetchall()
        for code, _week, *shown, _overstays, _expiring in rows:
            assert tuple(shown) == tuple(office_weeks[code, week][key] for key in FIGURES), (code, week)


def test_results_sheet_weekly_totals_are_the_office_weekly_figures(demo, office_weeks):
    con = connect(demo.warehouse, read_only=True)
    try:
        for office in demo.offices:
            weekly = result_tabs(con, demo, office, END)[1]
            columns = [column.field for column in WEEKLY_COLUMNS]
            totals = {
                row[columns.index("iso_week")]: tuple(row[columns.index(key)] for key in FIGURES)
                for row in weekly.rows
                if row[columns.index("kabkota_name")] == OFFICE_TOTAL_LABEL
            }
            assert totals, office.code
            for week, shown in totals.items():
                assert shown == tuple(office_weeks[office.code, week][key] for key in FIGURES), (office.code, week)
    finally:
        con.close()


def test_html_headline_shows_the_office_weekly_figure(demo, snapshot, office_weeks):
    office = demo.office("SERANG")
    report = build_weekly_report(snapshot, office, "2026-W47", datetime(2026, 11, 23, tzinfo=UTC))
    html = render_html(report)
    present = office_weeks["SERANG", "2026-W47"]["foreigners_present"]
    label = re.escape(labels.INDONESIAN.headline["foreigners_present"])
    cell = re.search(label + r".*?<td[^>]*>([\d.]+)</td>", html, re.DOTALL)
    assert cell and int(cell.group(1).replace(".", "")) == present
