"""The read-only copies published after each build, so nobody but the pipeline ever opens the warehouse.

- The analysts' snapshot (`timpora sql`, notebooks, the DuckDB shell, exports, the default report)
  holds the analysts' schemas without any restricted column: persons, reporters and complainants
  are known there only by their keyed pseudonyms (`person_id`, `subject_id`), so joins still work.
- The restricted snapshot holds the same tables with every column, readable by its owner only
  (mode 0600); only the restricted report edition reads it.

Raw responses and staging are in neither: they stay in the warehouse and its backups.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.warehouse import fetch_first, read_sql

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
    "name_key",
    "identity_key",
)
OWNER_ONLY = 0o600


def publish_snapshots(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Publish the analysts' and the restricted snapshot of the open warehouse, each replaced atomically."""
    copy_tables(con, settings.snapshot_path, restricted=RESTRICTED_COLUMNS)
    copy_tables(con, settings.restricted_snapshot_path, restricted=(), mode=OWNER_ONLY)


def copy_tables(
    con: duckdb.DuckDBPyConnection, target: Path, restricted: tuple[str, ...], mode: int | None = None
) -> Path:
    """Copy the analysts' tables to `target` without the `restricted` columns, replacing it atomically.

    Views are copied as tables, so a snapshot stands alone. A session open on the old file keeps
    reading it until it reconnects.
    """
    tables = con.execute(read_sql("snapshot/tables.sql"), {"restricted": list(restricted)}).fetchall()
    with _replacing(con, target, mode) as alias:
        for schema, table, columns in tables:
            con.execute(f"create schema if not exists {alias}.{_quoted(schema)}")
            # identifiers from the catalog, quoted; no value is ever formatted into the text
            name, kept = f"{_quoted(schema)}.{_quoted(table)}", ", ".join(map(_quoted, columns))
            con.execute(f"create table {alias}.{name} as select {kept} from {name}")  # noqa: S608
    return target


def copy_warehouse(con: duckdb.DuckDBPyConnection, target: Path, mode: int | None = OWNER_ONLY) -> Path:
    """Copy the whole open warehouse (a backup) to `target`, replacing it atomically; owner-only by default."""
    with _replacing(con, target, mode) as alias:
        con.execute(f"copy from database {_quoted(fetch_first(con, 'select current_database()')[0])} to {alias}")
    return target


@contextmanager
def _replacing(con: duckdb.DuckDBPyConnection, target: Path, mode: int | None) -> Iterator[str]:
    """Attach a new database beside `target`; on success move it into place, on failure remove it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # one name: copies run under the writer lock, and a copy cut short by a kill is removed by the next
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
    con.execute("attach ? as copy_target", [str(temporary)])
    try:
        if mode is not None:  # before any row is written
            os.chmod(temporary, mode)
        yield "copy_target"
    except BaseException:
        con.execute("detach copy_target")
        temporary.unlink(missing_ok=True)
        raise
    con.execute("detach copy_target")
    os.replace(temporary, target)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
