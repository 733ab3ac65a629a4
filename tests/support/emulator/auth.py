"""Google's OAuth side as the emulator plays it: the token endpoint, bearer-token checks, service-account keys."""

from __future__ import annotations

import base64
import functools
import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from tests.support.emulator.faults import GoogleError

if TYPE_CHECKING:
    from tests.support.emulator.server import Call

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
READ_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/drive.file",
    }
)
WRITE_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.file",
    }
)


@dataclass(frozen=True)
class Grant:
    """What an access token lets its holder do: act as `email` within `scopes`."""

    email: str
    scopes: frozenset[str]


class TokenEndpoint:
    """`POST /token` and the bearer-token check of API calls, mixed into `SheetsEmulator` (its `_lock` guards them)."""

    _lock: threading.RLock
    _tokens: dict[str, Grant]
    # accounts whose key was deleted (`revoke`)
    _revoked: set[str]

    def revoke(self, email: str) -> None:
        """Delete the account's key: the token endpoint answers invalid_grant, issued tokens stop working."""
        with self._lock:
            self._revoked.add(email)
            self._tokens = {token: grant for token, grant in self._tokens.items() if grant.email != email}

    def restore(self, email: str) -> None:
        with self._lock:
            self._revoked.discard(email)

    def _authenticate(self, call: Call) -> None:
        header = call.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise GoogleError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential.",
            )
        with self._lock:
            grant = self._tokens.get(header.removeprefix("Bearer ").strip())
        if grant is None:
            raise GoogleError(401)
        call.email = grant.email
        scopes = WRITE_SCOPES if call.method != "GET" else READ_SCOPES
        if not grant.scopes & scopes:
            raise GoogleError(403, "Request had insufficient authentication scopes.")

    def _token(self, call: Call) -> tuple[int, Any]:
        form = parse_qs(call.body.decode(), keep_blank_values=True)
        grant_type = form.get("grant_type", [""])[0]
        if grant_type != JWT_BEARER:
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": f"Invalid grant_type: {grant_type}",
            }
        claims = _jwt_claims(form.get("assertion", [""])[0])
        email = claims.get("iss") if claims else None
        if not email:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT: malformed assertion."}
        call.email = email
        with self._lock:
            if email in self._revoked:
                return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
            token = "ya29.emulator-" + secrets.token_urlsafe(24)
            self._tokens[token] = Grant(email, frozenset(str(claims.get("scope", "")).split()))
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}


def _jwt_claims(assertion: str) -> dict | None:
    """The payload of a JWT, unverified (the emulator trusts the caller's key)."""
    try:
        payload = assertion.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


@functools.lru_cache(maxsize=2)
def _private_key_pem(key_size: int = 1024) -> str:
    """One RSA key per test process and size.

    1024 bits by default: the emulator verifies no signature, and google-auth validates the key each
    time it loads one, which costs ~0.1-0.5 s for 2048 bits against ~5 ms for 1024.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def service_account_info(email: str, token_uri: str, project_id: str = "timpora-test") -> dict:
    """A service-account key as Google's console downloads it, with its token_uri at the emulator."""
    return {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": secrets.token_hex(20),
        "private_key": _private_key_pem(),
        "client_email": email,
        "client_id": str(int(time.time() * 1000)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + email,
        "universe_domain": "googleapis.com",
    }


def write_service_account_key(path: Path | str, email: str, token_uri: str, project_id: str = "timpora-test") -> Path:
    """Write a service-account JSON key file whose token_uri is `token_uri`; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(service_account_info(email, token_uri, project_id), indent=2))
    path.chmod(0o600)  # as a key must be kept; the client refuses one others can read
    return path
