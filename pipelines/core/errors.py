"""Error text that may leave the warehouse: shape (counts, field names, row numbers), never a cell value.

A failed step's message is stored in `raw.fetches` and `state.builds` (so in the analysts' snapshot and
`timpora status`), printed by the CLI and, through the flows, kept in Prefect's database (task states,
logs, events). Exceptions of this package that promise a shape-only message derive from `ShapeOnly`;
any other one (a DuckDB cast quoting the value it could not convert, a library quoting its input) is
replaced by its type and the line that raised it.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import duckdb

PACKAGE = Path(__file__).resolve().parents[1]


class ShapeOnly(Exception):  # noqa: N818 (a trait of other exceptions, not an error of its own)
    """An exception whose message describes shape only: sources, fields, counts, row numbers, paths."""


class StepFailed(ShapeOnly, RuntimeError):
    """A step failed with an exception whose own message could quote a cell; this one says what and where."""


class SourceError(ShapeOnly, RuntimeError):
    """A source cannot be read; the message says what to do and never holds credentials or cell values."""


def is_shape_only(exc: BaseException) -> bool:
    """Whether the exception's message can be shown and stored as it is."""
    # imported here: these modules import this one's users
    from pipelines.core.config import ConfigError
    from pipelines.core.locks import WarehouseBusy
    from pipelines.core.warehouse import WarehouseError

    # operating-system and DuckDB file errors name paths and system reasons, never a value
    safe = (ShapeOnly, ConfigError, WarehouseBusy, WarehouseError, OSError, MemoryError, duckdb.IOException)
    return isinstance(exc, safe)


def error_text(exc: BaseException) -> str:
    """`Type: message` when the message is shape-only, else the type and where it was raised, without it."""
    if is_shape_only(exc):
        return f"{type(exc).__name__}: {exc}"
    return f"{type(exc).__name__} raised at {raised_at(exc)} (its message is not shown: it may quote a form's cell)"


def shape_only(exc: Exception) -> Exception:
    """`exc` itself when its message is shape-only, else a `StepFailed` saying what was raised where.

    Raise a new one `from None`, so the original (and its message) is not chained into tracebacks.
    """
    return exc if is_shape_only(exc) else StepFailed(error_text(exc))


def raised_at(exc: BaseException) -> str:
    """Where it was raised: the last line of this package on the way (`pipelines/...py:line`), else the last line."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    ours = [frame for frame in frames if Path(frame.filename).resolve().is_relative_to(PACKAGE)]
    if ours:
        return f"{Path(ours[-1].filename).resolve().relative_to(PACKAGE.parent)}:{ours[-1].lineno}"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "an unknown place"
