"""The `timpora` command line: sync, build, report, query and inspect the pipeline."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipelines.alerts.lifecycle import STATUSES, AlertError, change_status, list_alerts
from pipelines.config import ConfigError, Settings, load_config
from pipelines.locks import WarehouseBusy
from pipelines.warehouse import WarehouseError, connect, fetch_first, read_sql

app = typer.Typer(
    help="Timpora reporting pipeline: Google Forms responses about foreign nationals to coded tables and reports.",
    pretty_exceptions_show_locals=False,  # locals can hold keys and personal data
    no_args_is_help=True,
)
console = Console()
DEMO_KEY = "demo-only-pseudonym-key-not-for-production"

# the commands that run a step import pipelines.steps (pandas, pyarrow, the parsers) themselves, so
# the others (report, sql, status, alerts) start fast
if TYPE_CHECKING:
    import pandas as pd

    from pipelines.steps import OfficeOutcome


class ReadOnlyQueryError(ValueError):
    """An analyst query tried to change something."""


@contextmanager
def exits_on(*errors: type[Exception], code: int = 2, prefix: str = "") -> Iterator[None]:
    """Turn a command's expected errors into a red message and an exit code (no traceback)."""
    try:
        yield
    except errors as exc:
        console.print(f"[red]{prefix}{exc}[/red]")
        raise typer.Exit(code) from exc


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj["settings"]


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
    except ConfigError as exc:
        console.print(f"[red]config error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def sync(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(help="sync only this source")] = None,
    full: Annotated[bool, typer.Option("--full", help="read every row and reconcile edits and deletions")] = False,
) -> None:
    """Fetch new form responses into the raw layer."""
    from pipelines import steps

    settings = _settings(ctx)
    names = [source] if source else [s.name for s in settings.sources]
    table = Table("source", "mode", "fetched", "new", "changed", "deleted", "current", "requests", "seconds")
    failures = []
    for name in names:
        try:
            r = steps.sync_one(settings, name, full=full)
        except Exception as exc:  # each source on its own: report and go on
            failures.append(name)
            console.print(f"[red]source {name}: {exc}[/red]")
            continue
        table.add_row(
            name,
            "full" if r.is_full else "incremental",
            *map(str, (r.rows_fetched, r.rows_new, r.rows_changed, r.rows_deleted, r.rows_current, r.requests_made)),
            f"{r.seconds:.2f}",
        )
        if r.header_added or r.header_removed:
            console.print(
                f"[yellow]source {name}: header changed: added {list(r.header_added)}, "
                f"removed {list(r.header_removed)}[/yellow]"
            )
    console.print(table)
    if not source:
        failures += _print_outcomes("follow-up read", steps.read_followups(settings))
    if failures:
        raise typer.Exit(1)


def _print_outcomes(action: str, outcomes: list[OfficeOutcome]) -> list[str]:
    """Print each office's publish or follow-up read; returns the offices that failed."""
    for outcome in outcomes:
        if outcome.error:
            console.print(f"[red]{action} {outcome.office_code}: {outcome.error}[/red]")
            continue
        result = outcome.result
        if isinstance(result, tuple):
            applied, warnings = result
            console.print(f"{action} {outcome.office_code}: {applied} alert(s) changed from the sheet")
        else:
            warnings = list(result.warnings)
            tabs = ", ".join(result.tabs_written) or "nothing changed"
            console.print(
                f"{action} {outcome.office_code}: {tabs} ({result.requests} requests, "
                f"{result.followups_applied} follow-up(s) read)"
            )
        for warning in warnings:
            console.print(f"[yellow]  {warning}[/yellow]")
    return [outcome.office_code for outcome in outcomes if outcome.error]


@app.command()
def publish(
    ctx: typer.Context,
    office: Annotated[str | None, typer.Option(help="only this office (default: every office with results)")] = None,
) -> None:
    """Publish alerts, weekly summary and data quality to each office's results spreadsheet."""
    from pipelines import steps

    with exits_on(ConfigError, WarehouseBusy, WarehouseError):
        outcomes = steps.publish(_settings(ctx), office)
    if not outcomes:
        console.print("no office has a results spreadsheet ([offices.results] spreadsheet in the config)")
    if _print_outcomes("publish", outcomes):
        raise typer.Exit(1)


@app.command()
def build(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="reference date YYYY-MM-DD for alerts")] = None,
) -> None:
    """Rebuild staging and marts from raw, run the checks and publish the analysts' snapshot."""
    from pipelines import steps

    with exits_on(WarehouseBusy, WarehouseError, code=1):
        result = steps.build(_settings(ctx), _date(as_of))
    kind = "full" if result.full else "incremental"
    console.print(
        f"built as of {result.as_of}: {result.lodging_reports} lodging reports, {result.complaints} complaints, "
        f"{result.rejects} rejects, {result.persons} persons, {result.alerts} alerts ({kind}, {result.seconds:.1f} s)"
    )
    if result.what_if_offices:
        console.print(
            f"what-if: {result.as_of} is not today for {', '.join(result.what_if_offices)}; their alert state is "
            "unchanged (no alert raised or closed, nothing announced or published): `timpora build` updates it",
            markup=False,
        )


@app.command()
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

    settings = _settings(ctx)
    formats = [f.strip() for f in format.split(",") if f.strip()]
    for code in [office] if office else [o.code for o in settings.offices]:
        with exits_on(ConfigError, ValueError, WarehouseError, prefix=f"report {code}: "):
            iso_week = week or last_complete_week(settings.office(code))
            written = write_weekly_report(settings, code, iso_week, out, formats, edition, lang)
        for path in written.paths.values():
            console.print(f"{code} {iso_week}: {path}")


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="a SELECT over the published snapshot, or @sql/queries/NAME.sql")],
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for $NAME in the query, e.g. iso_week=2026-W47"),
    ] = None,
) -> None:
    """Run a read-only query on the analysts' snapshot (never blocks a sync)."""
    settings = _settings(ctx)
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    with exits_on(ReadOnlyQueryError):
        frame = run_readonly_query(settings, text, _params(param or []))
    if format == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    elif format == "json":
        typer.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        console.print(_rich_table(frame))


def _params(pairs: list[str]) -> dict[str, str] | None:
    if any("=" not in pair for pair in pairs):
        raise typer.BadParameter("write parameters as NAME=VALUE, e.g. --param iso_week=2026-W47")
    return dict(pair.split("=", 1) for pair in pairs) or None


def run_readonly_query(settings: Settings, text: str, params: dict[str, str] | None = None):
    """Run one SELECT (or WITH … SELECT) on the snapshot; anything else is refused.

    Raises:
        ReadOnlyQueryError: the text holds a statement that is not a query, or several statements.
    """
    import duckdb

    con = connect(settings.snapshot_path, read_only=True, sandboxed=True)
    try:
        statements = con.extract_statements(text)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ReadOnlyQueryError("timpora sql runs one read-only SELECT query; writes are refused")
        return con.execute(text, params).df()
    except duckdb.PermissionException as exc:
        raise ReadOnlyQueryError("refused: analyst queries read the snapshot's tables, no other file") from exc
    except duckdb.Error as exc:
        raise ReadOnlyQueryError(f"query failed: {exc}") from exc
    finally:
        con.close()


def _rich_table(frame: pd.DataFrame) -> Table:
    import pandas as pd  # loaded already: the frame is one

    table = Table(*[str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        table.add_row(*["" if v is None or v is pd.NA or v != v else str(v) for v in row])
    return table


@app.command()
def status(ctx: typer.Context) -> None:
    """Show the last sync per source, header changes, the last build, open alerts, overdue complaints, next runs."""
    settings = _settings(ctx)
    con, path = _open_for_reading(settings)
    try:
        frame = con.execute(read_sql("queries/status_sources.sql")).df()
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
    console.print(_rich_table(frame))
    for source_name, note in zip(frame["source"], notes, strict=True):
        if note:
            console.print(f"[yellow]{source_name}: {note}[/yellow]")
    console.print(f"warehouse {path} ({path.stat().st_size / 1e6:.1f} MB)")
    if build_row:
        console.print(f"last build: {build_row[0]} at {build_row[1]}, as of {build_row[2]}")
    if alerts is not None:
        _print_titled("open alerts", alerts, "no open alerts")
        _print_titled("complaints without response past the SLA", overdue, "no overdue complaints")
    if any(office.results for office in settings.offices):
        _print_titled("last publish of results per office", publishes, "results not published yet")
    _print_next_runs(ctx.obj["config_path"])


def _print_next_runs(config_path: str | None) -> None:
    """Print the next scheduled runs: read from the Prefect server if one is set, else computed from the schedules."""
    from pipelines.flows import deployments, schedule  # imports Prefect: only here, so other commands start fast

    api_url = os.environ.get("PREFECT_API_URL")
    try:
        if api_url:
            title = f"next scheduled runs, read from the Prefect server {schedule.display_url(api_url)}"
            rows, when_empty = schedule.read_server_runs(api_url), "no Timpora deployment on the Prefect server"
        else:
            console.print("no Prefect server configured (PREFECT_API_URL unset)")
            title = "next runs computed from the schedule definitions, not read from a server (intervals count "
            title += "from when `timpora serve` starts)"
            rows, when_empty = schedule.planned_runs(deployments(config_path), datetime.now(UTC)), "no schedules"
    except schedule.ScheduleUnavailable as exc:
        console.print(f"[yellow]next scheduled runs: {exc}[/yellow]")
        return
    except Exception as exc:  # the status never fails because of the scheduler
        console.print(f"[yellow]next scheduled runs: cannot compute ({type(exc).__name__}: {exc})[/yellow]")
        return
    _print_titled(title, schedule.as_frame(rows), when_empty)


def _print_titled(title: str, frame: pd.DataFrame, when_empty: str) -> None:
    if frame.empty:
        console.print(when_empty)
    else:
        console.print(f"{title}:")
        console.print(_rich_table(frame))


@app.command()
def serve(
    ctx: typer.Context,
    sync_minutes: Annotated[int, typer.Option(help="minutes between incremental syncs")] = 15,
) -> None:
    """Serve the schedules from this process (needs a Prefect server: set PREFECT_API_URL)."""
    from prefect import serve as serve_deployments

    from pipelines.flows import deployments

    if not os.environ.get("PREFECT_API_URL"):
        console.print(
            "[red]scheduling needs a Prefect server: run `prefect server start` and set PREFECT_API_URL[/red]"
        )
        raise typer.Exit(2)
    serve_deployments(*deployments(ctx.obj["config_path"], sync_minutes=sync_minutes))


@app.command()
def quality(ctx: typer.Context) -> None:
    """Show rejected values by source, field and reason (from the last build), so offices can fix their forms."""
    con = connect(_settings(ctx).snapshot_path, read_only=True)
    try:
        frame = con.execute(read_sql("queries/quality.sql")).df()
    finally:
        con.close()
    if frame.empty:
        console.print("no rejected values in the last build")
    else:
        console.print(_rich_table(frame))


@app.command()
def demo(
    ctx: typer.Context,
    end_date: Annotated[str | None, typer.Option(help="last day of the demo data (default: today)")] = None,
) -> None:
    """Generate the demo data, run sync → build → report as Prefect flows, print a summary."""
    from pipelines.demo.generate import generate_demo
    from pipelines.flows import run_all
    from pipelines.report.weekly import last_complete_week

    settings = _settings(ctx)
    os.environ.setdefault(settings.pseudonym_key_env, DEMO_KEY)
    # the flows' per-task log lines drown the summary; --verbose shows them
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if ctx.obj["verbose"] else "WARNING")
    # the temporary Prefect server's first start migrates its database, minutes on a slow machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "900")
    end = _date(end_date) or settings.offices[0].today()
    demo_dir = Path(settings.source(settings.sources[0].name).path).parent
    manifest = generate_demo(demo_dir, end)
    console.print(f"demo data: {sum(manifest.rows.values())} responses in {demo_dir}")
    week = last_complete_week(settings.offices[0], end)
    result = run_all(config_path=ctx.obj["config_path"], as_of=end, week=week, full=True)
    _print_summary(settings, week)
    for office, paths in result["reports"].items():
        for path in paths.values():
            console.print(f"report {office}: {Path(path).resolve()}")


def _print_summary(settings: Settings, iso_week: str) -> None:
    con = connect(settings.snapshot_path, read_only=True)
    try:
        frame = con.execute(read_sql("queries/office_summary.sql"), {"iso_week": iso_week}).df()
    finally:
        con.close()
    console.print(f"Ringkasan minggu {iso_week} (peringatan per hari ini):")
    console.print(_rich_table(frame))


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"expected a date like 2026-11-24, got {text!r}") from exc


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="folder for the Parquet tables")] = Path("export"),
    office: Annotated[str | None, typer.Option(help="only this office")] = None,
) -> None:
    """Export the normalised tables as Parquet partitioned by office and ISO week (the national roll-up)."""
    from pipelines.export import export_parquet

    with exits_on(ConfigError, WarehouseError):
        written = export_parquet(_settings(ctx), out, office)
    for table, rows in written.items():
        console.print(f"{table}: {rows} rows → {out / table}")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option(help="backup file (default: backups/<warehouse>-<UTC time>.duckdb)")
    ] = None,
) -> None:
    """Copy the warehouse to a backup file, between syncs and builds."""
    from pipelines import steps

    with exits_on(WarehouseBusy, WarehouseError, code=1):
        path = steps.backup(_settings(ctx), out)
    console.print(f"backup written: {path} ({path.stat().st_size / 1e6:.1f} MB)")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(help="a file written by `timpora backup`")],
) -> None:
    """Put a backup in place of the warehouse (the current file is kept aside); then sync and build."""
    from pipelines import steps

    with exits_on(WarehouseBusy, WarehouseError, code=1):
        aside = steps.restore(_settings(ctx), backup_file)
    if aside:
        console.print(f"the replaced warehouse is kept as {aside}")
    console.print("restored; run `timpora sync` and `timpora build` to catch up with the sources")


alerts_app = typer.Typer(help="Overstay alerts: list them, acknowledge, resolve.", no_args_is_help=False)
app.add_typer(alerts_app, name="alerts")
STATUS_CHOICES = {"open": ["OPEN", "ACKNOWLEDGED"], "all": list(STATUSES)}


@alerts_app.callback(invoke_without_command=True)
def alerts(
    ctx: typer.Context,
    office: Annotated[str | None, typer.Option(help="only this office's alerts")] = None,
    status: Annotated[
        str, typer.Option(help="open (OPEN and ACKNOWLEDGED), OPEN, ACKNOWLEDGED, RESOLVED or all")
    ] = "open",
) -> None:
    """List alerts, most urgent first (pseudonymous person ids; names only in the restricted report)."""
    if ctx.invoked_subcommand:
        return
    settings = _settings(ctx)
    if office:
        _office_or_exit(settings, office)
    statuses = STATUS_CHOICES.get(status.lower(), [part.strip().upper() for part in status.split(",")])
    con, _ = _open_for_reading(settings)
    try:
        with exits_on(AlertError):
            frame = list_alerts(con, office, statuses)
    finally:
        con.close()
    if frame.empty:
        console.print(f"no alerts with status {', '.join(statuses)}")
    else:
        console.print(_rich_table(frame))


@alerts_app.command("ack")
def alerts_ack(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(help="alert id (the first 4 or more characters are enough)")],
    by: Annotated[str, typer.Option("--by", help="officer's name")],
    note: Annotated[str | None, typer.Option(help="what is being done")] = None,
) -> None:
    """Acknowledge an alert: a team is on it."""
    _change_alert(ctx, alert_id, "ACKNOWLEDGED", by, note)


@alerts_app.command("resolve")
def alerts_resolve(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(help="alert id (the first 4 or more characters are enough)")],
    by: Annotated[str, typer.Option("--by", help="officer's name")],
    note: Annotated[str | None, typer.Option(help="outcome, e.g. a deportation or fine decision")] = None,
) -> None:
    """Resolve an alert; later builds never reopen it."""
    _change_alert(ctx, alert_id, "RESOLVED", by, note)


def _change_alert(ctx: typer.Context, alert_id: str, to_status: str, by: str, note: str | None) -> None:
    try:
        con = connect(_settings(ctx).warehouse)
    except WarehouseError as exc:
        console.print(f"[red]{exc}[/red]; try again when it finishes")
        raise typer.Exit(1) from exc
    try:
        with exits_on(AlertError):
            change = change_status(con, alert_id, to_status, by, note)
    finally:
        con.close()
    console.print(f"alert {change.alert_id} ({change.office_code}): {change.from_status} → {change.to_status} by {by}")


def _office_or_exit(settings: Settings, office: str) -> None:
    with exits_on(ConfigError):
        settings.office(office)


def _open_for_reading(settings: Settings):
    """The warehouse read-only, or the published snapshot while a sync or build holds the warehouse."""
    try:
        return connect(settings.warehouse, read_only=True), settings.warehouse
    except WarehouseError:
        console.print(f"[yellow]warehouse busy; showing the snapshot {settings.snapshot_path}[/yellow]")
        return connect(settings.snapshot_path, read_only=True), settings.snapshot_path


@app.command()
def schema(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="where to write the markdown")] = Path("docs/schema.md"),
) -> None:
    """Write the schema of every table analysts use (from the snapshot) as markdown."""
    from pipelines.docs import schema_markdown

    with exits_on(WarehouseError):
        con = connect(_settings(ctx).snapshot_path, read_only=True)
    try:
        text = schema_markdown(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    console.print(f"schema written: {out}")


@app.command("show-config")
def show_config(ctx: typer.Context) -> None:
    """Print the effective configuration (no secrets are kept in it)."""
    typer.echo(json.dumps(_settings(ctx).model_dump(mode="json", exclude={"header_aliases"}), indent=2))


if __name__ == "__main__":  # python -m pipelines.cli, where the timpora script is not installed
    app()
