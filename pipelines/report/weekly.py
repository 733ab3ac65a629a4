"""Gather one office's weekly rakor report from the marts: plain data, ready to render.

The queries are in `figures`, the records in `records`, the week arithmetic in `weeks`; the names
other stages use (`build_weekly_report`, `last_complete_week`, ...) are all importable from here.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from pipelines import vocabulary
from pipelines.core.config import Office
from pipelines.report import figures
from pipelines.report.figures import HEADLINE_KEYS, SQL_DIR, TREND_WEEKS
from pipelines.report.records import WeeklyReport
from pipelines.report.weeks import (
    iso_week_bounds,
    iso_week_of,
    last_complete_week,
    previous_iso_week,
    report_cutoff,
)

__all__ = [
    "EDITIONS",
    "HEADLINE_KEYS",
    "SQL_DIR",
    "TOP_NATIONALITIES",
    "TREND_WEEKS",
    "WeeklyReport",
    "build_weekly_report",
    "iso_week_bounds",
    "iso_week_of",
    "last_complete_week",
    "previous_iso_week",
    "report_cutoff",
]

TOP_NATIONALITIES = 10
# the default edition shows counts and pseudonymous ids; the restricted one names the persons to act on
EDITIONS = ("default", "restricted")


def build_weekly_report(
    con: duckdb.DuckDBPyConnection,
    office: Office,
    iso_week: str,
    generated_at: datetime,
    edition: str = "default",
    language: str = "id",
    alerts_con: duckdb.DuckDBPyConnection | None = None,
) -> WeeklyReport:
    """Gather the weekly rakor report of one office from the marts.

    Runs only SELECTs (the files in `sql/report/`), so a read-only connection will do. The headline
    and trend are `marts.office_weekly`'s (a person seen in two kecamatan counts once), the figures every
    other output shows; per-kecamatan figures, complaints and alerts come from `marts.*`. A week without rows
    gives zeros and empty tables, not an error. Overstay alerts are shown as they stood at the end of
    the week (or when the report is made, if earlier), from their logged history (`marts.alert_history`);
    rejects and freshness are the latest build's, whatever the week: the marts keep no history of them.

    Args:
        con: a connection to the warehouse or its snapshot.
        office: the office whose rows are reported.
        iso_week: the week, "YYYY-Www".
        generated_at: when the report is made; must be timezone-aware. Shown in the office's zone;
            a complaint's age for "overdue" counts up to this date when the week is still running.
        edition: "default" (counts and pseudonymous ids) or "restricted" (also the names, passports
            and reporters' phones of the persons with an alert). The default edition reads no names.
        language: "id" (Bahasa Indonesia) or "en" (English): the language of every label the report
            carries (headline, countries, codes) and that its writers use. The figures are the same.
        alerts_con: where the alert list is read (default: `con`): the restricted snapshot, whose
            marts.alerts keeps each alert's nationality, kecamatan and permit, when `con` is the
            analysts' snapshot, which suppresses those of rare alerts. Only non-personal columns are read.

    Raises:
        ValueError: a malformed week, a naive `generated_at`, an unknown edition or language.
    """
    week_start, week_end = iso_week_bounds(iso_week)
    if generated_at.tzinfo is None or generated_at.utcoffset() is None:
        raise ValueError("generated_at must be timezone-aware, e.g. datetime.now(UTC)")
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {list(EDITIONS)}")
    lang = vocabulary.for_language(language)
    generated_local = generated_at.astimezone(office.tz)
    reference_date = min(week_end, generated_local.date())
    cutoff = report_cutoff(iso_week, office, generated_at)
    foreign_workers, worker_weeks = figures.foreign_workers(con, office, week_start, lang)
    overstay_counts, overstay_alerts = figures.overstay(alerts_con or con, office, iso_week, cutoff, lang)
    weeks = figures.weekly_figures(con, office, week_start)
    built_at, built_for = figures.build_info(con, office)
    return WeeklyReport(
        office_code=office.code,
        office_name=office.name,
        edition=edition,
        language=language,
        area_names=figures.area_names(con, office),
        iso_week=iso_week,
        previous_week=previous_iso_week(iso_week),
        week_start=week_start,
        week_end=week_end,
        generated_at=generated_local,
        built_at=built_at,
        # the statuses are as of the cut-off, or of the last build if that is earlier
        alerts_as_of=min(cutoff.date(), built_for) if built_for else None,
        headline=figures.headline(weeks, lang),
        freshness=figures.freshness(con, office, generated_local),
        by_kabkota=figures.by_kabkota(con, office, iso_week, lang),
        by_kecamatan=figures.by_kecamatan(con, office, iso_week, lang),
        by_nationality=figures.breakdown(
            con, office, iso_week, "nationality", lang.nationality_label, lang, TOP_NATIONALITIES
        ),
        by_purpose=figures.breakdown(con, office, iso_week, "purpose", lang.purpose_label, lang),
        by_permit_type=figures.breakdown(con, office, iso_week, "permit_type", lang.permit_type_label, lang),
        complaints_by_category=figures.complaints(con, office, iso_week, reference_date, lang),
        complaint_sla_days=figures.complaint_sla_days(con, office),
        foreign_workers=foreign_workers,
        worker_weeks=worker_weeks,
        overstay_counts=overstay_counts,
        overstay_alerts=overstay_alerts,
        identities=figures.identities(con, office, overstay_alerts, edition),
        trend=weeks,
        rejects=figures.rejects(con, office),
    )
