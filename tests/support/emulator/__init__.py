"""HTTP-level emulators of the external services the pipeline talks to."""

from tests.support.emulator.sheets import (
    Cell,
    Fault,
    GoogleError,
    LoggedRequest,
    SheetsEmulator,
    service_account_info,
    write_service_account_key,
)

__all__ = [
    "Cell",
    "Fault",
    "GoogleError",
    "LoggedRequest",
    "SheetsEmulator",
    "service_account_info",
    "write_service_account_key",
]
