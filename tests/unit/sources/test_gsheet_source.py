"""The Google Sheets source through real gspread + google-auth against the HTTP-level Sheets emulator."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from requests.adapters import HTTPAdapter

from pipelines.core.config import ConfigError, GoogleSettings, GSheetSource
from pipelines.core.errors import SourceError
from pipelines.sheets import (
    RefusingAdapter,
    RetryPolicy,
    SheetsAdapter,
    SheetsClient,
    Throttle,
    open_sheets,
    share_message,
)
from pipelines.sources.base import Fetch
from pipelines.sources.gsheet.fetch import fetch_gsheet, parse
from tests.support.emulator import SheetsEmulator, write_service_account_key

FIXTURES = Path(__file__).parents[2] / "fixtures" / "sheets"
CASES = sorted(path.stem for path in FIXTURES.glob("*.json"))
EMAIL = "timpora-reader@timpora-test.iam.gserviceaccount.com"
KEY = "1FAIpQLSd-kanim-tanjungpinang-2025_lodging"
TITLE = "Form Responses 1"
HEADER = ["Timestamp", "Nama lengkap", "Nomor paspor"]


def response_rows(count: int) -> list[list[str]]:
    return [[f"{day % 28 + 1:02d}/08/2025 9:{day % 60:02d}:00", f"Tamu {day}", f"C0{day:07d}"] for day in range(count)]


def table_rows(result: Fetch) -> list[list]:
    numbers = result.rows.column("sheet_row_number").to_pylist()
    cells = result.rows.column("cells").to_pylist()
    return [[number, row] for number, row in zip(numbers, cells, strict=True)]


@pytest.fixture(scope="module")
def running_emulator():
    with SheetsEmulator() as emu:
        yield emu


@pytest.fixture
def emulator(running_emulator):
    running_emulator.reset()
    return running_emulator


@pytest.fixture(scope="module")
def key_file(tmp_path_factory, running_emulator) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    return write_service_account_key(folder / "service-account.json", EMAIL, running_emulator.token_uri)


@pytest.fixture
def google(emulator, key_file) -> GoogleSettings:
    return GoogleSettings(credentials_file=key_file, api_endpoint=emulator.url, timeout_seconds=2.0, max_attempts=4)


def source(spreadsheet: str = KEY, worksheet: str | int = 0) -> GSheetSource:
    return GSheetSource(
        name="tpi_lodging",
        office="TPI",
        kind="lodging",
        type="gsheet",
        spreadsheet=spreadsheet,
        worksheet=worksheet,
    )


def reader_for(google: GoogleSettings, throttle: Throttle | None = None) -> SheetsClient:
    # tiny waits so retry tests run in milliseconds; the policy is otherwise the production one
    return open_sheets(google, throttle=throttle, retry=RetryPolicy(google.max_attempts, 0.001, 0.01))


def fetch(google: GoogleSettings, start_row: int | None = None, **source_args) -> Fetch:
    return fetch_gsheet(source(**source_args), google, start_row, reader=reader_for(google))


def with_settings(google: GoogleSettings, **changes) -> GoogleSettings:
    return google.model_copy(update=changes)


def add_responses(emulator: SheetsEmulator, data_rows: int) -> None:
    emulator.add_spreadsheet(KEY, "Lapor Tamu Asing", sheets={TITLE: (0, [HEADER, *response_rows(data_rows)])})


# edge cases from fixtures, each asserting the exact rows


@pytest.mark.parametrize("case", CASES)
def test_fetch_gsheet__fixture(case, emulator, google):
    fixture = json.loads((FIXTURES / f"{case}.json").read_text())
    emulator.add_spreadsheet(KEY, case, sheets={fixture["worksheet"]: (fixture["gid"], fixture["rows"])})

    result = fetch(google, worksheet=fixture["worksheet"])

    assert list(result.headers) == fixture["expected"]["headers"]
    assert table_rows(result) == fixture["expected"]["rows"]
    assert result.is_full is True
    assert (result.locale, result.time_zone) == ("in_ID", "Asia/Jakarta")  # as Google reports Indonesian
    assert result.requests_made == 2
    queries = [entry.query for entry in emulator.api_requests() if entry.path.endswith("values:batchGet")]
    assert all(query["valueRenderOption"] == ["FORMATTED_VALUE"] for query in queries)


def test_fixtures__every_named_case_exists():
    expected = {"empty", "only_headers", "more_headers_than_data", "hole_middle", "ragged"}
    expected |= {"duplicate_headers", "blank_header", "leading_zeros"}
    assert expected <= set(CASES)


def test_fetch_gsheet__empty_pages_between_rows_are_kept_as_rows(emulator, google):
    rows = [HEADER, *response_rows(2), *[[] for _ in range(6)], ["10/08/2025 9:00:00", "Tamu akhir", "C0999"]]
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, rows, 12)})

    result = fetch(with_settings(google, page_rows=3))

    assert [number for number, _ in table_rows(result)] == list(range(2, 11))
    assert table_rows(result)[2:8] == [[number, ["", "", ""]] for number in range(4, 10)]
    assert table_rows(result)[-1] == [10, ["10/08/2025 9:00:00", "Tamu akhir", "C0999"]]
    assert result.requests_made == 1 + 4


# paging and request counts


@pytest.mark.parametrize("data_rows", [0, 1, 4, 5, 9, 12, 14])
def test_fetch_gsheet__requests_are_one_metadata_plus_a_page_per_page_rows_of_data(data_rows, emulator, google):
    add_responses(emulator, data_rows)

    result = fetch(with_settings(google, page_rows=5))

    assert result.rows.num_rows == data_rows
    assert result.requests_made == 1 + max(1, math.ceil(data_rows / 5))
    assert len(emulator.api_requests()) == result.requests_made


def test_fetch_gsheet__twelve_rows_in_pages_of_five(emulator, google):
    add_responses(emulator, 12)

    result = fetch(with_settings(google, page_rows=5))

    ranges = [entry.query.get("ranges") for entry in emulator.api_requests()]
    assert ranges == [
        None,
        ["'Form Responses 1'!A1:C6"],
        ["'Form Responses 1'!A7:C11"],
        ["'Form Responses 1'!A12:C13"],
    ]
    assert table_rows(result) == [[number, row] for number, row in enumerate(response_rows(12), start=2)]
    assert result.requests_made == 4
    assert len(emulator.token_requests()) == 1


def test_fetch_gsheet__incremental_from_start_row(emulator, google):
    add_responses(emulator, 12)

    result = fetch(with_settings(google, page_rows=5), start_row=8)

    assert result.is_full is False
    assert list(result.headers) == HEADER
    assert table_rows(result) == [[number, response_rows(12)[number - 2]] for number in range(8, 14)]
    ranges = [entry.query.get("ranges") for entry in emulator.api_requests()[1:]]
    assert ranges == [
        ["'Form Responses 1'!A1:C1", "'Form Responses 1'!A8:C12"],
        ["'Form Responses 1'!A13:C13"],
    ]
    assert result.requests_made == 3


def test_fetch_gsheet__incremental_with_no_new_rows_reads_only_the_header(emulator, google):
    add_responses(emulator, 12)

    result = fetch(google, start_row=14)

    assert list(result.headers) == HEADER
    assert result.rows.num_rows == 0
    assert emulator.api_requests()[-1].query["ranges"] == ["'Form Responses 1'!A1:C1"]
    assert result.requests_made == 2


def test_fetch_gsheet__incremental_reads_appended_responses(emulator, google):
    add_responses(emulator, 12)
    emulator.append_rows(KEY, TITLE, [["14/08/2025 7:00:00", "Tamu baru", "0812"], ["14/08/2025 7:05:00"]])

    result = fetch(google, start_row=14)

    assert table_rows(result) == [
        [14, ["14/08/2025 7:00:00", "Tamu baru", "0812"]],
        [15, ["14/08/2025 7:05:00", "", ""]],
    ]


def test_fetch_gsheet__start_row_must_skip_the_header(google):
    with pytest.raises(ValueError, match="start_row"):
        fetch(google, start_row=1)


# choosing the spreadsheet and worksheet


@pytest.mark.parametrize(
    ("selection", "expected_title"),
    [
        (0, TITLE),
        (TITLE, TITLE),
        (2025, "Rekap"),
        ("Rekap", "Rekap"),
        ("gid=2025", "Rekap"),
        ("2025", "2025"),
    ],
    ids=["gid-0", "title", "gid", "other-title", "gid-text", "numeric-title-wins-over-gid"],
)
def test_fetch_gsheet__worksheet_by_gid_or_title(selection, expected_title, emulator, google):
    emulator.add_spreadsheet(
        KEY,
        sheets={
            TITLE: (0, [["from", TITLE]]),
            "Rekap": (2025, [["from", "Rekap"]]),
            "2025": (77, [["from", "2025"]]),
        },
    )

    result = fetch(google, worksheet=selection)

    assert result.headers == ("from", expected_title)


def test_fetch_gsheet__renamed_worksheet_is_still_found_by_gid(emulator, google):
    add_responses(emulator, 2)
    emulator.rename_worksheet(KEY, TITLE, "Jawaban Formulir 1")

    result = fetch(google, worksheet=0)

    assert result.rows.num_rows == 2


def test_fetch_gsheet__unknown_worksheet_lists_the_titles(emulator, google):
    add_responses(emulator, 2)
    emulator.add_worksheet(KEY, "Rekap", 2025, [["x"]])
    emulator.rename_worksheet(KEY, TITLE, "Jawaban Formulir 1")

    with pytest.raises(SourceError) as error:
        fetch(google, worksheet=TITLE)

    message = str(error.value)
    assert "worksheet 'Form Responses 1' not found" in message
    assert "'Jawaban Formulir 1' (gid 0), 'Rekap' (gid 2025)" in message
    assert len(emulator.api_requests()) == 1


def test_fetch_gsheet__spreadsheet_url_instead_of_key(emulator, google):
    add_responses(emulator, 3)

    result = fetch(google, spreadsheet=f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0")

    assert result.rows.num_rows == 3
    assert {entry.path.split("/")[3].split(":")[0] for entry in emulator.api_requests()} == {KEY}


# failures: retried, or explained


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_fetch_gsheet__transient_status_is_retried(status, emulator, google):
    add_responses(emulator, 3)
    emulator.fail_next(status, count=2)

    result = fetch(google)

    assert table_rows(result) == [[number, row] for number, row in enumerate(response_rows(3), start=2)]
    assert [entry.status for entry in emulator.api_requests()] == [status, status, 200, 200]
    assert result.requests_made == 4


def test_fetch_gsheet__503_storm_beyond_max_attempts_is_a_source_error(emulator, google):
    add_responses(emulator, 3)
    emulator.fail_next(503, count=10)

    with pytest.raises(SourceError) as error:
        fetch(with_settings(google, max_attempts=3))

    assert str(error.value) == (
        f"Sheets API still answering 503 UNAVAILABLE for spreadsheet {KEY} after 3 attempts; try again later"
    )
    assert len(emulator.api_requests()) == 3


def test_fetch_gsheet__timeout_is_retried(emulator, google):
    add_responses(emulator, 3)
    emulator.delay_next(2.0)

    result = fetch(with_settings(google, timeout_seconds=0.3))

    assert result.rows.num_rows == 3
    assert result.requests_made == 3


def test_fetch_gsheet__timeouts_beyond_max_attempts_is_a_source_error(emulator, google):
    add_responses(emulator, 3)
    emulator.delay_next(2.0, count=5)

    with pytest.raises(SourceError, match=r"could not reach the Sheets API .* after 2 attempts \(ReadTimeout\)"):
        fetch(with_settings(google, timeout_seconds=0.2, max_attempts=2))


def test_fetch_gsheet__revoked_key_names_the_account_without_retrying(emulator, google):
    add_responses(emulator, 3)
    emulator.revoke(EMAIL)

    with pytest.raises(SourceError) as error:
        fetch(google)

    message = str(error.value)
    assert f"Google refused the key of the service account {EMAIL} (invalid_grant: Invalid JWT Signature.)" in message
    assert "PRIVATE KEY" not in message and "ya29" not in message
    assert len(emulator.token_requests()) == 1
    assert emulator.api_requests() == []


def test_fetch_gsheet__key_revoked_after_a_token_was_issued(emulator, google):
    add_responses(emulator, 3)
    reader = reader_for(google)
    fetch_gsheet(source(), google, reader=reader)
    emulator.revoke(EMAIL)
    emulator.clear_log()

    with pytest.raises(SourceError, match=f"refused the key of the service account {EMAIL}"):
        fetch_gsheet(source(), google, reader=reader)

    assert [entry.status for entry in emulator.api_requests()] == [401]
    assert len(emulator.token_requests()) == 1


def test_fetch_gsheet__not_shared_names_the_account_to_share_with(emulator, google):
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, [HEADER])}, shared_with=["someone.else@kemenkumham.go.id"])

    with pytest.raises(SourceError) as error:
        fetch(google)

    assert str(error.value) == (
        f"spreadsheet {KEY} is not shared with the service account {EMAIL} as Viewer: "
        f"open the sheet, Share, add {EMAIL} as Viewer"
    )
    assert str(error.value) == share_message(KEY, EMAIL)
    assert len(emulator.api_requests()) == 1


def test_fetch_gsheet__shared_after_the_error_reads(emulator, google):
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, [HEADER, *response_rows(1)])}, shared_with=[])
    with pytest.raises(SourceError):
        fetch(google)

    emulator.share(KEY, EMAIL)

    assert fetch(google).rows.num_rows == 1


def test_fetch_gsheet__429_waits_at_least_what_retry_after_asks(emulator, google):
    add_responses(emulator, 3)
    emulator.fail_next(429, retry_after=7)
    reader = open_sheets(google, throttle=None, retry=RetryPolicy(4, first_wait=0.001, max_wait=32))
    waits: list[float] = []
    reader.sleep = waits.append

    assert fetch_gsheet(source(), google, reader=reader).rows.num_rows == 3
    assert len(waits) == 1 and 7 <= waits[0] <= 32


def test_fetch_gsheet__retry_after_is_capped_by_the_policy(emulator, google):
    add_responses(emulator, 3)
    emulator.fail_next(429, retry_after=3600)
    reader = open_sheets(google, throttle=None, retry=RetryPolicy(4, first_wait=0.001, max_wait=5))
    waits: list[float] = []
    reader.sleep = waits.append

    fetch_gsheet(source(), google, reader=reader)
    assert waits == [5]


def test_fetch_gsheet__api_not_enabled_says_where_to_enable_it_without_retrying(emulator, google):
    add_responses(emulator, 3)
    emulator.disable_api("438812906517")

    with pytest.raises(SourceError) as error:
        fetch(google)

    assert str(error.value) == (
        f"the Google Sheets API is not enabled in the Google Cloud project of the service account {EMAIL}: enable "
        "it at https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=438812906517, "
        "wait a few minutes, then run again"
    )
    assert [entry.status for entry in emulator.api_requests()] == [403]


def test_fetch_gsheet__unknown_spreadsheet_says_share_or_check_the_key(emulator, google):
    with pytest.raises(SourceError) as error:
        fetch(google, spreadsheet="no-such-key")

    assert share_message("no-such-key", EMAIL) in str(error.value)
    assert "does not exist" in str(error.value)


def test_fetch_gsheet__missing_key_file(tmp_path, google):
    with pytest.raises(SourceError, match="credentials file .* not found"):
        fetch(with_settings(google, credentials_file=tmp_path / "absent.json"))


def test_fetch_gsheet__malformed_key_file_is_not_quoted(tmp_path, google):
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "service_account", "private_key": "SECRET-MATERIAL"}')
    bad.chmod(0o600)

    with pytest.raises(SourceError) as error:
        fetch(with_settings(google, credentials_file=bad))

    assert "is not a service-account JSON key" in str(error.value)
    assert "SECRET" not in str(error.value)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_fetch_gsheet__key_readable_by_others_is_refused_with_the_fix(tmp_path, google, emulator, mode):
    add_responses(emulator, 1)
    shared = tmp_path / "shared-key.json"
    shared.write_bytes(google.credentials_file.read_bytes())
    shared.chmod(mode)

    with pytest.raises(ConfigError, match=rf"accessible to other users \(mode 0{mode:o}\).*chmod 600 {shared}"):
        fetch(with_settings(google, credentials_file=shared))
    assert emulator.api_requests() == []


def test_values_batch_get__bad_range_is_a_source_error_without_retry(emulator, google):
    add_responses(emulator, 1)
    reader = reader_for(google)

    with pytest.raises(SourceError, match=r"answered 400 INVALID_ARGUMENT .*Unable to parse range: 'Nope'!A1:B2"):
        reader.values_batch_get(KEY, ["'Nope'!A1:B2"])

    assert reader.requests_made == 1


# the client's plumbing


def test_throttle__admits_a_burst_then_paces():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(per_minute=60, burst=3, clock=lambda: now[0], sleep=sleep)

    assert [throttle.acquire() for _ in range(5)] == [0.0, 0.0, 0.0, 1.0, 1.0]


def test_throttle__default_keeps_any_minute_under_60_requests():
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds))
    stamps = []
    while now[0] < 120:
        throttle.acquire()
        stamps.append(now[0])

    assert max(sum(1 for stamp in stamps if start <= stamp < start + 60) for start in stamps) < 60


def test_open_sheets__every_request_passes_the_throttle(emulator, google):
    add_responses(emulator, 12)
    slept = []
    throttle = Throttle(per_minute=60, burst=1, clock=lambda: 0.0, sleep=slept.append)
    emulator.fail_next(429)

    result = fetch_gsheet(source(), with_settings(google, page_rows=5), reader=reader_for(google, throttle))

    assert result.requests_made == 5
    assert len(slept) == result.requests_made - 1


def test_open_sheets__default_endpoint_is_not_rewritten(key_file):
    reader = open_sheets(GoogleSettings(credentials_file=key_file))

    adapter = reader.http.session.get_adapter("https://sheets.googleapis.com/v4/spreadsheets/x")
    assert isinstance(adapter, SheetsAdapter) and adapter.target is None
    assert reader.http.timeout == 30.0
    assert reader.service_account_email == EMAIL


def test_open_sheets__overridden_endpoint_keeps_google_auth_off_google_hosts(google):
    reader = open_sheets(google)

    adapter = reader.http.session.get_adapter("https://sheets.googleapis.com/v4/spreadsheets/x")
    assert adapter.target == google.api_endpoint
    auth_session = reader.http.session._auth_request.session
    refusing = auth_session.get_adapter("https://iamcredentials.googleapis.com/v1/projects/-/x")
    assert isinstance(refusing, RefusingAdapter)
    assert not isinstance(auth_session.get_adapter(google.api_endpoint + "/token"), RefusingAdapter)
    assert type(auth_session.get_adapter("https://oauth2.googleapis.com/token")) is HTTPAdapter


def test_emulator__omits_trailing_empty_cells_and_rows_like_google(emulator, google):
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, [["a", "", None], [], ["", "b", ""], [], [None, ""]])})
    reader = reader_for(google)

    whole, empty, beyond = reader.values_batch_get(
        KEY, [f"'{TITLE}'!A1:Z", f"'{TITLE}'!A4:C5", f"'{TITLE}'!B3:ZZZ10000"]
    )

    assert whole == {
        "range": "'Form Responses 1'!A1:C5",
        "majorDimension": "ROWS",
        "values": [["a"], [], ["", "b"]],
    }
    assert empty == {"range": "'Form Responses 1'!A4:C5", "majorDimension": "ROWS"}
    assert beyond["values"] == [["b"]]


def test_emulator__range_starting_beyond_the_grid_is_rejected(emulator, google):
    add_responses(emulator, 2)

    with pytest.raises(SourceError, match=r"exceeds grid limits\. Max rows: 3, max columns: 3"):
        reader_for(google).values_batch_get(KEY, [f"'{TITLE}'!A4:C8"])


# pure helpers


@pytest.mark.parametrize(
    ("number", "letters"),
    [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (702, "ZZ"), (703, "AAA"), (18278, "ZZZ")],
)
def test_column_letters__number(number, letters):
    assert parse.column_letters(number) == letters


def test_a1_rows__quotes_titles_and_doubles_quotes():
    assert parse.a1_rows("Form Responses 1", 1, 5000, 26) == "'Form Responses 1'!A1:Z5000"
    assert parse.a1_rows("Tamu's", 5001, 10000, 18278) == "'Tamu''s'!A5001:ZZZ10000"


@pytest.mark.parametrize(
    ("header", "rows", "expected_header", "expected_rows"),
    [
        (["a", "b"], [["1"], []], ["a", "b"], [["1", ""], ["", ""]]),
        (["a"], [["1", "2", "3"]], ["a", "", ""], [["1", "2", "3"]]),
        ([], [], [], []),
    ],
    ids=["pads-short-rows", "widens-header", "empty"],
)
def test_pad_table__case(header, rows, expected_header, expected_rows):
    assert parse.pad_table(header, rows) == (expected_header, expected_rows)


def test_fill_gaps__missing_row_numbers_become_empty_rows():
    assert parse.fill_gaps([(2, ["a"]), (5, ["b"])], 2) == [(2, ["a"]), (3, []), (4, []), (5, ["b"])]
    assert parse.fill_gaps([], 8) == []


# the emulator answers as Google does


def test_emulator__answers_google_s_legacy_code_for_indonesian_by_default(emulator, google):
    add_responses(emulator, 1)
    assert fetch(google).locale == "in_ID"


def test_emulator__fields_mask_applies_to_nested_keys(emulator, google):
    add_responses(emulator, 1)
    http = reader_for(google).http

    narrow = http.fetch_sheet_metadata(KEY, params={"fields": "properties(title,timeZone),sheets.properties.title"})
    ours = reader_for(google).spreadsheet_metadata(KEY)

    assert narrow == {
        "properties": {"title": "Lapor Tamu Asing", "timeZone": "Asia/Jakarta"},
        "sheets": [{"properties": {"title": TITLE}}],
    }
    assert ours["properties"] == {"title": "Lapor Tamu Asing", "locale": "in_ID", "timeZone": "Asia/Jakarta"}
    grid = {"rowCount": 2, "columnCount": 3}
    assert ours["sheets"][0]["properties"] == {
        "sheetId": 0, "title": TITLE, "index": 0, "sheetType": "GRID", "gridProperties": grid,
    }  # fmt: skip


@pytest.mark.parametrize("render", ["FORMATTED", "formatted_value", ""])
def test_emulator__unknown_value_render_option_is_a_400_not_retried(render, emulator, google):
    add_responses(emulator, 1)

    with pytest.raises(SourceError, match=r"400 INVALID_ARGUMENT .*Invalid value at 'value_render_option'"):
        reader_for(google).values_batch_get(KEY, [TITLE], render=render)
    assert [entry.status for entry in emulator.api_requests()] == [400]


def test_emulator__typed_numbers_and_dates_come_back_as_google_renders_them(emulator, google):
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, [["Petugas", "Catatan", "Jumlah", "Teks"]])})
    for column, typed in enumerate(["0812345", "24/11/2026", "1,5", "tim ke hotel"], start=1):
        emulator.type_cell(KEY, TITLE, 2, column, typed)
    http = reader_for(google).http

    def row(**params) -> list:
        return http.values_get(KEY, f"'{TITLE}'!A2:D2", params=params)["values"][0]

    assert row() == ["812345", "24/11/2026", "1,5", "tim ke hotel"]
    assert row(valueRenderOption="UNFORMATTED_VALUE") == [812345, 46350, 1.5, "tim ke hotel"]
    assert row(valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING")[1] == "24/11/2026"
    assert reader_for(google).values_batch_get(KEY, [f"'{TITLE}'!A2:D2"], render="UNFORMATTED_VALUE")[0]["values"] == [
        [812345, "24/11/2026", 1.5, "tim ke hotel"]
    ], "our client asks for dates as the sheet shows them"


def test_emulator__dates_typed_in_a_month_first_sheet(emulator, google):
    emulator.add_spreadsheet(KEY, locale="en_US", sheets={TITLE: (0, [["Catatan"]])})
    emulator.type_cell(KEY, TITLE, 2, 1, "11/24/2026")
    http = reader_for(google).http

    cell = http.values_get(KEY, f"'{TITLE}'!A2", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"]
    assert cell == [[46350]]


def test_emulator__user_entered_writes_are_typed_raw_writes_stay_text(emulator, google):
    emulator.add_spreadsheet(KEY, sheets={TITLE: (0, [["a", "b"]])})
    writer = open_sheets(google, throttle=None, write=True)

    writer.http.values_batch_update(
        KEY,
        {"valueInputOption": "USER_ENTERED", "data": [{"range": f"'{TITLE}'!A2:B2", "values": [["24/11/2026", "7"]]}]},
    )
    writer.values_batch_update(KEY, [{"range": f"'{TITLE}'!A3:B3", "values": [["24/11/2026", "7"]]}])

    rows = writer.values_batch_get(KEY, [f"'{TITLE}'!A2:B3"], render="UNFORMATTED_VALUE")[0]["values"]
    assert rows == [["24/11/2026", 7], ["24/11/2026", "7"]]
    assert emulator.cell(KEY, TITLE, 2, 1).value == 46350 and emulator.cell(KEY, TITLE, 3, 1) == "24/11/2026"
