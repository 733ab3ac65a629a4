"""Open the DuckDB warehouse, create its schema and run the SQL files kept under sql/."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
SCHEMA_FILES = ("raw/schema.sql", "state/schema.sql")
# a new DuckDB file starts with three 4 KiB headers (the file header and two database headers),
# written one after the other before any table; blocks of data only ever come after them
NEW_FILE_BYTES = 3 * 4096
# files that hold personal data (the warehouse, its backups and restricted copies) are readable by
# their owner only; the process's umask (pipelines/__init__.py) makes every other file so too
OWNER_ONLY = 0o600
# where `timpora backup` writes by default, relative to the working directory as a user types it
BACKUP_DIR = Path("backups")
# what is meant to be shared (the analysts' snapshot, default-edition reports, exports) is made readable
# explicitly, and the folders the pipeline creates can be entered: they show names only
SHARED = 0o644
SHARED_FOLDER = 0o755
# temporaries this package leaves beside a file it replaces (`.<name>.tmp`, DuckDB's `.<name>.tmp.wal`);
# one that no live process holds was left by a killed run
TEMPORARY_PATTERNS = (".*.duckdb.tmp", ".*.duckdb.tmp.wal", ".rakor_*.tmp", ".*.restoring", ".*.restoring.wal")
_SPILL_FILE = re.compile(r"^duckdb_temp_(\d+)_")


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
    params: Mapping[str, object] | None = None,
    after: Callable[[str], None] | None = None,
) -> None:
    """Run every statement of `sql/<name>`; parameters are bound by name (`$name`), never formatted in.

    DuckDB's own parser splits the text into statements; each is given the parameters it names, so
    one set of parameters serves a file whose statements use different ones. `after`, if given, is
    called with each statement's text once it has run.
    """
    for statement in con.extract_statements(read_sql(name)):
        used = {key: value for key, value in (params or {}).items() if key in statement.named_parameters}
        # read to the end: the next statement must not start while this one still holds a result
        con.execute(statement, used or None).fetchall()
        if after:
            after(statement.query)


def load_macros(con: duckdb.DuckDBPyConnection, themes: Iterable[str]) -> None:
    """Define the macros of `sql/macros/<theme>.sql` for each theme, in the order given.

    Each stage loads the themes it uses before its own SQL runs (temp macros last as long as the
    connection; a schema's macro, as a view needs, is kept in the warehouse).
    """
    for theme in themes:
        run_sql(con, f"macros/{theme}.sql")


def macro_files(themes: Iterable[str]) -> list[Path]:
    """The files `load_macros` runs for these themes (a stage's fingerprint hashes them)."""
    return [SQL_DIR / "macros" / f"{theme}.sql" for theme in themes]


def fetch_first(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> tuple | None:
    """The first row of a query, or None; the result is read to its end so the connection is free again."""
    rows = con.execute(sql, params).fetchall()
    return rows[0] if rows else None


def meta_value(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The value `state.meta` holds under `name` (a fingerprint, a scheme), or None when it holds none."""
    row = fetch_first(con, "select any_value(value) from state.meta where name = ?", [name])
    return row[0] if row else None


def set_meta_value(con: duckdb.DuckDBPyConnection, name: str, value: str, set_at: datetime) -> None:
    """Keep `value` under `name` in `state.meta`, in place of what it held."""
    con.execute("delete from state.meta where name = ?", [name])
    con.execute("insert into state.meta values (?, ?, ?)", [name, value, set_at])


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
        make_folder(path.parent)
        _set_aside_unfinished(path)
        _keep_private(path)
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
        _add_missing_columns(con)
    return con


def _add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add the columns a later release gave raw's tables to a warehouse created before it.

    Only where one is missing: even a no-op `add column if not exists` on raw.responses costs the
    next commit about a quarter of a second on a million responses, in every sync and build.
    """
    found = fetch_first(
        con,
        "select count(*) from duckdb_columns() "
        "where schema_name = 'raw' and table_name = 'responses' and column_name = 'moved_at'",
    )
    if not found[0]:
        con.execute("alter table raw.responses add column moved_at timestamptz")


def make_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each enterable by others (0755): it shows names only.

    Whatever a folder holds keeps its own mode; the folders are left open so that a shared file (the
    analysts' snapshot beside the warehouse, the default reports) can be read. An existing folder's
    mode is never changed.
    """
    missing = []
    wanted = folder = Path(folder)
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():  # a file where a folder should be: the error mkdir would give
        if missing:
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(wanted))
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(wanted))
    for created in reversed(missing):
        created.mkdir(exist_ok=True)
        os.chmod(created, SHARED_FOLDER)


def copy_new(source: Path, target: Path, mode: int) -> None:
    """Copy `source` to a file `target` that does not exist yet, made with `mode` before any byte is written."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    os.chmod(target, mode)  # the umask may have taken bits a shared copy needs
    shutil.copyfile(source, target)


def _keep_private(path: Path) -> None:
    """Make the warehouse, its write-ahead log and DuckDB's spill folder owner-only; remove dead runs' spill files.

    A warehouse restored or created by an earlier release may be readable by others; DuckDB keeps a
    file's mode, so it is set here before the warehouse is opened. A killed process leaves its spill
    files (`<warehouse>.tmp/duckdb_temp_<pid>_*`, pages of the tables it was building) behind, and
    DuckDB removes them only when it next spills; they are removed here once that process is gone.
    """
    for private in (path, path.with_name(path.name + ".wal")):
        _restrict(private, OWNER_ONLY)
    spill = path.with_name(path.name + ".tmp")  # DuckDB's default temp_directory
    if not spill.is_dir():
        return
    _restrict(spill, 0o700)
    for leftover in spill.iterdir():
        match = _SPILL_FILE.match(leftover.name)
        if match and not _is_running(int(match[1])):
            leftover.unlink(missing_ok=True)
        else:
            _restrict(leftover, OWNER_ONLY)


def _restrict(path: Path, mode: int) -> None:
    """Take every permission of group and others from `path`, if it exists and had any."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, mode)
    except FileNotFoundError:  # gone meanwhile (a spill file its process removed)
        pass


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporaries (`TEMPORARY_PATTERNS`) that killed runs left in `folder`; the paths removed.

    A temporary still being written is held by its writer (DuckDB's lock on a database it has attached,
    the flock `held_temporary` takes on any other) and is left alone, as is anything else in the folder.
    A DuckDB log whose database is gone is removed too.
    """
    folder = Path(folder)
    removed = []
    found = sorted({path for pattern in TEMPORARY_PATTERNS for path in folder.glob(pattern)})
    for path in found:
        if path.name.endswith(".wal"):
            continue
        if path.is_file() and not _is_held(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    for path in found:
        if path.name.endswith(".wal") and not path.with_name(path.name.removesuffix(".wal")).exists():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _is_held(path: Path) -> bool:
    """Whether another live process holds `path` (a POSIX lock, as DuckDB takes, or a flock)."""
    try:
        handle = path.open("rb")
    except OSError:
        return True
    # closing this handle would drop this process's own POSIX locks on the file; temporaries this
    # process writes are never looked at while it writes them (one copy at a time, under one call)
    with handle:
        for lock in (fcntl.lockf, fcntl.flock):
            try:
                lock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
    return False


@contextmanager
def held_temporary(path: Path, mode: int) -> Iterator[Path]:
    """Create the temporary file `path` with `mode` and hold it (a flock) while the block writes it.

    `remove_leftovers` leaves a held temporary alone; once its writer is gone, even killed, it is not
    held any longer.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.chmod(path, mode)  # the umask may have taken bits a shared file needs
        yield path
    finally:
        os.close(fd)


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
    """Move a DuckDB file (if there is one) to `aside`, and its write-ahead log with it; both owner-only."""
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
        _restrict(aside.with_name(aside.name + ".wal"), OWNER_ONLY)
    if path.exists():
        os.replace(path, aside)
        _restrict(aside, OWNER_ONLY)


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
