"""The flows' deployments, planned from the config's `[schedule]` and offices, and prefect.yaml rendered from them.

`timpora serve` serves the plan (`pipelines.flows.pipeline.deployments`); `prefect deploy --all` reads
prefect.yaml, which `make deployments` (`python -m pipelines.flows.deployments`) writes from the same plan.
Nothing here imports Prefect.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core.config import ConfigError, Settings, load_config

FLOWS_MODULE = "pipelines/flows/pipeline.py"
PREFECT_YAML = Path("prefect.yaml")
# the Prefect release whose prefect.yaml fields this writes; a test keeps it equal to requirements.lock's
PREFECT_VERSION = "3.9.1"
# YAML 1.1 reads these bare words as booleans or null: an office coded NO stays a string only in quotes
YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
PLAIN = re.compile(r"[A-Za-z][\w./+-]*")

HEADER = """\
# Generated from the config's [schedule] and [[offices]] by `make deployments`
# (python -m pipelines.flows.deployments): edit the config and regenerate, not this file.
#
# Deployments of the Timpora flows for a Prefect server with a process work pool:
#   prefect work-pool create {pool} --type process
#   prefect deploy --all                 # from this folder, with PREFECT_API_URL set
#   prefect worker start --pool {pool}  # on every machine that runs flows (same checkout and config)
# One process can serve the same schedules without a work pool: `timpora serve`.
name: timpora
prefect-version: {version}

pull:
  - prefect.deployments.steps.set_working_directory:
      directory: "{{{{ $TIMPORA_HOME }}}}"

definitions:
  work_pool: &pool
    name: {pool}
    work_queue_name: default
  one_at_a_time: &one_at_a_time
    limit: 1
    collision_strategy: CANCEL_NEW

deployments:"""


@dataclass(frozen=True)
class Schedule:
    """When a deployment runs: every `interval_minutes`, or on `cron` in `timezone`; `parameters` override its own."""

    cron: str | None = None
    timezone: str | None = None
    interval_minutes: int | None = None
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Deployment:
    """A deployment of one flow of `pipelines/flows/pipeline.py` (`flow` names both its function and the flow).

    `one_at_a_time`: a run due while the previous one still runs is cancelled (the writer lock would make
    it wait). `per_schedule`: `timpora serve` serves each schedule as a deployment of its own.
    """

    name: str
    flow: str
    description: str
    schedules: tuple[Schedule, ...]
    parameters: dict = field(default_factory=dict)
    one_at_a_time: bool = False
    per_schedule: bool = False

    @property
    def entrypoint(self) -> str:
        """Where a worker loads the flow from, relative to the checkout."""
        return f"{FLOWS_MODULE}:{self.flow}"


def plan(settings: Settings) -> list[Deployment]:
    """The deployments of an unattended install, as prefect.yaml declares them.

    Incremental syncs every `sync_minutes`, a nightly full reconcile, a rebuild every `build_minutes`,
    and the weekly report: one schedule per office, on `report_cron` in the office's own timezone
    (a config without offices gets the deployment without schedules).
    """
    when = settings.schedule
    reports = tuple(
        Schedule(cron=when.report_cron, timezone=office.timezone, parameters={"office": office.code})
        for office in settings.offices
    )
    return [
        Deployment(
            "sync",
            "sync_sources",
            f"Incremental sync of every source, every {when.sync_minutes} minutes; "
            "a run that would overlap is cancelled.",
            (Schedule(interval_minutes=when.sync_minutes),),
            {"full": False},
            one_at_a_time=True,
        ),
        Deployment(
            "nightly-reconcile",
            "sync_sources",
            f"Full read of every sheet (cron {when.reconcile_cron}, {when.reconcile_timezone}), "
            "to reconcile edits and deletions.",
            (Schedule(cron=when.reconcile_cron, timezone=when.reconcile_timezone),),
            {"full": True},
            one_at_a_time=True,
        ),
        Deployment(
            "build",
            "build_warehouse",
            f"Rebuild staging and marts every {when.build_minutes} minutes, publish the analysts' snapshot "
            "and each office's results sheet, announce new alerts.",
            (Schedule(interval_minutes=when.build_minutes),),
            one_at_a_time=True,
        ),
        Deployment(
            "weekly-report",
            "weekly_report",
            f"Weekly rakor report of each office (cron {when.report_cron}, on the office's own clock).",
            reports,
            {"office": None},  # run by hand: every office
            per_schedule=True,
        ),
    ]


def served(planned: list[Deployment]) -> list[Deployment]:
    """The plan as `timpora serve` serves it: each schedule of a `per_schedule` deployment on its own.

    Such a schedule becomes the deployment `<name>-<its parameters' values in lower case>`
    (`weekly-report-samarinda`), with those parameters, so `timpora status` lists each office's run.
    """
    result = []
    for deployment in planned:
        if not deployment.per_schedule:
            result.append(deployment)
            continue
        for schedule in deployment.schedules:
            suffix = "-".join(str(value).lower() for value in schedule.parameters.values())
            result.append(
                Deployment(
                    f"{deployment.name}-{suffix}",
                    deployment.flow,
                    deployment.description,
                    (Schedule(schedule.cron, schedule.timezone, schedule.interval_minutes),),
                    {**deployment.parameters, **schedule.parameters},
                    deployment.one_at_a_time,
                )
            )
    return result


def render(settings: Settings) -> str:
    """prefect.yaml for this config: the same text for the same config, ending in a newline."""
    pool = _scalar(settings.schedule.work_pool)
    lines = [HEADER.format(pool=pool, version=PREFECT_VERSION)]
    for deployment in plan(settings):
        lines += _deployment_lines(deployment)
    return "\n".join(lines).rstrip("\n") + "\n"


def _deployment_lines(deployment: Deployment) -> list[str]:
    lines = [
        f"  - name: {_scalar(deployment.name)}",
        f"    description: {json.dumps(deployment.description, ensure_ascii=False)}",
        f"    entrypoint: {deployment.entrypoint}",
    ]
    if deployment.parameters:
        lines.append(f"    parameters: {_mapping(deployment.parameters)}")
    lines.append("    schedules:" if deployment.schedules else "    schedules: []")
    for schedule in deployment.schedules:
        lines += _schedule_lines(schedule)
    if deployment.one_at_a_time:
        lines.append("    concurrency_limit: *one_at_a_time")
    return [*lines, "    work_pool: *pool", ""]


def _schedule_lines(schedule: Schedule) -> list[str]:
    if schedule.interval_minutes is not None:
        fields = [f"interval: {schedule.interval_minutes * 60}"]
    else:
        fields = [f"cron: {json.dumps(schedule.cron)}", f"timezone: {_scalar(schedule.timezone)}"]
    if schedule.parameters:
        fields.append(f"parameters: {_mapping(schedule.parameters)}")
    return [f"      - {fields[0]}", *(f"        {line}" for line in fields[1:])]


def _mapping(values: dict) -> str:
    return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in values.items()) + "}"


def _scalar(value: object) -> str:
    """A YAML scalar: bare where YAML reads it back as the same string, else JSON's double quotes."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Write prefect.yaml from the config, or with `--check` say whether it is current (exit 1 if not)."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.flows.deployments", description=main.__doc__)
    parser.add_argument("--config", help="the config (default: $TIMPORA_CONFIG, else config/timpora.toml)")
    parser.add_argument("--out", type=Path, default=PREFECT_YAML, help="where to write (default: prefect.yaml)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the file is not current")
    args = parser.parse_args(argv)
    try:
        text = render(load_config(args.config))
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if args.check or current == text:
            changed = current != text
            print(f"{args.out} {'is not what the config generates' if changed else 'is current'}")
            return 1 if changed else 0
        args.out.write_text(text, encoding="utf-8")
        args.out.chmod(0o644)  # the workers' checkout and the repository share it, whatever the umask
    except (ConfigError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{args.out} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
