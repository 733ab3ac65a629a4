"""Google Sheets source: read a worksheet's header and rows, as shown text, in pages of rows."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipelines.core.config import GoogleSettings, GSheetSource
from pipelines.core.errors import SourceError
from pipelines.sheets import SheetsReader, open_sheets
from pipelines.sources.base import Fetch
from pipelines.sources.gsheet import parse

Pages = list[parse.Page]


def fetch_gsheet(
    source: GSheetSource,
    google: GoogleSettings,
    start_row: int | None = None,
    *,
    reader: SheetsReader | None = None,
) -> Fetch:
    """Read the header row and the data rows of a worksheet.

    One metadata request gives the locale, time zone, the worksheet (by title or gid) and its grid
    `rowCount`; then one `values:batchGet` per page of `google.page_rows` data rows. The header
    comes with the first page: a full read asks for row 1 and the first page of data rows as one
    range; an incremental read asks for row 1 and the page from `start_row` in the same request.

    Paging rule: pages run up to the metadata's rowCount whatever their length. The API omits
    trailing empty rows, so a short page may be followed by data after a gap; a range starting
    beyond the grid is a 400 ("exceeds grid limits"), so no page starts after rowCount even when
    the last one came back full. Rows appended after the metadata request are read by the next
    sync. A full read of a grid of N data rows (rowCount N + 1) costs 1 + max(1, ceil(N / page_rows))
    requests; an incremental one 1 + max(1, ceil((rowCount - start_row + 1) / page_rows)).

    Empty rows between the first data row and the last non-empty row are rows of "", also when a
    whole page of them came back empty; empty rows after the last non-empty one are not rows.

    Args:
        source: the sheet to read.
        google: API settings (credentials, endpoint, timeout, attempts, page_rows).
        start_row: first data row to read (2 or more); None reads every row (`is_full`).
        reader: the API client; default a live `open_sheets(google)`.

    Returns:
        The header verbatim and the rows as shown text, padded to one width, an empty row in the
        middle kept as a row of "", with the spreadsheet's locale and time zone.

    Raises:
        SourceError: not shared, unknown spreadsheet or worksheet, refused key, API still failing.
        ValueError: start_row below 2 (row 1 is the header).
    """
    if start_row is not None and start_row < 2:
        raise ValueError(f"start_row must be 2 or more (row 1 is the header), got {start_row}")
    reader = reader or open_sheets(google)
    before = reader.requests_made
    key = source.spreadsheet_key
    metadata = reader.spreadsheet_metadata(key)
    sheet = select_worksheet(metadata, source.worksheet, key)
    header, pages = read_rows(reader, key, sheet, google.page_rows, start_row)
    headers, table = parse.pages_table(header, pages, 2 if start_row is None else start_row)
    # the pages are copied into the table: give their memory back before DuckDB needs its own
    del pages
    pa.default_memory_pool().release_unused()
    properties = metadata.get("properties", {})
    return Fetch(
        headers=tuple(headers),
        table=table,
        is_full=start_row is None,
        locale=properties.get("locale"),
        time_zone=properties.get("timeZone"),
        requests_made=reader.requests_made - before,
    )


def select_worksheet(metadata: dict[str, Any], selection: str | int, key: str) -> parse.WorksheetInfo:
    """The configured worksheet, or a SourceError listing the worksheets the spreadsheet has."""
    worksheets = parse.worksheets_from_metadata(metadata)
    sheet = parse.find_worksheet(worksheets, selection)
    if sheet is None:
        wanted = f"gid {selection}" if isinstance(selection, int) else repr(selection)
        raise SourceError(
            f"worksheet {wanted} not found in spreadsheet {key}; it has "
            f"{parse.describe_worksheets(worksheets)}. Set the source's worksheet to one of these "
            "titles or gids"
        )
    return sheet


def read_rows(
    reader: SheetsReader, key: str, sheet: parse.WorksheetInfo, page_rows: int, start_row: int | None
) -> tuple[list[str], Pages]:
    """The header cells and the pages of data rows (see `fetch_gsheet` for the paging rule)."""
    if page_rows < 1:
        raise ValueError(f"page_rows must be at least 1, got {page_rows}")
    if start_row is None:
        header, pages, last = read_first_page(reader, key, sheet, page_rows)
    else:
        header, pages, last = read_header_and_page(reader, key, sheet, page_rows, start_row)
    while parse.has_more_pages(last, sheet.row_count):
        first, last = parse.page_bounds(last + 1, page_rows, sheet.row_count)
        (page,) = reader.values_batch_get(key, [parse.a1_rows(sheet.title, first, last, sheet.column_count)])
        pages.append(parse.page_of(page.get("values", []), first))
    return header, pages


def read_first_page(
    reader: SheetsReader, key: str, sheet: parse.WorksheetInfo, page_rows: int
) -> tuple[list[str], Pages, int]:
    """The header (row 1) and the first page of data rows, as one range; returns the page's last row."""
    first, last = parse.page_bounds(1, page_rows + 1, sheet.row_count)
    (page,) = reader.values_batch_get(key, [parse.a1_rows(sheet.title, first, last, sheet.column_count)])
    values = page.get("values", [])
    if not values:
        return [], [], last
    header = [parse.cell_text(cell) for cell in values[0]]
    return header, [parse.page_of(values[1:], first + 1)], last


def read_header_and_page(
    reader: SheetsReader, key: str, sheet: parse.WorksheetInfo, page_rows: int, start_row: int
) -> tuple[list[str], Pages, int]:
    """Row 1 and the page from start_row in one request; only row 1 when start_row is beyond the grid."""
    ranges = [parse.a1_rows(sheet.title, 1, 1, sheet.column_count)]
    first, last = parse.page_bounds(start_row, page_rows, sheet.row_count)
    if first <= sheet.row_count:
        ranges.append(parse.a1_rows(sheet.title, first, last, sheet.column_count))
    header_range, *answers = reader.values_batch_get(key, ranges)
    header = [parse.cell_text(cell) for cell in (header_range.get("values") or [[]])[0]]
    pages = [parse.page_of(answers[0].get("values", []), first)] if answers else []
    return header, pages, max(last, first - 1)
