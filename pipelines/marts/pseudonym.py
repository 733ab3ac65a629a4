"""Keyed pseudonyms: HMAC-SHA256 (RFC 2104) of an identity with the secret from config, in DuckDB SQL.

DuckDB has `sha256` but no HMAC. HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), where K0 is the
key (hashed first when longer than the hash's block) padded with zeros to the block. The two padded
keys are made here once per build and bound as parameters, so the secret never appears in SQL text;
the macro `pseudonym` in sql/intermediate/00_macros.sql does the rest over whole columns.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb

from pipelines.warehouse import fetch_first, run_sql

SCHEME = "hmac-sha256"
_INNER, _OUTER = 0x36, 0x5C


def hmac_pads(key: bytes) -> dict[str, bytes]:
    """The inner and outer padded keys of HMAC-SHA256, as the parameters `$hmac_inner` and `$hmac_outer`."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    return {
        "hmac_inner": bytes(byte ^ _INNER for byte in padded),
        "hmac_outer": bytes(byte ^ _OUTER for byte in padded),
    }


def rekey_state(con: duckdb.DuckDBPyConnection, key: bytes, built_at: datetime) -> None:
    """Carry the alert state of a warehouse keyed before pseudonyms were HMAC over to HMAC ids.

    Runs after the intermediate tables (they give each person's identity) and before the alert
    lifecycle; once `state.meta` records the scheme, it does nothing.
    """
    if fetch_first(con, "select value from state.meta where name = 'pseudonym_scheme'") is None:
        params = {"pseudonym_key": key.decode(), "scheme": SCHEME, "built_at": built_at}
        run_sql(con, "state/rekey_alerts.sql", params)
