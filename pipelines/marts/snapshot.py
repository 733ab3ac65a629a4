"""The read-only copies published after each build, so nobody but the pipeline ever opens the warehouse.

- The analysts' snapshot (`timpora sql`, notebooks, the DuckDB shell, exports, the default report)
  holds the analysts' schemas without any restricted column: persons, reporters and complainants
  are known there only by their keyed pseudonyms (`person_id`, `subject_id`), so joins still work.
  Raw responses, staging and the per-report rows are not in it; its tables of persons, complaints and
  alerts are generalised (`GENERALISED_TABLES`, docs/privacy.md).
- The restricted snapshot is a copy of the warehouse file as the build left it: every table and
  column, raw responses and staging included. It is readable by its owner only (mode 0600), like
  the warehouse and its backups. The restricted report edition reads it, and the default edition
  reads its alert rows (never a name) there. Copying the file takes a fraction of a second; writing
  its tables took seconds.

After an incremental build, an analysts' snapshot that shows the build before it starts from a copy
of itself: its large tables change only at the keys the build changed (`CHANGED_KEYS`), the rest are
copied again. Any other build copies every table.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.core.config import Settings
from pipelines.core.warehouse import OWNER_ONLY, SHARED, copy_new, fetch_first, make_folder, read_sql, remove_leftovers
from pipelines.marts.build import CHANGED_KEYS

# personal data (UU 27/2022): identities, contacts, addresses and free identifiers of persons,
# reporters and complainants; never in the analysts' snapshot, the export or the default report
RESTRICTED_COLUMNS = (
    "full_name",
    "passport_number",
    "date_of_birth",
    "permit_number",
    "address",
    "reporter_name",
    "reporter_phone",
    "establishment_name",
    "complainant_name",
    "complainant_phone",
    "subject_name",
    "identity_key",
)
# pointers back to a form row: with the form sheet or its download, anyone could name the person behind a
# row of the snapshot. Never in the analysts' snapshot (the day of submission is, in `submitted_date`)
POINTER_COLUMNS = ("response_key", "raw_version", "sheet_row_number", "submitted_at")
# tables whose analysts' copy is generalised (dates to weeks, rare combinations suppressed; see each file
# and docs/privacy.md): copied whole from their query, as a row's generalisation depends on the others
GENERALISED_TABLES = {
    "marts.alerts": "snapshot/analysts/alerts.sql",
    "marts.persons": "snapshot/analysts/persons.sql",
    "marts.complaints": "snapshot/analysts/complaints.sql",
    # not generalised, but copied from a query all the same: without the pseudonym key's fingerprint
    "state.meta": "snapshot/analysts/meta.sql",
}


def publish_snapshots(con: duckdb.DuckDBPyConnection, settings: Settings, previous_build: str | None = None) -> None:
    """Publish the restricted and the analysts' snapshot of the open warehouse, each replaced atomically.

    `previous_build`: after an incremental build, the build before it; an analysts' snapshot that
    shows it is brought up to date from a copy of itself instead of copied whole.
    """
    con.execute("checkpoint")  # the whole warehouse in its file, nothing left in the WAL: then it can be copied
    copy_file(settings.warehouse, settings.restricted_snapshot_path, OWNER_ONLY)
    copy_tables(con, settings.snapshot_path, RESTRICTED_COLUMNS + POINTER_COLUMNS, previous_build, GENERALISED_TABLES)


def copy_file(source: Path, target: Path, mode: int) -> Path:
    """Copy `source` to `target` with `mode`, replacing it atomically (a reader sees the old file or the new)."""
    temporary = _temporary_beside(target)
    try:
        copy_new(source, temporary, mode)
        with temporary.open("rb") as copied:  # on disk before it replaces the published file
            os.fsync(copied.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def copy_tables(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    restricted: tuple[str, ...],
    previous_build: str | None = None,
    generalised: dict[str, str] | None = None,
) -> Path:
    """Copy the analysts' tables to `target` without the `restricted` columns, replacing it atomically.

    The snapshot is meant to be shared: it is readable by others (mode 0644), whatever the umask.

    Views are copied as tables, so a snapshot stands alone. A session open on the old file keeps
    reading it until it reconnects. When `target` shows `previous_build`, the tables of
    `CHANGED_KEYS` are changed only at the keys the build's session holds (rows deleted, then
    copied again); a table whose columns differ is copied whole. A table in `generalised` is copied
    whole from the query in its SQL file, which reads the table and returns the same columns.
    """
    tables = con.execute(read_sql("snapshot/tables.sql"), {"restricted": list(restricted)}).fetchall()
    start_from = target if previous_build and _published_build(con, target) == previous_build else None
    with _replacing(con, target, SHARED, start_from) as alias:
        kept = _columns(con, alias) if start_from else {}
        for schema, table, columns in tables:
            con.execute(f"create schema if not exists {alias}.{_quoted(schema)}")
            # identifiers from the catalog or this package's constants, quoted; no value is ever formatted in
            name, listed = f"{_quoted(schema)}.{_quoted(table)}", ", ".join(map(_quoted, columns))
            changed = CHANGED_KEYS.get(f"{schema}.{table}")
            query = (generalised or {}).get(f"{schema}.{table}")
            if query:
                kept.pop((schema, table), None)
                con.execute(
                    f"create or replace table {alias}.{name} as select {listed} from ({read_sql(query)})"  # noqa: S608
                )
            elif changed and kept.pop((schema, table), None) == columns:
                scope, keys = changed
                match = " and ".join(f"changed.{_quoted(key)} = published.{_quoted(key)}" for key in keys)
                con.execute(
                    f"delete from {alias}.{name} as published "  # noqa: S608
                    f"where exists (select 1 from {scope} as changed where {match})"
                )
                con.execute(
                    f"insert into {alias}.{name} select {listed} from {name} "  # noqa: S608
                    f"semi join {scope} using ({', '.join(map(_quoted, keys))})"
                )
            else:
                kept.pop((schema, table), None)
                con.execute(f"create or replace table {alias}.{name} as select {listed} from {name}")  # noqa: S608
        for schema, table in kept:  # gone from the warehouse since
            con.execute(f"drop table {alias}.{_quoted(schema)}.{_quoted(table)}")
    return target


def _published_build(con: duckdb.DuckDBPyConnection, target: Path) -> str | None:
    """The last build the snapshot at `target` shows; None when there is none or it cannot be read."""
    if not target.exists():
        return None
    try:
        con.execute("attach ? as published (read_only)", [str(target)])
    except duckdb.Error:
        return None
    try:
        row = fetch_first(
            con, "select build_id from published.state.builds where status = 'ok' order by started_at desc limit 1"
        )
    except duckdb.Error:
        row = None
    finally:
        con.execute("detach published")
    return row[0] if row else None


def _columns(con: duckdb.DuckDBPyConnection, alias: str) -> dict[tuple[str, str], list[str]]:
    """Each table of an attached database with its columns in order."""
    rows = con.execute(
        "select schema_name, table_name, list(column_name order by column_index) from duckdb_columns() "
        "where database_name = ? group by all",
        [alias],
    ).fetchall()
    return {(schema, table): columns for schema, table, columns in rows}


def copy_warehouse(con: duckdb.DuckDBPyConnection, target: Path, mode: int = OWNER_ONLY) -> Path:
    """Copy the whole open warehouse (a backup) to `target`, replacing it atomically; owner-only by default."""
    with _replacing(con, target, mode) as alias:
        con.execute(f"copy from database {_quoted(fetch_first(con, 'select current_database()')[0])} to {alias}")
    return target


@contextmanager
def _replacing(
    con: duckdb.DuckDBPyConnection, target: Path, mode: int, start_from: Path | None = None
) -> Iterator[str]:
    """Attach a new database with `mode` beside `target` (a copy of `start_from`, if given); on success, move it there.

    On failure the new file is removed.
    """
    temporary = _temporary_beside(target)
    if start_from is not None:
        copy_new(start_from, temporary, mode)
    con.execute("attach ? as copy_target", [str(temporary)])
    try:
        os.chmod(temporary, mode)  # before any row is written; its log has the umask's owner-only mode
        yield "copy_target"
    except BaseException:
        con.execute("detach copy_target")
        temporary.unlink(missing_ok=True)
        raise
    con.execute("detach copy_target")
    os.replace(temporary, target)


def _temporary_beside(target: Path) -> Path:
    """The file a copy is made in before it replaces `target`: beside it, nothing (nor a WAL) left there.

    Copies run under the writer lock. The temporaries that killed copies left in the folder (those of
    timestamped backups too, which no later copy would ever name again) are removed first.
    """
    make_folder(target.parent)
    remove_leftovers(target.parent)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
    return temporary


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
