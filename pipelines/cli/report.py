"""The commands that write files for people and other systems: the weekly report and the Parquet export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli.context import settings_of
from pipelines.cli.output import exits_on, say
from pipelines.core.config import ConfigError
from pipelines.core.warehouse import WarehouseError


def report(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option(help="ISO week like 2026-W47 (default: last complete week)")] = None,
    office: Annotated[str | None, typer.Option(help="office code (default: every office)")] = None,
    out: Annotated[Path | None, typer.Option(help="output folder (default: report_dir in config)")] = None,
    format: Annotated[str, typer.Option("--format", help="comma-separated: html,pdf,xlsx")] = "html,pdf,xlsx",
    edition: Annotated[
        str,
        typer.Option(help="default (counts, pseudonymous ids) or restricted (names persons with an alert)"),
    ] = "default",
    lang: Annotated[str, typer.Option("--lang", help="id (Bahasa Indonesia) or en (English)")] = "id",
) -> None:
    """Write the weekly rakor report: HTML, PDF and XLSX per office."""
    from pipelines.report.run import write_weekly_report
    from pipelines.report.weekly import last_complete_week

    settings = settings_of(ctx)
    formats = [f.strip() for f in format.split(",") if f.strip()]
    for code in [office] if office else [o.code for o in settings.offices]:
        with exits_on(ConfigError, ValueError, WarehouseError, OSError, prefix=f"report {code}: "):
            iso_week = week or last_complete_week(settings.office(code))
            written = write_weekly_report(settings, code, iso_week, out, formats, edition, lang)
        if written.what_if_as_of:
            say(
                f"report {code}: the last build was a what-if as of {written.what_if_as_of}, so these figures show "
                "that date; run `timpora build` for today's",
                "yellow",
            )
        for path in written.paths.values():
            say(f"{code} {iso_week}: {path}")


def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="folder for the Parquet tables")] = Path("export"),
    office: Annotated[str | None, typer.Option(help="only this office")] = None,
) -> None:
    """Export the normalised tables as Parquet partitioned by office and ISO week (the national roll-up)."""
    from pipelines.marts.export import export_parquet

    with exits_on(ConfigError, WarehouseError, OSError):
        written = export_parquet(settings_of(ctx), out, office)
    for table, rows in written.items():
        say(f"{table}: {rows} rows → {out / table}")
