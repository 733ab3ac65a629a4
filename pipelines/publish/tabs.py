"""The three result tabs of an office's spreadsheet, as plain tables read from the warehouse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from pipelines.core.cells import neutralise_cell
from pipelines.core.config import RESULT_TABS, Office, Settings
from pipelines.core.warehouse import read_sql
from pipelines.vocabulary import INDONESIAN

ALERTS_TAB, WEEKLY_TAB, QUALITY_TAB = RESULT_TABS
# the follow-up columns officers edit, and the words of the Status dropdown per lifecycle status
ID_HEADER, STATUS_HEADER, OFFICER_HEADER, NOTE_HEADER = "ID Peringatan", "Status", "Petugas", "Catatan"
STATUS_WORDS = dict(INDONESIAN.alert_statuses)
# the area of each week's first row in `Ringkasan Mingguan`: the office's own figures, each person once
OFFICE_TOTAL_LABEL = "Seluruh wilayah kantor"
RESOLVED_REASONS = {
    "OFFICER": "Diselesaikan petugas",
    "ESCALATED": "Naik menjadi overstay",
    "KITAS_KITAP": "Beralih ke KITAS/KITAP",
    "EXTENDED": "Izin tinggal diperpanjang",
    "DEPARTED": "Sudah keluar/check-out",
    "NO_LONGER_DETECTED": "Tidak terdeteksi lagi",
}

Cell = str | int


@dataclass(frozen=True)
class Column:
    """One column of a tab: the query's field, its header, its width in pixels and how a value is shown."""

    field: str
    header: str
    width: int
    show: Callable[[Any], Cell] = lambda value: value


@dataclass(frozen=True)
class Tab:
    """A tab's whole content: a header row and rows of cells (text already neutralised, numbers as int)."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    dropdown: tuple[str, tuple[str, ...]] | None = None

    @property
    def header(self) -> tuple[str, ...]:
        """The header row."""
        return tuple(column.header for column in self.columns)


def cell(value: Any) -> Cell:
    """A value as a sheet cell: "" for none, ISO text for a date, int for a whole number, else safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "YA" if value else "TIDAK"
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_cell(str(value))


def _label(function: Callable[[str | None], str]) -> Callable[[Any], str]:
    return lambda code: "" if code is None else function(code)


def alert_columns(restricted: bool) -> tuple[Column, ...]:
    """The `Peringatan` columns; name and passport only for a restricted spreadsheet."""
    identity = (Column("full_name", "Nama", 200), Column("passport_number", "Nomor paspor", 130)) if restricted else ()
    return (
        Column("alert_id", ID_HEADER, 150),
        Column("alert_kind", "Jenis", 220, _label(INDONESIAN.alert_kind_label)),
        Column("kabkota_name", "Kabupaten/Kota", 170),
        Column("kecamatan_name", "Kecamatan", 150),
        Column("nationality_iso3", "Kewarganegaraan", 150, _label(INDONESIAN.nationality_label)),
        Column("permit_type", "Jenis izin tinggal", 190, _label(INDONESIAN.permit_type_label)),
        Column("permit_expiry_date", "Izin berakhir", 110),
        Column("days_overstayed", "Hari overstay", 100),
        Column("first_reported_on", "Pertama dilaporkan", 130),
        Column("last_reported_on", "Terakhir dilaporkan", 130),
        Column("person_id", "ID orang", 150),
        *identity,
        Column("resolved_reason", "Ditutup karena", 190, lambda code: RESOLVED_REASONS.get(code, code or "")),
        Column("status", STATUS_HEADER, 150, lambda status: STATUS_WORDS.get(status, status)),
        Column("officer", OFFICER_HEADER, 160),
        Column("note", NOTE_HEADER, 320),
    )


WEEKLY_COLUMNS = (
    Column("iso_week", "Minggu", 90),
    Column("week_start_date", "Mulai tanggal", 110),
    Column("kabkota_name", "Kabupaten/Kota", 170),
    Column("kecamatan_name", "Kecamatan", 150),
    Column("foreigners_present", "WNA hadir", 100),
    Column("new_arrivals", "Kedatangan baru", 120),
    Column("reports_received", "Laporan diterima", 120),
    Column("complaints_received", "Pengaduan diterima", 130),
)

QUALITY_COLUMNS = (
    Column("source_name", "Sumber", 160),
    Column("field", "Pertanyaan formulir", 220, _label(INDONESIAN.field_label)),
    Column("reason", "Masalah", 320, _label(INDONESIAN.reject_reason_label)),
    Column("rejects", "Jumlah", 80),
    Column("example_row_number", "Contoh baris", 100),
)


def table_rows(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> tuple[tuple[Cell, ...], ...]:
    """Query records as rows of cells in the columns' order."""
    return tuple(tuple(cell(column.show(record[column.field])) for column in columns) for record in records)


def _records(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = con.execute(read_sql(f"publish/{name}.sql"), params)
    fields = [description[0] for description in cursor.description]
    return [dict(zip(fields, row, strict=True)) for row in cursor.fetchall()]


def alerts_tab(con: duckdb.DuckDBPyConnection, office: Office, closed_since: date, restricted: bool) -> Tab:
    """Open alerts and those resolved since `closed_since`, with the follow-up columns and their dropdown."""
    columns = alert_columns(restricted)
    params = {"office_code": office.code, "closed_since": closed_since, "restricted": restricted}
    rows = table_rows(_records(con, "alerts", params), columns)
    return Tab(ALERTS_TAB, columns, rows, (STATUS_HEADER, tuple(STATUS_WORDS.values())))


def result_tabs(con: duckdb.DuckDBPyConnection, settings: Settings, office: Office, today: date) -> list[Tab]:
    """The office's three tabs as of `today` (its date): alerts, weekly summary, data quality."""
    restricted = office.results is not None and office.results.restricted
    closed_since = today - timedelta(days=settings.publish.closed_alert_days)
    weekly = _records(
        con,
        "weekly_summary",
        {"office_code": office.code, "weeks": settings.publish.summary_weeks, "office_total_label": OFFICE_TOTAL_LABEL},
    )
    quality = _records(con, "data_quality", {"office_code": office.code})
    return [
        alerts_tab(con, office, closed_since, restricted),
        Tab(WEEKLY_TAB, WEEKLY_COLUMNS, table_rows(weekly, WEEKLY_COLUMNS)),
        Tab(QUALITY_TAB, QUALITY_COLUMNS, table_rows(quality, QUALITY_COLUMNS)),
    ]
