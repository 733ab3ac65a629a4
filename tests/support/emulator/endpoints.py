"""What each Sheets API endpoint does to a spreadsheet and answers: reads, render options, fields masks, writes."""

from __future__ import annotations

import copy
from typing import Any

from tests.support.emulator.faults import GoogleError
from tests.support.emulator.ranges import GridRange, column_letters, quote_title, render, trim, user_entered
from tests.support.emulator.spreadsheets import (
    Spreadsheet,
    Worksheet,
    parse_range,
    range_text,
    resolve,
    sheet_properties,
)


def spreadsheet_body(spreadsheet: Spreadsheet, fields: str | None) -> dict:
    """`GET /v4/spreadsheets/{key}`: the spreadsheet's properties and its sheets', under a `fields` mask."""
    body = {
        "spreadsheetId": spreadsheet.key,
        "properties": {
            "title": spreadsheet.title,
            "locale": spreadsheet.locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": spreadsheet.time_zone,
        },
        "sheets": [{"properties": sheet_properties(sheet)} for sheet in spreadsheet.sheets],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.key}/edit",
    }
    return _select_fields(body, fields)


def value_range(spreadsheet: Spreadsheet, text: str, query: dict[str, list[str]]) -> dict:
    """One ValueRange of `.../values/{range}` or `values:batchGet`, rendered as the query's read options ask."""
    option, date_option, dimension = _read_options(query)
    sheet, grid = resolve(spreadsheet, text)
    last_row = min(grid.last_row or sheet.row_count, sheet.row_count)
    last_col = min(grid.last_column or sheet.column_count, sheet.column_count)
    rows = [
        [render(cell, option, date_option) for cell in _row(sheet, number)[grid.first_column - 1 : last_col]]
        for number in range(grid.first_row, last_row + 1)
    ]
    answer = {"range": range_text(sheet, grid, last_row, last_col), "majorDimension": dimension}
    values = trim(_transpose(rows) if dimension == "COLUMNS" else rows)
    if values:
        answer["values"] = values
    return answer


# the enum values Google accepts for each read option (its query name, its proto field and type)
_READ_OPTIONS = {
    "valueRenderOption": ("value_render_option", "ValueRenderOption", "FORMATTED_VALUE",
                          ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")),
    "dateTimeRenderOption": ("date_time_render_option", "DateTimeRenderOption", "SERIAL_NUMBER",
                             ("SERIAL_NUMBER", "FORMATTED_STRING")),
    "majorDimension": ("major_dimension", "Dimension", "ROWS", ("ROWS", "COLUMNS")),
}  # fmt: skip


def _read_options(query: dict[str, list[str]]) -> tuple[str, str, str]:
    """valueRenderOption, dateTimeRenderOption and majorDimension, or Google's 400 for a value it does not know."""
    chosen = []
    for name, (field_name, enum, default, allowed) in _READ_OPTIONS.items():
        value = query[name][0] if query.get(name) else default
        if value not in allowed:
            raise GoogleError(
                400, f"Invalid value at '{field_name}' (type.googleapis.com/google.apps.sheets.v4.{enum}), \"{value}\""
            )
        chosen.append(value)
    return chosen[0], chosen[1], chosen[2]


def _row(sheet: Worksheet, number: int) -> list[Any]:
    cells = sheet.rows[number - 1] if number <= len(sheet.rows) else []
    return list(cells) + [None] * (sheet.column_count - len(cells))


def _transpose(rows: list[list[Any]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=False)] if rows else []


def _select_fields(body: dict, fields: str | None) -> dict:
    """Apply a `fields` mask as Google does, at every depth: "properties(title,locale)" keeps only those
    two keys of `properties`, "sheets.properties" only `properties` of each sheet; "*" keeps all."""
    if not fields:
        return body
    try:
        tree = _mask_tree(fields)
    except ValueError:
        raise GoogleError(400, f"Invalid field selection {fields}") from None
    return _masked(body, tree)


def _mask_tree(fields: str) -> dict:
    """The paths of a field mask as a tree of dicts, e.g. "a(b,c.d)" is {"a": {"b": {"*": {}}, "c": {"d": ...}}}."""
    root: dict = {}
    stack = [root]
    path = ""
    for char in fields + ",":
        if char in ",()":
            node = stack[-1]
            if path.strip():
                node = _descend(stack[-1], path.strip(), leaf=char != "(")
            if char == "(":
                stack.append(node)
            elif char == ")":
                if len(stack) == 1:
                    raise ValueError(fields)
                stack.pop()
            path = ""
        else:
            path += char
    if len(stack) != 1:
        raise ValueError(fields)
    return root


def _descend(node: dict, path: str, leaf: bool) -> dict:
    """The node of a dotted path (created); a leaf selects everything below it ({"*": {}})."""
    for name in path.split("."):
        if "*" in node:
            return node
        node = node.setdefault(name, {})
    if leaf:
        node.clear()
        node["*"] = {}
    return node


def _masked(value: Any, tree: dict) -> Any:
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [_masked(item, tree) for item in value]
    if isinstance(value, dict):
        return {name: _masked(item, tree[name]) for name, item in value.items() if name in tree}
    return value


def value_input_option(body: dict) -> str:
    """The valueInputOption of a `values:batchUpdate` body, or Google's 400 (before the spreadsheet is looked up)."""
    option = body.get("valueInputOption")
    if option not in ("RAW", "USER_ENTERED"):
        raise GoogleError(400, f"Invalid valueInputOption: {option or 'INPUT_VALUE_OPTION_UNSPECIFIED'}")
    return option


def update_values(spreadsheet: Spreadsheet, body: dict, option: str) -> dict:
    """`values:batchUpdate`: every range checked first, then written (all or nothing); Google's summary of it."""
    planned = [
        (*_resolve_write(spreadsheet, item), _as_entered(item.get("values") or [], option, spreadsheet.locale))
        for item in body.get("data", [])
    ]
    responses = [_write_values(sheet, grid, values, spreadsheet.key) for sheet, grid, values in planned]
    return {
        "spreadsheetId": spreadsheet.key,
        "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
        "totalUpdatedColumns": max([r.get("updatedColumns", 0) for r in responses] + [0]),
        "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
        "totalUpdatedSheets": len({sheet.gid for sheet, _, _ in planned}),
        "responses": responses,
    }


def _resolve_write(spreadsheet: Spreadsheet, item: dict) -> tuple[Worksheet, GridRange]:
    """The worksheet and cells a value range writes to; unlike reads, a write may go past the grid."""
    text = str(item.get("range", ""))
    sheet, grid = parse_range(spreadsheet, text)
    values = item.get("values") or []
    if grid.last_row is not None and len(values) > grid.last_row - grid.first_row + 1:
        raise GoogleError(
            400,
            f"Requested writing within range [{text}], but tried writing to row [{grid.first_row + len(values) - 1}]",
        )
    widest = max([len(row) for row in values] + [0])
    if grid.last_column is not None and widest > grid.last_column - grid.first_column + 1:
        raise GoogleError(
            400,
            f"Requested writing within range [{text}], but tried writing to column "
            f"[{column_letters(grid.first_column + widest - 1)}]",
        )
    return sheet, grid


def _as_entered(values: list[list[Any]], option: str, locale: str) -> list[list[Any]]:
    """RAW values are stored as sent; USER_ENTERED ones as if typed in the UI (numbers, dates)."""
    if option != "USER_ENTERED":
        return values
    return [[user_entered(value, locale) for value in row] for row in values]


def _write_values(sheet: Worksheet, grid: GridRange, values: list[list[Any]], key: str) -> dict:
    """Write rows of values from the range's corner; None leaves a cell as it is, "" clears it."""
    cells = 0
    for offset, row in enumerate(values):
        number = grid.first_row + offset
        while len(sheet.rows) < number:
            sheet.rows.append([])
        target = sheet.rows[number - 1]
        for column_offset, value in enumerate(row):
            column = grid.first_column + column_offset
            if value is None:
                continue
            target.extend([None] * (column - len(target)))
            target[column - 1] = value
            cells += 1
    widest = max([len(row) for row in values] + [0])
    sheet.row_count = max(sheet.row_count, grid.first_row + len(values) - 1)
    sheet.column_count = max(sheet.column_count, grid.first_column + widest - 1)
    if not values:
        return {"spreadsheetId": key}
    last = f"{column_letters(grid.first_column + widest - 1)}{grid.first_row + len(values) - 1}"
    return {
        "spreadsheetId": key,
        "updatedRange": f"{quote_title(sheet.title)}!{column_letters(grid.first_column)}{grid.first_row}:{last}",
        "updatedRows": len(values),
        "updatedColumns": widest,
        "updatedCells": cells,
    }


def batch_requests(body: dict) -> list[dict]:
    """The requests of a `spreadsheets:batchUpdate` body, or Google's 400 for none (checked before the lookup)."""
    requests = body.get("requests") or []
    if not requests:
        raise GoogleError(400, "Must specify at least one request.")
    return requests


def batch_update(spreadsheet: Spreadsheet, requests: list[dict]) -> dict:
    """`spreadsheets:batchUpdate`: the requests applied to a copy of the sheets, swapped in only when all succeed."""
    sheets = copy.deepcopy(spreadsheet.sheets)
    replies = [_apply_request(sheets, number, request) for number, request in enumerate(requests)]
    spreadsheet.sheets = sheets
    return {"spreadsheetId": spreadsheet.key, "replies": replies}


def _apply_request(sheets: list[Worksheet], number: int, request: dict) -> dict:
    """Apply one `spreadsheets.batchUpdate` request to the sheets; returns its reply ({} for most kinds)."""
    if len(request) != 1:
        raise GoogleError(400, f"Invalid requests[{number}]: exactly one kind of request must be set.")
    kind, spec = next(iter(request.items()))
    handlers = {
        "addSheet": _add_sheet,
        "updateSheetProperties": _update_sheet_properties,
        "setDataValidation": _set_data_validation,
        "repeatCell": _repeat_cell,
        "updateDimensionProperties": _update_dimension_properties,
    }
    if kind not in handlers:
        raise GoogleError(
            400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{number}]': Cannot find field."
        )
    return handlers[kind](sheets, number, spec)


def _sheet_by_id(sheets: list[Worksheet], number: int, sheet_id: Any) -> Worksheet:
    for sheet in sheets:
        if sheet.gid == sheet_id:
            return sheet
    raise GoogleError(400, f"Invalid requests[{number}]: No grid with id: {sheet_id}")


def _add_sheet(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    properties = spec.get("properties", {})
    title = properties.get("title") or f"Sheet{len(sheets) + 1}"
    if any(sheet.title == title for sheet in sheets):
        raise GoogleError(
            400,
            f'Invalid requests[{number}].addSheet: A sheet with the name "{title}" already exists. '
            "Please enter another name.",
        )
    gid = properties.get("sheetId")
    if gid is None:
        gid = max([sheet.gid for sheet in sheets] + [0]) + 1
    elif any(sheet.gid == gid for sheet in sheets):
        raise GoogleError(400, f"Invalid requests[{number}].addSheet: Sheet with id {gid} already exists.")
    grid = properties.get("gridProperties", {})
    sheet = Worksheet(
        gid=gid,
        title=title,
        index=len(sheets),
        rows=[],
        row_count=grid.get("rowCount", 1000),
        column_count=grid.get("columnCount", 26),
        frozen_rows=grid.get("frozenRowCount", 0),
    )
    sheets.append(sheet)
    return {"addSheet": {"properties": sheet_properties(sheet)}}


def _update_sheet_properties(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    fields = spec.get("fields")
    if not fields:
        raise GoogleError(
            400, f"Invalid requests[{number}].updateSheetProperties: You must specify which fields to update."
        )
    properties = spec.get("properties", {})
    sheet = _sheet_by_id(sheets, number, properties.get("sheetId", 0))
    grid = properties.get("gridProperties", {})
    for name in fields.split(","):
        name = name.strip()
        if name == "title":
            sheet.title = properties["title"]
        elif name == "gridProperties.frozenRowCount":
            sheet.frozen_rows = grid.get("frozenRowCount", 0)
        elif name == "gridProperties.rowCount":
            sheet.row_count = grid["rowCount"]
        elif name == "gridProperties.columnCount":
            sheet.column_count = grid["columnCount"]
        else:
            raise GoogleError(400, f"Invalid requests[{number}].updateSheetProperties: unsupported field {name}")
    return {}


def _checked_range(sheets: list[Worksheet], number: int, grid_range: dict) -> Worksheet:
    sheet = _sheet_by_id(sheets, number, grid_range.get("sheetId", 0))
    if grid_range.get("endRowIndex", 0) > sheet.row_count or grid_range.get("endColumnIndex", 0) > sheet.column_count:
        raise GoogleError(
            400,
            f"Invalid requests[{number}]: Range ({quote_title(sheet.title)}) exceeds grid limits. "
            f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return sheet


def _set_data_validation(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    grid_range = spec.get("range", {})
    sheet = _checked_range(sheets, number, grid_range)
    rule = spec.get("rule")
    # a new rule (or none) replaces the rules of the cells it covers; kept simple: same columns
    columns = (grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex"))
    sheet.validations = [
        (kept, kept_rule)
        for kept, kept_rule in sheet.validations
        if not _columns_overlap(columns, (kept.get("startColumnIndex", 0), kept.get("endColumnIndex")))
    ]
    if rule:
        sheet.validations.append((grid_range, rule))
    return {}


def _columns_overlap(first: tuple[int, int | None], second: tuple[int, int | None]) -> bool:
    first_end = first[1] if first[1] is not None else 1 << 30
    second_end = second[1] if second[1] is not None else 1 << 30
    return first[0] < second_end and second[0] < first_end


def _repeat_cell(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    if not spec.get("fields"):
        raise GoogleError(400, f"Invalid requests[{number}].repeatCell: You must specify which fields to update.")
    _checked_range(sheets, number, spec.get("range", {})).formats.append(spec)
    return {}


def _update_dimension_properties(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    dimension_range = spec.get("range", {})
    sheet = _sheet_by_id(sheets, number, dimension_range.get("sheetId", 0))
    size = spec.get("properties", {}).get("pixelSize")
    if dimension_range.get("dimension") == "COLUMNS" and size is not None:
        for index in range(dimension_range.get("startIndex", 0), dimension_range.get("endIndex", sheet.column_count)):
            sheet.column_widths[index] = size
    return {}
