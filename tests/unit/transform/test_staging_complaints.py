"""Staging of complaints: a category answered "Lainnya" or as free text is read from the text, the text kept."""

from __future__ import annotations

from conftest import COMPLAINT_HEADERS, COMPLAINT_ROW, file_source, write_config, write_csv
from pipelines.core.config import load_config
from pipelines.core.warehouse import connect
from pipelines.raw.sync import sync_source
from pipelines.transform.staging import build_staging

CATEGORY = COMPLAINT_HEADERS.index("Jenis pengaduan")


def _complaint(minute: int, category: str, description: str) -> list[str]:
    row = list(COMPLAINT_ROW)
    row[0] = row[0].replace("09:00", f"09:{minute:02d}")
    row[CATEGORY] = category
    return [*row, description]


def test_other_category__read_from_the_description_or_free_text_with_its_method(tmp_path):
    rows = [
        _complaint(1, "Lainnya", "WNA kerja di tambak udang, gak punya izin kerja"),
        _complaint(2, "Lainnya", "mohon dicek, ada tamu asing baru datang"),
        _complaint(3, "bule jualan pakai visa turis", ""),
        _complaint(4, "Overstay", "mabuk bikin onar tiap malam"),
        _complaint(5, "Lain-lain", "bukan narkoba, cuma obat flu"),
    ]
    csv_path = write_csv(tmp_path / "complaints.csv", [*COMPLAINT_HEADERS, "Uraian kejadian"], rows)
    settings = load_config(write_config(tmp_path, file_source("serang", csv_path, kind="complaint", office="SERANG")))
    con = connect(settings.warehouse)
    sync_source(con, settings, settings.sources[0])
    build_staging(con, settings)
    staged = con.execute(
        "select category, category_match_method, description from staging.complaints order by sheet_row_number"
    ).fetchall()
    assert staged == [
        ("ILLEGAL_WORK", "description_text", "WNA kerja di tambak udang, gak punya izin kerja"),
        ("OTHER", "exact", "mohon dicek, ada tamu asing baru datang"),
        ("PERMIT_MISUSE", "text", None),
        ("OVERSTAY", "exact", "mabuk bikin onar tiap malam"),
        ("OTHER", "alias", "bukan narkoba, cuma obat flu"),
    ]
