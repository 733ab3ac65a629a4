"""URLs fit to print: credentials, tokens and query values replaced, in messages and the shown config."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.core.config import Settings

_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>[^\s\"'<>]+)")
WEB_SCHEMES = {"http", "https"}
REDACTED = "***"


def redact_url(url: str, whole: bool = False) -> str:
    """A URL fit to print: user name, password and query values replaced by `***`.

    For a notification URL (`whole`, or any scheme but http/https, such as apprise's
    `tgram://TOKEN/CHAT`, `slack://A/B/C` or `mailto://user:pass@host`), host and path are tokens
    too: only the scheme is kept.
    """
    match = _URL.fullmatch(url.strip())
    if match is None:
        return url
    scheme, rest = match["scheme"], match["rest"]
    if whole or scheme.lower() not in WEB_SCHEMES:
        return f"{scheme}://{REDACTED}"
    location, _, fragment = rest.partition("#")
    location, query_mark, query = location.partition("?")
    host, slash, path = location.partition("/")
    if "@" in host:
        host = f"{REDACTED}@{host.rpartition('@')[2]}"
    if query_mark:
        pairs = [pair.partition("=") for pair in query.split("&")]
        query = "&".join(f"{name}{equals}{REDACTED if equals else ''}" for name, equals, _ in pairs)
    return f"{scheme}://{host}{slash}{path}{query_mark}{query}" + (f"#{REDACTED}" if fragment else "")


def redact_urls(text: str) -> str:
    """Every URL in a text redacted as `redact_url` does."""
    return _URL.sub(lambda match: redact_url(match[0]), text)


def redacted_config(settings: Settings) -> dict:
    """The effective configuration as JSON-ready data, with every URL's credentials and tokens redacted."""
    data = settings.model_dump(mode="json", exclude={"header_aliases"})
    for channel in data["notifications"]:
        if channel["url"]:
            channel["url"] = redact_url(channel["url"], whole=True)
    return _redact_strings(data)


def _redact_strings(value):
    if isinstance(value, dict):
        return {key: _redact_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_strings(item) for item in value]
    return redact_urls(value) if isinstance(value, str) else value
