"""When the flows run next: read from the Prefect server, or computed from the schedules' definitions.

`timpora status` uses this. Importing it imports Prefect, so the CLI imports it only inside the command
(and the imports are done before any timeout starts to count).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pandas as pd
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.sorting import FlowRunSort
from prefect.server.schemas import schedules as server_schedules
from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

from pipelines.flows.pipeline import build_warehouse, run_all, sync_sources, weekly_report

SERVER_TIMEOUT_SECONDS = 5.0


class ScheduleUnavailable(RuntimeError):
    """The Prefect server could not be asked for its scheduled runs."""


@dataclass(frozen=True)
class NextRun:
    """The next run of one deployment, or of one schedule of a deployment.

    `at` is in UTC, None when nothing is scheduled (a paused deployment); `timezone` is the clock
    the schedule runs on, where the time is shown too; `schedule` says how it repeats.
    """

    deployment: str
    flow: str
    at: datetime | None
    timezone: str = "UTC"
    schedule: str = ""


def describe(schedule: Any) -> str:
    """A short description of a Prefect interval, cron or rrule schedule: `every 15 min`, `cron 0 7 * * 1 …`."""
    if getattr(schedule, "interval", None) is not None:
        return f"every {_duration(schedule.interval)}"
    if getattr(schedule, "cron", None):
        return f"cron {schedule.cron} {schedule.timezone or 'UTC'}"
    if getattr(schedule, "rrule", None):
        return f"rrule {schedule.rrule} {schedule.timezone or 'UTC'}"
    return "no schedule"


def _duration(interval: timedelta) -> str:
    seconds = int(interval.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def next_fire(schedule: Any, now: datetime) -> datetime | None:
    """The first time at or after `now` that a Prefect schedule fires, in UTC (None: it never does).

    Takes the client-side schedule of a deployment (interval, cron or rrule, as `to_deployment`
    builds it) and computes with the Prefect server's own schedule classes, so cron timezones,
    daylight saving and interval anchors behave as they do on a server.
    """
    kind = {
        "IntervalSchedule": server_schedules.IntervalSchedule,
        "CronSchedule": server_schedules.CronSchedule,
        "RRuleSchedule": server_schedules.RRuleSchedule,
    }.get(type(schedule).__name__)
    if kind is None:
        return None
    dates = asyncio.run(kind.model_validate(schedule.model_dump()).get_dates(n=1, start=now))
    return dates[0].astimezone(UTC) if dates else None


def planned_runs(planned: Iterable[Any], now: datetime) -> list[NextRun]:
    """The next time each active schedule of these deployments fires at or after `now`, soonest first.

    `planned` holds Prefect runner deployments, as `pipelines.flows.pipeline.deployments()` returns them; a
    deployment with several schedules gives one row per schedule. An interval schedule without an
    anchor counts from when its deployment was built, as it would if it were served now.
    """
    rows = [
        NextRun(
            deployment.name,
            deployment.flow_name,
            next_fire(entry.schedule, now),
            entry.schedule.timezone or "UTC",
            describe(entry.schedule),
        )
        for deployment in planned
        for entry in deployment.schedules
        if entry.active
    ]
    return _soonest_first(rows)


def _soonest_first(rows: list[NextRun]) -> list[NextRun]:
    return sorted(rows, key=lambda row: (row.at is None, row.at or datetime.min.replace(tzinfo=UTC)))


def read_server_runs(api_url: str, timeout: float | None = None) -> list[NextRun]:
    """The next scheduled run of each Timpora deployment on the Prefect server at `api_url`, soonest first.

    `timeout` defaults to SERVER_TIMEOUT_SECONDS, read at call time.

    Raises:
        ScheduleUnavailable: the server did not answer within `timeout` seconds, or answered with an
            error (whatever went wrong: a status must never fail because of the scheduler).
    """
    timeout = SERVER_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        return asyncio.run(asyncio.wait_for(_read_server_runs(api_url, timeout), timeout))
    except TimeoutError as exc:
        raise _unavailable(api_url, f"no answer within {timeout:g} s") from exc
    except Exception as exc:  # connection refused, HTTP errors, an incompatible server
        raise _unavailable(api_url, f"{type(exc).__name__}: {exc}") from exc


def _unavailable(api_url: str, reason: str) -> ScheduleUnavailable:
    return ScheduleUnavailable(f"cannot reach the Prefect server at {display_url(api_url)} ({reason})")


def display_url(url: str) -> str:
    """The URL without a user name or password, to print."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


async def _read_server_runs(api_url: str, timeout: float) -> list[NextRun]:
    names = [flow.name for flow in (sync_sources, build_warehouse, weekly_report, run_all)]
    ours = FlowFilter(name=FlowFilterName(any_=names))
    scheduled = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
    # this server, never an ephemeral one; no retries with backoff: the whole read is bounded by `timeout`
    with temporary_settings({PREFECT_API_URL: api_url, PREFECT_CLIENT_MAX_RETRIES: 0}):
        async with get_client(httpx_settings={"timeout": timeout}) as client:
            flow_names = {flow.id: flow.name for flow in await client.read_flows(flow_filter=ours)}
            found = await client.read_deployments(flow_filter=ours)
            first_runs = await asyncio.gather(
                *(
                    client.read_flow_runs(
                        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                        flow_run_filter=scheduled,
                        sort=FlowRunSort.EXPECTED_START_TIME_ASC,
                        limit=1,
                    )
                    for deployment in found
                )
            )
    return server_runs(found, flow_names, first_runs)


def server_runs(found: Sequence[Any], flow_names: dict[Any, str], first_runs: Sequence[Sequence[Any]]) -> list[NextRun]:
    """Rows from a server's deployments, their flows' names and each deployment's first scheduled run (or none)."""
    rows = []
    for deployment, runs in zip(found, first_runs, strict=True):
        active = [entry.schedule for entry in deployment.schedules if entry.active]
        zones = {schedule.timezone or "UTC" for schedule in active}
        repeats = "paused" if deployment.paused else "; ".join(sorted({describe(s) for s in active})) or "no schedule"
        at = (runs[0].expected_start_time or runs[0].next_scheduled_start_time) if runs else None
        rows.append(
            NextRun(
                deployment.name,
                flow_names.get(deployment.flow_id, "?"),
                at.astimezone(UTC) if at else None,
                zones.pop() if len(zones) == 1 else "UTC",
                repeats,
            )
        )
    return _soonest_first(rows)


def as_frame(rows: Sequence[NextRun]) -> pd.DataFrame:
    """The rows as a table to print: the time on the schedule's own clock, labelled with its zone, and in UTC."""
    return pd.DataFrame(
        {
            "deployment": [row.deployment for row in rows],
            "flow": [row.flow for row in rows],
            "schedule": [row.schedule for row in rows],
            "next run (local)": [_local(row.at, row.timezone) for row in rows],
            "next run (UTC)": [f"{row.at:%Y-%m-%d %H:%M} UTC" if row.at else "none scheduled" for row in rows],
        }
    )


def _local(at: datetime | None, timezone: str) -> str:
    if at is None:
        return ""
    local = at.astimezone(ZoneInfo(timezone))
    zone = local.tzname() if local.tzname() == timezone else f"{local.tzname()} ({timezone})"
    return f"{local:%a %Y-%m-%d %H:%M} {zone}"
