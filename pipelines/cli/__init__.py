"""The `timpora` command line: sync, build, report, query and inspect the pipeline."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli import admin, alerts, pipeline, query, report, status
from pipelines.cli.output import describe, fail
from pipelines.core.config import ConfigError, load_config
from pipelines.core.redact import redact_urls

app = typer.Typer(
    help="Timpora reporting pipeline: Google Forms responses about foreign nationals to coded tables and reports.",
    pretty_exceptions_show_locals=False,  # locals can hold keys and personal data
    no_args_is_help=True,
    rich_markup_mode=None,  # help and error panels are plain text: brackets in them stay as written
)


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="config file (default: $TIMPORA_CONFIG or config/timpora.toml)")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log progress")] = False,
) -> None:
    """Load the configuration shared by every command."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        ctx.obj = {"settings": load_config(config), "config_path": str(config) if config else None, "verbose": verbose}
    except ConfigError as exc:  # pydantic quotes the values it refused: a URL's tokens are redacted
        raise fail(f"config error: {redact_urls(describe(exc))}") from exc


# registered here, in the order `timpora --help` lists them
app.command()(pipeline.sync)
app.command()(pipeline.publish)
app.command()(pipeline.build)
app.command()(report.report)
app.command()(query.sql)
app.command()(status.status)
app.command()(admin.serve)
app.command()(query.quality)
app.command()(pipeline.demo)
app.command()(report.export)
app.command("backup")(admin.backup_command)
app.command("restore")(admin.restore_command)
app.command()(query.schema)
app.command("show-config")(status.show_config)
app.add_typer(alerts.alerts_app, name="alerts")
