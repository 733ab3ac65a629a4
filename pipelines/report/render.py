"""Write a WeeklyReport as a self-contained HTML page (printable A4), a PDF of that page, and an XLSX workbook."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

import jinja2

from pipelines import vocabulary
from pipelines.core.warehouse import OWNER_ONLY, SHARED, held_temporary, make_folder, remove_leftovers
from pipelines.report import charts
from pipelines.report.figures import TREND_WEEKS
from pipelines.report.pdf import write_pdf
from pipelines.report.records import KabkotaRow, KecamatanRow, WeeklyReport
from pipelines.report.weekly import TOP_NATIONALITIES
from pipelines.report.xlsx import neutralise_cell, write_xlsx

__all__ = ["FORMATS", "neutralise_cell", "render_html", "report_stem", "write_report"]

FORMATS = ("html", "pdf", "xlsx")
# the HTML shows this many overstay alerts and rejects lines; the XLSX has them all
HTML_ROW_LIMIT = 50
TEMPLATES = Path(__file__).parent / "templates"
_SAFE_FILE_PART = re.compile(r"^[A-Za-z0-9_-]+$")


class AreaGroup(NamedTuple):
    """One kabupaten/kota of the kecamatan table: its subtotal row and its kecamatan, ranked."""

    kabkota: KabkotaRow | None
    kecamatan: tuple[KecamatanRow, ...]


def _area_groups(report: WeeklyReport) -> tuple[AreaGroup, ...]:
    subtotals = {row.kabkota_code: row for row in report.by_kabkota}
    codes = list(dict.fromkeys(row.kabkota_code for row in report.by_kecamatan))
    return tuple(
        AreaGroup(subtotals.get(code), tuple(row for row in report.by_kecamatan if row.kabkota_code == code))
        for code in codes
    )


def _svg_data_uri(svg: str | None) -> str | None:
    # as an <img> data URI the SVG cannot run script or pick up the page's CSS
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@cache
def _environment(language: str) -> jinja2.Environment:
    # one environment per language and process: the template is compiled once, not for every office;
    # its filters write numbers and dates the language's way
    lang = vocabulary.for_language(language)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., str]] = {
        "num": lang.format_number,
        "date": lang.format_date,
        "datetime": lang.format_datetime,
        "change": lang.format_change,
        "share": lang.format_share,
        "field_label": lang.field_label,
        "reason_label": lang.reject_reason_label,
        "form_kind_label": lang.form_kind_label,
    }
    environment.filters.update(filters)
    return environment


def render_html(report: WeeklyReport) -> str:
    """The report as one HTML page: CSS inline, charts as embedded SVG images, all text in the report's language.

    The page is laid out for A4 print (running header, page numbers, no row split across pages) and
    is also what the PDF is made from. Every value from a form is HTML-escaped.
    """
    lang = vocabulary.for_language(report.language)
    template = _environment(report.language).get_template("weekly.html.j2")
    return template.render(
        report=report,
        t=lang.text,
        edition_label=lang.edition_label(report.edition),
        row_limit=HTML_ROW_LIMIT,
        trend_weeks=TREND_WEEKS,
        top_nationalities=TOP_NATIONALITIES,
        overdue_days=report.complaint_sla_days,
        zone=vocabulary.zone_name(report.generated_at),
        area_groups=_area_groups(report),
        max_present=max((row.foreigners_present for row in report.by_kecamatan), default=0),
        trend_chart=_svg_data_uri(charts.trend_chart(report.trend, lang)),
        nationality_chart=_svg_data_uri(charts.nationality_chart(report.by_nationality, lang)),
    )


def report_stem(report: WeeklyReport) -> str:
    """The file name without extension: `rakor_<OFFICE>_<week>[_<language>][_terbatas]`.

    The Indonesian report keeps the names it always had; another language adds its code
    (`rakor_RANAI_2026-W47_en`), so both languages can share a folder. The restricted edition ends in
    `_terbatas` in every language (`rakor_RANAI_2026-W47_en_terbatas`): whoever files or forwards
    reports has one marker to watch for, whatever the language.

    Raises:
        ValueError: an office code that is unsafe in a file name.
    """
    if not _SAFE_FILE_PART.match(report.office_code):
        raise ValueError(f"office code {report.office_code!r} cannot be used in a file name")
    language = "" if report.language == vocabulary.DEFAULT_LANGUAGE else f"_{report.language}"
    edition = "_terbatas" if report.is_restricted else ""
    return f"rakor_{report.office_code}_{report.iso_week}{language}{edition}"


def _write_atomically(path: Path, write: Callable[[Path], None], mode: int) -> None:
    # a reader (a shared folder, a mail job) never sees a half-written report
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)  # left by a run that was killed
    try:
        # made with its mode before any byte is written (the writers keep it), and held while written
        with held_temporary(temporary, mode):
            write(temporary)
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_report(report: WeeklyReport, out_dir: Path, formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    """Write `<report_stem>.<format>` files into out_dir (created if missing).

    The PDF is laid out from the same HTML as the .html file, so both show the same figures. The
    restricted edition's files are readable by their owner only (mode 0600), the default edition's
    by everyone (0644), whatever the umask. Temporaries left in out_dir by killed runs are removed.

    Args:
        report: the gathered report.
        out_dir: the folder to write into; existing files of the same name are replaced atomically.
        formats: any of "html", "pdf" and "xlsx"; a repeated format is written once.

    Returns:
        The path written for each format, in the order asked.

    Raises:
        ValueError: an unknown format, or an office code that is unsafe in a file name.
    """
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; supported: {', '.join(FORMATS)}")
    stem = report_stem(report)
    out_dir = Path(out_dir)
    make_folder(out_dir)
    remove_leftovers(out_dir)  # the temporaries of reports killed while written, whatever their week
    html = render_html(report) if {"html", "pdf"} & set(formats) else ""
    writers: dict[str, Callable[[Path], None]] = {
        "html": lambda target: target.write_text(html, encoding="utf-8"),
        "pdf": lambda target: write_pdf(html, target),
        "xlsx": lambda target: write_xlsx(report, target),
    }
    # the restricted edition names persons; the default edition is meant to be shared
    mode = OWNER_ONLY if report.is_restricted else SHARED
    written: dict[str, Path] = {}
    for name in dict.fromkeys(formats):
        written[name] = out_dir / f"{stem}.{name}"
        _write_atomically(written[name], writers[name], mode)
    return written
