"""How requests reach the Sheets API: the endpoint, a per-process throttle, retries with backoff, counted requests."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from google.auth.exceptions import TransportError
from google.auth.transport.requests import AuthorizedSession, Request
from gspread.exceptions import APIError
from gspread.utils import absolute_range_name as absolute_range_name  # A1 ranges, for publish too
from gspread.utils import rowcol_to_a1 as rowcol_to_a1
from requests.adapters import HTTPAdapter
from requests.utils import should_bypass_proxies
from tenacity import RetryCallState, wait_random_exponential
from tenacity.wait import wait_base

from pipelines.core.config import GoogleSettings

log = logging.getLogger(__name__)

GOOGLE_SHEETS_ENDPOINT = "https://sheets.googleapis.com"


RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


# google-auth looks up a "regional access boundary" here after each token refresh (in a background thread)
IAM_CREDENTIALS_ENDPOINT = "https://iamcredentials.googleapis.com"


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
