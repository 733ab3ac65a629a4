"""The `timpora alerts` group: list the overstay alerts, acknowledge one, resolve one."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from pipelines.alerts.lifecycle import STATUSES, AlertError, change_status, list_alerts
from pipelines.cli.context import no_warehouse, open_for_reading, settings_of
from pipelines.cli.output import check_format, console, exits_on, fail, frame_records, print_rows, say
from pipelines.core.config import ConfigError, Settings
from pipelines.core.warehouse import WarehouseError, connect, fetch_first

alerts_app = typer.Typer(help="Overstay alerts: list them, acknowledge, resolve.", no_args_is_help=False)


STATUS_CHOICES = {"open": ["OPEN", "ACKNOWLEDGED"], "all": list(STATUSES)}


@alerts_app.callback(invoke_without_command=True)
def alerts(
    ctx: typer.Context,
    office: Annotated[str | None, typer.Option(help="only this office's alerts")] = None,
    status: Annotated[
        str, typer.Option(help="open (OPEN and ACKNOWLEDGED), OPEN, ACKNOWLEDGED, RESOLVED or all")
    ] = "open",
    format: Annotated[
        str, typer.Option("--format", help="table (fits 80 columns), csv or json (every column)")
    ] = "table",
) -> None:
    """List alerts, most urgent first (pseudonymous person ids; names only in the restricted report)."""
    settings = settings_of(ctx)
    if office:
        _office_or_exit(settings, office)
    if ctx.invoked_subcommand:  # `alerts --office X ack ID` acts only on office X's alerts
        ctx.obj["alerts_office"] = office
        return
    check_format(format)
    statuses = STATUS_CHOICES.get(status.lower(), [part.strip().upper() for part in status.split(",")])
    con, _ = open_for_reading(settings)
    try:
        if not _has_marts(con):
            raise fail("no alerts yet: the warehouse has not been built; run `timpora build` first", 1)
        with exits_on(AlertError):
            frame = list_alerts(con, office, statuses)
    finally:
        con.close()
    records = frame_records(frame)
    if format != "table":
        print_rows(list(frame.columns), [tuple(record.values()) for record in records], format)
    elif not records:
        say(f"no alerts with status {', '.join(statuses)}")
    else:
        console.print(_alerts_table(records, show_office=not office and len(settings.offices) > 1))


def _alerts_table(records: list[dict], show_office: bool) -> Table:
    """Alerts in a table for an 80-column terminal: few columns, long text wrapped, the id always whole.

    The office goes under the id (when alerts of several offices are listed); the kind is shown with
    spaces (`VISA FREE LIMIT`) so it wraps between words; csv and json keep every column as it is.
    """
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
    table.add_column("id" + (" / office" if show_office else ""), no_wrap=True, min_width=16)
    table.add_column("alert", min_width=12, overflow="fold")
    table.add_column("days", no_wrap=True, justify="right")
    table.add_column("where", ratio=3, overflow="fold")
    table.add_column("follow-up", ratio=2, overflow="fold")
    for alert in records:
        days = f"{alert['days_over']} over" if alert["days_over"] is not None else f"{alert['days_left']} left"
        permit = " ".join(str(alert[key]) for key in ("nationality", "permit") if alert[key])
        until = f" until {alert['until']}" if alert["until"] else ""
        followup = ": ".join(str(alert[key]) for key in ("by", "note") if alert[key])
        cells = [alert["alert_id"] + (f"\n{alert['office']}" if show_office else "")]
        cells += [f"{str(alert['kind']).replace('_', ' ')}\n{alert['status']}", days]
        cells += [f"{alert['district'] or ''}\n{permit}{until}"]
        cells += [f"raised {alert['raised']}" + (f"\n{followup}" if followup else "")]
        table.add_row(*[Text(str(cell)) for cell in cells])
    return table


@alerts_app.command("ack")
def alerts_ack(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(help="alert id (the first 4 or more characters are enough)")],
    by: Annotated[str, typer.Option("--by", help="officer's name")],
    note: Annotated[str | None, typer.Option(help="what is being done")] = None,
) -> None:
    """Acknowledge an alert: a team is on it."""
    _change_alert(ctx, alert_id, "ACKNOWLEDGED", by, note)


@alerts_app.command("resolve")
def alerts_resolve(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(help="alert id (the first 4 or more characters are enough)")],
    by: Annotated[str, typer.Option("--by", help="officer's name")],
    note: Annotated[str | None, typer.Option(help="outcome, e.g. a deportation or fine decision")] = None,
) -> None:
    """Resolve an alert; later builds never reopen it."""
    _change_alert(ctx, alert_id, "RESOLVED", by, note)


def _change_alert(ctx: typer.Context, alert_id: str, to_status: str, by: str, note: str | None) -> None:
    settings = settings_of(ctx)
    if not settings.warehouse.exists():
        raise fail(no_warehouse(settings), 1)
    with exits_on(WarehouseError, code=1):
        con = connect(settings.warehouse)
    try:
        with exits_on(AlertError):
            change = change_status(con, alert_id, to_status, by, note, office=ctx.obj.get("alerts_office"))
    finally:
        con.close()
    say(f"alert {change.alert_id} ({change.office_code}): {change.from_status} → {change.to_status} by {by}")


def _office_or_exit(settings: Settings, office: str) -> None:
    with exits_on(ConfigError):
        settings.office(office)


def _has_marts(con) -> bool:
    return fetch_first(con, "select count(*) from information_schema.tables where table_schema = 'marts'")[0] > 0
