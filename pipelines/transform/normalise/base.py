"""The result type every normaliser returns."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Parsed(NamedTuple, Generic[T]):
    """A normalised value, or why there is none.

    An empty input gives `Parsed(None, None)`: nothing to report. An input that cannot be read gives
    `Parsed(None, "<REASON_CODE>")` with a stable upper-case reason code, e.g. `DATE_UNPARSEABLE`.
    `method` says how a value was found (e.g. "exact", "alias", "fuzzy") and `score` its 0–100 score.
    """

    value: T | None
    reason: str | None = None
    method: str | None = None
    score: float | None = None
