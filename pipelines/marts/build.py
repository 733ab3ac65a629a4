"""Marts stage: run sql/intermediate and sql/marts in order, keep the incremental tables, then run the checks.

The tables that grow with the reports (persons, the district-week figures and the alert assessment)
are maintained in place: a build after an incremental staging recomputes only the persons and
district-weeks the re-staged responses touch. Every other build is full: when staging was full, or
anything else the tables depend on changed (the SQL, an office's as-of date or alert rules, the
open-stay days, the pseudonym key). The identified reports are a view of staging.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import pandas as pd

from pipelines.core.config import Settings
from pipelines.core.declarations import declared_tables
from pipelines.core.errors import ShapeOnly
from pipelines.core.pseudonym import hmac_pads
from pipelines.core.warehouse import (
    SQL_DIR,
    load_macros,
    meta_value,
    read_sql,
    run_sql,
    set_meta_value,
    set_variables,
    sql_files,
    tables_exist,
)
from pipelines.marts.id_migration import rekey_state

# the layers this stage builds, in order, and the themes of sql/macros their SQL uses
FOLDERS = ("intermediate", "marts")
MACROS = ("pseudonym", "alerts", "stays")
# the tables kept from build to build, as their SQL files declare them (`-- kept:`, see
# pipelines/core/declarations.py), and the temp view each is made from
KEPT_TABLES = {name: table.kept for name, table in declared_tables(FOLDERS).items() if table.kept}
KEPT_VIEWS = {kept.view: table for table, kept in KEPT_TABLES.items()}
_NEW_VIEW = re.compile(r"^create or replace temp view (\w+) as", re.MULTILINE)
FINGERPRINT_NAME = "marts_fingerprint"
IDENTIFIED_REPORTS = "intermediate.lodging_reports_identified"  # a view of staging.lodging_reports
# the large tables a snapshot too changes only at the keys of the build's scope (the key columns
# of these are never null)
CHANGED_KEYS = {
    IDENTIFIED_REPORTS: ("changed_responses", ("source_name", "response_key")),
    **{
        table: (KEPT_TABLES[table].scope, KEPT_TABLES[table].keys)
        for table in ("intermediate.alert_assessment", "marts.persons")
    },
}


class CheckFailed(ShapeOnly, RuntimeError):
    """A data check found rows that break a rule; the report must not be produced from them.

    The message names the checks and counts their rows; the rows themselves hold form keys, so they
    are not quoted (run the check's query on the warehouse to see them).
    """


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
    incremental: bool = False,
    office_todays: Mapping[str, date] | None = None,
) -> bool:
    """Bring the intermediate and mart tables up to date as of a reference date; carry the alert lifecycle on.

    Args:
        con: a read-write warehouse connection (the caller's transaction, if any, covers the build).
        settings: the configuration.
        as_of: the reference date.
        office_dates: each office's own as-of date (today in its timezone); default: `as_of` for all.
        built_at: when the build started (default: now).
        incremental: staging was incremental, so `changed_responses` holds every response it
            re-staged and `replaced_lodging_reports` the lodging rows it replaced; the maintained
            tables are then changed only where those touch, unless anything else they depend on
            changed since the last build.
        office_todays: each office's today (default: its as-of date). Only an office built as of its
            today changes the alert state (state.alerts, state.alert_events); for the others the
            build is a what-if, shown by marts.alerts until the next build as of today.

    Returns:
        whether the build was full.
    """
    sources = pd.DataFrame(
        [(s.name, s.office, s.kind) for s in settings.sources], columns=["source_name", "office_code", "form_kind"]
    )
    _temp_table(con, "configured_sources", sources)
    rules = office_rules(settings, office_dates or {}, as_of, office_todays)
    _temp_table(con, "office_rules", rules)
    key = settings.pseudonym_key()
    pads = hmac_pads(key)
    # the maintained tables do not depend on which date is today, only the lifecycle does
    assessed = rules.drop(columns=["today_date", "is_office_today"])
    fingerprint = marts_fingerprint(as_of, settings.alerts.recent_presence_days, assessed)
    full = not incremental or meta_value(con, FINGERPRINT_NAME) != fingerprint or not tables_exist(con, KEPT_TABLES)
    if full:
        # no response counts as changed
        con.execute("create or replace temp table changed_responses (source_name varchar, response_key varchar)")
        con.execute("create or replace temp table replaced_lodging_reports as from staging.lodging_reports limit 0")
    _drop_table_now_a_view(con, IDENTIFIED_REPORTS)
    variables = {"marts_full": full, "as_of_date": as_of, "open_stay_days": settings.alerts.recent_presence_days}
    set_variables(con, {**variables, **pads})
    params = {"as_of_date": as_of, **pads, "built_at": built_at or datetime.now(UTC)}

    def keep_tables(statement: str) -> None:
        for view in _NEW_VIEW.findall(statement):
            if view in KEPT_VIEWS:
                _keep(con, KEPT_VIEWS[view], view, full)

    load_macros(con, MACROS)
    for name in sql_files("intermediate"):
        run_sql(con, name, params, after=keep_tables)
    rekey_state(con, key, params["built_at"])
    for name in sql_files("marts"):
        run_sql(con, name, params, after=keep_tables)
    set_meta_value(con, FINGERPRINT_NAME, fingerprint, params["built_at"])
    return full


def marts_fingerprint(as_of: date, open_stay_days: int, rules: pd.DataFrame) -> str:
    """A hash of everything the maintained tables depend on besides the staged rows and the pseudonym key.

    It is kept in `state.meta`, which the analysts' snapshot carries, so nothing derived from the key
    enters it (it would let anyone test key guesses offline). A new key is seen by staging instead,
    whose fingerprint stays in the warehouse: every row is staged again, so the marts build is full.
    """
    digest = hashlib.sha256()
    for folder in ("macros", "intermediate", "marts"):
        for path in sorted((SQL_DIR / folder).glob("*.sql")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    rest = {
        "as_of": as_of.isoformat(),
        "open_stay_days": open_stay_days,
        "office_rules": rules.to_json(orient="records", date_format="iso"),
    }
    digest.update(json.dumps(rest, sort_keys=True).encode())
    return digest.hexdigest()


def _drop_table_now_a_view(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop `name` where an earlier release kept it as a table (its SQL now makes it a view)."""
    if tables_exist(con, [name]):  # duckdb_tables() lists tables, not views
        con.execute(f"drop table {name}")


def _keep(con: duckdb.DuckDBPyConnection, table: str, view: str, full: bool) -> None:
    """Bring a kept table up to date from its view, which its SQL file has just defined."""
    kept = KEPT_TABLES[table]
    # names of this module's constants, never user input
    if full:
        con.execute(f"create or replace table {table} as from {view}")
        return
    match = " and ".join(f"kept.{key} is not distinct from scope.{key}" for key in kept.keys)
    con.execute(f"delete from {table} as kept using {kept.scope} as scope where {match}")  # noqa: S608
    con.execute(f"insert into {table} by name from {view}")  # noqa: S608


def office_rules(
    settings: Settings,
    office_dates: Mapping[str, date],
    default_date: date,
    office_todays: Mapping[str, date] | None = None,
) -> pd.DataFrame:
    """One row per office: its as-of date, its today, whether they are one day, and the alert thresholds there.

    An office missing from `office_todays` (or all, when it is None) counts its as-of date as today.
    """
    rows = []
    for office in settings.offices:
        as_of_date = office_dates.get(office.code, default_date)
        today_date = (office_todays or {}).get(office.code, as_of_date)
        rows.append(
            {
                "office_code": office.code,
                "as_of_date": as_of_date,
                **settings.alert_rules(office.code).model_dump(exclude={"recent_presence_days"}),
                "today_date": today_date,
                "is_office_today": as_of_date == today_date,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("as_of_date", "today_date"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _temp_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("frame_to_copy", frame)
    try:
        # the name is one of this module's constants, never user input
        con.execute(f"create or replace temp table {name} as select * from frame_to_copy")  # noqa: S608
    finally:
        con.unregister("frame_to_copy")


def run_checks(con: duckdb.DuckDBPyConnection, changed: str | None = None) -> list[CheckResult]:
    """Run every check query; a check passes when it returns no rows.

    `changed`: after an incremental build, its temp table of the responses it re-staged; the checks
    of a rule about each response then read only those (the other rows were checked when they were
    written). Without it, every row is checked.
    """
    con.execute("create or replace temp table checked_responses (source_name varchar, response_key varchar)")
    if changed:  # a temp table of the build, never user input
        con.execute(f"insert into checked_responses select source_name, response_key from {changed}")  # noqa: S608
    set_variables(con, {"check_every_row": changed is None})
    return [
        CheckResult(name=name, failing_rows=con.execute(read_sql(name)).fetchall()[:20]) for name in sql_files("checks")
    ]


def assert_checks(con: duckdb.DuckDBPyConnection, changed: str | None = None) -> None:
    """Raise CheckFailed naming every failing check and its rows' count, up to 20 (`changed`: see run_checks)."""
    failed = [result for result in run_checks(con, changed) if result.failing_rows]
    if failed:
        lines = [f"{result.name}: {len(result.failing_rows)} row(s)" for result in failed]
        raise CheckFailed(
            "data checks failed (run a check's query on the warehouse to see its rows):\n" + "\n".join(lines)
        )
