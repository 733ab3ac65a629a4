"""The analyst notebook runs top to bottom against a real snapshot, so it never rots."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import duckdb
import nbformat
from nbclient import NotebookClient

from conftest import REPO
from pipelines import steps
from pipelines.report.weekly import build_weekly_report

# run after the notebook's own cells: hands the weekly table to the test as JSON
PROBE = "print(weekly.to_json(orient='records', date_format='iso'))"


def test_weekly_analysis_notebook_runs(lodging_settings, monkeypatch):
    settings, _ = lodging_settings
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, date(2026, 11, 26))
    monkeypatch.setenv("TIMPORA_SNAPSHOT", str(settings.snapshot_path))
    notebook = nbformat.read(REPO / "notebooks/weekly_analysis.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(
        notebook, timeout=300, startup_timeout=300, resources={"metadata": {"path": str(REPO / "notebooks")}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    alerts_output = notebook.cells[5].outputs[0]["data"]["text/plain"]
    assert "RANAI" in alerts_output and "OVERSTAY" in alerts_output

    # the notebook's weekly figures are the report's: all three foreigners stayed in week 47
    weekly = {(row["office_code"], row["iso_week"]): row for row in json.loads(notebook.cells[-1].outputs[0]["text"])}
    with duckdb.connect(str(settings.snapshot_path), read_only=True) as con:
        report = build_weekly_report(con, settings.office("RANAI"), "2026-W47", datetime(2026, 11, 26, tzinfo=UTC))
    week = weekly[("RANAI", "2026-W47")]
    assert week["foreigners_present"] == report.figure("foreigners_present").current == 3
    assert [week[item.key] for item in report.headline] == [item.current for item in report.headline]
