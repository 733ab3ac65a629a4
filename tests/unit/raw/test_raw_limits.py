"""Raw layer at Google Sheets' maxima: the widest sheet and the longest cell sync; beyond them, one clear refusal."""

from __future__ import annotations

import csv
from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import LODGING_HEADERS, TEST_PSEUDONYM_KEY, file_source, write_config, write_csv
from pipelines import steps
from pipelines.cli import app
from pipelines.core.config import load_config
from pipelines.core.warehouse import connect
from pipelines.raw import load
from pipelines.raw.sync import sync_source
from tests.support.emulator import SheetsEmulator, write_service_account_key

GOOD = [
    "24/11/2026 10:15:03", "Hotel Natuna", "Li Wei", "Tiongkok", "E12345678", "VoA", "20/11/2026", "Wisata",
    "Kab. Natuna", "Bunguran Timur", "10/11/2026", "25/11/2026",
]  # fmt: skip
SECRET = "Paspor-rahasia-"  # the text of the long cells, which no message may repeat


def _sheet(path, width: int, long_cell: int = 10):
    """A lodging CSV `width` columns wide with three responses, the first with a `long_cell`-character cell."""
    headers = LODGING_HEADERS + [f"Kolom {n}" for n in range(len(LODGING_HEADERS) + 1, width + 1)]
    rows = []
    for number in range(3):
        extra = [""] * (width - len(GOOD))
        extra[-1] = (SECRET * long_cell)[:long_cell] if number == 0 else f"isi {number}"
        rows.append([GOOD[0].replace(":03", f":0{number}"), *GOOD[1:], *extra])
    return write_csv(path, headers, rows)


def test_google_maximum_sheet__syncs_every_cell_and_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
    path = _sheet(tmp_path / "widest.csv", load.MAX_COLUMNS, long_cell=load.MAX_CELL_CHARS)
    settings = load_config(write_config(tmp_path, file_source("ranai_lodging", path)))
    synced = steps.sync_one(settings, "ranai_lodging")
    assert (synced.rows_new, synced.rows_current) == (3, 3)
    con = connect(settings.warehouse, read_only=True)
    try:
        stored = con.execute(
            "select len(cells), length(cells[-1]), cells[1] from raw.responses order by sheet_row_number"
        ).fetchall()
        assert len(con.execute("select headers from raw.headers").fetchone()[0]) == load.MAX_COLUMNS
    finally:
        con.close()
    assert stored == [
        (load.MAX_COLUMNS, load.MAX_CELL_CHARS, "24/11/2026 10:15:00"),
        (load.MAX_COLUMNS, 5, "24/11/2026 10:15:01"),
        (load.MAX_COLUMNS, 5, "24/11/2026 10:15:02"),
    ]
    assert steps.build(settings, date(2026, 11, 26)).lodging_reports == 3
    assert steps.sync_one(settings, "ranai_lodging").rows_changed == 0  # a re-sync changes nothing


def test_google_maximum_sheet__syncs_through_the_sheets_api(tmp_path):
    email, key, tab = "timpora-sync@kanim-ranai.iam.gserviceaccount.com", "1kanimRanaiLebar", "Jawaban Formulir 1"
    path = _sheet(tmp_path / "widest.csv", load.MAX_COLUMNS, long_cell=load.MAX_CELL_CHARS)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", email, emulator.token_uri)
        key_file.chmod(0o600)
        emulator.add_spreadsheet(
            key, "Laporan", locale="in_ID", time_zone="Asia/Jakarta", sheets={tab: (0, rows)}, shared_with=[email]
        )
        source = (
            f'[[sources]]\nname = "ranai_sheet"\noffice = "RANAI"\nkind = "lodging"\ntype = "gsheet"\n'
            f'spreadsheet = "https://docs.google.com/spreadsheets/d/{key}/edit#gid=0"\nworksheet = "{tab}"\n'
        )
        extra = f'[google]\ncredentials_file = "{key_file}"\napi_endpoint = "{emulator.url}"\ntimeout_seconds = 30\n'
        settings = load_config(write_config(tmp_path, source, extra))
        synced = steps.sync_one(settings, "ranai_sheet")
    assert (synced.rows_new, synced.rows_current) == (3, 3)
    con = connect(settings.warehouse, read_only=True)
    try:
        stored = con.execute("select cells from raw.responses order by sheet_row_number").fetchall()
    finally:
        con.close()
    assert [list(cells) for (cells,) in stored] == rows[1:]


def test_wide_fetch__stores_what_a_narrow_one_stores(lodging_settings, tmp_path, monkeypatch):
    settings, _ = lodging_settings
    narrow = connect(settings.warehouse)
    sync_source(narrow, settings, settings.sources[0])
    monkeypatch.setattr(load, "WIDE_COLUMNS", 0)  # the same rows through the one-list-per-row path
    wide = connect(tmp_path / "wide.duckdb")
    sync_source(wide, settings, settings.sources[0])
    query = "select response_key, sheet_row_number, cells, content_hash from raw.responses order by all"
    assert wide.execute(query).fetchall() == narrow.execute(query).fetchall()
    assert sync_source(wide, settings, settings.sources[0]).rows_changed == 0


@pytest.mark.parametrize(
    ("width", "long_cell", "message"),
    [
        pytest.param(
            load.MAX_COLUMNS + 1, 10, "18,279 columns, more than the 18,278 a Google Sheet can hold", id="columns"
        ),
        pytest.param(
            20, load.MAX_CELL_CHARS + 1,
            "the cell at row 2, column 20 has 50,001 characters, more than the 50,000 a Google Sheets cell can hold",
            id="cell",
        ),
    ],
)  # fmt: skip
def test_beyond_google_maxima__one_clear_line_and_the_other_sources_still_sync(
    tmp_path, lodging_settings, width, long_cell, message
):
    _, good_csv = lodging_settings
    big = _sheet(tmp_path / "big.csv", width, long_cell)
    config = write_config(tmp_path, file_source("big_lodging", big) + file_source("ranai_lodging", good_csv))
    result = CliRunner().invoke(app, ["--config", str(config), "sync"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert f"source 'big_lodging': {message}; nothing of it was stored" in result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    con = connect(tmp_path / "wh.duckdb", read_only=True)
    try:
        fetches = con.execute("select source_name, status, error from raw.fetches order by source_name").fetchall()
        stored = con.execute("select distinct source_name from raw.responses").fetchall()
    finally:
        con.close()
    assert [(name, status) for name, status, _ in fetches] == [("big_lodging", "failed"), ("ranai_lodging", "ok")]
    assert message in fetches[0][2] and SECRET not in fetches[0][2]
    assert stored == [("ranai_lodging",)]


def test_failed_statement__its_own_error_is_raised_not_the_aborted_transaction(lodging_settings, monkeypatch):
    settings, _ = lodging_settings
    con = connect(settings.warehouse)
    real_run_sql = load.run_sql

    def failing_merge(con, name, params=None):
        if name == "raw/20_merge.sql":
            con.execute("select error('merge failed')").fetchall()
        real_run_sql(con, name, params)

    monkeypatch.setattr(load, "run_sql", failing_merge)
    with pytest.raises(duckdb.Error, match="merge failed"):
        sync_source(con, settings, settings.sources[0])
    monkeypatch.setattr(load, "run_sql", real_run_sql)
    assert sync_source(con, settings, settings.sources[0]).rows_new == 3
