"""The commands that look after the installation: backup and restore the warehouse, serve the schedules."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.context import settings_of
from pipelines.cli.output import exits_on, fail, say
from pipelines.core.locks import WarehouseBusy
from pipelines.core.warehouse import WarehouseError


def backup_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option(help="backup file (default: backups/<warehouse>-<UTC time>.duckdb)")
    ] = None,
) -> None:
    """Copy the warehouse to a backup file, between syncs and builds."""
    from pipelines import steps

    settings = settings_of(ctx)
    if not settings.warehouse.exists():
        raise fail(f"no warehouse at {settings.warehouse.absolute()} to back up: run `timpora sync` first", 1)
    with exits_on(WarehouseBusy, WarehouseError, OSError, code=1):
        path = steps.backup(settings, out)
    say(f"backup written: {path} ({path.stat().st_size / 1e6:.1f} MB)")


def restore_command(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(help="a file written by `timpora backup`")],
) -> None:
    """Put a backup in place of the warehouse (the current file is kept aside); then sync and build."""
    from pipelines import steps

    with exits_on(WarehouseBusy, WarehouseError, OSError, code=1):
        aside = steps.restore(settings_of(ctx), backup_file)
    if aside:
        say(f"the replaced warehouse is kept as {aside}")
    say("restored; run `timpora sync` and `timpora build` to catch up with the sources")


def serve(
    ctx: typer.Context,
    sync_minutes: Annotated[
        int | None, typer.Option(help="minutes between incremental syncs (default: schedule.sync_minutes)")
    ] = None,
) -> None:
    """Serve the schedules from this process (needs a Prefect server: set PREFECT_API_URL)."""
    from prefect import serve as serve_deployments

    from pipelines.flows.pipeline import deployments

    if not os.environ.get("PREFECT_API_URL"):
        raise fail("scheduling needs a Prefect server: run `prefect server start` and set PREFECT_API_URL")
    serve_deployments(*deployments(ctx.obj["config_path"], sync_minutes=sync_minutes))
