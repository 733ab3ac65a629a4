"""Hostile and broken form exports: every row kept in raw exactly as read, none lost on the way to staging."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from conftest import LODGING_HEADERS, current_cells, file_source, write_config
from pipelines import steps
from pipelines.core.config import load_config
from pipelines.core.warehouse import connect

GOOD = [
    "24/11/2026 10:15:03", "Hotel Natuna", "Li Wei", "Tiongkok", "E12345678", "VoA", "20/11/2026", "Wisata",
    "Kab. Natuna", "Bunguran Timur", "10/11/2026", "25/11/2026",
]  # fmt: skip


def variant(**cells: str) -> list[str]:
    """The good row with some cells replaced, named by their header's position (c0 … c11)."""
    row = list(GOOD)
    for name, value in cells.items():
        row[int(name[1:])] = value
    return row


BAD_ROWS = {
    "50k-character name": variant(c2="A" * 50_000),
    "NUL byte": variant(c1="Hotel\x00Natuna"),
    "control characters": variant(c1="Hotel\x07\x1b[31mNatuna\x7f"),
    "emoji": variant(c2="Li Wei 🇨🇳😀"),
    "right-to-left": variant(c2="محمد عبد الله", c3="Arab Saudi"),
    "formula": variant(c2='=HYPERLINK("http://x";"klik")', c1="+62 812", c4="@E123"),
    "empty row": [""] * 12,
    "ragged short": GOOD[:5],
    "ragged long": [*GOOD, "extra", "more"],
    "garbage dates": variant(c0="kemarin", c6="31/02/2026", c10="99/99/9999"),
}


def pipeline(tmp_path, path, **source) -> tuple:
    settings = load_config(write_config(tmp_path, file_source("ranai_lodging", path, **source)))
    synced = steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, date(2026, 11, 26))
    return settings, synced


def staged_keys(settings) -> tuple[set, set]:
    con = connect(settings.warehouse, read_only=True)
    try:
        raw = con.execute(
            "select response_key from raw.responses where superseded_at is null and deleted_at is null"
        ).fetchall()
        staged = con.execute("select response_key from staging.lodging_reports").fetchall()
    finally:
        con.close()
    return {key for (key,) in raw}, {key for (key,) in staged}


def test_hostile_cells_are_kept_exactly_and_no_row_is_lost(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # with a byte order mark, as Excel saves
        writer = csv.writer(handle)
        writer.writerow(LODGING_HEADERS)
        writer.writerows([GOOD, *BAD_ROWS.values(), GOOD])
    settings, synced = pipeline(tmp_path, path)
    assert synced.rows_new == len(BAD_ROWS) + 2
    width = len(LODGING_HEADERS)
    expected = [(row + [""] * width)[: max(width, len(row))] for row in [GOOD, *BAD_ROWS.values(), GOOD]]
    assert [row[: len(want)] for row, want in zip(current_cells(settings), expected, strict=True)] == expected
    raw, staged = staged_keys(settings)
    assert raw == staged, "every response reaches staging (with nulls and rejects where values are bad)"

    con = connect(settings.warehouse, read_only=True)
    names = dict(con.execute("select sheet_row_number, full_name from staging.lodging_reports").fetchall())
    reasons = {row for (row,) in con.execute("select distinct reason from staging.rejects").fetchall()}
    con.close()
    row_of = {label: number for number, label in enumerate(BAD_ROWS, start=3)}
    assert len(names[row_of["50k-character name"]]) == 50_000
    assert names[row_of["formula"]] == '=HYPERLINK("http://x";"klik")', "stored as text, neutralised only on export"
    assert names[row_of["right-to-left"]] == "محمد عبد الله"
    assert {"DATE_RELATIVE", "DATE_UNPARSEABLE", "REQUIRED_MISSING"} <= reasons


def test_windows_1252_with_semicolons_is_read(tmp_path):
    path = tmp_path / "export.csv"
    row = variant(c2="José Müller", c3="Jerman", c1="Hôtel Café")
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([LODGING_HEADERS, row])
    settings, synced = pipeline(tmp_path, path)
    assert synced.rows_new == 1
    assert current_cells(settings) == [row]


def test_xlsx_with_merged_cells_keeps_every_row(tmp_path):
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(LODGING_HEADERS)
    for row in (GOOD, variant(c2="Anna"), variant(c2="Ben")):
        sheet.append(row)
    sheet.merge_cells("B3:B4")  # an office merged the hotel of two rows
    book.save(path)
    settings, synced = pipeline(tmp_path, path)
    assert synced.rows_new == 3
    rows = current_cells(settings)
    assert [row[2] for row in rows] == ["Li Wei", "Anna", "Ben"]
    assert [row[1] for row in rows] == ["Hotel Natuna", "Hotel Natuna", ""]
    raw, staged = staged_keys(settings)
    assert raw == staged


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\x00garbage", b"Cap waktu\n"])
def test_empty_or_unreadable_files_fail_clearly_or_yield_nothing(tmp_path, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    settings = load_config(write_config(tmp_path, file_source("ranai_lodging", path)))
    try:
        synced = steps.sync_one(settings, "ranai_lodging")
    except Exception as exc:  # a clear message naming the file or the missing headers, never a crash
        assert "export.csv" in str(exc) or "header" in str(exc).lower(), exc
    else:
        assert synced.rows_new == 0
