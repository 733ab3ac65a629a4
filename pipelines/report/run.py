"""Make one office's weekly report from the analysts' snapshot: the entry the CLI and the flows share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pipelines.config import Settings
from pipelines.report import labels
from pipelines.report.render import FORMATS, write_report
from pipelines.report.weekly import WeeklyReport, build_weekly_report
from pipelines.warehouse import connect


class WrittenReport(NamedTuple):
    """The files written for one office and week, and the headline as a markdown table."""

    paths: dict[str, Path]
    markdown: str


def headline_markdown(report: WeeklyReport) -> str:
    """The week's headline figures as a markdown table (for a Prefect artifact or a chat message)."""
    lines = [
        f"### {_markdown_text(report.office_name)} ({report.office_code}), {report.iso_week}",
        "",
        f"| Indikator | {report.iso_week} | {report.previous_week} | Perubahan |",
        "|---|--:|--:|--:|",
    ]
    for item in report.headline:
        lines.append(
            f"| {item.label} | {labels.format_number_id(item.current)} | {labels.format_number_id(item.previous)} "
            f"| {labels.format_change_id(item.change, item.previous)} |"
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
) -> WrittenReport:
    """Gather one office's report from the published snapshot and write it.

    Reads the snapshot, never the warehouse, so a running sync or build is never blocked.

    Args:
        settings: the configuration (offices, snapshot path, default report folder).
        office_code: the office to report.
        iso_week: the week, "YYYY-Www".
        out_dir: where to write (default: `report_dir` of the configuration).
        formats: any of "html", "pdf" and "xlsx".
        edition: "default", or "restricted" for the edition that names the persons with an alert.

    Raises:
        ConfigError: an office code the configuration does not have.
        ValueError: a malformed week, an unknown format or edition.
        WarehouseError: no snapshot yet (nothing synced and built).
    """
    office = settings.office(office_code)
    con = connect(settings.snapshot_path, read_only=True)
    try:
        report = build_weekly_report(con, office, iso_week, datetime.now(office.tz), edition=edition)
    finally:
        con.close()
    paths = write_report(report, out_dir or settings.report_dir, formats)
    return WrittenReport(paths, headline_markdown(report))
