"""Write a WeeklyReport as an XLSX workbook: one sheet per table, typed cells, frozen headers, text neutralised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines import vocabulary
from pipelines.core.cells import neutralise_cell
from pipelines.report.figures import HEADLINE_KEYS, TREND_WEEKS
from pipelines.report.records import BreakdownRow, WeeklyReport
from pipelines.vocabulary import Labels

# Excel date formats; the [$-<locale id>] prefix makes Excel print month names in the report's language
_DATE_FORMAT = "[$-{locale}]d mmmm yyyy"
_DATETIME_FORMAT = "[$-{locale}]d mmmm yyyy hh:mm"
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One table of the workbook: its sheet name, column headings and rows of plain values."""

    name: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _change_ratio(current: int, previous: int) -> float | None:
    return None if previous == 0 else (current - previous) / previous


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _zone(report: WeeklyReport) -> str:
    return vocabulary.zone_name(report.generated_at)


def _local_naive(value: datetime | None) -> datetime | None:
    # excel has no time zones: write the office's wall-clock time and name the zone in the heading
    return None if value is None else value.replace(tzinfo=None)


def _info_sheet(report: WeeklyReport, lang: Labels) -> Sheet:
    t, zone = lang.text, _zone(report)
    rows = (
        (t("office"), report.office_name),
        (t("office_code"), report.office_code),
        (t("edition"), lang.edition_label(report.edition)),
        (t("area"), ", ".join(report.area_names) or "-"),
        (t("week"), report.iso_week),
        (t("week_start"), report.week_start),
        (t("week_end"), report.week_end),
        (t("generated_in_zone", zone=zone), _local_naive(report.generated_at)),
        (t("built_in_zone", zone=zone), _local_naive(report.built_at)),
        (t("alerts_as_of"), report.alerts_as_of),
    )
    return Sheet(t("sheet_info"), (t("item"), t("value")), rows)


def _summary_sheet(report: WeeklyReport, lang: Labels) -> Sheet:
    rows = tuple(
        (
            item.label,
            item.current,
            item.previous,
            item.change,
            _change_ratio(item.current, item.previous),
        )
        for item in report.headline
    )
    t = lang.text
    headings = (
        t("indicator"),
        t("this_week", week=report.iso_week),
        t("last_week", week=report.previous_week),
        t("change_from_last_week"),
        t("change_percent"),
    )
    return Sheet(t("sheet_summary"), headings, rows)


# the headline figures each area row has, in its column order
_AREA_FIGURES = ("foreigners_present", "new_arrivals", "reports_received", "complaints_received")


def _area_sheets(report: WeeklyReport, lang: Labels) -> list[Sheet]:
    t = lang.text
    figures = tuple(lang.headline[key] for key in _AREA_FIGURES)
    return [
        Sheet(
            t("sheet_kabkota"),
            (t("kabkota_code"), t("kabkota"), *figures),
            tuple(tuple(row) for row in report.by_kabkota),
        ),
        Sheet(
            t("sheet_kecamatan"),
            (t("kabkota_code"), t("kabkota"), t("kecamatan_code"), t("kecamatan"), *figures),
            tuple(tuple(row) for row in report.by_kecamatan),
        ),
    ]


def _breakdown_sheet(name: str, heading: str, rows: Sequence[BreakdownRow], lang: Labels) -> Sheet:
    total = sum(row.persons_present for row in rows)
    return Sheet(
        name,
        (lang.text("code"), heading, lang.headline["foreigners_present"], lang.text("share")),
        tuple((row.value_code, row.label, row.persons_present, _share(row.persons_present, total)) for row in rows),
    )


def _breakdown_sheets(report: WeeklyReport, lang: Labels) -> list[Sheet]:
    t = lang.text
    return [
        _breakdown_sheet(t("sheet_nationality"), t("nationality"), report.by_nationality, lang),
        _breakdown_sheet(t("sheet_purpose"), t("purpose_of_visit"), report.by_purpose, lang),
        _breakdown_sheet(t("sheet_permit_type"), t("permit_type"), report.by_permit_type, lang),
    ]


def _workers_sheet(report: WeeklyReport, lang: Labels) -> Sheet:
    t = lang.text
    headings = (
        t("sponsor"),
        t("kabkota"),
        t("kecamatan"),
        t("workers_this_week"),
        t("new_workers"),
        *(t("workers_in_week", week=week) for week in report.worker_weeks),
    )
    rows = tuple(
        (row.sponsor_name, row.kabkota_name, row.kecamatan_name, row.workers_present, row.new_workers, *row.trend)
        for row in report.foreign_workers
    )
    return Sheet(t("sheet_workers"), headings, rows)


# the AlertRow fields of the alert sheet and the phrases heading them; the status in words, never as a code
_ALERT_COLUMNS = (
    ("alert_id", "alert_id"),
    ("alert_kind", "code"),
    ("kind_label", "alert_kind"),
    ("status_label", "status"),
    ("officer", "officer"),
    ("raised_on", "raised_on"),
    ("days_since_raised", "days_since_raised"),
    ("person_id", "person_id"),
    ("nationality_iso3", "iso_code"),
    ("nationality", "nationality"),
    ("kabkota_name", "kabkota"),
    ("kecamatan_name", "kecamatan"),
    ("permit_type", "permit_code"),
    ("permit_type_label", "permit_type"),
    ("permit_expiry_date", "permit_expires"),
    ("days_overstayed", "days_overstayed"),
    ("days_to_expiry", "days_to_expiry"),
)
# and of an Identity after its person id (restricted edition only)
_IDENTITY_HEADINGS = ("name", "passport_number", "lodging", "address", "reporter", "reporter_phone")


def _alert_rows(report: WeeklyReport) -> tuple[tuple[Any, ...], ...]:
    missing = (None,) * len(_IDENTITY_HEADINGS)
    rows = []
    for row in report.overstay_alerts:
        cells = tuple(getattr(row, field) for field, _ in _ALERT_COLUMNS)
        if report.is_restricted:
            identity = report.identities.get(row.person_id)
            cells += tuple(identity)[1:] if identity else missing
        rows.append(cells)
    return tuple(rows)


def _complaint_alert_sheets(report: WeeklyReport, lang: Labels) -> list[Sheet]:
    t = lang.text
    alert_headings = tuple(key for _, key in _ALERT_COLUMNS) + (_IDENTITY_HEADINGS if report.is_restricted else ())
    return [
        Sheet(
            t("sheet_complaints"),
            (
                t("code"),
                t("category"),
                t("received"),
                t("resolved"),
                t("overdue_short", days=report.complaint_sla_days),
            ),
            tuple(tuple(row) for row in report.complaints_by_category),
        ),
        Sheet(
            t("sheet_alert_counts"),
            (t("code"), t("alert_kind"), t("open_at_week_end"), t("new"), t("resolved"), t("open_over_60_days")),
            tuple(tuple(row) for row in report.overstay_counts),
        ),
        Sheet(t("sheet_alert_list"), tuple(t(key) for key in alert_headings), _alert_rows(report)),
    ]


def _trend_sheet(report: WeeklyReport, lang: Labels) -> Sheet:
    t = lang.text
    headings = (t("week"), t("week_start"), *(lang.headline[key] for key in HEADLINE_KEYS))
    return Sheet(t("trend_title", weeks=TREND_WEEKS), headings, tuple(tuple(row) for row in report.trend))


def _quality_sheets(report: WeeklyReport, lang: Labels) -> list[Sheet]:
    t, zone = lang.text, _zone(report)
    return [
        Sheet(
            t("sheet_quality"),
            (
                t("source"),
                t("field"),
                t("form_question"),
                t("reason"),
                t("meaning"),
                t("rejected_values"),
                t("example_row_number"),
            ),
            tuple(
                (
                    row.source_name,
                    row.field,
                    lang.field_label(row.field),
                    row.reason,
                    lang.reject_reason_label(row.reason),
                    row.rejects,
                    row.example_row_number,
                )
                for row in report.rejects
            ),
        ),
        Sheet(
            t("sheet_freshness"),
            (
                t("source"),
                t("form_kind"),
                t("last_read_in_zone", zone=zone),
                t("rows_current"),
                t("rejected"),
                t("stale"),
            ),
            tuple(
                (
                    row.source_name,
                    row.form_kind,
                    _local_naive(row.last_success_at),
                    row.rows_current,
                    row.rejects,
                    row.is_stale,
                )
                for row in report.freshness
            ),
        ),
    ]


def report_sheets(report: WeeklyReport) -> list[Sheet]:
    """The workbook's tables in order: info, summary, then one sheet per report table, in the report's language."""
    lang = vocabulary.for_language(report.language)
    return [
        _info_sheet(report, lang),
        _summary_sheet(report, lang),
        *_area_sheets(report, lang),
        *_breakdown_sheets(report, lang),
        _workers_sheet(report, lang),
        *_complaint_alert_sheets(report, lang),
        _trend_sheet(report, lang),
        *_quality_sheets(report, lang),
    ]


class _XlsxWriter:
    """Typed cell writing for one workbook: numbers as numbers, dates as dates, text neutralised."""

    def __init__(self, workbook: xlsxwriter.Workbook, lang: Labels) -> None:
        self.lang = lang
        self.header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
        self.integer = workbook.add_format({"num_format": "#,##0"})
        self.ratio = workbook.add_format({"num_format": "0.0%"})
        self.date = workbook.add_format({"num_format": _DATE_FORMAT.format(locale=lang.excel_locale)})
        self.datetime = workbook.add_format({"num_format": _DATETIME_FORMAT.format(locale=lang.excel_locale)})
        self.note = workbook.add_format({"italic": True})

    def cell(self, sheet: Worksheet, row: int, col: int, value: Any) -> int:
        """Write one value with its type; returns the width it needs."""
        if value is None:
            sheet.write_blank(row, col, None)
            return 0
        if isinstance(value, bool):
            text = self.lang.text("yes" if value else "no")
            sheet.write_string(row, col, text)
            return len(text)
        if isinstance(value, int):
            sheet.write_number(row, col, value, self.integer)
            return len(self.lang.format_number(value)) + 1
        if isinstance(value, float):
            sheet.write_number(row, col, value, self.ratio)
            return 8
        if isinstance(value, datetime):
            sheet.write_datetime(row, col, value, self.datetime)
            return 24
        if isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)
            return 18
        text = neutralise_cell(str(value))
        sheet.write_string(row, col, text)
        return len(text)

    def sheet(self, worksheet: Worksheet, table: Sheet) -> None:
        """Write a table: header row frozen, typed cells, widths from the content."""
        widths = [len(heading) for heading in table.headings]
        for col, heading in enumerate(table.headings):
            worksheet.write_string(0, col, neutralise_cell(heading), self.header)
        for row_number, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                widths[col] = max(widths[col], self.cell(worksheet, row_number, col, value))
        if not table.rows:
            worksheet.write_string(1, 0, self.lang.text("no_data"), self.note)
        worksheet.freeze_panes(1, 0)
        if table.rows:
            worksheet.autofilter(0, 0, len(table.rows), len(table.headings) - 1)
        for col, width in enumerate(widths):
            worksheet.set_column(col, col, min(max(width, 8), _MAX_WIDTH) + 2)


def write_xlsx(report: WeeklyReport, path: Path) -> None:
    """Write the workbook in the report's language: one sheet per table, typed cells, text neutralised."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    writer = _XlsxWriter(workbook, vocabulary.for_language(report.language))
    for table in report_sheets(report):
        writer.sheet(workbook.add_worksheet(table.name), table)
    workbook.close()
