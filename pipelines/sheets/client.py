"""The Sheets API client sources and publish share: spreadsheet metadata, values read and written."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import requests
from google.auth.exceptions import RefreshError, TransportError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.utils import absolute_range_name as absolute_range_name  # A1 ranges, for publish too
from gspread.utils import rowcol_to_a1 as rowcol_to_a1
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from pipelines.core.config import GoogleSettings
from pipelines.core.errors import SourceError
from pipelines.sheets.auth import (
    SCOPES,
    WRITE_SCOPES,
    account_email,
    api_disabled_message,
    load_credentials,
    refused_key_message,
    share_message,
)
from pipelines.sheets.transport import (
    RETRY_STATUSES,
    SHARED_THROTTLE,
    RetryPolicy,
    SheetsAdapter,
    Throttle,
    WaitRetryAfter,
    authorized_session,
    describe_failure,
    is_transient,
)

log = logging.getLogger(__name__)


METADATA_FIELDS = (
    "spreadsheetId,properties(title,locale,timeZone),"
    "sheets.properties(sheetId,title,index,sheetType,gridProperties(rowCount,columnCount))"
)


T = TypeVar("T")


class SheetsReader(Protocol):
    """What the gsheet source needs from the API; `SheetsClient` is the live one, tests may record one."""

    service_account_email: str
    requests_made: int

    def spreadsheet_metadata(self, key: str) -> dict[str, Any]:
        """The `spreadsheets.get` answer without grid data."""
        ...

    def values_batch_get(
        self, key: str, ranges: Sequence[str], render: str = "FORMATTED_VALUE"
    ) -> list[dict[str, Any]]:
        """The `valueRanges` of one `values:batchGet` request, rows major (text as shown by default)."""
        ...


class SheetsClient:
    """The live Sheets API reader: gspread's HTTP layer on an authorized session, throttled and retried."""

    def __init__(
        self,
        http: HTTPClient,
        adapter: SheetsAdapter,
        email: str,
        retry: RetryPolicy,
        throttle: Throttle | None = SHARED_THROTTLE,
    ):
        self.http = http
        self.adapter = adapter
        self.service_account_email = email
        self.retry = retry
        self.throttle = throttle
        # how a retry waits; tests record the waits instead of sleeping them
        self.sleep: Callable[[float], None] = time.sleep

    @property
    def requests_made(self) -> int:
        """HTTP requests sent to the Sheets API so far, retries included, token requests not."""
        return self.adapter.sent

    def spreadsheet_metadata(self, key: str) -> dict[str, Any]:
        """One `spreadsheets.get` (the same keyed call gspread's open_by_key makes), without grid data."""
        params = {"includeGridData": "false", "fields": METADATA_FIELDS}
        return dict(self._call(key, lambda: self.http.fetch_sheet_metadata(key, params=dict(params))))

    def values_batch_get(
        self, key: str, ranges: Sequence[str], render: str = "FORMATTED_VALUE"
    ) -> list[dict[str, Any]]:
        """One `values:batchGet` of the ranges, as text shown in the sheet (or UNFORMATTED_VALUE).

        Under UNFORMATTED_VALUE numbers come as numbers, but a date cell (e.g. a date an officer typed
        into a note) comes as the text the sheet shows, not as a serial number.
        """

        def fetch() -> Any:
            params = {"majorDimension": "ROWS", "valueRenderOption": render, "dateTimeRenderOption": "FORMATTED_STRING"}
            return self.http.values_batch_get(key, list(ranges), params=params)

        answer = self._call(key, fetch)
        value_ranges = answer.get("valueRanges", [])
        if len(value_ranges) != len(ranges):
            raise SourceError(
                f"Sheets API answered {len(value_ranges)} ranges for {len(ranges)} asked (spreadsheet {key})"
            )
        return value_ranges

    def values_batch_update(self, key: str, data: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """One `values:batchUpdate` of the value ranges, RAW: a text cell is stored as text, never a formula."""
        body = {"valueInputOption": "RAW", "data": list(data)}
        return dict(self._call(key, lambda: self.http.values_batch_update(key, body), role="Editor"))

    def batch_update(self, key: str, requests: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """One `spreadsheets:batchUpdate` (tabs, frozen rows, widths, validation), applied all or nothing."""
        body = {"requests": list(requests)}
        return dict(self._call(key, lambda: self.http.batch_update(key, body), role="Editor"))

    def _call(self, key: str, action: Callable[[], T], role: str = "Viewer") -> T:
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.max_attempts),
            wait=WaitRetryAfter(self.retry),
            sleep=self.sleep,
            retry=retry_if_exception(is_transient),
            before_sleep=self._log_retry(key),
            reraise=True,
        )
        try:
            return retrying(self._attempt, action)
        except RefreshError as exc:
            raise SourceError(refused_key_message(self.service_account_email, exc)) from exc
        except APIError as exc:
            raise SourceError(self._api_error_message(key, exc, role)) from exc
        except (requests.RequestException, TransportError) as exc:
            raise SourceError(
                f"could not reach the Sheets API for spreadsheet {key} after {self.retry.max_attempts} "
                f"attempts ({describe_failure(exc)}); check the network and google.api_endpoint"
            ) from exc

    def _attempt(self, action: Callable[[], T]) -> T:
        if self.throttle is not None:
            self.throttle.acquire()
        return action()

    def _log_retry(self, key: str) -> Callable[[RetryCallState], None]:
        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            log.warning(
                "Sheets API %s for spreadsheet %s; attempt %d of %d, retrying in %.2f s",
                describe_failure(exc) if exc else "failure",
                key,
                state.attempt_number,
                self.retry.max_attempts,
                wait,
            )

        return before_sleep

    def _api_error_message(self, key: str, exc: APIError, role: str) -> str:
        status = exc.response.status_code
        email = self.service_account_email
        message = str(exc.error.get("message", "")) if isinstance(exc.error, dict) else ""
        if status == 403 and ("has not been used" in message or "SERVICE_DISABLED" in str(exc.error)):
            return api_disabled_message(email, exc.error)
        if status == 403:
            return share_message(key, email, role)
        if status == 404:
            return share_message(key, email, role) + " (or the key is wrong: Google says it does not exist)"
        if status == 401:
            return f"Google did not accept the credentials of the service account {email} (401)"
        if status in RETRY_STATUSES:
            return (
                f"Sheets API still answering {describe_failure(exc)} for spreadsheet {key} after "
                f"{self.retry.max_attempts} attempts; try again later"
            )
        return f"Sheets API answered {describe_failure(exc)} for spreadsheet {key}: {message}"


def open_sheets(
    google: GoogleSettings,
    *,
    throttle: Throttle | None = SHARED_THROTTLE,
    retry: RetryPolicy | None = None,
    write: bool = False,
) -> SheetsClient:
    """A live client for these settings: credentials, a timeout on every request, retries, throttle.

    Args:
        google: the settings (credentials_file, api_endpoint, timeout_seconds, max_attempts).
        write: ask for the spreadsheets scope (publishing results) instead of read-only.
        throttle: the token bucket shared by the process; None disables throttling (tests).
        retry: the retry policy; default `RetryPolicy.from_settings(google)`.

    Raises:
        SourceError: the credentials cannot be loaded.
    """
    credentials = load_credentials(google, WRITE_SCOPES if write else SCOPES)
    session, adapter = authorized_session(credentials, google)
    http = HTTPClient(credentials, session=session)
    # gspread sends no timeout unless told; the token request inherits this one too
    http.set_timeout(google.timeout_seconds)
    retry = retry or RetryPolicy.from_settings(google)
    return SheetsClient(http, adapter, account_email(credentials), retry, throttle)
