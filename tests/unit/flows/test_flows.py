"""Prefect flows run end to end under one temporary Prefect server."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from conftest import (
    COMPLAINT_HEADERS,
    COMPLAINT_ROW,
    file_source,
    write_config,
    write_csv,
    write_results_config,
)
from tests.support.emulator import SheetsEmulator, write_service_account_key

EMAIL = "timpora@kanim-ranai.iam.gserviceaccount.com"
RESULTS_KEY = "1kanimRanaiHasil"


@pytest.mark.timeout(900)
def test_run_all__syncs_builds_and_reports(prefect_server, tmp_path, lodging_settings, monkeypatch):
    from pipelines import steps
    from pipelines.flows.pipeline import run_all

    # as of today: a what-if build for another date would publish nothing
    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))

    settings, csv_path = lodging_settings
    broken = write_csv(tmp_path / "broken.csv", COMPLAINT_HEADERS[:2], [["25/11/2026 09:00:00", "x"]])
    good = write_csv(
        tmp_path / "complaints.csv",
        COMPLAINT_HEADERS,
        [COMPLAINT_ROW],
    )
    sources = file_source("ranai_lodging", csv_path) + file_source(
        "serang_complaint", good, kind="complaint", office="SERANG"
    )
    with SheetsEmulator() as emulator:
        key_file = write_service_account_key(tmp_path / "sa.json", EMAIL, emulator.token_uri)
        emulator.add_spreadsheet(RESULTS_KEY, "Hasil", shared_with=[EMAIL])
        config = write_results_config(tmp_path, emulator, key_file, RESULTS_KEY, sources=sources)
        result = run_all(
            config_path=str(config), as_of=date(2026, 11, 26), week="2026-W48", out_dir=str(tmp_path / "out")
        )
        tabs = [sheet.title for sheet in emulator.spreadsheets[RESULTS_KEY].sheets]
    assert [r["rows_new"] for r in result["synced"]] == [3, 1]
    assert result["built"]["lodging_reports"] == 3 and result["built"]["complaints"] == 1
    # the build flow publishes the office's results after the build
    [published] = result["built"]["published"]
    assert published["error"] is None and published["result"]["tabs_written"]
    assert tabs == ["Peringatan", "Ringkasan Mingguan", "Kualitas Data"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "rakor_RANAI_2026-W48.html",
        "rakor_RANAI_2026-W48.pdf",
        "rakor_RANAI_2026-W48.xlsx",
        "rakor_SERANG_2026-W48.html",
        "rakor_SERANG_2026-W48.pdf",
        "rakor_SERANG_2026-W48.xlsx",
    ]

    # a source whose sheet lost a required column fails on its own; the others still sync
    from pipelines.flows.pipeline import sync_sources

    config = write_config(
        tmp_path,
        file_source("ranai_lodging", csv_path)
        + file_source("bad_complaint", broken, kind="complaint", office="SERANG"),
    )
    with pytest.raises(RuntimeError, match="bad_complaint"):
        sync_sources(config_path=str(config))


@pytest.mark.timeout(900)
def test_next_runs__read_from_the_prefect_server(prefect_server, monkeypatch, capsys):
    import asyncio
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import DeploymentScheduleCreate
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.settings import PREFECT_API_URL
    from prefect.states import Scheduled

    from pipelines.cli.status import print_next_runs
    from pipelines.flows import schedule
    from pipelines.flows.pipeline import build_warehouse, weekly_report
    from pipelines.flows.schedule import NextRun, next_fire, read_server_runs

    cron = CronSchedule(cron="0 7 * * 1", timezone="Asia/Jakarta")
    # the times the server's scheduler would pick too, should it schedule the deployment itself
    monday = next_fire(cron, datetime.now(UTC))

    @flow(name="other_project")
    def other_project() -> None:
        """A flow that is not Timpora's."""

    async def deploy_and_schedule() -> None:
        async with get_client() as client:
            weekly = await client.create_deployment(
                await client.create_flow(weekly_report),
                "weekly-report-next-runs",
                schedules=[DeploymentScheduleCreate(schedule=cron, active=True)],
            )
            for at in (monday + timedelta(days=7), monday):
                await client.create_flow_run_from_deployment(weekly, state=Scheduled(scheduled_time=at))
            await client.create_deployment(await client.create_flow(build_warehouse), "build-paused", paused=True)
            other = await client.create_deployment(await client.create_flow(other_project), "other")
            await client.create_flow_run_from_deployment(other, state=Scheduled(scheduled_time=monday))

    asyncio.run(deploy_and_schedule())
    api_url = PREFECT_API_URL.value()
    assert read_server_runs(api_url, timeout=60) == [
        NextRun("weekly-report-next-runs", "weekly_report", monday, "Asia/Jakarta", "cron 0 7 * * 1 Asia/Jakarta"),
        NextRun("build-paused", "build_warehouse", None, "UTC", "paused"),
    ]
    monkeypatch.setenv("PREFECT_API_URL", api_url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(schedule, "SERVER_TIMEOUT_SECONDS", 60)  # a loaded CI machine, not the 5 s a user waits
    print_next_runs(None)  # what `timpora status` prints after the rest
    printed = capsys.readouterr().out
    assert f"next scheduled runs, read from the Prefect server {api_url}" in printed
    assert f"Mon {monday.astimezone(ZoneInfo('Asia/Jakarta')):%Y-%m-%d} 07:00 WIB (Asia/Jakarta)" in printed
    assert "none scheduled" in printed and "│ other " not in printed and "other_project" not in printed


@pytest.mark.timeout(900)
def test_build_warehouse__refuses_another_pseudonym_key(prefect_server, tmp_path, lodging_settings, monkeypatch):
    from pipelines import steps
    from pipelines.core.config import load_config
    from pipelines.core.warehouse import connect
    from pipelines.flows.pipeline import build_warehouse

    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))
    _, csv_path = lodging_settings
    config = write_config(tmp_path, file_source("ranai_lodging", csv_path))
    settings = load_config(config)
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, date(2026, 11, 26))
    # a scheduler given another key: the flow fails with the refusal, the warehouse stays as it was
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", "another-pseudonym-key-0123456789abcdef")
    state = build_warehouse(config_path=str(config), return_state=True)
    assert state.is_failed()
    with pytest.raises(Exception, match="differs from the one this warehouse was built with") as refused:
        state.result()
    assert "timpora build --rotate-key" in str(refused.value)
    assert type(refused.value).__name__ == "PseudonymKeyChanged" and refused.value.__context__ is None
    for cell in ("Li Wei", "E12345678", "Hotel Natuna"):
        assert cell not in f"{state.message} {refused.value}"
    con = connect(settings.warehouse, read_only=True)
    try:
        assert con.execute("select status from state.builds").fetchall() == [("ok",)]
    finally:
        con.close()
