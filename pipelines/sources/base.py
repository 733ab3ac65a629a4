"""The one shape every source returns: the verbatim header row and text rows with sheet row numbers."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

ROWS_SCHEMA = pa.schema([("sheet_row_number", pa.int64()), ("cells", pa.list_(pa.string()))])


class SourceError(RuntimeError):
    """A source cannot be read; the message says what to do and never holds credentials or cell values."""


@dataclass(frozen=True)
class Fetch:
    """What one read of a source returned.

    Attributes:
        headers: the header row verbatim, padded to the widest row with "" (blank and duplicate
            headers are kept; they are told apart by position).
        rows: a table with ROWS_SCHEMA; every row's cells padded with "" to len(headers); an empty
            row in the middle of the data is kept as a row of "".
        is_full: True when every data row was read, so missing rows mean deleted rows.
        locale: the spreadsheet's locale (e.g. "id_ID") when the source tells, else None.
        time_zone: the spreadsheet's time zone (e.g. "Asia/Jakarta") when the source tells, else None.
        requests_made: HTTP requests spent (0 for files).
    """

    headers: tuple[str, ...]
    rows: pa.Table
    is_full: bool
    locale: str | None = None
    time_zone: str | None = None
    requests_made: int = 0


def rows_table(row_numbers: list[int], rows: list[list[str]]) -> pa.Table:
    """Build the rows table from parallel lists of sheet row numbers and (padded) cell lists."""
    return pa.table(
        {"sheet_row_number": pa.array(row_numbers, pa.int64()), "cells": pa.array(rows, pa.list_(pa.string()))},
        schema=ROWS_SCHEMA,
    )
