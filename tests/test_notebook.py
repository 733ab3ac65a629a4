"""The analyst notebook runs top to bottom against a real snapshot, so it never rots."""

from __future__ import annotations

from datetime import date

import nbformat
from nbclient import NotebookClient

from conftest import REPO
from pipelines import steps


def test_weekly_analysis_notebook_runs(lodging_settings, monkeypatch):
    settings, _ = lodging_settings
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, date(2026, 11, 26))
    monkeypatch.setenv("TIMPORA_SNAPSHOT", str(settings.snapshot_path))
    notebook = nbformat.read(REPO / "notebooks/weekly_analysis.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, startup_timeout=300, resources={"metadata": {"path": str(REPO / "notebooks")}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    alerts_output = notebook.cells[5].outputs[0]["data"]["text/plain"]
    assert "RANAI" in alerts_output and "OVERSTAY" in alerts_output
