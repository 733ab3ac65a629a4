"""The one shape every source returns: the verbatim header row and text rows with sheet row numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ROWS_SCHEMA = pa.schema([("sheet_row_number", pa.int64()), ("cells", pa.list_(pa.string()))])
ROW_NUMBER = "sheet_row_number"


@dataclass(frozen=True)
class Fetch:
    """What one read of a source returned.

    Attributes:
        headers: the header row verbatim, padded to the widest row with "" (blank and duplicate
            headers are kept; they are told apart by position).
        table: the data rows, column-major: `sheet_row_number` (int64), then one text column per
            header position named `c1`, `c2`, ... (`cell_column(n)`); every cell is text, "" when
            empty; an empty row in the middle of the data is kept as a row of "".
        is_full: True when every data row was read, so missing rows mean deleted rows.
        locale: the spreadsheet's locale (e.g. "id_ID") when the source tells, else None.
        time_zone: the spreadsheet's time zone (e.g. "Asia/Jakarta") when the source tells, else None.
        requests_made: HTTP requests spent (0 for files).
    """

    headers: tuple[str, ...]
    table: pa.Table
    is_full: bool
    locale: str | None = None
    time_zone: str | None = None
    requests_made: int = 0

    @property
    def row_count(self) -> int:
        """Data rows read."""
        return self.table.num_rows

    @property
    def rows(self) -> pa.Table:
        """The same rows with ROWS_SCHEMA (cells as one list per row); built on each call, for small reads."""
        return rows_from_columns(self.table)


def cell_column(position: int) -> str:
    """The name of the 1-based column `position` in `Fetch.table`."""
    return f"c{position}"


def cells_table(row_numbers: np.ndarray | Sequence[int], columns: Sequence[pa.Array | pa.ChunkedArray]) -> pa.Table:
    """A `Fetch.table` from the row numbers and one text array per column, all equally long."""
    names = [ROW_NUMBER, *(cell_column(position) for position in range(1, len(columns) + 1))]
    numbers = pa.array(np.asarray(row_numbers, dtype=np.int64), pa.int64())
    return pa.table([numbers, *(column.cast(pa.string()) for column in columns)], names=names)


def empty_cells_table(width: int) -> pa.Table:
    """A `Fetch.table` with no rows and `width` text columns."""
    return cells_table([], [pa.array([], pa.string())] * width)


def columns_from_rows(rows: pa.ListArray | pa.ChunkedArray, width: int) -> list[pa.Array]:
    """Split list-of-text rows into `width` text columns, short rows padded with "".

    Vectorised: each column is one `take` from the flattened cells at each row's offset plus the
    column's position, null where the row is too short, then filled with "".
    """
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks() if rows.num_chunks else pa.array([], pa.list_(pa.string()))
    values = rows.values.cast(pa.string())
    starts = np.asarray(rows.offsets, dtype=np.int64)[:-1]
    lengths = np.asarray(pc.list_value_length(rows).fill_null(0), dtype=np.int64)
    columns = []
    for position in range(width):
        indices = pa.array(starts + position, mask=lengths <= position)
        columns.append(values.take(indices).fill_null(""))
    return columns


def rows_from_columns(table: pa.Table) -> pa.Table:
    """The ROWS_SCHEMA table of a `Fetch.table`: row i's cells are the text columns' i-th values."""
    columns = [column.combine_chunks() for column in table.columns[1:]]
    count, width = table.num_rows, len(columns)
    numbers = table.column(ROW_NUMBER).combine_chunks() if table.num_rows else pa.array([], pa.int64())
    if width == 0:
        cells = pa.array([[]] * count, pa.list_(pa.string()))
    else:
        stacked = pa.concat_arrays(columns)
        # row-major order: cell (row, column) sits at column * count + row in the stacked array
        order = (np.arange(width, dtype=np.int64) * count + np.arange(count, dtype=np.int64)[:, None]).ravel()
        offsets = pa.array(np.arange(0, (count + 1) * width, width, dtype=np.int32))
        cells = pa.ListArray.from_arrays(offsets, stacked.take(pa.array(order)))
    return pa.Table.from_arrays([numbers, cells], schema=ROWS_SCHEMA)
