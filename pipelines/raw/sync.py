"""Sync one source into raw: choose a full or incremental read, check the headers, store the rows."""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

from pipelines.core.config import FileSource, GSheetSource, Settings
from pipelines.core.fields import require_headers
from pipelines.core.warehouse import fetch_first, transaction
from pipelines.raw.load import StoreResult, check_size, header_id, store_fetch
from pipelines.sources import Fetch, fetch_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    """The outcome of syncing one source, safe to log (counts only, no cell values)."""

    source_name: str
    is_full: bool
    rows_fetched: int
    rows_new: int
    rows_changed: int
    rows_deleted: int
    rows_current: int
    requests_made: int
    header_added: tuple[str, ...]
    header_removed: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class _LastFetch:
    headers: tuple[str, ...]
    last_full_at: datetime | None
    last_row: int | None
    last_row_hash: str | None


def sync_source(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    source: GSheetSource | FileSource,
    full: bool = False,
    now: datetime | None = None,
) -> SyncResult:
    """Fetch a source and merge it into raw.responses.

    A Google Sheet is read incrementally (only rows from the last stored row on) unless `full` is set,
    no full pass ran within `google.full_sync_hours`, or the last stored row no longer matches the
    sheet (rows were deleted or reordered), in which case the read becomes a full pass that also
    reconciles edits and deletions. A file is always read whole.

    Raises:
        HeaderMappingError: a required field has no column; nothing is stored.
        FetchTooLarge: the sheet is larger than Google Sheets allows; nothing is stored.
        SourceError: the source cannot be read.
    """
    started = time.perf_counter()
    fetched_at = now or datetime.now(UTC)
    last = _last_fetch(con, source.name)
    start_row = _incremental_start(settings, source, last, fetched_at, full)
    fetch = fetch_source(source, settings.google, start_row)
    if start_row is not None and not _continues(fetch, last):
        log.info("source %s: sheet changed above the last stored row; reading it whole", source.name)
        fetch = fetch_source(source, settings.google, None)
    check_size(source.name, fetch)
    mapping = require_headers(fetch.headers, source.kind, settings.header_aliases, f"source {source.name!r}")
    added, removed = _header_drift(last, fetch)
    # the rows and their log entry land together: a build finds changes through the log
    with transaction(con):
        stored = store_fetch(con, source.name, fetch, mapping.positions["submitted_at"], fetched_at)
        result = _result(source.name, fetch, stored, added, removed, time.perf_counter() - started)
        _log_fetch(con, stored, source.name, fetch, fetched_at, result)
    return result


def _incremental_start(
    settings: Settings,
    source: GSheetSource | FileSource,
    last: _LastFetch | None,
    now: datetime,
    full: bool,
) -> int | None:
    if full or isinstance(source, FileSource) or last is None or last.last_row is None:
        return None
    if last.last_full_at is None or now - last.last_full_at > timedelta(hours=settings.google.full_sync_hours):
        return None
    return last.last_row


def _continues(fetch: Fetch, last: _LastFetch) -> bool:
    """An incremental read starts at the last stored row: it must still be there, unchanged."""
    if fetch.headers != last.headers or fetch.row_count == 0:
        return False
    number, *cells = fetch.table.slice(0, 1).to_pylist()[0].values()
    if number != last.last_row:
        return False
    return _content_hash(cells) == last.last_row_hash


def _content_hash(cells: list[str]) -> str:
    joined = "\x1f".join(cells).rstrip("\x1f")
    return hashlib.md5(joined.encode(), usedforsecurity=False).hexdigest()


def _last_fetch(con: duckdb.DuckDBPyConnection, source_name: str) -> _LastFetch | None:
    row = fetch_first(
        con,
        """
        select headers.headers,
            (select max(started_at) from raw.fetches as full_fetches
             where full_fetches.source_name = fetches.source_name and full_fetches.is_full
               and full_fetches.status = 'ok')
        from raw.fetches as fetches
        join raw.headers as headers using (header_id)
        where fetches.source_name = ? and fetches.status = 'ok'
        order by fetches.started_at desc
        limit 1
        """,
        [source_name],
    )
    if row is None:
        return None
    anchor = fetch_first(
        con,
        "select sheet_row_number, content_hash from raw.responses where source_name = ? "
        "and superseded_at is null and deleted_at is null order by sheet_row_number desc limit 1",
        [source_name],
    )
    return _LastFetch(
        headers=tuple(row[0]),
        last_full_at=row[1],
        last_row=anchor[0] if anchor else None,
        last_row_hash=anchor[1] if anchor else None,
    )


def _header_drift(last: _LastFetch | None, fetch: Fetch) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if last is None:
        return (), ()
    before, after = set(last.headers), set(fetch.headers)
    return (
        tuple(h for h in fetch.headers if h not in before),
        tuple(h for h in last.headers if h not in after),
    )


def _result(name: str, fetch: Fetch, stored: StoreResult, added: tuple, removed: tuple, seconds: float) -> SyncResult:
    return SyncResult(
        source_name=name,
        is_full=fetch.is_full,
        rows_fetched=stored.rows_fetched,
        rows_new=stored.rows_new,
        rows_changed=stored.rows_changed,
        rows_deleted=stored.rows_deleted,
        rows_current=stored.rows_current,
        requests_made=fetch.requests_made,
        header_added=added,
        header_removed=removed,
        seconds=seconds,
    )


def _log_fetch(
    con: duckdb.DuckDBPyConnection,
    stored: StoreResult,
    source_name: str,
    fetch: Fetch,
    fetched_at: datetime,
    result: SyncResult,
) -> None:
    if result.header_added or result.header_removed:
        log.warning(
            "source %s: header changed: added %s, removed %s",
            source_name,
            list(result.header_added),
            list(result.header_removed),
        )
    con.execute(
        "insert into raw.fetches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', null)",
        [
            stored.fetch_id,
            source_name,
            fetched_at,
            datetime.now(UTC),
            fetch.is_full,
            header_id(fetch.headers),
            fetch.locale,
            fetch.time_zone,
            stored.rows_fetched,
            stored.rows_new,
            stored.rows_changed,
            stored.rows_deleted,
            stored.rows_current,
            fetch.requests_made,
            list(result.header_added),
            list(result.header_removed),
        ],
    )


def record_failure(con: duckdb.DuckDBPyConnection, source_name: str, started_at: datetime, error: str) -> None:
    """Log a failed sync in raw.fetches, so `timpora status` shows it (the message holds no cell values)."""
    con.execute(
        "insert into raw.fetches values (?, ?, ?, ?, false, null, null, null, 0, 0, 0, 0, 0, 0, null, null, "
        "'failed', ?)",
        [str(uuid.uuid4()), source_name, started_at, datetime.now(UTC), error],
    )
