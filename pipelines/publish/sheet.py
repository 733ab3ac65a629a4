"""What to send to a results spreadsheet: pure functions from the wanted tabs and what the sheet holds now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gspread.utils import absolute_range_name, rowcol_to_a1

from pipelines.publish.tabs import ID_HEADER, Cell, Tab

Grid = list[list[Cell]]
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
