"""The spreadsheets and tabs the emulator holds, the cells an A1 range names in them, and the calls that set them up."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.support.emulator.faults import GoogleError
from tests.support.emulator.ranges import (
    GridRange,
    column_letters,
    is_empty,
    normalise_cell,
    parse_cells,
    quote_title,
    split_range,
    user_entered,
)


@dataclass
class Worksheet:
    """One tab: its gid, title, grid size and cells (rows of values, ragged, `None` or "" for empty)."""

    gid: int
    title: str
    index: int
    rows: list[list[Any]]
    row_count: int
    column_count: int
    frozen_rows: int = 0
    column_widths: dict[int, int] = field(default_factory=dict)
    # (GridRange json, rule json) per setDataValidation, and the repeatCell requests, as sent
    validations: list[tuple[dict, dict]] = field(default_factory=list)
    formats: list[dict] = field(default_factory=list)


@dataclass
class Spreadsheet:
    """A spreadsheet; `shared_with` None means every caller may read it, `viewers` may read but not write."""

    key: str
    title: str
    locale: str
    time_zone: str
    sheets: list[Worksheet] = field(default_factory=list)
    shared_with: set[str] | None = None
    viewers: set[str] = field(default_factory=set)

    def worksheet(self, ref: str | int) -> Worksheet:
        for sheet in self.sheets:
            if sheet.title == ref or sheet.gid == ref:
                return sheet
        raise KeyError(f"no worksheet {ref!r} in spreadsheet {self.key}")


class SpreadsheetSetup:
    """The calls that set up and inspect spreadsheets, mixed into `SheetsEmulator` (its `_lock` guards them)."""

    _lock: threading.RLock
    spreadsheets: dict[str, Spreadsheet]

    def add_spreadsheet(
        self,
        key: str,
        title: str = "Untitled spreadsheet",
        locale: str = "in_ID",
        time_zone: str = "Asia/Jakarta",
        sheets: dict[str, tuple] | None = None,
        shared_with: Iterable[str] | None = None,
    ) -> Spreadsheet:
        """Add a spreadsheet; `sheets` maps a title to (gid, rows) or (gid, rows, row_count).

        The grid is as tall as the rows (or row_count) and as wide as the widest row (at least 1x1).
        `shared_with` None shares it with every service account. `locale` is answered as Google
        reports it: "in_ID" for Indonesian (its legacy code), "iw_IL" Hebrew, bare codes such as "en".
        """
        spreadsheet = Spreadsheet(key, title, locale, time_zone, shared_with=_as_set(shared_with))
        with self._lock:
            self.spreadsheets[key] = spreadsheet
            for sheet_title, spec in (sheets or {}).items():
                self.add_worksheet(key, sheet_title, *spec)
        return spreadsheet

    def add_worksheet(
        self,
        key: str,
        title: str,
        gid: int,
        rows: Sequence[Sequence[Any]] = (),
        row_count: int | None = None,
        column_count: int | None = None,
    ) -> Worksheet:
        grid = _grid(rows)
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            sheet = Worksheet(
                gid=gid,
                title=title,
                index=len(spreadsheet.sheets),
                rows=grid,
                row_count=row_count or max(len(grid), 1),
                column_count=column_count or max([len(row) for row in grid] + [1]),
            )
            spreadsheet.sheets.append(sheet)
        return sheet

    def worksheet(self, key: str, sheet: str | int) -> Worksheet:
        with self._lock:
            return self.spreadsheets[key].worksheet(sheet)

    def set_rows(self, key: str, sheet: str | int, rows: Sequence[Sequence[Any]], row_count: int | None = None) -> None:
        """Replace every cell; the grid becomes as tall as the rows unless row_count is given."""
        with self._lock:
            target = self.worksheet(key, sheet)
            target.rows = _grid(rows)
            target.row_count = row_count or max(len(target.rows), 1)
            self._widen(target)

    def append_rows(self, key: str, sheet: str | int, rows: Sequence[Sequence[Any]]) -> None:
        """Append after the last non-empty row, growing the grid like Google Forms does."""
        with self._lock:
            target = self.worksheet(key, sheet)
            while target.rows and all(is_empty(cell) for cell in target.rows[-1]):
                target.rows.pop()
            target.rows.extend(_grid(rows))
            target.row_count = max(target.row_count, len(target.rows))
            self._widen(target)

    def set_cell(self, key: str, sheet: str | int, row: int, column: int, value: Any) -> None:
        with self._lock:
            target = self.worksheet(key, sheet)
            while len(target.rows) < row:
                target.rows.append([])
            cells = target.rows[row - 1]
            cells.extend([None] * (column - len(cells)))
            cells[column - 1] = normalise_cell(value)
            target.row_count = max(target.row_count, row)
            self._widen(target)

    def type_cell(self, key: str, sheet: str | int, row: int, column: int, text: str) -> None:
        """Type text into a cell as a person does in the Sheets UI: numbers and dates become typed cells."""
        with self._lock:
            locale = self.spreadsheets[key].locale
        self.set_cell(key, sheet, row, column, user_entered(text, locale))

    def delete_row(self, key: str, sheet: str | int, row_number: int) -> None:
        """Delete one grid row: later rows move up and the grid shrinks by one row."""
        with self._lock:
            target = self.worksheet(key, sheet)
            if row_number <= len(target.rows):
                del target.rows[row_number - 1]
            target.row_count = max(target.row_count - 1, 1)

    def rename_worksheet(self, key: str, sheet: str | int, new_title: str) -> None:
        with self._lock:
            self.worksheet(key, sheet).title = new_title

    def share(self, key: str, *emails: str, role: str = "writer") -> None:
        """Share with these accounts as editors ("writer") or viewers ("reader")."""
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            spreadsheet.shared_with = (spreadsheet.shared_with or set()) | set(emails)
            if role == "reader":
                spreadsheet.viewers |= set(emails)
            else:
                spreadsheet.viewers -= set(emails)

    def delete_worksheet(self, key: str, sheet: str | int) -> None:
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            spreadsheet.sheets.remove(spreadsheet.worksheet(sheet))
            for index, remaining in enumerate(spreadsheet.sheets):
                remaining.index = index

    def cell(self, key: str, sheet: str | int, row: int, column: int) -> Any:
        """One stored cell (1-based), None when empty."""
        with self._lock:
            rows = self.worksheet(key, sheet).rows
            cells = rows[row - 1] if row <= len(rows) else []
            return cells[column - 1] if column <= len(cells) else None

    def unshare(self, key: str, *emails: str) -> None:
        """Stop sharing with these accounts; with no emails, share with nobody."""
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            remaining = (spreadsheet.shared_with or set()) - set(emails)
            spreadsheet.shared_with = remaining if emails else set()

    @staticmethod
    def _widen(sheet: Worksheet) -> None:
        sheet.column_count = max([sheet.column_count] + [len(row) for row in sheet.rows])


def _as_set(emails: Iterable[str] | None) -> set[str] | None:
    return None if emails is None else set(emails)


def _grid(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[normalise_cell(cell) for cell in row] for row in rows]


def parse_range(spreadsheet: Spreadsheet, text: str) -> tuple[Worksheet, GridRange]:
    """The worksheet and cells an A1 range names (a bare title: the whole sheet), or a 400 like Google's."""
    try:
        title, cells = split_range(text)
        sheet = _find_sheet(spreadsheet, title, cells)
        if title is None and cells is not None and sheet.title == cells:
            cells = None
        grid = parse_cells(cells) if cells else GridRange(1, 1, None, None)
    except (ValueError, KeyError):
        raise GoogleError(400, f"Unable to parse range: {text}") from None
    return sheet, grid


def resolve(spreadsheet: Spreadsheet, text: str) -> tuple[Worksheet, GridRange]:
    """Find the worksheet and the cells of an A1 range to read, or a 400 like Google's."""
    sheet, grid = parse_range(spreadsheet, text)
    if grid.first_row > sheet.row_count or grid.first_column > sheet.column_count:
        raise GoogleError(
            400,
            f"Range ({quote_title(sheet.title)}!{column_letters(grid.first_column)}{grid.first_row}) "
            f"exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return sheet, grid


def _find_sheet(spreadsheet: Spreadsheet, title: str | None, cells: str | None) -> Worksheet:
    if title is not None:
        return spreadsheet.worksheet(title)
    for sheet in spreadsheet.sheets:
        if sheet.title == cells:
            return sheet
    if not spreadsheet.sheets:
        raise KeyError(cells)
    return spreadsheet.sheets[0]


def range_text(sheet: Worksheet, grid: GridRange, last_row: int, last_col: int) -> str:
    start = f"{column_letters(grid.first_column)}{grid.first_row}"
    end = f"{column_letters(last_col)}{last_row}"
    cells = start if start == end else f"{start}:{end}"
    return f"{quote_title(sheet.title)}!{cells}"


def sheet_properties(sheet: Worksheet) -> dict:
    grid = {"rowCount": sheet.row_count, "columnCount": sheet.column_count}
    if sheet.frozen_rows:
        grid["frozenRowCount"] = sheet.frozen_rows
    return {
        "sheetId": sheet.gid,
        "title": sheet.title,
        "index": sheet.index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }
