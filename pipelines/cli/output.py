"""How the commands print: a line, a mistake's one line and exit, rows as a table, CSV or JSON; text, never markup."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

import typer
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Column, Table
from rich.text import Text

from pipelines.core.cells import neutralise_cell

if TYPE_CHECKING:
    import pandas as pd

console = Console()
errors = Console(stderr=True)

OUTPUT_FORMATS = ("table", "csv", "json")


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
        raise fail(prefix + describe(exc), code) from exc


def describe(exc: Exception) -> str:
    """An error as one line; a file error as `path: reason` rather than Python's `[Errno 17] ...`."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot use {exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


def check_format(format: str) -> None:
    """End the command with one line unless `format` is one of OUTPUT_FORMATS."""
    if format not in OUTPUT_FORMATS:
        raise fail(f"unknown format {format!r}; use {', '.join(OUTPUT_FORMATS)}")


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
        console.print(text_table([str(column) for column in columns], [[_shown(v) for v in row] for row in rows]))


def _shown(value: object) -> str:
    """A value as a table shows it: a fraction to 4 decimals (CSV and JSON keep every digit)."""
    if isinstance(value, float | Decimal) and math.isfinite(value):
        return str(round(value, 4))
    return cell_text(value)


def frame_table(frame: pd.DataFrame) -> RenderableType:
    """A frame as a table of plain text: whole numbers without `.0`, nothing cut, brackets kept."""
    rows = [[_shown(value) for value in row.values()] for row in frame_records(frame)]
    return text_table([str(column) for column in frame.columns], rows)


def text_table(columns: list[str], rows: list[list[str]]) -> RenderableType:
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


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as plain Python values: integers stay integers (not 27.0), a missing value is None."""
    rows = frame.convert_dtypes().to_dict("records")
    return [{key: None if _missing(value) else value for key, value in row.items()} for row in rows]


def _missing(value: object) -> bool:
    import pandas as pd  # loaded already: the value comes from a frame

    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)
