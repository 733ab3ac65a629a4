"""Deployments planned from the config: prefect.yaml is what the config generates, and `timpora serve` agrees."""

from __future__ import annotations

import importlib
import re

import pytest
import yaml
from prefect.cli.deploy._models import PrefectYamlModel
from prefect.client.schemas.schedules import CronSchedule

from conftest import REPO, write_config
from pipelines.core.config import ConfigError, Settings, load_config
from pipelines.core.cron import valid_cron
from pipelines.flows import deployments as planning
from pipelines.flows.pipeline import deployments

REPO_CONFIG = REPO / "config/timpora.toml"


def _project(text: str) -> PrefectYamlModel:
    return PrefectYamlModel.model_validate(yaml.safe_load(text))


def _when(schedule) -> tuple:
    """Seconds between runs, or the cron and its timezone, of a schedule read from prefect.yaml or served."""
    interval = getattr(schedule, "interval", None)
    return (interval.total_seconds(),) if interval else (schedule.cron, schedule.timezone)


def test_prefect_yaml__is_what_the_repo_config_generates():
    generated = planning.render(load_config(REPO_CONFIG))
    assert (REPO / "prefect.yaml").read_text(encoding="utf-8") == generated, "run `make deployments`"


def test_prefect_yaml__agrees_with_the_deployments_timpora_serve_serves():
    """Each schedule of prefect.yaml is one served deployment: same name, flow, clock and parameters."""
    in_yaml = set()
    for deployment in _project((REPO / "prefect.yaml").read_text(encoding="utf-8")).deployments:
        for schedule in deployment.schedules:
            own = schedule.parameters or {}
            name = "-".join([deployment.name, *(str(value).lower() for value in own.values())])
            parameters = tuple(sorted({**(deployment.parameters or {}), **own}.items()))
            one_at_a_time = deployment.concurrency_limit is not None
            flow = deployment.entrypoint.rpartition(":")[2]
            in_yaml.add((name, flow, _when(schedule), parameters, one_at_a_time))
    served = set()
    for deployment in deployments(str(REPO_CONFIG)):
        [entry] = deployment.schedules
        parameters = tuple(sorted((k, v) for k, v in deployment.parameters.items() if k != "config_path"))
        one_at_a_time = deployment.concurrency_limit == 1
        served.add((deployment.name, deployment.flow_name, _when(entry.schedule), parameters, one_at_a_time))
    assert in_yaml == served
    samarinda = ("weekly-report-samarinda", "weekly_report", ("0 7 * * 1", "Asia/Makassar"), (("office", "SAMARINDA"),))
    assert (*samarinda, False) in served


def test_prefect_yaml__deploys_real_flows_for_every_configured_office():
    project = _project((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    for deployment in project.deployments:
        path, name = deployment.entrypoint.split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)
        assert set(deployment.parameters or {}) <= set(flow.parameters.properties), deployment.name
    weekly = next(d for d in project.deployments if d.name == "weekly-report")
    scheduled = {(s.parameters["office"], s.timezone, s.cron) for s in weekly.schedules}
    offices = load_config(REPO_CONFIG).offices
    assert scheduled == {(o.code, o.timezone, "0 7 * * 1") for o in offices}


def test_prefect_version__is_the_locked_one():
    locked = re.search(r"^prefect==(\S+)$", (REPO / "requirements.lock").read_text(), re.MULTILINE)
    assert planning.PREFECT_VERSION == locked.group(1)


def test_deployments__weekly_report_per_office_in_its_timezone(tmp_path):
    config = write_config(tmp_path)
    planned = deployments(str(config), sync_minutes=10)
    assert [d.name for d in planned] == [
        "sync", "nightly-reconcile", "build", "weekly-report-ranai", "weekly-report-serang",
    ]  # fmt: skip
    sync = planned[0].schedules[0].schedule
    assert sync.interval.total_seconds() == 600
    weekly = planned[3].schedules[0].schedule
    assert (weekly.cron, weekly.timezone) == ("0 7 * * 1", "Asia/Jakarta")
    assert planned[1].parameters == {"config_path": str(config), "full": True}
    assert planned[3].parameters == {"config_path": str(config), "office": "RANAI"}
    assert planned[0].concurrency_limit == 1
    assert planned[0].concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert planned[3].concurrency_limit is None


def test_deployments__follow_the_config_schedule(tmp_path):
    schedule = """
[schedule]
sync_minutes = 5
build_minutes = 30
reconcile_cron = "0 2 * * *"
reconcile_timezone = "Asia/Jayapura"
report_cron = "30 6 * * mon"
work_pool = "kanim"
"""
    config = write_config(tmp_path, extra=schedule)
    by_name = {d.name: d.schedules[0].schedule for d in deployments(str(config))}
    assert by_name["sync"].interval.total_seconds() == 300 and by_name["build"].interval.total_seconds() == 1800
    assert (by_name["nightly-reconcile"].cron, by_name["nightly-reconcile"].timezone) == ("0 2 * * *", "Asia/Jayapura")
    assert by_name["weekly-report-serang"].cron == "30 6 * * mon"
    text = planning.render(load_config(config))
    assert "prefect work-pool create kanim --type process" in text
    assert _project(text).deployments[0].work_pool.name == "kanim"
    assert "      - interval: 300\n" in text and '      - cron: "0 2 * * *"\n        timezone: Asia/Jayapura\n' in text


def test_render__office_codes_and_zones_read_back_as_written(tmp_path):
    offices = """
[[offices]]
code = "NO"
name = "An office whose code YAML 1.1 reads as false"
timezone = "Asia/Jayapura"

[[offices]]
code = "KANIM: 2"
name = "A code with YAML's indicators"
timezone = "America/Argentina/Buenos_Aires"
"""
    config = write_config(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + offices, encoding="utf-8")
    settings = load_config(config)
    text = planning.render(settings)
    assert text == planning.render(settings) and text.endswith("\n")
    weekly = _project(text).deployments[3]
    assert [(s.parameters["office"], s.timezone) for s in weekly.schedules] == [
        (o.code, o.timezone) for o in settings.offices
    ]


def test_render__config_without_offices_has_an_unscheduled_weekly_report():
    settings = Settings(offices=[])
    weekly = _project(planning.render(settings)).deployments[3]
    assert (weekly.name, weekly.schedules) == ("weekly-report", [])
    assert [d.name for d in planning.served(planning.plan(settings))] == ["sync", "nightly-reconcile", "build"]


@pytest.mark.parametrize(
    "setting, message",
    [
        ('report_cron = "0 7 * *"', "schedule.report_cron: Value error, cron '0 7 * *' has 4 fields, not five"),
        ('report_cron = "0 24 * * 1"', "the hour field '24' is outside 0-23"),
        ('reconcile_cron = "30 1 * * funday"', "the weekday field 'funday' is outside 0-7"),
        ('reconcile_cron = "*/0 * * * *"', "the minute field '*/0'"),
        ('reconcile_timezone = "Asia/Jakrta"', "unknown timezone 'Asia/Jakrta'"),
        ("sync_minutes = 0", "schedule.sync_minutes: Input should be greater than or equal to 1"),
        ('work_pool = "two words"', "schedule.work_pool: String should match pattern"),
        ("sync_every = 5", "schedule.sync_every: Extra inputs are not permitted"),
    ],
    ids=[
        "four-fields",
        "hour-24",
        "weekday-name",
        "step-zero",
        "zone-typo",
        "zero-minutes",
        "pool-space",
        "unknown-key",
    ],
)
def test_schedule_settings__bad_value_is_one_line(tmp_path, setting, message):
    config = write_config(tmp_path, extra=f"[schedule]\n{setting}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "cron", ["0 7 * * 1", "30 1 * * *", "*/15 * * * *", "0 7 * * MON", "0 0 1 jan,jul *", "0 9-17/2 * * mon-fri"]
)
def test_valid_cron__what_it_accepts_prefect_accepts(cron):
    assert valid_cron(cron) == cron
    assert CronSchedule(cron=cron, timezone="Asia/Jakarta").cron == cron


def test_main__writes_then_checks_the_file(tmp_path, capsys):
    config, out = write_config(tmp_path), tmp_path / "prefect.yaml"
    assert planning.main(["--config", str(config), "--out", str(out), "--check"]) == 1  # not written yet
    assert planning.main(["--config", str(config), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == planning.render(load_config(config))
    assert out.stat().st_mode & 0o777 == 0o644
    assert planning.main(["--config", str(config), "--out", str(out), "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("interval: 900", "interval: 600"), encoding="utf-8")
    assert planning.main(["--config", str(config), "--out", str(out), "--check"]) == 1
    assert f"{out} is not what the config generates" in capsys.readouterr().out


def test_main__bad_config_is_one_line_without_traceback(tmp_path, capsys):
    config = write_config(tmp_path, extra='[schedule]\nreport_cron = "monday"\n')
    assert planning.main(["--config", str(config), "--out", str(tmp_path / "prefect.yaml")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "report_cron" in error and "Traceback" not in error
    assert not (tmp_path / "prefect.yaml").exists()
