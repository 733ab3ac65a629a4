"""Store one fetch in raw.responses: new and edited rows become versions, vanished rows are marked deleted."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines.sources.base import Fetch, cell_column
from pipelines.warehouse import fetch_first, run_sql


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
    con.register("incoming_cells", _with_key_cell(fetch.table, key_position))
    try:
        run_sql(con, "raw/10_incoming.sql", params)
        run_sql(con, "raw/20_merge.sql", params)
    finally:
        con.unregister("incoming_cells")
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


def _with_key_cell(table: pa.Table, key_position: int | None) -> pa.Table:
    """The fetch's table plus `key_cell`: the identifying column (shared, not copied), or nulls."""
    if key_position is None or key_position + 1 >= table.num_columns:
        return table.append_column("key_cell", pa.nulls(table.num_rows, pa.string()))
    return table.append_column("key_cell", table.column(cell_column(key_position + 1)))


def _store_header(con: duckdb.DuckDBPyConnection, headers: Sequence[str], params: dict) -> None:
    con.execute(
        "insert into raw.headers select $header_id, $headers, $fetched_at "
        "where not exists (select 1 from raw.headers where header_id = $header_id)",
        {"header_id": params["header_id"], "headers": list(headers), "fetched_at": params["fetched_at"]},
    )
