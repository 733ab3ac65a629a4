"""Staging: rows typed and coded, a bad value nulls only its field and leaves a reject with the raw text."""

from __future__ import annotations

import csv

from conftest import COMPLAINT_HEADERS, COMPLAINT_ROW, LODGING_HEADERS, file_source, write_config, write_csv
from pipelines.core.config import load_config
from pipelines.core.warehouse import connect
from pipelines.raw.sync import sync_source
from pipelines.transform.staging import build_staging


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _stage(settings):
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    build_staging(con, settings)
    return con


def test_values_are_typed_and_coded(lodging_settings):
    settings, _ = lodging_settings
    con = _stage(settings)
    rows = con.execute(
        "select nationality_iso3, permit_type, permit_expiry_date::varchar, kabkota_code, kecamatan_code, "
        "strftime(submitted_at at time zone 'Asia/Jakarta', '%Y-%m-%d %H:%M:%S') "
        "from staging.lodging_reports order by sheet_row_number"
    ).fetchall()
    assert rows == [
        ("CHN", "VOA", "2026-11-20", "21.03", "21.03.07", "2026-11-24 10:15:03"),
        ("VNM", "KITAS", "2027-06-01", "21.03", "21.03.05", "2026-11-24 11:00:00"),
        ("KOR", "VISA_KUNJUNGAN", "2026-11-30", "21.03", "21.03.04", "2026-11-25 08:30:00"),
    ]
    assert con.execute("select count(*) from staging.rejects").fetchone()[0] == 0


def test_malformed_date__row_kept_field_null_reject_recorded(lodging_settings):
    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    rows[1][6] = "31/02/2026"  # permit expiry of the first response
    write_csv(csv_path, rows[0], rows[1:])
    con = _stage(settings)
    kept = con.execute(
        "select full_name, nationality_iso3, permit_expiry_date from staging.lodging_reports where sheet_row_number = 2"
    ).fetchall()
    assert kept == [("Li Wei", "CHN", None)]
    rejects = con.execute("select sheet_row_number, field, raw_value, reason from staging.rejects").fetchall()
    assert rejects == [(2, "permit_expiry_date", "31/02/2026", "DATE_UNPARSEABLE")]


def test_missing_required_value__reject_names_the_field(lodging_settings):
    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    rows[2][2] = ""  # full name of the second response
    write_csv(csv_path, rows[0], rows[1:])
    con = _stage(settings)
    assert con.execute("select count(*) from staging.lodging_reports").fetchone()[0] == 3
    rejects = con.execute("select sheet_row_number, field, reason from staging.rejects").fetchall()
    assert rejects == [(3, "full_name", "REQUIRED_MISSING")]


def test_spaces_around_a_cell_are_trimmed_and_a_blank_cell_is_missing(lodging_settings):
    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    rows[1][2] = "\u00a0 Li Wei\u3000"  # no-break and ideographic spaces (category Zs) around the name
    rows[1][1] = " Hotel\tRanai "  # a tab within the text stays
    rows[2][2] = "\u2003 "  # only spaces: the required full name is missing
    rows[3][2] = "Kim\u00e9 "  # beyond ASCII, with a space at the end
    write_csv(csv_path, rows[0], rows[1:])
    con = _stage(settings)
    staged = con.execute(
        "select establishment_name, full_name from staging.lodging_reports order by sheet_row_number"
    ).fetchall()
    assert [row[1] for row in staged] == ["Li Wei", None, "Kim\u00e9"]
    assert staged[0][0] == "Hotel\tRanai"
    rejects = con.execute("select sheet_row_number, field, reason from staging.rejects").fetchall()
    assert rejects == [(3, "full_name", "REQUIRED_MISSING")]


def test_header_renamed_between_syncs__old_and_new_rows_map_alike(lodging_settings):
    settings, csv_path = lodging_settings
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    rows = _rows(csv_path)
    headers = ["Negara asal" if h == "Kewarganegaraan" else h for h in LODGING_HEADERS]
    new_row = rows[1][:]
    new_row[0], new_row[3] = "26/11/2026 09:00:00", "Jepang"
    write_csv(csv_path, headers, rows[1:] + [new_row])
    sync_source(con, settings, settings.sources[0])
    build_staging(con, settings)
    nationalities = con.execute(
        "select nationality_iso3 from staging.lodging_reports order by sheet_row_number"
    ).fetchall()
    assert nationalities == [("CHN",), ("VNM",), ("KOR",), ("JPN",)]


def test_month_first_locale_reads_us_dates(lodging_settings, tmp_path):
    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    rows[1][0], rows[1][6] = "11/24/2026 10:15:03", "12/05/2026"
    write_csv(csv_path, rows[0], [rows[1]])
    us = settings.model_copy(update={"sources": [settings.sources[0].model_copy(update={"locale": "en_US"})]})
    con = _stage(us)
    row = con.execute(
        "select permit_expiry_date::varchar, submitted_date::varchar from staging.lodging_reports"
    ).fetchall()
    assert row == [("2026-12-05", "2026-11-24")]


def test_form_timestamps_in_every_style_of_one_sheet_are_read_the_most_common_first(lodging_settings):
    from pipelines.transform.normalise.dates import timestamp_formats
    from pipelines.transform.staging import _formats_by_fit

    settings, csv_path = lodging_settings
    rows = _rows(csv_path)
    styles = ["24/11/2026 10.15.03", "2026-11-24 10:15", "24/11/2026 10.15.04", "2026-11-24T10:15:05"]
    write_csv(csv_path, rows[0], [[style, *rows[1 + i % 3][1:]] for i, style in enumerate(styles)])
    con = _stage(settings)
    read = con.execute(
        "select strftime(submitted_at at time zone 'Asia/Jakarta', '%Y-%m-%d %H:%M:%S') from staging.lodging_reports "
        "order by sheet_row_number"
    ).fetchall()
    assert read == [
        ("2026-11-24 10:15:03",),
        ("2026-11-24 10:15:00",),
        ("2026-11-24 10:15:04",),
        ("2026-11-24 10:15:05",),
    ]
    assert con.execute("select count(*) from staging.lookup_values where parser = 'timestamp'").fetchone()[0] == 0
    (layout,) = con.execute("select distinct header_id from raw.responses").fetchone()
    formats = timestamp_formats("id_ID")
    fitted = _formats_by_fit(con, settings.sources[0].name, layout, 0, formats)
    assert fitted[:3] == ["%d/%m/%Y %H.%M.%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] and sorted(fitted) == sorted(
        formats
    )


def _staged(con) -> dict[str, list[tuple]]:
    tables = ("staging.lodging_reports", "staging.complaints", "staging.rejects")
    return {table: con.execute(f"select * from {table} order by all").fetchall() for table in tables}


def test_incremental_build__equals_a_full_build_after_edits_deletions_and_appends(lodging_settings):
    settings, csv_path = lodging_settings
    con = _stage(settings)
    rows = _rows(csv_path)
    edited = rows[2][:]
    edited[3] = "Korsel"
    appended = rows[3][:]
    appended[0], appended[6] = "26/11/2026 07:00:00", "31/02/2026"
    # the first response is deleted, so the others move up a row
    write_csv(csv_path, rows[0], [edited, rows[3], appended])
    sync_source(con, settings, settings.sources[0])
    build_staging(con, settings)
    restaged = con.execute("select count(*) from changed_responses").fetchone()[0]
    incremental = _staged(con)
    build_staging(con, settings, full=True)
    assert incremental == _staged(con)
    assert restaged == 4  # deleted, edited, moved, appended
    assert [row[11] for row in incremental["staging.lodging_reports"]] == ["KOR", "KOR", "KOR"]
    assert [(row[5], row[7]) for row in incremental["staging.rejects"]] == [("permit_expiry_date", "DATE_UNPARSEABLE")]


def test_build_without_new_fetches__restages_and_parses_nothing(lodging_settings, monkeypatch):
    settings, _ = lodging_settings
    con = _stage(settings)
    before = _staged(con)
    parsed = []
    monkeypatch.setattr("pipelines.transform.staging.parse_distinct", lambda n, keys: parsed.extend(keys))
    sync_source(con, settings, settings.sources[0])  # nothing changed in the file
    build_staging(con, settings)
    assert con.execute("select count(*) from changed_responses").fetchone()[0] == 0
    assert parsed == [] and _staged(con) == before


def test_changed_parser_settings__rebuild_everything_and_parse_again(lodging_settings, tmp_path):
    settings, _ = lodging_settings
    con = _stage(settings)
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(
        settings.nationality_aliases_file.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8"
    )
    build_staging(con, settings.model_copy(update={"nationality_aliases_file": aliases}))
    assert con.execute("select count(*) from text_lodging").fetchone()[0] == 3
    assert con.execute("select count(*) from staging.lodging_reports").fetchone()[0] == 3


def test_bare_serang_is_no_reject_when_the_kecamatan_tells_which(tmp_path):
    bare = COMPLAINT_ROW[:6] + ["Serang"] + COMPLAINT_ROW[7:]
    without_kecamatan = [COMPLAINT_ROW[0].replace("09:00", "10:00"), *bare[1:7], "", *bare[8:]]
    csv_path = write_csv(tmp_path / "complaints.csv", COMPLAINT_HEADERS, [bare, without_kecamatan])
    settings = load_config(write_config(tmp_path, file_source("serang", csv_path, kind="complaint", office="SERANG")))
    con = _stage(settings)
    codes = con.execute("select kabkota_code, kecamatan_code from staging.complaints order by sheet_row_number")
    assert codes.fetchall()[0][0] == "36.73"  # Cipocok Jaya is in Kota Serang
    rejects = con.execute("select sheet_row_number, field, raw_value, reason from staging.rejects").fetchall()
    assert rejects == [(3, "kabkota", "Serang", "KABKOTA_AMBIGUOUS")]


def test_staging_fingerprint__changes_with_a_new_release_of_the_country_names(lodging_settings, monkeypatch):
    from pipelines.transform import staging

    settings, _ = lodging_settings
    before = staging.staging_fingerprint(settings, [], b"key")
    installed = staging.version
    monkeypatch.setattr(staging, "version", lambda name: "99.0" if name == "babel" else installed(name))
    assert staging.staging_fingerprint(settings, [], b"key") != before
