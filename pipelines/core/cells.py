"""Text cells made safe for spreadsheets: one rule for the XLSX report and the published Google Sheets."""

from __future__ import annotations

# a spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(text: str) -> str:
    """Make a text cell safe from formula injection: prefix "'" when it starts with = + - @ tab, CR or LF.

    Used for every text cell of the XLSX (written with `write_string`) and of the published sheets, so
    that a form answer such as `=HYPERLINK("http://...")` stays text when the file is opened or re-saved.
    Other text is returned unchanged.
    """
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unneutralise_cell(text: str) -> str:
    """The text an officer meant, from a cell `neutralise_cell` may have prefixed (its exact inverse)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
