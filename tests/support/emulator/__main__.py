"""Serve the rows of a CSV from the Sheets emulator in a process of its own, as the benchmark does.

Usage: python -m tests.support.emulator --rows ROWS_CSV --base-rows N --key-file KEY_FILE

Loads the CSV (header + rows) into three spreadsheets: "bench-n" (the first N rows), "bench-grown"
(every row: N plus the increment) and "bench-increment" (the increment alone), writes a
service-account key for the emulator's token endpoint to KEY_FILE, prints one JSON line with the
API endpoint and the worksheet's title, then serves until its standard input closes. Run apart from
the pipeline, the emulator's copy of the rows stays out of the pipeline's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv

from tests.support.emulator import SheetsEmulator, write_service_account_key

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


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line; a missing or unreadable CSV ends with one line and exit code 2."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, required=True, help="CSV of the rows to serve, header first")
    parser.add_argument("--base-rows", type=int, required=True, help="data rows of the spreadsheet bench-n")
    parser.add_argument("--key-file", type=Path, required=True, help="where to write the service-account key")
    args = parser.parse_args(argv)
    if not args.rows.is_file():
        parser.error(f"no CSV file at {args.rows}")
    return args


def main(argv: list[str]) -> None:
    os.umask(0o077)
    args = parse_args(argv)
    rows = read_rows(args.rows)
    header, data = rows[0], rows[1:]
    base = args.base_rows
    with SheetsEmulator() as emulator:
        add_sheet(emulator, KEYS[0], [header, *data[:base]])
        add_sheet(emulator, KEYS[1], rows)
        add_sheet(emulator, KEYS[2], [header, *data[base:]])
        write_service_account_key(args.key_file, EMAIL, emulator.token_uri)
        print(json.dumps({"url": emulator.url, "worksheet": TAB}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1:])
