"""Write a WeeklyReport as a self-contained HTML page (printable A4) and an XLSX workbook."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.report import charts, labels
from pipelines.report.weekly import OVERDUE_DAYS, WeeklyReport

FORMATS = ("html", "xlsx")
NO_DATA = "Tidak ada data"
# the HTML shows this many overstay alerts and rejects lines; the XLSX has them all
HTML_ROW_LIMIT = 50
TEMPLATES = Path(__file__).parent / "templates"

# a spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_SAFE_FILE_PART = re.compile(r"^[A-Za-z0-9_-]+$")
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


def _zone(report: WeeklyReport) -> str:
    return labels.zone_name(report.generated_at)


def _local_naive(value: datetime | None) -> datetime | None:
    # excel has no time zones: write the office's wall-clock time and name the zone in the heading
    return None if value is None else value.replace(tzinfo=None)


def _info_sheet(report: WeeklyReport) -> Sheet:
    rows = (
        ("Kantor", report.office_name),
        ("Kode kantor", report.office_code),
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


def _table_sheets(report: WeeklyReport) -> list[Sheet]:
    zone = _zone(report)
    return [
        Sheet(
            "Kecamatan",
            (
                "Kode kab/kota",
                "Kabupaten/kota",
                "Kode kecamatan",
                "Kecamatan",
                "Orang asing dilaporkan berada",
                "Kedatangan baru",
                "Laporan diterima",
                "Pengaduan diterima",
            ),
            tuple(tuple(row) for row in report.by_kecamatan),
        ),
        Sheet(
            "Kewarganegaraan",
            ("Kode ISO", "Kewarganegaraan", "Orang asing dilaporkan berada"),
            tuple((row.value_code, row.label, row.persons_present) for row in report.by_nationality),
        ),
        Sheet(
            "Tujuan",
            ("Kode", "Tujuan kedatangan", "Orang asing dilaporkan berada"),
            tuple((row.value_code, row.label, row.persons_present) for row in report.by_purpose),
        ),
        Sheet(
            "Jenis izin",
            ("Kode", "Jenis izin tinggal", "Orang asing dilaporkan berada"),
            tuple((row.value_code, row.label, row.persons_present) for row in report.by_permit_type),
        ),
        Sheet(
            "Pengaduan",
            ("Kode", "Kategori", "Diterima", "Selesai", f"Terlambat (BARU > {OVERDUE_DAYS} hari)"),
            tuple(tuple(row) for row in report.complaints_by_category),
        ),
        Sheet(
            "Overstay ringkasan",
            ("Kode", "Jenis peringatan", "Jumlah", "Lebih dari 60 hari"),
            tuple(tuple(row) for row in report.overstay_counts),
        ),
        Sheet(
            "Overstay daftar",
            (
                "Kode",
                "Jenis peringatan",
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
            ),
            tuple(tuple(row) for row in report.overstay_alerts),
        ),
        Sheet(
            "Tren 12 minggu",
            ("Minggu", "Mulai (Senin)", "Orang asing dilaporkan berada", "Pengaduan diterima"),
            tuple(tuple(row) for row in report.trend),
        ),
        Sheet(
            "Kualitas data",
            ("Sumber", "Kolom", "Alasan", "Baris ditolak", "Contoh nomor baris"),
            tuple(tuple(row) for row in report.rejects),
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
                )
                + ("Ya" if row.is_stale else "Tidak",)
                for row in report.freshness
            ),
        ),
    ]


def report_sheets(report: WeeklyReport) -> list[Sheet]:
    """The workbook's tables in order: info, summary, then one sheet per report table."""
    return [_info_sheet(report), _summary_sheet(report), *_table_sheets(report)]


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


def _svg_data_uri(svg: str | None) -> str | None:
    # as an <img> data URI the SVG cannot run script or pick up the page's CSS
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., str]] = {
        "num": labels.format_number_id,
        "date_id": labels.format_date_id,
        "datetime_id": labels.format_datetime_id,
        "change_id": labels.format_change_id,
    }
    environment.filters.update(filters)
    return environment


def render_html(report: WeeklyReport) -> str:
    """The report as one HTML page: CSS inline, charts as embedded SVG images, all text Indonesian."""
    template = _environment().get_template("weekly.html.j2")
    return template.render(
        report=report,
        no_data=NO_DATA,
        row_limit=HTML_ROW_LIMIT,
        overdue_days=OVERDUE_DAYS,
        zone=_zone(report),
        trend_chart=_svg_data_uri(charts.trend_chart(report.trend)),
        nationality_chart=_svg_data_uri(charts.nationality_chart(report.by_nationality)),
    )


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    # a reader (a shared folder, a mail job) never sees a half-written report
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_report(report: WeeklyReport, out_dir: Path, formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Write `rakor_<OFFICE>_<iso_week>.<format>` files into out_dir (created if missing).

    Args:
        report: the gathered report.
        out_dir: the folder to write into; existing files of the same name are replaced atomically.
        formats: any of "html" and "xlsx".

    Returns:
        The path written for each format.

    Raises:
        ValueError: an unknown format, or an office code that is unsafe in a file name.
    """
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s) {unknown}; supported: {list(FORMATS)}")
    if not _SAFE_FILE_PART.match(report.office_code):
        raise ValueError(f"office code {report.office_code!r} cannot be used in a file name")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"rakor_{report.office_code}_{report.iso_week}"
    written: dict[str, Path] = {}
    for name in dict.fromkeys(formats):
        path = out_dir / f"{stem}.{name}"
        if name == "html":
            html = render_html(report)
            _write_atomically(path, lambda target, text=html: target.write_text(text, encoding="utf-8"))
        else:
            _write_atomically(path, lambda target: write_xlsx(report, target))
        written[name] = path
    return written
