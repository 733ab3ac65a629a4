"""Keyed pseudonyms: HMAC-SHA256 (RFC 2104) of an identity with the secret from config, in DuckDB SQL.

DuckDB has `sha256` but no HMAC. HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), where K0 is the
key (hashed first when longer than the hash's block) padded with zeros to the block. The two padded
keys are made here once per build and bound as parameters, so the secret never appears in SQL text;
the macro `pseudonym` in sql/macros/pseudonym.sql does the rest over whole columns.
"""

from __future__ import annotations

import hashlib
import hmac

_INNER, _OUTER = 0x36, 0x5C


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
