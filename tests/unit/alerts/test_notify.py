"""New alerts announced through apprise to a webhook on loopback: once each, personal data only where allowed."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from conftest import AS_OF, given_reports, write_config
from pipelines.alerts.notify import announce_new_alerts
from pipelines.core.config import ConfigError, load_config
from pipelines.core.warehouse import connect
from pipelines.marts.build import build_marts
from pipelines.transform.staging import build_staging


class Hook(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hook():
    server = HTTPServer(("127.0.0.1", 0), Hook)
    Hook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], Hook.received
    server.shutdown()


TOKEN = "bot-token-7f3a9c"


def channels(port: int) -> str:
    return f"""
[[notifications]]
name = "timpora-group"
url_env = "TEST_HOOK_URL"

[[notifications]]
name = "kasi-inteldakim"
url = "json://127.0.0.1:{port}/restricted"
restricted = true
offices = ["SERANG"]
"""


@pytest.fixture
def warehouse_with_alerts(tmp_path, hook, monkeypatch):
    port, _ = hook
    monkeypatch.setenv("TEST_HOOK_URL", f"json://127.0.0.1:{port}/group/{TOKEN}")
    settings = load_config(write_config(tmp_path, channels(port)))
    con = connect(settings.warehouse)
    build_staging(con, settings)
    expired = {"arrival_date": date(2026, 11, 1), "departure_date": AS_OF, "permit_expiry_date": date(2026, 11, 20)}
    given_reports(con, expired)
    given_reports(
        con,
        {**expired, "office_code": "SERANG", "kabkota_code": "36.73", "kecamatan_code": None, "full_name": "ANNA",
         "passport_number": "P9876543"},
        first_row=5,
    )  # fmt: skip
    build_marts(con, settings, AS_OF)
    yield settings, con
    con.close()


def test_each_new_alert_is_announced_once_per_channel(warehouse_with_alerts, hook, caplog):
    settings, con = warehouse_with_alerts
    _, received = hook
    with caplog.at_level(logging.DEBUG):
        sent = announce_new_alerts(con, settings)
    assert sorted((a.channel, a.office_code, a.alerts, a.sent) for a in sent) == [
        ("kasi-inteldakim", "SERANG", 1, True),
        ("timpora-group", "RANAI", 1, True),
        ("timpora-group", "SERANG", 1, True),
    ]
    by_path = {}
    for path, payload in received:
        by_path.setdefault(path.replace(f"/{TOKEN}", ""), []).append(payload["title"] + "\n" + payload["message"])
    group, restricted = "\n".join(by_path["/group"]), "\n".join(by_path["/restricted"])
    assert "OVERSTAY" in group and "Kantor Imigrasi Kelas II TPI Ranai" in group
    assert "E1234567" not in group and "LI WEI" not in group and "P9876543" not in group
    assert "P9876543" in restricted and "ANNA" in restricted
    for secret in ("E1234567", "P9876543", "ANNA", "LI WEI", TOKEN):
        assert secret not in caplog.text

    received.clear()
    build_marts(con, settings, AS_OF)
    assert announce_new_alerts(con, settings) == [] and received == []


def test_unreachable_channel_keeps_alerts_for_the_next_build(tmp_path, warehouse_with_alerts, hook, monkeypatch):
    settings, con = warehouse_with_alerts
    monkeypatch.setenv("TEST_HOOK_URL", "json://127.0.0.1:9/closed")  # nothing listens on port 9
    failed = [a for a in announce_new_alerts(con, settings) if a.channel == "timpora-group"]
    assert failed and not any(a.sent for a in failed)
    port, received = hook
    monkeypatch.setenv("TEST_HOOK_URL", f"json://127.0.0.1:{port}/group")
    retried = [a for a in announce_new_alerts(con, settings) if a.channel == "timpora-group"]
    assert sorted((a.office_code, a.sent) for a in retried) == [("RANAI", True), ("SERANG", True)]


def test_channel_without_its_url_is_skipped_and_config_is_checked(tmp_path, warehouse_with_alerts, monkeypatch, hook):
    settings, con = warehouse_with_alerts
    monkeypatch.delenv("TEST_HOOK_URL")
    assert {a.channel for a in announce_new_alerts(con, settings)} == {"kasi-inteldakim"}
    bad = '[[notifications]]\nname = "x"\nurl = "json://a"\nurl_env = "B"\n'
    with pytest.raises(ConfigError, match="exactly one of url and url_env"):
        load_config(write_config(tmp_path, bad))
