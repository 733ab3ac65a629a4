"""Make one office's weekly report from the published snapshots: the entry the CLI and the flows share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from pipelines import vocabulary
from pipelines.core.config import Settings
from pipelines.core.warehouse import connect
from pipelines.marts.what_if import what_if_date
from pipelines.report.render import FORMATS, write_report
from pipelines.report.weekly import WeeklyReport, build_weekly_report


class WrittenReport(NamedTuple):
    """The files written for one office and week, the headline as a markdown table, and the date of a what-if.

    `what_if_as_of` is set when the office's last build was a what-if (`timpora build --as-of`): the
    marts, and so the report, show that date until the next build as of today.
    """

    paths: dict[str, Path]
    markdown: str
    what_if_as_of: date | None = None


def headline_markdown(report: WeeklyReport) -> str:
    """The week's headline figures as a markdown table (for a Prefect artifact or a chat message).

    Headings, labels and numbers are in the report's language.
    """
    lang = vocabulary.for_language(report.language)
    lines = [
        f"### {_markdown_text(report.office_name)} ({report.office_code}), {report.iso_week}",
        "",
        f"| {lang.text('indicator')} | {report.iso_week} | {report.previous_week} | {lang.text('change')} |",
        "|---|--:|--:|--:|",
    ]
    for item in report.headline:
        lines.append(
            f"| {item.label} | {lang.format_number(item.current)} | {lang.format_number(item.previous)} "
            f"| {lang.format_change(item.change, item.previous)} |"
        )
    return "\n".join(lines)


def _markdown_text(text: str) -> str:
    # an office name with "|" must not break the table
    return text.replace("|", "\\|").replace("\n", " ")


def write_weekly_report(
    settings: Settings,
    office_code: str,
    iso_week: str,
    out_dir: Path | None = None,
    formats: Sequence[str] = FORMATS,
    edition: str = "default",
    language: str = "id",
) -> WrittenReport:
    """Gather one office's report from the published snapshot and write it.

    Reads the snapshots, never the warehouse, so a running sync or build is never blocked: the
    analysts' snapshot, and the owner-only restricted snapshot for the alert list (the restricted
    edition reads everything there). The
    Indonesian files are `rakor_<OFFICE>_<week>.<format>`; another language adds its code before
    the edition's suffix, e.g. `rakor_RANAI_2026-W47_en.html`, `rakor_RANAI_2026-W47_en_terbatas.xlsx`
    (see `report_stem`), so both languages can be written to one folder.

    Args:
        settings: the configuration (offices, snapshot paths, default report folder).
        office_code: the office to report.
        iso_week: the week, "YYYY-Www".
        out_dir: where to write (default: `report_dir` of the configuration).
        formats: any of "html", "pdf" and "xlsx".
        edition: "default", or "restricted" for the edition that names the persons with an alert.
        language: "id" (Bahasa Indonesia, the default) or "en" (English) for every word of the files
            and of the returned markdown; the figures are the same in both.

    Raises:
        ConfigError: an office code the configuration does not have.
        ValueError: a malformed week, an unknown format, edition or language.
        WarehouseError: no snapshot yet (nothing synced and built).
    """
    # a wrong language fails before the snapshot is opened, like a wrong office
    vocabulary.for_language(language)
    office = settings.office(office_code)
    # only the restricted edition reads the whole owner-only snapshot that holds names and passports. The
    # default edition lists each alert with its person's nationality, kecamatan and permit, which the
    # analysts' snapshot suppresses where fewer than 5 alerts share them: it reads those rows, and no
    # name, from the restricted snapshot, published by the same build
    snapshot = settings.restricted_snapshot_path if edition == "restricted" else settings.snapshot_path
    con = connect(snapshot, read_only=True)
    try:
        alerts_con = con if edition == "restricted" else connect(settings.restricted_snapshot_path, read_only=True)
        try:
            now = datetime.now(office.tz)
            report = build_weekly_report(con, office, iso_week, now, edition, language, alerts_con=alerts_con)
            what_if = what_if_date(con, office_code)
        finally:
            if alerts_con is not con:
                alerts_con.close()
    finally:
        con.close()
    paths = write_report(report, out_dir or settings.report_dir, formats)
    return WrittenReport(paths, headline_markdown(report), what_if)
