"""The schema of every table analysts use, generated from the warehouse and the SQL that builds it."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

import duckdb

from pipelines.core.warehouse import SQL_DIR, read_sql
from pipelines.marts.build import KEPT_VIEWS

DOCUMENTED_SCHEMAS = ("marts",)
_CREATE = re.compile(r"^create or replace (?:table|view) (\w+\.\w+)", re.MULTILINE)
# a table kept from build to build is made from the view `<table>_new`, whose comment describes it
_KEPT_VIEW = re.compile(r"^create or replace temp view (\w+) as$")


def table_comments(folder: Path = SQL_DIR / "marts") -> dict[str, str]:
    """The comment block written above each `create or replace table|view` in the SQL files, per table.

    A table kept from build to build takes the comment above the view it is made from.
    """
    comments = {}
    for path in sorted(folder.glob("*.sql")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if match := _CREATE.match(line):
                comments[match.group(1)] = " ".join(_comment_above(lines, number))
            elif (match := _KEPT_VIEW.match(line)) and match.group(1) in KEPT_VIEWS:
                comments[KEPT_VIEWS[match.group(1)]] = " ".join(_comment_above(lines, number))
    return comments


def _comment_above(lines: list[str], number: int) -> list[str]:
    block: list[str] = []
    for line in reversed(lines[:number]):
        text = line.strip()
        if text.startswith("--"):
            block.insert(0, text.removeprefix("--").strip())
        elif text and not text.startswith("create schema"):
            break
    return block


def schema_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """docs/schema.md: each table's purpose and grain, then its columns and DuckDB types."""
    rows = con.execute(read_sql("docs/columns.sql"), {"schemas": list(DOCUMENTED_SCHEMAS)}).fetchall()
    comments = table_comments()
    parts = [
        "# Warehouse schema for analysts",
        "",
        "Generated from the warehouse by `timpora schema`; do not edit by hand. Every table here is in the",
        "read-only snapshot analysts open (`timpora sql`, notebooks, the DuckDB shell).",
    ]
    for (schema, table), columns in groupby(rows, key=lambda row: (row[0], row[1])):
        name = f"{schema}.{table}"
        parts += ["", f"## `{name}`", ""]
        if comments.get(name):
            parts += [comments[name], ""]
        parts += ["| column | type |", "|---|---|"]
        parts += [f"| {column} | {data_type} |" for _, _, column, data_type in columns]
    return "\n".join(parts) + "\n"
