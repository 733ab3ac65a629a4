"""An HTTP-level emulator of the Google Sheets API v4 and Google's OAuth token endpoint, for tests."""

from __future__ import annotations

import base64
import copy
import functools
import json
import re
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
READ_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/drive.file",
    }
)
WRITE_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
    }
)

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

_CELL_REF = re.compile(r"([A-Za-z]{0,3})(\d*)")
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Cell:
    """A cell whose shown text differs from its value, e.g. a number formatted with leading zeros.

    `is_date`: the value is a date serial (days since 1899-12-30), shown as `formatted`; under
    UNFORMATTED_VALUE it is answered as the serial, or as `formatted` with dateTimeRenderOption
    FORMATTED_STRING, as Google does.
    """

    value: Any
    formatted: str
    is_date: bool = False


@dataclass
class Worksheet:
    """One tab: its gid, title, grid size and cells (rows of values, ragged, `None` or "" for empty)."""

    gid: int
    title: str
    index: int
    rows: list[list[Any]]
    row_count: int
    column_count: int
    frozen_rows: int = 0
    column_widths: dict[int, int] = field(default_factory=dict)
    # (GridRange json, rule json) per setDataValidation, and the repeatCell requests, as sent
    validations: list[tuple[dict, dict]] = field(default_factory=list)
    formats: list[dict] = field(default_factory=list)


@dataclass
class Spreadsheet:
    """A spreadsheet; `shared_with` None means every caller may read it, `viewers` may read but not write."""

    key: str
    title: str
    locale: str
    time_zone: str
    sheets: list[Worksheet] = field(default_factory=list)
    shared_with: set[str] | None = None
    viewers: set[str] = field(default_factory=set)

    def worksheet(self, ref: str | int) -> Worksheet:
        for sheet in self.sheets:
            if sheet.title == ref or sheet.gid == ref:
                return sheet
        raise KeyError(f"no worksheet {ref!r} in spreadsheet {self.key}")


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
class _Grant:
    email: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class Route:
    """A method and a path pattern (named groups become `Call.params`) answered by a handler."""

    method: str
    pattern: re.Pattern[str]
    handler: Callable[[Call], tuple[int, Any]]
    needs_auth: bool = True


@dataclass(frozen=True)
class GridRange:
    """1-based inclusive bounds; None end means up to the edge of the grid."""

    first_row: int
    first_column: int
    last_row: int | None
    last_column: int | None


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote_title(title: str) -> str:
    """Quote a sheet title as Google does in the `range` it answers."""
    if _PLAIN_TITLE.fullmatch(title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_range(text: str) -> tuple[str | None, str | None]:
    """Split "'It''s'!A1:B2" into ("It's", "A1:B2"); no "!" gives (None, text)."""
    if text.startswith("'"):
        match = re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", text, re.S)
        if not match:
            raise ValueError(text)
        return match.group(1).replace("''", "'"), match.group(2)
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def _cell_ref(text: str) -> tuple[int | None, int | None]:
    match = _CELL_REF.fullmatch(text)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(text)
    column = column_number(match.group(1)) if match.group(1) else None
    row = int(match.group(2)) if match.group(2) else None
    if row == 0:
        raise ValueError(text)
    return row, column


def parse_cells(text: str) -> GridRange:
    """Parse "A1:Z", "A5001:ZZZ10000", "1:1", "A:C" or "B2"."""
    start, sep, end = text.partition(":")
    row1, col1 = _cell_ref(start)
    if not sep:
        if row1 is None or col1 is None:
            raise ValueError(text)
        return GridRange(row1, col1, row1, col1)
    row2, col2 = _cell_ref(end)
    first_row, last_row = _ordered(row1 or 1, row2)
    first_col, last_col = _ordered(col1 or 1, col2)
    return GridRange(first_row, first_col, last_row, last_col)


def _ordered(first: int, last: int | None) -> tuple[int, int | None]:
    if last is not None and last < first:
        return last, first
    return first, last


def render(value: Any, option: str, date_option: str = "SERIAL_NUMBER") -> Any:
    """One cell as FORMATTED_VALUE (text as shown) or UNFORMATTED_VALUE/FORMULA (the raw value).

    A date cell's raw value is its serial number, or its shown text with `date_option` FORMATTED_STRING.
    """
    if isinstance(value, Cell):
        shown = option == "FORMATTED_VALUE" or (value.is_date and date_option == "FORMATTED_STRING")
        return value.formatted if shown else value.value
    if value is None:
        return ""
    if option != "FORMATTED_VALUE":
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_empty(value: Any) -> bool:
    if isinstance(value, Cell):
        return value.value in (None, "") and value.formatted == ""
    return value is None or value == ""


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells of each row and trailing empty rows, as the Sheets API does."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] == "":
            end -= 1
        trimmed.append(row[:end])
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def normalise_cell(value: Any) -> Any:
    """Accept fixture cells written as {"value": ..., "formatted": ..., "is_date": ...}."""
    if isinstance(value, dict):
        return Cell(value.get("value"), value.get("formatted", ""), bool(value.get("is_date")))
    return value


SHEETS_EPOCH = date(1899, 12, 30)
_TYPED_NUMBER = re.compile(r"[+-]?\d[\d.,\s\u00a0\u202f]*")
_TYPED_DATE = re.compile(r"\d{1,4}([/.\-])\d{1,2}\1\d{1,4}")


def user_entered(text: Any, locale: str) -> Any:
    """A cell as Sheets stores what a person types (or USER_ENTERED input) in a sheet of this locale.

    A number in the locale's notation ("1,5" in Indonesian, "12345") becomes a number shown as typed; a
    numeric date in the locale's order ("24/11/2026") a date serial shown in the locale's short date
    with a four-digit year; anything else stays text. Leading zeros are lost, as in Sheets ("0812" shows
    812).
    """
    from babel import Locale
    from babel.dates import format_date, parse_date
    from babel.numbers import NumberFormatError, format_decimal, parse_decimal

    if not isinstance(text, str):
        return text
    typed = text.strip()
    cldr = _cldr_locale(locale)
    if _TYPED_DATE.fullmatch(typed):
        try:
            day = parse_date(typed, locale=cldr)
        except (ValueError, IndexError):
            return text
        pattern = re.sub(r"(?<!y)y{1,2}(?!y)", "yyyy", Locale.parse(cldr).date_formats["short"].pattern)
        return Cell((day - SHEETS_EPOCH).days, format_date(day, pattern, locale=cldr), is_date=True)
    if _TYPED_NUMBER.fullmatch(typed):
        try:
            number = parse_decimal(typed, locale=cldr, strict=True)
        except NumberFormatError:
            return text
        value = int(number) if number == number.to_integral_value() else float(number)
        return Cell(value, format_decimal(number, locale=cldr, group_separator=False))
    return text


def _cldr_locale(locale: str) -> str:
    """Google's locale id as Babel knows it: its legacy language codes (in, iw, ji, no) mapped."""
    language, _, region = locale.replace("-", "_").partition("_")
    language = {"in": "id", "iw": "he", "ji": "yi", "no": "nb"}.get(language, language)
    return f"{language}_{region}" if region else language


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


class SheetsEmulator:
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
        self._tokens: dict[str, _Grant] = {}
        self._revoked: set[str] = set()
        self._faults: dict[str, deque[Fault]] = {"api": deque(), "token": deque()}
        self._log: list[LoggedRequest] = []
        # the project whose Sheets API is disabled (`disable_api`), None when enabled
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

    def add_spreadsheet(
        self,
        key: str,
        title: str = "Untitled spreadsheet",
        locale: str = "in_ID",
        time_zone: str = "Asia/Jakarta",
        sheets: dict[str, tuple] | None = None,
        shared_with: Iterable[str] | None = None,
    ) -> Spreadsheet:
        """Add a spreadsheet; `sheets` maps a title to (gid, rows) or (gid, rows, row_count).

        The grid is as tall as the rows (or row_count) and as wide as the widest row (at least 1x1).
        `shared_with` None shares it with every service account. `locale` is answered as Google
        reports it: "in_ID" for Indonesian (its legacy code), "iw_IL" Hebrew, bare codes such as "en".
        """
        spreadsheet = Spreadsheet(key, title, locale, time_zone, shared_with=_as_set(shared_with))
        with self._lock:
            self.spreadsheets[key] = spreadsheet
            for sheet_title, spec in (sheets or {}).items():
                self.add_worksheet(key, sheet_title, *spec)
        return spreadsheet

    def add_worksheet(
        self,
        key: str,
        title: str,
        gid: int,
        rows: Sequence[Sequence[Any]] = (),
        row_count: int | None = None,
        column_count: int | None = None,
    ) -> Worksheet:
        grid = _grid(rows)
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            sheet = Worksheet(
                gid=gid,
                title=title,
                index=len(spreadsheet.sheets),
                rows=grid,
                row_count=row_count or max(len(grid), 1),
                column_count=column_count or max([len(row) for row in grid] + [1]),
            )
            spreadsheet.sheets.append(sheet)
        return sheet

    def worksheet(self, key: str, sheet: str | int) -> Worksheet:
        with self._lock:
            return self.spreadsheets[key].worksheet(sheet)

    def set_rows(self, key: str, sheet: str | int, rows: Sequence[Sequence[Any]], row_count: int | None = None) -> None:
        """Replace every cell; the grid becomes as tall as the rows unless row_count is given."""
        with self._lock:
            target = self.worksheet(key, sheet)
            target.rows = _grid(rows)
            target.row_count = row_count or max(len(target.rows), 1)
            self._widen(target)

    def append_rows(self, key: str, sheet: str | int, rows: Sequence[Sequence[Any]]) -> None:
        """Append after the last non-empty row, growing the grid like Google Forms does."""
        with self._lock:
            target = self.worksheet(key, sheet)
            while target.rows and all(_is_empty(cell) for cell in target.rows[-1]):
                target.rows.pop()
            target.rows.extend(_grid(rows))
            target.row_count = max(target.row_count, len(target.rows))
            self._widen(target)

    def set_cell(self, key: str, sheet: str | int, row: int, column: int, value: Any) -> None:
        with self._lock:
            target = self.worksheet(key, sheet)
            while len(target.rows) < row:
                target.rows.append([])
            cells = target.rows[row - 1]
            cells.extend([None] * (column - len(cells)))
            cells[column - 1] = normalise_cell(value)
            target.row_count = max(target.row_count, row)
            self._widen(target)

    def type_cell(self, key: str, sheet: str | int, row: int, column: int, text: str) -> None:
        """Type text into a cell as a person does in the Sheets UI: numbers and dates become typed cells."""
        with self._lock:
            locale = self.spreadsheets[key].locale
        self.set_cell(key, sheet, row, column, user_entered(text, locale))

    def disable_api(self, project_number: str = "123456789012") -> None:
        """Answer every API request as Google does when the Sheets API is not enabled for the caller's project."""
        with self._lock:
            self.disabled_project = project_number

    def delete_row(self, key: str, sheet: str | int, row_number: int) -> None:
        """Delete one grid row: later rows move up and the grid shrinks by one row."""
        with self._lock:
            target = self.worksheet(key, sheet)
            if row_number <= len(target.rows):
                del target.rows[row_number - 1]
            target.row_count = max(target.row_count - 1, 1)

    def rename_worksheet(self, key: str, sheet: str | int, new_title: str) -> None:
        with self._lock:
            self.worksheet(key, sheet).title = new_title

    def share(self, key: str, *emails: str, role: str = "writer") -> None:
        """Share with these accounts as editors ("writer") or viewers ("reader")."""
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            spreadsheet.shared_with = (spreadsheet.shared_with or set()) | set(emails)
            if role == "reader":
                spreadsheet.viewers |= set(emails)
            else:
                spreadsheet.viewers -= set(emails)

    def delete_worksheet(self, key: str, sheet: str | int) -> None:
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            spreadsheet.sheets.remove(spreadsheet.worksheet(sheet))
            for index, remaining in enumerate(spreadsheet.sheets):
                remaining.index = index

    def cell(self, key: str, sheet: str | int, row: int, column: int) -> Any:
        """One stored cell (1-based), None when empty."""
        with self._lock:
            rows = self.worksheet(key, sheet).rows
            cells = rows[row - 1] if row <= len(rows) else []
            return cells[column - 1] if column <= len(cells) else None

    def unshare(self, key: str, *emails: str) -> None:
        """Stop sharing with these accounts; with no emails, share with nobody."""
        with self._lock:
            spreadsheet = self.spreadsheets[key]
            remaining = (spreadsheet.shared_with or set()) - set(emails)
            spreadsheet.shared_with = remaining if emails else set()

    def revoke(self, email: str) -> None:
        """Delete the account's key: the token endpoint answers invalid_grant, issued tokens stop working."""
        with self._lock:
            self._revoked.add(email)
            self._tokens = {token: grant for token, grant in self._tokens.items() if grant.email != email}

    def restore(self, email: str) -> None:
        with self._lock:
            self._revoked.discard(email)

    @staticmethod
    def _widen(sheet: Worksheet) -> None:
        sheet.column_count = max([sheet.column_count] + [len(row) for row in sheet.rows])

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
            fault = _take_fault(self._faults[target], call.path)
            interrupt = self._interrupt
            disabled = self.disabled_project if target == "api" else None
        if fault is not None:
            interrupt.wait(fault.delay)
            if fault.status is not None:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                return fault.status, _fault_body(fault, target), headers
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

    def _authenticate(self, call: Call) -> None:
        header = call.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise GoogleError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential.",
            )
        with self._lock:
            grant = self._tokens.get(header.removeprefix("Bearer ").strip())
        if grant is None:
            raise GoogleError(401)
        call.email = grant.email
        scopes = WRITE_SCOPES if call.method != "GET" else READ_SCOPES
        if not grant.scopes & scopes:
            raise GoogleError(403, "Request had insufficient authentication scopes.")

    def _token(self, call: Call) -> tuple[int, Any]:
        form = parse_qs(call.body.decode(), keep_blank_values=True)
        grant_type = form.get("grant_type", [""])[0]
        if grant_type != JWT_BEARER:
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": f"Invalid grant_type: {grant_type}",
            }
        claims = _jwt_claims(form.get("assertion", [""])[0])
        email = claims.get("iss") if claims else None
        if not email:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT: malformed assertion."}
        call.email = email
        with self._lock:
            if email in self._revoked:
                return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
            token = "ya29.emulator-" + secrets.token_urlsafe(24)
            self._tokens[token] = _Grant(email, frozenset(str(claims.get("scope", "")).split()))
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def _spreadsheet(self, call: Call) -> Spreadsheet:
        spreadsheet = self.spreadsheets.get(call.params["key"])
        if spreadsheet is None:
            raise GoogleError(404)
        if spreadsheet.shared_with is not None and call.email not in spreadsheet.shared_with:
            raise GoogleError(403)
        if call.method != "GET" and call.email in spreadsheet.viewers:
            raise GoogleError(403)
        return spreadsheet

    def _values_batch_update(self, call: Call) -> tuple[int, Any]:
        body = call.json()
        option = body.get("valueInputOption")
        if option not in ("RAW", "USER_ENTERED"):
            raise GoogleError(400, f"Invalid valueInputOption: {option or 'INPUT_VALUE_OPTION_UNSPECIFIED'}")
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            # check every range first: the request is applied all or nothing
            planned = [
                (*_resolve_write(spreadsheet, item), _as_entered(item.get("values") or [], option, spreadsheet.locale))
                for item in body.get("data", [])
            ]
            responses = [_write_values(sheet, grid, values, spreadsheet.key) for sheet, grid, values in planned]
        return 200, {
            "spreadsheetId": spreadsheet.key,
            "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
            "totalUpdatedColumns": max([r.get("updatedColumns", 0) for r in responses] + [0]),
            "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
            "totalUpdatedSheets": len({sheet.gid for sheet, _, _ in planned}),
            "responses": responses,
        }

    def _batch_update(self, call: Call) -> tuple[int, Any]:
        requests = call.json().get("requests") or []
        if not requests:
            raise GoogleError(400, "Must specify at least one request.")
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            # applied to a copy, swapped in only when every request succeeded
            sheets = copy.deepcopy(spreadsheet.sheets)
            replies = [_apply_request(sheets, number, request) for number, request in enumerate(requests)]
            spreadsheet.sheets = sheets
        return 200, {"spreadsheetId": spreadsheet.key, "replies": replies}

    def _get_spreadsheet(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            body = {
                "spreadsheetId": spreadsheet.key,
                "properties": {
                    "title": spreadsheet.title,
                    "locale": spreadsheet.locale,
                    "autoRecalc": "ON_CHANGE",
                    "timeZone": spreadsheet.time_zone,
                },
                "sheets": [{"properties": _sheet_properties(sheet)} for sheet in spreadsheet.sheets],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.key}/edit",
            }
        return 200, _select_fields(body, call.arg("fields"))

    def _values_get(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            return 200, self._value_range(spreadsheet, call.params["range"], call)

    def _values_batch_get(self, call: Call) -> tuple[int, Any]:
        with self._lock:
            spreadsheet = self._spreadsheet(call)
            ranges = call.query.get("ranges", [])
            value_ranges = [self._value_range(spreadsheet, text, call) for text in ranges]
        return 200, {"spreadsheetId": spreadsheet.key, "valueRanges": value_ranges}

    def _value_range(self, spreadsheet: Spreadsheet, text: str, call: Call) -> dict:
        option, date_option, dimension = _read_options(call)
        sheet, grid = _resolve(spreadsheet, text)
        last_row = min(grid.last_row or sheet.row_count, sheet.row_count)
        last_col = min(grid.last_column or sheet.column_count, sheet.column_count)
        rows = [
            [render(cell, option, date_option) for cell in _row(sheet, number)[grid.first_column - 1 : last_col]]
            for number in range(grid.first_row, last_row + 1)
        ]
        answer = {"range": _range_text(sheet, grid, last_row, last_col), "majorDimension": dimension}
        values = trim(_transpose(rows) if dimension == "COLUMNS" else rows)
        if values:
            answer["values"] = values
        return answer


# the enum values Google accepts for each read option (its query name, its proto field and type)
_READ_OPTIONS = {
    "valueRenderOption": ("value_render_option", "ValueRenderOption", "FORMATTED_VALUE",
                          ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")),
    "dateTimeRenderOption": ("date_time_render_option", "DateTimeRenderOption", "SERIAL_NUMBER",
                             ("SERIAL_NUMBER", "FORMATTED_STRING")),
    "majorDimension": ("major_dimension", "Dimension", "ROWS", ("ROWS", "COLUMNS")),
}  # fmt: skip


def _read_options(call: Call) -> tuple[str, str, str]:
    """valueRenderOption, dateTimeRenderOption and majorDimension, or Google's 400 for a value it does not know."""
    chosen = []
    for name, (field_name, enum, default, allowed) in _READ_OPTIONS.items():
        value = call.arg(name, default)
        if value not in allowed:
            raise GoogleError(
                400, f"Invalid value at '{field_name}' (type.googleapis.com/google.apps.sheets.v4.{enum}), \"{value}\""
            )
        chosen.append(value)
    return chosen[0], chosen[1], chosen[2]


def _take_fault(queue: deque[Fault], path: str) -> Fault | None:
    for fault in queue:
        if fault.path_contains is None or fault.path_contains in path:
            queue.remove(fault)
            return fault
    return None


def _parsed_body(call: Call) -> Any:
    try:
        return call.json()
    except ValueError:
        return call.body


def _resolve_write(spreadsheet: Spreadsheet, item: dict) -> tuple[Worksheet, GridRange]:
    """The worksheet and cells a value range writes to; unlike reads, a write may go past the grid."""
    text = str(item.get("range", ""))
    sheet, grid = _parse_range(spreadsheet, text)
    values = item.get("values") or []
    if grid.last_row is not None and len(values) > grid.last_row - grid.first_row + 1:
        raise GoogleError(
            400,
            f"Requested writing within range [{text}], but tried writing to row [{grid.first_row + len(values) - 1}]",
        )
    widest = max([len(row) for row in values] + [0])
    if grid.last_column is not None and widest > grid.last_column - grid.first_column + 1:
        raise GoogleError(
            400,
            f"Requested writing within range [{text}], but tried writing to column "
            f"[{column_letters(grid.first_column + widest - 1)}]",
        )
    return sheet, grid


def _as_entered(values: list[list[Any]], option: str, locale: str) -> list[list[Any]]:
    """RAW values are stored as sent; USER_ENTERED ones as if typed in the UI (numbers, dates)."""
    if option != "USER_ENTERED":
        return values
    return [[user_entered(value, locale) for value in row] for row in values]


def _write_values(sheet: Worksheet, grid: GridRange, values: list[list[Any]], key: str) -> dict:
    """Write rows of values from the range's corner; None leaves a cell as it is, "" clears it."""
    cells = 0
    for offset, row in enumerate(values):
        number = grid.first_row + offset
        while len(sheet.rows) < number:
            sheet.rows.append([])
        target = sheet.rows[number - 1]
        for column_offset, value in enumerate(row):
            column = grid.first_column + column_offset
            if value is None:
                continue
            target.extend([None] * (column - len(target)))
            target[column - 1] = value
            cells += 1
    widest = max([len(row) for row in values] + [0])
    sheet.row_count = max(sheet.row_count, grid.first_row + len(values) - 1)
    sheet.column_count = max(sheet.column_count, grid.first_column + widest - 1)
    if not values:
        return {"spreadsheetId": key}
    last = f"{column_letters(grid.first_column + widest - 1)}{grid.first_row + len(values) - 1}"
    return {
        "spreadsheetId": key,
        "updatedRange": f"{quote_title(sheet.title)}!{column_letters(grid.first_column)}{grid.first_row}:{last}",
        "updatedRows": len(values),
        "updatedColumns": widest,
        "updatedCells": cells,
    }


def _apply_request(sheets: list[Worksheet], number: int, request: dict) -> dict:
    """Apply one `spreadsheets.batchUpdate` request to the sheets; returns its reply ({} for most kinds)."""
    if len(request) != 1:
        raise GoogleError(400, f"Invalid requests[{number}]: exactly one kind of request must be set.")
    kind, spec = next(iter(request.items()))
    handlers = {
        "addSheet": _add_sheet,
        "updateSheetProperties": _update_sheet_properties,
        "setDataValidation": _set_data_validation,
        "repeatCell": _repeat_cell,
        "updateDimensionProperties": _update_dimension_properties,
    }
    if kind not in handlers:
        raise GoogleError(
            400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{number}]': Cannot find field."
        )
    return handlers[kind](sheets, number, spec)


def _sheet_by_id(sheets: list[Worksheet], number: int, sheet_id: Any) -> Worksheet:
    for sheet in sheets:
        if sheet.gid == sheet_id:
            return sheet
    raise GoogleError(400, f"Invalid requests[{number}]: No grid with id: {sheet_id}")


def _add_sheet(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    properties = spec.get("properties", {})
    title = properties.get("title") or f"Sheet{len(sheets) + 1}"
    if any(sheet.title == title for sheet in sheets):
        raise GoogleError(
            400,
            f'Invalid requests[{number}].addSheet: A sheet with the name "{title}" already exists. '
            "Please enter another name.",
        )
    gid = properties.get("sheetId")
    if gid is None:
        gid = max([sheet.gid for sheet in sheets] + [0]) + 1
    elif any(sheet.gid == gid for sheet in sheets):
        raise GoogleError(400, f"Invalid requests[{number}].addSheet: Sheet with id {gid} already exists.")
    grid = properties.get("gridProperties", {})
    sheet = Worksheet(
        gid=gid,
        title=title,
        index=len(sheets),
        rows=[],
        row_count=grid.get("rowCount", 1000),
        column_count=grid.get("columnCount", 26),
        frozen_rows=grid.get("frozenRowCount", 0),
    )
    sheets.append(sheet)
    return {"addSheet": {"properties": _sheet_properties(sheet)}}


def _update_sheet_properties(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    fields = spec.get("fields")
    if not fields:
        raise GoogleError(
            400, f"Invalid requests[{number}].updateSheetProperties: You must specify which fields to update."
        )
    properties = spec.get("properties", {})
    sheet = _sheet_by_id(sheets, number, properties.get("sheetId", 0))
    grid = properties.get("gridProperties", {})
    for name in fields.split(","):
        name = name.strip()
        if name == "title":
            sheet.title = properties["title"]
        elif name == "gridProperties.frozenRowCount":
            sheet.frozen_rows = grid.get("frozenRowCount", 0)
        elif name == "gridProperties.rowCount":
            sheet.row_count = grid["rowCount"]
        elif name == "gridProperties.columnCount":
            sheet.column_count = grid["columnCount"]
        else:
            raise GoogleError(400, f"Invalid requests[{number}].updateSheetProperties: unsupported field {name}")
    return {}


def _checked_range(sheets: list[Worksheet], number: int, grid_range: dict) -> Worksheet:
    sheet = _sheet_by_id(sheets, number, grid_range.get("sheetId", 0))
    if grid_range.get("endRowIndex", 0) > sheet.row_count or grid_range.get("endColumnIndex", 0) > sheet.column_count:
        raise GoogleError(
            400,
            f"Invalid requests[{number}]: Range ({quote_title(sheet.title)}) exceeds grid limits. "
            f"Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return sheet


def _set_data_validation(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    grid_range = spec.get("range", {})
    sheet = _checked_range(sheets, number, grid_range)
    rule = spec.get("rule")
    # a new rule (or none) replaces the rules of the cells it covers; kept simple: same columns
    columns = (grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex"))
    sheet.validations = [
        (kept, kept_rule)
        for kept, kept_rule in sheet.validations
        if not _columns_overlap(columns, (kept.get("startColumnIndex", 0), kept.get("endColumnIndex")))
    ]
    if rule:
        sheet.validations.append((grid_range, rule))
    return {}


def _columns_overlap(first: tuple[int, int | None], second: tuple[int, int | None]) -> bool:
    first_end = first[1] if first[1] is not None else 1 << 30
    second_end = second[1] if second[1] is not None else 1 << 30
    return first[0] < second_end and second[0] < first_end


def _repeat_cell(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    if not spec.get("fields"):
        raise GoogleError(400, f"Invalid requests[{number}].repeatCell: You must specify which fields to update.")
    _checked_range(sheets, number, spec.get("range", {})).formats.append(spec)
    return {}


def _update_dimension_properties(sheets: list[Worksheet], number: int, spec: dict) -> dict:
    dimension_range = spec.get("range", {})
    sheet = _sheet_by_id(sheets, number, dimension_range.get("sheetId", 0))
    size = spec.get("properties", {}).get("pixelSize")
    if dimension_range.get("dimension") == "COLUMNS" and size is not None:
        for index in range(dimension_range.get("startIndex", 0), dimension_range.get("endIndex", sheet.column_count)):
            sheet.column_widths[index] = size
    return {}


def _as_set(emails: Iterable[str] | None) -> set[str] | None:
    return None if emails is None else set(emails)


def _grid(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[normalise_cell(cell) for cell in row] for row in rows]


def _row(sheet: Worksheet, number: int) -> list[Any]:
    cells = sheet.rows[number - 1] if number <= len(sheet.rows) else []
    return list(cells) + [None] * (sheet.column_count - len(cells))


def _transpose(rows: list[list[Any]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=False)] if rows else []


def _sheet_properties(sheet: Worksheet) -> dict:
    grid = {"rowCount": sheet.row_count, "columnCount": sheet.column_count}
    if sheet.frozen_rows:
        grid["frozenRowCount"] = sheet.frozen_rows
    return {
        "sheetId": sheet.gid,
        "title": sheet.title,
        "index": sheet.index,
        "sheetType": "GRID",
        "gridProperties": grid,
    }


def _select_fields(body: dict, fields: str | None) -> dict:
    """Apply a `fields` mask as Google does, at every depth: "properties(title,locale)" keeps only those
    two keys of `properties`, "sheets.properties" only `properties` of each sheet; "*" keeps all."""
    if not fields:
        return body
    try:
        tree = _mask_tree(fields)
    except ValueError:
        raise GoogleError(400, f"Invalid field selection {fields}") from None
    return _masked(body, tree)


def _mask_tree(fields: str) -> dict:
    """The paths of a field mask as a tree of dicts, e.g. "a(b,c.d)" is {"a": {"b": {"*": {}}, "c": {"d": ...}}}."""
    root: dict = {}
    stack = [root]
    path = ""
    for char in fields + ",":
        if char in ",()":
            node = stack[-1]
            if path.strip():
                node = _descend(stack[-1], path.strip(), leaf=char != "(")
            if char == "(":
                stack.append(node)
            elif char == ")":
                if len(stack) == 1:
                    raise ValueError(fields)
                stack.pop()
            path = ""
        else:
            path += char
    if len(stack) != 1:
        raise ValueError(fields)
    return root


def _descend(node: dict, path: str, leaf: bool) -> dict:
    """The node of a dotted path (created); a leaf selects everything below it ({"*": {}})."""
    for name in path.split("."):
        if "*" in node:
            return node
        node = node.setdefault(name, {})
    if leaf:
        node.clear()
        node["*"] = {}
    return node


def _masked(value: Any, tree: dict) -> Any:
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [_masked(item, tree) for item in value]
    if isinstance(value, dict):
        return {name: _masked(item, tree[name]) for name, item in value.items() if name in tree}
    return value


def _parse_range(spreadsheet: Spreadsheet, text: str) -> tuple[Worksheet, GridRange]:
    """The worksheet and cells an A1 range names (a bare title: the whole sheet), or a 400 like Google's."""
    try:
        title, cells = split_range(text)
        sheet = _find_sheet(spreadsheet, title, cells)
        if title is None and cells is not None and sheet.title == cells:
            cells = None
        grid = parse_cells(cells) if cells else GridRange(1, 1, None, None)
    except (ValueError, KeyError):
        raise GoogleError(400, f"Unable to parse range: {text}") from None
    return sheet, grid


def _resolve(spreadsheet: Spreadsheet, text: str) -> tuple[Worksheet, GridRange]:
    """Find the worksheet and the cells of an A1 range to read, or a 400 like Google's."""
    sheet, grid = _parse_range(spreadsheet, text)
    if grid.first_row > sheet.row_count or grid.first_column > sheet.column_count:
        raise GoogleError(
            400,
            f"Range ({quote_title(sheet.title)}!{column_letters(grid.first_column)}{grid.first_row}) "
            f"exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}",
        )
    return sheet, grid


def _find_sheet(spreadsheet: Spreadsheet, title: str | None, cells: str | None) -> Worksheet:
    if title is not None:
        return spreadsheet.worksheet(title)
    for sheet in spreadsheet.sheets:
        if sheet.title == cells:
            return sheet
    if not spreadsheet.sheets:
        raise KeyError(cells)
    return spreadsheet.sheets[0]


def _range_text(sheet: Worksheet, grid: GridRange, last_row: int, last_col: int) -> str:
    start = f"{column_letters(grid.first_column)}{grid.first_row}"
    end = f"{column_letters(last_col)}{last_row}"
    cells = start if start == end else f"{start}:{end}"
    return f"{quote_title(sheet.title)}!{cells}"


def _jwt_claims(assertion: str) -> dict | None:
    """The payload of a JWT, unverified (the emulator trusts the caller's key)."""
    try:
        payload = assertion.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


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


def _fault_body(fault: Fault, target: str) -> Any:
    if fault.body is not None:
        return fault.body
    if target == "token":
        return {"error": "server_error", "error_description": "Backend Error"}
    if fault.status == 502:
        return GFE_502
    return GoogleError(fault.status or 500).body()


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


@functools.lru_cache(maxsize=2)
def _private_key_pem(key_size: int = 1024) -> str:
    """One RSA key per test process and size.

    1024 bits by default: the emulator verifies no signature, and google-auth validates the key each
    time it loads one, which costs ~0.1-0.5 s for 2048 bits against ~5 ms for 1024.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def service_account_info(email: str, token_uri: str, project_id: str = "timpora-test") -> dict:
    """A service-account key as Google's console downloads it, with its token_uri at the emulator."""
    return {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": secrets.token_hex(20),
        "private_key": _private_key_pem(),
        "client_email": email,
        "client_id": str(int(time.time() * 1000)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + email,
        "universe_domain": "googleapis.com",
    }


def write_service_account_key(path: Path | str, email: str, token_uri: str, project_id: str = "timpora-test") -> Path:
    """Write a service-account JSON key file whose token_uri is `token_uri`; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(service_account_info(email, token_uri, project_id), indent=2))
    path.chmod(0o600)  # as a key must be kept; the client refuses one others can read
    return path
