"""The one Sheets API client (gspread and google-auth are imported here only), shared by sources and publish."""

from pipelines.sheets.auth import share_message
from pipelines.sheets.client import SheetsClient, SheetsReader, absolute_range_name, open_sheets, rowcol_to_a1
from pipelines.sheets.transport import SHARED_THROTTLE, RefusingAdapter, RetryPolicy, SheetsAdapter, Throttle

__all__ = [
    "SHARED_THROTTLE",
    "RefusingAdapter",
    "RetryPolicy",
    "SheetsAdapter",
    "SheetsClient",
    "SheetsReader",
    "Throttle",
    "absolute_range_name",
    "open_sheets",
    "rowcol_to_a1",
    "share_message",
]
