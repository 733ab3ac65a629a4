"""Prefect flows: thin wrappers that run the pipeline's steps with retries, one task per source."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import ParamSpec, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron, Interval

from pipelines import steps
from pipelines.core.config import ScheduleSettings, load_config
from pipelines.core.errors import shape_only
from pipelines.core.locks import WarehouseBusy
from pipelines.flows.deployments import Schedule, plan, served
from pipelines.sources import SourceError

P = ParamSpec("P")
R = TypeVar("R")


def _without_cell_text(function: Callable[P, R]) -> Callable[P, R]:
    """Raise a shape-only exception in place of one whose text could quote a form's cell.

    Prefect keeps a failed task's exception text in its database (state message, logs, events), so
    a task never fails with such a text, nor with one chained to it.
    """

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except Exception as exc:
            if (failure := shape_only(exc)) is exc:
                raise
        raise failure  # out of the except block: the original is not its context

    return run


def _retry_when_source_unreachable(task, task_run, state) -> bool:
    """Retry reading a source (network, quota), never a sheet whose headers or config are wrong."""
    return isinstance(state.result(raise_on_failure=False), SourceError)


@task(retries=2, retry_delay_seconds=[5, 30], retry_condition_fn=_retry_when_source_unreachable, persist_result=False)
@_without_cell_text
def sync_source_task(config_path: str | None, source_name: str, full: bool = False) -> dict:
    """Sync one source; retried as a whole when the source cannot be read (the HTTP layer retries first).

    A sync that finds another sync or build still running waits for it, and past the wait skips (says so).
    """
    try:
        result = steps.sync_one(load_config(config_path), source_name, full=full)
    except WarehouseBusy as exc:
        get_run_logger().warning("%s", exc)
        return {"source_name": source_name, "skipped": str(exc)}
    get_run_logger().info(
        "source %s: %d fetched, %d new, %d changed, %d deleted, %d requests",
        result.source_name,
        result.rows_fetched,
        result.rows_new,
        result.rows_changed,
        result.rows_deleted,
        result.requests_made,
    )
    return asdict(result)


@flow(name="sync_sources", log_prints=False)
def sync_sources(config_path: str | None = None, source: str | None = None, full: bool = False) -> list[dict]:
    """Sync every configured source (or one), each as its own task; one failing source does not stop the rest."""
    settings = load_config(config_path)
    names = [source] if source else [s.name for s in settings.sources]
    # sources run one after another: DuckDB takes one writer at a time
    states = [sync_source_task(config_path, name, full, return_state=True) for name in names]
    failed = [name for name, state in zip(names, states, strict=True) if state.is_failed()]
    if source is None:
        read_followups_task(config_path)
    if failed:
        raise RuntimeError(f"sync failed for source(s): {', '.join(failed)}; see the task logs")
    return [state.result() for state in states]


@task(persist_result=False)
@_without_cell_text
def read_followups_task(config_path: str | None) -> list[dict]:
    """Read officers' edits on the offices' results sheets into the alert lifecycle."""
    return _office_outcomes("follow-up read", steps.read_followups(load_config(config_path)))


@task(persist_result=False)
@_without_cell_text
def publish_task(config_path: str | None) -> list[dict]:
    """Publish every office's results tabs; an office that fails is logged, the others still publish."""
    return _office_outcomes("publish", steps.publish(load_config(config_path)))


def _office_outcomes(action: str, outcomes: list[steps.OfficeOutcome]) -> list[dict]:
    logger = get_run_logger()
    for outcome in outcomes:
        if outcome.error:
            logger.error("%s %s: %s", action, outcome.office_code, outcome.error)
        else:
            logger.info("%s %s: %s", action, outcome.office_code, outcome.result)
    return [asdict(outcome) for outcome in outcomes]


@task(persist_result=False)
@_without_cell_text
def build_task(config_path: str | None, as_of: date | None) -> dict:
    """Rebuild staging and marts and publish the snapshot."""
    return asdict(steps.build(load_config(config_path), as_of))


@flow(name="build_warehouse")
def build_warehouse(config_path: str | None = None, as_of: date | None = None) -> dict:
    """Rebuild the warehouse from raw as of a date, then publish each office's results spreadsheet.

    Without a date, each office's alerts are assessed as of today in its own timezone.
    """
    result = build_task(config_path, as_of)
    get_run_logger().info("build: %s", {k: v for k, v in result.items() if k != "as_of"})
    if result["what_if_offices"]:  # a what-if leaves the officers' sheets alone, as it leaves the alert state
        get_run_logger().warning(
            "build as of %s is a what-if for %s: nothing published", as_of, result["what_if_offices"]
        )
    elif any(office.results for office in load_config(config_path).offices):
        result["published"] = publish_task(config_path)
    return result


@task(persist_result=False)
@_without_cell_text
def report_task(
    config_path: str | None,
    office: str,
    week: str,
    out_dir: str | None,
    formats: list[str],
    edition: str = "default",
    language: str = "id",
) -> dict:
    """Render one office's report; returns the paths written and the headline as markdown."""
    from pipelines.report.run import write_weekly_report

    written = write_weekly_report(
        load_config(config_path), office, week, Path(out_dir) if out_dir else None, formats, edition, language
    )
    return {"paths": {fmt: str(path) for fmt, path in written.paths.items()}, "markdown": written.markdown}


@flow(name="weekly_report")
def weekly_report(
    config_path: str | None = None,
    week: str | None = None,
    office: str | None = None,
    out_dir: str | None = None,
    formats: tuple[str, ...] = ("html", "pdf", "xlsx"),
    edition: str = "default",
    language: str = "id",
) -> dict[str, dict]:
    """Write the weekly rakor report for one office (or every office); publish the headline figures as markdown.

    Returns the paths written per office and format. The artifact holds each office's headline table
    and file names, never personal data, whatever the edition.
    """
    from pipelines.report.weekly import last_complete_week

    settings = load_config(config_path)
    offices = [office] if office else [o.code for o in settings.offices]
    written = {}
    sections = []
    for code in offices:
        iso_week = week or last_complete_week(settings.office(code))
        result = report_task(config_path, code, iso_week, out_dir, list(formats), edition, language)
        written[code] = result["paths"]
        files = ", ".join(f"`{Path(path).name}`" for path in result["paths"].values())
        sections.append(f"{result['markdown']}\n\nBerkas: {files}")
    create_markdown_artifact("\n\n".join(sections), key="weekly-report", description="Laporan mingguan Timpora")
    return written


@flow(name="run_all")
def run_all(
    config_path: str | None = None,
    as_of: date | None = None,
    week: str | None = None,
    out_dir: str | None = None,
    full: bool = False,
) -> dict:
    """Sync every source, rebuild, then write every office's report."""
    synced = sync_sources(config_path, full=full)
    built = build_warehouse(config_path, as_of)
    reports = weekly_report(config_path, week=week, out_dir=out_dir)
    return {"synced": synced, "built": built, "reports": reports}


def deployments(
    config_path: str | None = None, sync_minutes: int | None = None, report_cron: str | None = None
) -> list:
    """The deployments `timpora serve` serves: prefect.yaml's, with each office's weekly report on its own.

    Planned from the config's `[schedule]` and offices by `pipelines.flows.deployments`; `sync_minutes`
    and `report_cron`, when given, stand in for the config's values.
    """
    settings = load_config(config_path)
    overrides = {"sync_minutes": sync_minutes, "report_cron": report_cron}
    when = ScheduleSettings.model_validate(
        settings.schedule.model_dump() | {key: value for key, value in overrides.items() if value is not None}
    )
    flows = {flow.name: flow for flow in (sync_sources, build_warehouse, weekly_report)}
    # a run still going when the next one is due: the new one is cancelled (the lock would make it wait)
    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    return [
        flows[planned.flow].to_deployment(
            planned.name,
            description=planned.description,
            schedules=[_schedule(entry) for entry in planned.schedules],
            parameters={"config_path": config_path, **planned.parameters},
            concurrency_limit=one_at_a_time if planned.one_at_a_time else None,
        )
        for planned in served(plan(settings.model_copy(update={"schedule": when})))
    ]


def _schedule(planned: Schedule) -> Cron | Interval:
    if planned.interval_minutes is not None:
        return Interval(timedelta(minutes=planned.interval_minutes))
    return Cron(planned.cron, timezone=planned.timezone)
