"""Cron expressions checked as Prefect reads them, without importing Prefect (seconds to import)."""

from __future__ import annotations

import re

# (field, lowest, highest, names in order from lowest): cron's five fields, as Prefect reads them
CRON_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day", 1, 31, ()),
    ("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("weekday", 0, 7, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)
CRON_ITEM = re.compile(r"(?:\*|(\w+)(?:-(\w+))?)(?:/(\d+))?")


def valid_cron(value: str) -> str:
    """The cron expression itself, or a ValueError naming the field that is wrong.

    Each of the five fields is a comma list of `*`, a value or a range, each with an optional `/step`;
    months and weekdays may be named (`jan`, `mon`). Seconds, `@daily` and croniter's `L`, `#`, `H` are refused.
    """
    fields = value.split()
    example = "minute hour day month weekday, e.g. '0 7 * * 1'"
    if len(fields) != len(CRON_FIELDS):
        raise ValueError(f"cron {value!r} has {len(fields)} fields, not five ({example})")
    for text, (name, low, high, names) in zip(fields, CRON_FIELDS, strict=True):
        if not all(_cron_item_ok(item, low, high, names) for item in text.split(",")):
            raise ValueError(f"cron {value!r}: the {name} field {text!r} is outside {low}-{high} ({example})")
    return value


def _cron_item_ok(item: str, low: int, high: int, names: tuple[str, ...]) -> bool:
    match = CRON_ITEM.fullmatch(item)
    if not match or int(match.group(3) or 1) == 0:
        return False
    bounds = [_cron_number(token, low, names) for token in match.groups()[:2] if token]
    return None not in bounds and all(low <= n <= high for n in bounds) and bounds == sorted(bounds)


def _cron_number(token: str, low: int, names: tuple[str, ...]) -> int | None:
    if token.isdigit():
        return int(token)
    return names.index(token.lower()) + low if token.lower() in names else None
