"""`make bench`: the pipeline at national scale, side by side with DuckDB, pandas and dlt on the same file.

Generates a Ranai-style lodging form of BENCH_ROWS responses (default 1,000,000) plus an increment
of BENCH_INCREMENT (default 1,000) with bench/generate.py, runs every case BENCH_REPEAT times
(default 3), each in a fresh process, and prints case, rows, median seconds, rows/s, peak RSS and
the ratio to dlt's Arrow path, then the targets. Data and warehouses go to BENCH_DIR (default
data/bench). BENCH_DLT_ROWS (default 100,000) caps the rows fed to dlt row by row; its time is
scaled to BENCH_ROWS for the ratio.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import operator
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate import BENCH_ANCHOR, WEEKS, rows_for_benchmark  # noqa: E402

SEED = 2026
PAGE_ROWS = 5000
SOURCE = "ranai_lodging"
# how a target compares the figure measured with its bound
COMPARISONS = {"<": operator.lt, "<=": operator.le, "==": operator.eq}
AS_OF = BENCH_ANCHOR + dt.timedelta(days=WEEKS * 7)
REPORT_WEEK = "{}-W{:02d}".format(*(AS_OF - dt.timedelta(days=7)).isocalendar()[:2])


@dataclass(frozen=True)
class Plan:
    """What one run measures, from the environment."""

    rows: int = int(os.environ.get("BENCH_ROWS", 1_000_000))
    increment: int = int(os.environ.get("BENCH_INCREMENT", 1_000))
    repeat: int = int(os.environ.get("BENCH_REPEAT", 3))
    dlt_rows: int = int(os.environ.get("BENCH_DLT_ROWS", 100_000))
    folder: Path = Path(os.environ.get("BENCH_DIR", REPO / "data" / "bench"))


@dataclass
class Result:
    """The runs of one case."""

    name: str
    rows: int
    runs: list[dict] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    # dlt row by row runs on fewer rows; its seconds are scaled by this for the ratio
    scale: float = 1.0

    def median(self, key: str = "seconds") -> float:
        """The median of one figure over the runs."""
        return statistics.median(run[key] for run in self.runs)


def run_case(name: str, spec: dict) -> tuple[dict, float]:
    """Run one case in a fresh process; its figures and its peak RSS in MB (its child processes included)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "RUNTIME__DLTHUB_TELEMETRY": "false"}
    # the benchmark's warehouses are throwaway: a fixed key when none is set, as `make demo` does
    env.setdefault("TIMPORA_PSEUDONYM_KEY", "bench-only-pseudonym-key-not-for-production")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "cases.py"), name, json.dumps(spec)],
        stdout=subprocess.PIPE,
        env=env,
        cwd=REPO,
        text=True,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"case {name} failed with exit code {process.returncode}")
    # ru_maxrss is in kilobytes on Linux; wait4 reports the largest of the process and its children
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def measure(result: Result, repeat: int, spec_for: callable) -> Result:
    """Run a case `repeat` times with a fresh spec (folder) each time, printing each run."""
    return measure_in_turn(repeat, (result, spec_for))[0]


def measure_in_turn(repeat: int, *cases: tuple[Result, callable]) -> list[Result]:
    """Run cases in turn, `repeat` rounds of one run each, so that cases compared see the same machine load."""
    for attempt in range(repeat):
        for result, spec_for in cases:
            figures, rss = run_case(result.name.split(" ")[0], spec_for(attempt))
            result.runs.append(figures)
            result.rss_mb.append(rss)
            shown = {key: round(value, 2) if isinstance(value, float) else value for key, value in figures.items()}
            print(f"  {result.name} run {attempt + 1}: {shown}, peak RSS {rss:.0f} MB", flush=True)
    return [result for result, _ in cases]


def fresh(folder: Path) -> Path:
    """An empty folder."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def prepare_data(plan: Plan) -> tuple[Path, Path]:
    """The CSV of BENCH_ROWS responses and the CSV of those plus the increment (generated once per size)."""
    data = plan.folder / "data"
    grown = data / f"lodging_{plan.rows}_{plan.increment}_{SEED}.csv"
    base = data / f"lodging_{plan.rows}_{SEED}.csv"
    if not grown.exists():
        print(f"generating {plan.rows + plan.increment:,} responses into {grown} ...", flush=True)
        rows_for_benchmark(plan.rows + plan.increment, grown, SEED)
    if not base.exists():
        with grown.open("rb") as source, base.open("wb") as target:
            for _ in range(plan.rows + 1):
                target.write(source.readline())
    return base, grown


def write_config(folder: Path, source: str, google: str = "") -> Path:
    """A config with the Ranai office and one source, the repo's header and nationality aliases."""
    text = f"""
warehouse = "{folder / "wh.duckdb"}"
report_dir = "{folder / "reports"}"
headers_file = "{REPO / "config" / "headers.toml"}"
nationality_aliases_file = "{REPO / "config" / "nationality_aliases.toml"}"
{google}
[[offices]]
code = "RANAI"
name = "Kantor Imigrasi Kelas II TPI Ranai"
timezone = "Asia/Jakarta"
kabkota_codes = ["21.03"]

[[sources]]
name = "{SOURCE}"
office = "RANAI"
kind = "lodging"
{source}
"""
    path = folder / "timpora.toml"
    path.write_text(text, encoding="utf-8")
    return path


def file_spec(folder: Path, csv: Path) -> dict:
    """A new warehouse fed by the CSV as a file source."""
    config = write_config(fresh(folder), f'type = "file"\npath = "{csv}"\nlocale = "id_ID"')
    return {"config": str(config), "warehouse": str(folder / "wh.duckdb"), "as_of": AS_OF.isoformat()}


def sheet_spec(folder: Path, server: dict, key: str, base: Path | None = None) -> dict:
    """A new warehouse (or a copy of the warehouse and snapshots in `base`) fed by one spreadsheet of the emulator."""
    google = (
        f'[google]\ncredentials_file = "{server["key_file"]}"\napi_endpoint = "{server["url"]}"\n'
        f"page_rows = {PAGE_ROWS}\ntimeout_seconds = 300\n"
    )
    source = f'type = "gsheet"\nspreadsheet = "{key}"\nworksheet = "{server["worksheet"]}"'
    config = write_config(fresh(folder), source, google)
    spec = {"config": str(config), "warehouse": str(folder / "wh.duckdb"), "as_of": AS_OF.isoformat()}
    return {**spec, "base": str(base)} if base else spec


def start_sheet_server(plan: Plan, grown: Path) -> tuple[subprocess.Popen, dict]:
    """The emulator process serving the rows; returns it and its endpoint."""
    key_file = plan.folder / "emulator-key.json"
    options = ["--rows", str(grown), "--base-rows", str(plan.rows), "--key-file", str(key_file)]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.emulator", *options],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    server = json.loads(process.stdout.readline())
    return process, {**server, "key_file": str(key_file)}


def baselines(plan: Plan, base: Path) -> list[Result]:
    """DuckDB alone, pandas + DuckDB and dlt row by row on the same file (dlt's Arrow path: timpora_file)."""
    work = plan.folder / "work"
    dlt_rows = min(plan.rows, plan.dlt_rows)
    results = [
        measure(Result("duckdb_read_csv", plan.rows), plan.repeat, lambda _: _plain(work / "floor", base)),
        measure(Result("pandas_duckdb", plan.rows), plan.repeat, lambda _: _plain(work / "pandas", base)),
    ]
    rows_spec = lambda _: {**_plain(work / "dlt_rows", base), "limit": dlt_rows}  # noqa: E731
    results.append(measure(Result("dlt_rows", dlt_rows, scale=plan.rows / dlt_rows), plan.repeat, rows_spec))
    return results


def _plain(folder: Path, csv: Path) -> dict:
    return {"workdir": str(fresh(folder)), "csv": str(csv)}


def timpora_file(plan: Plan, base: Path) -> list[Result]:
    """dlt's Arrow path and the full sync and build from the file in turn, then the weekly report."""
    folder, work = plan.folder / "work" / "file", plan.folder / "work"
    # the ratio of the two is a target: they take turns, so a slow spell of the machine slows both
    dlt, full = measure_in_turn(
        plan.repeat,
        (Result("dlt_arrow", plan.rows), lambda _: _plain(work / "dlt_arrow", base)),
        (Result("timpora_file", plan.rows), lambda _: file_spec(folder, base)),
    )
    spec = {
        "config": str(folder / "timpora.toml"),
        "office": "RANAI",
        "week": REPORT_WEEK,
        "out": str(folder / "reports"),
    }
    report = measure(Result("timpora_report", plan.rows), plan.repeat, lambda _: spec)
    return [dlt, full, report]


def timpora_sheets(plan: Plan, server: dict) -> list[Result]:
    """Full read of the sheet; the increment onto it; the increment onto an empty warehouse."""
    work = plan.folder / "work"
    full = measure(
        Result("timpora_sheet full", plan.rows),
        plan.repeat,
        lambda _: sheet_spec(work / "sheet_full", server, "bench-n"),
    )
    # the warehouse of the full read and the snapshots it published, as a scheduled sync finds them
    base = fresh(work / "sheet_base")
    for path in (work / "sheet_full").glob("*.duckdb"):
        shutil.copyfile(path, base / path.name)
    # the ratio of the two increments is a target: they take turns, like dlt and the file case
    onto_full, onto_empty = measure_in_turn(
        plan.repeat,
        (
            Result(f"timpora_sheet +{plan.increment:,} onto {plan.rows:,}", plan.increment),
            lambda _: sheet_spec(work / "sheet_grown", server, "bench-grown", base),
        ),
        (
            Result(f"timpora_sheet +{plan.increment:,} onto empty", plan.increment),
            lambda _: sheet_spec(work / "sheet_small", server, "bench-increment"),
        ),
    )
    return [full, onto_full, onto_empty]


def print_table(results: list[Result], dlt: Result) -> None:
    """The side-by-side table."""
    print()
    print(f"{'case':<42} {'rows':>10} {'median s':>9} {'rows/s':>10} {'peak RSS MB':>11} {'x dlt arrow':>11}")
    for result in results:
        seconds = result.median()
        ratio = seconds * result.scale / dlt.median() if result.rows == dlt.rows or result.scale != 1 else None
        shown_ratio = f"{ratio:.2f}" if ratio is not None else "-"
        print(
            f"{result.name:<42} {result.rows:>10,} {seconds:>9.2f} {result.rows / seconds:>10,.0f} "
            f"{max(result.rss_mb):>11.0f} {shown_ratio:>11}"
        )


def print_targets(plan: Plan, named: dict[str, Result], dlt: Result) -> None:
    """Each target of the issue with the figure measured here."""
    file_case, sheet = named["timpora_file"], named["timpora_sheet full"]
    onto_full = named[f"timpora_sheet +{plan.increment:,} onto {plan.rows:,}"]
    onto_empty = named[f"timpora_sheet +{plan.increment:,} onto empty"]
    expected = 1 + math.ceil(plan.rows / PAGE_ROWS)
    requests = int(sheet.median("requests"))
    lines = [
        ("file: pipeline time (sync + build logged)", file_case.median("pipeline_seconds"), "<", 10),
        ("file: whole command / dlt arrow", file_case.median() / dlt.median(), "<=", 4),
        ("file: peak RSS (MB)", max(file_case.rss_mb), "<", 1536),
        ("sheet: requests made", requests, "==", expected),
        ("increment: pipeline time (sync + build)", onto_full.median("pipeline_seconds"), "<", 3),
        (
            "increment onto N / onto empty",
            onto_full.median("pipeline_seconds") / onto_empty.median("pipeline_seconds"),
            "<=",
            2,
        ),
        ("weekly report, one office (s)", named["timpora_report"].median(), "<", 5),
    ]
    print()
    print(f"{'target':<44} {'measured':>10}  {'wanted':<10} met")
    for label, value, relation, bound in lines:
        met = COMPARISONS[relation](value, bound)
        print(f"{label:<44} {value:>10.2f}  {relation} {bound:<7} {'yes' if met else 'NO'}")


def describe_machine() -> str:
    """CPU, cores, memory and load, for the figures' caption."""
    import psutil

    lines = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    model = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    memory = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GB, Python {platform.python_version()}, load {load}"


def main() -> None:
    if importlib.util.find_spec("dlt") is None:
        sys.exit("dlt is missing: run `make bench`, or pip install -r bench/requirements.txt -c requirements.lock")
    plan = Plan()
    plan.folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {describe_machine()}")
    print(f"rows {plan.rows:,}, increment {plan.increment:,}, repeat {plan.repeat}, data in {plan.folder}")
    started = time.perf_counter()
    base, grown = prepare_data(plan)
    results = baselines(plan, base)
    results += timpora_file(plan, base)
    server_process, server = start_sheet_server(plan, grown)
    try:
        results += timpora_sheets(plan, server)
    finally:
        server_process.stdin.close()
        server_process.wait()
    named = {result.name: result for result in results}
    print_table(results, named["dlt_arrow"])
    print_targets(plan, named, named["dlt_arrow"])
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s; machine load now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
