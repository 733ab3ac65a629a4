"""`timpora quality`: rejects, and the share of each coded field's values each match method read, per source."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import COMPLAINT_HEADERS, COMPLAINT_ROW, TEST_PSEUDONYM_KEY, file_source, write_config, write_csv
from pipelines.cli import app
from pipelines.core.warehouse import connect

NATIONALITY = COMPLAINT_HEADERS.index("Kewarganegaraan")
CATEGORY = COMPLAINT_HEADERS.index("Jenis pengaduan")
COMPLAINTS = [  # nationality, category, description
    ("Nigeria", "Overstay", ""),
    ("Nigeria", "Lainnya", "bule kerja di tambak tanpa izin kerja"),
    ("Nigria", "lain-lain", "mohon dicek"),
    ("Atlantis", "visa turis tapi jualan", ""),
    ("", "Narkoba", ""),
]


def _invoke(config, *args):
    return CliRunner().invoke(app, ["--config", str(config), *args], env={"COLUMNS": "200"})


def test_quality__match_methods_and_their_share_per_source_and_field(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
    rows = []
    for minute, (nationality, category, description) in enumerate(COMPLAINTS):
        row = list(COMPLAINT_ROW)
        row[0] = row[0].replace("09:00", f"09:0{minute}")
        row[NATIONALITY], row[CATEGORY] = nationality, category
        rows.append([*row, description])
    path = write_csv(tmp_path / "complaints.csv", [*COMPLAINT_HEADERS, "Uraian kejadian"], rows)
    config = write_config(tmp_path, file_source("serang", path, kind="complaint", office="SERANG"))
    assert _invoke(config, "sync").exit_code == 0
    assert _invoke(config, "build", "--as-of", "2026-11-26").exit_code == 0
    con = connect(tmp_path / "wh_snapshot.duckdb", read_only=True)
    try:
        methods = con.execute(
            "select field, match_method, value_count, share_of_values from marts.match_methods "
            "where source_name = 'serang' and field in ('nationality', 'category') order by all"
        ).fetchall()
    finally:
        con.close()
    assert methods == [
        ("category", "alias", 2, 0.4),  # "lain-lain", "Narkoba"
        ("category", "description_text", 1, 0.2),
        ("category", "exact", 1, 0.2),
        ("category", "text", 1, 0.2),
        ("nationality", "fuzzy", 1, 0.25),
        ("nationality", "name", 2, 0.5),
        ("nationality", "rejected", 1, 0.25),  # the blank one is no value
    ]
    output = _invoke(config, "quality").output
    assert "match_method" in output and "description_text" in output
    assert "NATIONALITY_UNKNOWN" in output
