"""Sources of form responses: Google Sheets and downloaded files, both yielding the same `Fetch`."""

from __future__ import annotations

from pipelines.core.config import FileSource, GoogleSettings, GSheetSource
from pipelines.core.errors import SourceError
from pipelines.sources.base import Fetch


def fetch_source(source: GSheetSource | FileSource, google: GoogleSettings, start_row: int | None = None) -> Fetch:
    """Fetch the header row and the data rows from `start_row` on (all rows when None).

    Row numbers are the sheet's own (the header is row 1). A file is always read whole.
    """
    if isinstance(source, GSheetSource):
        from pipelines.sources.gsheet.fetch import fetch_gsheet

        return fetch_gsheet(source, google, start_row)
    from pipelines.sources.file import fetch_file

    return fetch_file(source)


__all__ = ["Fetch", "SourceError", "fetch_source"]
