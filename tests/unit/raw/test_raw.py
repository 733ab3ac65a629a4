"""Raw layer: every row kept, versions on edits, deletions marked, re-syncs write nothing."""

from __future__ import annotations

import csv
import hashlib

import duckdb
import pytest

from conftest import COMPLAINT_HEADERS, LODGING_HEADERS, write_csv
from pipelines.core.fields import HeaderMappingError
from pipelines.core.warehouse import connect
from pipelines.raw.sync import sync_source


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _current(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select sheet_row_number, cells from raw.responses where superseded_at is null and deleted_at is null "
        "order by sheet_row_number"
    ).fetchall()


def test_sync_twice__writes_nothing_the_second_time(lodging_settings):
    settings, _ = lodging_settings
    con = connect(settings.warehouse)
    first = sync_source(con, settings, settings.sources[0])
    table_before = con.execute("select * from raw.responses order by all").fetchall()
    second = sync_source(con, settings, settings.sources[0])
    assert (first.rows_new, second.rows_new, second.rows_changed, second.rows_deleted) == (3, 0, 0, 0)
    assert con.execute("select * from raw.responses order by all").fetchall() == table_before


def test_raw_equals_source_cell_for_cell(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    assert [list(cells) for _, cells in _current(con)] == rows[1:]
    headers = con.execute("select headers from raw.headers").fetchone()[0]
    assert headers == rows[0]


def test_edited_row__becomes_a_new_version(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    rows[2][3] = "Viet Nam"
    write_csv(csv_path, rows[0], rows[1:])
    result = sync_source(con, settings, settings.sources[0])
    assert (result.rows_new, result.rows_changed, result.rows_deleted) == (0, 1, 0)
    versions = con.execute(
        "select version, cells[4], superseded_at is not null from raw.responses "
        "where response_key = '24/11/2026 11:00:00#1' order by version"
    ).fetchall()
    assert versions == [(1, "Vietnam", True), (2, "Viet Nam", False)]


def test_deleted_row__is_marked_not_removed(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    write_csv(csv_path, rows[0], [rows[1], rows[3]])
    result = sync_source(con, settings, settings.sources[0])
    assert (result.rows_new, result.rows_changed, result.rows_deleted) == (0, 0, 1)
    assert con.execute("select count(*) from raw.responses").fetchone()[0] == 3
    deleted = con.execute("select cells[3] from raw.responses where deleted_at is not null").fetchall()
    assert deleted == [("Nguyen Van An",)]
    # the row below moved up one row; it is the same response, not a new one
    assert [n for n, _ in _current(con)] == [2, 3]


def test_appended_column__is_not_an_edit(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    write_csv(csv_path, rows[0] + ["Catatan petugas"], [r + [""] for r in rows[1:]])
    result = sync_source(con, settings, settings.sources[0])
    assert (result.rows_new, result.rows_changed, result.header_added) == (0, 0, ("Catatan petugas",))


def test_content_hash__is_md5_of_the_cells_joined_without_trailing_empty_ones(lodging_settings):
    # hashes stored by earlier versions must still match, or every row would look edited
    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    rows[1][-2:] = ["", ""]  # the last two cells of the first response empty
    rows[2][1] = ""  # an empty cell inside the second
    write_csv(csv_path, rows[0], rows[1:])
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    stored = con.execute("select cells, content_hash from raw.responses order by sheet_row_number").fetchall()
    assert [hashed for _, hashed in stored] == [
        hashlib.md5("\x1f".join(cells).rstrip("\x1f").encode()).hexdigest() for cells, _ in stored
    ]
    assert stored[0][0][-2:] == ["", ""]  # the cells themselves are kept as they were


def test_missing_required_header__names_sheet_fields_and_shape_not_header_text(lodging_settings):
    settings, csv_path = lodging_settings
    write_csv(csv_path, COMPLAINT_HEADERS[:3], [["24/11/2026 10:00:00", "x", "y"]])
    con = connect(settings.warehouse)
    with pytest.raises(HeaderMappingError) as error:
        sync_source(con, settings, settings.sources[0])
    message = str(error.value)
    assert "ranai_lodging" in message and "full_name" in message and "submitted_at (column 1)" in message
    assert "Row 1 has 3 column(s)" in message and "Nomor HP pelapor" not in message
    assert con.execute("select count(*) from raw.responses").fetchone()[0] == 0


def test_renamed_header_between_syncs__reported_and_rows_unchanged(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    headers = ["Negara asal" if h == "Kewarganegaraan" else h for h in LODGING_HEADERS]
    write_csv(csv_path, headers, rows[1:])
    result = sync_source(con, settings, settings.sources[0])
    assert (result.rows_new, result.rows_changed) == (0, 0)
    assert (result.header_added, result.header_removed) == (("Negara asal",), ("Kewarganegaraan",))
    logged = con.execute(
        "select header_added, header_removed from raw.fetches order by started_at desc limit 1"
    ).fetchone()
    assert logged == (["Negara asal"], ["Kewarganegaraan"])
