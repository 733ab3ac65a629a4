"""Shared fixtures: a config in a temp folder and helpers to write form-response files."""

from __future__ import annotations

import csv
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from pipelines.core.config import Settings, load_config
from pipelines.core.pseudonym import hmac_pads
from pipelines.core.warehouse import connect, load_macros
from pipelines.transform.staging import MACROS as STAGING_MACROS
from pipelines.transform.staging import build_staging

REPO = Path(__file__).resolve().parents[1]
# pytest-xdist workers start with COLUMNS=80 and LINES=24, which would fix the width of the CLI's console
# when it is imported; tests give each command its width (CliRunner's env) instead
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)
# CI replays the same examples run after run (a landing never hangs on a lucky draw); a developer's run
# explores new ones, and a failure it finds becomes an @example
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
LODGING_HEADERS = [
    "Cap waktu",
    "Nama hotel/penginapan",
    "Nama lengkap orang asing",
    "Kewarganegaraan",
    "Nomor paspor",
    "Jenis izin tinggal",
    "Tanggal berakhir izin tinggal",
    "Tujuan kedatangan",
    "Kabupaten/Kota",
    "Kecamatan",
    "Tanggal kedatangan",
    "Tanggal check-out",
]
COMPLAINT_HEADERS = [
    "Cap waktu",
    "Nama pelapor",
    "Nomor HP pelapor",
    "Nama orang asing yang dilaporkan",
    "Kewarganegaraan",
    "Jenis pengaduan",
    "Kabupaten/Kota",
    "Kecamatan",
    "Status tindak lanjut",
]

COMPLAINT_ROW = [
    "25/11/2026 09:00:00", "Budi", "0812-3456-7890", "John Doe", "Nigeria", "Overstay", "Kota Serang", "Cipocok Jaya",
    "",
]  # fmt: skip


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_config(folder: Path, sources: str = "", extra: str = "") -> Path:
    """A config with the Ranai and Serang offices, the repo's header aliases and the given sources."""
    text = f"""
warehouse = "{folder / "wh.duckdb"}"
report_dir = "{folder / "reports"}"
headers_file = "{REPO / "config/headers.toml"}"
nationality_aliases_file = "{REPO / "config/nationality_aliases.toml"}"
{extra}
[[offices]]
code = "RANAI"
name = "Kantor Imigrasi Kelas II TPI Ranai"
timezone = "Asia/Jakarta"
kabkota_codes = ["21.03"]

[[offices]]
code = "SERANG"
name = "Kantor Imigrasi Kelas I Non TPI Serang"
timezone = "Asia/Jakarta"
kabkota_codes = ["36.04", "36.73"]
{sources}
"""
    path = folder / "timpora.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_results_config(tmp_path, emulator, key_file, key: str, restricted=False, sources: str = "") -> Path:
    """A config whose Ranai office publishes to spreadsheet `key` of the Sheets emulator."""
    google = f'[google]\ncredentials_file = "{key_file}"\napi_endpoint = "{emulator.url}"\ntimeout_seconds = 5\n'
    path = write_config(tmp_path, sources, google + "max_attempts = 2\n")
    results = f'results = {{ spreadsheet = "{key}", restricted = {str(restricted).lower()} }}\n'
    path.write_text(path.read_text().replace('kabkota_codes = ["21.03"]\n', 'kabkota_codes = ["21.03"]\n' + results))
    return path


def file_source(name: str, path: Path, kind: str = "lodging", office: str = "RANAI", locale: str = "id_ID") -> str:
    return f"""
[[sources]]
name = "{name}"
office = "{office}"
kind = "{kind}"
type = "file"
path = "{path}"
locale = "{locale}"
"""


# a key the build accepts (32+ bytes, not repetitive); tests/unit/cli/test_cli_bad_states.py tries the ones it refuses
TEST_PSEUDONYM_KEY = "test-only-pseudonym-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch):
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)


@pytest.fixture
def lodging_settings(tmp_path) -> tuple[Settings, Path]:
    """Settings with one lodging CSV source (initially three responses) and the CSV's path."""
    csv_path = write_csv(
        tmp_path / "ranai.csv",
        LODGING_HEADERS,
        [
            [
                "24/11/2026 10:15:03",
                "Hotel Natuna",
                "Li Wei",
                "Tiongkok",
                "E12345678",
                "VoA",
                "20/11/2026",
                "Wisata",
                "Kab. Natuna",
                "Bunguran Timur",
                "10/11/2026",
                "25/11/2026",
            ],
            [
                "24/11/2026 11:00:00",
                "Hotel Ranai",
                "Nguyen Van An",
                "Vietnam",
                "C1234567",
                "KITAS",
                "01/06/2027",
                "Bekerja",
                "Natuna",
                "Bunguran Barat",
                "01/11/2026",
                "",
            ],
            [
                "25/11/2026 08:30:00",
                "Wisma Laut",
                "Kim Min-jun",
                "Korea Selatan",
                "M12345678",
                "Visa Kunjungan",
                "30/11/2026",
                "Wisata",
                "KABUPATEN NATUNA",
                "Midai",
                "20/11/2026",
                "22/11/2026",
            ],
        ],
    )
    config = write_config(tmp_path, file_source("ranai_lodging", csv_path))
    return load_config(config), csv_path


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse every connection and name lookup that is not loopback, and fail the test if one was tried."""
    tried: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def is_loopback(host) -> bool:
        if host in (None, "localhost"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            tried.append(str(address[0]))
            raise OSError(f"test tried to reach the network: {address[0]}")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if not is_loopback(host):
            tried.append(str(host))
            raise socket.gaierror(f"test tried to resolve {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield tried
    assert not tried, f"tests must not reach the network: {tried}"


def free_port() -> int:
    """A local port nobody listens on (free when asked; a test starts its own server there or expects refusal)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="session")
def staged_warehouse_file(tmp_path_factory) -> Path:
    """A warehouse file with staging built on no responses (the default config), made once per worker."""
    settings = load_config(write_config(tmp_path_factory.mktemp("staged-template")))
    con = connect(settings.warehouse)
    with pytest.MonkeyPatch.context() as patch:  # made before any test's own pseudonym_key
        patch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        build_staging(con, settings)
    con.close()
    return settings.warehouse


@pytest.fixture
def warehouse(tmp_path, staged_warehouse_file):
    """An empty warehouse (staging tables with their real shape) and its settings; RANAI and SERANG offices.

    A copy of one built the same way: the same config stages the same empty tables.
    """
    settings = load_config(write_config(tmp_path))
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staged_warehouse_file, settings.warehouse)
    settings.warehouse.chmod(0o600)
    con = connect(settings.warehouse)
    yield settings, con
    con.close()


def current_cells(settings) -> list[list[str]]:
    """The cells of every current raw response (not superseded, not deleted), in sheet order."""
    con = connect(settings.warehouse, read_only=True)
    try:
        rows = con.execute(
            "select cells from raw.responses where superseded_at is null and deleted_at is null "
            "order by sheet_row_number"
        ).fetchall()
    finally:
        con.close()
    return [list(cells) for (cells,) in rows]


def given_rows(con, table: str, rows: list[dict]) -> None:
    """Insert rows into a staging table, naming only the columns a case cares about."""
    for row in rows:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


def given_reports(con, *reports: dict, first_row: int = 2) -> None:
    """Staged lodging reports about LI WEI (CHN, passport E1234567) in Ranai unless a case says otherwise."""
    rows = []
    for number, report in enumerate(reports, start=first_row):
        row = {
            "source_name": "ranai_lodging",
            "office_code": "RANAI",
            "response_key": f"r{number}",
            "raw_version": 1,
            "sheet_row_number": number,
            "nationality_iso3": "CHN",
            "kabkota_code": "21.03",
            "kecamatan_code": "21.03.04",
            "full_name": "LI WEI",
            "passport_number": "E1234567",
            **report,
        }
        row.setdefault("submitted_at", datetime(2026, 11, 2, 3, 0, tzinfo=UTC))
        row.setdefault("submitted_date", row["submitted_at"].date())
        rows.append(row)
    given_rows(con, "staging.lodging_reports", rows)
    _identify_staged_reports(con)


def _identify_staged_reports(con) -> None:
    """Give every staged report the stay start and person that staging's own macros give it (key: the env's)."""
    load_macros(con, STAGING_MACROS)
    con.execute(
        """
        update staging.lodging_reports as reports
        set stay_start_date = coalesce(reports.arrival_date, reports.submitted_date),
            identity_method = identified.identity.method,
            identity_key = identified.identity.key,
            person_id = pseudonym($hmac_inner, $hmac_outer, identified.identity.key)
        from (
            select source_name, response_key,
                person_identity(passport_number, nationality_iso3, full_name, date_of_birth) as identity
            from staging.lodging_reports
        ) as identified
        where identified.source_name = reports.source_name and identified.response_key = reports.response_key
        """,
        hmac_pads(os.environ["TIMPORA_PSEUDONYM_KEY"].encode()),
    )


def as_built_before_hmac(con, key: str) -> dict[str, str]:
    """Turn a built warehouse's alert state into what builds before HMAC pseudonyms left behind.

    Those keyed person ids as left(sha256(key || '|' || identity), 16), and alert ids from them; no
    pseudonym scheme was recorded. Returns each current alert id's id of that time.
    """
    con.execute(
        "create or replace temp table legacy_persons as select distinct person_id, "
        "left(sha256(? || '|' || identity_key), 16) as legacy_person_id from intermediate.lodging_reports_identified",
        [key],
    )
    con.execute(
        "create or replace temp table legacy_alerts as select alert_id, legacy_person_id, left(md5(office_code || '|' "
        "|| legacy_person_id || '|' || alert_kind || '|' || basis_date), 16) as legacy_id "
        "from state.alerts join legacy_persons using (person_id)"
    )
    for table in ("alerts", "alert_events", "alert_notifications", "published_followups"):
        con.execute(
            f"update state.{table} as t set alert_id = legacy.legacy_id from legacy_alerts as legacy "  # noqa: S608
            "where legacy.alert_id = t.alert_id"
        )
    con.execute(
        "update state.alerts as t set person_id = legacy.legacy_person_id from legacy_alerts as legacy "
        "where legacy.legacy_id = t.alert_id"
    )
    con.execute("delete from state.meta")
    return dict(con.execute("select alert_id, legacy_id from legacy_alerts").fetchall())


def _wait_until_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the Prefect server exited with code {server.returncode} before it was up")
        try:
            with opener.open(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the Prefect server was not up after {timeout:.0f} s")


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A temporary Prefect server with its own SQLite database, as `prefect_test_harness` starts one.

    The server runs in its own process, as there; the test process never imports the server's code
    (half a minute of a slow machine's time), and block types are not registered (no flow uses one).
    """
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    settings = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"]
    server = subprocess.Popen(command, env={**os.environ, **settings})
    url = f"http://127.0.0.1:{port}/api"
    mp = pytest.MonkeyPatch()
    try:
        _wait_until_healthy(url, server, timeout=600)
        mp.setenv("PREFECT_HOME", str(home))
        mp.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        mp.undo()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
