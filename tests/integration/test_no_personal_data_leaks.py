"""No personal value of a form leaves raw and staging: not in errors, logs, state, the snapshot or Prefect.

Broken inputs (a CSV whose header row is missing, unreadable dates, a name typed as the permit type,
a Status cell holding a name and a passport, a build that fails on a value) go through the CLI and
the Prefect flows; then every place that keeps text outside raw and staging is searched for every
name, passport, phone and address of the input.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import file_source, write_csv, write_results_config
from pipelines.cli import app
from pipelines.core.config import load_config
from pipelines.publish.tabs import ALERTS_TAB, ID_HEADER, STATUS_HEADER
from pipelines.transform.normalise.base import Parsed
from tests.support.emulator import SheetsEmulator, write_service_account_key

EMAIL = "timpora@kanim-ranai.iam.gserviceaccount.com"
RESULTS_KEY = "1kanimRanaiHasilPrivasi"
AS_OF = date(2026, 11, 26)

LODGING_HEADERS = [
    "Cap waktu", "Nama pelapor", "Nomor HP pelapor", "Nama hotel/penginapan", "Nama lengkap orang asing",
    "Kewarganegaraan", "Nomor paspor", "Jenis kelamin", "Tanggal lahir", "Jenis izin tinggal", "Nomor izin tinggal",
    "Tanggal berakhir izin tinggal", "Tujuan kedatangan", "Alamat tempat tinggal", "Kabupaten/Kota", "Kecamatan",
    "Tanggal kedatangan", "Tanggal check-out",
]  # fmt: skip
REPORTER = ["Wulandari Prameswari", "0813-7766-5544"]
LODGING_ROWS = [
    # an overstayer: an alert for the results sheet
    ["24/11/2026 10:15:03", *REPORTER, "Hotel Natuna", "Zoltan Kovacsik", "Hungaria", "ZK9988776", "Laki-laki",
     "14/02/1979", "VoA", "", "20/11/2026", "Wisata", "Jl. Soekarno Hatta No. 77 Ranai", "Kab. Natuna",
     "Bunguran Timur", "10/11/2026", "25/11/2026"],
    # broken dates, a name typed as the permit type
    ["24/11/2026 11:00:00", *REPORTER, "Hotel Natuna", "Ingrid Halvorsen-Berg", "Norwegia", "NO4455667", "P",
     "99/99/1985", "Ingrid Halvorsen-Berg", "2C21AB0099887", "31/02/2027", "Bekerja", "Jl. Datuk Kaya Wan 12",
     "Kab. Natuna", "Bunguran Timur", "kemarin", "tgl 3 bln depan"],
]  # fmt: skip
# a new response whose date of birth the (patched) parser mishandles, so the build's cast fails on it
FAILING_ROW = ["25/11/2026 08:00:00", *REPORTER, "Hotel Natuna", "Mbeki Oluwaseun", "Nigeria", "A07788990", "L",
               "07/03/1988", "KITAS", "", "01/06/2027", "Bekerja", "Gang Kenanga Blok C7", "Kab. Natuna",
               "Bunguran Timur", "20/11/2026", ""]  # fmt: skip
# a download without its header row: row 1 is a person's answers
HEADLESS_ROWS = [
    ["24/11/2026 09:00:00", "Rahel Tesfaye Gebremedhin", "Etiopia", "ET7788123", "+62 812-9911-2233",
     "Jl. Pramuka Raya 45 Ranai", "Kab. Natuna"],
    ["24/11/2026 09:30:00", "Olusegun Adebayo", "Nigeria", "NG5544332", "0812-4400-1199", "Jl. Melur 9", "Kab. Natuna"],
]  # fmt: skip
COMPLAINT_HEADERS = [
    "Cap waktu", "Nama pelapor", "Nomor HP pelapor", "Nama orang asing yang dilaporkan", "Kewarganegaraan",
    "Jenis pengaduan", "Alamat kejadian", "Uraian kejadian", "Kabupaten/Kota", "Kecamatan", "Status tindak lanjut",
]  # fmt: skip
COMPLAINT_ROWS = [
    ["25/11/2026 09:00:00", "Sutrisno Hadiwijoyo", "0857-1122-3344", "Viktor Lindqvist", "Swedia", "Overstay",
     "Gang Melati 3 Cipocok", "Viktor Lindqvist bekerja di Toko Melati", "Kota Serang", "Cipocok Jaya",
     "Sutrisno Hadiwijoyo"],
]  # fmt: skip
PERSONAL = sorted(
    {
        *REPORTER,
        *(value for row in LODGING_ROWS + [FAILING_ROW] for value in (row[4], row[6], row[8], row[10], row[13])),
        *(value for row in HEADLESS_ROWS for value in row[1:6] if value not in ("Etiopia", "Nigeria")),
        *(value for row in COMPLAINT_ROWS for value in (row[1], row[2], row[3], row[6], row[7])),
        "Zoltan Kovacsik ZK9988776",
    }
    - {""}
)


def _wait_for(check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("Prefect's database never showed the runs' records")
        time.sleep(0.5)


def _prefect_text(home: Path) -> str:
    """Every byte of Prefect's SQLite database (with its write-ahead log), as text."""
    chunks = [path.read_bytes() for path in (home / "prefect.db", home / "prefect.db-wal") if path.exists()]
    return b"".join(chunks).decode("utf-8", "replace")


def _prefect_rows(home: Path, query: str) -> list[tuple]:
    with sqlite3.connect(f"file:{home / 'prefect.db'}?mode=ro", uri=True) as con:
        return con.execute(query).fetchall()


def _duckdb_text(path: Path, schemas: tuple[str, ...] | None) -> dict[str, str]:
    """Each table of the file (in `schemas`, or all) as one text: every value of every row."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = current_database()"
        ).fetchall()
        return {
            f"{schema}.{table}": "\n".join(
                str(row) for row in con.execute(f'select * from "{schema}"."{table}"').fetchall()
            )
            for schema, table in tables
            if schemas is None or schema in schemas or f"{schema}.{table}" in schemas
        }
    finally:
        con.close()


def _found(texts: dict[str, str]) -> dict[str, list[str]]:
    return {place: hits for place, text in texts.items() if (hits := [value for value in PERSONAL if value in text])}


def _mishandled_birth_date(original):
    def parse_date(raw: str, locale: str) -> Parsed:
        if raw == "07/03/1988":  # a parser bug: the text itself handed on as the value
            return Parsed(raw, None)
        return original(raw, locale)

    return parse_date


@pytest.mark.timeout(900)
def test_broken_inputs__no_personal_value_outside_raw_and_staging(prefect_server, tmp_path, monkeypatch, caplog):
    from pipelines import steps
    from pipelines.flows.pipeline import build_warehouse, sync_sources
    from pipelines.transform import lookups

    # the builds' date is the office's today, so they publish (a build for another date is a what-if)
    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))

    caplog.set_level(logging.DEBUG)
    lodging = write_csv(tmp_path / "ranai.csv", LODGING_HEADERS, LODGING_ROWS)
    headless = write_csv(tmp_path / "headless.csv", HEADLESS_ROWS[0], HEADLESS_ROWS[1:])
    complaints = write_csv(tmp_path / "serang.csv", COMPLAINT_HEADERS, COMPLAINT_ROWS)
    sources = (
        file_source("ranai_lodging", lodging)
        + file_source("headless_lodging", headless)
        + file_source("serang_complaint", complaints, kind="complaint", office="SERANG")
    )
    runner = CliRunner()
    outputs, raised = [], []
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        emulator.add_spreadsheet(RESULTS_KEY, "Hasil", shared_with=[EMAIL])
        config = write_results_config(tmp_path, emulator, key_file, RESULTS_KEY, sources=sources)
        settings = load_config(config)

        # the CLI: a sync with the headerless file, and what `status` then shows
        synced = runner.invoke(app, ["--config", str(config), "sync"], env={"COLUMNS": "200"})
        assert (
            synced.exit_code == 1 and "headless_lodging" in synced.output and "header row is missing" in synced.output
        )
        outputs.append(synced.output)

        # the flows: the sync fails for that source, the build publishes an alert to the results sheet
        with pytest.raises(RuntimeError, match="headless_lodging") as error:
            sync_sources(config_path=str(config), full=True)
        raised.append(error.value)
        built = build_warehouse(config_path=str(config), as_of=AS_OF)
        assert built["published"][0]["error"] is None

        # an officer types a name and a passport into Status, and a name into the ID column
        rows = emulator.worksheet(RESULTS_KEY, ALERTS_TAB).rows
        status, alert_id = rows[0].index(STATUS_HEADER), rows[0].index(ID_HEADER)
        assert len(rows) >= 2, "an alert: the overstayer"
        emulator.set_cell(RESULTS_KEY, ALERTS_TAB, 2, status + 1, "Zoltan Kovacsik ZK9988776")
        emulator.set_cell(RESULTS_KEY, ALERTS_TAB, 3, alert_id + 1, "Olusegun Adebayo")
        republished = build_warehouse(config_path=str(config), as_of=AS_OF)
        warnings = republished["published"][0]["result"]["warnings"]
        assert any("Status cell" in w for w in warnings) and any("not an alert id" in w for w in warnings)

        # a build that fails on a value: DuckDB's cast error quotes it
        write_csv(lodging, LODGING_HEADERS, [*LODGING_ROWS, FAILING_ROW])
        monkeypatch.setattr(lookups.dates, "parse_date", _mishandled_birth_date(lookups.dates.parse_date))
        sync_sources(config_path=str(config), source="ranai_lodging")
        with pytest.raises(Exception, match="ConversionException raised at") as error:
            build_warehouse(config_path=str(config), as_of=AS_OF)
        raised.append(error.value)
        status_shown = runner.invoke(app, ["--config", str(config), "status"], env={"COLUMNS": "200"})
        outputs.append(status_shown.output)

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)
    EventsWorker.drain_all(timeout=30)
    home = Path(os.environ["PREFECT_HOME"])
    # the records to search are there: the failed task's log and its failure event
    _wait_for(lambda: _prefect_rows(home, "select count(*) from log where message like '%headless_lodging%'")[0][0])
    _wait_for(lambda: _prefect_rows(home, "select count(*) from events where event like '%task-run.Failed'")[0][0])

    state = _duckdb_text(settings.warehouse, ("state", "raw.fetches", "raw.headers"))
    snapshot = _duckdb_text(settings.snapshot_path, None)
    places = {
        **state,
        **{f"snapshot {name}": text for name, text in snapshot.items()},
        "logs": caplog.text,
        "CLI output": "\n".join(outputs),
        "exceptions": "\n".join(f"{type(exc).__name__}: {exc} {exc.__context__!r}" for exc in raised),
        "Prefect database": _prefect_text(home),
    }
    # the search finds what is there: the values are in raw and staging, and the failures were recorded
    raw = _duckdb_text(settings.warehouse, ("raw.responses",))
    assert set(_found(raw)["raw.responses"]) >= {"ZK9988776", "Ingrid Halvorsen-Berg", "Sutrisno Hadiwijoyo"}
    assert "header row is missing" in state["raw.fetches"] and "ConversionException" in state["state.builds"]
    assert "Status cell" in state["state.publishes"]
    assert _found(places) == {}


def test_error_text__keeps_shape_only_messages_and_withholds_the_others():
    from pipelines.core.errors import StepFailed, error_text, shape_only
    from pipelines.sources import SourceError

    con = duckdb.connect()
    with pytest.raises(duckdb.ConversionException) as error:
        con.execute("select 'ZK9988776'::date")
    assert "ZK9988776" in str(error.value)
    text = error_text(error.value)
    assert "ZK9988776" not in text and text.startswith("ConversionException raised at ")
    assert isinstance(shape_only(error.value), StepFailed) and str(shape_only(error.value)) == text
    readable = SourceError("file ranai.csv is not a readable CSV: line contains NUL")
    assert shape_only(readable) is readable and error_text(readable) == f"SourceError: {readable}"


def test_followup_warnings__quote_no_cell_typed_on_the_sheet():
    from pipelines.publish.followups import find_edits

    now = {"3f9c0a12d4e5b678": ("BARU", "", "")}
    on_sheet = {"3f9c0a12d4e5b678": ("Zoltan Kovacsik ZK9988776", "", ""), "Olusegun Adebayo": ("BARU", "", ""),
                "3f9c": ("BARU", "", "")}  # fmt: skip
    _, warnings = find_edits(on_sheet, {}, now)
    assert len(warnings) == 3 and "alert 3f9c on the sheet" in " ".join(warnings)
    assert not [value for value in PERSONAL if value in " ".join(warnings)]


def test_failed_check__names_the_check_not_its_rows(warehouse):
    from pipelines.marts.build import CheckFailed, assert_checks, build_marts

    settings, con = warehouse
    build_marts(con, settings, AS_OF)
    # a person the marts do not know: the maintained-tables check finds the staged report
    con.execute(
        "insert into staging.lodging_reports (source_name, office_code, response_key, raw_version, sheet_row_number, "
        "submitted_at, submitted_date, person_id, identity_method, full_name) values ('ranai_lodging', 'RANAI', "
        "'24/11/2026 10:15:03', 1, 2, '2026-11-24 03:15:03+00', '2026-11-24', 'ffffffffffffffff', 'name', "
        "'Zoltan Kovacsik')"
    )
    with pytest.raises(CheckFailed) as error:
        assert_checks(con)
    assert "checks/maintained_tables_complete.sql: 1 row(s)" in str(error.value)
    assert "24/11/2026" not in str(error.value) and "ffffffffffffffff" not in str(error.value)
