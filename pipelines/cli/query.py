"""The commands that read the analysts' snapshot: sql (one read-only query within limits), quality and schema."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from pipelines.cli.context import settings_of
from pipelines.cli.output import check_format, console, exits_on, fail, frame_table, print_rows, say
from pipelines.core.config import ConfigError, Settings
from pipelines.core.warehouse import WarehouseError, connect, read_sql


class ReadOnlyQueryError(ValueError):
    """An analyst query tried to change something."""


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
    settings = settings_of(ctx)
    check_format(format)
    source = Path(query[1:]) if query.startswith("@") else None
    text = _read_query_file(source) if source else query
    with exits_on(ReadOnlyQueryError, WarehouseError):
        result = run_readonly_query(settings, text, _params(param or []), from_file=source)
    print_rows(result.columns, result.rows, format, neutralise=neutralise)


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
        if len(statements) > 1:
            raise ReadOnlyQueryError(f"refused: timpora sql runs one query at a time; this holds {len(statements)}")
        if not statements or statements[0].type != duckdb.StatementType.SELECT:
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


def quality(
    ctx: typer.Context,
    office: Annotated[str | None, typer.Option(help="only the sources of this office")] = None,
) -> None:
    """Show rejected values by source, field and reason, and how each coded field was read (from the last build)."""
    settings = settings_of(ctx)
    if office:
        with exits_on(ConfigError):
            settings.office(office)
    with exits_on(WarehouseError, code=1):
        con = connect(settings.snapshot_path, read_only=True)
    try:
        frame = con.execute(read_sql("queries/quality.sql")).df()
        methods = con.execute(read_sql("queries/match_methods.sql")).df()
    finally:
        con.close()
    if office:
        names = [source.name for source in settings.sources if source.office == office]
        frame, methods = frame[frame.source_name.isin(names)], methods[methods.source_name.isin(names)]
    if frame.empty:
        say("no rejected values in the last build")
    else:
        console.print(frame_table(frame))
    if not methods.empty:
        console.print(frame_table(methods))


def schema(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="where to write the markdown")] = Path("docs/schema.md"),
) -> None:
    """Write the schema of every table analysts use (from the snapshot) as markdown."""
    from pipelines.marts.schema_doc import schema_markdown

    with exits_on(WarehouseError):
        con = connect(settings_of(ctx).snapshot_path, read_only=True)
    try:
        text = schema_markdown(con)
    finally:
        con.close()
    with exits_on(OSError):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    say(f"schema written: {out}")
