"""Write a WeeklyReport as an XLSX workbook: one sheet per table, typed cells, frozen headers, text neutralised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.report import labels
from pipelines.report.weekly import HEADLINE_LABELS, TREND_WEEKS, BreakdownRow, WeeklyReport

NO_DATA = "Tidak ada data"

# a spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel number formats; [$-421] is the Indonesian locale, so month names print in Indonesian
_DATE_FORMAT = "[$-421]d mmmm yyyy"
_DATETIME_FORMAT = "[$-421]d mmmm yyyy hh:mm"
_MAX_WIDTH = 60


def neutralise_cell(text: str) -> str:
    """Make a text cell safe from formula injection: prefix "'" when it starts with = + - @ tab, CR or LF.

    Used for every text cell of the XLSX (written with `write_string`) and of any CSV, so that a
    form answer such as `=HYPERLINK("http://...")` stays text when the file is opened or re-saved.
    Other text is returned unchanged.
    """
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


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
    return labels.zone_name(report.generated_at)


def _local_naive(value: datetime | None) -> datetime | None:
    # excel has no time zones: write the office's wall-clock time and name the zone in the heading
    return None if value is None else value.replace(tzinfo=None)


def _info_sheet(report: WeeklyReport) -> Sheet:
    rows = (
        ("Kantor", report.office_name),
        ("Kode kantor", report.office_code),
        ("Edisi", labels.EDITIONS[report.edition]),
        ("Wilayah", ", ".join(report.area_names) or "-"),
        ("Minggu", report.iso_week),
        ("Mulai (Senin)", report.week_start),
        ("Sampai (Minggu)", report.week_end),
        (f"Dibuat ({_zone(report)})", _local_naive(report.generated_at)),
        (f"Data dibangun ({_zone(report)})", _local_naive(report.built_at)),
        ("Peringatan overstay per", report.alerts_as_of),
    )
    return Sheet("Info", ("Keterangan", "Nilai"), rows)


def _summary_sheet(report: WeeklyReport) -> Sheet:
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
    headings = (
        "Indikator",
        f"Minggu ini ({report.iso_week})",
        f"Minggu lalu ({report.previous_week})",
        "Perubahan dari minggu lalu",
        "Perubahan (%)",
    )
    return Sheet("Ringkasan", headings, rows)


_FIGURE_HEADINGS = ("Orang asing dilaporkan berada", "Kedatangan baru", "Laporan diterima", "Pengaduan diterima")


def _area_sheets(report: WeeklyReport) -> list[Sheet]:
    return [
        Sheet(
            "Kabupaten-kota",
            ("Kode kab/kota", "Kabupaten/kota", *_FIGURE_HEADINGS),
            tuple(tuple(row) for row in report.by_kabkota),
        ),
        Sheet(
            "Kecamatan",
            ("Kode kab/kota", "Kabupaten/kota", "Kode kecamatan", "Kecamatan", *_FIGURE_HEADINGS),
            tuple(tuple(row) for row in report.by_kecamatan),
        ),
    ]


def _breakdown_sheet(name: str, heading: str, rows: Sequence[BreakdownRow]) -> Sheet:
    total = sum(row.persons_present for row in rows)
    return Sheet(
        name,
        ("Kode", heading, "Orang asing dilaporkan berada", "Persentase"),
        tuple((row.value_code, row.label, row.persons_present, _share(row.persons_present, total)) for row in rows),
    )


def _breakdown_sheets(report: WeeklyReport) -> list[Sheet]:
    return [
        _breakdown_sheet("Kewarganegaraan", "Kewarganegaraan", report.by_nationality),
        _breakdown_sheet("Tujuan", "Tujuan kedatangan", report.by_purpose),
        _breakdown_sheet("Jenis izin", "Jenis izin tinggal", report.by_permit_type),
    ]


_ALERT_HEADINGS = (
    "Kode",
    "Jenis peringatan",
    "Status",
    "ID orang (pseudonim)",
    "Kode ISO",
    "Kewarganegaraan",
    "Kabupaten/kota",
    "Kecamatan",
    "Kode izin",
    "Jenis izin tinggal",
    "Izin berakhir",
    "Hari overstay",
    "Hari sampai izin berakhir",
)
_IDENTITY_HEADINGS = ("Nama", "Nomor paspor", "Tempat menginap", "Alamat", "Pelapor", "Nomor HP pelapor")


def _alert_rows(report: WeeklyReport) -> tuple[tuple[Any, ...], ...]:
    if not report.is_restricted:
        return tuple(tuple(row) for row in report.overstay_alerts)
    missing = (None,) * len(_IDENTITY_HEADINGS)
    rows = []
    for row in report.overstay_alerts:
        identity = report.identities.get(row.person_id)
        rows.append(tuple(row) + (tuple(identity)[1:] if identity else missing))
    return tuple(rows)


def _complaint_alert_sheets(report: WeeklyReport) -> list[Sheet]:
    return [
        Sheet(
            "Pengaduan",
            ("Kode", "Kategori", "Diterima", "Selesai", f"Terlambat (BARU > {report.complaint_sla_days} hari)"),
            tuple(tuple(row) for row in report.complaints_by_category),
        ),
        Sheet(
            "Overstay ringkasan",
            ("Kode", "Jenis peringatan", "Terbuka akhir minggu", "Baru", "Selesai", "Terbuka > 60 hari"),
            tuple(tuple(row) for row in report.overstay_counts),
        ),
        Sheet(
            "Overstay daftar",
            _ALERT_HEADINGS + (_IDENTITY_HEADINGS if report.is_restricted else ()),
            _alert_rows(report),
        ),
    ]


def _trend_sheet(report: WeeklyReport) -> Sheet:
    headings = ("Minggu", "Mulai (Senin)", *(label for label in HEADLINE_LABELS.values()))
    return Sheet(f"Tren {TREND_WEEKS} minggu", headings, tuple(tuple(row) for row in report.trend))


def _quality_sheets(report: WeeklyReport) -> list[Sheet]:
    zone = _zone(report)
    return [
        Sheet(
            "Kualitas data",
            ("Sumber", "Kolom", "Pertanyaan formulir", "Alasan", "Arti", "Nilai ditolak", "Contoh nomor baris"),
            tuple(
                (
                    row.source_name,
                    row.field,
                    labels.field_label(row.field),
                    row.reason,
                    labels.reject_reason_label(row.reason),
                    row.rejects,
                    row.example_row_number,
                )
                for row in report.rejects
            ),
        ),
        Sheet(
            "Kesegaran data",
            (
                "Sumber",
                "Jenis formulir",
                f"Terakhir berhasil dibaca ({zone})",
                "Baris saat ini",
                "Ditolak",
                "Terlambat",
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
    """The workbook's tables in order: info, summary, then one sheet per report table."""
    return [
        _info_sheet(report),
        _summary_sheet(report),
        *_area_sheets(report),
        *_breakdown_sheets(report),
        *_complaint_alert_sheets(report),
        _trend_sheet(report),
        *_quality_sheets(report),
    ]


class _XlsxWriter:
    """Typed cell writing for one workbook: numbers as numbers, dates as dates, text neutralised."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
        self.integer = workbook.add_format({"num_format": "#,##0"})
        self.ratio = workbook.add_format({"num_format": "0.0%"})
        self.date = workbook.add_format({"num_format": _DATE_FORMAT})
        self.datetime = workbook.add_format({"num_format": _DATETIME_FORMAT})
        self.note = workbook.add_format({"italic": True})

    def cell(self, sheet: Worksheet, row: int, col: int, value: Any) -> int:
        """Write one value with its type; returns the width it needs."""
        if value is None:
            sheet.write_blank(row, col, None)
            return 0
        if isinstance(value, bool):
            text = "Ya" if value else "Tidak"
            sheet.write_string(row, col, text)
            return len(text)
        if isinstance(value, int):
            sheet.write_number(row, col, value, self.integer)
            return len(labels.format_number_id(value)) + 1
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
            worksheet.write_string(1, 0, NO_DATA, self.note)
        worksheet.freeze_panes(1, 0)
        if table.rows:
            worksheet.autofilter(0, 0, len(table.rows), len(table.headings) - 1)
        for col, width in enumerate(widths):
            worksheet.set_column(col, col, min(max(width, 8), _MAX_WIDTH) + 2)


def write_xlsx(report: WeeklyReport, path: Path) -> None:
    """Write the workbook: one sheet per table, typed numeric and date cells, text neutralised."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    writer = _XlsxWriter(workbook)
    for table in report_sheets(report):
        writer.sheet(workbook.add_worksheet(table.name), table)
    workbook.close()
