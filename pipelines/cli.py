"""The `timpora` command line: sync, build, report, query and inspect the pipeline."""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import duckdb
import typer
from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Column, Table
from rich.text import Text

from pipelines.alerts.lifecycle import STATUSES, AlertError, change_status, list_alerts
from pipelines.core.cells import neutralise_cell
from pipelines.core.config import DEMO_PSEUDONYM_KEY, ConfigError, Settings, load_config, redact_urls, redacted_config
from pipelines.core.locks import WarehouseBusy, writer_busy
from pipelines.core.warehouse import (
    WarehouseDamaged,
    WarehouseError,
    WarehouseLocked,
    WarehouseMissing,
    connect,
    fetch_first,
    read_sql,
)

app = typer.Typer(
    help="Timpora reporting pipeline: Google Forms responses about foreign nationals to coded tables and reports.",
    pretty_exceptions_show_locals=False,  # locals can hold keys and personal data
    no_args_is_help=True,
    rich_markup_mode=None,  # help and error panels are plain text: brackets in them stay as written
)
console = Console()
errors = Console(stderr=True)
OUTPUT_FORMATS = ("table", "csv", "json")

# the commands that run a step import pipelines.steps (pandas, pyarrow, the parsers) themselves, so
# the others (report, sql, status, alerts) start fast
if TYPE_CHECKING:
    import pandas as pd

    from pipelines.steps import OfficeOutcome


class ReadOnlyQueryError(ValueError):
    """An analyst query tried to change something."""


def say(text: str, style: str | None = None) -> None:
    """Print one line of text as it is: data, user and config text are never read as markup."""
    console.print(Text(text, style=style or ""), soft_wrap=True)


def fail(text: str, code: int = 2) -> typer.Exit:
    """Print a user mistake's one line to stderr; returns the exit for the caller to raise."""
    errors.print(Text(text, style="red"), soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def exits_on(*kinds: type[Exception], code: int = 2, prefix: str = "") -> Iterator[None]:
    """Turn a command's expected errors into one red line and an exit code (no traceback)."""
    try:
        yield
    except kinds as exc:
        raise fail(prefix + _describe(exc), code) from exc


def _describe(exc: Exception) -> str:
    """An error as one line; a file error as `path: reason` rather than Python's `[Errno 17] ...`."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot use {exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


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
    except ConfigError as exc:  # pydantic quotes the values it refused: a URL's tokens are redacted
        raise fail(f"config error: {redact_urls(_describe(exc))}") from exc


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
    columns = ["source", "mode", "fetched", "new", "changed", "deleted", "current", "requests", "seconds"]
    rows = []
    failures = []
    for name in names:
        try:
            r = steps.sync_one(settings, name, full=full)
        except Exception as exc:  # each source on its own: report and go on
            failures.append(name)
            errors.print(Text(f"source {name}: {_describe(exc)}", style="red"), soft_wrap=True)
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
        console.print(_text_table(columns, rows))
    if not source:
        try:
            failures += _print_outcomes("follow-up read", steps.read_followups(settings))
        except Exception as exc:  # the sources are synced: say why the follow-ups were not read
            failures.append("follow-up read")
            errors.print(Text(f"follow-up read: {_describe(exc)}", style="red"), soft_wrap=True)
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
        say("no office has a results spreadsheet ([offices.results] spreadsheet in the config)")
    if _print_outcomes("publish", outcomes):
        raise typer.Exit(1)


@app.command()
def build(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="reference date YYYY-MM-DD for alerts")] = None,
) -> None:
    """Rebuild staging and marts from raw, run the checks and publish the analysts' snapshot."""
    from pipelines import steps
    from pipelines.marts.build import CheckFailed

    settings = _settings(ctx)
    with exits_on(ConfigError):  # before the lock and the warehouse: a missing key is the user's to set
        settings.pseudonym_key()
    with exits_on(WarehouseBusy, WarehouseError, CheckFailed, code=1):
        result = steps.build(settings, _date(as_of))
    kind = "full" if result.full else "incremental"
    console.print(
        f"built as of {result.as_of}: {result.lodging_reports} lodging reports, {result.complaints} complaints, "
        f"{result.rejects} rejects, {result.persons} persons, {result.alerts} alerts ({kind}, {result.seconds:.1f} s)"
    )
    if result.what_if_offices:
        say(
            f"what-if: {result.as_of} is not today for {', '.join(result.what_if_offices)}; their alert state is "
            "unchanged (no alert raised or closed, nothing announced or published): `timpora build` updates it"
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
        with exits_on(ConfigError, ValueError, WarehouseError, OSError, prefix=f"report {code}: "):
            iso_week = week or last_complete_week(settings.office(code))
            written = write_weekly_report(settings, code, iso_week, out, formats, edition, lang)
        for path in written.paths.values():
            say(f"{code} {iso_week}: {path}")


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="a SELECT over the published snapshot, or @sql/queries/NAME.sql")],
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for $NAME in the query, e.g. iso_week=2026-W47"),
    ] = None,
    neutralise: Annotated[
        bool,
        typer.Option(
            "--neutralise/--keep-formulas",
            help="CSV: prefix ' to text cells starting with = + - @ tab CR LF, so a spreadsheet shows them as text",
        ),
    ] = True,
) -> None:
    """Run a read-only query on the analysts' snapshot (never blocks a sync).

    Limits: [query] timeout_seconds and memory_limit in the config (default 60 s and 512MB).
    """
    settings = _settings(ctx)
    _check_format(format)
    source = Path(query[1:]) if query.startswith("@") else None
    text = _read_query_file(source) if source else query
    with exits_on(ReadOnlyQueryError, WarehouseError):
        result = run_readonly_query(settings, text, _params(param or []), from_file=source)
    print_rows(result.columns, result.rows, format, neutralise=neutralise)


def _check_format(format: str) -> None:
    if format not in OUTPUT_FORMATS:
        raise fail(f"unknown format {format!r}; use {', '.join(OUTPUT_FORMATS)}")


def _read_query_file(path: Path) -> str:
    """The text of a saved query: a UTF-8 `.sql` file; errors name the file, never its content."""
    if path.suffix.lower() != ".sql":
        raise fail(f"{path}: timpora sql reads queries from .sql files only")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise fail(f"query file {path} not found (saved queries are in sql/queries/)") from exc
    except UnicodeDecodeError as exc:
        raise fail(f"query file {path} is not UTF-8 text") from exc
    except OSError as exc:
        raise fail(f"query file {path} cannot be read: {exc.strerror or type(exc).__name__}") from exc


def _params(pairs: list[str]) -> dict[str, str] | None:
    if any("=" not in pair for pair in pairs):
        raise typer.BadParameter("write parameters as NAME=VALUE, e.g. --param iso_week=2026-W47")
    return dict(pair.split("=", 1) for pair in pairs) or None


def _check_params(wanted: set[str], given: dict[str, str]) -> None:
    """The query's $NAMEs and the --param values must match: say which one is missing or not used."""
    missing, unused = sorted(wanted - given.keys()), sorted(given.keys() - wanted)
    if missing:
        example = " ".join(f"--param {name}=..." for name in missing)
        raise ReadOnlyQueryError(f"the query needs a value for {', '.join(missing)}: add {example}")
    if unused:
        takes = f"it takes {', '.join(sorted(wanted))}" if wanted else "it takes none"
        raise ReadOnlyQueryError(f"the query has no parameter {', '.join(unused)} ({takes})")


class QueryResult(NamedTuple):
    """An analyst query's column names and rows, each value of the Python type DuckDB gave it."""

    columns: list[str]
    rows: list[tuple]


def run_readonly_query(
    settings: Settings, text: str, params: dict[str, str] | None = None, from_file: Path | None = None
) -> QueryResult:
    """Run one SELECT (or WITH … SELECT) on the snapshot within the `[query]` limits; anything else is refused.

    The snapshot is opened read-only and sandboxed (no other file), with `query.memory_limit`; a query
    still running after `query.timeout_seconds` is interrupted. For a query read `from_file`, errors
    name the kind of failure and the line only, never the file's text.

    Raises:
        ReadOnlyQueryError: the text holds a statement that is not a query, or several statements; the
            query failed, went beyond the memory limit or ran out of time.
        WarehouseError: no snapshot yet, or it cannot be opened.
    """
    import duckdb

    limits = settings.query
    con = connect(settings.snapshot_path, read_only=True, sandboxed=True, memory_limit=limits.memory_limit)
    # read-only alone still allows temp tables, SET and PRAGMA: only a single SELECT runs
    timer = threading.Timer(limits.timeout_seconds, con.interrupt)
    try:
        statements = con.extract_statements(text)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ReadOnlyQueryError("timpora sql runs one read-only SELECT query; writes are refused")
        _check_params(statements[0].named_parameters, params or {})
        timer.start()
        cursor = con.execute(text, params)
        rows = cursor.fetchall()
        return QueryResult([column[0] for column in cursor.description], rows)
    except ReadOnlyQueryError:
        raise
    except duckdb.InterruptException as exc:
        raise ReadOnlyQueryError(
            f"query stopped after {limits.timeout_seconds:g} s (the limit is [query] timeout_seconds in the config)"
        ) from exc
    except duckdb.PermissionException as exc:
        raise ReadOnlyQueryError("refused: analyst queries read the snapshot's tables, no other file") from exc
    except duckdb.OutOfMemoryException as exc:
        raise ReadOnlyQueryError(
            f"query needs more than {limits.memory_limit} (the limit is [query] memory_limit in the config)"
        ) from exc
    except (duckdb.Error, ValueError) as exc:  # ValueError: a $NAME without its --param
        raise ReadOnlyQueryError(_query_error(exc, from_file)) from exc
    finally:
        timer.cancel()
        con.close()


def _query_error(exc: Exception, from_file: Path | None) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if from_file is None:
        return f"query failed: {first}"
    kind = first.split(":", 1)[0] if ":" in first else type(exc).__name__
    line = next((part.split(":", 1)[0] for part in str(exc).split("LINE ")[1:]), None)
    return f"query in {from_file} failed: {kind}" + (f" at line {line}" if line else "")


def cell_text(value: object) -> str:
    """A value as an analyst reads it: integers without `.0`, dates as YYYY-MM-DD, empty for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, default=cell_text, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _json_value(value: object) -> object:
    """A value as JSON keeps it: numbers as numbers (NaN as null), lists and structs nested, the rest as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return cell_text(value)


def print_rows(columns: Sequence[str], rows: Sequence[tuple], format: str, neutralise: bool = True) -> None:
    """Print rows as a table, CSV (formula-leading text neutralised unless told not to) or JSON records."""
    if format == "csv":
        buffer = io.StringIO()
        # RFC 4180 line ends: Python's csv quotes a field holding CR or LF only when both end a line
        writer = csv.writer(buffer, lineterminator="\r\n")
        safe = neutralise_cell if neutralise else str
        writer.writerow([safe(str(column)) for column in columns])
        for row in rows:
            writer.writerow([safe(value) if isinstance(value, str) else cell_text(value) for value in row])
        typer.echo(buffer.getvalue(), nl=False)
    elif format == "json":
        records = [
            {str(column): _json_value(value) for column, value in zip(columns, row, strict=True)} for row in rows
        ]
        typer.echo(json.dumps(records, ensure_ascii=False))
    else:
        console.print(_text_table([str(column) for column in columns], [[_shown(v) for v in row] for row in rows]))


def _shown(value: object) -> str:
    """A value as a table shows it: a fraction to 4 decimals (CSV and JSON keep every digit)."""
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return str(round(value, 4))
    return cell_text(value)


def _rich_table(frame: pd.DataFrame) -> RenderableType:
    """A frame as a table of plain text: whole numbers without `.0`, nothing cut, brackets kept."""
    rows = [[_shown(value) for value in row.values()] for row in _records(frame)]
    return _text_table([str(column) for column in frame.columns], rows)


def _text_table(columns: list[str], rows: list[list[str]]) -> RenderableType:
    """Rows of text as a table; one too wide for the terminal as one block per row, a field a line.

    A table squeezed into a narrow terminal breaks names and dates mid-word (`pangka│lpinan`); listed
    field by field, each value reads whole.
    """
    widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]
    if sum(widths) + 3 * len(columns) + 1 <= console.width or not rows:
        table = Table(*[Column(Text(column), overflow="fold") for column in columns])
        for row in rows:
            table.add_row(*[Text(cell) for cell in row])
        return table
    blocks = []
    for number, row in enumerate(rows, start=1):
        block = Table.grid(padding=(0, 2))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for column, cell in zip(columns, row, strict=True):
            block.add_row(Text(column), Text(cell))
        blocks.extend([Rule(f"{number}", align="left", style="dim"), block])
    return Group(*blocks)


@app.command()
def status(ctx: typer.Context) -> None:
    """Show the last sync per source, header changes, the last build, open alerts, overdue complaints, next runs."""
    settings = _settings(ctx)
    con, path = _open_for_reading(settings)
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
    console.print(_rich_table(frame))
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
    _print_next_runs(ctx.obj["config_path"])


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


def _print_next_runs(config_path: str | None) -> None:
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
        console.print(_rich_table(frame))


@app.command()
def serve(
    ctx: typer.Context,
    sync_minutes: Annotated[int, typer.Option(help="minutes between incremental syncs")] = 15,
) -> None:
    """Serve the schedules from this process (needs a Prefect server: set PREFECT_API_URL)."""
    from prefect import serve as serve_deployments

    from pipelines.flows.pipeline import deployments

    if not os.environ.get("PREFECT_API_URL"):
        raise fail("scheduling needs a Prefect server: run `prefect server start` and set PREFECT_API_URL")
    serve_deployments(*deployments(ctx.obj["config_path"], sync_minutes=sync_minutes))


@app.command()
def quality(ctx: typer.Context) -> None:
    """Show rejected values by source, field and reason, and how each coded field was read (from the last build)."""
    with exits_on(WarehouseError, code=1):
        con = connect(_settings(ctx).snapshot_path, read_only=True)
    try:
        frame = con.execute(read_sql("queries/quality.sql")).df()
        methods = con.execute(read_sql("queries/match_methods.sql")).df()
    finally:
        con.close()
    if frame.empty:
        say("no rejected values in the last build")
    else:
        console.print(_rich_table(frame))
    if not methods.empty:
        console.print(_rich_table(methods))


@app.command()
def demo(
    ctx: typer.Context,
    end_date: Annotated[str | None, typer.Option(help="last day of the demo data (default: today)")] = None,
) -> None:
    """Generate the demo data, run sync → build → report as Prefect flows, print a summary."""
    from pipelines.demo.generate import generate_demo
    from pipelines.flows.pipeline import run_all
    from pipelines.report.weekly import last_complete_week

    settings = _settings(ctx)
    os.environ.setdefault(settings.pseudonym_key_env, DEMO_PSEUDONYM_KEY)
    with exits_on(ConfigError):  # a key of the user's own must still be a good one
        settings.pseudonym_key()
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
        _replay_week_end(settings, week)
    result = run_all(config_path=ctx.obj["config_path"], as_of=end, week=week, full=True)
    _print_summary(settings, week)
    for office, paths in result["reports"].items():
        for path in paths.values():
            say(f"report {office}: {Path(path).resolve()}")


def _replay_week_end(settings: Settings, iso_week: str) -> None:
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
    console.print(_rich_table(frame.drop(columns="iso_week").rename(columns=SUMMARY_HEADERS)))


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


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="folder for the Parquet tables")] = Path("export"),
    office: Annotated[str | None, typer.Option(help="only this office")] = None,
) -> None:
    """Export the normalised tables as Parquet partitioned by office and ISO week (the national roll-up)."""
    from pipelines.marts.export import export_parquet

    with exits_on(ConfigError, WarehouseError, OSError):
        written = export_parquet(_settings(ctx), out, office)
    for table, rows in written.items():
        say(f"{table}: {rows} rows → {out / table}")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option(help="backup file (default: backups/<warehouse>-<UTC time>.duckdb)")
    ] = None,
) -> None:
    """Copy the warehouse to a backup file, between syncs and builds."""
    from pipelines import steps

    settings = _settings(ctx)
    if not settings.warehouse.exists():
        raise fail(f"no warehouse at {settings.warehouse} to back up: run `timpora sync` first", 1)
    with exits_on(WarehouseBusy, WarehouseError, OSError, code=1):
        path = steps.backup(settings, out)
    say(f"backup written: {path} ({path.stat().st_size / 1e6:.1f} MB)")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(help="a file written by `timpora backup`")],
) -> None:
    """Put a backup in place of the warehouse (the current file is kept aside); then sync and build."""
    from pipelines import steps

    with exits_on(WarehouseBusy, WarehouseError, OSError, code=1):
        aside = steps.restore(_settings(ctx), backup_file)
    if aside:
        say(f"the replaced warehouse is kept as {aside}")
    say("restored; run `timpora sync` and `timpora build` to catch up with the sources")


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
    format: Annotated[
        str, typer.Option("--format", help="table (fits 80 columns), csv or json (every column)")
    ] = "table",
) -> None:
    """List alerts, most urgent first (pseudonymous person ids; names only in the restricted report)."""
    settings = _settings(ctx)
    if office:
        _office_or_exit(settings, office)
    if ctx.invoked_subcommand:  # `alerts --office X ack ID` acts only on office X's alerts
        ctx.obj["alerts_office"] = office
        return
    _check_format(format)
    statuses = STATUS_CHOICES.get(status.lower(), [part.strip().upper() for part in status.split(",")])
    con, _ = _open_for_reading(settings)
    try:
        if not _has_marts(con):
            raise fail("no alerts yet: the warehouse has not been built; run `timpora build` first", 1)
        with exits_on(AlertError):
            frame = list_alerts(con, office, statuses)
    finally:
        con.close()
    records = _records(frame)
    if format != "table":
        print_rows(list(frame.columns), [tuple(record.values()) for record in records], format)
    elif not records:
        say(f"no alerts with status {', '.join(statuses)}")
    else:
        console.print(_alerts_table(records, show_office=not office and len(settings.offices) > 1))


def _records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as plain Python values: integers stay integers (not 27.0), a missing value is None."""
    rows = frame.convert_dtypes().to_dict("records")
    return [{key: None if _missing(value) else value for key, value in row.items()} for row in rows]


def _missing(value: object) -> bool:
    import pandas as pd  # loaded already: the value comes from a frame

    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _alerts_table(records: list[dict], show_office: bool) -> Table:
    """Alerts in a table for an 80-column terminal: few columns, long text wrapped, the id always whole.

    The office goes under the id (when alerts of several offices are listed); the kind is shown with
    spaces (`VISA FREE LIMIT`) so it wraps between words; csv and json keep every column as it is.
    """
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
    table.add_column("id" + (" / office" if show_office else ""), no_wrap=True, min_width=16)
    table.add_column("alert", min_width=12, overflow="fold")
    table.add_column("days", no_wrap=True, justify="right")
    table.add_column("where", ratio=3, overflow="fold")
    table.add_column("follow-up", ratio=2, overflow="fold")
    for alert in records:
        days = f"{alert['days_over']} over" if alert["days_over"] is not None else f"{alert['days_left']} left"
        permit = " ".join(str(alert[key]) for key in ("nationality", "permit") if alert[key])
        until = f" until {alert['until']}" if alert["until"] else ""
        followup = ": ".join(str(alert[key]) for key in ("by", "note") if alert[key])
        cells = [alert["alert_id"] + (f"\n{alert['office']}" if show_office else "")]
        cells += [f"{str(alert['kind']).replace('_', ' ')}\n{alert['status']}", days]
        cells += [f"{alert['district'] or ''}\n{permit}{until}"]
        cells += [f"raised {alert['raised']}" + (f"\n{followup}" if followup else "")]
        table.add_row(*[Text(str(cell)) for cell in cells])
    return table


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
    settings = _settings(ctx)
    if not settings.warehouse.exists():
        raise fail(_no_warehouse(settings), 1)
    with exits_on(WarehouseError, code=1):
        con = connect(settings.warehouse)
    try:
        with exits_on(AlertError):
            change = change_status(con, alert_id, to_status, by, note, office=ctx.obj.get("alerts_office"))
    finally:
        con.close()
    say(f"alert {change.alert_id} ({change.office_code}): {change.from_status} → {change.to_status} by {by}")


def _office_or_exit(settings: Settings, office: str) -> None:
    with exits_on(ConfigError):
        settings.office(office)


def _open_for_reading(settings: Settings):
    """The warehouse read-only, or its restricted snapshot while a sync or build holds the warehouse.

    A warehouse not there yet or damaged ends the command with one line saying what to do: the
    snapshot of a damaged warehouse would look as if all were well.
    """
    try:
        return connect(settings.warehouse, read_only=True), settings.warehouse
    except WarehouseMissing as exc:
        raise fail(
            f"no warehouse at {settings.warehouse} yet: run `timpora sync` and `timpora build` first", 1
        ) from exc
    except WarehouseDamaged as exc:
        raise fail(str(exc), 1) from exc
    except WarehouseLocked:
        # the owner-only copy of the warehouse: the analysts' one suppresses rare alerts' nationality and place
        snapshot = settings.restricted_snapshot_path
        say(f"warehouse busy (a sync or build is running); showing the snapshot {snapshot}", "yellow")
    with exits_on(WarehouseError, code=1):
        return connect(snapshot, read_only=True), snapshot


def _no_warehouse(settings: Settings) -> str:
    return f"no warehouse at {settings.warehouse} yet: run `timpora sync` and `timpora build` first"


def _has_marts(con) -> bool:
    return fetch_first(con, "select count(*) from information_schema.tables where table_schema = 'marts'")[0] > 0


@app.command()
def schema(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="where to write the markdown")] = Path("docs/schema.md"),
) -> None:
    """Write the schema of every table analysts use (from the snapshot) as markdown."""
    from pipelines.marts.schema_doc import schema_markdown

    with exits_on(WarehouseError):
        con = connect(_settings(ctx).snapshot_path, read_only=True)
    try:
        text = schema_markdown(con)
    finally:
        con.close()
    with exits_on(OSError):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    say(f"schema written: {out}")


@app.command("show-config")
def show_config(ctx: typer.Context) -> None:
    """Print the effective configuration; credentials and tokens in URLs are shown as ***."""
    typer.echo(json.dumps(redacted_config(_settings(ctx)), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # python -m pipelines.cli, where the timpora script is not installed
    app()
