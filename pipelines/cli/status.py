"""The commands that show how things stand: status (syncs, builds, alerts, next runs) and show-config."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import typer

from pipelines.cli.context import open_for_reading, settings_of
from pipelines.cli.output import console, fail, frame_table, say
from pipelines.core.config import Settings
from pipelines.core.locks import writer_busy
from pipelines.core.redact import redacted_config
from pipelines.core.warehouse import fetch_first, read_sql

if TYPE_CHECKING:
    import pandas as pd


def status(ctx: typer.Context) -> None:
    """Show the last sync per source, header changes, the last build, open alerts, overdue complaints, next runs."""
    settings = settings_of(ctx)
    con, path = open_for_reading(settings)
    try:
        frame = _status_sources(con)
        build_row = fetch_first(
            con,
            "select status, strftime(started_at, '%Y-%m-%d %H:%M UTC'), as_of_date from state.builds "
            "order by started_at desc limit 1",
        )
        built = fetch_first(con, "select count(*) from duckdb_views() where schema_name = 'marts'")[0] > 0
        alerts = con.execute(read_sql("queries/alerts_open_by_office.sql")).df() if built else None
        overdue = con.execute(read_sql("queries/complaints_overdue.sql")).df() if built else None
        publishes = con.execute(read_sql("queries/publishes.sql")).df()
    finally:
        con.close()
    notes = frame.pop("notes")
    console.print(frame_table(frame))
    for source_name, note in zip(frame["source"], notes, strict=True):
        if note:
            say(f"{source_name}: {note}", "yellow")
    say(f"warehouse {path} ({path.stat().st_size / 1e6:.1f} MB)")
    if build_row:
        say(f"last build: {_build_status(settings, build_row[0])} at {build_row[1]}, as of {build_row[2]}")
    if alerts is not None:
        _print_titled("open alerts", alerts, "no open alerts")
        _print_titled("complaints without response past the SLA", overdue, "no overdue complaints")
    if any(office.results for office in settings.offices):
        _print_titled("last publish of results per office", publishes, "results not published yet")
    print_next_runs(ctx.obj["config_path"])


def _status_sources(con) -> pd.DataFrame:
    """The last sync per source.

    A warehouse of an earlier release lacks this release's state tables until it is next opened for writing:
    the user is told to sync rather than shown a missing table.
    """
    try:
        return con.execute(read_sql("queries/status_sources.sql")).df()
    except duckdb.CatalogException as exc:
        raise fail("the warehouse predates this release: run `timpora sync` once to bring it up to date", 1) from exc


def _build_status(settings: Settings, status: str) -> str:
    """A build's status as recorded, except that one 'running' while nobody holds the writer lock was killed."""
    if status == "running" and not writer_busy(settings.warehouse):
        return "interrupted (stopped before it finished; run `timpora build` again)"
    return status


def print_next_runs(config_path: str | None) -> None:
    """Print the next scheduled runs: read from the Prefect server if one is set, else computed from the schedules."""
    from pipelines.flows import schedule  # imports Prefect: only here, so other commands start fast
    from pipelines.flows.pipeline import deployments

    api_url = os.environ.get("PREFECT_API_URL")
    try:
        if api_url:
            title = f"next scheduled runs, read from the Prefect server {schedule.display_url(api_url)}"
            rows, when_empty = schedule.read_server_runs(api_url), "no Timpora deployment on the Prefect server"
        else:
            say("no Prefect server configured (PREFECT_API_URL unset)")
            title = "next runs computed from the schedule definitions, not read from a server (intervals count "
            title += "from when `timpora serve` starts)"
            rows, when_empty = schedule.planned_runs(deployments(config_path), datetime.now(UTC)), "no schedules"
    except schedule.ScheduleUnavailable as exc:
        say(f"next scheduled runs: {exc}", "yellow")
        return
    except Exception as exc:  # the status never fails because of the scheduler
        say(f"next scheduled runs: cannot compute ({type(exc).__name__}: {exc})", "yellow")
        return
    _print_titled(title, schedule.as_frame(rows), when_empty)


def _print_titled(title: str, frame: pd.DataFrame, when_empty: str) -> None:
    if frame.empty:
        say(when_empty)
    else:
        say(f"{title}:")
        console.print(frame_table(frame))


def show_config(ctx: typer.Context) -> None:
    """Print the effective configuration; credentials and tokens in URLs are shown as ***."""
    typer.echo(json.dumps(redacted_config(settings_of(ctx)), indent=2, ensure_ascii=False))
