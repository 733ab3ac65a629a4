"""The benchmark's generator (bench/generate.py): the rows asked, the Ranai form's headers, deterministic."""

from __future__ import annotations

import csv
import datetime as dt

from bench.generate import rows_for_benchmark
from pipelines.demo.tables import OFFICE_BY_CODE


def test_rows_for_benchmark__writes_the_rows_asked(tmp_path):
    path = rows_for_benchmark(10_000, tmp_path / "bench.csv", seed=1)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [text for _, text in OFFICE_BY_CODE["RANAI"].lodging_headers]
    assert len(rows) == 10_001
    assert all(len(row) == len(rows[0]) for row in rows)
    stamps = [dt.datetime.strptime(row[0], "%d/%m/%Y %H.%M.%S") for row in rows[1:]]
    assert stamps == sorted(stamps)
    assert rows_for_benchmark(10_000, tmp_path / "again.csv", seed=1).read_bytes() == path.read_bytes()
