"""Marts stage: run sql/intermediate and sql/marts in order, then the checks in sql/checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines.config import Settings
from pipelines.warehouse import read_sql, run_sql, sql_files


class CheckFailed(RuntimeError):
    """A data check found rows that break a rule; the report must not be produced from them."""


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome: its file and the offending rows (none when it passes)."""

    name: str
    failing_rows: list[tuple]


def build_marts(con: duckdb.DuckDBPyConnection, settings: Settings, as_of: date) -> None:
    """Rebuild the intermediate and mart tables as of a reference date."""
    sources = pd.DataFrame(
        [(s.name, s.office, s.kind) for s in settings.sources], columns=["source_name", "office_code", "form_kind"]
    )
    con.register("sources_frame", sources)
    con.execute("create or replace temp table configured_sources as select * from sources_frame")
    con.unregister("sources_frame")
    params = {
        "as_of_date": as_of,
        "pseudonym_key": settings.pseudonym_key().decode(),
        "open_stay_days": settings.alerts.recent_presence_days,
        "expiring_within_days": settings.alerts.expiring_within_days,
    }
    for name in sql_files("intermediate") + sql_files("marts"):
        run_sql(con, name, params)


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """Run every check query; a check passes when it returns no rows."""
    return [
        CheckResult(name=name, failing_rows=con.execute(read_sql(name)).fetchall()[:20]) for name in sql_files("checks")
    ]


def assert_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Raise CheckFailed listing every failing check with a few of its rows."""
    failed = [result for result in run_checks(con) if result.failing_rows]
    if failed:
        lines = [f"{result.name}: {result.failing_rows[:5]}" for result in failed]
        raise CheckFailed("data checks failed:\n" + "\n".join(lines))
