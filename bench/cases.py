"""One benchmark case, run in a fresh process by bench/run.py; prints one JSON line with its figures.

Usage: python bench/cases.py CASE SPEC_JSON

Every case times itself with time.perf_counter: "seconds" is what the table reports (for the
timpora commands: from starting `timpora sync` to the end of `timpora build`, process start
included); "pipeline_seconds" is the pipeline's own time where it differs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CASES: dict[str, Callable[[dict], dict]] = {}


def case(function: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """Register a case under its function name."""
    CASES[function.__name__] = function
    return function


def text_table(path: str):
    """The CSV's data rows as an Arrow table of text columns c0, c1, ... (every cell kept as text)."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pa_csv

    with open(path, encoding="utf-8", newline="") as handle:
        names = [f"c{i}" for i in range(len(next(csv.reader(handle))))]
    return pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )


@case
def duckdb_read_csv(spec: dict) -> dict:
    """DuckDB's own CSV reader landing every cell as text in a table: the practical floor."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(Path(spec["workdir"]) / "floor.duckdb"))
    con.execute("create table responses as select * from read_csv(?, all_varchar = true)", [spec["csv"]])
    con.execute("checkpoint")
    con.close()
    return {"seconds": time.perf_counter() - started}


@case
def pandas_duckdb(spec: dict) -> dict:
    """pandas read_csv (every cell text) and one DuckDB insert of the frame."""
    started = time.perf_counter()
    import duckdb
    import pandas as pd

    frame = pd.read_csv(spec["csv"], dtype=str, keep_default_na=False, na_filter=False)
    con = duckdb.connect(str(Path(spec["workdir"]) / "pandas.duckdb"))
    con.register("frame", frame)
    con.execute("create table responses as select * from frame")
    con.execute("checkpoint")
    con.close()
    return {"seconds": time.perf_counter() - started}


def _dlt_pipeline(workdir: Path, name: str):
    import dlt

    return dlt.pipeline(
        pipeline_name=name,
        pipelines_dir=str(workdir / "dlt_pipelines"),
        destination=dlt.destinations.duckdb(str(workdir / f"{name}.duckdb")),
        dataset_name="bench",
    )


@case
def dlt_arrow(spec: dict) -> dict:
    """dlt's fastest path: the file read by pyarrow, the Arrow table loaded by dlt into DuckDB."""
    started = time.perf_counter()
    table = text_table(spec["csv"])
    info = _dlt_pipeline(Path(spec["workdir"]), "dlt_arrow").run(table, table_name="responses")
    info.raise_on_failed_jobs()
    return {"seconds": time.perf_counter() - started}


def _dict_rows(path: str, limit: int) -> Iterator[dict]:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        names = [f"c{i}" for i in range(len(next(reader)))]
        for count, row in enumerate(reader):
            if count == limit:
                return
            yield dict(zip(names, row, strict=True))


@case
def dlt_rows(spec: dict) -> dict:
    """dlt fed row by row (one dict per row), on the first `limit` rows: it is far slower."""
    started = time.perf_counter()
    pipeline = _dlt_pipeline(Path(spec["workdir"]), "dlt_rows")
    info = pipeline.run(_dict_rows(spec["csv"], spec["limit"]), table_name="responses")
    info.raise_on_failed_jobs()
    return {"seconds": time.perf_counter() - started}


def _timpora(spec: dict, *arguments: str) -> None:
    script = Path(sys.executable).with_name("timpora")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from pipelines.cli import app; app()"]
    subprocess.run([*command, "--config", spec["config"], *arguments], check=True, stdout=subprocess.DEVNULL)


def _logged_seconds(config: str) -> dict:
    """What the pipeline logged: the last sync's own duration, and the last build's up to its snapshots.

    A build is marked finished before it publishes its snapshots (they show it finished), so its
    time runs from its start to the last snapshot written.
    """
    import duckdb

    from pipelines.core.config import load_config

    settings = load_config(Path(config))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        sync = con.execute(
            "select epoch(finished_at - started_at), requests_made from raw.fetches "
            "where status = 'ok' order by started_at desc limit 1"
        ).fetchone()
        (build_started,) = con.execute(
            "select started_at from state.builds where status = 'ok' order by started_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    published = max(path.stat().st_mtime for path in (settings.snapshot_path, settings.restricted_snapshot_path))
    return {"sync_seconds": sync[0], "build_seconds": published - build_started.timestamp(), "requests": sync[1]}


@case
def timpora_file(spec: dict) -> dict:
    """`timpora sync` then `timpora build` of the file source on a new warehouse, as a user runs them."""
    started = time.perf_counter()
    _timpora(spec, "sync")
    synced = time.perf_counter()
    _timpora(spec, "build", "--as-of", spec["as_of"])
    finished = time.perf_counter()
    logged = _logged_seconds(spec["config"])
    return {
        "seconds": finished - started,
        "pipeline_seconds": logged["sync_seconds"] + logged["build_seconds"],
        "sync_command_seconds": synced - started,
        "build_command_seconds": finished - synced,
        **logged,
    }


@case
def timpora_report(spec: dict) -> dict:
    """`timpora report` of one office and week on the warehouse the file case built."""
    started = time.perf_counter()
    _timpora(spec, "report", "--office", spec["office"], "--week", spec["week"], "--out", spec["out"])
    return {"seconds": time.perf_counter() - started}


def _sheet_settings(spec: dict):
    from pipelines import sheets
    from pipelines.core.config import load_config

    # the emulator has no quota: the throttle that keeps a real sheet under 60 reads a minute is off
    sheets.SHARED_THROTTLE.acquire = lambda: 0.0
    return load_config(Path(spec["config"]))


@case
def timpora_sheet(spec: dict) -> dict:
    """Sync then build from the Sheets emulator, in this process (as the scheduled flow runs them)."""
    if spec.get("base"):  # the warehouse and its snapshots
        for path in Path(spec["base"]).glob("*.duckdb"):
            shutil.copyfile(path, Path(spec["warehouse"]).with_name(path.name))
    started = time.perf_counter()
    from datetime import date

    from pipelines import steps

    settings = _sheet_settings(spec)
    imported = time.perf_counter()
    synced = steps.sync_one(settings, settings.sources[0].name)
    sync_done = time.perf_counter()
    built = steps.build(settings, date.fromisoformat(spec["as_of"]))
    finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "pipeline_seconds": finished - imported,
        "sync_seconds": sync_done - imported,
        "build_seconds": finished - sync_done,
        "requests": synced.requests_made,
        "rows_new": synced.rows_new,
        "is_full": synced.is_full,
        "build_full": built.full,
    }


def main(name: str, spec_json: str) -> None:
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    result = CASES[name](json.loads(spec_json))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
