"""Service-account credentials for the Sheets API, and what to tell an officer when Google refuses them."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from google.auth import default as default_credentials
from google.auth.exceptions import DefaultCredentialsError, RefreshError
from google.oauth2 import service_account
from gspread.utils import absolute_range_name as absolute_range_name  # A1 ranges, for publish too
from gspread.utils import rowcol_to_a1 as rowcol_to_a1

from pipelines.core.config import ConfigError, GoogleSettings
from pipelines.core.errors import SourceError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)


# publishing results needs write access; syncs never ask for it
WRITE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)


def load_credentials(google: GoogleSettings, scopes: Sequence[str] = SCOPES) -> Any:
    """Credentials from the configured key file, else application default credentials (read-only by default).

    Raises:
        SourceError: the key file is missing or not a service-account key, or no default credentials.
    """
    path = google.credentials_file
    if path is None:
        try:
            credentials, _ = default_credentials(scopes=list(scopes))
        except DefaultCredentialsError as exc:
            raise SourceError(
                "no Google credentials: set google.credentials_file to a service-account JSON key, "
                "or set up application default credentials (gcloud auth application-default login)"
            ) from exc
        return credentials
    refuse_shared_key(Path(path))
    try:
        return service_account.Credentials.from_service_account_file(str(path), scopes=list(scopes))
    except FileNotFoundError as exc:
        raise SourceError(f"credentials file {path} not found (google.credentials_file)") from exc
    except (ValueError, KeyError) as exc:
        # the parser's message may quote the file; say only what is wrong with it
        raise SourceError(f"credentials file {path} is not a service-account JSON key") from exc


def refuse_shared_key(path: Path) -> None:
    """Refuse a service-account key that other users of the machine can read or change.

    Raises:
        ConfigError: the file's mode grants group or others any access; the message gives the fix.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # reported by the reader with the config key to fix
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"credentials file {path} is accessible to other users (mode {stat.S_IMODE(mode):04o}); "
            f"a service-account key is a password: run `chmod 600 {path}` (owned by the user running timpora)"
        )


def account_email(credentials: Any) -> str:
    """The service account's email, or a description when the credentials do not carry one."""
    email = getattr(credentials, "service_account_email", None)
    if isinstance(email, str) and "@" in email:
        return email
    return "(the account of the application default credentials)"


def share_message(key: str, email: str, role: str = "Viewer") -> str:
    """What to do when the service account cannot see (or, as an Editor, change) the spreadsheet."""
    return (
        f"spreadsheet {key} is not shared with the service account {email} as {role}: "
        f"open the sheet, Share, add {email} as {role}"
    )


def api_disabled_message(email: str, error: Any) -> str:
    """What to do when the Sheets API is not enabled in the service account's Cloud project."""
    details = error.get("details", []) if isinstance(error, dict) else []
    urls = [
        detail.get("metadata", {}).get("activationUrl")
        for detail in details
        if isinstance(detail, dict) and detail.get("reason") == "SERVICE_DISABLED"
    ]
    where = f"enable it at {urls[0]}" if urls and urls[0] else "enable it in the Google Cloud console (APIs & Services)"
    return (
        f"the Google Sheets API is not enabled in the Google Cloud project of the service account {email}: "
        f"{where}, wait a few minutes, then run again"
    )


def refused_key_message(email: str, exc: RefreshError) -> str:
    """Why Google refused to issue a token, naming the account (never the key or the assertion)."""
    data = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
    reason = ": ".join(str(part) for part in (data.get("error"), data.get("error_description")) if part)
    return (
        f"Google refused the key of the service account {email} ({reason or 'token refresh failed'}): "
        "the key was revoked, deleted or has expired, or the clock is wrong; create a new JSON key for "
        "this account and point google.credentials_file at it"
    )
