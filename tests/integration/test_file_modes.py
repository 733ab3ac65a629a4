"""Files with personal data are their owner's alone, whatever umask the pipeline is started with.

Every run here is a process of its own started under `umask 022` (the usual default, which lets
others read what a process writes): the umask is process-wide, so only a fresh process shows what the
pipeline's first line does. Processes killed in the middle of their work are simulated as in
tests/integration/test_kill.py: the process sends itself SIGKILL at a chosen point, leaving what a kill leaves.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LODGING_HEADERS, REPO, file_source, write_config, write_csv

KEY = "5f0c1d2e3b4a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
WEEK = "2026-W48"
AS_OF = "2026-11-26"
ROWS = [
    [
        "24/11/2026 10:15:03", "Hotel Natuna", "Li Wei", "Tiongkok", "E12345678", "VoA", "20/11/2026", "Wisata",
        "Kab. Natuna", "Bunguran Timur", "10/11/2026", "",
    ],
    [
        "25/11/2026 08:30:00", "Wisma Laut", "Kim Min-jun", "Korea Selatan", "M12345678", "Visa Kunjungan",
        "30/11/2026", "Wisata", "KABUPATEN NATUNA", "Midai", "20/11/2026", "",
    ],
]  # fmt: skip
# a process of the pipeline that dies where a kill would catch it (argv: warehouse or config, then what)
KILLED = r"""
import os, signal, sys
from pathlib import Path

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

what, target = sys.argv[1], Path(sys.argv[2])
if what == "spill":  # DuckDB spills a sort larger than its memory to <warehouse>.tmp, then dies
    from pipelines.core.warehouse import connect
    con = connect(target, memory_limit="32MB")
    con.execute("set threads = 1")
    con.execute("set preserve_insertion_order = false")
    con.execute("create temp table sorted as select md5(range::varchar) as s from range(1000000) order by s")
    die()
from pipelines import steps
from pipelines.marts import snapshot
from pipelines.core.config import load_config
settings = load_config(target)
if what == "build":  # the build has committed, the log is not yet checkpointed into the file
    steps.publish_snapshots = die
    steps.build(settings)
elif what == "backup":  # the backup's temporary and its log hold a table when the kill comes
    def cut(con, sql, *args):
        con.execute("create table copy_target.main.cut as select 1 as i")
        die()
    snapshot.fetch_first = cut
    steps.backup(settings, Path(sys.argv[3]))
elif what == "report":  # the workbook is half written
    from pipelines.report import render
    from pipelines.report.run import write_weekly_report
    def half(report, path):
        Path(path).write_bytes(b"PK half a workbook")
        die()
    render.write_xlsx = half
    write_weekly_report(settings, "RANAI", sys.argv[3], formats=["xlsx"])
"""


def _under_umask_022(tmp_path: Path, *command: str, killed: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TIMPORA_PSEUDONYM_KEY": KEY}
    done = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", sys.executable, *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if killed:
        assert done.returncode == -9, done.stderr
    else:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def cli(site: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m pipelines.cli --config <site>/timpora.toml ARGS` in a process started under umask 022."""
    return _under_umask_022(site, "-m", "pipelines.cli", "--config", str(site / "timpora.toml"), *args)


def killed(site: Path, what: str, *args: str) -> None:
    _under_umask_022(site, "-c", KILLED, what, *args, killed=True)


def _inputs(folder: Path) -> None:
    csv_path = write_csv(folder / "ranai.csv", LODGING_HEADERS, ROWS)
    write_config(folder, file_source("ranai_lodging", csv_path))


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    _inputs(folder)
    cli(folder, "sync")
    cli(folder, "build", "--as-of", AS_OF)
    return folder


@pytest.fixture
def site(tmp_path, built_site) -> Path:
    """A folder with a config and a lodging CSV (this test's inputs), synced and built under umask 022.

    A copy of one built once, every file with the mode the pipeline gave it.
    """
    shutil.copytree(built_site, tmp_path, dirs_exist_ok=True)
    _inputs(tmp_path)  # pointing at this folder
    return tmp_path


def _modes(site: Path) -> dict[str, int]:
    """The mode of every file and folder under `site` that the pipeline made (the test's inputs left out)."""
    inputs = {"timpora.toml", "ranai.csv"}
    return {
        str(path.relative_to(site)): stat.S_IMODE(path.lstat().st_mode)
        for path in sorted(site.rglob("*"))
        if str(path.relative_to(site)) not in inputs
    }


def _shared(name: str) -> bool:
    # the analysts' snapshot, the default edition of the report and the export
    return (
        name == "wh_snapshot.duckdb"
        or (name.startswith("reports/rakor_") and "_terbatas" not in name)
        or name.startswith("export/")
    )


def _expected(site: Path, name: str) -> int:
    if (site / name).is_dir():
        return 0o700 if name == "wh.duckdb.tmp" else 0o755  # DuckDB's spill folder; the others show names only
    return 0o644 if _shared(name) else 0o600


def test_every_output__owner_only_unless_meant_to_be_shared(site):
    # the restricted edition's own modes are tested in test_report.py
    cli(site, "report", "--office", "RANAI", "--week", WEEK, "--format", "html,xlsx")
    cli(site, "export", "--out", "export")
    cli(site, "backup", "--out", "backups/before.duckdb")
    cli(site, "restore", "backups/before.duckdb")

    modes = _modes(site)
    names = set(modes)
    assert {
        "wh.duckdb",
        "wh.duckdb.lock",
        "wh_restricted.duckdb",
        "wh_snapshot.duckdb",
        "backups/before.duckdb",
    } <= names
    assert any(name.startswith("wh.duckdb.replaced-") for name in names), "the warehouse the restore replaced"
    assert {"reports/rakor_RANAI_2026-W48.html", "reports/rakor_RANAI_2026-W48.xlsx"} <= names
    assert any(name.endswith(".parquet") for name in names)
    wrong = {name: f"{mode:04o}" for name, mode in modes.items() if mode != _expected(site, name)}
    assert not wrong, f"modes other than owner-only (0600/0700) or, for what is shared, 0644/0755: {wrong}"


def test_warehouse_log_left_by_a_killed_build__owner_only_and_replayed(site):
    killed(site, "build", str(site / "timpora.toml"))
    wal = site / "wh.duckdb.wal"
    assert wal.exists() and wal.stat().st_size > 0, "the build's staged rows are in the log, not yet in the file"
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600, "DuckDB's log holds the staged personal data"

    cli(site, "build", "--as-of", AS_OF)
    assert not wal.exists()
    wrong = {name: f"{mode:04o}" for name, mode in _modes(site).items() if mode != _expected(site, name)}
    assert not wrong


def test_spill_files_of_a_killed_process__owner_only_and_removed_by_the_next_run(site):
    killed(site, "spill", str(site / "wh.duckdb"))
    spill = site / "wh.duckdb.tmp"
    left = [path for path in spill.iterdir() if path.name.startswith("duckdb_temp_")]
    assert any(path.stat().st_size > 0 for path in left), "the sort spilled pages of its table to disk"
    assert stat.S_IMODE(spill.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in left} == {0o600}

    cli(site, "sync")
    assert not [path for path in left if path.exists()], "the dead process's spill files outlive it"


def test_temporaries_of_killed_backups_and_reports__owner_only_and_removed_by_the_next_run(site):
    # a timestamped backup's temporary is never named again: the next backup into the folder removes it
    killed(site, "backup", str(site / "timpora.toml"), "backups/timpora-20261126T010203Z.duckdb")
    backup_left = sorted((site / "backups").glob(".timpora-20261126T010203Z.duckdb.tmp*"))
    assert [path.name[-4:] for path in backup_left] == [".tmp", ".wal"]
    assert {stat.S_IMODE(path.stat().st_mode) for path in backup_left} == {0o600}
    # a report killed while written, of a week no later run writes again
    killed(site, "report", str(site / "timpora.toml"), "2026-W47")
    report_left = site / "reports" / ".rakor_RANAI_2026-W47.xlsx.tmp"
    assert report_left.exists()

    cli(site, "backup", "--out", "backups/next.duckdb")
    cli(site, "report", "--office", "RANAI", "--week", WEEK, "--format", "html")
    assert not [path for path in [*backup_left, report_left] if path.exists()]
    assert sorted(path.name for path in (site / "backups").iterdir()) == ["next.duckdb"]


def test_every_entry_point__sets_the_owner_only_umask_first(tmp_path):
    # the timpora script imports pipelines.cli; a Prefect worker loads the flows by their entrypoint
    show = "import os; print(oct(os.umask(0)))"
    flows = (
        "from prefect.flows import load_flow_from_entrypoint as load; load('pipelines/flows/pipeline.py:sync_sources')"
    )
    for loader in ("import pipelines.cli", flows):
        done = _under_umask_022(REPO, "-c", f"{loader}; {show}")
        assert done.stdout.split()[-1] == "0o77", loader
