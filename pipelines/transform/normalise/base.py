"""What every normaliser shares: the result type it returns and how free text is folded for lookup."""

from __future__ import annotations

import re
import unicodedata
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")
_NON_WORD = re.compile(r"[\W_]+")


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


def fold_text(text: str) -> str:
    """Fold free text for keyword lookup: casefold, no accents, punctuation as spaces, one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", plain).split())
