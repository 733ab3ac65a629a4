"""Store one fetch in raw.responses: new and edited rows become versions, vanished rows are marked deleted."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.core.errors import SourceError
from pipelines.core.warehouse import fetch_first, run_sql
from pipelines.sources.base import Fetch, cell_column, rows_from_columns

# Google Sheets' own maxima for a sheet's width and a cell's text are what raw accepts (not its 10
# million cells a spreadsheet: a CSV source may well hold more rows)
MAX_COLUMNS = 18_278
MAX_CELL_CHARS = 50_000
# wider fetches reach DuckDB as one list of cells per row: it holds a vector of 2,048 values for
# every column it reads, so a column per cell costs gigabytes at thousands of columns
WIDE_COLUMNS = 256


class FetchTooLarge(SourceError):
    """A fetch is beyond what a Google Sheet can hold; the message gives its shape, never its cells."""


@dataclass(frozen=True)
class StoreResult:
    """What one fetch changed in raw."""

    fetch_id: str
    rows_fetched: int
    rows_new: int
    rows_changed: int
    rows_deleted: int
    rows_current: int


def header_id(headers: Sequence[str]) -> str:
    """A stable id of a header row."""
    return hashlib.md5(json.dumps(list(headers)).encode(), usedforsecurity=False).hexdigest()


def store_fetch(
    con: duckdb.DuckDBPyConnection,
    source_name: str,
    fetch: Fetch,
    key_position: int | None,
    fetched_at: datetime,
) -> StoreResult:
    """Merge a fetch into raw.responses (the caller holds the transaction that also logs the fetch).

    Args:
        con: a read-write warehouse connection.
        source_name: the configured source.
        fetch: what the source returned; when `fetch.is_full`, stored rows absent from it are marked
            deleted.
        key_position: 0-based column of the form timestamp that identifies a response, or None to
            identify rows by sheet row number.
        fetched_at: when the fetch started (timezone-aware).
    """
    fetch_id = str(uuid.uuid4())
    params = {
        "source_name": source_name,
        "fetch_id": fetch_id,
        "fetched_at": fetched_at,
        "header_id": header_id(fetch.headers),
        "is_full": fetch.is_full,
        "key_position": None if key_position is None else key_position + 1,
    }
    _store_header(con, fetch.headers, params)
    with _incoming_rows(con, fetch.table, key_position):
        run_sql(con, "raw/10_incoming.sql", params)
        run_sql(con, "raw/20_merge.sql", params)
    counts = dict(con.execute("select change_kind, count(*) from changes group by all").fetchall())
    current = fetch_first(
        con,
        "select count(*) from raw.responses where source_name = ? and superseded_at is null and deleted_at is null",
        [source_name],
    )[0]
    return StoreResult(
        fetch_id=fetch_id,
        rows_fetched=fetch.row_count,
        rows_new=counts.get("new", 0),
        rows_changed=counts.get("changed", 0),
        rows_deleted=counts.get("deleted", 0),
        rows_current=current,
    )


def check_size(source_name: str, fetch: Fetch) -> None:
    """Refuse a fetch wider than a Google Sheet can be, or with a cell longer than a Sheets cell can be.

    Raises:
        FetchTooLarge: naming the source, the limit and where it is passed (a count, or the row and
            column of the first cell too long), never a cell's text.
    """
    columns = max(len(fetch.headers), fetch.table.num_columns - 1)
    if columns > MAX_COLUMNS:
        raise FetchTooLarge(
            f"source {source_name!r}: {columns:,} columns, more than the {MAX_COLUMNS:,} a Google Sheet can hold; "
            "nothing of it was stored"
        )
    too_long = _first_long_cell(fetch)
    if too_long:
        row, column, length = too_long
        raise FetchTooLarge(
            f"source {source_name!r}: the cell at row {row}, column {column} has {length:,} characters, more than "
            f"the {MAX_CELL_CHARS:,} a Google Sheets cell can hold; nothing of it was stored"
        )


def _first_long_cell(fetch: Fetch) -> tuple[int, int, int] | None:
    """(sheet row, 1-based column, characters) of the first cell over MAX_CELL_CHARS, header row first."""
    for position, header in enumerate(fetch.headers, start=1):
        if len(header) > MAX_CELL_CHARS:
            return 1, position, len(header)
    numbers = fetch.table.column(0)
    for position in range(1, fetch.table.num_columns):
        column = fetch.table.column(position)
        # bytes bound characters from above: most columns need no character count at all
        if not len(column) or pc.max(pc.binary_length(column)).as_py() <= MAX_CELL_CHARS:
            continue
        lengths = pc.utf8_length(column)
        over = pc.indices_nonzero(pc.greater(lengths, MAX_CELL_CHARS)).to_pylist()
        if over:
            return numbers[over[0]].as_py(), position, lengths[over[0]].as_py()
    return None


@contextmanager
def _incoming_rows(con: duckdb.DuckDBPyConnection, table: pa.Table, key_position: int | None) -> Iterator[None]:
    """Temp view incoming_rows over the fetch's table: a column per cell, or a list per row when wide."""
    key_cell = _key_cell(table, key_position)
    if table.num_columns - 1 > WIDE_COLUMNS:
        name, sql = "incoming_lists", "raw/05_incoming_lists.sql"
        registered = rows_from_columns(table).append_column("key_cell", key_cell)
    else:
        name, sql = "incoming_cells", "raw/05_incoming_columns.sql"
        registered = table.append_column("key_cell", key_cell)
    con.register(name, registered)
    try:
        run_sql(con, sql)
        yield
    except BaseException:
        # a failed statement aborts the transaction, which then refuses even this: the error to
        # report is the one that failed, and closing the connection drops the view
        with suppress(duckdb.Error):
            con.unregister(name)
        raise
    con.unregister(name)


def _key_cell(table: pa.Table, key_position: int | None) -> pa.ChunkedArray | pa.Array:
    """The identifying column (shared, not copied), or nulls."""
    if key_position is None or key_position + 1 >= table.num_columns:
        return pa.nulls(table.num_rows, pa.string())
    return table.column(cell_column(key_position + 1))


def _store_header(con: duckdb.DuckDBPyConnection, headers: Sequence[str], params: dict) -> None:
    con.execute(
        "insert into raw.headers select $header_id, $headers, $fetched_at "
        "where not exists (select 1 from raw.headers where header_id = $header_id)",
        {"header_id": params["header_id"], "headers": list(headers), "fetched_at": params["fetched_at"]},
    )
