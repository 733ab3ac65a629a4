"""Serve the benchmark's rows from the Sheets API emulator of tests/support/emulator, in a process of its own.

Usage: python bench/sheet_server.py ROWS_CSV BASE_ROWS KEY_FILE

Loads the CSV (header + rows) into three spreadsheets: "bench-n" (the first BASE_ROWS rows), "bench-grown"
(every row: BASE_ROWS plus the increment) and "bench-increment" (the increment alone), writes a
service-account key for the emulator's token endpoint to KEY_FILE, prints one JSON line with the
API endpoint, then serves until its standard input closes. It runs apart from the pipeline so the
pipeline's peak RSS is measured without the emulator's copy of the rows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.emulator import SheetsEmulator, write_service_account_key  # noqa: E402

EMAIL = "timpora-bench@timpora-bench.iam.gserviceaccount.com"
TAB = "Form Responses 1"
KEYS = ("bench-n", "bench-grown", "bench-increment")


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the CSV (header first) as lists of text."""
    names = [f"c{i}" for i in range(len(path.open(encoding="utf-8").readline().split(",")))]
    table = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(column_names=names),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    return [list(row) for row in zip(*(column.to_pylist() for column in table.columns), strict=True)]


def add_sheet(emulator: SheetsEmulator, key: str, rows: list[list[str]]) -> None:
    """A spreadsheet holding these rows; set directly, since the emulator's own copy cell by cell is slow."""
    emulator.add_spreadsheet(key, key, locale="id_ID", time_zone="Asia/Jakarta", shared_with=[EMAIL])
    sheet = emulator.add_worksheet(key, TAB, 0)
    sheet.rows = rows
    sheet.row_count = len(rows)
    sheet.column_count = max(len(row) for row in rows)


def main(rows_csv: str, base_rows: str, key_file: str) -> None:
    rows = read_rows(Path(rows_csv))
    header, data = rows[0], rows[1:]
    base = int(base_rows)
    with SheetsEmulator() as emulator:
        add_sheet(emulator, KEYS[0], [header, *data[:base]])
        add_sheet(emulator, KEYS[1], rows)
        add_sheet(emulator, KEYS[2], [header, *data[base:]])
        write_service_account_key(Path(key_file), EMAIL, emulator.token_uri).chmod(0o600)
        print(json.dumps({"url": emulator.url, "worksheet": TAB}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main(*sys.argv[1:4])
