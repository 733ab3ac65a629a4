"""Announce new alerts on the configured channels (apprise: email, Telegram, WhatsApp gateways, webhooks).

Each alert is announced once per channel; a channel that cannot be reached keeps its alerts for
the next build. Messages name the person and passport only on channels marked restricted; elsewhere
they carry the pseudonymous id, the district and the permit, which is what a team needs to start.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from pipelines.core.config import NotificationChannel, Settings
from pipelines.core.warehouse import read_sql

log = logging.getLogger(__name__)
MAX_LINES = 30
KIND_LABELS = {
    "OVERSTAY": "OVERSTAY",
    "VISA_FREE_LIMIT": "LEWAT BATAS BEBAS VISA",
    "VOA_LIMIT": "LEWAT BATAS VOA",
    "EXPIRING_SOON": "IZIN SEGERA HABIS",
}


@dataclass(frozen=True)
class Announcement:
    """One message sent (or tried) on one channel for one office."""

    channel: str
    office_code: str
    alerts: int
    sent: bool


def announce_new_alerts(
    con: duckdb.DuckDBPyConnection, settings: Settings, now: datetime | None = None
) -> list[Announcement]:
    """Send each channel one message per office listing its open alerts not announced there yet."""
    done = []
    for channel in settings.notifications:
        url = channel.resolved_url()
        if url is None:
            log.warning("notification channel %s skipped: %s is not set", channel.name, channel.url_env)
            continue
        pending = con.execute(read_sql("alerts/unannounced.sql"), {"channel": channel.name}).df()
        if channel.offices:
            pending = pending[pending["office_code"].isin(channel.offices)]
        for office_code, alerts in pending.groupby("office_code", sort=True):
            title, body = compose(settings.office(office_code).name, alerts, channel.restricted)
            sent = _send(url, title, body)
            if sent:
                _mark_announced(con, channel, alerts["alert_id"], now or datetime.now(UTC))
            else:
                log.warning("notification channel %s: sending failed; will retry after the next build", channel.name)
            done.append(Announcement(channel.name, office_code, len(alerts), sent))
    return done


def compose(office_name: str, alerts: pd.DataFrame, restricted: bool) -> tuple[str, str]:
    """The title and text of one office's message; names and passports only when `restricted`."""
    title = f"Timpora {office_name}: {len(alerts)} peringatan baru"
    lines = [_line(row, restricted) for row in alerts.head(MAX_LINES).itertuples(index=False)]
    if len(alerts) > MAX_LINES:
        lines.append(f"… dan {len(alerts) - MAX_LINES} lainnya: lihat `timpora alerts`")
    return title, "\n".join(lines)


def _line(alert, restricted: bool) -> str:
    if alert.alert_kind == "EXPIRING_SOON":
        when = f"habis {alert.basis_date:%d-%m-%Y} ({alert.days_to_expiry} hari lagi)"
    else:
        when = f"lewat {alert.days_overstayed} hari sejak {alert.basis_date:%d-%m-%Y}"
    who = f"{alert.full_name} / paspor {alert.passport_number}" if restricted else f"orang {alert.person_id}"
    return (
        f"- {KIND_LABELS.get(alert.alert_kind, alert.alert_kind)}: {who}, {alert.nationality_iso3 or '?'}, "
        f"{alert.permit_type or 'izin ?'} {when}; {alert.kecamatan_name}, {alert.kabkota_name} [{alert.alert_id}]"
    )


def _send(url: str, title: str, body: str) -> bool:
    import apprise  # slow to import: only when a channel is configured

    notifier = apprise.Apprise()
    with _quiet(_CHATTY_LOGGERS):
        if not notifier.add(url):
            log.warning("a notification URL is not understood by apprise; check the channel's configuration")
            return False
        return bool(notifier.notify(title=title, body=body))


# at DEBUG/INFO these log the message (names, passports) and the URL (tokens)
_CHATTY_LOGGERS = ("apprise", "urllib3")


@contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _mark_announced(con: duckdb.DuckDBPyConnection, channel: NotificationChannel, alert_ids, at: datetime) -> None:
    frame = pd.DataFrame({"channel": channel.name, "alert_id": list(alert_ids), "sent_at": at})
    con.register("announced_frame", frame)
    try:
        con.execute("insert into state.alert_notifications select channel, alert_id, sent_at from announced_frame")
    finally:
        con.unregister("announced_frame")
