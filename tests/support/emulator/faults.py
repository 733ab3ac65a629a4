"""Failures answered as Google does: error bodies per status, injected faults and delays, Retry-After, API disabled."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

# google's canonical status and default message per HTTP status (google.rpc.Code)
GOOGLE_STATUS = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    401: (
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
        "or other valid authentication credential. "
        "See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    ),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
        "of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
    ),
    500: ("INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
    504: ("DEADLINE_EXCEEDED", "The request timed out. Please try again."),
}
# google's front end answers 502 with an html page, not json
GFE_502 = (
    b"<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>"
    b"<p><b>502.</b> <ins>That\xe2\x80\x99s an error.</ins><p>The server encountered a temporary error "
    b"and could not complete your request.<p>Please try again in 30 seconds."
)


class GoogleError(Exception):
    """An error answered in Google's JSON shape: {"error": {"code", "message", "status"}}."""

    def __init__(self, code: int, message: str | None = None, status: str | None = None):
        default_status, default_message = GOOGLE_STATUS.get(code, ("UNKNOWN", "Unknown error."))
        super().__init__(message or default_message)
        self.code = code
        self.message = message or default_message
        self.status = status or default_status

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "status": self.status}}


@dataclass(frozen=True)
class Fault:
    """An injected answer: wait `delay` seconds, then answer `status` with `body` (None status = normal).

    With `path_contains`, only a request whose path contains it takes the fault.
    """

    status: int | None
    body: Any = None
    delay: float = 0.0
    path_contains: str | None = None
    retry_after: int | None = None


class FaultInjection:
    """The calls that make the emulator fail, mixed into `SheetsEmulator` (its `_lock` guards the queues)."""

    _lock: threading.RLock
    # pending faults per target, "api" or "token", taken in order by the requests they match
    _faults: dict[str, deque[Fault]]
    # the project whose Sheets API is disabled (`disable_api`), None when enabled
    disabled_project: str | None

    def fail_next(
        self,
        status: int,
        count: int = 1,
        body: Any = None,
        *,
        delay: float = 0.0,
        target: str = "api",
        path_contains: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next `count` requests to `target` ("api" or "token") with `status`.

        `body` None gives Google's JSON error for the status (HTML for 502); a dict is sent as JSON, a
        str or bytes as is. `delay` waits first (a delay beyond the client timeout makes it time out).
        `path_contains` (e.g. "values:batchUpdate") limits the faults to requests whose path has it.
        A 429 carries a `Retry-After` header of `retry_after` seconds (default 1), as Google's front end sends.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        with self._lock:
            self._faults[target].extend(Fault(status, body, delay, path_contains, retry_after) for _ in range(count))

    def delay_next(self, seconds: float, count: int = 1, *, target: str = "api") -> None:
        """Wait `seconds` before answering the next `count` requests normally."""
        with self._lock:
            self._faults[target].extend(Fault(None, None, seconds) for _ in range(count))

    def clear_faults(self) -> None:
        with self._lock:
            for queue in self._faults.values():
                queue.clear()

    def disable_api(self, project_number: str = "123456789012") -> None:
        """Answer every API request as Google does when the Sheets API is not enabled for the caller's project."""
        with self._lock:
            self.disabled_project = project_number

    def _take_fault(self, target: str, path: str) -> Fault | None:
        """The first pending fault of `target` this path takes, off its queue; the caller holds `_lock`."""
        queue = self._faults[target]
        for fault in queue:
            if fault.path_contains is None or fault.path_contains in path:
                queue.remove(fault)
                return fault
        return None


def fault_body(fault: Fault, target: str) -> Any:
    """An injected fault's body: its own, or Google's for its status (HTML for 502, OAuth's JSON from /token)."""
    if fault.body is not None:
        return fault.body
    if target == "token":
        return {"error": "server_error", "error_description": "Backend Error"}
    if fault.status == 502:
        return GFE_502
    return GoogleError(fault.status or 500).body()


def service_disabled_body(project: str) -> dict:
    """Google's answer when the Sheets API is not enabled in the caller's Cloud project (SERVICE_DISABLED)."""
    url = f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={project}"
    message = (
        f"Google Sheets API has not been used in project {project} before or it is disabled. Enable it by "
        f"visiting {url} then retry. If you enabled this API recently, wait a few minutes for the action to "
        "propagate to our systems and retry."
    )
    return {
        "error": {
            "code": 403,
            "message": message,
            "status": "PERMISSION_DENIED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "SERVICE_DISABLED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "service": "sheets.googleapis.com",
                        "consumer": f"projects/{project}",
                        "activationUrl": url,
                        "containerInfo": project,
                        "serviceTitle": "Google Sheets API",
                    },
                },
                {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US", "message": message},
                {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [{"description": "Google developers console API activation", "url": url}],
                },
            ],
        }
    }
