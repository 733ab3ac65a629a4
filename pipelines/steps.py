"""The pipeline's steps as plain functions: the CLI calls them directly, the Prefect flows wrap them."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.marts import assert_checks, build_marts
from pipelines.raw.sync import SyncResult, record_failure, sync_source
from pipelines.transform.staging import build_staging
from pipelines.warehouse import connect, fetch_first

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    """Counts after a build, safe to log."""

    as_of: date
    lodging_reports: int
    complaints: int
    rejects: int
    persons: int
    alerts: int
    seconds: float


def sync_one(settings: Settings, source_name: str, full: bool = False) -> SyncResult:
    """Sync one configured source into raw; a failure is logged in raw.fetches and re-raised."""
    source = settings.source(source_name)
    con = connect(settings.warehouse)
    started = datetime.now(UTC)
    try:
        return sync_source(con, settings, source, full=full, now=started)
    except Exception as exc:
        record_failure(con, source_name, started, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        con.execute("checkpoint")
        con.close()


def today_in(settings: Settings, office_code: str | None = None) -> date:
    """Today's date in an office's timezone (the first office's when none is named)."""
    office = settings.office(office_code) if office_code else settings.offices[0]
    return datetime.now(office.tz).date()


def last_complete_week(settings: Settings, office_code: str, as_of: date | None = None) -> str:
    """The ISO week to report by default: the last complete week before `as_of` (today), like "2026-W47".

    The rakor meets early in the week, so it discusses the week that just ended.
    """
    year, week, _ = ((as_of or today_in(settings, office_code)) - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def build(settings: Settings, as_of: date | None = None) -> BuildResult:
    """Rebuild staging and marts from raw, run the checks, then publish the analysts' snapshot."""
    started = time.perf_counter()
    as_of = as_of or today_in(settings)
    con = connect(settings.warehouse)
    build_id = str(uuid.uuid4())
    con.execute(
        "insert into state.builds values (?, ?, null, ?, 'running', null)", [build_id, datetime.now(UTC), as_of]
    )
    try:
        con.execute("begin transaction")
        build_staging(con, settings)
        build_marts(con, settings, as_of)
        assert_checks(con)
        con.execute("commit")
    except Exception as exc:
        con.execute("rollback")
        _finish_build(con, build_id, "failed", f"{type(exc).__name__}: {exc}")
        con.close()
        raise
    _finish_build(con, build_id, "ok", None)
    result = _build_counts(con, as_of, time.perf_counter() - started)
    con.execute("checkpoint")
    try:
        publish_snapshot(con, settings.snapshot_path)
    finally:
        con.close()
    return result


def _finish_build(con, build_id: str, status: str, error: str | None) -> None:
    con.execute(
        "update state.builds set finished_at = ?, status = ?, error = ? where build_id = ?",
        [datetime.now(UTC), status, error, build_id],
    )


def _build_counts(con, as_of: date, seconds: float) -> BuildResult:
    row = fetch_first(
        con,
        "select (select count(*) from staging.lodging_reports), (select count(*) from staging.complaints), "
        "(select count(*) from staging.rejects), (select count(*) from marts.persons), "
        "(select count(*) from marts.overstay_alerts)",
    )
    return BuildResult(as_of, *row, seconds=seconds)


def publish_snapshot(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    """Copy the warehouse to the analysts' read-only snapshot, replacing the old one atomically.

    Analysts never open the warehouse itself, so their sessions never block a sync; a session that
    is open while a new snapshot lands keeps reading the old file until it reconnects.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    con.execute("attach ? as snapshot", [str(temporary)])
    try:
        con.execute("copy from database " + _database_name(con) + " to snapshot")
    finally:
        con.execute("detach snapshot")
    os.replace(temporary, target)
    return target


def _database_name(con) -> str:
    name = fetch_first(con, "select current_database()")[0]
    return '"' + name.replace('"', '""') + '"'


def write_weekly_report(
    settings: Settings,
    office_code: str,
    iso_week: str,
    out_dir: Path | None = None,
    formats: Sequence[str] = ("html", "xlsx"),
) -> dict[str, Path]:
    """Render one office's weekly rakor report from the published snapshot."""
    from pipelines.report import build_weekly_report, write_report

    office = settings.office(office_code)
    con = connect(settings.snapshot_path, read_only=True)
    try:
        report = build_weekly_report(con, office, iso_week, datetime.now(office.tz))
    finally:
        con.close()
    return write_report(report, out_dir or settings.report_dir, formats)
