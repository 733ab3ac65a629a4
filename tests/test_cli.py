"""The `timpora` command line on a small file source: sync, build, sql, status, report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import COMPLAINT_HEADERS, COMPLAINT_ROW, file_source, write_config, write_csv
from pipelines.cli import app

runner = CliRunner()


@pytest.fixture
def config(tmp_path, lodging_settings):
    settings, csv_path = lodging_settings
    complaints = write_csv(
        tmp_path / "complaints.csv",
        COMPLAINT_HEADERS,
        [COMPLAINT_ROW],
    )
    sources = file_source("ranai_lodging", csv_path) + file_source(
        "serang_complaint", complaints, kind="complaint", office="SERANG"
    )
    return write_config(tmp_path, sources)


def invoke(config, *args):
    result = runner.invoke(app, ["--config", str(config), *args], env={"COLUMNS": "200"})
    return result


def test_sync_build_sql_status(config):
    assert invoke(config, "sync").exit_code == 0
    built = invoke(config, "build", "--as-of", "2026-11-26")
    assert built.exit_code == 0, built.output
    assert "3 lodging reports, 1 complaints" in built.output
    result = invoke(
        config, "sql", "select office_code, count(*) as n from marts.complaints group by all", "--format", "json"
    )
    assert json.loads(result.output) == [{"office_code": "SERANG", "n": 1}]
    status = invoke(config, "status")
    assert status.exit_code == 0 and "ranai_lodging" in status.output and "serang_complaint" in status.output


def test_sql_refuses_writes(config):
    invoke(config, "sync")
    invoke(config, "build", "--as-of", "2026-11-26")
    for statement in (
        "delete from marts.persons",
        "drop table marts.persons",
        "select 1; delete from marts.persons",
        "attach 'x.duckdb' as x",
        "select * from read_csv('/etc/passwd')",
        "copy (select 1) to 'out.csv'",
    ):
        result = invoke(config, "sql", statement)
        assert result.exit_code == 2, statement
        assert "read-only" in result.output or "refused" in result.output
    count = invoke(config, "sql", "select count(*) as n from marts.persons", "--format", "json")
    assert json.loads(count.output)[0]["n"] == 3


def test_quality_lists_rejects_by_source_field_and_reason(config, tmp_path):
    invoke(config, "sync")
    invoke(config, "build", "--as-of", "2026-11-26")
    assert "no rejected values" in invoke(config, "quality").output
    csv_path = tmp_path / "ranai.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("Tiongkok", "Atlantis"), encoding="utf-8")
    invoke(config, "sync")
    invoke(config, "build", "--as-of", "2026-11-26")
    output = invoke(config, "quality").output
    assert "ranai_lodging" in output and "nationality" in output and "NATIONALITY_UNKNOWN" in output
    assert "Atlantis" not in output  # raw values stay in staging.rejects, not in the summary


def test_report_writes_html_and_xlsx(config, tmp_path):
    invoke(config, "sync")
    invoke(config, "build", "--as-of", "2026-11-26")
    result = invoke(config, "report", "--week", "2026-W48", "--office", "RANAI", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "rakor_RANAI_2026-W48.html").is_file()
    assert (tmp_path / "out" / "rakor_RANAI_2026-W48.xlsx").is_file()


def test_bad_config__clear_error(tmp_path):
    result = runner.invoke(app, ["--config", str(tmp_path / "missing.toml"), "status"])
    assert result.exit_code == 2
    assert "config file not found" in result.output
