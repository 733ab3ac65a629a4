"""A Google Sheet source through the whole sync and build, over real gspread against the Sheets emulator."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime

import pytest
from babel import Locale
from babel.dates import format_date

from conftest import LODGING_HEADERS, REPO, current_cells, write_config
from pipelines import steps
from pipelines.core.config import ConfigError, load_config
from pipelines.core.warehouse import connect
from tests.support.emulator import SheetsEmulator, write_service_account_key

EMAIL = "timpora-sync@kanim-ranai.iam.gserviceaccount.com"
KEY = "1kanimRanaiLaporanOrangAsing2026"
TAB = "Jawaban Formulir 1"


def response(n: int) -> list[str]:
    day = n % 20 + 1
    return [
        f"{day:02d}/11/2026 {n % 24:02d}.15.03", "Hotel Natuna", f"Tamu {n}", "Tiongkok", f"E{n:08d}", "VoA",
        f"{day:02d}/12/2026", "Wisata", "Kab. Natuna", "Bunguran Timur", f"{day:02d}/11/2026", "",
    ]  # fmt: skip


@pytest.fixture
def sheet(tmp_path):
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        key_file.chmod(0o600)
        rows = [LODGING_HEADERS] + [response(n) for n in range(1, 8)]
        emulator.add_spreadsheet(KEY, "Laporan Orang Asing", locale="id_ID", time_zone="Asia/Jakarta",
                                 sheets={TAB: (0, rows)}, shared_with=[EMAIL])  # fmt: skip
        source = f"""
[[sources]]
name = "ranai_sheet"
office = "RANAI"
kind = "lodging"
type = "gsheet"
spreadsheet = "https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
worksheet = "{TAB}"
"""
        extra = f'[google]\ncredentials_file = "{key_file}"\napi_endpoint = "{emulator.url}"\ntimeout_seconds = 5\n'
        settings = load_config(write_config(tmp_path, source, extra))
        yield settings, emulator


def test_first_sync_reads_everything_then_incremental(sheet):
    settings, emulator = sheet
    first = steps.sync_one(settings, "ranai_sheet")
    assert (first.is_full, first.rows_new, first.requests_made) == (True, 7, 2)
    assert current_cells(settings) == [response(n) for n in range(1, 8)]

    emulator.append_rows(KEY, TAB, [response(8), response(9)])
    emulator.clear_log()
    second = steps.sync_one(settings, "ranai_sheet")
    assert (second.is_full, second.rows_fetched, second.rows_new, second.rows_deleted) == (False, 3, 2, 0)
    assert len(emulator.api_requests()) == 2  # metadata + one values page from the anchor row on

    unchanged = steps.sync_one(settings, "ranai_sheet")
    assert (unchanged.rows_new, unchanged.rows_changed, unchanged.rows_deleted) == (0, 0, 0)


def test_incremental_fetch__continues_the_count_of_a_timestamp_already_stored(sheet):
    settings, emulator = sheet
    twin = response(2)[:2] + ["Tamu kembar"] + response(2)[3:]  # submitted in the same second as response 2
    emulator.append_rows(KEY, TAB, [twin])
    steps.sync_one(settings, "ranai_sheet")
    emulator.append_rows(KEY, TAB, [response(8), twin[:2] + ["Tamu ketiga"] + twin[3:]])
    second = steps.sync_one(settings, "ranai_sheet")
    assert (second.is_full, second.rows_new) == (False, 2)
    con = connect(settings.warehouse, read_only=True)
    keys = con.execute(
        "select response_key, cells[3] from raw.responses where response_key like ? order by sheet_row_number",
        [response(2)[0] + "#%"],
    ).fetchall()
    names = ("Tamu 2", "Tamu kembar", "Tamu ketiga")
    assert keys == [(f"{response(2)[0]}#{n}", name) for n, name in enumerate(names, start=1)]


def test_deleted_row_above_the_anchor_triggers_a_full_pass(sheet):
    settings, emulator = sheet
    steps.sync_one(settings, "ranai_sheet")
    emulator.delete_row(KEY, TAB, 3)  # the form response in sheet row 3 is deleted
    emulator.append_rows(KEY, TAB, [response(8)])
    result = steps.sync_one(settings, "ranai_sheet")
    assert (result.is_full, result.rows_new, result.rows_deleted) == (True, 1, 1)
    assert current_cells(settings) == [response(n) for n in (1, 3, 4, 5, 6, 7, 8)]


def test_edit_found_by_full_sync_and_429_is_retried(sheet):
    settings, emulator = sheet
    steps.sync_one(settings, "ranai_sheet")
    emulator.set_cell(KEY, TAB, 4, 4, "RRT")
    emulator.fail_next(429)
    result = steps.sync_one(settings, "ranai_sheet", full=True)
    assert (result.rows_new, result.rows_changed, result.rows_deleted) == (0, 1, 0)
    assert current_cells(settings)[2][3] == "RRT"


def test_gsheet_rows_are_staged_like_file_rows(sheet):
    settings, _ = sheet
    steps.sync_one(settings, "ranai_sheet")
    steps.build(settings, date(2026, 11, 26))
    con = connect(settings.warehouse, read_only=True)
    staged = con.execute(
        "select count(*), count(distinct nationality_iso3), any_value(kabkota_code), "
        "count(*) filter (where submitted_at is null) from staging.lodging_reports"
    ).fetchall()
    assert staged == [(7, 1, "21.03", 0)]


def test_unshared_sheet__error_names_the_service_account(sheet):
    settings, emulator = sheet
    emulator.unshare(KEY, EMAIL)
    with pytest.raises(Exception, match=EMAIL):
        steps.sync_one(settings, "ranai_sheet")
    con = connect(settings.warehouse)
    status, error = con.execute("select status, error from raw.fetches").fetchall()[0]
    assert status == "failed" and "not shared" in error


def test_a_full_run_with_faults_logs_no_personal_data_or_secrets(sheet, caplog, monkeypatch):
    import json
    import logging

    from typer.testing import CliRunner

    from pipelines.cli import app

    settings, emulator = sheet
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", "pseudonym-secret-5d1e-0123456789abcd")
    config = settings.warehouse.parent / "timpora.toml"
    runner = CliRunner()
    outputs = []

    def run(*args):
        result = runner.invoke(app, ["--config", str(config), "--verbose", *args], env={"COLUMNS": "200"})
        outputs.append(result.output + (repr(result.exception) if result.exception else ""))
        return result

    with caplog.at_level(logging.DEBUG):
        emulator.fail_next(429, count=2)
        assert run("sync").exit_code == 0
        emulator.append_rows(KEY, TAB, [response(n) for n in range(8, 12)])
        emulator.fail_next(503)
        assert run("sync", "--full").exit_code == 0
        assert run("build", "--as-of", "2026-11-28").exit_code == 0
        assert "EXPIRING_SOON" in run("alerts", "--format", "csv").output
        emulator.unshare(KEY)
        assert run("sync").exit_code == 1
        emulator.revoke(EMAIL)
        assert run("sync").exit_code == 1
    seen = caplog.text + "\n".join(outputs)
    key = json.loads(settings.google.credentials_file.read_text())
    secrets = [key["private_key"].splitlines()[1], key["private_key_id"], "pseudonym-secret-5d1e-0123456789abcd"]
    personal = [f"E{n:08d}" for n in range(1, 12)] + [f"Tamu {n}," for n in range(1, 12)] + ["Tamu 1\n"]
    assert "share" in seen and EMAIL in seen  # the errors did say what to do
    for value in secrets + personal:
        assert value not in seen, value


def staged_lodging(settings) -> list[tuple]:
    con = connect(settings.warehouse, read_only=True)
    rows = con.execute(
        "select response_key, full_name, nationality_iso3, passport_number, permit_type, permit_expiry_date, "
        "kabkota_code, kecamatan_code from staging.lodging_reports order by response_key"
    ).fetchall()
    con.close()
    return rows


def test_rows_sorted_in_the_sheet__change_nothing(sheet):
    settings, emulator = sheet
    steps.sync_one(settings, "ranai_sheet")
    emulator.set_rows(KEY, TAB, [LODGING_HEADERS] + [response(n) for n in reversed(range(1, 8))])
    for full in (False, True):
        again = steps.sync_one(settings, "ranai_sheet", full=full)
        assert (again.rows_new, again.rows_changed, again.rows_deleted) == (0, 0, 0)
    assert sorted(current_cells(settings)) == sorted(response(n) for n in range(1, 8))


def test_column_inserted_mid_sheet__values_still_map_and_nothing_is_lost(sheet):
    settings, emulator = sheet
    steps.sync_one(settings, "ranai_sheet")
    steps.build(settings, date(2026, 11, 26))
    before = staged_lodging(settings)
    header = [*LODGING_HEADERS[:3], "Nomor HP tamu", *LODGING_HEADERS[3:]]
    rows = [[*row[:3], "", *row[3:]] for row in (response(n) for n in range(1, 9))]
    rows[-1][3] = "+62 811 2222 3333"
    emulator.set_rows(KEY, TAB, [header, *rows])
    moved = steps.sync_one(settings, "ranai_sheet")
    assert (moved.rows_new, moved.rows_deleted) == (1, 0) and moved.header_added == ("Nomor HP tamu",)
    steps.build(settings, date(2026, 11, 26))
    after = staged_lodging(settings)
    assert after[:7] == before and len(after) == 8, "cells moved one column right; each keeps its meaning"
    again = steps.sync_one(settings, "ranai_sheet", full=True)
    assert (again.rows_new, again.rows_changed, again.rows_deleted) == (0, 0, 0)


def test_responses_tab_recreated_under_the_same_title__read_on_without_loss(sheet):
    settings, emulator = sheet
    steps.sync_one(settings, "ranai_sheet")
    emulator.delete_worksheet(KEY, TAB)  # the form unlinked and linked again: Forms writes every response anew
    emulator.add_worksheet(KEY, TAB, gid=741852, rows=[LODGING_HEADERS] + [response(n) for n in range(1, 9)])
    result = steps.sync_one(settings, "ranai_sheet")
    assert (result.rows_new, result.rows_changed, result.rows_deleted) == (1, 0, 0)
    assert current_cells(settings) == [response(n) for n in range(1, 9)]


def test_responses_tab_recreated__a_source_set_by_gid_names_the_new_one(sheet, tmp_path):
    settings, emulator = sheet
    by_gid = settings.model_copy(update={"sources": [settings.sources[0].model_copy(update={"worksheet": 0})]})
    steps.sync_one(by_gid, "ranai_sheet")
    emulator.delete_worksheet(KEY, TAB)
    emulator.add_worksheet(KEY, TAB, gid=741852, rows=[LODGING_HEADERS] + [response(n) for n in range(1, 9)])
    with pytest.raises(Exception, match=r"gid 0 not found .*741852"):
        steps.sync_one(by_gid, "ranai_sheet")
    assert current_cells(by_gid) == [response(n) for n in range(1, 8)], "the rows already kept stay kept"


SHEETS_LOCALES = [row["locale"] for row in csv.DictReader((REPO / "tests/fixtures/sheets_locales.csv").open())]
# the 5th of November: 05/11 and 11/05 are both dates, so only the right order reads them right
SUBMITTED = datetime(2026, 11, 5, 10, 15, 3)
ARRIVAL = date(2026, 11, 4)


# the withdrawn language codes Google (as Java) reports and the CLDR codes they stand for: the dates
# are typed here in the locale Google means, whatever the code under test makes of its code
GOOGLE_LEGACY_LANGUAGES = {"in": "id", "iw": "he", "ji": "yi", "no": "nb"}


def as_sheets_shows(day: date, locale: str) -> str:
    """A date as a sheet of this locale shows it: CLDR's short numeric pattern with a four-digit year."""
    language, _, region = locale.partition("_")
    canonical = "_".join(filter(None, [GOOGLE_LEGACY_LANGUAGES.get(language, language), region]))
    pattern = re.sub(r"(?<!y)y{1,2}(?!y)", "yyyy", Locale.parse(canonical).date_formats["short"].pattern)
    return format_date(day, pattern, locale=canonical)


def locale_response(locale: str, number: int, submitted: datetime = SUBMITTED, arrival: date = ARRIVAL) -> list[str]:
    stamp = f"{as_sheets_shows(submitted.date(), locale)} {submitted:%H:%M:%S}"
    return [
        stamp, "Hotel Natuna", f"Tamu {number}", "Tiongkok", f"E{number:08d}", "VoA", "", "Wisata", "Kab. Natuna",
        "Bunguran Timur", as_sheets_shows(arrival, locale), "",
    ]  # fmt: skip


def sheet_sources(kinds: dict[str, str]) -> str:
    """The config text of a gsheet source per {name: form kind}, each reading spreadsheet "<name>-key"."""
    text = ""
    for name, kind in kinds.items():
        text += f"""
[[sources]]
name = "{name}"
office = "RANAI"
kind = "{kind}"
type = "gsheet"
spreadsheet = "{name}-key"
worksheet = "{TAB}"
"""
    return text


@pytest.fixture
def locale_sheets(tmp_path, monkeypatch):
    """A function that serves one spreadsheet per {source: (locale, rows)} and returns the settings.

    A source's form is the lodging form of LODGING_HEADERS unless `forms` gives its (kind, headers).
    """
    from pipelines import sheets as client

    # many spreadsheets are read in a few seconds; the quota is the emulator's, not Google's
    monkeypatch.setattr(client.SHARED_THROTTLE, "acquire", lambda: 0.0)
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        extra = f'[google]\ncredentials_file = "{key_file}"\napi_endpoint = "{emulator.url}"\ntimeout_seconds = 5\n'

        def serve(
            sheets: dict[str, tuple[str, list[list[str]]]], forms: dict[str, tuple[str, list[str]]] | None = None
        ):
            kinds = {}
            for name, (locale, rows) in sheets.items():
                kinds[name], headers = (forms or {}).get(name, ("lodging", LODGING_HEADERS))
                emulator.add_spreadsheet(f"{name}-key", locale=locale, sheets={TAB: (0, [headers, *rows])})
            return load_config(write_config(tmp_path, sheet_sources(kinds), extra))

        yield serve


def staged_dates(settings) -> dict[str, tuple]:
    con = connect(settings.warehouse, read_only=True)
    try:
        rows = con.execute(
            "select source_name, submitted_at at time zone 'Asia/Jakarta', arrival_date from staging.lodging_reports"
        ).fetchall()
    finally:
        con.close()
    return {name: (submitted, arrival) for name, submitted, arrival in rows}


# each form's required fields and a date read by the locale. Every column of every source costs each
# build a few milliseconds of SQL, more as a form has more sources: half the locales of the list are
# lodging sheets, half complaint sheets, all in one build
SHORT_FORMS = {
    "lodging": ["Cap waktu", "Nama lengkap orang asing", "Kewarganegaraan", "Kabupaten/Kota", "Tanggal kedatangan"],
    "complaint": ["Cap waktu", "Jenis pengaduan", "Kabupaten/Kota", "Tanggal kejadian"],
}


def short_response(kind: str, locale: str, number: int) -> list[str]:
    """A response to the short form of `kind`, submitted on SUBMITTED about ARRIVAL, as the locale shows them."""
    stamp, day = f"{as_sheets_shows(SUBMITTED.date(), locale)} {SUBMITTED:%H:%M:%S}", as_sheets_shows(ARRIVAL, locale)
    if kind == "lodging":
        return [stamp, f"Tamu {number}", "Tiongkok", "Kab. Natuna", day]
    return [stamp, "Overstay", "Kab. Natuna", day]


def staged_form_dates(settings) -> dict[str, tuple]:
    """{source: (form timestamp in WIB, arrival or incident date)} of every staged lodging report and complaint."""
    con = connect(settings.warehouse, read_only=True)
    try:
        rows = con.execute(
            "select source_name, submitted_at at time zone 'Asia/Jakarta', arrival_date from staging.lodging_reports "
            "union all "
            "select source_name, submitted_at at time zone 'Asia/Jakarta', incident_date from staging.complaints"
        ).fetchall()
    finally:
        con.close()
    return {name: (submitted, day) for name, submitted, day in rows}


def test_sheets_locales__every_one_syncs_and_builds_without_locale_in_config(locale_sheets):
    """Every locale of the Sheets UI, and the codes the API also answers: a spreadsheet each, one build for all."""
    locales = {f"sheet_{number}": locale for number, locale in enumerate(SHEETS_LOCALES)}
    kinds = {name: ("lodging", "complaint")[number % 2] for number, name in enumerate(locales)}
    settings = locale_sheets(
        {name: (locale, [short_response(kinds[name], locale, n)]) for n, (name, locale) in enumerate(locales.items())},
        forms={name: (kind, SHORT_FORMS[kind]) for name, kind in kinds.items()},
    )
    for name in locales:
        assert steps.sync_one(settings, name).rows_new == 1
    steps.build(settings, date(2026, 11, 6))
    staged = staged_form_dates(settings)
    misread = {locales[name]: staged.get(name) for name in locales if staged.get(name) != (SUBMITTED, ARRIVAL)}
    assert misread == {}, "these locales' timestamp and date were not read as the 5th and the 4th of November"
    con = connect(settings.warehouse, read_only=True)
    resolved = con.execute("select source_name, reported_locale, resolved_by, warning from state.source_locales")
    resolved = resolved.fetchall()
    rejects = con.execute("select source_name, field, reason from staging.rejects").fetchall()
    con.close()
    assert sorted(resolved) == sorted((name, locale, "sheet", None) for name, locale in locales.items())
    assert rejects == []


def test_indonesian_sheet_reported_as_in_id__reads_day_first(locale_sheets):
    rows = [locale_response("in_ID", 1), ["05/11/2026 10.15.03", *locale_response("in_ID", 2)[1:]]]
    settings = locale_sheets({"ranai_sheet": ("in_ID", rows)})
    fetch = steps.sync_one(settings, "ranai_sheet")
    assert fetch.rows_new == 2
    steps.build(settings, date(2026, 11, 6))
    con = connect(settings.warehouse, read_only=True)
    locale = con.execute("select locale from raw.fetches").fetchall()
    submitted = con.execute("select distinct submitted_at at time zone 'Asia/Jakarta' from staging.lodging_reports")
    assert locale == [("in_ID",)] and submitted.fetchall() == [(SUBMITTED,)]
    con.close()


def status_output(settings) -> str:
    from typer.testing import CliRunner

    from pipelines.cli import app

    config = settings.warehouse.parent / "timpora.toml"
    result = CliRunner().invoke(app, ["--config", str(config), "status"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.output


def test_unknown_sheet_locale__order_from_its_timestamps_and_a_warning_in_status(locale_sheets):
    later = datetime(2026, 11, 24, 9, 0, 0)  # a first part above 12 settles day first
    rows = [locale_response("id_ID", 1), locale_response("id_ID", 2, submitted=later)]
    settings = locale_sheets({"ranai_sheet": ("xx_XX", rows)})
    steps.sync_one(settings, "ranai_sheet")
    steps.build(settings, date(2026, 11, 25))
    assert staged_dates(settings)["ranai_sheet"][1] == ARRIVAL
    con = connect(settings.warehouse, read_only=True)
    resolved = con.execute("select locale_used, date_order, resolved_by from state.source_locales").fetchall()
    con.close()
    assert resolved == [("DMY", "DMY", "timestamps")]
    output = " ".join(status_output(settings).split())
    assert "ranai_sheet: locale: spreadsheet locale 'xx_XX' is not known to CLDR" in output
    assert "day/month order DMY inferred from the form timestamps" in output


def test_unknown_sheet_locale_not_settled__ambiguous_dates_rejected_never_guessed(locale_sheets):
    rows = [locale_response("en_US", 1), ["2026-11-06 08:00:00", *locale_response("en_US", 2)[1:]]]
    settings = locale_sheets({"ranai_sheet": ("xx_XX", rows)})
    steps.sync_one(settings, "ranai_sheet")
    steps.build(settings, date(2026, 11, 7))
    con = connect(settings.warehouse, read_only=True)
    order = con.execute("select date_order from state.source_locales").fetchall()
    rejects = con.execute("select field, reason from staging.rejects order by all").fetchall()
    con.close()
    assert order == [("YMD",)]  # only the ISO timestamp is evidence, and it says nothing of 11/05
    assert ("arrival_date", "DATE_ORDER_AMBIGUOUS") in rejects
    assert all(arrival is None for _, arrival in staged_dates(settings).values())


def test_config__locale_in_google_s_code_is_accepted_and_an_unknown_one_is_one_clear_error(tmp_path):
    source = 'name = "s"\noffice = "RANAI"\nkind = "lodging"\ntype = "gsheet"\nspreadsheet = "k"\nlocale = "{}"\n'
    accepted = load_config(write_config(tmp_path, "[[sources]]\n" + source.format("in_ID")))
    assert accepted.sources[0].locale == "in_ID"
    with pytest.raises(ConfigError, match=r"unknown locale 'xx_XX': CLDR has no date format for it"):
        load_config(write_config(tmp_path, "[[sources]]\n" + source.format("xx_XX")))
