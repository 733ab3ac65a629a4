"""An HTTP-level emulator of the Google Sheets API and Google's OAuth token endpoint, for tests and the benchmark."""

from tests.support.emulator.auth import service_account_info, write_service_account_key
from tests.support.emulator.faults import Fault, GoogleError
from tests.support.emulator.ranges import Cell
from tests.support.emulator.server import LoggedRequest, SheetsEmulator

__all__ = [
    "Cell",
    "Fault",
    "GoogleError",
    "LoggedRequest",
    "SheetsEmulator",
    "service_account_info",
    "write_service_account_key",
]
