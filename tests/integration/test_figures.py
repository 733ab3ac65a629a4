"""One definition per figure: on the demo, every output shows an office's weekly figures from marts.office_weekly."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import REPO, TEST_PSEUDONYM_KEY
from pipelines import steps
from pipelines.cli import app
from pipelines.core.config import load_config
from pipelines.core.warehouse import connect, read_sql
from pipelines.demo.generate import generate_demo
from pipelines.publish.tabs import OFFICE_TOTAL_LABEL, WEEKLY_COLUMNS, result_tabs
from pipelines.report.render import render_html, write_report
from pipelines.report.weekly import HEADLINE_KEYS, build_weekly_report, iso_week_of
from pipelines.report.xlsx import report_sheets
from pipelines.vocabulary import INDONESIAN

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
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        # the build's date is the offices' today: it carries the alert state, which `alerts ack` acts on
        patch.setattr(steps, "utc_now", lambda: datetime.combine(END, datetime.min.time(), UTC) + timedelta(hours=5))
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
def restricted(demo):
    # the owner-only snapshot: the per-report rows the figures are counted again from
    con = connect(demo.restricted_snapshot_path, read_only=True)
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


def test_office_weekly__each_person_once_per_office_and_week(snapshot, restricted, office_weeks):
    assert len(office_weeks) >= 5 * 12
    for (office, week), row in office_weeks.items():
        present, arrivals = _independent_counts(restricted, office, row["week_start_date"])
        assert (row["foreigners_present"], row["new_arrivals"]) == (present, arrivals), (office, week)
    # the kecamatan rows count a person once per kecamatan: their sum is more somewhere in the demo
    summed = dict(
        snapshot.execute(
            "select office_code || ' ' || iso_week, sum(foreigners_present) from marts.district_weekly group by all"
        ).fetchall()
    )
    more = [key for key, row in office_weeks.items() if summed[" ".join(key)] > row["foreigners_present"]]
    assert more


def test_every_output_shows_the_office_weekly_figures(demo, snapshot, restricted, office_weeks):
    # a report's trend holds its twelve weeks and its headline the last two: one report per office
    # covers the demo's weeks, in the report data and in the XLSX summary and trend sheets
    lang = INDONESIAN
    for office in demo.offices:
        report = build_weekly_report(
            snapshot, office, "2026-W47", datetime(2026, 11, 23, tzinfo=UTC), alerts_con=restricted
        )
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


def test_html_headline_shows_the_office_weekly_figure(demo, snapshot, restricted, office_weeks):
    office = demo.office("SERANG")
    report = build_weekly_report(
        snapshot, office, "2026-W47", datetime(2026, 11, 23, tzinfo=UTC), alerts_con=restricted
    )
    html = render_html(report)
    present = office_weeks["SERANG", "2026-W47"]["foreigners_present"]
    label = re.escape(INDONESIAN.headline["foreigners_present"])
    cell = re.search(label + r".*?<td[^>]*>([\d.]+)</td>", html, re.DOTALL)
    assert cell and int(cell.group(1).replace(".", "")) == present


# the alert rows: ids an officer can type, statuses in the sheet's words, summary and list agreeing

STATUS_CODES = re.compile(r"\b(OPEN|ACKNOWLEDGED|RESOLVED)\b")


@pytest.fixture(scope="module")
def serang_files(demo, snapshot, restricted, tmp_path_factory):
    """SERANG's report of the demo's last week (three overstays raised in it), written in every format."""
    report = build_weekly_report(
        snapshot, demo.office("SERANG"), "2026-W47", datetime(2026, 11, 23, tzinfo=UTC), alerts_con=restricted
    )
    return report, write_report(report, tmp_path_factory.mktemp("serang"))


def _sheet(path, name: str) -> list[dict]:
    header, *rows = openpyxl.load_workbook(path)[name].iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_alert_rows__id_status_officer_and_age_in_every_format(serang_files):
    report, files = serang_files
    assert len(report.overstay_alerts) == 4
    html = files["html"].read_text(encoding="utf-8")
    pdf = " ".join(page.extract_text() for page in PdfReader(files["pdf"]).pages)
    listed = _sheet(files["xlsx"], "Overstay daftar")
    assert [row["ID peringatan"] for row in listed] == [row.alert_id for row in report.overstay_alerts]
    for row, cells in zip(report.overstay_alerts, listed, strict=True):
        assert len(row.alert_id) >= 8 and row.alert_id in html and row.alert_id in pdf
        assert (cells["Status"], cells["Hari sejak dibuat"]) == ("BARU", 0)  # raised on the week's last day
        assert row.days_since_raised == 0 and row.status_label == "BARU"
    assert "BARU" in pdf and "Status / petugas" in html
    # never the lifecycle's codes in the Indonesian files
    cells = [str(value) for row in listed for value in row.values()]
    assert not STATUS_CODES.search(re.sub(r"<[^>]+>", " ", html)), "status code in the HTML"
    assert not STATUS_CODES.search(pdf), "status code in the PDF"
    assert not any(STATUS_CODES.search(cell) for cell in cells), "status code in the XLSX"


def test_alert_summary_and_list_sheets_agree_for_every_office_and_week(demo, snapshot, restricted):
    lang = INDONESIAN
    words = {word: status for status, word in lang.alert_statuses.items()}
    for office in demo.offices:
        for monday in [END - timedelta(days=6 + 7 * weeks) for weeks in range(3)]:
            report = build_weekly_report(
                snapshot, office, iso_week_of(monday), datetime(2026, 11, 23, tzinfo=UTC), alerts_con=restricted
            )
            sheets = {sheet.name: sheet for sheet in report_sheets(report)}
            counts = {row[0]: row[2:5] for row in sheets[lang.text("sheet_alert_counts")].rows}
            headings = sheets[lang.text("sheet_alert_list")].headings
            kind, status, new = (headings.index(lang.text(key)) for key in ("code", "status", "raised_on"))
            listed = sheets[lang.text("sheet_alert_list")].rows
            assert set(counts) == {row[kind] for row in listed}, (office.code, monday)
            for code, (still_open, raised, resolved) in counts.items():
                rows = [row for row in listed if row[kind] == code]
                assert still_open == sum(words[row[status]] != "RESOLVED" for row in rows)
                assert resolved == sum(words[row[status]] == "RESOLVED" for row in rows)
                assert raised == sum(row[new] >= monday for row in rows)
            # every office's alerts were raised on the demo's last day: none stood at the end of the weeks before
            assert bool(listed) == (monday == END - timedelta(days=6)), (office.code, monday)


def test_an_id_printed_in_the_report_is_accepted_by_alerts_ack(demo, serang_files, tmp_path):
    report, files = serang_files
    printed = _sheet(files["xlsx"], "Overstay daftar")[0]["ID peringatan"]
    assert printed in files["html"].read_text(encoding="utf-8")
    shutil.copyfile(demo.warehouse, tmp_path / "wh.duckdb")
    config = tmp_path / "timpora.toml"
    config_text = (demo.warehouse.parent / "timpora.toml").read_text(encoding="utf-8")
    config.write_text(config_text.replace(str(demo.warehouse), str(tmp_path / "wh.duckdb")), encoding="utf-8")
    for name in ("headers.toml", "nationality_aliases.toml"):
        shutil.copyfile(demo.warehouse.parent / name, tmp_path / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        acked = CliRunner().invoke(app, ["--config", str(config), "alerts", "ack", printed, "--by", "Siti Rahma"])
    assert acked.exit_code == 0, acked.output
    con = connect(tmp_path / "wh.duckdb", read_only=True)
    try:
        # the warehouse's own report for the week running now shows who is on it
        office = demo.office("SERANG")
        running = build_weekly_report(con, office, iso_week_of(office.today()), datetime.now(UTC))
    finally:
        con.close()
    row = next(row for row in running.overstay_alerts if row.alert_id == printed)
    assert (row.status_label, row.officer) == ("DITINDAKLANJUTI", "Siti Rahma")


# foreign workers per sponsor


def test_foreign_workers_add_up_to_the_report_purpose_row_for_every_office_and_week(demo, snapshot):
    breakdown = (REPO / "sql/report/breakdown.sql").read_text(encoding="utf-8")
    workers = dict(
        snapshot.execute(
            "select office_code || ' ' || week_start_date, sum(workers_present) from marts.foreign_workers_weekly "
            "group by all"
        ).fetchall()
    )
    checked = 0
    for office in demo.offices:
        for weeks_back in range(12):
            monday = END - timedelta(days=6 + 7 * weeks_back)
            purposes = snapshot.execute(
                breakdown,
                {"office_code": office.code, "iso_week": iso_week_of(monday), "dimension": "purpose", "top_n": None},
            ).fetchall()
            working = sum(row[2] for row in purposes if row[0] == "BEKERJA")
            assert workers.get(f"{office.code} {monday}", 0) == working, (office.code, monday)
            checked += working
    assert checked > 100


def test_foreign_workers_named_by_sponsor_never_by_person(demo, snapshot, restricted, tmp_path):
    office = demo.office("PANGKALPINANG")
    report = build_weekly_report(
        snapshot, office, "2026-W47", datetime(2026, 11, 23, tzinfo=UTC), alerts_con=restricted
    )
    assert {"Mess PT Sinar Pasir Bangka", "PT Smelter Babel Utama"} <= {
        row.sponsor_name for row in report.foreign_workers
    }
    assert sum(row.workers_present for row in report.foreign_workers) == next(
        row.persons_present for row in report.by_purpose if row.value_code == "BEKERJA"
    )
    files = write_report(report, tmp_path)
    html = files["html"].read_text(encoding="utf-8")
    pdf = " ".join(page.extract_text() for page in PdfReader(files["pdf"]).pages)
    sheet = _sheet(files["xlsx"], "TKA per sponsor")
    assert [row["Perusahaan/sponsor pelapor"] for row in sheet] == [row.sponsor_name for row in report.foreign_workers]
    assert "PT Smelter Babel Utama" in html and "PT Smelter Babel Utama" in pdf
    con = connect(demo.warehouse, read_only=True)
    try:
        names = {
            name
            for (name,) in con.execute(
                "select distinct full_name from staging.lodging_reports where office_code = 'PANGKALPINANG' "
                "and purpose = 'BEKERJA' and full_name is not null"
            ).fetchall()
        }
    finally:
        con.close()
    assert len(names) > 10
    workbook = openpyxl.load_workbook(files["xlsx"])
    cells = " ".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row)
    for name in names:
        assert name not in html and name not in pdf and name not in cells, "a worker named in the default edition"
