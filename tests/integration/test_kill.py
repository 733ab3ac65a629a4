"""A sync or build killed (SIGKILL) at random points: the warehouse still opens, no lock is left
blocking, the next run completes, raw equals the source and the snapshot is always a whole file.

Each run is the real command line (`timpora --config … sync|build`) in its own process, killed by
the test. Importing the CLI takes seconds on a slow machine, longer than the work itself, so one
process imports it once and forks a child per run; the child calls the CLI as the `timpora` entry
point does and is what gets killed, so every kill lands in the work, never in the imports.
"""

from __future__ import annotations

import csv
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from bench.generate import rows_for_benchmark
from conftest import REPO, TEST_PSEUDONYM_KEY, file_source, write_config, write_csv
from pipelines.core.config import Settings, load_config
from pipelines.core.locks import WarehouseBusy, writer_lock
from pipelines.core.warehouse import WarehouseError, connect
from pipelines.marts.build import run_checks

SEED = 20261126
AS_OF = "2026-12-28"  # the end of the rows rows_for_benchmark writes, so alerts are assessed on their dates
SYNC_KILLS = 7
BUILD_KILLS = 3
# source name -> (rows at the start, rows kept in reserve to append later, generator seed)
SOURCES = {"ranai_lodging": (1500, 600, 11), "natuna_lodging": (1000, 400, 12)}
RUN_TIMEOUT = 300.0

# imports the CLI once, then per request forks a child that runs it (fd 1 and 2 go to a log file)
# and reports the child's pid; "wait" reaps it and reports its exit code (-9 when killed), its
# seconds from fork to exit and its CPU seconds
FORK_SERVER = r"""
import json, os, sys, time, traceback
from pipelines.cli import app

def run(args, log):
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    code = 0
    try:
        app(args, prog_name="timpora")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

def reap(pid, timeout):
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, False
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            _, status, usage = os.wait4(pid, 0)
            return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, True
        time.sleep(0.01)

started = {}
print(json.dumps({"ready": os.getpid()}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "run":
        pid = os.fork()
        if pid == 0:
            run(request["args"], request["log"])
        started[pid] = time.monotonic()
        print(json.dumps({"pid": pid}), flush=True)
    else:
        code, cpu, timed_out = reap(request["pid"], request["timeout"])
        seconds = time.monotonic() - started.pop(request["pid"])
        print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "timed_out": timed_out}), flush=True)
"""


@dataclass(frozen=True)
class Run:
    """One run of the CLI: its exit code (-9 when killed), how long it ran (wall and CPU), its output."""

    code: int
    seconds: float
    cpu: float
    output: str

    @property
    def killed(self) -> bool:
        return self.code == -signal.SIGKILL


class ForkServer:
    """A process with the CLI imported; each `run` is a fresh child of it running one command."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO,
            env=env,
            text=True,
        )
        self.children: set[int] = set()
        try:
            self._reply(timeout=RUN_TIMEOUT)
        except BaseException:
            self.close()
            raise

    def _reply(self, timeout: float) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        assert line, f"the fork server gave no answer in {timeout:.0f} s (exit code {self.process.poll()})"
        return json.loads(line)

    def start(self, args: list[str], log: Path) -> int:
        self.process.stdin.write(json.dumps({"op": "run", "args": args, "log": str(log)}) + "\n")
        self.process.stdin.flush()
        pid = self._reply(timeout=30)["pid"]
        self.children.add(pid)
        return pid

    def wait(self, pid: int, log: Path) -> Run:
        self.process.stdin.write(json.dumps({"op": "wait", "pid": pid, "timeout": RUN_TIMEOUT}) + "\n")
        self.process.stdin.flush()
        reply = self._reply(timeout=RUN_TIMEOUT + 30)
        self.children.discard(pid)
        output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        assert not reply["timed_out"], f"{log.name}: the run hung for {RUN_TIMEOUT:.0f} s:\n{output}"
        return Run(reply["code"], reply["seconds"], reply["cpu"], output)

    def run(self, args: list[str], log: Path, kill_after: float | None = None) -> Run:
        """Run one command to its end, or SIGKILL it `kill_after` seconds after it started."""
        pid = self.start(args, log)
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(pid, signal.SIGKILL)  # the child is not reaped before `wait`: its pid is still its own
        return self.wait(pid, log)

    def close(self) -> None:
        for pid in self.children:
            os.kill(pid, signal.SIGKILL)
        self.process.kill()  # it holds nothing but the imports
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture(scope="module")
def cli():
    env = {**os.environ, "PYTHONPATH": str(REPO), "TIMPORA_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
    server = ForkServer(env)
    yield server
    server.close()


class Pipeline:
    """A config with two lodging CSV sources in a temp folder, and the CLI runs on it."""

    def __init__(self, folder: Path, cli: ForkServer) -> None:
        self.folder = folder
        self.cli = cli
        self.rows: dict[str, list[list[str]]] = {}
        self.reserve: dict[str, list[list[str]]] = {}
        self.paths: dict[str, Path] = {}
        for name, (count, spare, seed) in SOURCES.items():
            generated = rows_for_benchmark(count + spare, folder / "generated" / f"{name}.csv", seed=seed)
            with generated.open(encoding="utf-8", newline="") as handle:
                self.headers, *rows = list(csv.reader(handle))
            self.rows[name], self.reserve[name] = rows[:count], rows[count:]
            self.paths[name] = folder / f"{name}.csv"
            self.write(name)
        sources = "".join(file_source(name, path) for name, path in self.paths.items())
        self.config = write_config(folder, sources, extra="writer_wait_seconds = 5")
        self.settings: Settings = load_config(self.config)
        self.runs = 0

    def write(self, name: str) -> None:
        write_csv(self.paths[name], self.headers, self.rows[name])

    def run(self, *command: str, kill_after: float | None = None) -> Run:
        self.runs += 1
        log = self.folder / "runs" / f"{self.runs:02d}-{'-'.join(command)}.log"
        log.parent.mkdir(exist_ok=True)
        return self.cli.run(["--config", str(self.config), *command], log, kill_after)

    def expected(self, name: str) -> list[tuple[int, list[str]]]:
        """The source file's rows as raw must hold them: (sheet row number, cells), in file order."""
        return [(number, list(cells)) for number, cells in enumerate(self.rows[name], start=2)]

    def change_source(self, rng: random.Random) -> str:
        """Append, edit or delete rows of one source (or several edits at once); what was done."""
        name = rng.choice(sorted(self.rows))
        rows, reserve = self.rows[name], self.reserve[name]
        kind = rng.choice(["append", "edit", "delete", "many"])
        if kind == "append":
            taken = [reserve.pop(0) for _ in range(min(rng.randint(1, 40), len(reserve)))]
            rows.extend(taken)
            done = f"appended {len(taken)} rows"
        elif kind == "edit":
            done = f"edited row {_edit(rng, rows)}"
        elif kind == "delete":
            index = rng.randrange(len(rows))
            del rows[index]
            done = f"deleted row {index}"
        else:
            taken = [reserve.pop(0) for _ in range(min(200, len(reserve)))]
            rows.extend(taken)
            edited = [_edit(rng, rows) for _ in range(150)]
            for _ in range(20):
                rows.pop(rng.randrange(len(rows)))
            done = f"appended {len(taken)}, edited {len(edited)} and deleted 20 rows"
        self.write(name)
        return f"{name}: {done}"


def _edit(rng: random.Random, rows: list[list[str]]) -> int:
    """Give one row another foreigner's name (column 5); its index."""
    index = rng.randrange(len(rows))
    names = {row[4] for row in rng.sample(rows, 5)} - {rows[index][4]}
    row = list(rows[index])  # a new list: the rows of earlier states stay as they were
    row[4] = sorted(names)[0] if names else row[4] + " BIN ABDULLAH"
    rows[index] = row
    return index


def current_rows(con: duckdb.DuckDBPyConnection, source_name: str) -> list[tuple[int, list[str]]]:
    rows = con.execute(
        "select sheet_row_number, cells from raw.responses where source_name = ? "
        "and superseded_at is null and deleted_at is null order by sheet_row_number",
        [source_name],
    ).fetchall()
    return [(number, list(cells)) for number, cells in rows]


def raw_problems(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Rows breaking the raw layer's invariants (none expected, killed or not)."""
    return con.execute(
        """
        select 'more than one latest version' as problem, source_name, response_key
        from raw.responses where superseded_at is null group by all having count(*) > 1
        union all
        select 'versions not 1..n', source_name, response_key
        from raw.responses group by all having count(*) <> max(version) or count(distinct version) <> count(*)
        union all
        select 'rows of a fetch that was not logged as ok', source_name, response_key
        from raw.responses
        where fetch_id not in (select fetch_id from raw.fetches where status = 'ok')
        """
    ).fetchall()


def differences(actual: list[tuple[int, list[str]]], expected: list[tuple[int, list[str]]]) -> str:
    """The first few rows where raw and the file differ, to read in a failure message."""
    if actual == expected:
        return "none"
    wrong = [(a, e) for a, e in zip(actual, expected, strict=False) if a != e][:3]
    return f"{len(actual)} rows in raw, {len(expected)} in the file; first differing (raw, file): {wrong}"


def assert_lock_free(settings: Settings, what: str) -> None:
    """The writer lock is free at once: a killed holder leaves nothing that blocks the next run."""
    try:
        with writer_lock(settings.warehouse, "test after a kill", 0):
            pass
    except WarehouseBusy as exc:
        pytest.fail(f"{what}: the killed run's lock blocks the next one: {exc}")


def kill_points(rng: random.Random, count: int) -> list[float]:
    """`count` points of a run's span, as fractions of it: one in each slice of the span, in random order."""
    points = [0.02 + 0.93 * (slot + rng.random()) / count for slot in range(count)]
    rng.shuffle(points)
    return points


def killed_runs(pipeline, rng, count, first, args, history, change=None):
    """Run `args` `count` times, each killed at a seeded point of the uninterrupted run's span.

    Yields (number, where, run) after each kill, once the run was killed or had finished cleanly;
    `change` (if any) alters the source before each run and says how. Every (delay, run) goes to `history`.
    """
    command = args[0]
    span = first.seconds  # shortened when a run finishes before its kill: the machine got faster
    for number, point in enumerate(kill_points(rng, count), start=1):
        changed = f" ({change()})" if change else ""
        delay = point * span
        run = pipeline.run(*args, kill_after=delay)
        history.append((delay, run))
        span = span if run.killed else min(span, run.seconds)
        where = f"{command} kill {number} after {delay:.2f} s of a {first.seconds:.2f} s {command}{changed}"
        print(f"\n{where}: {'killed' if run.killed else f'had finished, exit {run.code}'}", end="")
        assert run.killed or run.code == 0, f"{where}: exit code {run.code}:\n{run.output}"
        yield number, where, run


def timing(run: Run) -> str:
    return f"an uninterrupted run took {run.seconds:.2f} s ({run.cpu:.2f} s CPU)"


def killed_runs_summary(runs: list[tuple[float, Run]]) -> str:
    """Each kill's delay and whether the run was still working (killed) or had finished (exit code)."""
    return ", ".join(f"{delay:.2f} s: {'killed' if run.killed else f'exit {run.code}'}" for delay, run in runs)


def test_killed_syncs__warehouse_opens_next_sync_completes_and_raw_equals_the_source(tmp_path, cli):
    rng = random.Random(SEED)
    pipeline = Pipeline(tmp_path, cli)
    settings = pipeline.settings

    first = pipeline.run("sync")
    assert first.code == 0, f"the first, uninterrupted sync failed:\n{first.output}"
    synced = {name: pipeline.expected(name) for name in SOURCES}
    history = []

    def change() -> str:
        return pipeline.change_source(rng) if rng.random() < 0.75 else "no change"

    for number, where, _ in killed_runs(pipeline, rng, SYNC_KILLS, first, ("sync",), history, change):
        # every source holds its rows from before the killed sync or the file's, never a mix; half
        # the time the test opens the warehouse for writing (replaying what the dead run left in the
        # write-ahead log), half the time it leaves that to the next sync
        assert_lock_free(settings, where)
        con = connect(settings.warehouse, read_only=number % 2 == 1)
        try:
            for name in SOURCES:
                raw = current_rows(con, name)
                assert raw in (synced[name], pipeline.expected(name)), (
                    f"{where}: raw of {name} is neither the previous sync nor the file: "
                    f"{differences(raw, pipeline.expected(name))}"
                )
                synced[name] = raw
            assert raw_problems(con) == [], where
        finally:
            con.close()

    print(f"\n{SYNC_KILLS} syncs killed; {timing(first)}: {killed_runs_summary(history)}")
    assert sum(run.killed for _, run in history) >= SYNC_KILLS // 2, (
        f"too few syncs were still running when killed: {killed_runs_summary(history)}"
    )

    last = pipeline.run("sync")
    assert last.code == 0, f"the sync after the kills failed:\n{last.output}"
    con = connect(settings.warehouse, read_only=True)
    try:
        for name in SOURCES:
            raw = current_rows(con, name)
            assert raw == pipeline.expected(name), f"{name}: {differences(raw, pipeline.expected(name))}"
        assert raw_problems(con) == []
        before = con.execute("select * from raw.responses order by all").fetchall()
    finally:
        con.close()

    again = pipeline.run("sync")
    assert again.code == 0, f"the second sync failed:\n{again.output}"
    con = connect(settings.warehouse, read_only=True)
    try:
        assert con.execute("select * from raw.responses order by all").fetchall() == before
        changes = con.execute(
            "select source_name, rows_new, rows_changed, rows_deleted from raw.fetches "
            "where status = 'ok' qualify row_number() over (partition by source_name order by started_at desc) = 1 "
            "order by source_name"
        ).fetchall()
    finally:
        con.close()
    assert changes == [(name, 0, 0, 0) for name in sorted(SOURCES)], "the second sync changed something"


def snapshot_contents(settings: Settings) -> dict[str, dict[str, int]]:
    """Every published copy beside the warehouse (file name) -> row count of each of its tables.

    The build log (state.builds) is left out: it gains a row with every build, killed or not.
    """
    contents = {}
    for path in sorted(settings.warehouse.parent.glob(f"{settings.warehouse.stem}_*.duckdb")):
        con = duckdb.connect(str(path), read_only=True)
        try:
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
                "and (schema_name, table_name) <> ('state', 'builds')"
            ).fetchall()
            contents[path.name] = {
                f"{schema}.{table}": con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
                for schema, table in sorted(tables)
            }
        finally:
            con.close()
    return contents


def snapshot_differences(actual: dict[str, dict[str, int]], expected: dict[str, dict[str, int]]) -> str:
    files = sorted(set(actual) | set(expected))
    return "; ".join(
        f"{name}: {table} has {actual.get(name, {}).get(table)} rows, expected {expected.get(name, {}).get(table)}"
        for name in files
        for table in sorted(set(actual.get(name, {})) | set(expected.get(name, {})))
        if actual.get(name, {}).get(table) != expected.get(name, {}).get(table)
    )


def test_killed_builds__warehouse_opens_next_build_passes_its_checks_and_snapshots_stay_whole(tmp_path, cli):
    rng = random.Random(SEED + 1)
    pipeline = Pipeline(tmp_path, cli)
    settings = pipeline.settings
    synced = pipeline.run("sync")
    assert synced.code == 0, synced.output
    first = pipeline.run("build", "--as-of", AS_OF)
    assert first.code == 0, f"the first, uninterrupted build failed:\n{first.output}"
    published = snapshot_contents(settings)
    assert settings.snapshot_path.name in published and published[settings.snapshot_path.name]
    con = connect(settings.warehouse, read_only=True)
    raw_before = con.execute("select * from raw.responses order by all").fetchall()
    alerts_before = con.execute("select alert_id, status from state.alerts order by all").fetchall()
    con.close()
    history = []

    for _, where, _ in killed_runs(pipeline, rng, BUILD_KILLS, first, ("build", "--as-of", AS_OF), history):
        assert_lock_free(settings, where)
        connect(settings.warehouse).close()
        # the same raw rows build the same tables: a snapshot is the old one or the new one, both whole
        try:
            contents = snapshot_contents(settings)
        except duckdb.Error as exc:
            pytest.fail(f"{where}: a published snapshot does not open: {exc}")
        assert contents == published, f"{where}: {snapshot_differences(contents, published)}"

    print(f"\n{BUILD_KILLS} builds killed; {timing(first)}: {killed_runs_summary(history)}")
    assert sum(run.killed for _, run in history) >= BUILD_KILLS // 2, killed_runs_summary(history)

    last = pipeline.run("build", "--as-of", AS_OF)
    assert last.code == 0, f"the build after the kills failed:\n{last.output}"
    contents = snapshot_contents(settings)
    assert contents == published, snapshot_differences(contents, published)
    con = connect(settings.warehouse, read_only=True)
    try:
        assert [check.name for check in run_checks(con) if check.failing_rows] == []
        statuses = [row[0] for row in con.execute("select status from state.builds order by started_at").fetchall()]
        assert statuses[-1] == "ok" and "running" not in statuses, statuses
        killed = sum(run.killed for _, run in history)
        assert statuses.count("interrupted") <= killed, "only a killed build is marked interrupted"
        assert con.execute("select * from raw.responses order by all").fetchall() == raw_before
        assert con.execute("select alert_id, status from state.alerts order by all").fetchall() == alerts_before
    finally:
        con.close()


@pytest.mark.parametrize("written", [0, 4096], ids=["no-header", "file-header-only"])
def test_sync_killed_while_creating_the_warehouse__next_sync_creates_it_anew(tmp_path, lodging_settings, cli, written):
    # DuckDB creates a file, then writes its three 4 KiB headers one by one: a first sync killed in
    # between leaves the file cut short, which DuckDB refuses ever after
    settings, csv_path = lodging_settings
    fresh = tmp_path / "fresh.duckdb"
    duckdb.connect(str(fresh)).close()
    settings.warehouse.write_bytes(fresh.read_bytes()[:written])

    log = tmp_path / "sync.log"
    run = cli.run(["--config", str(tmp_path / "timpora.toml"), "sync"], log)

    assert run.code == 0, f"the sync after a kill that left {written} bytes failed:\n{run.output}"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    con = connect(settings.warehouse, read_only=True)
    try:
        assert current_rows(con, "ranai_lodging") == list(enumerate(rows, start=2))
    finally:
        con.close()
    assert (tmp_path / "wh.duckdb.unfinished").stat().st_size == written


def test_warehouse_being_created_by_another_process__is_left_alone(tmp_path):
    # a short file is only set aside when no process has it open: DuckDB locks the file it creates
    warehouse = tmp_path / "wh.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'wb'); fcntl.lockf(f, fcntl.LOCK_EX); print(flush=True); "
            "sys.stdin.read()",
            str(warehouse),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdout.readline()
        with pytest.raises(WarehouseError, match="in use by another process|cannot be opened"):
            connect(warehouse)
        assert warehouse.exists() and not (tmp_path / "wh.duckdb.unfinished").exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
