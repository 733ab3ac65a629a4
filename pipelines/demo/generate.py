"""Generate the bundled demo: realistic Google Forms exports of five Kanim, and the truth behind them.

The demo covers the 12 ISO weeks ending at `end_date`. Each office gets a lodging sheet (hotels and
sponsors report foreigners staying) and a complaint sheet (the public reports foreigners), written as
the office's Google Sheet would be downloaded: the office's own question wording, the sheet locale's
timestamp format, dates typed several ways, names and countries spelled as people type them, and a
small share of deliberately unreadable values. `truth.csv` holds what a perfect normaliser would read
from every written row, so normalisation accuracy can be measured.

truth.csv, one row per data row of every sheet (`source_name`, `sheet_row_number` from 2 as in the
sheet, empty rows included): `kind`, `office_code`, `is_garbage` ("true"/"false") and `garbage_field`
(the spoiled field, "*" for a cleared row), `submitted_at` (ISO with the office's UTC offset),
`person_key` (the true person; complaints only when the subject is a known lodger), `stay_key`
(lodging: one stay, shared by duplicate reports), `passport_number` (canonical), `nationality_iso3`,
`sex` (M/F), `kabkota_code`, `kecamatan_code`, `permit_type` (VISA_KUNJUNGAN, VOA, BEBAS_VISA, ITK,
KITAS, KITAP, LAINNYA), `permit_expiry_date`, `arrival_date`, `departure_date` (ISO dates),
`purpose` (WISATA, BEKERJA, KELUARGA, BISNIS, STUDI), complaints' `category` (as in
marts.complaints), `followup_status` (BARU, DITINDAKLANJUTI, SELESAI) and `incident_date`, and
`alert_kind` (OVERSTAY / EXPIRING_SOON on every row of a deliberately alerting person). A value is
blank where the form does not ask for it, the cell was left blank, or it was spoiled.

`alert_kind` is exactly what this rule finds per person over their lodging rows: the expiry of the
latest row that has one, and the last presence (latest submission, arrival or departure date up to
end_date); OVERSTAY when presence is after that expiry; EXPIRING_SOON when the expiry is 1 to 7 days
after end_date, the person was present within 30 days and has not checked out before end_date.
A blank check-out never hides or fakes an alert: visitors whose permit ends between 30 days before
and 7 days after end_date always have a written check-out before it.

Everything is drawn from `random.Random` instances seeded from `seed` (one per office and stage), so
the same `seed`, `end_date` and `scale` give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from pipelines.core.warehouse import make_folder
from pipelines.demo.forms import Row, complaint_row, finish_rows, lodging_row
from pipelines.demo.records import Window, make_window
from pipelines.demo.simulate import simulate_complaints, simulate_office
from pipelines.demo.tables import OFFICES, OfficeSpec

TRUTH_COLUMNS = (
    "source_name",
    "sheet_row_number",
    "kind",
    "office_code",
    "is_garbage",
    "garbage_field",
    "submitted_at",
    "person_key",
    "stay_key",
    "passport_number",
    "nationality_iso3",
    "sex",
    "kabkota_code",
    "kecamatan_code",
    "permit_type",
    "permit_expiry_date",
    "arrival_date",
    "departure_date",
    "purpose",
    "category",
    "followup_status",
    "incident_date",
    "alert_kind",
)
# truth column -> the form field it is read from (blank in truth when the form lacks the field)
TRUTH_FIELDS = {
    "passport_number": "passport_number",
    "nationality_iso3": "nationality",
    "sex": "sex",
    "kabkota_code": "kabkota",
    "kecamatan_code": "kecamatan",
    "permit_type": "permit_type",
    "permit_expiry_date": "permit_expiry_date",
    "arrival_date": "arrival_date",
    "departure_date": "departure_date",
    "purpose": "purpose",
    "category": "category",
    "followup_status": "followup_status",
    "incident_date": "incident_date",
}


@dataclass(frozen=True)
class DemoManifest:
    """What `generate_demo` wrote.

    Attributes:
        files: source name (as in config/timpora.toml) -> path of its CSV or XLSX file.
        truth: path of truth.csv, one row per written response row.
        rows: source name -> data rows written (header excluded, deliberate empty rows included).
    """

    files: dict[str, Path]
    truth: Path
    rows: dict[str, int]


def sheet_matrix(headers: Sequence[tuple[str, str]], rows: Sequence[Row]) -> list[list[str]]:
    """The header row and every row's cells in the form's column order."""
    matrix = [[text for _, text in headers]]
    matrix += [[row.cells.get(name, "") for name, _ in headers] for row in rows]
    return matrix


def write_csv(path: Path, matrix: list[list[str]]) -> None:
    """Write like a Sheets CSV download: UTF-8, CRLF, quotes only where needed."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(matrix)


def write_xlsx(path: Path, matrix: list[list[str]], sheet_name: str, created: dt.datetime) -> None:
    """Write every cell as text (typed values stay as typed) with fixed document properties."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": created, "author": "Timpora demo"})
    sheet = workbook.add_worksheet(sheet_name)
    for r, values in enumerate(matrix):
        for c, value in enumerate(values):
            if value:
                sheet.write_string(r, c, value)
    workbook.close()


def write_sheet(out_dir: Path, file_name: str, locale: str, matrix: list[list[str]], end: dt.date) -> Path:
    """Write a sheet as CSV or XLSX according to its file name."""
    path = out_dir / file_name
    if path.suffix == ".xlsx":
        sheet_name = "Form Responses 1" if locale == "en_US" else "Respons Formulir 1"
        write_xlsx(path, matrix, sheet_name, dt.datetime.combine(end, dt.time(23, 59)))
    else:
        write_csv(path, matrix)
    return path


def truth_records(source: str, kind: str, headers: Sequence[tuple[str, str]], rows: Sequence[Row]) -> list[dict]:
    """One truth record per written row; fields the form does not ask for are blank."""
    asked = {name for name, _ in headers}
    out = []
    for number, row in enumerate(rows, start=2):
        record = {column: "" for column in TRUTH_COLUMNS}
        record.update(row.extra)
        record.update(
            {
                "source_name": source,
                "sheet_row_number": str(number),
                "kind": kind,
                "is_garbage": row.extra.get("is_garbage", "false"),
            }
        )
        for column, form_field in TRUTH_FIELDS.items():
            record[column] = row.facts.get(form_field, "") if form_field in asked else ""
        out.append(record)
    return out


def write_truth(path: Path, records: Sequence[dict]) -> None:
    """Write truth.csv."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)


def office_sheets(spec: OfficeSpec, window: Window, seed: int, scale: float) -> list[tuple[str, str, list[Row]]]:
    """Simulate one office and render its two sheets: (kind, source name, rows)."""
    build = simulate_office(spec, window, seed, scale)
    complaints = simulate_complaints(build, seed)
    rng = random.Random(f"{seed}:{spec.code}:render")
    lodging = [lodging_row(rng, spec, report) for report in build.reports]
    complaint_rows = [complaint_row(rng, spec, c, window.end) for c in complaints]
    return [
        (
            "lodging",
            spec.lodging_source,
            finish_rows(rng, lodging, "lodging", spec.lodging_source, window.end),
        ),
        (
            "complaint",
            spec.complaint_source,
            finish_rows(rng, complaint_rows, "complaint", spec.complaint_source, window.end),
        ),
    ]


def generate_demo(out_dir: Path, end_date: dt.date, seed: int = 2026, scale: float = 1.0) -> DemoManifest:
    """Write the ten demo sheets of config/timpora.toml and truth.csv into out_dir.

    Args:
        out_dir: folder to write into (created if missing); files of the same names are replaced.
        end_date: the last day of data; the data spans the 12 ISO weeks ending with this day's week.
        seed: the random seed; the same seed, end_date and scale give byte-identical files (the XLSX
            document dates are fixed to end_date).
        scale: multiplies the weekly volumes (1.0: about 20–60 lodging reports and 0–6 complaints per
            office per week). The deliberate overstays and expiring permits are always there.

    Returns:
        The files written, the truth file and the data rows per source.
    """
    out_dir = Path(out_dir)
    make_folder(out_dir.parent)  # the warehouse's folder, say, where the analysts' snapshot must be reachable
    out_dir.mkdir(exist_ok=True)  # the form downloads themselves: owner-only, like any file with personal data
    window = make_window(end_date)
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    truth: list[dict] = []
    for spec in OFFICES:
        for kind, source, sheet_rows in office_sheets(spec, window, seed, scale):
            headers = spec.lodging_headers if kind == "lodging" else spec.complaint_headers
            file_name = spec.lodging_file if kind == "lodging" else spec.complaint_file
            files[source] = write_sheet(out_dir, file_name, spec.locale, sheet_matrix(headers, sheet_rows), end_date)
            rows[source] = len(sheet_rows)
            truth += truth_records(source, kind, headers, sheet_rows)
    truth_path = out_dir / "truth.csv"
    write_truth(truth_path, truth)
    return DemoManifest(files=files, truth=truth_path, rows=rows)
