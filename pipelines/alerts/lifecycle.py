"""Officers move alerts OPEN → ACKNOWLEDGED → RESOLVED; every change is kept in state.alert_events.

The builds own the rule columns and may close an alert themselves (a later extension, a KITAS/KITAP,
a check-out); officers own the follow-up. Both write to state.alerts, which rebuilds never reset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb

from pipelines.core.warehouse import read_sql, run_sql, transaction

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("OPEN", "ACKNOWLEDGED", "RESOLVED")
# the statuses an alert may be in before each change
ALLOWED_FROM = {"ACKNOWLEDGED": ("OPEN",), "RESOLVED": ("OPEN", "ACKNOWLEDGED")}
_ID_PREFIX = re.compile(r"^[0-9a-f]{4,16}$")


class AlertError(ValueError):
    """An alert change that cannot be made; the message says why."""


@dataclass(frozen=True)
class StatusChange:
    """A change made to one alert."""

    alert_id: str
    office_code: str
    from_status: str
    to_status: str
    changed_by: str
    changed_at: datetime


def list_alerts(con: duckdb.DuckDBPyConnection, office_code: str | None, statuses: list[str]) -> pd.DataFrame:
    """Alerts of one office (or all) in the given statuses, most urgent first."""
    unknown = set(statuses) - set(STATUSES)
    if unknown:
        raise AlertError(f"unknown status {', '.join(sorted(unknown))}; use open, all, or {', '.join(STATUSES)}")
    return con.execute(read_sql("alerts/list.sql"), {"office_code": office_code, "statuses": statuses}).df()


def change_status(
    con: duckdb.DuckDBPyConnection,
    alert_ref: str,
    to_status: str,
    changed_by: str,
    note: str | None = None,
    origin: str = "cli",
    changed_at: datetime | None = None,
    office: str | None = None,
) -> StatusChange:
    """Acknowledge or resolve one alert, named by its id or a unique prefix of it (of `office`'s, if given).

    Raises:
        AlertError: no such alert, an ambiguous prefix, an alert of another office than `office`, no
            officer named, or a change its status does not allow (e.g. acknowledging a resolved alert).
    """
    if not changed_by or not changed_by.strip():
        raise AlertError("name the officer making the change (--by)")
    alert_id, office_code, from_status, by, at = _find(con, alert_ref)
    if office and office_code != office:
        raise AlertError(f"alert {alert_id} is {office_code}'s, not {office}'s: check the id")
    if from_status not in ALLOWED_FROM[to_status]:
        raise AlertError(f"alert {alert_id} is already {from_status} (by {by}, {at:%Y-%m-%d %H:%M %Z})")
    change = StatusChange(
        alert_id, office_code, from_status, to_status, changed_by.strip(), changed_at or datetime.now(UTC)
    )
    params = {
        "alert_id": alert_id,
        "from_status": from_status,
        "to_status": to_status,
        "changed_by": change.changed_by,
        "note": note.strip() if note and note.strip() else None,
        "changed_at": change.changed_at,
        "origin": origin,
    }
    with transaction(con):
        run_sql(con, "alerts/set_status.sql", params)
    return change


def record_followup(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    changed_by: str | None,
    note: str | None,
    origin: str,
    changed_at: datetime,
) -> None:
    """Record the officer and note of an alert whose status does not change (logged like a status change).

    Without an officer's name the alert keeps the one it has, and the event says nobody was named.

    Raises:
        AlertError: no alert with exactly this id.
    """
    _, _, status, _, _ = _find(con, alert_id)
    params = {
        "alert_id": alert_id,
        "status": status,
        "changed_by": changed_by.strip() if changed_by and changed_by.strip() else None,
        "note": note.strip() if note and note.strip() else None,
        "changed_at": changed_at,
        "origin": origin,
    }
    with transaction(con):
        run_sql(con, "alerts/set_followup.sql", params)


def _find(con: duckdb.DuckDBPyConnection, alert_ref: str) -> tuple:
    prefix = alert_ref.strip().lower()
    if not _ID_PREFIX.match(prefix):
        raise AlertError(f"{alert_ref!r} is not an alert id (16 hex characters; the first 4 or more are enough)")
    rows = con.execute(read_sql("alerts/find.sql"), {"prefix": prefix}).fetchall()
    if not rows:
        raise AlertError(f"no alert with id {prefix!r}; list them with `timpora alerts --status all`")
    if len(rows) > 1:
        raise AlertError(f"{prefix!r} matches several alerts ({', '.join(r[0] for r in rows)}); type more of the id")
    alert_id, office_code, _, status, status_by, status_at = rows[0]
    return alert_id, office_code, status, status_by, status_at
