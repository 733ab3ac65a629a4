"""Keyed pseudonyms: HMAC-SHA256 (RFC 2104) of an identity with the secret from config, in DuckDB SQL.

DuckDB has `sha256` but no HMAC. HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), where K0 is the
key (hashed first when longer than the hash's block) padded with zeros to the block. The two padded
keys are made here once per build and bound as parameters, so the secret never appears in SQL text;
the macro `pseudonym` in sql/macros/pseudonym.sql does the rest over whole columns.

The warehouse remembers which key it was built with by a fingerprint (`warehouse_key_fingerprint`),
so a build with another key is refused unless it is a deliberate rotation (pipelines/steps.py).
"""

from __future__ import annotations

import hashlib
import hmac

from pipelines.core.errors import ShapeOnly

_INNER, _OUTER = 0x36, 0x5C
# the row of state.meta holding the fingerprint of the key the warehouse was built with; the analysts'
# snapshot leaves it out (sql/snapshot/analysts/meta.sql): with it, anyone could test key guesses offline
KEY_FINGERPRINT_NAME = "pseudonym_key_fingerprint"


class PseudonymKeyChanged(ShapeOnly, RuntimeError):
    """The pseudonym key is not the one the warehouse was built with, and no rotation was asked for."""


def hmac_pads(key: bytes) -> dict[str, bytes]:
    """The inner and outer padded keys of HMAC-SHA256, as the parameters `$hmac_inner` and `$hmac_outer`."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    return {
        "hmac_inner": bytes(byte ^ _INNER for byte in padded),
        "hmac_outer": bytes(byte ^ _OUTER for byte in padded),
    }


def key_fingerprint(key: bytes, purpose: str) -> str:
    """A digest that changes with the key and reveals nothing of it: an HMAC of a fixed text."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).hexdigest()


def warehouse_key_fingerprint(key: bytes) -> str:
    """The fingerprint of the key a warehouse is built with, as state.meta keeps it."""
    return key_fingerprint(key, "warehouse pseudonym key")
