"""ISO weeks as the report names them ("2026-W47"): their days, the week to report, the alerts' cut-off."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from pipelines.core.config import Office

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week_bounds(iso_week: str) -> tuple[date, date]:
    """The Monday and Sunday of an ISO week written "YYYY-Www", e.g. "2026-W47".

    Raises:
        ValueError: the text is not "YYYY-Www", or the year has no such week (W00, W54, or W53 in a
            52-week year).
    """
    match = _ISO_WEEK.match(iso_week) if isinstance(iso_week, str) else None
    if match is None:
        raise ValueError(f"invalid ISO week {iso_week!r}: expected format 'YYYY-Www', e.g. '2026-W47'")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ValueError(
            f"invalid ISO week {iso_week!r}: {year} has no week {week} (expected format 'YYYY-Www')"
        ) from exc
    return monday, monday + timedelta(days=6)


def iso_week_of(day: date) -> str:
    """The ISO week "YYYY-Www" a date falls in (the ISO year, which differs near New Year)."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def last_complete_week(office: Office, as_of: date | None = None) -> str:
    """The ISO week to report by default: the last complete week before `as_of` (today in the office).

    The rakor meets early in the week, so it discusses the week that just ended.
    """
    return iso_week_of((as_of or office.today()) - timedelta(days=7))


def previous_iso_week(iso_week: str) -> str:
    """The ISO week before this one, e.g. "2026-W01" -> "2025-W53" (2026's year starts mid-week)."""
    monday, _ = iso_week_bounds(iso_week)
    return iso_week_of(monday - timedelta(days=7))


def report_cutoff(iso_week: str, office: Office, generated_at: datetime) -> datetime:
    """The moment a report's alerts are shown as of: the end of its week in the office's zone, or `generated_at`.

    A report for a past week shows the alerts as they stood when that week ended; one made while its
    week runs, as they stand when it is made.
    """
    _, week_end = iso_week_bounds(iso_week)
    week_over = datetime.combine(week_end + timedelta(days=1), time(), office.tz)
    return min(week_over - timedelta(microseconds=1), generated_at.astimezone(office.tz))
