"""The Sheets API client, the only module importing gspread and google-auth: auth, timeouts, retries."""

from __future__ import annotations

import logging
import stat
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import requests
from google.auth import default as default_credentials
from google.auth.exceptions import DefaultCredentialsError, RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.utils import absolute_range_name as absolute_range_name  # A1 ranges, for publish too
from gspread.utils import rowcol_to_a1 as rowcol_to_a1
from requests.adapters import HTTPAdapter
from requests.utils import should_bypass_proxies
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential
from tenacity.wait import wait_base

from pipelines.core.config import ConfigError, GoogleSettings
from pipelines.core.errors import SourceError

log = logging.getLogger(__name__)

GOOGLE_SHEETS_ENDPOINT = "https://sheets.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
# publishing results needs write access; syncs never ask for it
WRITE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# google-auth looks up a "regional access boundary" here after each token refresh (in a background thread)
IAM_CREDENTIALS_ENDPOINT = "https://iamcredentials.googleapis.com"
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


class Throttle:
    """A token bucket that keeps one process under Google's 60 read requests per minute per user.

    It refills `per_minute` tokens a minute and holds at most `burst`, so any 60-second window admits at
    most per_minute + burst requests (50 + 8 = 58 by default). Thread-safe; callers wait their turn.
    """

    def __init__(
        self,
        per_minute: float = 50.0,
        burst: int = 8,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._stamp = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until it is available; returns the seconds slept."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            self._tokens -= 1.0
            # a negative balance is a reservation: later callers wait behind this one
            wait = max(0.0, -self._tokens / self._rate)
        if wait:
            log.info("throttling Sheets API reads: waiting %.1f s", wait)
            self._sleep(wait)
        return wait


# one bucket per process: the quota is per service account, not per spreadsheet
SHARED_THROTTLE = Throttle()


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff with full jitter: after failed attempt n wait U(0, first_wait * 2**(n-1)), at most max_wait."""

    max_attempts: int
    first_wait: float = 1.0
    max_wait: float = 32.0

    @classmethod
    def from_settings(cls, google: GoogleSettings) -> RetryPolicy:
        """The production policy for these settings."""
        return cls(max_attempts=max(1, google.max_attempts))


class SheetsAdapter(HTTPAdapter):
    """The transport for Sheets API requests: counts every request sent and may send it elsewhere.

    gspread hard-codes Google's URLs, so an overridden api_endpoint is applied here, by rewriting the
    URL of each request addressed to `source` to the `target` base URL.
    """

    # kept when the adapter is copied (requests pickles adapters by these names)
    __attrs__ = [*HTTPAdapter.__attrs__, "source", "target", "sent"]

    def __init__(self, source: str = GOOGLE_SHEETS_ENDPOINT, target: str | None = None):
        super().__init__()
        self.source = source.rstrip("/")
        self.target = target.rstrip("/") if target else None
        self.sent = 0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Count the request, rewrite its URL when a target is set, then send as usual."""
        if self.target and request.url and request.url.startswith(self.source):
            request.url = self.target + request.url[len(self.source) :]
            # proxies were chosen for Google's host; a loopback emulator must not go through them
            if should_bypass_proxies(request.url, no_proxy=None):
                kwargs["proxies"] = {}
        self.sent += 1
        return super().send(request, **kwargs)


class RefusingAdapter(HTTPAdapter):
    """Fails every request at once, without touching the network."""

    # google-auth deep-copies its request session for the background lookup; keep the reason
    __attrs__ = [*HTTPAdapter.__attrs__, "reason"]

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Raise a ConnectionError naming the reason."""
        raise requests.ConnectionError(self.reason, request=request)


def load_credentials(google: GoogleSettings, scopes: Sequence[str] = SCOPES) -> Any:
    """Credentials from the configured key file, else application default credentials (read-only by default).

    Raises:
        SourceError: the key file is missing or not a service-account key, or no default credentials.
    """
    path = google.credentials_file
    if path is None:
        try:
            credentials, _ = default_credentials(scopes=list(scopes))
        except DefaultCredentialsError as exc:
            raise SourceError(
                "no Google credentials: set google.credentials_file to a service-account JSON key, "
                "or set up application default credentials (gcloud auth application-default login)"
            ) from exc
        return credentials
    refuse_shared_key(Path(path))
    try:
        return service_account.Credentials.from_service_account_file(str(path), scopes=list(scopes))
    except FileNotFoundError as exc:
        raise SourceError(f"credentials file {path} not found (google.credentials_file)") from exc
    except (ValueError, KeyError) as exc:
        # the parser's message may quote the file; say only what is wrong with it
        raise SourceError(f"credentials file {path} is not a service-account JSON key") from exc


def refuse_shared_key(path: Path) -> None:
    """Refuse a service-account key that other users of the machine can read or change.

    Raises:
        ConfigError: the file's mode grants group or others any access; the message gives the fix.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # reported by the reader with the config key to fix
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"credentials file {path} is accessible to other users (mode {stat.S_IMODE(mode):04o}); "
            f"a service-account key is a password: run `chmod 600 {path}` (owned by the user running timpora)"
        )


def account_email(credentials: Any) -> str:
    """The service account's email, or a description when the credentials do not carry one."""
    email = getattr(credentials, "service_account_email", None)
    if isinstance(email, str) and "@" in email:
        return email
    return "(the account of the application default credentials)"


def authorized_session(credentials: Any, google: GoogleSettings) -> tuple[AuthorizedSession, SheetsAdapter]:
    """A session that signs requests, and the adapter that carries (and counts) its Sheets requests.

    With an overridden endpoint (an emulator or a private endpoint) nothing else is sent to Google's
    hosts either: google-auth's background regional-access-boundary lookup is refused (it is optional;
    google-auth carries on without it). The token still goes to the key's token_uri.
    """
    auth_session = requests.Session()
    session = AuthorizedSession(credentials, auth_request=Request(auth_session))
    endpoint = google.api_endpoint.rstrip("/")
    overridden = endpoint != GOOGLE_SHEETS_ENDPOINT
    adapter = SheetsAdapter(GOOGLE_SHEETS_ENDPOINT, endpoint if overridden else None)
    session.mount(GOOGLE_SHEETS_ENDPOINT + "/", adapter)
    if overridden:
        auth_session.mount(
            IAM_CREDENTIALS_ENDPOINT + "/",
            RefusingAdapter("api_endpoint is overridden: not contacting iamcredentials.googleapis.com"),
        )
    return session, adapter


def is_transient(exc: BaseException) -> bool:
    """Whether a failed request is worth retrying: 429, 5xx gateways, timeouts, dropped connections."""
    if isinstance(exc, APIError):
        return exc.response.status_code in RETRY_STATUSES
    return isinstance(
        exc,
        requests.Timeout | requests.ConnectionError | requests.exceptions.ChunkedEncodingError | TransportError,
    )


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The seconds a failed answer's `Retry-After` header asks to wait (a number of seconds), if any."""
    if not isinstance(exc, APIError):
        return None
    text = (exc.response.headers.get("Retry-After") or "").strip()
    try:
        return max(0.0, float(text)) if text else None
    except ValueError:
        return None  # an HTTP date: the jittered backoff stands


class WaitRetryAfter(wait_base):
    """The jittered backoff, but never shorter than the server's `Retry-After` (capped at `max_wait`)."""

    def __init__(self, policy: RetryPolicy):
        self.backoff = wait_random_exponential(multiplier=policy.first_wait, max=policy.max_wait)
        self.max_wait = policy.max_wait

    def __call__(self, retry_state: RetryCallState) -> float:
        """Seconds to wait before the next attempt."""
        wait = self.backoff(retry_state)
        outcome = retry_state.outcome
        asked = retry_after_seconds(outcome.exception() if outcome is not None else None)
        return wait if asked is None else max(wait, min(asked, self.max_wait))


def describe_failure(exc: BaseException) -> str:
    """A short label for a failed request: status and Google's status word, or the exception type."""
    if isinstance(exc, APIError):
        status = exc.error.get("status") if isinstance(exc.error, dict) else None
        return f"{exc.response.status_code} {status or exc.response.reason or ''}".strip()
    return type(exc).__name__


def share_message(key: str, email: str, role: str = "Viewer") -> str:
    """What to do when the service account cannot see (or, as an Editor, change) the spreadsheet."""
    return (
        f"spreadsheet {key} is not shared with the service account {email} as {role}: "
        f"open the sheet, Share, add {email} as {role}"
    )


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


def api_disabled_message(email: str, error: Any) -> str:
    """What to do when the Sheets API is not enabled in the service account's Cloud project."""
    details = error.get("details", []) if isinstance(error, dict) else []
    urls = [
        detail.get("metadata", {}).get("activationUrl")
        for detail in details
        if isinstance(detail, dict) and detail.get("reason") == "SERVICE_DISABLED"
    ]
    where = f"enable it at {urls[0]}" if urls and urls[0] else "enable it in the Google Cloud console (APIs & Services)"
    return (
        f"the Google Sheets API is not enabled in the Google Cloud project of the service account {email}: "
        f"{where}, wait a few minutes, then run again"
    )


def refused_key_message(email: str, exc: RefreshError) -> str:
    """Why Google refused to issue a token, naming the account (never the key or the assertion)."""
    data = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
    reason = ": ".join(str(part) for part in (data.get("error"), data.get("error_description")) if part)
    return (
        f"Google refused the key of the service account {email} ({reason or 'token refresh failed'}): "
        "the key was revoked, deleted or has expired, or the clock is wrong; create a new JSON key for "
        "this account and point google.credentials_file at it"
    )


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
