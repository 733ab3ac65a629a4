"""The commands that run the pipeline's steps: sync, publish, build, and the demo that runs them all."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from pipelines.cli.context import settings_of
from pipelines.cli.output import console, describe, errors, exits_on, frame_table, say, text_table
from pipelines.core.config import DEMO_PSEUDONYM_KEY, ConfigError, Settings
from pipelines.core.locks import WarehouseBusy
from pipelines.core.warehouse import WarehouseError, connect, read_sql

# each command imports pipelines.steps (pandas, pyarrow, the parsers) itself, so the commands that
# run no step (report, sql, status, alerts) start fast
if TYPE_CHECKING:
    from pipelines.steps import OfficeOutcome


def sync(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(help="sync only this source")] = None,
    full: Annotated[bool, typer.Option("--full", help="read every row and reconcile edits and deletions")] = False,
) -> None:
    """Fetch new form responses into the raw layer."""
    from pipelines import steps

    settings = settings_of(ctx)
    names = [source] if source else [s.name for s in settings.sources]
    columns = ["source", "mode", "fetched", "new", "changed", "deleted", "current", "requests", "seconds"]
    rows = []
    failures = []
    for name in names:
        try:
            r = steps.sync_one(settings, name, full=full)
        except Exception as exc:  # each source on its own: report and go on
            failures.append(name)
            message = describe(exc)  # most already name the source
            line = message if message.startswith(f"source {name!r}") else f"source {name}: {message}"
            errors.print(Text(line, style="red"), soft_wrap=True)
            continue
        rows.append(
            [
                name,
                "full" if r.is_full else "incremental",
                *map(str, (r.rows_fetched, r.rows_new, r.rows_changed, r.rows_deleted, r.rows_current)),
                str(r.requests_made),
                f"{r.seconds:.2f}",
            ]
        )
        if r.header_added or r.header_removed:
            added, removed = ", ".join(r.header_added) or "-", ", ".join(r.header_removed) or "-"
            say(f"source {name}: header changed: added {added}; removed {removed}", "yellow")
    if rows:  # a source's name and data are printed as text, never markup
        console.print(text_table(columns, rows))
    if not source:
        try:
            failures += _print_outcomes("follow-up read", steps.read_followups(settings))
        except Exception as exc:  # the sources are synced: say why the follow-ups were not read
            failures.append("follow-up read")
            errors.print(Text(f"follow-up read: {describe(exc)}", style="red"), soft_wrap=True)
    if failures:
        raise typer.Exit(1)


def _print_outcomes(action: str, outcomes: list[OfficeOutcome]) -> list[str]:
    """Print each office's publish or follow-up read; returns the offices that failed."""
    for outcome in outcomes:
        if outcome.error:
            errors.print(Text(f"{action} {outcome.office_code}: {outcome.error}", style="red"), soft_wrap=True)
            continue
        result = outcome.result
        if isinstance(result, tuple):
            applied, warnings = result
            say(f"{action} {outcome.office_code}: {applied} alert(s) changed from the sheet")
        else:
            warnings = list(result.warnings)
            tabs = ", ".join(result.tabs_written) or "nothing changed"
            say(
                f"{action} {outcome.office_code}: {tabs} ({result.requests} requests, "
                f"{result.followups_applied} follow-up(s) read)"
            )
        for warning in warnings:
            say(f"  {warning}", "yellow")
    return [outcome.office_code for outcome in outcomes if outcome.error]


def publish(
    ctx: typer.Context,
    office: Annotated[str | None, typer.Option(help="only this office (default: every office with results)")] = None,
) -> None:
    """Publish alerts, weekly summary and data quality to each office's results spreadsheet."""
    from pipelines import steps

    with exits_on(ConfigError, WarehouseBusy, WarehouseError):
        outcomes = steps.publish(settings_of(ctx), office)
    if not outcomes:
        say("no office has a results spreadsheet ([offices.results] spreadsheet in the config)")
    if _print_outcomes("publish", outcomes):
        raise typer.Exit(1)


def build(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="reference date YYYY-MM-DD for alerts")] = None,
    rotate_key: Annotated[
        bool,
        typer.Option(
            "--rotate-key",
            help="take a new pseudonym key: every person id and alert id changes (docs/privacy.md)",
        ),
    ] = False,
) -> None:
    """Rebuild staging and marts from raw, run the checks and publish the analysts' snapshot."""
    from pipelines import steps
    from pipelines.core.pseudonym import PseudonymKeyChanged
    from pipelines.marts.build import CheckFailed

    settings = settings_of(ctx)
    with exits_on(ConfigError):  # before the lock and the warehouse: a missing key is the user's to set
        settings.pseudonym_key()
    with exits_on(WarehouseBusy, WarehouseError, CheckFailed, PseudonymKeyChanged, code=1):
        result = steps.build(settings, _date(as_of), rotate_key=rotate_key)
    kind = "full" if result.full else "incremental"
    console.print(
        f"built as of {result.as_of}: {result.lodging_reports} lodging reports, {result.complaints} complaints, "
        f"{result.rejects} rejects, {result.persons} persons, {result.alerts} alerts ({kind}, {result.seconds:.1f} s)"
    )
    if result.key_rotated:
        say(
            "pseudonym key rotated: every person id and alert id is new; each alert still detected is OPEN again "
            "under its new id, its old id closed (docs/privacy.md)",
            "yellow",
        )
    if result.what_if_offices:
        say(
            f"what-if: {result.as_of} is not today for {', '.join(result.what_if_offices)}; their alert state is "
            "unchanged (no alert raised or closed, nothing announced or published): `timpora build` updates it"
        )


def demo(
    ctx: typer.Context,
    end_date: Annotated[str | None, typer.Option(help="last day of the demo data (default: today)")] = None,
) -> None:
    """Generate the demo data, run sync → build → report as Prefect flows, print a summary."""
    from pipelines.core.pseudonym import PseudonymKeyChanged
    from pipelines.demo.generate import generate_demo
    from pipelines.flows.pipeline import run_all
    from pipelines.report.weekly import last_complete_week
    from pipelines.steps import check_pseudonym_key

    settings = settings_of(ctx)
    os.environ.setdefault(settings.pseudonym_key_env, DEMO_PSEUDONYM_KEY)
    with exits_on(ConfigError):  # a key of the user's own must still be a good one
        settings.pseudonym_key()
    with exits_on(PseudonymKeyChanged, code=1):  # before the flows, which would log the refusal at length
        check_pseudonym_key(settings)
    # the flows' per-task log lines drown the summary; --verbose shows them
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if ctx.obj["verbose"] else "WARNING")
    # the temporary Prefect server's first start migrates its database, minutes on a slow machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "900")
    end = _date(end_date) or settings.offices[0].today()
    demo_dir = Path(settings.source(settings.sources[0].name).path).parent
    manifest = generate_demo(demo_dir, end)
    say(f"demo data: {sum(manifest.rows.values())} responses in {demo_dir}")
    week = last_complete_week(settings.offices[0], end)
    if not settings.warehouse.exists():
        replay_week_end(settings, week)
    result = run_all(config_path=ctx.obj["config_path"], as_of=end, week=week, full=True)
    _print_summary(settings, week)
    for office, paths in result["reports"].items():
        for path in paths.values():
            say(f"report {office}: {Path(path).resolve()}")


def replay_week_end(settings: Settings, iso_week: str) -> None:
    """Run the demo's first sync and build on the reported week's last evening, as if the offices had run then.

    The report lists alerts as they stood at the week's end; a new warehouse has no history before its
    first build, so without this the demo's report for last week would list none.
    """
    from pipelines import steps

    year, week = (int(part) for part in iso_week.split("-W"))
    evening = datetime.combine(date.fromisocalendar(year, week, 7), time(12), UTC)  # 19:00 WIB, 21:00 WIT
    for source in settings.sources:
        steps.sync_one(settings, source.name, full=True)
    steps.build(settings, now=evening)


def _print_summary(settings: Settings, iso_week: str) -> None:
    con = connect(settings.snapshot_path, read_only=True)
    try:
        frame = con.execute(read_sql("queries/office_summary.sql"), {"iso_week": iso_week}).df()
    finally:
        con.close()
    say(f"Ringkasan minggu {iso_week} (peringatan per hari ini):")
    console.print(frame_table(frame.drop(columns="iso_week").rename(columns=SUMMARY_HEADERS)))


# the demo summary's headers, short enough for 80 columns (the query's own names are the mart's)
SUMMARY_HEADERS = {
    "office_code": "office",
    "foreigners_present": "present",
    "new_arrivals": "new",
    "reports_received": "reports",
    "complaints_received": "complaints",
    "overstay_alerts": "overstay",
    "expiring_soon": "expiring",
}


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date like 2026-11-24, got {text!r}") from exc
