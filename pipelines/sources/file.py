"""Read a CSV or XLSX download of form responses into a `Fetch`, every cell kept as text."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipelines.config import FileSource
from pipelines.sources.base import ROWS_SCHEMA, Fetch, SourceError

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = ",;\t|"


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
        frame = _read_xlsx(path, source.sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        frame = _read_csv(path)
    else:
        raise SourceError(f"source {source.name!r}: unsupported file type {suffix!r} (use .csv or .xlsx)")
    return _to_fetch(frame)


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            with path.open(encoding=encoding, newline="") as handle:
                sample = handle.read(64 * 1024)
            separator = _sniff_separator(sample)
            return pd.read_csv(
                path,
                sep=separator,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding=encoding,
                engine="c",
                skip_blank_lines=False,
            )
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            return pd.DataFrame()
        except pd.errors.ParserError as exc:
            raise SourceError(f"file {path.name} is not a readable CSV: {exc}") from exc
    raise SourceError(f"file {path.name}: cannot decode as UTF-8 or Windows-1252")


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
    return frame.fillna("")


def _to_fetch(frame: pd.DataFrame) -> Fetch:
    if frame.empty:
        return Fetch(headers=(), rows=ROWS_SCHEMA.empty_table(), is_full=True)
    frame = frame.astype(str)
    headers = tuple(frame.iloc[0].tolist())
    data = frame.iloc[1:]
    filled = (data != "").any(axis=1).to_numpy()
    last = filled.nonzero()[0].max() + 1 if filled.any() else 0
    data = data.iloc[:last]
    # row-major flattening keeps this vectorised for a million rows
    width = len(headers)
    values = pa.array(data.to_numpy().ravel(), pa.string())
    offsets = pa.array(range(0, (len(data) + 1) * width, width), pa.int32())
    cells = pa.ListArray.from_arrays(offsets, values)
    numbers = pa.array(range(2, len(data) + 2), pa.int64())
    return Fetch(headers=headers, rows=pa.Table.from_arrays([numbers, cells], schema=ROWS_SCHEMA), is_full=True)
