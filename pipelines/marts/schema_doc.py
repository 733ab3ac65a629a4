"""The schema of every table analysts use, generated from the warehouse and the SQL that builds it."""

from __future__ import annotations

from itertools import groupby

import duckdb

from pipelines.core.declarations import Table, declared_tables
from pipelines.core.warehouse import read_sql
from pipelines.marts.build import FOLDERS

DOCUMENTED_SCHEMAS = ("marts",)


def schema_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """docs/schema.md: each table's purpose, grain and key as its SQL file declares them, then its columns."""
    rows = con.execute(read_sql("docs/columns.sql"), {"schemas": list(DOCUMENTED_SCHEMAS)}).fetchall()
    tables = declared_tables(FOLDERS)
    parts = [
        "# Warehouse schema for analysts",
        "",
        "Generated from the warehouse by `timpora schema`; do not edit by hand. Every table here is in the",
        "read-only snapshot analysts open (`timpora sql`, notebooks, the DuckDB shell).",
    ]
    for (schema, table), columns in groupby(rows, key=lambda row: (row[0], row[1])):
        name = f"{schema}.{table}"
        parts += ["", f"## `{name}`", ""]
        if name in tables:
            parts += [*_description(tables[name]), ""]
        parts += ["| column | type |", "|---|---|"]
        parts += [f"| {column} | {data_type} |" for _, _, column, data_type in columns]
    return "\n".join(parts) + "\n"


def _description(table: Table) -> list[str]:
    lines = [table.purpose, "", f"grain: {table.grain}; key: {table.key}"]
    return [*lines, "", table.notes] if table.notes else lines
