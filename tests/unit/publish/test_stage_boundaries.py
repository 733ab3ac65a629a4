"""The stages meet through the marts: report, publish and export read no layer below them, nor each other."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).parents[3]
READERS = (
    "sql/report",
    "sql/publish",
    "sql/export",
    "pipelines/report",
    "pipelines/publish",
    "pipelines/marts/export.py",
)


def _files(place: str) -> list[Path]:
    path = REPO / place
    return [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".sql", ".py"))


@pytest.mark.parametrize("place", READERS)
def test_readers__read_marts_never_the_layers_below(place):
    files = _files(place)
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(raw|staging|intermediate)\.\w", text), path.relative_to(REPO)


def test_publish__imports_no_report_module():
    for path in _files("pipelines/publish"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [name for name in imported if name.startswith("pipelines.report")], path.name
