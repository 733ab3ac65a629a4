"""What to send to a results spreadsheet: pure functions from the wanted tabs and what the sheet holds now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipelines.publish.tabs import ID_HEADER, NOTE_HEADER, OFFICER_HEADER, STATUS_HEADER, Cell, Tab
from pipelines.sheets import absolute_range_name, rowcol_to_a1

Grid = list[list[Cell]]
# the follow-up columns officers edit; a publish writes them apart from the computed ones
FOLLOWUP_COLUMNS = (STATUS_HEADER, OFFICER_HEADER, NOTE_HEADER)
HEADER_FORMAT = {"textFormat": {"bold": True}, "backgroundColor": {"red": 0.9, "green": 0.9, "blue": 0.9}}


def normalise(values: Sequence[Sequence[Any]]) -> Grid:
    """Cells as the API answers them (UNFORMATTED_VALUE) made comparable with a Tab's.

    Whole floats become int, trailing empty cells and rows are dropped.
    """
    grid = []
    for row in values:
        cells = [_comparable(value) for value in row]
        while cells and cells[-1] == "":
            cells.pop()
        grid.append(cells)
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _comparable(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str):
        return value
    return str(value)


def header_index(header: Sequence[Cell]) -> dict[str, int]:
    """Column positions by header text, matched without regard to case and surrounding spaces."""
    positions: dict[str, int] = {}
    for position, text in enumerate(header):
        positions.setdefault(str(text).strip().casefold(), position)
    return positions


def is_foreign(tab: Tab, current: Grid) -> bool:
    """Whether a non-empty tab of that title shares no header with ours: someone else's data, not to overwrite."""
    if not current:
        return False
    ours = {header.casefold() for header in tab.header}
    return not ours & set(header_index(current[0]))


def wanted_grid(tab: Tab, current: Grid) -> Grid:
    """The tab as it should be: our header and rows, then any column a user added, carried row by row by alert id.

    Our columns are found in the current sheet by header, not by position, so a user's reordering is
    undone and a user's own column keeps its values next to the right alerts.
    """
    header: list[Cell] = list(tab.header)
    rows: Grid = [list(row) for row in tab.rows]
    if not current or ID_HEADER not in tab.header:
        return normalise([header, *rows])
    positions = header_index(current[0])
    ours = {name.casefold() for name in tab.header}
    extra = [position for name, position in sorted(positions.items(), key=lambda item: item[1]) if name not in ours]
    key = positions.get(ID_HEADER.casefold())
    if not extra or key is None:
        return normalise([header, *rows])
    by_id = {str(row[key]): row for row in current[1:] if key < len(row) and row[key] != ""}
    header += [current[0][position] for position in extra]
    id_column = tab.header.index(ID_HEADER)
    for row in rows:
        theirs = by_id.get(str(row[id_column]), [])
        row += [theirs[position] if position < len(theirs) else "" for position in extra]
    return normalise([header, *rows])


def keep_row_order(tab: Tab, current: Grid) -> Tab:
    """The tab with its rows where the sheet has them: an alert already listed keeps its row.

    A new alert takes the row of one that left the tab (the first such row first), else goes below;
    rows move up only when more alerts left than came. So a publish rewrites the follow-up cells of few
    rows (see value_ranges). A tab without alert ids, or a sheet without them, keeps its order.
    """
    if not current or ID_HEADER not in tab.header:
        return tab
    key = header_index(current[0]).get(ID_HEADER.casefold())
    if key is None:
        return tab
    id_column = tab.header.index(ID_HEADER)
    wanted = {str(row[id_column]): row for row in tab.rows}
    listed = list(dict.fromkeys(str(row[key]) for row in current[1:] if key < len(row) and row[key] != ""))
    fresh = [row for row in tab.rows if str(row[id_column]) not in listed]
    rows = []
    for alert_id in listed:
        if alert_id in wanted:
            rows.append(wanted[alert_id])
        elif fresh:
            rows.append(fresh.pop(0))
    return Tab(tab.title, tab.columns, (*rows, *fresh), tab.dropdown)


def value_ranges(tab: Tab, wanted: Grid, current: Grid) -> list[dict[str, Any]]:
    """The value ranges that turn the current tab into the wanted one, the officers' follow-up cells apart.

    The computed columns go whole, wider and longer blanks included. The follow-up cells (Status,
    Petugas, Catatan) go only for rows whose alert is not where the sheet has it (added, moved, or
    cleared below the table) and rows where the warehouse holds other cells than the sheet showed at
    the read (a change made outside the sheet, an automatic close, an edit the lifecycle refused). An
    officer's edit typed after the read into any other row is never overwritten. A tab without
    follow-up columns, or whose header is not ours in our order (new, or moved by a user), goes as one
    range.
    """
    header = list(wanted[0]) if wanted else []
    if not all(name in tab.header for name in FOLLOWUP_COLUMNS) or not current or current[0] != header:
        return [value_range(tab.title, wanted, current)]
    first = tab.header.index(FOLLOWUP_COLUMNS[0])
    last = first + len(FOLLOWUP_COLUMNS)  # the three are side by side, in this order
    height = max(len(wanted), len(current), 1)
    width = max([len(row) for row in wanted + current] + [1])
    values = [[*row, *[""] * (width - len(row))] for row in wanted]
    values += [[""] * width for _ in range(height - len(wanted))]
    old = [[*row, *[""] * (width - len(row))] for row in current]
    old += [[""] * width for _ in range(height - len(current))]
    ranges = [_block(tab.title, values, 0, 0, first, height)]
    if width > last:
        ranges.append(_block(tab.title, values, 0, last, width, height))
    id_column = tab.header.index(ID_HEADER)
    start = None
    for number in range(1, height + 1):
        row = number if number < height else None  # a sentinel past the end closes the last run
        stale = row is not None and (
            values[row][id_column] != old[row][id_column] or values[row][first:last] != old[row][first:last]
        )
        if stale and start is None:
            start = number
        elif not stale and start is not None:
            ranges.append(_block(tab.title, values, start, first, last, number))
            start = None
    return ranges


def _block(title: str, values: Grid, top: int, left: int, right: int, bottom: int) -> dict[str, Any]:
    """The value range of rows top..bottom-1 and columns left..right-1 (0-based) of the full grid."""
    cells = absolute_range_name(title, f"{rowcol_to_a1(top + 1, left + 1)}:{rowcol_to_a1(bottom, right)}")
    return {"range": cells, "majorDimension": "ROWS", "values": [row[left:right] for row in values[top:bottom]]}


def value_range(title: str, wanted: Grid, current: Grid) -> dict[str, Any]:
    """One value range that turns the current tab into the wanted one, wider and longer blanks included.

    The whole table goes in one range, so the API applies it at once: the tab shows the old table or the
    new one, never a mix.
    """
    height = max(len(wanted), len(current), 1)
    width = max([len(row) for row in wanted + current] + [1])
    values = [[*row, *[""] * (width - len(row))] for row in wanted]
    values += [[""] * width for _ in range(height - len(wanted))]
    cells = absolute_range_name(title, f"A1:{rowcol_to_a1(height, width)}")
    return {"range": cells, "majorDimension": "ROWS", "values": values}


def add_sheet_request(title: str, sheet_id: int, width: int) -> dict[str, Any]:
    """Create a tab with a known id, so later requests of the same batch can address it."""
    grid = {"rowCount": 1000, "columnCount": max(width, 26), "frozenRowCount": 1}
    return {"addSheet": {"properties": {"title": title, "sheetId": sheet_id, "gridProperties": grid}}}


def layout_requests(tab: Tab, sheet_id: int, column_count: int) -> list[dict[str, Any]]:
    """Frozen bold header, column widths and the Status dropdown, for a new tab or one whose header moved."""
    width = len(tab.columns)
    requests: list[dict[str, Any]] = []
    if column_count < width:
        requests.append(_grid_property(sheet_id, "columnCount", width))
    requests.append(_grid_property(sheet_id, "frozenRowCount", 1))
    header_range = {"sheetId": sheet_id, "endRowIndex": 1, "endColumnIndex": width}
    requests.append(
        {
            "repeatCell": {
                "range": header_range,
                "cell": {"userEnteredFormat": HEADER_FORMAT},
                "fields": "userEnteredFormat(textFormat,backgroundColor)",
            }
        }
    )
    requests += [
        {
            "updateDimensionProperties": {
                "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": index, "endIndex": index + 1},
                "properties": {"pixelSize": column.width},
                "fields": "pixelSize",
            }
        }
        for index, column in enumerate(tab.columns)
    ]
    # validation follows the header: cleared on every column below it, then set on Status only
    requests.append({"setDataValidation": {"range": {"sheetId": sheet_id, "startRowIndex": 1}}})
    if tab.dropdown:
        header, choices = tab.dropdown
        index = tab.header.index(header)
        rule = {
            "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": choice} for choice in choices]},
            "strict": True,
            "showCustomUi": True,
        }
        column = {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": index, "endColumnIndex": index + 1}
        requests.append({"setDataValidation": {"range": column, "rule": rule}})
    return requests


def _grid_property(sheet_id: int, name: str, value: int) -> dict[str, Any]:
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {name: value}},
            "fields": f"gridProperties.{name}",
        }
    }
