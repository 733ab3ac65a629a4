"""Open the DuckDB warehouse, create its schema and run the SQL files kept under sql/."""

from __future__ import annotations

import fcntl
import logging
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
SCHEMA_FILES = ("raw/schema.sql", "state/schema.sql")
# a new DuckDB file starts with three 4 KiB headers (the file header and two database headers),
# written one after the other before any table; blocks of data only ever come after them
NEW_FILE_BYTES = 3 * 4096
# files that hold personal data (the warehouse, its backups and restricted copies) are readable by
# their owner only
OWNER_ONLY = 0o600
# where `timpora backup` writes by default, relative to the working directory as a user types it
BACKUP_DIR = Path("backups")


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened; the message says how to recover."""


class WarehouseMissing(WarehouseError):
    """The file to read does not exist yet."""


class WarehouseLocked(WarehouseError):
    """Another process holds the file (a sync or build is running)."""


class WarehouseDamaged(WarehouseError):
    """The file is not a readable DuckDB database."""


def read_sql(name: str) -> str:
    """The text of `sql/<name>`."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[str]:
    """The .sql files of one layer folder, in name order (the order they run)."""
    return sorted(f"{folder}/{path.name}" for path in (SQL_DIR / folder).glob("*.sql"))


def run_sql(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict | None = None,
    after: Callable[[str], None] | None = None,
) -> None:
    """Run every statement of `sql/<name>`; parameters are bound by name, never formatted in.

    `after`, if given, is called with each statement's text once it has run.
    """
    for statement in _statements(read_sql(name)):
        code = "\n".join(line.split("--", 1)[0] for line in statement.splitlines())
        used = set(_PARAM.findall(code))
        # read to the end: the next statement must not start while this one still holds a result
        con.execute(statement, {key: value for key, value in (params or {}).items() if key in used} or None).fetchall()
        if after:
            after(statement)


def fetch_first(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> tuple | None:
    """The first row of a query, or None; the result is read to its end so the connection is free again."""
    rows = con.execute(sql, params).fetchall()
    return rows[0] if rows else None


def tables_exist(con: duckdb.DuckDBPyConnection, tables: Collection[str]) -> bool:
    """Whether every table named (`schema.table`) exists."""
    found = fetch_first(
        con, "select count(*) from duckdb_tables() where schema_name || '.' || table_name in ?", [list(tables)]
    )[0]
    return found == len(tables)


def set_variables(con: duckdb.DuckDBPyConnection, values: Mapping[str, object]) -> None:
    """Set DuckDB session variables (read by SQL as `getvariable('name')`); names are the caller's constants."""
    for name, value in values.items():
        con.execute(f"set variable {name} = $value", {"value": value})


def _statements(text: str) -> Iterator[str]:
    # statements end with ";" at the end of a line; sql files hold no such text inside strings
    buffer: list[str] = []
    for line in text.splitlines():
        buffer.append(line)
        if line.rstrip().endswith(";"):
            statement = "\n".join(buffer).strip()
            buffer = []
            if _has_code(statement):
                yield statement
    rest = "\n".join(buffer).strip()
    if _has_code(rest):
        yield rest


def _has_code(statement: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines())


def connect(
    path: Path, read_only: bool = False, sandboxed: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (creating folder, owner-only file and schema when writable).

    `sandboxed` (for analysts' ad-hoc SQL) also forbids reading or writing any other file.
    `memory_limit` (e.g. "1GB") caps DuckDB's memory; beyond it, DuckDB spills to `<path>.tmp`.

    Raises:
        WarehouseError: the file is locked by another process, or is not a readable DuckDB file.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissing(f"{path} does not exist yet: run `timpora sync` and `timpora build` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        _set_aside_unfinished(path)
    created = not read_only and not path.exists()
    try:
        config = {"enable_external_access": False} if sandboxed else {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        con = duckdb.connect(str(path), read_only=read_only, config=config)
        if created:  # raw responses are personal data: owner-only, before the first row lands
            os.chmod(path, OWNER_ONLY)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseLocked(
                f"warehouse {path} is in use by another process (a sync or build is running); "
                "analysts should query the published snapshot with `timpora sql`"
            ) from exc
        raise WarehouseDamaged(_corrupt_message(path, exc)) from exc
    except duckdb.Error as exc:
        raise WarehouseDamaged(_corrupt_message(path, exc)) from exc
    if not read_only:
        for name in SCHEMA_FILES:
            run_sql(con, name)
    return con


def _set_aside_unfinished(path: Path) -> None:
    """Move aside a warehouse file whose creation was cut short, so a new one is created in its place.

    A process killed while DuckDB writes the headers of a new file (the first sync's first instants,
    or a power cut before they reach the disk) leaves a file shorter than those headers, all zeros or
    a DuckDB header cut short. DuckDB refuses it ever after, so every later sync would fail; it holds
    no table yet, so nothing is lost. It is kept as `<name>.unfinished`. A file that another process is
    creating right now is locked by it and left alone, as is any short file that is not such a start.
    """
    try:
        handle = path.open("rb")
    except OSError:  # absent (a new warehouse), or unreadable: DuckDB's own error says what is wrong
        return
    with handle:
        start = handle.read(NEW_FILE_BYTES)
        if len(start) >= NEW_FILE_BYTES or not _is_header_start(start):
            return
        try:  # DuckDB holds a write lock on a file it has open
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return
        aside = path.with_name(path.name + ".unfinished")
        move_aside(path, aside)
    log.warning("warehouse %s was cut short while being created (%d bytes); moved to %s", path, len(start), aside)


def move_aside(path: Path, aside: Path) -> None:
    """Move a DuckDB file (if there is one) to `aside`, and its write-ahead log with it."""
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    if path.exists():
        os.replace(path, aside)


def _is_header_start(data: bytes) -> bool:
    # a DuckDB file header: an 8-byte checksum, then the magic bytes "DUCK"
    return not data.strip(b"\0") or data[8:12] == b"DUCK"


def latest_backup(path: Path) -> Path | None:
    """The newest file `timpora backup` wrote for this warehouse in its default folder, if any."""
    found = sorted(BACKUP_DIR.glob(f"{Path(path).stem}-*.duckdb"))
    return found[-1] if found else None


def _corrupt_message(path: Path, exc: Exception) -> str:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    backup = latest_backup(path)
    restore = f"`timpora restore {backup}` (the latest backup)" if backup else "`timpora restore BACKUP`"
    return (
        f"warehouse {path} is damaged and cannot be opened ({reason}). Recover with {restore}, or move the "
        "file aside and run `timpora sync --full` and `timpora build`, which rebuild it from the sources"
    )


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block in one transaction: all of it lands, or none of it."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
