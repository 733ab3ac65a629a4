"""The `timpora` command line on a small file source: sync, build, sql, status, report."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from conftest import COMPLAINT_HEADERS, COMPLAINT_ROW, file_source, write_config, write_csv
from pipelines.cli import app
from pipelines.core.warehouse import connect

runner = CliRunner()


@pytest.fixture(autouse=True)
def today_is_the_builds_date(monkeypatch):
    """`build --as-of 2026-11-26` is a build as of today, which carries the alert state on (not a what-if)."""
    from pipelines import steps

    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))


@pytest.fixture
def config(tmp_path, lodging_settings):
    settings, csv_path = lodging_settings
    complaints = write_csv(
        tmp_path / "complaints.csv",
        COMPLAINT_HEADERS,
        [COMPLAINT_ROW],
    )
    sources = file_source("ranai_lodging", csv_path) + file_source(
        "serang_complaint", complaints, kind="complaint", office="SERANG"
    )
    return write_config(tmp_path, sources)


@pytest.fixture(scope="module")
def built_files(tmp_path_factory):
    """A folder for the warehouse and snapshot the first test that needs them builds."""
    return tmp_path_factory.mktemp("built")


@pytest.fixture
def built(config, tmp_path, built_files):
    """The config after `sync` and `build --as-of 2026-11-26`: built once, then copied for each test."""
    names = ("wh.duckdb", "wh_snapshot.duckdb", "wh_restricted.duckdb")
    if not (built_files / names[0]).exists():
        assert invoke(config, "sync").exit_code == 0
        assert invoke(config, "build", "--as-of", "2026-11-26").exit_code == 0
        source, target = tmp_path, built_files
    else:
        source, target = built_files, tmp_path
    for name in names:
        shutil.copyfile(source / name, target / name)
    return config


def invoke(config, *args):
    result = runner.invoke(app, ["--config", str(config), *args], env={"COLUMNS": "200"})
    return result


def test_sync_build_sql_status(config):
    assert invoke(config, "sync").exit_code == 0
    built = invoke(config, "build", "--as-of", "2026-11-26")
    assert built.exit_code == 0, built.output
    assert "3 lodging reports, 1 complaints" in built.output
    result = invoke(
        config, "sql", "select office_code, count(*) as n from marts.complaints group by all", "--format", "json"
    )
    assert json.loads(result.output) == [{"office_code": "SERANG", "n": 1}]
    status = invoke(config, "status")
    assert status.exit_code == 0 and "ranai_lodging" in status.output and "serang_complaint" in status.output


def test_sql_refuses_writes(built):
    for statement in (
        "delete from marts.persons",
        "drop table marts.persons",
        "select 1; delete from marts.persons",
        "attach 'x.duckdb' as x",
        "select * from read_csv('/etc/passwd')",
        "copy (select 1) to 'out.csv'",
    ):
        result = invoke(built, "sql", statement)
        assert result.exit_code == 2, statement
        assert "read-only" in result.output or "refused" in result.output
    count = invoke(built, "sql", "select count(*) as n from marts.persons", "--format", "json")
    assert json.loads(count.output)[0]["n"] == 3


def test_quality_lists_rejects_by_source_field_and_reason(built, tmp_path):
    assert "no rejected values" in invoke(built, "quality").output
    csv_path = tmp_path / "ranai.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("Tiongkok", "Atlantis"), encoding="utf-8")
    invoke(built, "sync")
    invoke(built, "build", "--as-of", "2026-11-26")
    output = invoke(built, "quality").output
    assert "ranai_lodging" in output and "nationality" in output and "NATIONALITY_UNKNOWN" in output
    assert "Atlantis" not in output  # raw values stay in staging.rejects, not in the summary
    assert "NATIONALITY_UNKNOWN" in invoke(built, "quality", "--office", "RANAI").output
    serang = invoke(built, "quality", "--office", "SERANG")
    assert serang.exit_code == 0 and "ranai_lodging" not in serang.output and "serang_complaint" in serang.output
    unknown = invoke(built, "quality", "--office", "RANIA")
    assert unknown.exit_code == 2 and "unknown office 'RANIA'" in unknown.output


def test_report_writes_html_and_xlsx(built, tmp_path):
    result = invoke(built, "report", "--week", "2026-W48", "--office", "RANAI", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "rakor_RANAI_2026-W48.html").is_file()
    assert (tmp_path / "out" / "rakor_RANAI_2026-W48.xlsx").is_file()
    english = invoke(built, "report", "--week", "2026-W48", "--office", "RANAI", "--format", "html", "--lang", "en",
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert english.exit_code == 0, english.output
    assert 'lang="en"' in (tmp_path / "out" / "rakor_RANAI_2026-W48_en.html").read_text(encoding="utf-8")
    unknown = invoke(built, "report", "--office", "RANAI", "--lang", "fr")
    assert unknown.exit_code == 2 and "unknown report language 'fr'" in unknown.output


def test_report_after_a_what_if_build__says_the_figures_show_that_date(built, tmp_path):
    args = ("report", "--week", "2026-W47", "--office", "RANAI", "--format", "html", "--out", str(tmp_path / "out"))
    assert "what-if" not in invoke(built, *args).output
    assert invoke(built, "build", "--as-of", "2026-11-20").exit_code == 0
    after = invoke(built, *args)
    assert after.exit_code == 0, after.output
    assert "the last build was a what-if as of 2026-11-20, so these figures show that date" in after.output
    assert invoke(built, "build", "--as-of", "2026-11-26").exit_code == 0
    assert "what-if" not in invoke(built, *args).output


def test_bad_config__clear_error(tmp_path):
    result = runner.invoke(app, ["--config", str(tmp_path / "missing.toml"), "status"])
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_config_given_as_a_folder__one_line_not_a_traceback(tmp_path):
    result = runner.invoke(app, ["--config", str(tmp_path), "status"])
    assert result.exit_code == 2
    wanted = f"config error: {tmp_path} is a folder, not a config file (e.g. {tmp_path / 'timpora.toml'})"
    assert result.output.strip() == wanted


def test_alerts_list_ack_resolve(built):
    listed = invoke(built, "alerts", "--office", "RANAI")
    assert listed.exit_code == 0 and "OVERSTAY" in listed.output
    assert "Li Wei" not in listed.output and "E12345678" not in listed.output
    alert_id = json.loads(invoke(built, "sql", "select alert_id from marts.alerts", "--format", "json").output)[0]
    alert_id = alert_id["alert_id"]
    elsewhere = invoke(built, "alerts", "--office", "SERANG", "ack", alert_id[:6], "--by", "Budi")
    assert elsewhere.exit_code == 2 and f"alert {alert_id} is RANAI's, not SERANG's" in elsewhere.output
    acked = invoke(built, "alerts", "--office", "RANAI", "ack", alert_id[:6], "--by", "Budi", "--note", "tim ke hotel")
    assert acked.exit_code == 0 and "OPEN → ACKNOWLEDGED" in acked.output
    assert "Budi" in invoke(built, "alerts", "--status", "ACKNOWLEDGED").output
    assert "open alerts:" in invoke(built, "status").output
    assert invoke(built, "alerts", "resolve", alert_id, "--by", "Sari").exit_code == 0
    again = invoke(built, "alerts", "resolve", alert_id, "--by", "Sari")
    assert again.exit_code == 2 and "already RESOLVED" in again.output
    invoke(built, "build", "--as-of", "2026-11-26")
    assert "no alerts with status OPEN, ACKNOWLEDGED" in invoke(built, "alerts").output
    assert invoke(built, "alerts", "--office", "NOPE").exit_code == 2


def test_export_parquet_partitioned_by_office_and_week(built, tmp_path):
    import duckdb

    out = tmp_path / "export"
    result = invoke(built, "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "office_weekly_breakdown" / "office_code=RANAI" / "iso_week=2026-W48").is_dir()
    assert not (out / "lodging_reports").exists(), "no row per report: its traits single persons out"
    con = duckdb.connect()
    present = con.execute(
        "select dimension, sum(persons_present) from read_parquet(?, hive_partitioning = true) "
        "where office_code = 'RANAI' and iso_week = '2026-W48' group by all order by all",
        [str(out / "office_weekly_breakdown/*/*/*.parquet")],
    ).fetchall()
    weekly = "select foreigners_present from marts.office_weekly where office_code = 'RANAI' and iso_week = '2026-W48'"
    [figures] = json.loads(invoke(built, "sql", weekly, "--format", "json").output)
    # each person once per dimension: every dimension adds up to the week's foreigners present
    assert present == [
        (dimension, figures["foreigners_present"]) for dimension in ("nationality", "permit_type", "purpose")
    ]
    every = con.execute("describe select * from read_parquet(?, union_by_name = true)", [str(out / "**/*.parquet")])
    columns = {row[0] for row in every.fetchall()}
    assert {"person_id", "alert_kind", "category"} <= columns
    assert not {"full_name", "passport_number", "complainant_name", "complainant_phone", "status_note"} & columns
    complaints = con.execute("select count(*) from read_parquet(?)", [str(out / "complaints/*/*/*.parquet")])
    assert complaints.fetchone()[0] == 1
    again = invoke(built, "export", "--out", str(out), "--office", "SERANG")
    assert again.exit_code == 0 and "office_weekly_breakdown: 0 rows" in again.output
    assert invoke(built, "export", "--office", "NOPE").exit_code == 2


def test_sql_takes_named_parameters(built):
    result = invoke(
        built, "sql", "@sql/queries/present_by_kecamatan.sql", "--param", "iso_week=2026-W48", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["kecamatan_name"] for row in rows} >= {"Bunguran Timur", "Midai"}
    assert invoke(built, "sql", "select $x as x", "--param", "x").exit_code == 2


def test_sql__a_missing_or_unused_parameter_is_named(built):
    missing = invoke(built, "sql", "@sql/queries/present_by_kecamatan.sql")
    assert missing.exit_code == 2 and "needs a value for iso_week: add --param iso_week=" in missing.output
    unused = invoke(built, "sql", "@sql/queries/quality.sql", "--param", "iso_week=2026-W48")
    assert unused.exit_code == 2 and "has no parameter iso_week (it takes none)" in unused.output
    wrong = invoke(built, "sql", "select $x as x", "--param", "y=1")
    assert wrong.exit_code == 2 and "needs a value for x" in wrong.output


def test_corrupt_warehouse_is_explained_and_restored_from_backup(built, tmp_path):
    backup = tmp_path / "backup.duckdb"
    assert invoke(built, "backup", "--out", str(backup)).exit_code == 0
    assert backup.stat().st_mode & 0o777 == 0o600, "a backup holds every response: owner-only"
    warehouse = tmp_path / "wh.duckdb"
    warehouse.write_bytes(b"not a database" * 1000)
    broken = invoke(built, "build")
    assert broken.exit_code == 1 and "timpora restore" in broken.output and "sync --full" in broken.output
    assert invoke(built, "restore", str(tmp_path / "timpora.toml")).exit_code == 1  # not a backup
    restored = invoke(built, "restore", str(backup))
    assert restored.exit_code == 0 and "kept as" in restored.output
    assert invoke(built, "sync").exit_code == 0
    assert "3 lodging reports" in invoke(built, "build", "--as-of", "2026-11-26").output
    last_fetches = (
        "select sum(rows_current) as n from (select rows_current from raw.fetches where status = 'ok' "
        "qualify row_number() over (partition by source_name order by finished_at desc) = 1)"
    )
    rows = invoke(built, "sql", last_fetches, "--format", "json")
    assert json.loads(rows.output) == [{"n": 4}]


def test_memory_limit__reaches_duckdb_and_a_bad_one_is_a_config_error(tmp_path, lodging_settings, monkeypatch):
    from pipelines import steps
    from pipelines.core.config import load_config

    _, csv_path = lodging_settings
    seen = []

    def connect(path, **options):
        con = real_connect(path, **options)
        seen.append(con.execute("select current_setting('memory_limit')").fetchone()[0])
        return con

    real_connect = steps.connect
    monkeypatch.setattr(steps, "connect", connect)
    settings = load_config(write_config(tmp_path, file_source("ranai_lodging", csv_path), 'memory_limit = "300MB"'))
    assert steps.sync_one(settings, "ranai_lodging").rows_new == 3
    assert seen == ["286.1 MiB"]  # DuckDB reports 300 MB in MiB
    (tmp_path / "bad").mkdir()
    bad = write_config(tmp_path / "bad", extra='memory_limit = "lots"')
    result = invoke(bad, "status")
    assert result.exit_code == 2 and "memory_limit" in result.output


def test_light_commands_start_without_the_pipeline_steps():
    # report, sql, status and alerts must not pay for pandas, pyarrow and the parsers at start
    import subprocess
    import sys

    code = "import sys, pipelines.cli; print(sorted({'pandas', 'pyarrow', 'pipelines.steps'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_sync_without_a_results_sheet_never_loads_gspread(config):
    # the follow-ups read after each sync need gspread only where an office publishes results
    import subprocess
    import sys

    code = (
        "import sys; from pipelines.cli import app\n"
        "try:\n    app(['--config', sys.argv[1], 'sync'])\nexcept SystemExit as done:\n    assert not done.code\n"
        "print('gspread' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "False"


def test_sql__keeps_column_types_in_table_csv_and_json(built):
    query = (
        "select * from (values (27, date '2026-09-21', timestamp '2026-09-21 10:00:00', 2.5), "
        "(null, null, null, null)) as t(n, day, seen_at, share)"
    )
    rows = json.loads(invoke(built, "sql", query, "--format", "json").output)
    assert rows == [
        {"n": 27, "day": "2026-09-21", "seen_at": "2026-09-21T10:00:00", "share": 2.5},
        {"n": None, "day": None, "seen_at": None, "share": None},
    ]
    csv_text = invoke(built, "sql", query, "--format", "csv").stdout_bytes.decode()  # `.output` folds CRLF
    assert csv_text == "n,day,seen_at,share\r\n27,2026-09-21,2026-09-21 10:00:00,2.5\r\n,,,\r\n"
    table = invoke(built, "sql", query).output
    assert "27" in table and "2026-09-21" in table and "27.0" not in table and "2026-09-21 00:00" not in table
    counted = json.loads(invoke(built, "sql", "select count(*) as n from marts.persons", "--format", "json").output)
    assert counted == [{"n": 3}] and isinstance(counted[0]["n"], int)


FORMULAS = {"eq": '=HYPERLINK("http://x")', "plus": "+cmd|' /C calc'!A0", "minus": "-2+3", "at": "@SUM(1)"}
FORMULAS |= {"tab": "\tx", "cr": "\rx", "lf": "\nx"}


def test_sql_csv__neutralises_formula_cells_unless_told_not_to(built):
    import csv
    import io

    query = "select " + ", ".join(f"${name} as {name}" for name in FORMULAS) + ", 'plain' as text, -5 as number"
    params = [part for name, value in FORMULAS.items() for part in ("--param", f"{name}={value}")]
    safe = next(csv.DictReader(io.StringIO(invoke(built, "sql", query, *params, "--format", "csv").output, newline="")))
    assert safe == {**{k: "'" + v for k, v in FORMULAS.items()}, "text": "plain", "number": "-5"}
    raw = invoke(built, "sql", query, *params, "--format", "csv", "--keep-formulas").output
    assert next(csv.DictReader(io.StringIO(raw, newline=""))) == {**FORMULAS, "text": "plain", "number": "-5"}


def test_sql_file__only_sql_files_and_never_their_content_in_errors(built, tmp_path):
    secret = tmp_path / "notes.txt"
    secret.write_text("select 'E12345678 Li Wei'", encoding="utf-8")
    refused = invoke(built, "sql", f"@{secret}")
    assert refused.exit_code == 2 and ".sql files only" in refused.output and "E12345678" not in refused.output
    broken = tmp_path / "broken.sql"
    broken.write_text("select passport from marts.persons_E12345678\nwhere 'Li Wei'", encoding="utf-8")
    failed = invoke(built, "sql", f"@{broken}")
    assert failed.exit_code == 2 and "Catalog Error" in failed.output
    assert "E12345678" not in failed.output and "Li Wei" not in failed.output and "passport" not in failed.output
    binary = tmp_path / "binary.sql"
    binary.write_bytes(b"\xff\xfe select")
    assert "not UTF-8 text" in invoke(built, "sql", f"@{binary}").output


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        ("create temp table copied as select * from marts.persons", "runs one read-only SELECT query"),
        ("set threads = 1", "runs one read-only SELECT query"),
        ("set memory_limit = '64GB'", "runs one read-only SELECT query"),
        ("pragma database_size", "runs one read-only SELECT query"),
        ("select 1; set threads = 1", "runs one query at a time; this holds 2"),
        ("select 1; select 2", "runs one query at a time; this holds 2"),
    ],
)
def test_sql__runs_one_select_only__the_read_only_snapshot_alone_would_allow_these(built, statement, said):
    result = invoke(built, "sql", statement)
    assert result.exit_code == 2, result.output
    assert f"timpora sql {said}" in result.output


def test_sql__memory_and_time_limits_from_config(built, tmp_path):
    with (tmp_path / "timpora.toml").open("a", encoding="utf-8") as config:
        config.write('\n[query]\ntimeout_seconds = 0.2\nmemory_limit = "100MB"\n')
    limit = invoke(built, "sql", "select current_setting('memory_limit') as m", "--format", "json")
    assert json.loads(limit.output) == [{"m": "95.3 MiB"}]  # DuckDB shows 100 MB in MiB
    endless = "select count(*) from range(1000000000000) as t(i) where hash(i) % 7 = 3"
    stopped = invoke(built, "sql", endless)
    assert stopped.exit_code == 2 and "query stopped after 0.2 s" in stopped.output


def test_alerts__fit_80_columns_with_the_whole_id_and_other_formats(built):
    alert_id = json.loads(invoke(built, "sql", "select alert_id from marts.alerts", "--format", "json").output)[0]
    alert_id = alert_id["alert_id"]
    note = "tim ke hotel [/x] untuk cek paspor dan izin tinggal, lalu lapor ke Kasi Inteldakim"
    assert invoke(built, "alerts", "ack", alert_id, "--by", "Budi", "--note", note).exit_code == 0
    table = runner.invoke(app, ["--config", str(built), "alerts"], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert alert_id in table.output and "…" not in table.output
    assert max(len(line) for line in table.output.splitlines()) <= 80
    listed = json.loads(invoke(built, "alerts", "--format", "json").output)
    assert listed[0]["alert_id"] == alert_id and listed[0]["note"] == note
    assert listed[0]["days_over"] == 5 and listed[0]["days_left"] is None  # integers, not 5.0
    assert invoke(built, "alerts", "--format", "csv").output.startswith("alert_id,office,kind,status,")


def test_show_config__redacts_credentials_and_tokens(tmp_path):
    extra = '[google]\napi_endpoint = "https://svc:hunter2@sheets.example.org/v4?key=k3y&alt=json"\n'
    channels = """
[[notifications]]
name = "telegram"
url = "tgram://123456:ABCDEFtoken/987654321"

[[notifications]]
name = "webhook"
url = "https://hooks.example.org/services/T00/B00/XYZsecret?token=abc123"

[[notifications]]
name = "env"
url_env = "TIMPORA_NOTIFY_URL"
"""
    config = write_config(tmp_path, channels, extra)
    shown = invoke(config, "show-config")
    assert shown.exit_code == 0, shown.output
    for secret in ("hunter2", "k3y", "ABCDEFtoken", "987654321", "123456", "XYZsecret", "abc123", "T00"):
        assert secret not in shown.output
    data = json.loads(shown.output)
    assert data["google"]["api_endpoint"] == "https://***@sheets.example.org/v4?key=***&alt=***"
    assert [channel["url"] for channel in data["notifications"]] == ["tgram://***", "https://***", None]
    assert data["notifications"][2]["url_env"] == "TIMPORA_NOTIFY_URL"
    both = channels.replace('url_env = "TIMPORA_NOTIFY_URL"', 'url_env = "X"\nurl = "slack://TokenA/TokenB/TokenC"')
    refused = invoke(write_config(tmp_path, both), "status")
    assert refused.exit_code == 2 and "exactly one of url and url_env" in refused.output
    assert "TokenA" not in refused.output and "ABCDEFtoken" not in refused.output


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@host.example/path?a=1&b", "https://***@host.example/path?a=***&b"),
        (
            "https://docs.google.com/spreadsheets/d/KEY/edit#gid=0",
            "https://docs.google.com/spreadsheets/d/KEY/edit#***",
        ),
        ("tgram://TOKEN/CHAT", "tgram://***"),
        ("mailto://user:pass@gmail.com", "mailto://***"),
        ("http://localhost:4200/api", "http://localhost:4200/api"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url__cases(url, shown):
    from pipelines.core.redact import redact_url

    assert redact_url(url) == shown


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (None, "is not set"),
        ("test-key", "is too short (8 bytes; at least 32)"),
        ("a" * 64, "too easy to guess (only 1 distinct character)"),
        ("abab" * 10, "too easy to guess"),
    ],
)
def test_pseudonym_key__refused_with_how_to_make_one(monkeypatch, lodging_settings, key, problem):
    from pipelines import steps
    from pipelines.core.config import ConfigError

    settings, _ = lodging_settings
    if key is None:
        monkeypatch.delenv("TIMPORA_PSEUDONYM_KEY")
    else:
        monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", key)
    steps.sync_one(settings, "ranai_lodging")
    with pytest.raises(ConfigError, match="secrets.token_hex") as refused:
        steps.build(settings)  # the build itself refuses, not only the command line
    assert problem in str(refused.value)


def test_pseudonym_key__the_demo_keys_and_a_generated_one_pass(monkeypatch, lodging_settings):
    import re
    import secrets

    from conftest import REPO
    from pipelines.core.config import DEMO_PSEUDONYM_KEY

    settings, _ = lodging_settings
    makefile_key = re.search(r"TIMPORA_PSEUDONYM_KEY:-([^}]+)}", (REPO / "Makefile").read_text()).group(1)
    assert makefile_key == DEMO_PSEUDONYM_KEY  # the key the missing-key message tells a demo user to export
    for key in (makefile_key, secrets.token_hex(32)):
        monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", key)
        assert settings.pseudonym_key() == key.encode()


def test_demo__replays_the_reported_weeks_last_evening_so_its_report_lists_alerts(lodging_settings, monkeypatch):
    from pipelines import steps
    from pipelines.cli.pipeline import replay_week_end
    from pipelines.report.weekly import build_weekly_report

    settings, _ = lodging_settings
    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 12, 1, 5, tzinfo=UTC))
    office = settings.office("RANAI")

    def alerts_listed() -> list:
        con = connect(settings.snapshot_path, read_only=True)
        try:
            return build_weekly_report(con, office, "2026-W48", datetime(2026, 12, 1, tzinfo=UTC)).overstay_alerts
        finally:
            con.close()

    for source in settings.sources:
        steps.sync_one(settings, source.name)
    steps.build(settings)
    assert not alerts_listed()  # a first build today: nothing was known at W48's end

    settings.warehouse.unlink()
    for leftover in settings.warehouse.parent.glob(settings.warehouse.name + "*"):
        leftover.unlink()
    replay_week_end(settings, "2026-W48")
    steps.build(settings)
    assert [row.alert_kind for row in alerts_listed()] == ["OVERSTAY"]


def test_tables_too_wide_for_the_terminal__list_each_row_field_by_field(built):
    wide = "select 'pangkalpinang_complaint' as source, timestamp '2026-12-06 21:38' as last_run, " + ", ".join(
        f"{n} as column_{n}" for n in range(8)
    )
    narrow = runner.invoke(app, ["--config", str(built), "sql", wide], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.output.splitlines()
    # each value whole on its field's line, not folded into a squeezed column
    assert any(line.split() == ["source", "pangkalpinang_complaint"] for line in lines)
    assert any(line.split() == ["last_run", "2026-12-06", "21:38:00"] for line in lines)
    assert all(len(line) <= 80 for line in lines)
    roomy = invoke(built, "sql", wide)  # 200 columns: the usual table
    assert "┃ source" in roomy.output and "pangkalpinang_complaint" in roomy.output


def test_sql__a_table_shows_fractions_to_four_decimals_csv_and_json_keep_every_digit(built):
    query = "select 31 / 6 as mean, 2.5::decimal(18, 6) as rate"
    table = invoke(built, "sql", query).output
    assert "5.1667" in table and "5.16666" not in table and "2.5" in table
    assert "5.166666666666667" in invoke(built, "sql", query, "--format", "csv").output
    assert json.loads(invoke(built, "sql", query, "--format", "json").output)[0]["mean"] == 31 / 6


def test_sync__a_source_that_fails_prints_its_line_and_no_empty_table(config):
    failed = runner.invoke(app, ["--config", str(config), "sync", "--source", "nope"], env={"COLUMNS": "200"})
    assert failed.exit_code != 0
    assert "┏" not in failed.output and "source" in failed.output
