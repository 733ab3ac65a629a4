"""Marts stage: run sql/intermediate and sql/marts in order, then the checks in sql/checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import pandas as pd

from pipelines.config import Settings
from pipelines.marts.pseudonym import hmac_pads, rekey_state
from pipelines.warehouse import read_sql, run_sql, sql_files


class CheckFailed(RuntimeError):
    """A data check found rows that break a rule; the report must not be produced from them."""


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome: its file and the offending rows (none when it passes)."""

    name: str
    failing_rows: list[tuple]


def build_marts(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: date,
    office_dates: Mapping[str, date] | None = None,
    built_at: datetime | None = None,
) -> None:
    """Rebuild the intermediate and mart tables as of a reference date and carry the alert lifecycle on.

    `office_dates` is each office's own as-of date (today in its timezone); default: `as_of` for all.
    """
    sources = pd.DataFrame(
        [(s.name, s.office, s.kind) for s in settings.sources], columns=["source_name", "office_code", "form_kind"]
    )
    _temp_table(con, "configured_sources", sources)
    _temp_table(con, "office_rules", office_rules(settings, office_dates or {}, as_of))
    key = settings.pseudonym_key()
    params = {
        "as_of_date": as_of,
        **hmac_pads(key),
        "open_stay_days": settings.alerts.recent_presence_days,
        "built_at": built_at or datetime.now(UTC),
    }
    for name in sql_files("intermediate"):
        run_sql(con, name, params)
    rekey_state(con, key, params["built_at"])
    for name in sql_files("marts"):
        run_sql(con, name, params)


def office_rules(settings: Settings, office_dates: Mapping[str, date], default_date: date) -> pd.DataFrame:
    """One row per office: its as-of date and the alert thresholds in force there."""
    rows = [
        {
            "office_code": office.code,
            "as_of_date": office_dates.get(office.code, default_date),
            **settings.alert_rules(office.code).model_dump(exclude={"recent_presence_days"}),
        }
        for office in settings.offices
    ]
    frame = pd.DataFrame(rows)
    frame["as_of_date"] = pd.to_datetime(frame["as_of_date"]).dt.date
    return frame


def _temp_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("frame_to_copy", frame)
    try:
        # the name is one of this module's constants, never user input
        con.execute(f"create or replace temp table {name} as select * from frame_to_copy")  # noqa: S608
    finally:
        con.unregister("frame_to_copy")


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
