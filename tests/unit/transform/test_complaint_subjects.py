"""Complaint subjects: an answer that names nobody gets no pseudonym; a named person keeps one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import AS_OF, given_rows
from pipelines.core.warehouse import read_sql
from pipelines.marts.build import build_marts

UNKNOWN = ["tidak diketahui", "Tidak tahu", "TDK TAU", "-", "?", "n/a", "N/A", "anonim", "Tidak ada", "tanpa nama",
           "orang asing (laki-laki)", "bule", "Unknown", "x", "Li", "  "]  # fmt: skip


def given_complaints(con, subjects: list[str]) -> None:
    given_rows(
        con,
        "staging.complaints",
        [
            {
                "source_name": "serang_complaint",
                "office_code": "SERANG",
                "response_key": f"r{number}",
                "raw_version": 1,
                "sheet_row_number": number,
                "submitted_at": datetime(2026, 11, 20, 3, number, tzinfo=UTC),
                "submitted_date": datetime(2026, 11, 20).date(),
                "subject_name": subject,
                "nationality_iso3": "NGA",
                "category": "OVERSTAY",
                "kabkota_code": "36.73",
                "followup_status": "BARU",
            }
            for number, subject in enumerate(subjects, start=2)
        ],
    )


@pytest.mark.parametrize("subject", UNKNOWN)
def test_complaint_subject__unknown_answer_gets_no_pseudonym(warehouse, subject):
    settings, con = warehouse
    given_complaints(con, [subject, subject])
    build_marts(con, settings, AS_OF)
    assert con.execute("select count(*), count(subject_id) from marts.complaints").fetchone() == (2, 0)


def test_complaint_subject__unknown_answers_are_no_repeat_target(warehouse):
    settings, con = warehouse
    given_complaints(con, [*UNKNOWN, "John Doe", "JOHN  DOE", "Ada Lovelace", "Adaeze Okafor"])
    build_marts(con, settings, AS_OF)
    ids = dict(con.execute("select complaint_id, subject_id from marts.complaints").fetchall())
    targets = con.execute(read_sql("queries/repeat_complaint_targets.sql")).fetchall()
    assert len(ids) == len(UNKNOWN) + 4 and len(set(ids.values()) - {None}) == 3
    assert [(office, complaints) for office, _, _, complaints, *_ in targets] == [("SERANG", 2)]


def test_complaint_id__keyed_not_a_hash_of_the_form_row(warehouse):
    """An unkeyed hash of source and form timestamp could be recomputed from the form sheet."""
    settings, con = warehouse
    given_complaints(con, ["John Doe"])
    build_marts(con, settings, AS_OF)
    (complaint_id,) = con.execute("select complaint_id from marts.complaints").fetchone()
    assert len(complaint_id) == 16
    assert complaint_id != con.execute("select left(md5('serang_complaint|r2'), 16)").fetchone()[0]
