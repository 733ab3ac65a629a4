"""Pure helpers for Sheets reads: A1 ranges, worksheet selection, paging and padding of rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sources.base import cells_table, columns_from_rows

_GID = re.compile(r"#?gid=(\d+)|(\d+)")


@dataclass(frozen=True)
class WorksheetInfo:
    """A worksheet as the spreadsheet metadata describes it."""

    gid: int
    title: str
    index: int
    row_count: int
    column_count: int


def column_letters(number: int) -> str:
    """The A1 letters of a 1-based column number: 1 → "A", 26 → "Z", 27 → "AA", 18278 → "ZZZ".

    Raises:
        ValueError: for a number below 1.
    """
    if number < 1:
        raise ValueError(f"column numbers start at 1, got {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def quote_title(title: str) -> str:
    """A worksheet title quoted for A1 notation, single quotes doubled: It's → 'It''s'."""
    return "'" + title.replace("'", "''") + "'"


def a1_rows(title: str, first_row: int, last_row: int, column_count: int) -> str:
    """The A1 range of whole rows first_row..last_row, e.g. `'Form Responses 1'!A2:F5001`."""
    return f"{quote_title(title)}!A{first_row}:{column_letters(column_count)}{last_row}"


def page_bounds(first_row: int, page_rows: int, row_count: int) -> tuple[int, int]:
    """First and last row of the page that starts at first_row, clipped to the grid's row_count."""
    return first_row, min(first_row + page_rows - 1, row_count)


def worksheets_from_metadata(metadata: Mapping[str, Any]) -> list[WorksheetInfo]:
    """The worksheets listed in a `spreadsheets.get` answer, in tab order."""
    found = []
    for sheet in metadata.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        found.append(
            WorksheetInfo(
                gid=int(props.get("sheetId", 0)),
                title=str(props.get("title", "")),
                index=int(props.get("index", len(found))),
                row_count=int(grid.get("rowCount", 1)),
                column_count=int(grid.get("columnCount", 1)),
            )
        )
    return found


def parse_gid(selection: str | int) -> int | None:
    """The gid a selection names: an int, or text like "123", "gid=123", "#gid=123"; else None."""
    if isinstance(selection, int) and not isinstance(selection, bool):
        return selection
    match = _GID.fullmatch(str(selection).strip())
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def find_worksheet(worksheets: Sequence[WorksheetInfo], selection: str | int) -> WorksheetInfo | None:
    """The worksheet a config selection names, or None.

    An int is a gid. Text is a title, matched exactly; only when no title matches is text like "123"
    or "gid=123" read as a gid (so a tab titled "2025" still wins over gid 2025).
    """
    if isinstance(selection, str):
        for sheet in worksheets:
            if sheet.title == selection:
                return sheet
    gid = parse_gid(selection)
    for sheet in worksheets:
        if gid is not None and sheet.gid == gid:
            return sheet
    return None


def describe_worksheets(worksheets: Sequence[WorksheetInfo]) -> str:
    """Titles and gids for an error message: `'Form Responses 1' (gid 0), 'Rekap' (gid 1534)`."""
    if not worksheets:
        return "no worksheets"
    return ", ".join(f"{sheet.title!r} (gid {sheet.gid})" for sheet in worksheets)


def cell_text(value: Any) -> str:
    """A cell as text; FORMATTED_VALUE answers are already text, anything else is made text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value if isinstance(value, str) else str(value)


def number_rows(values: Sequence[Sequence[Any]], first_row: int) -> list[tuple[int, list[str]]]:
    """Pair each returned row with its sheet row number, cells as text.

    An empty row in the middle comes back from the API as [] and stays a row here (padded later);
    trailing empty rows are not returned by the API and so are not rows.
    """
    return [(first_row + offset, [cell_text(cell) for cell in row]) for offset, row in enumerate(values)]


def fill_gaps(numbered: Sequence[tuple[int, list[str]]], first_row: int) -> list[tuple[int, list[str]]]:
    """Every row number from first_row to the last returned row, a missing one as an empty row.

    Within one request the API returns an empty middle row as []; a whole page of empty rows comes
    back as nothing, so without this an empty row would be a row or not depending on page size.
    """
    by_number = dict(numbered)
    last = max(by_number, default=first_row - 1)
    return [(number, by_number.get(number, [])) for number in range(first_row, last + 1)]


def pad_row(cells: Sequence[str], width: int) -> list[str]:
    """The cells followed by "" up to width (the API omits trailing empty cells)."""
    return list(cells) + [""] * (width - len(cells))


def pad_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[list[str], list[list[str]]]:
    """Header and rows padded to one width, the widest of the header and every row.

    Rows longer than the header extend the header with "" names; blank and duplicate header cells are
    kept verbatim (columns are told apart by position).
    """
    width = max([len(header), *(len(row) for row in rows)])
    return pad_row(header, width), [pad_row(row, width) for row in rows]


class Page(NamedTuple):
    """One answered range: the sheet row number of its first row and its rows as text lists."""

    first_row: int
    rows: pa.ListArray


def page_of(values: Sequence[Sequence[Any]], first_row: int) -> Page:
    """A page from the `values` of a value range: each row a list of text, as `number_rows` makes.

    Arrow converts the usual answer (every cell a string) in one call; an answer holding other
    values (numbers, booleans: not FORMATTED_VALUE) is converted cell by cell with `cell_text`.
    """
    try:
        rows = pa.array(values, pa.list_(pa.string()))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        rows = pa.array([[cell_text(cell) for cell in row] for row in values], pa.list_(pa.string()))
    return Page(first_row, rows)


def pages_table(header: Sequence[str], pages: Sequence[Page], first_row: int) -> tuple[list[str], pa.Table]:
    """The padded header and a `Fetch.table` of the pages' rows, as `fill_gaps` and `pad_table` define.

    Every row number from first_row to the last returned row is a row (a missing one, e.g. a page
    that came back empty, is a row of ""); header and rows are padded to the widest of them. Set-based:
    one `take` per column, no Python loop per row.
    """
    rows = pa.concat_arrays([page.rows for page in pages]) if pages else pa.array([], pa.list_(pa.string()))
    rows = rows.cast(pa.list_(pa.string()))
    numbers = np.concatenate([np.arange(p.first_row, p.first_row + len(p.rows)) for p in pages] or [np.arange(0)])
    longest = pc.max(pc.list_value_length(rows)).as_py() if len(rows) else 0
    width = max(len(header), longest or 0)
    count = int(numbers.max()) - first_row + 1 if len(numbers) else 0
    if count == len(numbers) and np.array_equal(numbers, np.arange(first_row, first_row + count)):
        gathered = rows  # no gap: the rows are already in place (no copy of a million rows)
    else:
        positions = np.full(count, -1, dtype=np.int64)
        positions[numbers - first_row] = np.arange(len(numbers))
        gathered = rows.take(pa.array(positions, mask=positions < 0))
    table = cells_table(np.arange(first_row, first_row + count), columns_from_rows(gathered, width))
    return pad_row(header, width), table


def has_more_pages(last_row: int, row_count: int) -> bool:
    """Whether rows remain after a page ending at last_row, by the metadata's grid row_count.

    The length of the page does not decide it: the API omits trailing empty rows, so a short page may
    be followed by data after a gap. A range starting beyond the grid is an error ("exceeds grid
    limits"), so paging stops at row_count even when the last page came back full.
    """
    return last_row < row_count
