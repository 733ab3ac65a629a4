"""Alert rules at their boundaries and the lifecycle that rebuilds never reset."""

from __future__ import annotations

import hashlib
import hmac
import shutil
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from conftest import AS_OF, REPO, TEST_PSEUDONYM_KEY, as_built_before_hmac, given_reports, given_rows, write_config
from pipelines.alerts.lifecycle import AlertError, change_status
from pipelines.core.config import AlertSettings, load_config
from pipelines.core.pseudonym import hmac_pads
from pipelines.core.warehouse import connect, load_macros
from pipelines.marts.build import build_marts
from pipelines.steps import build, sync_one
from pipelines.transform.staging import build_staging

JAYAPURA = """
[[offices]]
code = "JAYAPURA"
name = "Kantor Imigrasi Kelas I TPI Jayapura"
timezone = "Asia/Jayapura"
kabkota_codes = ["91.71"]
"""


def detected(con) -> list[tuple]:
    return con.execute(
        "select office_code, alert_kind, days_overstayed, days_to_expiry, kecamatan_code "
        "from marts.alerts where is_detected order by all"
    ).fetchall()


def lifecycle(con) -> list[tuple]:
    return con.execute(
        "select alert_kind, status, resolved_reason, status_by, status_note from marts.alerts order by all"
    ).fetchall()


def staying_until(departure: date, expiry: date, **extra) -> dict:
    return {"arrival_date": date(2026, 11, 1), "departure_date": departure, "permit_expiry_date": expiry, **extra}


# --- rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permit_type", "stay_days", "expected"),
    [
        ("BEBAS_VISA", 30, []),
        ("BEBAS_VISA", 31, [("RANAI", "VISA_FREE_LIMIT", 1, None, "21.03.04")]),
        ("VOA", 33, [("RANAI", "VOA_LIMIT", 3, None, "21.03.04")]),
        ("VISA_KUNJUNGAN", 90, []),  # no expiry and no fixed length: nothing to assess
    ],
)
def test_stay_limit_without_expiry(warehouse, permit_type, stay_days, expected):
    settings, con = warehouse
    arrival = date(2026, 10, 1)
    given_reports(
        con,
        {
            "arrival_date": arrival,
            "departure_date": arrival + timedelta(days=stay_days - 1),
            "permit_type": permit_type,
            "submitted_at": datetime(2026, 10, 1, 3, tzinfo=UTC),
        },
    )
    build_marts(con, settings, AS_OF)
    assert detected(con) == expected


def test_stay_limit_counts_the_whole_stay_across_hotels(warehouse):
    settings, con = warehouse
    given_reports(
        con,
        {"arrival_date": date(2026, 10, 1), "departure_date": date(2026, 10, 20), "permit_type": "BEBAS_VISA"},
        {"arrival_date": date(2026, 10, 20), "departure_date": date(2026, 11, 5), "permit_type": "BEBAS_VISA"},
    )
    build_marts(con, settings, AS_OF)
    # 1 Oct + 30 days allowed = last legal day 30 Oct; seen until 5 Nov
    assert detected(con) == [("RANAI", "VISA_FREE_LIMIT", 6, None, "21.03.04")]


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        # 20 Oct between the stays: the current one started 21 Oct and lasted 18 days
        (date(2026, 10, 21), []),
        # arriving the day after leaving: one stay since 1 Oct, whose 30 days ended 30 Oct
        (date(2026, 10, 20), [("RANAI", "VISA_FREE_LIMIT", 8, None, "21.03.04")]),
    ],
)
def test_stay_limit_counts_only_the_current_stay(warehouse, arrival, expected):
    settings, con = warehouse
    given_reports(
        con,
        {"arrival_date": date(2026, 10, 1), "departure_date": date(2026, 10, 19), "permit_type": "BEBAS_VISA"},
        # a shorter report within the first stay does not end it
        {"arrival_date": date(2026, 10, 5), "departure_date": date(2026, 10, 8), "permit_type": "BEBAS_VISA"},
        {"arrival_date": arrival, "departure_date": date(2026, 11, 7), "permit_type": "BEBAS_VISA"},
    )
    build_marts(con, settings, AS_OF)
    assert detected(con) == expected


def test_stay_limit_is_set_per_office(tmp_path):
    settings = load_config(write_config(tmp_path, "[offices.alerts]\nvoa_days = 60\n"))
    assert settings.alert_rules("SERANG").voa_days == 60
    assert settings.alert_rules("RANAI").voa_days == 30


# --- thresholds at their edges (defaults: expiring within 7 days, visa-free and VoA 30 days, present
# --- 30 days after the last evidence of a stay without check-out) -----------------------------------


def test_shipped_config_and_the_defaults_are_the_rules_these_edges_pin():
    pinned = {"expiring_within_days": 7, "visa_free_days": 30, "voa_days": 30, "recent_presence_days": 30}
    shipped = load_config(REPO / "config/timpora.toml").alerts.model_dump()
    assert {name: shipped[name] for name in pinned} == pinned
    assert {name: getattr(AlertSettings(), name) for name in pinned} == pinned


def stay_of(days: int, permit_type: str, **extra) -> dict:
    """A stay of `days` days counting both ends, from 1 September, reported on arrival, without expiry."""
    arrival = date(2026, 9, 1)
    departure = arrival + timedelta(days=days - 1)
    return {
        "arrival_date": arrival,
        "departure_date": departure,
        "permit_type": permit_type,
        "submitted_at": datetime(2026, 9, 1, 3, tzinfo=UTC),
        **extra,
    }


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        pytest.param(staying_until(date(2026, 11, 30), AS_OF + timedelta(days=7)),
                     [("RANAI", "EXPIRING_SOON", 0, 7, "21.03.04")], id="expiry_in_exactly_7_days_is_expiring_soon"),
        pytest.param(staying_until(date(2026, 11, 30), AS_OF + timedelta(days=8)), [],
                     id="expiry_in_8_days_is_not_yet_expiring"),
        pytest.param(stay_of(30, "VOA"), [], id="voa_stay_of_30_days_is_allowed"),
        pytest.param(stay_of(31, "VOA"), [("RANAI", "VOA_LIMIT", 1, None, "21.03.04")],
                     id="voa_stay_of_31_days_is_over"),
        pytest.param(stay_of(30, "BEBAS_VISA"), [], id="visa_free_stay_of_30_days_is_allowed"),
        pytest.param(stay_of(31, "BEBAS_VISA"), [("RANAI", "VISA_FREE_LIMIT", 1, None, "21.03.04")],
                     id="visa_free_stay_of_31_days_is_over"),
        # no check-out: present for 30 days after the last evidence (arrival and report), then not staying
        pytest.param({"arrival_date": AS_OF - timedelta(days=30), "submitted_at": datetime(2026, 10, 25, 3, tzinfo=UTC),
                      "permit_expiry_date": AS_OF + timedelta(days=3)},
                     [("RANAI", "EXPIRING_SOON", 0, 3, "21.03.04")],
                     id="seen_30_days_ago_without_check_out_is_staying"),
        pytest.param({"arrival_date": AS_OF - timedelta(days=31), "submitted_at": datetime(2026, 10, 24, 3, tzinfo=UTC),
                      "permit_expiry_date": AS_OF + timedelta(days=3)},
                     [], id="seen_31_days_ago_without_check_out_is_gone"),
    ],
)  # fmt: skip
def test_threshold_edges(warehouse, report, expected):
    settings, con = warehouse
    given_reports(con, report)
    build_marts(con, settings, AS_OF)
    assert detected(con) == expected


SERANG_RULES = "[offices.alerts]\nexpiring_within_days = 3\nvoa_days = 60\nvisa_free_days = 15\n"
IN_SERANG = {"office_code": "SERANG", "kabkota_code": "36.73", "kecamatan_code": None, "passport_number": "S1"}


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        pytest.param(staying_until(date(2026, 11, 30), AS_OF + timedelta(days=3)),
                     [("RANAI", "EXPIRING_SOON", 0, 3, "21.03.04"), ("SERANG", "EXPIRING_SOON", 0, 3, None)],
                     id="serang_expiring_within_its_3_days"),
        pytest.param(staying_until(date(2026, 11, 30), AS_OF + timedelta(days=4)),
                     [("RANAI", "EXPIRING_SOON", 0, 4, "21.03.04")], id="serang_expiry_in_4_days_is_not_yet_expiring"),
        pytest.param(stay_of(60, "VOA"), [("RANAI", "VOA_LIMIT", 30, None, "21.03.04")],
                     id="serang_voa_stay_of_its_60_days_is_allowed"),
        pytest.param(stay_of(61, "VOA"),
                     [("RANAI", "VOA_LIMIT", 31, None, "21.03.04"), ("SERANG", "VOA_LIMIT", 1, None, None)],
                     id="serang_voa_stay_of_61_days_is_over"),
        pytest.param(stay_of(15, "BEBAS_VISA"), [], id="serang_visa_free_stay_of_its_15_days_is_allowed"),
        pytest.param(stay_of(16, "BEBAS_VISA"), [("SERANG", "VISA_FREE_LIMIT", 1, None, None)],
                     id="serang_visa_free_stay_of_16_days_is_over"),
    ],
)  # fmt: skip
def test_office_overrides_apply_in_the_marts(tmp_path, report, expected):
    """The same stay reported in Ranai (the defaults) and in Serang (its own rules): each office's rules decide."""
    settings = load_config(write_config(tmp_path, SERANG_RULES))
    con = connect(settings.warehouse)
    build_staging(con, settings)
    given_reports(con, report, {**report, **IN_SERANG})
    build_marts(con, settings, AS_OF)
    found = detected(con)
    con.close()
    assert found == expected


# --- lifecycle -------------------------------------------------------------------------------------


def test_alert_id_and_officer_follow_up_survive_rebuilds(warehouse):
    settings, con = warehouse
    given_reports(con, staying_until(AS_OF, date(2026, 11, 20)))
    build_marts(con, settings, AS_OF)
    alert_id = con.execute("select alert_id from marts.alerts").fetchone()[0]
    change_status(con, alert_id[:6], "ACKNOWLEDGED", "Budi", "tim ke lokasi")
    build_marts(con, settings, AS_OF)
    build_marts(con, settings, AS_OF + timedelta(days=1))
    assert con.execute("select alert_id from marts.alerts").fetchall() == [(alert_id,)]
    assert lifecycle(con) == [("OVERSTAY", "ACKNOWLEDGED", None, "Budi", "tim ke lokasi")]
    change_status(con, alert_id, "RESOLVED", "Sari", "dideportasi")
    events = con.execute(
        "select from_status, to_status, changed_by, origin from state.alert_events order by changed_at"
    )
    assert events.fetchall() == [
        (None, "OPEN", "sistem", "build"),
        ("OPEN", "ACKNOWLEDGED", "Budi", "cli"),
        ("ACKNOWLEDGED", "RESOLVED", "Sari", "cli"),
    ]


@pytest.mark.parametrize("key", [b"k", b"x" * 64, b"long secret " * 6, "kunci rahasia ñ".encode()])
def test_pseudonym_is_hmac_sha256_of_the_identity(key):
    con = duckdb.connect()
    load_macros(con, ["pseudonym"])
    messages = ["P|CHN|E1234567", "D|?|MULLER SAHIN|1990-01-31", "subject|ŞAHİN 李|TUR", ""]
    got = con.execute(
        "select pseudonym($hmac_inner, $hmac_outer, message) from unnest($messages) with ordinality as m(message, i) "
        "order by i",
        {**hmac_pads(key), "messages": messages},
    ).fetchall()
    assert [row[0] for row in got] == [_hmac16(key, m) for m in messages]


def test_person_ids_are_keyed_by_the_configured_secret(lodging_settings, monkeypatch):
    settings, _ = lodging_settings
    sync_one(settings, "ranai_lodging")
    as_of = date(2026, 11, 30)  # after every report
    assert build(settings, as_of).full
    staged, persons = _staged_ids_and_persons(settings)
    assert "P|CHN|E12345678" in staged
    assert staged == {identity: _hmac16(TEST_PSEUDONYM_KEY.encode(), identity) for identity in staged}
    assert persons == set(staged.values())

    monkeypatch.setenv("TIMPORA_PSEUDONYM_KEY", "another-pseudonym-key-0123456789abcdef")
    assert build(settings, as_of, rotate_key=True).full, "a new key restages every report"
    rekeyed, persons = _staged_ids_and_persons(settings)
    assert rekeyed == {identity: _hmac16(b"another-pseudonym-key-0123456789abcdef", identity) for identity in staged}
    assert persons == set(rekeyed.values())


def _hmac16(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:16]


def _staged_ids_and_persons(settings) -> tuple[dict[str, str], set[str]]:
    """Each staged identity's person id, and the person ids of marts.persons."""
    con = connect(settings.warehouse, read_only=True)
    try:
        staged = dict(con.execute("select identity_key, person_id from staging.lodging_reports").fetchall())
        persons = {row[0] for row in con.execute("select person_id from marts.persons").fetchall()}
    finally:
        con.close()
    return staged, persons


def test_alerts_keyed_before_hmac_keep_their_follow_up_under_the_new_ids(warehouse):
    settings, con = warehouse
    expiring = staying_until(date(2026, 11, 30), date(2026, 11, 27), passport_number="G7654321")
    given_reports(con, staying_until(AS_OF, date(2026, 11, 20)), expiring)
    build_marts(con, settings, AS_OF)
    alert_ids = sorted(row[0] for row in con.execute("select alert_id from state.alerts").fetchall())
    change_status(con, alert_ids[0], "ACKNOWLEDGED", "Budi", "tim ke lokasi")
    con.execute("insert into state.alert_notifications select 'wa', alert_id, now() from state.alerts")
    legacy = as_built_before_hmac(con, TEST_PSEUDONYM_KEY)
    assert sorted(legacy) == alert_ids and not set(legacy.values()) & set(alert_ids)
    before = con.execute("select status, status_by, status_note from state.alerts order by status").fetchall()

    build_marts(con, settings, AS_OF + timedelta(days=1))
    assert sorted(row[0] for row in con.execute("select alert_id from state.alerts").fetchall()) == alert_ids
    assert con.execute("select status, status_by, status_note from state.alerts order by status").fetchall() == before
    for table in ("alert_events", "alert_notifications"):
        ids = {row[0] for row in con.execute(f"select alert_id from state.{table}").fetchall()}  # noqa: S608
        assert ids == set(alert_ids), table
    assert dict(con.execute("select alert_id, alert_id_before from state.alert_id_aliases").fetchall()) == legacy
    assert con.execute("select value from state.meta where name = 'pseudonym_scheme'").fetchall() == [("hmac-sha256",)]
    old_id = legacy[alert_ids[0]]
    change_status(con, old_id[:8], "RESOLVED", "Sari", "dideportasi")  # an id from a report printed before
    assert con.execute("select status from state.alerts where alert_id = ?", [alert_ids[0]]).fetchall() == [
        ("RESOLVED",)
    ]
    build_marts(con, settings, AS_OF + timedelta(days=2))
    assert con.execute("select count(*) from state.alert_id_aliases").fetchall() == [(2,)], "carried over once"
    assert con.execute("select count(*) from state.alerts").fetchall() == [(2,)], "no alert raised twice"


def test_status_changes_that_make_no_sense_are_refused(warehouse):
    settings, con = warehouse
    given_reports(con, staying_until(AS_OF, date(2026, 11, 20)))
    build_marts(con, settings, AS_OF)
    alert_id = con.execute("select alert_id from marts.alerts").fetchone()[0]
    with pytest.raises(AlertError, match="name the officer"):
        change_status(con, alert_id, "ACKNOWLEDGED", " ")
    with pytest.raises(AlertError, match="no alert with id"):
        change_status(con, "abcdef0123456789" if not alert_id.startswith("abcd") else "0000", "RESOLVED", "Budi")
    with pytest.raises(AlertError, match="not an alert id"):
        change_status(con, "'; drop table state.alerts; --", "RESOLVED", "Budi")
    change_status(con, alert_id, "RESOLVED", "Budi")
    with pytest.raises(AlertError, match="already RESOLVED"):
        change_status(con, alert_id, "ACKNOWLEDGED", "Sari")


@pytest.mark.parametrize(
    ("later_report", "reason"),
    [
        ({"permit_expiry_date": date(2027, 2, 1), "permit_type": "VISA_KUNJUNGAN"}, "EXTENDED"),
        ({"permit_expiry_date": date(2027, 11, 1), "permit_type": "KITAS"}, "KITAS_KITAP"),
        ({"departure_date": date(2026, 11, 22)}, "DEPARTED"),
    ],
)
def test_later_report_closes_alert_with_reason(warehouse, later_report, reason):
    settings, con = warehouse
    given_reports(con, staying_until(date(2026, 11, 30), date(2026, 11, 27), permit_type="VISA_KUNJUNGAN"))
    build_marts(con, settings, AS_OF)
    assert lifecycle(con) == [("EXPIRING_SOON", "OPEN", None, "sistem", None)]
    given_reports(
        con,
        {"arrival_date": date(2026, 11, 1), "submitted_at": datetime(2026, 11, 22, 3, tzinfo=UTC), **later_report},
        first_row=3,
    )
    build_marts(con, settings, AS_OF)
    assert lifecycle(con) == [("EXPIRING_SOON", "RESOLVED", reason, "sistem", None)]


def test_expiring_alert_escalates_to_overstay(warehouse):
    settings, con = warehouse
    given_reports(con, staying_until(date(2026, 12, 5), date(2026, 11, 26)))
    build_marts(con, settings, AS_OF)
    build_marts(con, settings, date(2026, 11, 28))
    assert lifecycle(con) == [
        ("EXPIRING_SOON", "RESOLVED", "ESCALATED", "sistem", None),
        ("OVERSTAY", "OPEN", None, "sistem", None),
    ]


def test_closed_alert_reopens_only_if_the_system_closed_it(warehouse):
    settings, con = warehouse
    given_reports(con, staying_until(date(2026, 11, 30), date(2026, 11, 27)))
    given_reports(
        con, staying_until(date(2026, 11, 30), date(2026, 11, 28), full_name="ANNA", passport_number="X1"), first_row=5
    )
    build_marts(con, settings, AS_OF)
    officer_closed = con.execute("select alert_id from marts.alerts where permit_expiry_date = '2026-11-28'").fetchone()
    change_status(con, officer_closed[0], "RESOLVED", "Budi")
    con.execute("create table hidden as select * from staging.lodging_reports")
    con.execute("delete from staging.lodging_reports")  # the rows were corrected away in the sheet
    build_marts(con, settings, AS_OF + timedelta(days=1))
    assert {row[2] for row in lifecycle(con)} == {"NO_LONGER_DETECTED", "OFFICER"}
    con.execute("insert into staging.lodging_reports select * from hidden")  # and came back
    build_marts(con, settings, AS_OF + timedelta(days=2))
    assert lifecycle(con) == [
        ("EXPIRING_SOON", "OPEN", None, "sistem", None),
        ("EXPIRING_SOON", "RESOLVED", "OFFICER", "Budi", None),
    ]


def test_rebuild_for_an_earlier_date_changes_no_follow_up(warehouse):
    settings, con = warehouse
    given_reports(con, staying_until(date(2026, 12, 5), date(2026, 11, 26)))
    build_marts(con, settings, date(2026, 11, 28))
    before, state_before = lifecycle(con), alert_state(con)
    build_marts(con, settings, AS_OF, office_todays=todays(settings, date(2026, 11, 28)))
    assert lifecycle(con) == before
    assert alert_state(con) == state_before


# --- what-if builds: only a build as of the office's today changes the state ------------------------

WHAT_IF_DATE = date(2031, 1, 15)


def todays(settings, day: date) -> dict[str, date]:
    return {office.code: day for office in settings.offices}


def alert_state(con) -> dict[str, list[tuple]]:
    """The alert tables and marts.alerts without their timestamps (which differ from run to run)."""
    stamps = {"raised_at", "status_at", "changed_at", "sent_at", "published_at", "replaced_at"}
    state = {}
    for table in ("marts.alerts", "state.alerts", "state.alert_events", "state.alert_notifications",
                  "state.published_followups", "state.publishes", "state.alert_id_aliases"):  # fmt: skip
        columns = [row[0] for row in con.execute(f"describe {table}").fetchall() if row[0] not in stamps]
        state[table] = con.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()
    return state


def given_two_alerts_one_acknowledged(con, settings) -> None:
    """An overstay and an expiring permit (acknowledged by an officer), built as of AS_OF, today."""
    given_reports(
        con,
        staying_until(date(2026, 11, 30), date(2026, 11, 20)),
        staying_until(date(2026, 12, 5), date(2026, 11, 28), full_name="ANNA", passport_number="X1"),
    )
    build_marts(con, settings, AS_OF)
    [(expiring,)] = con.execute("select alert_id from marts.alerts where alert_kind = 'EXPIRING_SOON'").fetchall()
    change_status(con, expiring, "ACKNOWLEDGED", "Budi", "cek hotel")


def then_a_new_overstayer_and_the_next_day(con, settings) -> None:
    given_reports(con, staying_until(date(2026, 11, 30), date(2026, 11, 22), full_name="BOB", passport_number="Y2"),
                  first_row=10)  # fmt: skip
    build_marts(con, settings, AS_OF + timedelta(days=1))


@pytest.fixture
def control(warehouse, tmp_path):
    """A second warehouse like `warehouse`, for a control run."""
    settings, con = warehouse
    con.execute("checkpoint")
    shutil.copyfile(settings.warehouse, tmp_path / "control.duckdb")
    control = connect(tmp_path / "control.duckdb")
    yield control
    control.close()


def test_future_dated_build_is_a_what_if_and_the_next_build_equals_a_control_run(warehouse, control):
    settings, con = warehouse
    for run in (con, control):
        given_two_alerts_one_acknowledged(run, settings)
    before = alert_state(con)
    build_marts(con, settings, WHAT_IF_DATE, office_todays=todays(settings, AS_OF))
    what_if = alert_state(con)
    assert {table: rows for table, rows in what_if.items() if table != "marts.alerts"} == {
        table: rows for table, rows in before.items() if table != "marts.alerts"
    }, "a what-if leaves every state table as it was"
    assert what_if["marts.alerts"] != before["marts.alerts"], "its marts show the alerts as of that date"
    assert con.execute("select * from intermediate.alert_what_if_offices order by all").fetchall() == [
        ("RANAI", WHAT_IF_DATE, AS_OF),
        ("SERANG", WHAT_IF_DATE, AS_OF),
    ]
    for run in (con, control):
        then_a_new_overstayer_and_the_next_day(run, settings)
    assert alert_state(con) == alert_state(control)
    open_kinds = "select alert_kind, status from marts.alerts where is_open order by all"
    assert con.execute(open_kinds).fetchall() == [
        ("EXPIRING_SOON", "ACKNOWLEDGED"),
        ("OVERSTAY", "OPEN"),
        ("OVERSTAY", "OPEN"),
    ]


def test_warehouse_damaged_by_a_future_dated_build_heals_on_the_next_build(warehouse, control):
    settings, con = warehouse
    for run in (con, control):
        given_two_alerts_one_acknowledged(run, settings)
    build_marts(con, settings, WHAT_IF_DATE)  # as an earlier release did: the future date taken as today
    damaged = "select alert_kind, status, resolved_reason from state.alerts order by all"
    assert ("EXPIRING_SOON", "RESOLVED", "ESCALATED") in con.execute(damaged).fetchall()
    for run in (con, control):
        then_a_new_overstayer_and_the_next_day(run, settings)
    open_alerts = (
        "select alert_id, alert_kind, status, status_by, status_note, raised_on, last_detected_on, is_detected "
        "from marts.alerts where is_open order by all"
    )
    assert con.execute(open_alerts).fetchall() == control.execute(open_alerts).fetchall()
    assert len(control.execute(open_alerts).fetchall()) == 3, "the new overstayer is raised"
    # the overstay only the future date saw is closed, its dates no later than today
    assert con.execute(
        "select alert_kind, status, resolved_reason, raised_on, resolved_on from state.alerts "
        "where alert_id not in (select alert_id from marts.alerts where is_open)"
    ).fetchall() == [
        ("OVERSTAY", "RESOLVED", "NO_LONGER_DETECTED", AS_OF + timedelta(days=1), AS_OF + timedelta(days=1))
    ]
    undone = "select from_status, to_status, changed_by from state.alert_events where note = 'FUTURE_CLOSE_UNDONE'"
    assert con.execute(undone).fetchall() == [("RESOLVED", "ACKNOWLEDGED", "sistem")]
    assert con.execute("select max(last_detected_on) from state.alerts").fetchone()[0] == AS_OF + timedelta(days=1)


def test_build_as_of_another_date_says_so_and_leaves_the_state(lodging_settings, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from pipelines import steps
    from pipelines.cli import app

    settings, _ = lodging_settings
    sync_one(settings, "ranai_lodging")
    noon = datetime(2026, 11, 26, 5, tzinfo=UTC)  # 26 November in every office
    monkeypatch.setattr(steps, "utc_now", lambda: noon)
    config = tmp_path / "timpora.toml"
    command = ["--config", str(config), "build", "--as-of", "2031-01-15"]
    output = CliRunner().invoke(app, command, env={"COLUMNS": "200"}).output
    assert "what-if: 2031-01-15 is not today for RANAI, SERANG; their alert state is unchanged" in output
    con = connect(settings.warehouse)
    assert con.execute("select count(*) from state.alerts").fetchone() == (0,)
    con.close()
    result = build(settings, date(2026, 11, 26), now=noon)
    assert result.what_if_offices == () and result.alerts == 1
    con = connect(settings.warehouse)
    assert con.execute("select alert_kind, status from state.alerts").fetchall() == [("OVERSTAY", "OPEN")]
    con.close()


# --- complaints ------------------------------------------------------------------------------------


def given_complaint(con, number: int, submitted: date, status: str = "BARU", followup: date | None = None, **extra):
    row = {
        "source_name": "serang_complaint",
        "office_code": "SERANG",
        "response_key": f"c{number}",
        "raw_version": 1,
        "sheet_row_number": number,
        "submitted_at": datetime.combine(submitted, datetime.min.time(), UTC) + timedelta(hours=3),
        "submitted_date": submitted,
        "complainant_name": "PELAPOR RAHASIA",
        "complainant_phone": "+6281234567890",
        "category": "ILLEGAL_WORK",
        "kabkota_code": "36.73",
        "followup_status": status,
        "followup_date": followup,
        **extra,
    }
    given_rows(con, "staging.complaints", [row])


def test_complaint_sla_and_time_to_first_response(tmp_path):
    settings = load_config(write_config(tmp_path, JAYAPURA + "[offices.alerts]\ncomplaint_sla_days = 1\n"))
    con = connect(settings.warehouse)
    build_staging(con, settings)
    given_complaint(con, 2, AS_OF - timedelta(days=3))  # exactly at the SLA: not yet overdue
    given_complaint(con, 3, AS_OF - timedelta(days=4))
    given_complaint(con, 4, AS_OF - timedelta(days=6), "DITINDAKLANJUTI", AS_OF - timedelta(days=4))
    given_complaint(con, 5, AS_OF - timedelta(days=6), "SELESAI")  # responded, date not written down
    given_complaint(con, 6, AS_OF - timedelta(days=2), office_code="JAYAPURA", kabkota_code="91.71")
    build_marts(con, settings, AS_OF)
    rows = con.execute(
        "select office_code, is_responded, days_to_first_response, days_open, is_overdue from marts.complaints "
        "order by submitted_date, office_code, days_to_first_response nulls last"
    ).fetchall()
    assert rows == [
        ("SERANG", True, 2, None, False),
        ("SERANG", True, None, None, False),
        ("SERANG", False, None, 4, True),
        ("SERANG", False, None, 3, False),
        ("JAYAPURA", False, None, 2, True),
    ]
    columns = {row[0] for row in con.execute("describe marts.complaints").fetchall()}
    assert not {"complainant_name", "complainant_phone"} & columns
