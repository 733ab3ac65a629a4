"""Whether an office's last build was a what-if (`timpora build --as-of` another day), as the marts say."""

from __future__ import annotations

from datetime import date

import duckdb


def what_if_date(con: duckdb.DuckDBPyConnection, office_code: str) -> date | None:
    """The date of the office's last build when it was a what-if (not as of its today), else None.

    Reads `marts.what_if_offices` of the warehouse or a snapshot; one built before what-ifs existed, or
    nothing built yet, has none: its builds read as of today.
    """
    try:
        row = con.execute("select as_of_date from marts.what_if_offices where office_code = ?", [office_code])
    except duckdb.CatalogException:
        return None
    found = row.fetchone()
    return found[0] if found else None
