"""Next scheduled runs: computed from the schedules' definitions, or read from a Prefect server (`timpora status`)."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from prefect.client.schemas.objects import DeploymentSchedule, FlowRun
from prefect.client.schemas.responses import DeploymentResponse
from prefect.client.schemas.schedules import CronSchedule, IntervalSchedule
from prefect.states import Scheduled

from conftest import REPO, free_port
from pipelines.flows.pipeline import deployments
from pipelines.flows.schedule import (
    NextRun,
    ScheduleUnavailable,
    as_frame,
    display_url,
    next_fire,
    planned_runs,
    read_server_runs,
    server_runs,
)
from tests.unit.cli import test_cli

# the warehouse test_cli builds once per module, reused here
built_files, built, config = test_cli.built_files, test_cli.built, test_cli.config

THURSDAY_NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # 19:00 WIB
WEEKLY = "0 7 * * 1"


def test_next_fire__weekly_report_monday_0700_wib_is_midnight_utc():
    jakarta = CronSchedule(cron=WEEKLY, timezone="Asia/Jakarta")
    monday = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
    assert next_fire(jakarta, THURSDAY_NOON) == monday
    assert next_fire(jakarta, monday - timedelta(minutes=1)) == monday  # Monday 06:59 WIB
    assert next_fire(jakarta, monday) == monday  # at the instant itself: that run
    assert next_fire(jakarta, monday + timedelta(seconds=1)) == monday + timedelta(days=7)


def test_next_fire__office_in_makassar_fires_an_hour_earlier_on_sunday_utc():
    makassar = CronSchedule(cron=WEEKLY, timezone="Asia/Makassar")  # WITA, UTC+8
    assert next_fire(makassar, THURSDAY_NOON) == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)


def test_next_fire__nightly_reconcile_0130_wib_is_the_same_evening_in_utc():
    nightly = CronSchedule(cron="30 1 * * *", timezone="Asia/Jakarta")
    assert next_fire(nightly, THURSDAY_NOON) == datetime(2026, 11, 26, 18, 30, tzinfo=UTC)


def test_next_fire__interval_counts_from_its_anchor():
    every_15 = IntervalSchedule(interval=timedelta(minutes=15), anchor_date=datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
    assert next_fire(every_15, THURSDAY_NOON) == datetime(2026, 11, 26, 12, 5, tzinfo=UTC)
    assert next_fire(every_15, THURSDAY_NOON + timedelta(minutes=7)) == datetime(2026, 11, 26, 12, 20, tzinfo=UTC)


def test_planned_runs__every_deployment_of_the_repo_config_soonest_first():
    now = datetime.now(UTC)
    rows = planned_runs(deployments(str(REPO / "config/timpora.toml")), now)
    by_name = {row.deployment: row for row in rows}
    assert set(by_name) == {
        "sync", "nightly-reconcile", "build", "weekly-report-ranai", "weekly-report-pangkalpinang",
        "weekly-report-serang", "weekly-report-tanjungpandan", "weekly-report-samarinda",
    }  # fmt: skip
    assert [row.at for row in rows] == sorted(row.at for row in rows)
    assert all(row.at >= now for row in rows)
    # intervals count from when the deployments were built: the next sync is at most 15 minutes away
    assert by_name["sync"].at - now <= timedelta(minutes=15)
    assert (by_name["sync"].flow, by_name["sync"].schedule) == ("sync_sources", "every 15 min")
    assert by_name["build"].schedule == "every 1 h"
    samarinda, serang = by_name["weekly-report-samarinda"], by_name["weekly-report-serang"]
    assert (samarinda.timezone, samarinda.schedule) == ("Asia/Makassar", "cron 0 7 * * 1 Asia/Makassar")
    assert samarinda.at.weekday() == 6 and (samarinda.at.hour, samarinda.at.minute) == (23, 0)  # Sunday 23:00 UTC
    # an hour apart in their weekly cycle (between Sunday 23:00 and 00:00 UTC Serang's next run comes first)
    apart = timedelta(seconds=(serang.at - samarinda.at).total_seconds())
    assert apart % timedelta(days=7) == timedelta(hours=1)
    local = as_frame([samarinda]).loc[0, "next run (local)"]
    assert local.startswith("Mon ") and local.endswith(" 07:00 WITA (Asia/Makassar)")


def test_as_frame__local_time_labelled_with_its_zone_and_utc():
    frame = as_frame(
        [
            NextRun("weekly-report-ranai", "weekly_report", datetime(2026, 11, 30, tzinfo=UTC), "Asia/Jakarta", "x"),
            NextRun("sync", "sync_sources", datetime(2026, 11, 26, 12, 5, tzinfo=UTC)),
            NextRun("build", "build_warehouse", None, schedule="paused"),
        ]
    )
    assert frame["next run (local)"].tolist() == [
        "Mon 2026-11-30 07:00 WIB (Asia/Jakarta)",
        "Thu 2026-11-26 12:05 UTC",
        "",
    ]
    assert frame["next run (UTC)"].tolist() == ["2026-11-30 00:00 UTC", "2026-11-26 12:05 UTC", "none scheduled"]


def test_server_runs__first_run_per_deployment_in_its_schedules_zone():
    flow_id = uuid4()
    weekly = _deployment("weekly-report-samarinda", flow_id, CronSchedule(cron=WEEKLY, timezone="Asia/Makassar"))
    paused = _deployment("build", flow_id, IntervalSchedule(interval=timedelta(hours=1)), paused=True)
    at = datetime(2026, 11, 29, 23, tzinfo=UTC)
    run = FlowRun(flow_id=flow_id, state=Scheduled(scheduled_time=at), expected_start_time=at)  # as the server sets
    rows = server_runs([paused, weekly], {flow_id: "weekly_report"}, [[], [run]])
    assert rows == [
        NextRun(
            "weekly-report-samarinda",
            "weekly_report",
            datetime(2026, 11, 29, 23, tzinfo=UTC),
            "Asia/Makassar",
            "cron 0 7 * * 1 Asia/Makassar",
        ),
        NextRun("build", "weekly_report", None, "UTC", "paused"),
    ]


def _deployment(name, flow_id, schedule, paused=False) -> DeploymentResponse:
    entry = DeploymentSchedule(schedule=schedule, active=True, deployment_id=None)
    return DeploymentResponse(id=uuid4(), name=name, flow_id=flow_id, schedules=[entry], paused=paused)


def test_display_url__drops_credentials():
    assert display_url("https://admin:secret@prefect.example:4200/api") == "https://prefect.example:4200/api"
    assert display_url("http://127.0.0.1:4200/api") == "http://127.0.0.1:4200/api"


def test_read_server_runs__refused_connection_is_reported_within_the_timeout():
    url = f"http://127.0.0.1:{free_port()}/api"
    started = time.monotonic()
    with pytest.raises(ScheduleUnavailable, match=rf"cannot reach the Prefect server at {url} \("):
        read_server_runs(url, timeout=3)
    assert time.monotonic() - started < 5


def test_read_server_runs__silent_server_gives_up_after_the_timeout():
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api"
        started = time.monotonic()
        with pytest.raises(ScheduleUnavailable, match=r"no answer within 1 s"):
            read_server_runs(url, timeout=1)
        assert time.monotonic() - started < 3


def test_status__without_prefect_server_shows_next_runs_computed_from_the_definitions(built, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = test_cli.invoke(built, "status")
    assert result.exit_code == 0, result.output
    assert "no Prefect server configured" in result.output
    assert "computed from the schedule definitions" in result.output and "not read from a server" in result.output
    for name in ("sync", "nightly-reconcile", "build", "weekly-report-ranai", "weekly-report-serang"):
        assert f"│ {name} " in result.output, name
    assert "Mon " in result.output and " 07:00 WIB (Asia/Jakarta)" in result.output
    assert "cron 30 1 * * * Asia/Jakarta" in result.output and "every 15 min" in result.output


def test_status__unreachable_prefect_server_is_one_yellow_line(built):
    env = {"COLUMNS": "200", "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    result = test_cli.runner.invoke(test_cli.app, ["--config", str(built), "status"], env=env)
    assert result.exit_code == 0, result.output
    assert "next scheduled runs: cannot reach the Prefect server at http://127.0.0.1:9/api" in result.output
    assert "ranai_lodging" in result.output  # the rest of the status is there
    assert "weekly-report-ranai" not in result.output  # nothing computed locally instead
