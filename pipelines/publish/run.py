"""Publish an office's results to its spreadsheet, and read officers' follow-up back into the alert lifecycle.

A publish makes at most four Sheets API requests: the spreadsheet's tabs, one read of the three result
tabs, one `spreadsheets.batchUpdate` when a tab is missing or its header moved (tab, frozen header,
widths, Status dropdown), and one `values.batchUpdate` (RAW) with every tab that changed. A publish
with no change writes nothing. On the alerts tab the computed columns and the officers' follow-up
columns are separate ranges, the follow-up cells only where the publish must write them (see
`sheet.value_ranges`), so an edit typed between the read and the write survives.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from pipelines.alerts.lifecycle import ALLOWED_FROM, AlertError, change_status, record_followup
from pipelines.core.config import RESULT_TABS, GSheetSource, Office, Settings
from pipelines.core.errors import ShapeOnly
from pipelines.core.warehouse import read_sql, transaction
from pipelines.marts.what_if import what_if_date
from pipelines.publish.followups import STATUS_OF_WORD, Edit, Followup, find_edits, sheet_followups, tab_followups
from pipelines.publish.sheet import (
    Grid,
    add_sheet_request,
    is_foreign,
    keep_row_order,
    layout_requests,
    normalise,
    value_ranges,
    wanted_grid,
)
from pipelines.publish.tabs import ALERTS_TAB, STATUS_WORDS, alerts_tab, result_tabs
from pipelines.sheets import SheetsClient, absolute_range_name

log = logging.getLogger(__name__)
UNNAMED_OFFICER = "(tanpa nama, lembar Peringatan)"


class PublishError(ShapeOnly, RuntimeError):
    """The results cannot be published; the message says what to fix."""


@dataclass(frozen=True)
class PublishResult:
    """What one publish did, safe to log (no personal data)."""

    office_code: str
    spreadsheet_key: str
    tabs_written: tuple[str, ...]
    tabs_created: tuple[str, ...]
    requests: int
    followups_applied: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


def publish_office(
    con: duckdb.DuckDBPyConnection, client: SheetsClient, settings: Settings, office: Office, now: datetime
) -> PublishResult:
    """Read the officers' edits, then bring the office's three result tabs up to date.

    Raises:
        PublishError: no results spreadsheet configured, nothing built yet, the office's last build was
            a what-if for another date, or a tab of that name holds someone else's table.
        SourceError: the spreadsheet cannot be reached or is not shared with the account as Editor.
    """
    key = _results_key(office)
    _refuse_what_if(con, office)
    first_request = client.requests_made
    tabs_now = _tab_properties(client, key, settings)
    current = _read_tabs(client, key, [title for title in RESULT_TABS if title in tabs_now])
    today = now.astimezone(office.tz).date()
    applied, warnings = take_followups(con, settings, office, current.get(ALERTS_TAB, []), today, now)
    structure: list[dict[str, Any]] = []
    writes, created = [], []
    tabs = _result_tabs(con, settings, office, today)
    for tab in tabs:
        grid = current.get(tab.title, [])
        if is_foreign(tab, grid):
            raise PublishError(
                f"the tab {tab.title!r} of spreadsheet {key} holds another table (none of its headers is ours); "
                "rename that tab, and the next publish creates its own"
            )
        properties = tabs_now.get(tab.title)
        if properties is None:
            sheet_id = _free_sheet_id(tab.title, tabs_now)
            structure += [add_sheet_request(tab.title, sheet_id, len(tab.columns)), *layout_requests(tab, sheet_id, 26)]
            created.append(tab.title)
            if _published_before(con, office.code, key):
                warnings.append(f"the tab {tab.title!r} was not found (renamed or deleted?); it is created again")
        elif not grid or list(grid[0][: len(tab.header)]) != list(tab.header):
            columns = properties.get("gridProperties", {}).get("columnCount", 26)
            structure += layout_requests(tab, properties["sheetId"], columns)
        wanted = wanted_grid(keep_row_order(tab, grid), grid)
        if wanted != grid:
            writes.append((tab.title, value_ranges(tab, wanted, grid)))
    if structure:
        client.batch_update(key, structure)
    if writes:
        client.values_batch_update(key, [payload for _, payloads in writes for payload in payloads])
    result = PublishResult(
        office.code,
        key,
        tuple(title for title, _ in writes),
        tuple(created),
        client.requests_made - first_request,
        applied,
        tuple(warnings),
    )
    _record(con, result, tab_followups(tabs[0]), now)  # the alerts tab, as the sheet now shows it
    for warning in warnings:
        log.warning("results of %s: %s", office.code, warning)
    return result


def collect_followups(
    con: duckdb.DuckDBPyConnection, client: SheetsClient, settings: Settings, office: Office, now: datetime
) -> tuple[int, list[str]]:
    """Read the officers' edits on the office's `Peringatan` tab into the lifecycle (two read requests).

    Returns the number of alerts changed and the warnings. A missing tab is not an error: the next
    publish creates it.
    """
    key = _results_key(office)
    what_if = what_if_date(con, office.code)
    if what_if:  # the sheet keeps the edits: the next build as of today reads them
        return 0, [f"the last build was a what-if as of {what_if}; follow-ups are read after `timpora build`"]
    if ALERTS_TAB not in _tab_properties(client, key, settings):
        return 0, [f"the tab {ALERTS_TAB!r} was not found; the next publish creates it"]
    grid = _read_tabs(client, key, [ALERTS_TAB])[ALERTS_TAB]
    return take_followups(con, settings, office, grid, now.astimezone(office.tz).date(), now)


def take_followups(
    con: duckdb.DuckDBPyConnection, settings: Settings, office: Office, grid: Grid, today: date, now: datetime
) -> tuple[int, list[str]]:
    """Apply the officers' edits found in the tab's cells; returns how many alerts changed, and warnings."""
    on_sheet, warnings = sheet_followups(grid)
    on_sheet = _under_current_ids(con, on_sheet)
    if not on_sheet:
        return 0, warnings
    closed_since = today - timedelta(days=settings.publish.closed_alert_days)
    shown = tab_followups(alerts_tab(con, office, closed_since, _restricted(office)))
    edits, found = find_edits(on_sheet, _published(con, office.code), shown)
    statuses = {alert_id: STATUS_OF_WORD[cells[0]] for alert_id, cells in shown.items()}
    applied, refused = apply_edits(con, edits, statuses, now)
    return applied, warnings + found + refused


def apply_edits(
    con: duckdb.DuckDBPyConnection, edits: list[Edit], statuses: Mapping[str, str], now: datetime
) -> tuple[int, list[str]]:
    """Apply each edit as the lifecycle allows: a status move, else the officer and note alone."""
    applied, warnings = 0, []
    for edit in edits:
        before = statuses[edit.alert_id]
        if edit.status and edit.status != before:
            if before in ALLOWED_FROM.get(edit.status, ()):
                try:
                    by = edit.officer or UNNAMED_OFFICER
                    change_status(con, edit.alert_id, edit.status, by, edit.note, origin="sheet", changed_at=now)
                except AlertError:  # its text names the officer of the earlier change: not for state.publishes
                    warnings.append(f"alert {edit.alert_id}: the sheet's status change could not be applied")
                    continue
                applied += 1
                continue
            warnings.append(
                f"alert {edit.alert_id}: {STATUS_WORDS[before]} cannot go back to {STATUS_WORDS[edit.status]}; "
                f"the sheet shows {STATUS_WORDS[before]} again"
            )
        if edit.details_changed:
            record_followup(con, edit.alert_id, edit.officer or None, edit.note, "sheet", now)
            applied += 1
    return applied, warnings


def _results_key(office: Office) -> str:
    if office.results is None:
        raise PublishError(f"office {office.code} has no results spreadsheet: set [offices.results] spreadsheet")
    return office.results.spreadsheet_key


def _refuse_what_if(con: duckdb.DuckDBPyConnection, office: Office) -> None:
    what_if = what_if_date(con, office.code)
    if what_if:
        raise PublishError(
            f"the last build was a what-if as of {what_if} for office {office.code}, not its today: "
            "run `timpora build` (without --as-of) before publishing"
        )


def _restricted(office: Office) -> bool:
    return office.results is not None and office.results.restricted


def _tab_properties(client: SheetsClient, key: str, settings: Settings) -> dict[str, dict[str, Any]]:
    """The spreadsheet's tabs by title; refuses a spreadsheet whose result tab is a form-responses tab."""
    tabs = {sheet["properties"]["title"]: sheet["properties"] for sheet in client.spreadsheet_metadata(key)["sheets"]}
    for source in settings.sources:
        if not isinstance(source, GSheetSource) or source.spreadsheet_key != key:
            continue
        responses = next((t for t, p in tabs.items() if source.worksheet in (t, p["sheetId"])), None)
        if responses in RESULT_TABS:
            raise PublishError(
                f"the tab {responses!r} of spreadsheet {key} holds the responses of source {source.name!r}; "
                "the pipeline never writes there: rename the responses tab or use another spreadsheet"
            )
    return tabs


def _read_tabs(client: SheetsClient, key: str, titles: list[str]) -> dict[str, Grid]:
    if not titles:
        return {}
    ranges = [absolute_range_name(title) for title in titles]
    answers = client.values_batch_get(key, ranges, render="UNFORMATTED_VALUE")
    return {title: normalise(answer.get("values", [])) for title, answer in zip(titles, answers, strict=True)}


def _result_tabs(con: duckdb.DuckDBPyConnection, settings: Settings, office: Office, today: date) -> list:
    try:
        return result_tabs(con, settings, office, today)
    except duckdb.CatalogException as exc:
        raise PublishError("nothing built yet: run `timpora build` before publishing") from exc


def _free_sheet_id(title: str, tabs: Mapping[str, Mapping[str, Any]]) -> int:
    """A stable id for a new tab (from its title), moved along if another tab has it."""
    taken = {properties["sheetId"] for properties in tabs.values()}
    sheet_id = zlib.crc32(title.encode()) % 2_000_000_000 + 1
    while sheet_id in taken:
        sheet_id += 1
    return sheet_id


def _under_current_ids(con: duckdb.DuckDBPyConnection, on_sheet: dict[str, Followup]) -> dict[str, Followup]:
    """The sheet's rows under each alert's current id: a sheet written before an id changed shows the old one."""
    current = dict(con.execute("select alert_id_before, alert_id from state.alert_id_aliases").fetchall())
    return {current.get(alert_id, alert_id): cells for alert_id, cells in on_sheet.items()}


def _published(con: duckdb.DuckDBPyConnection, office_code: str) -> dict[str, Followup]:
    rows = con.execute(
        "select alert_id, status_cell, officer_cell, note_cell from state.published_followups where office_code = ?",
        [office_code],
    ).fetchall()
    return {alert_id: (status, officer, note) for alert_id, status, officer, note in rows}


def _published_before(con: duckdb.DuckDBPyConnection, office_code: str, key: str) -> bool:
    query = "select count(*) from state.publishes where office_code = ? and spreadsheet_key = ?"
    return con.execute(query, [office_code, key]).fetchone()[0] > 0


def _record(
    con: duckdb.DuckDBPyConnection, result: PublishResult, shown: Mapping[str, Followup], now: datetime
) -> None:
    """Remember what the sheet now shows, and the publish itself."""
    with transaction(con):
        con.execute("delete from state.published_followups where office_code = ?", [result.office_code])
        rows = [(result.office_code, alert_id, *cells, now) for alert_id, cells in shown.items()]
        if rows:
            con.executemany(read_sql("publish/record_followup.sql"), rows)
        con.execute(
            "insert into state.publishes values (?, ?, ?, ?, ?, ?, ?)",
            [
                result.office_code,
                result.spreadsheet_key,
                now,
                list(result.tabs_written),
                result.requests,
                result.followups_applied,
                list(result.warnings),
            ],
        )
