"""What a command takes from its invocation: the settings the main callback loaded, the warehouse to read."""

from __future__ import annotations

import typer

from pipelines.cli.output import exits_on, fail, say
from pipelines.core.config import Settings
from pipelines.core.warehouse import WarehouseDamaged, WarehouseError, WarehouseLocked, WarehouseMissing, connect


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the main callback loaded from the config file."""
    return ctx.obj["settings"]


def open_for_reading(settings: Settings):
    """The warehouse read-only, or its restricted snapshot while a sync or build holds the warehouse.

    A warehouse not there yet or damaged ends the command with one line saying what to do: the
    snapshot of a damaged warehouse would look as if all were well.
    """
    try:
        return connect(settings.warehouse, read_only=True), settings.warehouse
    except WarehouseMissing as exc:
        raise fail(no_warehouse(settings), 1) from exc
    except WarehouseDamaged as exc:
        raise fail(str(exc), 1) from exc
    except WarehouseLocked:
        # the owner-only copy of the warehouse: the analysts' one suppresses rare alerts' nationality and place
        snapshot = settings.restricted_snapshot_path
        say(f"warehouse busy (a sync or build is running); showing the snapshot {snapshot}", "yellow")
    with exits_on(WarehouseError, code=1):
        return connect(snapshot, read_only=True), snapshot


def no_warehouse(settings: Settings) -> str:
    """What to say when the configured warehouse does not exist yet, with its whole path.

    A relative path is relative to the working directory: the whole path shows which folder was meant.
    """
    return f"no warehouse at {settings.warehouse.absolute()} yet: run `timpora sync` and `timpora build` first"
