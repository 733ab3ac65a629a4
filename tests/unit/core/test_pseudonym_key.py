"""The warehouse remembers the pseudonym key it was built with: another key is refused unless rotated."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import TEST_PSEUDONYM_KEY, file_source, write_config
from pipelines import steps
from pipelines.alerts.lifecycle import change_status
from pipelines.cli import app
from pipelines.core.config import load_config
from pipelines.core.pseudonym import KEY_FINGERPRINT_NAME, PseudonymKeyChanged, warehouse_key_fingerprint
from pipelines.core.warehouse import connect

AS_OF = date(2026, 11, 26)
OTHER_KEY = "another-pseudonym-key-0123456789abcdef"
REFUSAL = "the pseudonym key (TIMPORA_PSEUDONYM_KEY) differs from the one this warehouse was built with"


@pytest.fixture(autouse=True)
def today_is_the_builds_date(monkeypatch):
    """A build as of 2026-11-26 is as of today: it carries the alert state on (not a what-if)."""
    monkeypatch.setattr(steps, "utc_now", lambda: datetime(2026, 11, 26, 5, tzinfo=UTC))


@pytest.fixture
def built(lodging_settings, tmp_path):
    """The lodging source synced and built with the test key, its first alert acknowledged by an officer."""
    settings, csv_path = lodging_settings
    config = write_config(tmp_path, file_source("ranai_lodging", csv_path))
    settings = load_config(config)
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, AS_OF)
    con = connect(settings.warehouse)
    try:
        first = con.execute("select min(alert_id) from state.alerts").fetchone()[0]
        assert first, "the source raises an alert"
        change_status(con, first, "ACKNOWLEDGED", "Budi", "tim ke lokasi")
    finally:
        con.close()
    return settings, config


def _invoke(config, *args: str):
    return CliRunner().invoke(app, ["--config", str(config), *args], env={"COLUMNS": "80"})


def _state(settings) -> dict[str, list[tuple]]:
    """What a refused build must leave as it was: the alerts and their follow-up, the build log, state.meta."""
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        queries = {
            "alerts": "select alert_id, person_id, status, status_by, status_note, resolved_reason "
            "from state.alerts order by all",
            "builds": "select build_id, status from state.builds order by all",
            "meta": "select name, value, set_at from state.meta order by all",
            "persons": "select person_id from marts.persons order by all",
        }
        return {name: con.execute(query).fetchall() for name, query in queries.items()}
    finally:
        con.close()


def _stored_fingerprint(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select value from state.meta where name = ?", [KEY_FINGERPRINT_NAME]).fetchall()
    finally:
        con.close()


def test_first_build__stores_the_keys_fingerprint(built):
    settings, _ = built
    fingerprint = warehouse_key_fingerprint(TEST_PSEUDONYM_KEY.encode())
    assert _stored_fingerprint(settings.warehouse) == [(fingerprint,)]
    assert TEST_PSEUDONYM_KEY not in fingerprint and fingerprint != warehouse_key_fingerprint(OTHER_KEY.encode())


def test_build_with_the_same_key__goes_on_and_keeps_the_fingerprint(built):
    settings, config = built
    before = _state(settings)["meta"]
    result = _invoke(config, "build", "--as-of", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert "rotated" not in result.output
    assert [row for row in _state(settings)["meta"] if row[0] == KEY_FINGERPRINT_NAME] == [
        row for row in before if row[0] == KEY_FINGERPRINT_NAME
    ]


def test_build_with_another_key__refused_in_one_line_and_changes_nothing(built, monkeypatch):
    settings, config = built
    before = _state(settings)
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", OTHER_KEY)
    result = _invoke(config, "build", "--as-of", "2026-11-26")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    line = " ".join(lines[0].split())
    assert line.startswith(REFUSAL) and "last built 2026-11-26 05:00 UTC" in line, line
    assert "run `timpora build --rotate-key` (see docs/privacy.md)" in line
    assert "otherwise set the key the warehouse was built with" in line
    assert _state(settings) == before  # the alert ids, statuses and notes stay; no build logged
    with pytest.raises(PseudonymKeyChanged):  # the step itself, as the Prefect flow runs it
        steps.build(settings, AS_OF)
    assert _state(settings) == before


def test_build_with_another_key__rotated_with_the_flag(built, monkeypatch):
    settings, config = built
    before = _state(settings)
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", OTHER_KEY)
    result = _invoke(config, "build", "--as-of", "2026-11-26", "--rotate-key")
    assert result.exit_code == 0, result.output
    assert "pseudonym key rotated" in " ".join(result.output.split())
    assert _stored_fingerprint(settings.warehouse) == [(warehouse_key_fingerprint(OTHER_KEY.encode()),)]
    after = _state(settings)
    assert not set(after["persons"]) & set(before["persons"]), "every person id is new"
    # what a rotation does: each alert comes back OPEN under a new id, the old one closed
    old_ids = {row[0] for row in before["alerts"]}
    reopened = [row for row in after["alerts"] if row[0] not in old_ids]
    assert reopened and all(row[2] == "OPEN" and row[3] != "Budi" for row in reopened)
    closed = {(row[2], row[5]) for row in after["alerts"] if row[0] in old_ids}
    assert closed == {("RESOLVED", "NO_LONGER_DETECTED")}
    # the new key is the warehouse's now: the next build with it needs no flag, the old key is refused
    assert _invoke(config, "build", "--as-of", "2026-11-26").exit_code == 0
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
    assert _invoke(config, "build", "--as-of", "2026-11-26").exit_code == 1


def test_rotation_that_fails__keeps_the_old_fingerprint(built, monkeypatch):
    settings, _ = built
    before = _stored_fingerprint(settings.warehouse)
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", OTHER_KEY)

    def broken(*args, **kwargs):
        raise RuntimeError("the staging failed")

    monkeypatch.setattr(steps, "build_staging", broken)
    with pytest.raises(Exception, match="RuntimeError"):
        steps.build(settings, AS_OF, rotate_key=True)
    assert _stored_fingerprint(settings.warehouse) == before
    monkeypatch.undo()
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", OTHER_KEY)
    with pytest.raises(PseudonymKeyChanged):
        steps.build(settings, AS_OF)


def test_warehouse_without_a_fingerprint__takes_the_builds_key(built, monkeypatch):
    # a warehouse built by a release before the guard: nothing to compare with, so the build goes on
    settings, config = built
    con = connect(settings.warehouse)
    con.execute("delete from state.meta where name = ?", [KEY_FINGERPRINT_NAME])
    con.close()
    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", OTHER_KEY)
    result = _invoke(config, "build", "--as-of", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert _stored_fingerprint(settings.warehouse) == [(warehouse_key_fingerprint(OTHER_KEY.encode()),)]


def test_analysts_snapshot__holds_no_key_fingerprint(built):
    settings, _ = built
    assert _stored_fingerprint(settings.restricted_snapshot_path), "the owner-only copy keeps it"
    assert _stored_fingerprint(settings.snapshot_path) == []
    con = duckdb.connect(str(settings.snapshot_path), read_only=True)
    try:
        names = {row[0] for row in con.execute("select name from state.meta").fetchall()}
    finally:
        con.close()
    assert "marts_fingerprint" in names, "the other facts about the warehouse stay"
