"""Every table the intermediate and mart SQL creates is declared by name in its file's header."""

from __future__ import annotations

import re

import pytest

from pipelines.core.declarations import DeclarationError, KeptTable, declared_tables, read_declarations
from pipelines.core.warehouse import SQL_DIR
from pipelines.marts.build import FOLDERS, KEPT_TABLES

_CREATE = re.compile(r"^create or replace (?:table|view) (\w+\.\w+)", re.MULTILINE)
_TEMP_VIEW = re.compile(r"^create or replace temp view (\w+) as", re.MULTILINE)
_TEMP_TABLE = re.compile(r"^create or replace temp table (\w+) as", re.MULTILINE)
PERSONS = """-- table: marts.persons
-- purpose: one row per foreigner,
--   whatever office reported them.
-- grain: one row per person
-- key: person_id
-- kept: from persons_new, scope affected_persons (person_id)
-- recomputed only for the persons whose reports changed.
"""


def _paths():
    return [path for folder in FOLDERS for path in sorted((SQL_DIR / folder).glob("*.sql"))]


@pytest.mark.parametrize("path", _paths(), ids=lambda path: path.name)
def test_sql_file__declares_every_table_it_creates_by_name(path):
    text = path.read_text(encoding="utf-8")
    declared = {table.name: table for table in read_declarations(path)}
    kept_views = {table.kept.view for table in declared.values() if table.kept}
    assert set(_CREATE.findall(text)) | {name for name, table in declared.items() if table.kept} == set(declared)
    assert kept_views <= set(_TEMP_VIEW.findall(text)), "a kept table's view is defined in its file"


def test_kept_tables__scopes_are_temp_tables_of_the_build():
    scopes = {name for path in _paths() for name in _TEMP_TABLE.findall(path.read_text(encoding="utf-8"))}
    assert KEPT_TABLES and {kept.scope for kept in KEPT_TABLES.values()} <= scopes


def test_every_documented_table_is_declared():
    documented = re.findall(r"^## `(\w+\.\w+)`$", (SQL_DIR.parent / "docs/schema.md").read_text(encoding="utf-8"), re.M)
    assert documented and set(documented) <= set(declared_tables(FOLDERS))


def test_read_declarations__fields_continuations_and_notes(tmp_path):
    path = tmp_path / "10_persons.sql"
    path.write_text(
        "-- the file's own purpose, in no block\n\n" + PERSONS + "\n-- table: marts.other\n-- purpose: p\n"
        "-- grain: g\n-- key: k\ncreate or replace temp view persons_new as select 1;\n"
        "-- table: marts.after_the_header\n",
        encoding="utf-8",
    )
    persons, other = read_declarations(path)
    assert persons.purpose == "one row per foreigner, whatever office reported them."
    assert (persons.grain, persons.key) == ("one row per person", "person_id")
    assert persons.kept == KeptTable("persons_new", "affected_persons", ("person_id",))
    assert persons.notes == "recomputed only for the persons whose reports changed."
    assert (other.name, other.kept, other.notes) == ("marts.other", None, "")


@pytest.mark.parametrize(
    "block, message",
    [
        (PERSONS.replace("-- key: person_id\n", ""), "declares no key"),
        (PERSONS.replace("-- grain: one row per person\n", "-- grain: a\n-- grain: b\n"), "declares grain twice"),
        (PERSONS.replace("scope affected_persons", "by affected_persons"), "kept reads"),
    ],
    ids=["missing_key", "grain_twice", "unreadable_kept"],
)
def test_read_declarations__mistakes_are_named(tmp_path, block, message):
    path = tmp_path / "10_persons.sql"
    path.write_text(block, encoding="utf-8")
    with pytest.raises(DeclarationError, match=message):
        read_declarations(path)


def test_declared_tables__a_table_declared_twice(tmp_path, monkeypatch):
    from pipelines.core import declarations

    (tmp_path / "marts").mkdir()
    for name in ("10_a.sql", "20_b.sql"):
        (tmp_path / "marts" / name).write_text(PERSONS, encoding="utf-8")
    monkeypatch.setattr(declarations, "SQL_DIR", tmp_path)
    with pytest.raises(DeclarationError, match="declared in"):
        declared_tables(["marts"])
