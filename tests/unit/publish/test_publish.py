"""Results published to an office's spreadsheet and officers' follow-up read back, over gspread and the emulator."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from conftest import (
    AS_OF,
    TEST_PSEUDONYM_KEY,
    as_built_before_hmac,
    given_reports,
    given_rows,
    write_config,
    write_results_config,
)
from pipelines import steps
from pipelines.alerts.lifecycle import change_status
from pipelines.cli import app
from pipelines.core.config import ConfigError, load_config
from pipelines.core.warehouse import connect
from pipelines.marts.build import build_marts
from pipelines.publish.followups import find_edits
from pipelines.publish.sheet import keep_row_order, value_ranges, wanted_grid
from pipelines.publish.tabs import ALERTS_TAB, QUALITY_TAB, WEEKLY_TAB, Column, Tab
from pipelines.sheets import SheetsClient
from pipelines.transform.staging import build_staging
from tests.support.emulator import SheetsEmulator, write_service_account_key

EMAIL = "timpora-publish@kanim-ranai.iam.gserviceaccount.com"
KEY = "1kanimRanaiHasilTimpora2026"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
OVERSTAYER = {"arrival_date": date(2026, 11, 1), "departure_date": AS_OF, "permit_expiry_date": date(2026, 11, 20)}
EXPIRING = {
    "arrival_date": date(2026, 11, 1),
    "departure_date": date(2026, 11, 30),
    "permit_expiry_date": date(2026, 11, 27),
    "full_name": '=HYPERLINK("http://x")',
    "passport_number": "X7654321",
    "nationality_iso3": "AUS",
}


def results_config(tmp_path, emulator, key_file, restricted=False, sources=""):
    return write_results_config(tmp_path, emulator, key_file, KEY, restricted, sources)


def built_warehouse(settings, *reports: dict) -> None:
    con = connect(settings.warehouse)
    build_staging(con, settings)
    for number, report in enumerate(reports, start=2):
        given_reports(con, report, first_row=number)
    given_rows(
        con,
        "staging.rejects",
        [{"source_name": "ranai_lodging", "office_code": "RANAI", "response_key": "r9", "field": "kecamatan",
          "reason": "KECAMATAN_UNKNOWN", "sheet_row_number": 9}],
    )  # fmt: skip
    build_marts(con, settings, AS_OF)
    con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One built warehouse for the module (an overstay and an expiring permit in Ranai), copied by each test."""
    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        built_warehouse(load_config(write_config(folder)), OVERSTAYER, EXPIRING)
    return folder / "wh.duckdb"


@pytest.fixture
def office(tmp_path, template):
    """The built warehouse and the office's results spreadsheet in the emulator (with one tab of its own)."""
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        emulator.add_spreadsheet(KEY, "Hasil Timpora Ranai", shared_with=[EMAIL], sheets={"Catatan rapat": (0, [])})
        settings = load_config(results_config(tmp_path, emulator, key_file))
        shutil.copyfile(template, settings.warehouse)
        yield settings, emulator


def tab(emulator, title) -> list[list]:
    rows = emulator.worksheet(KEY, title).rows
    return [[cell for cell in row] for row in rows if any(cell not in (None, "") for cell in row)]


def column(rows, header) -> list:
    position = rows[0].index(header)
    return [row[position] if position < len(row) else "" for row in rows[1:]]


def publish(settings, now=NOW) -> steps.OfficeOutcome:
    [outcome] = steps.publish(settings, "RANAI", now=now)
    return outcome


def warehouse_alerts(settings) -> dict[str, tuple]:
    con = connect(settings.warehouse, read_only=True)
    try:
        rows = con.execute("select alert_id, alert_kind, status, status_by, status_note from marts.alerts").fetchall()
    finally:
        con.close()
    return {alert_id: tuple(rest) for alert_id, *rest in rows}


def writes(emulator) -> list:
    return [request for request in emulator.api_requests() if request.is_write]


def test_first_publish_creates_three_tabs_in_two_write_requests(office):
    settings, emulator = office
    outcome = publish(settings)
    assert outcome.error is None
    assert outcome.result.tabs_written == (ALERTS_TAB, WEEKLY_TAB, QUALITY_TAB)
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in emulator.api_requests()] == [
        ("GET", KEY),
        ("POST", f"{KEY}:batchUpdate"),
        ("POST", "values:batchUpdate"),
    ]
    values_write = writes(emulator)[1].body
    assert values_write["valueInputOption"] == "RAW"
    con = connect(settings.warehouse, read_only=True)
    weeks = con.execute(  # each week's office total, then its districts
        "select (select count(*) from marts.district_weekly where office_code = 'RANAI') "
        "+ (select count(*) from marts.office_weekly where office_code = 'RANAI')"
    ).fetchone()[0]
    con.close()
    assert [item["range"] for item in values_write["data"]] == [
        "'Peringatan'!A1:O3", f"'Ringkasan Mingguan'!A1:H{1 + weeks}", "'Kualitas Data'!A1:E2",
    ]  # fmt: skip

    alerts = tab(emulator, ALERTS_TAB)
    known = warehouse_alerts(settings)
    assert sorted(column(alerts, "ID Peringatan")) == sorted(known)
    assert column(alerts, "Status") == ["BARU", "BARU"]
    assert column(alerts, "Jenis")[0].startswith("Overstay")  # most urgent first
    assert column(alerts, "Kewarganegaraan") == ["Tiongkok", "Australia"]
    assert column(alerts, "Hari overstay") == [4, ""]
    cells = {str(cell) for row in alerts for cell in row}
    assert not cells & {"LI WEI", "E1234567", "X7654321"}, "default edition: pseudonymous ids only"
    assert "Nama" not in alerts[0]

    sheet = emulator.worksheet(KEY, ALERTS_TAB)
    assert sheet.frozen_rows == 1
    [(where, rule)] = sheet.validations
    assert where["startColumnIndex"] == alerts[0].index("Status") and where["startRowIndex"] == 1
    assert [choice["userEnteredValue"] for choice in rule["condition"]["values"]] == [
        "BARU",
        "DITINDAKLANJUTI",
        "SELESAI",
    ]

    assert column(tab(emulator, QUALITY_TAB), "Masalah") == ["Kecamatan tidak dikenal"]
    weekly = tab(emulator, WEEKLY_TAB)
    assert weekly[0][:2] == ["Minggu", "Mulai tanggal"] and len(weekly) > 1
    assert emulator.worksheet(KEY, "Catatan rapat").rows == [], "other tabs are left alone"


def test_publish_without_change_writes_nothing(office):
    settings, emulator = office
    publish(settings)
    emulator.clear_log()
    again = publish(settings)
    assert again.result.tabs_written == () and again.result.requests == 2
    assert writes(emulator) == []


def test_restricted_sheet_names_persons_and_neutralises_form_text(tmp_path):
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        emulator.add_spreadsheet(KEY, "Hasil", shared_with=[EMAIL])
        settings = load_config(results_config(tmp_path, emulator, key_file, restricted=True))
        built_warehouse(settings, OVERSTAYER, EXPIRING)
        assert publish(settings).error is None
        alerts = tab(emulator, ALERTS_TAB)
        assert column(alerts, "Nama") == ["LI WEI", '\'=HYPERLINK("http://x")']
        assert column(alerts, "Nomor paspor") == ["E1234567", "X7654321"]


def test_officer_edit_in_the_sheet_reaches_the_warehouse_and_stays(office):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    alert_id = column(rows, "ID Peringatan")[0]
    header = rows[0]
    emulator.set_cell(KEY, ALERTS_TAB, 2, header.index("Status") + 1, "DITINDAKLANJUTI")
    emulator.set_cell(KEY, ALERTS_TAB, 2, header.index("Petugas") + 1, "Budi (Inteldakim)")
    emulator.set_cell(KEY, ALERTS_TAB, 2, header.index("Catatan") + 1, "-tim ke hotel")

    config = settings.warehouse.parent / "timpora.toml"
    synced = CliRunner().invoke(app, ["--config", str(config), "sync"], env={"COLUMNS": "200"})
    assert synced.exit_code == 0 and "follow-up read RANAI: 1 alert(s) changed from the sheet" in synced.output
    assert warehouse_alerts(settings)[alert_id] == ("OVERSTAY", "ACKNOWLEDGED", "Budi (Inteldakim)", "-tim ke hotel")
    con = connect(settings.warehouse, read_only=True)
    assert con.execute(
        "select origin, changed_by from state.alert_events where to_status = 'ACKNOWLEDGED'"
    ).fetchall() == [("sheet", "Budi (Inteldakim)")]
    con.close()

    republished = publish(settings, NOW + timedelta(hours=2))
    assert republished.result.followups_applied == 0, "the edit was already read; nothing applied twice"
    rows = tab(emulator, ALERTS_TAB)
    assert (column(rows, "Status")[0], column(rows, "Catatan")[0]) == ("DITINDAKLANJUTI", "'-tim ke hotel")
    assert steps.read_followups(settings, now=NOW + timedelta(hours=3))[0].result == (0, [])
    assert warehouse_alerts(settings)[alert_id][3] == "-tim ke hotel"


def test_sheet_published_before_hmac_ids_still_reaches_its_alert(office):
    settings, emulator = office
    con = connect(settings.warehouse)
    legacy = as_built_before_hmac(con, TEST_PSEUDONYM_KEY)
    con.close()
    publish(settings)  # the sheet as a release before HMAC pseudonyms wrote it
    rows = tab(emulator, ALERTS_TAB)
    old_id = column(rows, "ID Peringatan")[0]
    assert old_id in legacy.values()
    [alert_id] = [current for current, before in legacy.items() if before == old_id]
    con = connect(settings.warehouse)
    build_marts(con, settings, AS_OF)  # the upgrade's first build gives the alerts their HMAC ids
    con.close()

    emulator.set_cell(KEY, ALERTS_TAB, 2, rows[0].index("Status") + 1, "DITINDAKLANJUTI")
    emulator.set_cell(KEY, ALERTS_TAB, 2, rows[0].index("Petugas") + 1, "Budi (Inteldakim)")
    assert steps.read_followups(settings, now=NOW + timedelta(hours=1))[0].result == (1, [])
    assert warehouse_alerts(settings)[alert_id][1:3] == ("ACKNOWLEDGED", "Budi (Inteldakim)")
    publish(settings, NOW + timedelta(hours=2))
    assert set(column(tab(emulator, ALERTS_TAB), "ID Peringatan")) == set(legacy), "rewritten with the new ids"


def test_cli_change_after_publish_is_written_and_never_undone_by_the_sheet(office):
    settings, emulator = office
    publish(settings)
    alert_id = column(tab(emulator, ALERTS_TAB), "ID Peringatan")[0]
    con = connect(settings.warehouse)
    change_status(con, alert_id, "RESOLVED", "Sari", "dideportasi", changed_at=NOW + timedelta(hours=1))
    con.close()
    publish(settings, NOW + timedelta(hours=2))
    rows = tab(emulator, ALERTS_TAB)
    position = column(rows, "ID Peringatan").index(alert_id)
    assert [column(rows, name)[position] for name in ("Status", "Petugas")] == ["SELESAI", "Sari"]


def test_sheet_and_cli_both_changed_the_status_move_back_is_refused_with_a_warning(office):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    alert_id = column(rows, "ID Peringatan")[0]
    emulator.set_cell(KEY, ALERTS_TAB, 2, rows[0].index("Status") + 1, "DITINDAKLANJUTI")
    emulator.set_cell(KEY, ALERTS_TAB, 2, rows[0].index("Catatan") + 1, "sudah dihubungi")
    con = connect(settings.warehouse)
    change_status(con, alert_id, "RESOLVED", "Sari", "dideportasi", changed_at=NOW + timedelta(hours=1))
    con.close()
    outcome = publish(settings, NOW + timedelta(hours=2))
    assert any("SELESAI cannot go back to DITINDAKLANJUTI" in warning for warning in outcome.result.warnings)
    assert warehouse_alerts(settings)[alert_id][1:] == ("RESOLVED", "Sari", "sudah dihubungi")
    rows = tab(emulator, ALERTS_TAB)
    assert column(rows, "Status")[column(rows, "ID Peringatan").index(alert_id)] == "SELESAI"


def test_failed_write_leaves_the_old_table_and_loses_no_follow_up(office):
    settings, emulator = office
    publish(settings)
    before = tab(emulator, ALERTS_TAB)
    con = connect(settings.warehouse)
    given_reports(con, {**OVERSTAYER, "full_name": "ANNA", "passport_number": "P5550001"}, first_row=4)
    build_marts(con, settings, AS_OF)
    con.close()
    emulator.fail_next(429, count=10, path_contains="values:batchUpdate")
    failed = publish(settings, NOW + timedelta(hours=1))
    assert "429" in failed.error
    assert tab(emulator, ALERTS_TAB) == before, "the old table, whole"

    emulator.clear_faults()
    emulator.set_cell(KEY, ALERTS_TAB, 2, before[0].index("Petugas") + 1, "Rina")
    done = publish(settings, NOW + timedelta(hours=2))
    assert done.error is None and done.result.followups_applied == 1
    after = tab(emulator, ALERTS_TAB)
    assert len(after) == len(before) + 1
    assert "Rina" in column(after, "Petugas")


def test_spreadsheet_shared_as_viewer_says_which_account_to_make_editor(office):
    settings, emulator = office
    emulator.share(KEY, EMAIL, role="reader")
    outcome = publish(settings)
    assert f"add {EMAIL} as Editor" in outcome.error
    assert emulator.worksheet(KEY, "Catatan rapat") and len(emulator.spreadsheets[KEY].sheets) == 1


def test_renamed_tab_is_created_again_with_a_warning(office):
    settings, emulator = office
    publish(settings)
    emulator.rename_worksheet(KEY, ALERTS_TAB, "Peringatan (arsip)")
    outcome = publish(settings, NOW + timedelta(hours=1))
    assert outcome.result.tabs_created == (ALERTS_TAB,)
    assert any("renamed or deleted" in warning for warning in outcome.result.warnings)
    assert tab(emulator, ALERTS_TAB) == tab(emulator, "Peringatan (arsip)")


def test_follow_up_columns_are_found_by_header_and_user_columns_kept(office):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    alert_ids = column(rows, "ID Peringatan")
    # a user moves Catatan to the front and adds a column of their own
    reordered = [
        [row[-1], *row[:-1], extra] for row, extra in zip(rows, ["Polsek", "Bunguran", "Ranai Kota"], strict=True)
    ]
    reordered[1][0] = "paspor ditahan"
    emulator.set_rows(KEY, ALERTS_TAB, reordered)
    outcome = publish(settings, NOW + timedelta(hours=1))
    assert outcome.result.followups_applied == 1
    assert warehouse_alerts(settings)[alert_ids[0]][3] == "paspor ditahan"
    after = tab(emulator, ALERTS_TAB)
    assert after[0][:15] == rows[0] and after[0][15] == "Polsek"
    assert dict(zip(column(after, "ID Peringatan"), column(after, "Polsek"), strict=True)) == {
        alert_ids[0]: "Bunguran",
        alert_ids[1]: "Ranai Kota",
    }


def test_deleted_follow_up_column_is_put_back(office):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    emulator.set_rows(KEY, ALERTS_TAB, [row[:-1] for row in rows])  # Catatan deleted
    outcome = publish(settings, NOW + timedelta(hours=1))
    assert any("'Catatan' is missing" in warning for warning in outcome.result.warnings)
    assert tab(emulator, ALERTS_TAB)[0] == rows[0]


def test_a_tab_holding_another_table_is_never_overwritten(office):
    settings, emulator = office
    emulator.add_worksheet(KEY, ALERTS_TAB, 7, [["Tanggal", "Agenda"], ["24/11", "rakor"]])
    outcome = publish(settings)
    assert "holds another table" in outcome.error
    assert emulator.worksheet(KEY, ALERTS_TAB).rows == [["Tanggal", "Agenda"], ["24/11", "rakor"]]


def test_results_never_go_to_the_form_responses_tab(tmp_path):
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        by_title = f"""
[[sources]]
name = "ranai_sheet"
office = "RANAI"
kind = "lodging"
type = "gsheet"
spreadsheet = "{KEY}"
worksheet = "Peringatan"
"""
        with pytest.raises(ConfigError, match="writes its results to"):
            load_config(results_config(tmp_path, emulator, key_file, sources=by_title))
        by_gid = by_title.replace('worksheet = "Peringatan"', "worksheet = 5")
        settings = load_config(results_config(tmp_path, emulator, key_file, sources=by_gid))
        emulator.add_spreadsheet(KEY, "Form", shared_with=[EMAIL], sheets={"Peringatan": (5, [["Cap waktu"]])})
        built_warehouse(settings)
        outcome = publish(settings)
        assert "never writes there" in outcome.error
        assert emulator.worksheet(KEY, 5).rows == [["Cap waktu"]]


def test_edits_are_cells_that_differ_from_both_the_last_publish_and_the_warehouse():
    published = {"a": ("BARU", "", ""), "b": ("BARU", "", "")}
    now = {"a": ("BARU", "", ""), "b": ("DITINDAKLANJUTI", "Sari", "")}  # b changed by the CLI since
    on_sheet = {"a": ("SELESAI", "Budi", "ok"), "b": ("BARU", "", ""), "c": ("BARU", "", "")}
    edits, warnings = find_edits(on_sheet, published, now)
    assert [(e.alert_id, e.status, e.officer, e.note, e.details_changed) for e in edits] == [
        ("a", "RESOLVED", "Budi", "ok", True)
    ]
    assert warnings == ["alert c on the sheet is not one of this office's listed alerts; row ignored"]
    edits, _ = find_edits({"a": ("selesai ", "", "")}, {}, {"a": ("BARU", "", "")})
    assert [(e.status, e.details_changed) for e in edits] == [("RESOLVED", False)]
    edits, warnings = find_edits({"a": ("beres", "", "")}, {}, {"a": ("BARU", "", "")})
    assert [(e.status, e.details_changed) for e in edits] == [(None, False)]
    assert "is not one of BARU" in warnings[0]


def test_publish_killed_between_creating_tabs_and_writing_is_completed_by_the_next(office):
    settings, emulator = office
    emulator.fail_next(503, count=10, path_contains="values:batchUpdate")
    assert "503" in publish(settings).error
    assert [emulator.worksheet(KEY, title).rows for title in (ALERTS_TAB, WEEKLY_TAB, QUALITY_TAB)] == [[], [], []]
    emulator.clear_faults()
    done = publish(settings, NOW + timedelta(minutes=5))
    assert done.result.tabs_created == () and done.result.tabs_written == (ALERTS_TAB, WEEKLY_TAB, QUALITY_TAB)
    assert len(tab(emulator, ALERTS_TAB)) == 3


def test_cli_publish_then_status_shows_the_last_publish(office):
    settings, emulator = office
    config = settings.warehouse.parent / "timpora.toml"
    runner = CliRunner()
    published = runner.invoke(app, ["--config", str(config), "publish"], env={"COLUMNS": "200"})
    assert published.exit_code == 0, published.output
    assert "publish RANAI: Peringatan, Ringkasan Mingguan, Kualitas Data (3 requests" in published.output
    status = runner.invoke(app, ["--config", str(config), "status"], env={"COLUMNS": "200"})
    assert status.exit_code == 0, status.output
    assert "last publish of results per office" in status.output and KEY in status.output
    unknown = runner.invoke(app, ["--config", str(config), "publish", "--office", "SERANG"])
    assert unknown.exit_code == 2 and "no results spreadsheet" in unknown.output


def test_publish_after_a_what_if_build_is_refused_and_reads_no_follow_up(office):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    emulator.set_cell(KEY, ALERTS_TAB, 2, rows[0].index("Status") + 1, "DITINDAKLANJUTI")
    con = connect(settings.warehouse)
    build_marts(con, settings, date(2031, 1, 15), office_todays={office.code: AS_OF for office in settings.offices})
    con.close()
    before = warehouse_alerts(settings)
    refused = publish(settings, NOW + timedelta(hours=1))
    assert "the last build was a what-if as of 2031-01-15 for office RANAI" in refused.error
    [(_, (changed, warnings))] = [(o.office_code, o.result) for o in steps.read_followups(settings, NOW)]
    assert changed == 0 and "what-if as of 2031-01-15" in warnings[0]
    assert warehouse_alerts(settings) == before
    assert column(tab(emulator, ALERTS_TAB), "Status")[0] == "DITINDAKLANJUTI", "the edit waits on the sheet"


def test_edit_typed_between_the_read_and_the_write_survives(office, monkeypatch):
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    header, (first_id, second_id) = rows[0], column(rows, "ID Peringatan")
    con = connect(settings.warehouse)
    given_reports(con, {**OVERSTAYER, "full_name": "ANNA", "passport_number": "P5550001"}, first_row=4)
    build_marts(con, settings, AS_OF)  # a new alert to add
    change_status(con, second_id, "ACKNOWLEDGED", "Sari", "ditelepon", changed_at=NOW + timedelta(hours=1))
    con.close()
    write = SheetsClient.values_batch_update

    def officer_types_then_write(client, key, data):
        for name, value in (("Status", "DITINDAKLANJUTI"), ("Petugas", "Budi"), ("Catatan", "tim ke hotel")):
            emulator.set_cell(KEY, ALERTS_TAB, 2, header.index(name) + 1, value)
        return write(client, key, data)

    monkeypatch.setattr(SheetsClient, "values_batch_update", officer_types_then_write)
    emulator.clear_log()
    assert publish(settings, NOW + timedelta(hours=2)).error is None
    monkeypatch.undo()
    after = {row[0]: tuple(row[header.index("Status") :]) for row in tab(emulator, ALERTS_TAB)[1:]}
    assert after[first_id] == ("DITINDAKLANJUTI", "Budi", "tim ke hotel"), "the officer's edit survives"
    assert after[second_id] == ("DITINDAKLANJUTI", "Sari", "ditelepon")
    assert list(after)[:2] == [first_id, second_id] and after[list(after)[2]] == ("BARU", "", "")
    [values_write] = [request.body for request in writes(emulator)]
    # computed columns whole; follow-up cells of the CLI-changed row and the added one only
    ranges = [item["range"] for item in values_write["data"] if item["range"].startswith("'Peringatan'")]
    assert ranges == ["'Peringatan'!A1:L4", "'Peringatan'!M3:O4"]
    assert steps.read_followups(settings, now=NOW + timedelta(hours=3))[0].result == (1, [])
    assert warehouse_alerts(settings)[first_id][1:] == ("ACKNOWLEDGED", "Budi", "tim ke hotel")


def _small_tab(*rows: tuple) -> Tab:
    columns = (Column("alert_id", "ID Peringatan", 1), Column("kind", "Jenis", 1), Column("status", "Status", 1),
               Column("officer", "Petugas", 1), Column("note", "Catatan", 1))  # fmt: skip
    return Tab(ALERTS_TAB, columns, rows)


HEADER = ["ID Peringatan", "Jenis", "Status", "Petugas", "Catatan", "Catatan saya"]


ROW_A, ROW_B = ["a", "k1", "DITINDAKLANJUTI", "Budi", "", "punya a"], ["b", "k2", "BARU", "", "", "punya b"]
ROW_X = ["x", "k0", "SELESAI", "Sari", ""]  # resolved long ago: it leaves the tab


@pytest.mark.parametrize(
    ("sheet", "warehouse", "order", "expected"),
    [
        pytest.param([HEADER, ROW_A, ROW_B], "abc", "abc",
                     ["'Peringatan'!A1:B4", "'Peringatan'!F1:F4", "'Peringatan'!C3:E4"],
                     id="rows_in_place_only_the_newer_and_the_added_follow_up"),
        pytest.param([HEADER, ROW_X, ROW_A, ROW_B], "abc", "cab",
                     ["'Peringatan'!A1:B4", "'Peringatan'!F1:F4", "'Peringatan'!C2:E2", "'Peringatan'!C4:E4"],
                     id="a_new_alert_takes_the_row_of_one_that_left"),
        pytest.param([HEADER, ROW_X, ROW_A, ROW_B], "ab", "ab",
                     ["'Peringatan'!A1:B4", "'Peringatan'!F1:F4", "'Peringatan'!C2:E4"],
                     id="an_alert_leaving_without_a_new_one_moves_the_rows_below_and_their_follow_up"),
    ],
)  # fmt: skip
def test_value_ranges__follow_up_cells_only_where_the_sheet_must_change(sheet, warehouse, order, expected):
    # the warehouse: a as the sheet shows it, b acknowledged outside the sheet, c new
    rows = {"c": ("c", "k3", "BARU", "", ""), "b": ("b", "k2", "DITINDAKLANJUTI", "Sari", ""),
            "a": ("a", "k1", "DITINDAKLANJUTI", "Budi", "")}  # fmt: skip
    ordered = keep_row_order(_small_tab(*(rows[alert_id] for alert_id in sorted(warehouse, reverse=True))), sheet)
    assert "".join(row[0] for row in ordered.rows) == order
    wanted = wanted_grid(ordered, sheet)
    mine = {row[0]: row[-1] for row in wanted[1:] if len(row) == len(HEADER)}
    assert mine == {"a": "punya a", "b": "punya b"}, "a user's column stays with its alert"
    assert [item["range"] for item in value_ranges(ordered, wanted, sheet)] == expected
