"""Read a CSV or XLSX download of form responses into a `Fetch`, every cell kept as text."""

from __future__ import annotations

import csv
import logging
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from pipelines.core.config import FileSource
from pipelines.core.errors import SourceError
from pipelines.sources.base import Fetch, cells_table, empty_cells_table

log = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = ",;\t|"
SAMPLE_BYTES = 64 * 1024


def fetch_file(source: FileSource) -> Fetch:
    """Read the whole file; the first row is the header, data rows are numbered from 2 like a sheet.

    Rows that are entirely empty are kept (a form response sheet can hold them); trailing
    fully-empty rows at the end of the file are dropped, as the Sheets API does.
    """
    path = Path(source.path)
    if not path.is_file():
        raise SourceError(f"source {source.name!r}: file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _frame_to_fetch(_read_xlsx(path, source.sheet))
    if suffix in (".csv", ".txt", ".tsv"):
        return _columns_to_fetch(_read_csv(path))
    raise SourceError(f"source {source.name!r}: unsupported file type {suffix!r} (use .csv or .xlsx)")


def _read_csv(path: Path) -> list[pa.ChunkedArray]:
    """The file's columns as text, header row included, in the first encoding that reads it."""
    for encoding in ENCODINGS:
        try:
            return _read_csv_as(path, encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"file {path.name}: cannot decode as UTF-8 or Windows-1252")


def _read_csv_as(path: Path, encoding: str) -> list[pa.ChunkedArray]:
    """Read with pyarrow's multi-threaded reader; the csv module takes what it declines.

    pyarrow reads only rectangles; a file with ragged rows (shorter or longer than the header) goes
    to the csv module, which keeps every record and pads short ones, so no row is ever lost.

    Raises:
        UnicodeDecodeError: the file is not in this encoding.
    """
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample:
        return []
    separator = _sniff_separator(sample)
    try:
        return _read_csv_arrow(path, encoding, separator, _first_record_width(sample, separator))
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        log.info("file %s: reading it record by record (%s)", path.name, type(exc).__name__)
        return _read_csv_records(path, encoding, separator)


def _read_csv_arrow(path: Path, encoding: str, separator: str, width: int) -> list[pa.ChunkedArray]:
    names = [f"c{i}" for i in range(width)]
    table = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(column_names=names, encoding=_arrow_encoding(encoding)),
        parse_options=pa_csv.ParseOptions(delimiter=separator, newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    return table.columns


def _arrow_encoding(encoding: str) -> str:
    # pyarrow skips a UTF-8 byte order mark itself
    return "utf8" if encoding == "utf-8-sig" else encoding


def _first_record_width(sample: str, separator: str) -> int:
    """Cells in the first record of the sample (the header; it may hold a quoted line break)."""
    first = next(csv.reader(sample.splitlines(keepends=True), delimiter=separator), [])
    return max(1, len(first))


def _read_csv_records(path: Path, encoding: str, separator: str) -> list[pa.ChunkedArray]:
    """Every record as the csv module reads it; ragged records padded with "" to the widest one.

    Raises:
        UnicodeDecodeError: the file is not in this encoding.
    """
    with path.open(encoding=encoding, newline="") as handle:
        try:
            records = list(csv.reader(handle, delimiter=separator))
        except csv.Error as exc:
            raise SourceError(f"file {path.name} is not a readable CSV: {exc}") from exc
    width = max((len(record) for record in records), default=0)
    return [
        pa.chunked_array([pa.array([record[i] if i < len(record) else "" for record in records], pa.string())])
        for i in range(width)
    ]


def _sniff_separator(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


def _read_xlsx(path: Path, sheet: str | int) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, sheet_name=sheet, header=None, dtype=str, engine="openpyxl")
    except ValueError as exc:
        raise SourceError(f"file {path.name}: worksheet {sheet!r} not found ({exc})") from exc
    except zipfile.BadZipFile as exc:
        raise SourceError(f"file {path.name} is not a readable XLSX workbook (not a zip archive)") from exc
    return frame.fillna("")


def _frame_columns(frame: pd.DataFrame) -> list[pa.ChunkedArray]:
    if frame.empty:
        return []
    frame = frame.astype(str)
    return [pa.chunked_array([pa.array(frame[column].to_numpy(dtype=object), pa.string())]) for column in frame]


def _frame_to_fetch(frame: pd.DataFrame) -> Fetch:
    return _columns_to_fetch(_frame_columns(frame))


def _columns_to_fetch(columns: list[pa.ChunkedArray]) -> Fetch:
    """The header (first row) and the data rows, trailing empty rows dropped, kept column by column."""
    if not columns or len(columns[0]) == 0:
        return Fetch(headers=(), table=empty_cells_table(0), is_full=True)
    headers = tuple(column[0].as_py() for column in columns)
    data = [column.slice(1) for column in columns]
    count = _last_filled_row(data)
    table = cells_table(np.arange(2, count + 2), [column.slice(0, count) for column in data])
    return Fetch(headers=headers, table=table, is_full=True)


def _last_filled_row(columns: list[pa.ChunkedArray]) -> int:
    """One past the last row with any non-empty cell (0 when every row is empty)."""
    filled = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        filled |= pc.not_equal(column, "").to_numpy()
    rows = np.flatnonzero(filled)
    return int(rows[-1]) + 1 if len(rows) else 0
