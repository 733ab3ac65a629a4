"""Gather one office's weekly rakor report from the marts: plain data, ready to render."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from pipelines.core.config import AlertSettings, Office
from pipelines.report import labels

SQL_DIR = Path(__file__).parents[2] / "sql" / "report"
TOP_NATIONALITIES = 10
TREND_WEEKS = 12
# the weeks of the foreign workers' trend per sponsor, the report's week last
WORKER_TREND_WEEKS = 8
# the default edition shows counts and pseudonymous ids; the restricted one names the persons to act on
EDITIONS = ("default", "restricted")
# a source not read successfully for this long is flagged in the report
STALE_AFTER = timedelta(days=2)

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


class Figure(NamedTuple):
    """A headline figure of the week and the week before."""

    key: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        """This week minus last week."""
        return self.current - self.previous


class FreshnessRow(NamedTuple):
    """When one source was last read, in the office's timezone."""

    source_name: str
    form_kind: str | None
    last_success_at: datetime | None
    rows_current: int | None
    rejects: int | None
    is_stale: bool


class KabkotaRow(NamedTuple):
    """The week's figures of one kabupaten/kota; a foreigner seen in two of its kecamatan counts once."""

    kabkota_code: str | None
    kabkota_name: str | None
    foreigners_present: int
    new_arrivals: int
    reports_received: int
    complaints_received: int


class KecamatanRow(NamedTuple):
    """The week's figures of one kecamatan."""

    kabkota_code: str | None
    kabkota_name: str | None
    kecamatan_code: str | None
    kecamatan_name: str | None
    foreigners_present: int
    new_arrivals: int
    reports_received: int
    complaints_received: int


class BreakdownRow(NamedTuple):
    """Persons present with one nationality, purpose or permit type; is_other for the "Lainnya" rest."""

    value_code: str | None
    label: str
    persons_present: int
    is_other: bool = False


class ComplaintRow(NamedTuple):
    """Complaints of one category: received and resolved in the week, overdue (BARU > 3 days)."""

    category: str
    label: str
    received: int
    resolved: int
    overdue: int


class AlertCountRow(NamedTuple):
    """Alerts of one kind in the week: open at its end, new, resolved; open ones more than 60 days over."""

    alert_kind: str
    label: str
    open_alerts: int
    new_alerts: int
    resolved_alerts: int
    over_60_days: int


class AlertRow(NamedTuple):
    """One alert as it stood at the report's cut-off, with the pseudonymous person id only.

    `alert_id` is the short id `timpora alerts ack` accepts; `status` the lifecycle code (OPEN,
    ACKNOWLEDGED, RESOLVED) and `status_label` its word in the report's language (BARU, DITINDAKLANJUTI,
    SELESAI as on the results sheet); `officer` the one handling it then, if any.
    """

    alert_id: str
    alert_kind: str
    kind_label: str
    status: str
    status_label: str
    officer: str | None
    raised_on: date
    days_since_raised: int
    is_new: bool
    person_id: str
    nationality_iso3: str | None
    nationality: str
    kabkota_name: str | None
    kecamatan_name: str | None
    permit_type: str | None
    permit_type_label: str
    permit_expiry_date: date | None
    days_overstayed: int | None
    days_to_expiry: int | None


class WorkerSponsorRow(NamedTuple):
    """Foreign workers (purpose BEKERJA) reported by one company or sponsor in one district: counts, never names.

    `trend` holds the workers present in each of the report's last WORKER_TREND_WEEKS weeks, oldest first,
    the report's week last (so `trend[-1] == workers_present`).
    """

    sponsor_name: str
    kabkota_name: str | None
    kecamatan_name: str | None
    workers_present: int
    new_workers: int
    trend: tuple[int, ...]


class WeekFigures(NamedTuple):
    """The office's figures of one week: the headline (this week, the week before) and the trend."""

    iso_week: str
    week_start_date: date
    foreigners_present: int
    new_arrivals: int
    unique_persons: int
    reports_received: int
    complaints_received: int


class Identity(NamedTuple):
    """Who a pseudonymous person is, and where and by whom they were last reported (restricted edition)."""

    person_id: str
    full_name: str | None
    passport_number: str | None
    establishment_name: str | None
    address: str | None
    reporter_name: str | None
    reporter_phone: str | None


class RejectRow(NamedTuple):
    """Rejected rows of one source, field and reason."""

    source_name: str
    field: str | None
    reason: str | None
    rejects: int
    example_row_number: int | None


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the weekly rakor report shows, as plain data (no connection, no frames)."""

    office_code: str
    office_name: str
    edition: str
    language: str  # "id" or "en": the language of its labels, and of the files written from it
    area_names: tuple[str, ...]
    iso_week: str
    previous_week: str
    week_start: date
    week_end: date
    generated_at: datetime
    built_at: datetime | None
    alerts_as_of: date | None
    headline: tuple[Figure, ...]
    freshness: tuple[FreshnessRow, ...]
    by_kabkota: tuple[KabkotaRow, ...]
    by_kecamatan: tuple[KecamatanRow, ...]
    by_nationality: tuple[BreakdownRow, ...]
    by_purpose: tuple[BreakdownRow, ...]
    by_permit_type: tuple[BreakdownRow, ...]
    complaints_by_category: tuple[ComplaintRow, ...]
    complaint_sla_days: int
    foreign_workers: tuple[WorkerSponsorRow, ...]
    worker_weeks: tuple[str, ...]
    overstay_counts: tuple[AlertCountRow, ...]
    overstay_alerts: tuple[AlertRow, ...]
    identities: dict[str, Identity]
    trend: tuple[WeekFigures, ...]
    rejects: tuple[RejectRow, ...]

    def figure(self, key: str) -> Figure:
        """The headline figure with this key (foreigners_present, new_arrivals, ...)."""
        for item in self.headline:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def is_restricted(self) -> bool:
        """Whether this edition names persons (restricted) or shows pseudonymous ids only (default)."""
        return self.edition == "restricted"

    @property
    def has_data(self) -> bool:
        """Whether the week has any figure at all for this office."""
        return any(item.current for item in self.headline) or bool(self.by_kecamatan)


HEADLINE_KEYS = ("foreigners_present", "new_arrivals", "unique_persons", "reports_received", "complaints_received")


@cache
def _read_sql(name: str) -> str:
    """The text of `sql/report/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _select(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run one report query with named parameters; rows as dicts keyed by column name."""
    cursor = con.execute(_read_sql(name), params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _area_names(con: duckdb.DuckDBPyConnection, office: Office) -> tuple[str, ...]:
    # configured areas first, in the configured order, then any other kab/kota the rows name
    names = {row["kabkota_code"]: row["kabkota_name"] for row in _select(con, "area_names", office_code=office.code)}
    codes = list(office.kabkota_codes) + [code for code in names if code not in office.kabkota_codes]
    return tuple(names.get(code) or code for code in codes if code)


def _weekly_figures(con: duckdb.DuckDBPyConnection, office: Office, week_start: date) -> tuple[WeekFigures, ...]:
    first = week_start - timedelta(weeks=TREND_WEEKS - 1)
    rows = _select(con, "weekly_figures", office_code=office.code, first_week_start=first, last_week_start=week_start)
    return tuple(WeekFigures(**row) for row in rows)


def _headline(weeks: tuple[WeekFigures, ...], lang: labels.Labels) -> tuple[Figure, ...]:
    # the last two weeks of the trend are the report's week and the week before
    previous, current = weeks[-2], weeks[-1]
    return tuple(
        Figure(key, lang.headline[key], getattr(current, key), getattr(previous, key)) for key in HEADLINE_KEYS
    )


def _freshness(con: duckdb.DuckDBPyConnection, office: Office, generated_at: datetime) -> tuple[FreshnessRow, ...]:
    rows = []
    for row in _select(con, "freshness", office_code=office.code):
        last = row["last_success_at"]
        if last is not None:
            last = last.astimezone(office.tz)
        stale = last is None or generated_at - last > STALE_AFTER
        rows.append(FreshnessRow(**{**row, "last_success_at": last}, is_stale=stale))
    return tuple(rows)


def _breakdown(
    con: duckdb.DuckDBPyConnection,
    office: Office,
    iso_week: str,
    dimension: str,
    label_of: Callable[[str | None], str],
    lang: labels.Labels,
    top_n: int | None = None,
) -> tuple[BreakdownRow, ...]:
    # only nationalities are cut to a top list, so the rest's row counts countries
    rows = _select(con, "breakdown", office_code=office.code, iso_week=iso_week, dimension=dimension, top_n=top_n)
    return tuple(
        BreakdownRow(
            row["value_code"],
            lang.other_countries_label(row["values_count"]) if row["is_other"] else label_of(row["value_code"]),
            row["persons_present"],
            row["is_other"],
        )
        for row in rows
    )


def _by_kabkota(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, lang: labels.Labels
) -> tuple[KabkotaRow, ...]:
    rows = _select(con, "by_kabkota", office_code=office.code, iso_week=iso_week)
    return tuple(KabkotaRow(**{**row, "kabkota_name": lang.area_label(row["kabkota_name"])}) for row in rows)


def _by_kecamatan(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, lang: labels.Labels
) -> tuple[KecamatanRow, ...]:
    rows = _select(con, "by_kecamatan", office_code=office.code, iso_week=iso_week)
    return tuple(
        KecamatanRow(
            **{
                **row,
                "kabkota_name": lang.area_label(row["kabkota_name"]),
                "kecamatan_name": lang.area_label(row["kecamatan_name"]),
            }
        )
        for row in rows
    )


def _complaints(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, reference_date: date, lang: labels.Labels
) -> tuple[ComplaintRow, ...]:
    week_start, week_end = iso_week_bounds(iso_week)
    found = {
        row["category"]: row
        for row in _select(
            con,
            "complaints_by_category",
            office_code=office.code,
            iso_week=iso_week,
            week_start=week_start,
            week_end=week_end,
            reference_date=reference_date,
        )
    }
    # every known category is listed, zeros included, so the table reads the same each week
    categories = list(lang.complaint_categories) + sorted(c for c in found if c not in lang.complaint_categories)
    empty = {"received": 0, "resolved": 0, "overdue": 0}
    return tuple(
        ComplaintRow(
            category,
            lang.complaint_category_label(category),
            found.get(category, empty)["received"],
            found.get(category, empty)["resolved"],
            found.get(category, empty)["overdue"],
        )
        for category in categories
    )


def _foreign_workers(
    con: duckdb.DuckDBPyConnection, office: Office, week_start: date, lang: labels.Labels
) -> tuple[tuple[WorkerSponsorRow, ...], tuple[str, ...]]:
    """Workers per sponsor and district: those with workers in any of the trend's weeks, most this week first."""
    mondays = [week_start - timedelta(weeks=back) for back in range(WORKER_TREND_WEEKS - 1, -1, -1)]
    rows = _select(con, "foreign_workers", office_code=office.code, first_week_start=mondays[0], week_start=week_start)
    groups: dict[tuple, dict[date, dict[str, Any]]] = {}
    for row in rows:
        key = (row["sponsor_name"], row["kabkota_code"], row["kecamatan_code"])
        groups.setdefault(key, {})[row["week_start_date"]] = row
    sponsors = []
    for (sponsor, _, _), weeks in groups.items():
        any_week = next(iter(weeks.values()))
        this_week = weeks.get(week_start, {"workers_present": 0, "new_workers": 0})
        sponsors.append(
            WorkerSponsorRow(
                sponsor_name=sponsor if sponsor is not None else lang.text("sponsor_not_given"),
                kabkota_name=lang.area_label(any_week["kabkota_name"]),
                kecamatan_name=lang.area_label(any_week["kecamatan_name"]),
                workers_present=this_week["workers_present"],
                new_workers=this_week["new_workers"],
                trend=tuple(weeks[monday]["workers_present"] if monday in weeks else 0 for monday in mondays),
            )
        )
    sponsors.sort(key=lambda row: (-row.workers_present, -sum(row.trend), row.sponsor_name, row.kecamatan_name or ""))
    return tuple(sponsors), tuple(iso_week_of(monday) for monday in mondays)


def _complaint_sla_days(con: duckdb.DuckDBPyConnection, office: Office) -> int:
    """The office's complaint SLA as the build applied it (the configured default before any complaint)."""
    rows = _select(con, "complaint_sla", office_code=office.code)
    return rows[0]["sla_days"] if rows and rows[0]["sla_days"] is not None else AlertSettings().complaint_sla_days


def _overstay(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, cutoff: datetime, lang: labels.Labels
) -> tuple[tuple[AlertCountRow, ...], tuple[AlertRow, ...]]:
    """The alerts as they stood at `cutoff` (in the office's zone) and their counts per kind, from the same rows."""
    week_start, _ = iso_week_bounds(iso_week)
    listed = _select(
        con,
        "alerts_at_week_end",
        office_code=office.code,
        week_start=week_start,
        cutoff_date=cutoff.date(),
        week_start_at=datetime.combine(week_start, time(), office.tz),
        cutoff_at=cutoff,
    )
    alert_rows = tuple(
        AlertRow(
            alert_id=row["short_id"] or row["alert_id"],
            alert_kind=row["alert_kind"],
            kind_label=lang.alert_kind_short_label(row["alert_kind"]),
            status=row["status"],
            status_label=lang.alert_status_label(row["status"]),
            officer=row["officer"],
            raised_on=row["raised_on"],
            days_since_raised=row["days_since_raised"],
            is_new=row["is_new"],
            person_id=row["person_id"],
            nationality_iso3=row["nationality_iso3"],
            nationality=lang.nationality_label(row["nationality_iso3"]),
            kabkota_name=lang.area_label(row["kabkota_name"]),
            kecamatan_name=lang.area_label(row["kecamatan_name"]),
            permit_type=row["permit_type"],
            permit_type_label=lang.permit_type_label(row["permit_type"]),
            permit_expiry_date=row["permit_expiry_date"],
            days_overstayed=row["days_overstayed"],
            days_to_expiry=row["days_to_expiry"],
        )
        for row in listed
    )
    return _alert_counts(alert_rows, lang), alert_rows


def _alert_counts(alerts: tuple[AlertRow, ...], lang: labels.Labels) -> tuple[AlertCountRow, ...]:
    """Per kind: open at the cut-off, raised in the week, resolved in the week, open more than 60 days over."""
    kinds = sorted({row.alert_kind for row in alerts}, key=lambda kind: (kind == "EXPIRING_SOON", kind))
    counts = []
    for kind in kinds:
        rows = [row for row in alerts if row.alert_kind == kind]
        still_open = [row for row in rows if row.status != "RESOLVED"]
        counts.append(
            AlertCountRow(
                kind,
                lang.alert_kind_label(kind),
                len(still_open),
                sum(row.is_new for row in rows),
                len(rows) - len(still_open),
                sum((row.days_overstayed or 0) > 60 for row in still_open),
            )
        )
    return tuple(counts)


def report_cutoff(iso_week: str, office: Office, generated_at: datetime) -> datetime:
    """The moment a report's alerts are shown as of: the end of its week in the office's zone, or `generated_at`.

    A report for a past week shows the alerts as they stood when that week ended; one made while its
    week runs, as they stand when it is made.
    """
    _, week_end = iso_week_bounds(iso_week)
    week_over = datetime.combine(week_end + timedelta(days=1), time(), office.tz)
    return min(week_over - timedelta(microseconds=1), generated_at.astimezone(office.tz))


def _identities(
    con: duckdb.DuckDBPyConnection, office: Office, alerts: tuple[AlertRow, ...], edition: str
) -> dict[str, Identity]:
    # the default edition never reads names, passports or phones, so it cannot show them by mistake
    if edition != "restricted" or not alerts:
        return {}
    person_ids = sorted({row.person_id for row in alerts})
    rows = _select(con, "identities", office_code=office.code, person_ids=person_ids)
    return {row["person_id"]: Identity(**row) for row in rows}


def _build_info(con: duckdb.DuckDBPyConnection, office: Office) -> tuple[datetime | None, date | None]:
    """When the marts were built (in the office's zone) and the date they were built for; None before a build."""
    rows = _select(con, "build_info")
    if not rows or rows[0]["built_at"] is None:
        return None, None
    return rows[0]["built_at"].astimezone(office.tz), rows[0]["as_of_date"]


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
    lang = labels.for_language(language)
    generated_local = generated_at.astimezone(office.tz)
    reference_date = min(week_end, generated_local.date())
    cutoff = report_cutoff(iso_week, office, generated_at)
    foreign_workers, worker_weeks = _foreign_workers(con, office, week_start, lang)
    overstay_counts, overstay_alerts = _overstay(alerts_con or con, office, iso_week, cutoff, lang)
    weeks = _weekly_figures(con, office, week_start)
    built_at, built_for = _build_info(con, office)
    return WeeklyReport(
        office_code=office.code,
        office_name=office.name,
        edition=edition,
        language=language,
        area_names=_area_names(con, office),
        iso_week=iso_week,
        previous_week=previous_iso_week(iso_week),
        week_start=week_start,
        week_end=week_end,
        generated_at=generated_local,
        built_at=built_at,
        # the statuses are as of the cut-off, or of the last build if that is earlier
        alerts_as_of=min(cutoff.date(), built_for) if built_for else None,
        headline=_headline(weeks, lang),
        freshness=_freshness(con, office, generated_local),
        by_kabkota=_by_kabkota(con, office, iso_week, lang),
        by_kecamatan=_by_kecamatan(con, office, iso_week, lang),
        by_nationality=_breakdown(
            con, office, iso_week, "nationality", lang.nationality_label, lang, TOP_NATIONALITIES
        ),
        by_purpose=_breakdown(con, office, iso_week, "purpose", lang.purpose_label, lang),
        by_permit_type=_breakdown(con, office, iso_week, "permit_type", lang.permit_type_label, lang),
        complaints_by_category=_complaints(con, office, iso_week, reference_date, lang),
        complaint_sla_days=_complaint_sla_days(con, office),
        foreign_workers=foreign_workers,
        worker_weeks=worker_weeks,
        overstay_counts=overstay_counts,
        overstay_alerts=overstay_alerts,
        identities=_identities(con, office, overstay_alerts, edition),
        trend=weeks,
        rejects=tuple(RejectRow(**row) for row in _select(con, "rejects", office_code=office.code)),
    )
