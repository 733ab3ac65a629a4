"""The alert state of warehouses keyed before person ids were HMAC pseudonyms (pipelines/core/pseudonym.py)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from pipelines.core.warehouse import meta_value, run_sql

SCHEME = "hmac-sha256"


def rekey_state(con: duckdb.DuckDBPyConnection, key: bytes, built_at: datetime) -> None:
    """Carry the alert state of a warehouse keyed before pseudonyms were HMAC over to HMAC ids.

    Runs after the intermediate tables (they give each person's identity) and before the alert
    lifecycle; once `state.meta` records the scheme, it does nothing.
    """
    if meta_value(con, "pseudonym_scheme") is None:
        params = {"pseudonym_key": key.decode(), "scheme": SCHEME, "built_at": built_at}
        run_sql(con, "state/rekey_alerts.sql", params)
