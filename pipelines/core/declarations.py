"""The tables the SQL files declare: each one's purpose, grain and key, and how a kept table is maintained.

Each file's header (the comment lines before its first statement) declares every table the file
creates, one comment block per table that opens with `-- table: <schema>.<name>`:

    -- table: marts.persons
    -- purpose: one row per foreigner, whatever office, form or hotel reported them.
    -- grain: one row per person
    -- key: person_id
    -- kept: from persons_new, scope affected_persons (person_id)
    -- any other comment line is a note (a doc shows it after the grain)

Blocks are parted by a blank line; other header lines (the file's own purpose) belong to none. A
field's text may go on over lines indented by two spaces (`--   ...`). `kept` marks a table kept from
build to build (pipelines/marts/build.py): the file defines the temp view named after `from`, and an
incremental build replaces the table's rows at the keys the temp table `scope` lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.warehouse import SQL_DIR

_TABLE = re.compile(r"^-- table: (\w+\.\w+)$")
_FIELD = re.compile(r"^-- (purpose|grain|key|kept): (.+)$")
_KEPT = re.compile(r"^from (\w+), scope (\w+) \((\w+(?:, \w+)*)\)$")
REQUIRED = ("purpose", "grain", "key")


class DeclarationError(ValueError):
    """A declaration block misses a field, repeats a table or cannot be read (a mistake in sql/)."""


@dataclass(frozen=True)
class KeptTable:
    """How a table kept from build to build is made.

    A full build creates the table from the whole temp view `view`. An incremental one deletes its
    rows at the keys listed in `scope` (a temp table of the build) and inserts the view's rows, which
    the view limits to the same keys; keys match null-safely (a district may have no kecamatan).
    """

    view: str
    scope: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table as its SQL file declares it."""

    name: str
    path: Path
    purpose: str
    grain: str
    key: str
    kept: KeptTable | None = None
    notes: str = ""


def declared_tables(folders: Iterable[str]) -> dict[str, Table]:
    """Every table declared in the .sql files of these folders of sql/, by name (`schema.table`).

    Raises:
        DeclarationError: a block misses purpose, grain or key, has a `kept` it cannot read, or a
            table is declared twice.
    """
    tables: dict[str, Table] = {}
    for folder in folders:
        for path in sorted((SQL_DIR / folder).glob("*.sql")):
            for table in read_declarations(path):
                if table.name in tables:
                    raise DeclarationError(f"{table.name} is declared in {tables[table.name].path} and {path}")
                tables[table.name] = table
    return tables


def read_declarations(path: Path) -> list[Table]:
    """The tables one SQL file declares in its header (the comment lines before its first statement)."""
    blocks: list[list[str]] = []
    in_block = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if line and not line.startswith("--"):
            break
        if _TABLE.match(line):
            blocks.append([line])
            in_block = True
        elif in_block and line:
            blocks[-1].append(line)
        else:  # a blank line ends a block
            in_block = False
    return [_table(path, block) for block in blocks]


def _table(path: Path, block: list[str]) -> Table:
    name = _TABLE.match(block[0])[1]
    entries: list[tuple[str, list[str]]] = []  # (field or "note", its lines)
    for line in block[1:]:
        text = line.removeprefix("--")
        if match := _FIELD.match(line):
            entries.append((match[1], [match[2]]))
        elif text.startswith("   ") and entries:
            entries[-1][1].append(text.strip())
        else:
            entries.append(("note", [text.strip()]))
    fields: dict[str, str] = {}
    for field, lines in entries:
        if field != "note" and field in fields:
            raise DeclarationError(f"{path.name}: {name} declares {field} twice")
        fields[field] = " ".join(part for part in [fields.get(field, ""), *lines] if part)
    missing = [field for field in REQUIRED if field not in fields]
    if missing:
        raise DeclarationError(f"{path.name}: {name} declares no {', '.join(missing)}")
    return Table(
        name=name,
        path=path,
        purpose=fields["purpose"],
        grain=fields["grain"],
        key=fields["key"],
        kept=_kept(path, name, fields["kept"]) if "kept" in fields else None,
        notes=fields.get("note", ""),
    )


def _kept(path: Path, name: str, text: str) -> KeptTable:
    match = _KEPT.match(text)
    if not match:
        raise DeclarationError(f"{path.name}: {name}: kept reads `from <view>, scope <temp table> (<key>, ...)`")
    return KeptTable(view=match[1], scope=match[2], keys=tuple(match[3].split(", ")))
