"""The pipeline's steps as plain functions: the CLI calls them directly, the Prefect flows wrap them."""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from pipelines.alerts.notify import announce_new_alerts
from pipelines.core.config import ConfigError, Office, Settings
from pipelines.core.errors import error_text, shape_only
from pipelines.core.locks import writer_lock
from pipelines.core.pseudonym import KEY_FINGERPRINT_NAME, PseudonymKeyChanged, warehouse_key_fingerprint
from pipelines.core.warehouse import (
    BACKUP_DIR,
    OWNER_ONLY,
    WarehouseDamaged,
    WarehouseError,
    connect,
    fetch_first,
    held_temporary,
    meta_value,
    move_aside,
    remove_leftovers,
    set_meta_value,
)
from pipelines.marts.build import assert_checks, build_marts
from pipelines.marts.snapshot import copy_warehouse, publish_snapshots
from pipelines.raw.sync import SyncResult, record_failure, sync_source
from pipelines.transform.staging import build_staging

if TYPE_CHECKING:
    from pipelines.publish.run import PublishResult

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
    # False when the marts were changed only where the re-staged responses touch
    full: bool
    # the offices built for another date than their today: a what-if, their alert state untouched
    what_if_offices: tuple[str, ...] = ()
    # the build took a new pseudonym key (`rotate_key`): every person id and alert id is new
    key_rotated: bool = False


def _open(settings: Settings) -> duckdb.DuckDBPyConnection:
    """The warehouse, for a step that writes it: DuckDB held to the configured memory limit."""
    return connect(settings.warehouse, memory_limit=settings.memory_limit)


def sync_one(settings: Settings, source_name: str, full: bool = False) -> SyncResult:
    """Sync one configured source into raw; a failure is logged in raw.fetches and re-raised."""
    source = settings.source(source_name)
    with writer_lock(settings.warehouse, f"sync of {source_name}", settings.writer_wait_seconds):
        con = _open(settings)
        started = datetime.now(UTC)
        try:
            return sync_source(con, settings, source, full=full, now=started)
        except Exception as exc:
            record_failure(con, source_name, started, error_text(exc))
            if (failure := shape_only(exc)) is exc:
                raise
        finally:
            con.execute("checkpoint")
            con.close()
            # the fetched rows are gone: give Arrow's memory back before a build in this process needs it
            pa.default_memory_pool().release_unused()
    raise failure  # out of the except block: the original, message and all, is not its context


@dataclass(frozen=True)
class OfficeOutcome:
    """One office's publish or follow-up read: its result, or why it failed."""

    office_code: str
    result: PublishResult | tuple[int, list[str]] | None
    error: str | None = None


def publishing_offices(settings: Settings, office_code: str | None = None) -> list[Office]:
    """The offices with a results spreadsheet (one named office must have one)."""
    if office_code is None:
        return [office for office in settings.offices if office.results]
    office = settings.office(office_code)
    if office.results is None:
        raise ConfigError(f"office {office_code} has no results spreadsheet: set [offices.results] spreadsheet")
    return [office]


def publish(settings: Settings, office_code: str | None = None, now: datetime | None = None) -> list[OfficeOutcome]:
    """Publish each office's results tabs (after reading its officers' edits); one office failing spares the rest."""
    from pipelines.publish.run import publish_office  # gspread and google-auth: only where results are published

    return _each_results_sheet(settings, office_code, now, "publish", publish_office, write=True)


def read_followups(settings: Settings, now: datetime | None = None) -> list[OfficeOutcome]:
    """Read officers' edits on every office's results sheet into the alert lifecycle (part of each sync)."""
    if not publishing_offices(settings):
        return []  # nothing to read: a sync without results sheets never imports gspread
    from pipelines.publish.run import collect_followups

    return _each_results_sheet(settings, None, now, "read of follow-ups", collect_followups, write=False)


def _each_results_sheet(settings, office_code, now, action, run, write) -> list[OfficeOutcome]:
    offices = publishing_offices(settings, office_code)
    if not offices:
        return []
    from pipelines.sheets import open_sheets

    now = now or datetime.now(UTC)
    with writer_lock(settings.warehouse, action, settings.writer_wait_seconds):
        client = open_sheets(settings.google, write=write)
        con = _open(settings)
        outcomes = []
        try:
            for office in offices:
                try:
                    outcomes.append(OfficeOutcome(office.code, run(con, client, settings, office, now)))
                except Exception as exc:  # each office on its own: report and go on
                    log.warning("%s for %s failed: %s", action, office.code, error_text(exc))
                    outcomes.append(OfficeOutcome(office.code, None, error_text(exc)))
        finally:
            con.execute("checkpoint")
            con.close()
    return outcomes


def utc_now() -> datetime:
    """The current instant, which decides each office's today (tests set it)."""
    return datetime.now(UTC)


def office_dates(settings: Settings, now: datetime) -> dict[str, date]:
    """Each office's date at this instant, in its own timezone (WIB, WITA, WIT)."""
    return {office.code: now.astimezone(office.tz).date() for office in settings.offices}


def build(
    settings: Settings, as_of: date | None = None, now: datetime | None = None, rotate_key: bool = False
) -> BuildResult:
    """Rebuild staging and marts from raw, run the checks, publish the snapshots, announce new alerts.

    Without `as_of`, each office's alerts are assessed as of today in the office's own timezone and
    the data is cut off at the latest of those dates. With an `as_of` that is not an office's today
    (past or future), the build is a what-if for that office: its marts show that date, but its alert
    state (lifecycle, notifications, what a publish reads) is left as it is (BuildResult.what_if_offices).

    The warehouse keeps a fingerprint of the pseudonym key it was built with. A build with another
    key changes every person id and alert id, so it is refused unless `rotate_key` says the new key is
    meant (docs/privacy.md); a warehouse without a fingerprint (new, or built by an older release)
    takes this build's key.

    Raises:
        PseudonymKeyChanged: the key differs from the warehouse's and `rotate_key` is False; nothing
            in the warehouse has changed.
    """
    with writer_lock(settings.warehouse, "build", settings.writer_wait_seconds):
        return _build(settings, as_of, now, rotate_key)


def _build(settings: Settings, as_of: date | None, now: datetime | None, rotate_key: bool) -> BuildResult:
    started = time.perf_counter()
    now = now or utc_now()
    todays = office_dates(settings, now)
    dates = {code: as_of for code in todays} if as_of else todays
    as_of = as_of or max(dates.values())
    what_if = tuple(sorted(code for code, day in dates.items() if day != todays[code]))
    con = _open(settings)
    try:  # before anything changes: a key that is missing or not the warehouse's leaves it as it is
        new_key, key_rotated = _key_to_store(con, settings, rotate_key)
    except Exception:
        con.close()
        raise
    # a build still marked running was killed: none runs beside this one (the writer lock)
    con.execute("update state.builds set status = 'interrupted', finished_at = ? where status = 'running'", [now])
    previous = fetch_first(
        con, "select build_id from state.builds where status = 'ok' order by started_at desc limit 1"
    )
    build_id = str(uuid.uuid4())
    con.execute("insert into state.builds values (?, ?, null, ?, 'running', null)", [build_id, now, as_of])
    failure = None
    try:
        con.execute("begin transaction")
        if new_key is not None:  # with the build: a build that fails leaves the key the warehouse had
            set_meta_value(con, KEY_FINGERPRINT_NAME, new_key, now)
        staged_full = build_staging(con, settings)
        full = build_marts(con, settings, as_of, dates, built_at=now, incremental=not staged_full, office_todays=todays)
        assert_checks(con, changed=None if full else "changed_responses")
        con.execute("commit")
    except Exception as exc:
        con.execute("rollback")
        _finish_build(con, build_id, "failed", error_text(exc))
        con.close()
        if (failure := shape_only(exc)) is exc:
            raise
    if failure is not None:
        raise failure  # out of the except block: the original, message and all, is not its context
    _finish_build(con, build_id, "ok", None)
    try:
        publish_snapshots(con, settings, previous_build=None if full or previous is None else previous[0])
        seconds = time.perf_counter() - started  # the snapshots' copy included
        result = _build_counts(con, as_of, seconds, full, what_if, key_rotated)
        if not what_if:  # a what-if announces nothing; the next build as of today does
            announce_new_alerts(con, settings)
    finally:
        con.close()
    return result


def check_pseudonym_key(settings: Settings) -> None:
    """Refuse, as a build would, a key that is not the one the existing warehouse was built with.

    For a command that runs the build later (through the flows): it fails before anything runs. A
    warehouse that does not exist yet, or cannot be read now, is left to the build to judge.

    Raises:
        PseudonymKeyChanged: the warehouse was built with another key.
    """
    if not settings.warehouse.exists():
        return
    try:
        con = connect(settings.warehouse, read_only=True)
    except WarehouseError:
        return
    try:
        _key_to_store(con, settings, rotate_key=False)
    except duckdb.CatalogException:  # a release before state.meta: nothing to compare
        return
    finally:
        con.close()


def _key_to_store(con, settings: Settings, rotate_key: bool) -> tuple[str | None, bool]:
    """The fingerprint of this build's key if the warehouse must store it, and whether it replaces another.

    Raises:
        PseudonymKeyChanged: the warehouse was built with another key and `rotate_key` is False.
    """
    fingerprint = warehouse_key_fingerprint(settings.pseudonym_key())
    stored = meta_value(con, KEY_FINGERPRINT_NAME)
    if stored is None:  # a new warehouse, or one built before it was kept: nothing to compare
        return fingerprint, False
    if stored == fingerprint:
        return None, False
    if rotate_key:
        return fingerprint, True
    last = fetch_first(con, "select max(started_at) from state.builds where status = 'ok'")
    built = f"last built {last[0].astimezone(UTC):%Y-%m-%d %H:%M} UTC" if last and last[0] else "built before"
    raise PseudonymKeyChanged(
        f"the pseudonym key ({settings.pseudonym_key_env}) differs from the one this warehouse was built with "
        f"({built}): if this is a deliberate rotation, run `timpora build --rotate-key` (see docs/privacy.md); "
        "otherwise set the key the warehouse was built with"
    )


def _finish_build(con, build_id: str, status: str, error: str | None) -> None:
    con.execute(
        "update state.builds set finished_at = ?, status = ?, error = ? where build_id = ?",
        [datetime.now(UTC), status, error, build_id],
    )


def _build_counts(
    con, as_of: date, seconds: float, full: bool, what_if: tuple[str, ...], key_rotated: bool
) -> BuildResult:
    row = fetch_first(
        con,
        "select (select count(*) from staging.lodging_reports), (select count(*) from staging.complaints), "
        "(select count(*) from staging.rejects), (select count(*) from marts.persons), "
        "(select count(*) from marts.alerts where is_open)",
    )
    return BuildResult(as_of, *row, seconds=seconds, full=full, what_if_offices=what_if, key_rotated=key_rotated)


def backup(settings: Settings, target: Path | None = None, now: datetime | None = None) -> Path:
    """Copy the warehouse to a backup file (default: backups/<name>-<UTC time>.duckdb) between runs."""
    target = target or BACKUP_DIR / f"{settings.warehouse.stem}-{_utc_stamp(now)}.duckdb"
    with writer_lock(settings.warehouse, "backup", settings.writer_wait_seconds):
        con = _open(settings)
        try:
            return copy_warehouse(con, target)
        finally:
            con.close()


def restore(settings: Settings, source: Path, now: datetime | None = None) -> Path | None:
    """Put a backup in the warehouse's place; the current file, if any, is kept aside and its path returned.

    Raises:
        WarehouseError: the backup is not a warehouse (not DuckDB, or no raw layer in it).
    """
    if not Path(source).is_file():
        raise WarehouseError(f"backup file {source} not found; `timpora backup` writes them to {BACKUP_DIR}/")
    try:
        check = connect(source, read_only=True)
    except WarehouseDamaged as exc:
        raise WarehouseError(f"{source} is not a Timpora warehouse backup (not a readable DuckDB file)") from exc
    try:
        fetch_first(check, "select count(*) from raw.responses")
    except duckdb.Error as exc:
        raise WarehouseError(f"{source} is not a Timpora warehouse backup (it has no raw layer)") from exc
    finally:
        check.close()
    aside = settings.warehouse.with_name(f"{settings.warehouse.name}.replaced-{_utc_stamp(now)}")
    with writer_lock(settings.warehouse, "restore", settings.writer_wait_seconds):
        temporary = settings.warehouse.with_name(f".{settings.warehouse.name}.restoring")
        remove_leftovers(temporary.parent)  # a restore killed before: its copy is not held by anyone
        with held_temporary(temporary, OWNER_ONLY):  # a copy of every response: owner-only, as the warehouse
            shutil.copyfile(source, temporary)
        move_aside(settings.warehouse, aside)  # its log with it, never onto the backup
        os.replace(temporary, settings.warehouse)
    return aside if aside.exists() else None


def _utc_stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
