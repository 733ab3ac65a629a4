"""Every CLI command in bad states: one clear line and a non-zero exit, never a traceback; text stays text.

`MATRIX` lists (state, command, what the output must say); a case whose fragment is marked `ok:` is a
command that works in that state (it must then exit 0). Run this module as a script to print the
matrix with what each case prints.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import (
    COMPLAINT_HEADERS,
    COMPLAINT_ROW,
    LODGING_HEADERS,
    TEST_PSEUDONYM_KEY,
    file_source,
    write_config,
    write_csv,
)
from pipelines import steps
from pipelines.cli import app

LODGING_ROW = [
    "24/11/2026 10:15:03", "Hotel Natuna", "Li Wei", "Tiongkok", "E12345678", "VoA", "20/11/2026", "Wisata",
    "Kab. Natuna", "Bunguran Timur", "10/11/2026", "25/11/2026",
]  # fmt: skip
BACKUP_NAME = "backups/wh-20261201T000000Z.duckdb"
WAREHOUSE_FILES = ("wh.duckdb", "wh_snapshot.duckdb", "wh_restricted.duckdb")


class Case(NamedTuple):
    """One cell of the matrix: in `state`, `args` prints `expect` (prefix `ok:` for a command that works)."""

    state: str
    args: tuple[str, ...]
    expect: str


MATRIX = [
    Case("no key", ("build",), "TIMPORA_PSEUDONYM_KEY is not set"),
    Case("no key", ("build",), "export TIMPORA_PSEUDONYM_KEY=demo-only-pseudonym-key-not-for-production`"),
    Case("no key", ("status",), "ok:last build: ok"),
    Case("no key", ("sql", "select count(*) as n from marts.persons"), "ok:1"),
    Case("short key", ("build",), "TIMPORA_PSEUDONYM_KEY is too short (5 bytes; at least 32)"),
    Case("short key", ("demo",), "TIMPORA_PSEUDONYM_KEY is too short"),
    Case("repeated key", ("build",), "TIMPORA_PSEUDONYM_KEY is too easy to guess"),
    Case("another key", ("build",), "differs from the one this warehouse was built with (last built 2026-11-26"),
    Case("another key", ("build",), "if this is a deliberate rotation, run `timpora build --rotate-key`"),
    Case("another key", ("build", "--rotate-key"), "ok:pseudonym key rotated"),
    Case("another key", ("demo",), "differs from the one this warehouse was built with"),
    Case("no warehouse", ("status",), "no warehouse at"),
    Case("no warehouse", ("alerts",), "no warehouse at"),
    Case("no warehouse", ("alerts", "ack", "abcd", "--by", "Budi"), "no warehouse at"),
    Case("no warehouse", ("sql", "select 1"), "wh_snapshot.duckdb does not exist yet"),
    Case("no warehouse", ("quality",), "wh_snapshot.duckdb does not exist yet"),
    Case("no warehouse", ("report", "--office", "RANAI"), "wh_snapshot.duckdb does not exist yet"),
    Case("no warehouse", ("export",), "wh_snapshot.duckdb does not exist yet"),
    Case("no warehouse", ("schema",), "wh_snapshot.duckdb does not exist yet"),
    Case("no warehouse", ("backup",), "no warehouse at"),
    Case("no warehouse", ("publish",), "ok:no office has a results spreadsheet ([offices.results] spreadsheet"),
    Case("no warehouse", ("serve",), "scheduling needs a Prefect server"),
    Case("no snapshot", ("status",), "ok:wh.duckdb ("),
    Case("no snapshot", ("alerts",), "no alerts yet: the warehouse has not been built"),
    Case("no snapshot", ("sql", "select 1"), "wh_snapshot.duckdb does not exist yet"),
    Case("no snapshot", ("quality",), "wh_snapshot.duckdb does not exist yet"),
    Case("only a failed sync", ("sync",), "source 'ranai_lodging': file not found"),
    Case("only a failed sync", ("alerts",), "no alerts yet: the warehouse has not been built"),
    Case("only a failed sync", ("status",), "ok:failed"),
    Case("damaged warehouse", ("status",), "is damaged and cannot be opened (IO Error: "),
    Case("damaged warehouse", ("status",), f"Recover with `timpora restore {BACKUP_NAME}` (the latest backup)"),
    Case("damaged warehouse", ("alerts",), "is damaged and cannot be opened"),
    Case("damaged warehouse", ("alerts", "ack", "abcd", "--by", "Budi"), "is damaged and cannot be opened"),
    Case("damaged warehouse", ("build",), "is damaged and cannot be opened"),
    Case("damaged warehouse", ("sync",), "is damaged and cannot be opened"),
    Case("damaged warehouse", ("backup",), "is damaged and cannot be opened"),
    Case("damaged warehouse", ("restore", BACKUP_NAME), "ok:restored; run `timpora sync` and `timpora build`"),
    Case("locked warehouse", ("status",), "ok:warehouse busy (a sync or build is running); showing the snapshot"),
    Case("locked warehouse", ("alerts",), "ok:warehouse busy"),
    Case("locked warehouse", ("build",), "build skipped: the warehouse is busy"),
    Case("locked warehouse", ("sync",), "skipped: the warehouse is busy"),
    Case("locked warehouse", ("backup",), "backup skipped: the warehouse is busy"),
    Case("locked warehouse", ("alerts", "ack", "abcd", "--by", "Budi"), "is in use by another process"),
    Case("killed build", ("status",), "ok:last build: interrupted (stopped before it finished"),
    Case("earlier release", ("status",), "the warehouse predates this release: run `timpora sync` once"),
    Case("missing paths", ("--config", "missing.toml", "status"), "config file not found: missing.toml"),
    Case("missing paths", ("sql", "@sql/queries/missing.sql"), "query file sql/queries/missing.sql not found"),
    Case("missing paths", ("sql", "@README.md"), "README.md: timpora sql reads queries from .sql files only"),
    Case("missing paths", ("restore", "missing.duckdb"), "backup file missing.duckdb not found"),
    Case("missing paths", ("restore", "timpora.toml"), "timpora.toml is not a Timpora warehouse backup"),
    Case("missing paths", ("report", "--office", "RANAI", "--out", "timpora.toml"), "timpora.toml: File exists"),
    Case("missing paths", ("report", "--office", "RANAI", "--out", "timpora.toml/x"), "toml/x: Not a directory"),
    Case("missing paths", ("schema", "--out", "timpora.toml/schema.md"), "timpora.toml: File exists"),
    Case("missing paths", ("export", "--out", "timpora.toml"), "timpora.toml"),
    Case("missing paths", ("backup", "--out", "timpora.toml/b.duckdb"), "timpora.toml: File exists"),
    Case("missing paths", ("sql", "select 1", "--format", "xml"), "unknown format 'xml'; use table, csv, json"),
    Case("missing paths", ("alerts", "--format", "xml"), "unknown format 'xml'"),
    Case("text with [...]", ("alerts",), "ok:Budi: cek [/x]"),
    Case("text with [...]", ("alerts", "--format", "csv"), "ok:cek [/x] hotel"),
    Case("text with [...]", ("alerts", "--status", "[/x]"), "unknown status [/X]; use open, all, or OPEN"),
    Case("text with [...]", ("alerts", "--office", "[/x]"), "unknown office '[/x]'"),
    Case("text with [...]", ("sync",), "ok:header changed: added [/x] catatan; removed -"),
    Case("text with [...]", ("sql", "select '[/x]' as \"[b]\""), "ok:[/x]"),
    Case("text with [...]", ("report", "--office", "[/x]"), "unknown office '[/x]'"),
    Case("text with [...]", ("quality", "--office", "[/x]"), "unknown office '[/x]'"),
    Case("text with [...]", ("build", "--as-of", "[/x]"), "expected a date like 2026-11-24, got '[/x]'"),
    Case("text with [...]", ("[/x]",), "No such command '[/x]'"),
]


@pytest.fixture(scope="module")
def built_files(tmp_path_factory) -> Path:
    """A warehouse, snapshot and restricted copy after `sync` and `build --as-of 2026-11-26`, made once."""
    folder = tmp_path_factory.mktemp("built")
    config = make_folder(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        build_day_is_today(patch)
        for args in (("sync",), ("build", "--as-of", "2026-11-26")):
            assert invoke(config, *args).exit_code == 0
    return folder


def build_day_is_today(patch: pytest.MonkeyPatch) -> None:
    """`build --as-of 2026-11-26` as of today, so it carries the alert state (not a what-if)."""
    patch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))


@pytest.fixture(autouse=True)
def today_is_the_builds_date(monkeypatch):
    build_day_is_today(monkeypatch)


def make_folder(folder: Path, lodging: bool = True) -> Path:
    """A config over a lodging and a complaint CSV in `folder`; writers never wait for one another."""
    lodging_csv = folder / "ranai.csv"
    if lodging:
        write_csv(lodging_csv, LODGING_HEADERS, [LODGING_ROW])
    complaints = write_csv(folder / "complaints.csv", COMPLAINT_HEADERS, [COMPLAINT_ROW])
    sources = file_source("ranai_lodging", lodging_csv)
    sources += file_source("serang_complaint", complaints, kind="complaint", office="SERANG")
    return write_config(folder, sources, "writer_wait_seconds = 0")


def invoke(config: Path | None, *args: str):
    """The CLI in-process, 80 columns wide (a traceback is then `result.exception`)."""
    prefix = [] if config is None or "--config" in args else ["--config", str(config)]
    # each CLI run is a process of its own: the log handler an earlier run set on its (closed) stderr goes
    for handler in [h for h in logging.root.handlers if getattr(getattr(h, "stream", None), "closed", False)]:
        logging.root.removeHandler(handler)
    return CliRunner().invoke(app, [*prefix, *args], env={"COLUMNS": "80"})


@contextmanager
def state(name: str, folder: Path, built_files: Path, monkeypatch) -> Iterator[Path]:
    """Set up one bad state in `folder` (the working directory); yields the config."""
    monkeypatch.chdir(folder)
    config = make_folder(folder, lodging=name != "only a failed sync")
    if name not in ("no warehouse", "no snapshot", "only a failed sync"):
        for file_name in WAREHOUSE_FILES:
            shutil.copyfile(built_files / file_name, folder / file_name)
    setup = SETUPS.get(name)
    if setup is None:
        yield config
    else:
        with setup(folder, config, monkeypatch) as ready:
            yield ready


@contextmanager
def _no_key(folder, config, monkeypatch):
    monkeypatch.delenv("TIMPORA_PSEUDONYM_KEY")
    yield config


@contextmanager
def _key(value: str, monkeypatch, config):
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", value)
    yield config


@contextmanager
def _no_snapshot(folder, config, monkeypatch):
    assert invoke(config, "sync").exit_code == 0
    yield config


@contextmanager
def _failed_sync(folder, config, monkeypatch):
    assert invoke(config, "sync", "--source", "ranai_lodging").exit_code == 1  # its CSV is missing
    yield config


@contextmanager
def _damaged(folder, config, monkeypatch):
    (folder / "backups").mkdir()
    shutil.copyfile(folder / "wh.duckdb", folder / BACKUP_NAME)
    (folder / "wh.duckdb").write_bytes(b"not a database" * 1000)
    yield config


@contextmanager
def _locked(folder, config, monkeypatch):
    # another process holds the writer lock and DuckDB's own lock, as a running sync does
    holder = (
        "import duckdb, fcntl, sys, time\n"
        "lock = open(sys.argv[1] + '.lock', 'a+'); fcntl.flock(lock, fcntl.LOCK_EX)\n"
        "lock.write('sync (pid 1) since 2026-11-26 10:00:00 UTC\\n'); lock.flush()\n"
        "con = duckdb.connect(sys.argv[1]); print('holding', flush=True); time.sleep(120)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder, str(folder / "wh.duckdb")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "holding"
        yield config
    finally:
        process.kill()
        process.wait()


@contextmanager
def _killed_build(folder, config, monkeypatch):
    # what a build killed mid-way leaves: its row still 'running', nobody holding the writer lock
    con = duckdb.connect(str(folder / "wh.duckdb"))
    con.execute("insert into state.builds values (gen_random_uuid()::varchar, now(), null, date '2026-11-27', "
                "'running', null)")  # fmt: skip
    con.close()
    yield config


@contextmanager
def _earlier_release(folder, config, monkeypatch):
    # a warehouse made before this release's state tables existed, not yet opened for writing since
    con = duckdb.connect(str(folder / "wh.duckdb"))
    con.execute("drop table state.source_locales")
    con.close()
    yield config


@contextmanager
def _brackets(folder, config, monkeypatch):
    alert_id = json.loads(invoke(config, "sql", "select alert_id from marts.alerts", "--format", "json").output)
    acked = invoke(config, "alerts", "ack", alert_id[0]["alert_id"], "--by", "Budi", "--note", "cek [/x] hotel")
    assert acked.exit_code == 0, acked.output
    write_csv(folder / "ranai.csv", [*LODGING_HEADERS, "[/x] catatan"], [[*LODGING_ROW, "[b]tamu[/b]"]])
    yield config


SETUPS = {
    "no key": _no_key,
    "short key": lambda folder, config, patch: _key("short", patch, config),
    "repeated key": lambda folder, config, patch: _key("a" * 40, patch, config),
    "another key": lambda folder, config, patch: _key("another-pseudonym-key-0123456789abcdef", patch, config),
    "no snapshot": _no_snapshot,
    "only a failed sync": _failed_sync,
    "damaged warehouse": _damaged,
    "locked warehouse": _locked,
    "killed build": _killed_build,
    "earlier release": _earlier_release,
    "text with [...]": _brackets,
}


def check(case: Case, result) -> str:
    """What the command printed, after asserting the case holds: no traceback, and for a mistake one line."""
    shown = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), "".join(
        traceback.format_exception(result.exception)
    )
    assert "Traceback" not in shown
    works, expect = case.expect.startswith("ok:"), case.expect.removeprefix("ok:")
    assert expect in " ".join(shown.split()), shown
    if works:
        assert result.exit_code == 0, shown
        return expect
    assert result.exit_code != 0, shown
    if "No such command" in expect or "expected a date" in expect:  # typer's usage panel: a box around one line
        return expect
    # one line; a sync prints one per source, each a whole message
    lines = [" ".join(line.split()) for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 or all(expect in line for line in lines), shown
    return " / ".join(lines)


@pytest.mark.parametrize("case", MATRIX, ids=[f"{case.state}-{' '.join(case.args)}" for case in MATRIX])
def test_cli_in_a_bad_state__one_clear_line_never_a_traceback(case, built_files, tmp_path, monkeypatch):
    with state(case.state, tmp_path, built_files, monkeypatch) as config:
        check(case, invoke(config, *case.args))


def test_sync_with_a_bracketed_header__goes_on_to_the_next_source(built_files, tmp_path, monkeypatch):
    with state("text with [...]", tmp_path, built_files, monkeypatch) as config:
        result = invoke(config, "sync")
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    synced = con.execute("select source_name, count(*) from raw.fetches where status = 'ok' group by all").fetchall()
    assert dict(synced) == {"ranai_lodging": 2, "serang_complaint": 2}  # the build's sync, then this one


def test_killed_build__is_interrupted_only_while_no_writer_holds_the_lock(built_files, tmp_path, monkeypatch):
    from pipelines.core.locks import writer_lock

    with state("killed build", tmp_path, built_files, monkeypatch) as config:
        with writer_lock(tmp_path / "wh.duckdb", "build", 0):  # a build starting: lock taken, file not yet open
            running = invoke(config, "status")
        assert "last build: running" in running.output
        assert "last build: interrupted" in invoke(config, "status").output


def test_help_and_hints__keep_their_square_brackets(tmp_path):
    config = make_folder(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace('"serang_complaint"', '"[b]x[/b]"'), encoding="utf-8")
    synced = CliRunner().invoke(app, ["--config", str(config), "sync"], env={"COLUMNS": "200"})
    assert synced.exit_code == 0 and "[b]x[/b]" in synced.output, synced.output  # a source's name from the config
    assert "[offices.results]" in invoke(config, "publish").output
    assert "[query] timeout_seconds and memory_limit" in invoke(config, "sql", "--help").output


if __name__ == "__main__":  # the matrix as a markdown table, with what each case prints
    import tempfile

    with tempfile.TemporaryDirectory() as base, pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        build_day_is_today(patch)
        built = Path(base) / "built"
        built.mkdir()
        config = make_folder(built)
        for args in (("sync",), ("build", "--as-of", "2026-11-26")):
            invoke(config, *args)
        print("| state | command | prints (exit) |\n|---|---|---|")
        for number, case in enumerate(MATRIX):
            folder = Path(base) / str(number)
            folder.mkdir()
            with pytest.MonkeyPatch.context() as case_patch, state(case.state, folder, built, case_patch) as cfg:
                result = invoke(cfg, *case.args)
                lines = [" ".join(line.split()) for line in (result.stderr or result.output).splitlines()]
                line = " / ".join(line for line in lines if line.strip("─━│┃┏┓┗┛┡┩╇ "))[:200]
                print(f"| {case.state} | `timpora {' '.join(case.args)}` | {line} ({result.exit_code}) |")
