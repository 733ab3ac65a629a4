"""The report's queries: each of its tables read from the marts (`sql/report/*.sql`) into records, in one language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.config import AlertSettings, Office
from pipelines.report.records import (
    AlertCountRow,
    AlertRow,
    BreakdownRow,
    ComplaintRow,
    Figure,
    FreshnessRow,
    Identity,
    KabkotaRow,
    KecamatanRow,
    RejectRow,
    WeekFigures,
    WorkerSponsorRow,
)
from pipelines.report.weeks import iso_week_bounds, iso_week_of
from pipelines.vocabulary import Labels

SQL_DIR = Path(__file__).parents[2] / "sql" / "report"
TREND_WEEKS = 12
# the weeks of the foreign workers' trend per sponsor, the report's week last
WORKER_TREND_WEEKS = 8
# a source not read successfully for this long is flagged in the report
STALE_AFTER = timedelta(days=2)
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


def area_names(con: duckdb.DuckDBPyConnection, office: Office) -> tuple[str, ...]:
    """The names of the office's kab/kota: the configured ones first, in their order, then any other the rows name."""
    names = {row["kabkota_code"]: row["kabkota_name"] for row in _select(con, "area_names", office_code=office.code)}
    codes = list(office.kabkota_codes) + [code for code in names if code not in office.kabkota_codes]
    return tuple(names.get(code) or code for code in codes if code)


def weekly_figures(con: duckdb.DuckDBPyConnection, office: Office, week_start: date) -> tuple[WeekFigures, ...]:
    """The office's figures of the TREND_WEEKS weeks up to the one starting `week_start`, oldest first."""
    first = week_start - timedelta(weeks=TREND_WEEKS - 1)
    rows = _select(con, "weekly_figures", office_code=office.code, first_week_start=first, last_week_start=week_start)
    return tuple(WeekFigures(**row) for row in rows)


def headline(weeks: tuple[WeekFigures, ...], lang: Labels) -> tuple[Figure, ...]:
    """The headline figures of the last week of `weeks` (the report's) beside those of the week before."""
    previous, current = weeks[-2], weeks[-1]
    return tuple(
        Figure(key, lang.headline[key], getattr(current, key), getattr(previous, key)) for key in HEADLINE_KEYS
    )


def freshness(con: duckdb.DuckDBPyConnection, office: Office, generated_at: datetime) -> tuple[FreshnessRow, ...]:
    """When each of the office's sources was last read, in its zone; stale when older than STALE_AFTER."""
    rows = []
    for row in _select(con, "freshness", office_code=office.code):
        last = row["last_success_at"]
        if last is not None:
            last = last.astimezone(office.tz)
        stale = last is None or generated_at - last > STALE_AFTER
        rows.append(FreshnessRow(**{**row, "last_success_at": last}, is_stale=stale))
    return tuple(rows)


def breakdown(
    con: duckdb.DuckDBPyConnection,
    office: Office,
    iso_week: str,
    dimension: str,
    label_of: Callable[[str | None], str],
    lang: Labels,
    top_n: int | None = None,
) -> tuple[BreakdownRow, ...]:
    """Persons present by one dimension's values; with `top_n`, the rest folded into one "other" row."""
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


def by_kabkota(con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, lang: Labels) -> tuple[KabkotaRow, ...]:
    """The week's figures per kab/kota of the office, unmatched areas named in the report's language."""
    rows = _select(con, "by_kabkota", office_code=office.code, iso_week=iso_week)
    return tuple(KabkotaRow(**{**row, "kabkota_name": lang.area_label(row["kabkota_name"])}) for row in rows)


def by_kecamatan(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, lang: Labels
) -> tuple[KecamatanRow, ...]:
    """The week's figures per kecamatan of the office, unmatched areas named in the report's language."""
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


def complaints(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, reference_date: date, lang: Labels
) -> tuple[ComplaintRow, ...]:
    """Complaints per category in the week: every known category, zeros included, then any new one."""
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


def foreign_workers(
    con: duckdb.DuckDBPyConnection, office: Office, week_start: date, lang: Labels
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


def complaint_sla_days(con: duckdb.DuckDBPyConnection, office: Office) -> int:
    """The office's complaint SLA as the build applied it (the configured default before any complaint)."""
    rows = _select(con, "complaint_sla", office_code=office.code)
    return rows[0]["sla_days"] if rows and rows[0]["sla_days"] is not None else AlertSettings().complaint_sla_days


def overstay(
    con: duckdb.DuckDBPyConnection, office: Office, iso_week: str, cutoff: datetime, lang: Labels
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


def _alert_counts(alerts: tuple[AlertRow, ...], lang: Labels) -> tuple[AlertCountRow, ...]:
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


def identities(
    con: duckdb.DuckDBPyConnection, office: Office, alerts: tuple[AlertRow, ...], edition: str
) -> dict[str, Identity]:
    """The named persons of the restricted edition's alert list; nothing for the default edition."""
    # the default edition never reads names, passports or phones, so it cannot show them by mistake
    if edition != "restricted" or not alerts:
        return {}
    person_ids = sorted({row.person_id for row in alerts})
    rows = _select(con, "identities", office_code=office.code, person_ids=person_ids)
    return {row["person_id"]: Identity(**row) for row in rows}


def build_info(con: duckdb.DuckDBPyConnection, office: Office) -> tuple[datetime | None, date | None]:
    """When the marts were built (in the office's zone) and the date they were built for; None before a build."""
    rows = _select(con, "build_info")
    if not rows or rows[0]["built_at"] is None:
        return None, None
    return rows[0]["built_at"].astimezone(office.tz), rows[0]["as_of_date"]


def rejects(con: duckdb.DuckDBPyConnection, office: Office) -> tuple[RejectRow, ...]:
    """The latest build's rejected values of the office's sources, per source, field and reason."""
    return tuple(RejectRow(**row) for row in _select(con, "rejects", office_code=office.code))
