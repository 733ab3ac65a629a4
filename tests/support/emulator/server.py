"""The emulator's HTTP server: requests routed to the endpoints, logged, and answered in Google's shapes."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.support.emulator import endpoints
from tests.support.emulator.auth import Grant, TokenEndpoint
from tests.support.emulator.faults import Fault, FaultInjection, GoogleError, fault_body, service_disabled_body
from tests.support.emulator.spreadsheets import Spreadsheet, SpreadsheetSetup


@dataclass(frozen=True)
class LoggedRequest:
    """One request the emulator answered."""

    method: str
    path: str
    query: dict[str, list[str]]
    email: str | None
    status: int
    body: Any = None

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/v4/")

    @property
    def is_write(self) -> bool:
        return self.is_api and self.method != "GET"


@dataclass
class Call:
    """What a route handler sees of one request."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    headers: dict[str, str]
    params: dict[str, str]
    email: str | None = None

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body or b"{}")


@dataclass(frozen=True)
class Route:
    """A method and a path pattern (named groups become `Call.params`) answered by a handler."""

    method: str
    pattern: re.Pattern[str]
    handler: Callable[[Call], tuple[int, Any]]
    needs_auth: bool = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        # headers and body go out in two writes; without this, Nagle plus delayed ACK stalls each answer
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def do_GET(self) -> None:  # noqa: N802
        self.server.emulator.handle(self)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    emulator: SheetsEmulator


class SheetsEmulator(SpreadsheetSetup, FaultInjection, TokenEndpoint):
    """A Google Sheets API v4 look-alike on 127.0.0.1 with an ephemeral port, plus the OAuth token endpoint.

    Use as a context manager (or `start()`/`close()`; `reset()` between tests sharing one). Write a key
    with `write_service_account_key(path, email, emulator.token_uri)` and point the client's API
    endpoint at `url`. It answers `POST /token` (JWT-bearer grant; the assertion's `iss` is the caller),
    `GET /v4/spreadsheets/{key}`, `.../values/{range}` and `.../values:batchGet` as Google does:
    trailing empty cells and rows omitted, `values` absent for an empty range, 401 without a valid
    token, 403 when not shared with the caller, 404 for an unknown key, 400 for an unparsable range
    or one starting beyond the grid or an unknown render option; the `fields` mask applied at every
    depth; the locale as Google reports it ("in_ID" for Indonesian by default); cells typed as numbers
    and dates (`type_cell`, USER_ENTERED writes) answered as numbers and serials under
    UNFORMATTED_VALUE; `Retry-After` on an injected 429; the SERVICE_DISABLED 403 (`disable_api`).
    Writes: `POST .../values:batchUpdate` (RAW or USER_ENTERED; the grid grows to fit) and
    `POST /v4/spreadsheets/{key}:batchUpdate` with addSheet, updateSheetProperties, setDataValidation,
    repeatCell and updateDimensionProperties, each applied all or nothing and answered in Google's
    shapes; a caller shared as a viewer gets 403. More endpoints are a `Route` appended to `routes`.
    Thread-safe; every request is logged (`requests`, `api_requests()`, with write bodies).
    """

    def __init__(self, host: str = "127.0.0.1"):
        self._host = host
        self._lock = threading.RLock()
        # set to cut injected delays short (on close and reset); replaced by reset
        self._interrupt = threading.Event()
        self._generation = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self._tokens: dict[str, Grant] = {}
        self._revoked: set[str] = set()
        self._faults: dict[str, deque[Fault]] = {"api": deque(), "token": deque()}
        self._log: list[LoggedRequest] = []
        self.disabled_project: str | None = None
        self.routes: list[Route] = self._default_routes()

    def start(self) -> SheetsEmulator:
        self._server = _Server((self._host, 0), _Handler)
        self._server.emulator = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._interrupt.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self) -> None:
        """Forget every spreadsheet, token, revocation, fault and logged request (between tests).

        Requests still waiting in an injected delay are cut short and not logged.
        """
        with self._lock:
            self._interrupt.set()
            self._interrupt = threading.Event()
            self._generation += 1
            self.spreadsheets.clear()
            self._tokens.clear()
            self._revoked.clear()
            for queue in self._faults.values():
                queue.clear()
            self._log.clear()
            self.disabled_project = None

    def __enter__(self) -> SheetsEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def token_uri(self) -> str:
        return self.url + "/token"

    @property
    def requests(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def api_requests(self) -> list[LoggedRequest]:
        """Requests to the Sheets API (/v4/...), not to the token endpoint."""
        return [entry for entry in self.requests if entry.is_api]

    def token_requests(self) -> list[LoggedRequest]:
        return [entry for entry in self.requests if entry.path == "/token"]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        call = Call(
            method=handler.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            body=handler.rfile.read(length) if length else b"",
            headers={name.lower(): value for name, value in handler.headers.items()},
            params={},
        )
        generation = self._generation
        status, body, headers = self._answer(call)
        sent = _parsed_body(call) if call.method != "GET" and call.path != "/token" else None
        with self._lock:
            if generation == self._generation:
                self._log.append(LoggedRequest(call.method, call.path, call.query, call.email, status, sent))
        try:
            _send(handler, status, body, headers)
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up (e.g. it timed out during an injected delay)
            handler.close_connection = True

    def _answer(self, call: Call) -> tuple[int, Any, dict[str, str]]:
        target = "token" if call.path == "/token" else "api"
        with self._lock:
            fault = self._take_fault(target, call.path)
            interrupt = self._interrupt
            disabled = self.disabled_project if target == "api" else None
        if fault is not None:
            interrupt.wait(fault.delay)
            if fault.status is not None:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                return fault.status, fault_body(fault, target), headers
        try:
            if disabled is not None:
                self._authenticate(call)
                return 403, service_disabled_body(disabled), {}
            return (*self._dispatch(call), {})
        except GoogleError as error:
            return error.code, error.body(), {}

    def _dispatch(self, call: Call) -> tuple[int, Any]:
        matched_path = False
        for route in self.routes:
            match = route.pattern.fullmatch(call.path)
            if not match:
                continue
            matched_path = True
            if route.method != call.method:
                continue
            call.params = {name: unquote(value) for name, value in match.groupdict().items()}
            if route.needs_auth:
                self._authenticate(call)
            return route.handler(call)
        if matched_path:
            raise GoogleError(405, f"Method {call.method} not allowed on {call.path}", "METHOD_NOT_ALLOWED")
        raise GoogleError(404, f"The requested URL {call.path} was not found on this server.")

    def _default_routes(self) -> list[Route]:
        """The answered endpoints; write endpoints (values:batchUpdate, :batchUpdate) slot in here."""
        key = r"/v4/spreadsheets/(?P<key>[^/:]+)"
        return [
            Route("POST", re.compile(r"/token"), self._token, needs_auth=False),
            Route("GET", re.compile(key), self._get_spreadsheet),
            Route("GET", re.compile(key + r"/values:batchGet"), self._values_batch_get),
            Route("GET", re.compile(key + r"/values/(?P<range>[^/]+)"), self._values_get),
            Route("POST", re.compile(key + r"/values:batchUpdate"), self._values_batch_update),
            Route("POST", re.compile(key + r":batchUpdate"), self._batch_update),
        ]

    def _spreadsheet(self, call: Call) -> Spreadsheet:
        spreadsheet = self.spreadsheets.get(call.params["key"])
        if spreadsheet is None:
            raise GoogleError(404)
        if spreadsheet.shared_with is not None and call.email not in spreadsheet.shared_with:
            raise GoogleError(403)
        if call.method != "GET" and call.email in spreadsheet.viewers:
            raise GoogleError(403)
        return spreadsheet

    def _get_spreadsheet(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            return 200, endpoints.spreadsheet_body(self._spreadsheet(call), call.arg("fields"))

    def _values_get(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            return 200, endpoints.value_range(self._spreadsheet(call), call.params["range"], call.query)

    def _values_batch_get(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            ranges = call.query.get("ranges", [])
            value_ranges = [endpoints.value_range(spreadsheet, text, call.query) for text in ranges]
        return 200, {"spreadsheetId": spreadsheet.key, "valueRanges": value_ranges}

    def _values_batch_update(self, call: Call) -> tuple[int, Any]:
        body = call.json()
        option = endpoints.value_input_option(body)
        with self._lock:
            return 200, endpoints.update_values(self._spreadsheet(call), body, option)

    def _batch_update(self, call: Call) -> tuple[int, Any]:
        requests = endpoints.batch_requests(call.json())
        with self._lock:
            return 200, endpoints.batch_update(self._spreadsheet(call), requests)


def _parsed_body(call: Call) -> Any:
    try:
        return call.json()
    except ValueError:
        return call.body


def _send(handler: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    if isinstance(body, bytes | str):
        payload = body.encode() if isinstance(body, str) else body
        content_type = "text/html; charset=UTF-8"
    else:
        payload = json.dumps(body).encode()
        content_type = "application/json; charset=UTF-8"
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(payload)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(payload)
