"""run_sql (DuckDB's statement splitter, parameters by name) and the macro themes each stage loads."""

from __future__ import annotations

import re

import duckdb
import pytest

from pipelines.core import warehouse
from pipelines.core.warehouse import SQL_DIR, load_macros, macro_files, run_sql
from pipelines.marts import build
from pipelines.transform import staging


@pytest.fixture
def sql_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(warehouse, "SQL_DIR", tmp_path)
    return tmp_path


def test_run_sql__semicolons_inside_strings_and_comments_do_not_split(sql_dir):
    (sql_dir / "given.sql").write_text(
        "-- a header; with a semicolon\n"
        "create table given as select 'a;b' as text, 1 as n; -- a comment; after it\n"
        "insert into given values ('c;\nd', 2)\n"
        ";\n/* a block; comment */\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    ran = []
    run_sql(con, "given.sql", after=ran.append)
    assert con.execute("select text, n from given order by n").fetchall() == [("a;b", 1), ("c;\nd", 2)]
    assert len(ran) == 2 and ran[0].startswith("create table given")


def test_run_sql__each_statement_gets_only_the_parameters_it_names(sql_dir):
    (sql_dir / "given.sql").write_text(
        "create table given as select $first as first;\n"
        "-- $second in a comment is no parameter\n"
        "insert into given select $second;\n"
        "insert into given select '$first in a string';\n",
        encoding="utf-8",
    )
    con = duckdb.connect()
    run_sql(con, "given.sql", {"first": "one", "second": "two", "unused": 3})
    assert con.execute("select first from given").fetchall() == [("one",), ("two",), ("$first in a string",)]


def test_run_sql__a_file_of_comments_only_runs_nothing(sql_dir):
    (sql_dir / "given.sql").write_text("-- nothing to run\n\n", encoding="utf-8")
    run_sql(duckdb.connect(), "given.sql")


def test_every_macro_is_in_sql_macros():
    create_macro = re.compile(r"^create\b[^;]*?\bmacro\b", re.IGNORECASE | re.MULTILINE)
    elsewhere = [
        str(path.relative_to(SQL_DIR))
        for path in SQL_DIR.rglob("*.sql")
        if path.parent.name != "macros" and create_macro.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


@pytest.mark.parametrize("themes", [staging.MACROS, build.MACROS], ids=["staging", "marts"])
def test_load_macros__every_theme_a_stage_names_loads(themes):
    con = duckdb.connect()
    load_macros(con, themes)
    assert all(path.is_file() for path in macro_files(themes))


def test_staging_fingerprint__hashes_the_macros_staging_loads_and_no_other():
    hashed = {path.name for path in staging._fingerprint_paths() if path.parent.name == "macros"}
    assert hashed == {f"{theme}.sql" for theme in staging.MACROS}
    assert {f"{theme}.sql" for theme in build.MACROS} - hashed == {"alerts.sql", "stays.sql"}


def test_connect__a_warehouse_from_before_moved_at_gets_the_column_and_keeps_its_rows(tmp_path):
    path = tmp_path / "wh.duckdb"
    warehouse.connect(path).close()
    con = duckdb.connect(str(path))
    con.execute(
        "insert into raw.responses (source_name, response_key, version, sheet_row_number, header_id, "
        "cells, content_hash, fetch_id, first_seen_at) values ('s', 'k', 1, 2, 'h', ['a'], 'c', 'f', now())"
    )
    con.execute("alter table raw.responses drop column moved_at")
    con.close()
    con = warehouse.connect(path)
    rows = con.execute("select response_key, moved_at from raw.responses").fetchall()
    con.close()
    assert rows == [("k", None)]
