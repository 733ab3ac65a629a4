"""The benchmark's input: one large Ranai-style lodging CSV, drawn with the demo's tables and typing habits.

bench/run.py writes it once per size; tests/integration/test_kill.py uses it for a sheet of realistic
rows. It reuses the demo's offices, spellings and places (pipelines.demo) but, unlike the demo, draws
columns with numpy and pyarrow rather than simulating stays row by row, so a million rows take seconds.
There is no truth file for it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from pipelines.demo.forms import GARBAGE_RATE
from pipelines.demo.people import PASSPORT_NONE_RATE, make_place
from pipelines.demo.records import WEEKS, days
from pipelines.demo.spelling import DATE_FORMATTERS, TIMESTAMP_FORMATTERS, loose_desa, loose_kecamatan
from pipelines.demo.tables import (
    KABKOTA_SPELLINGS,
    NAMES,
    NATIONALITY_SPELLINGS,
    OFFICE_BY_CODE,
    PASSPORT_PATTERNS,
    PERMIT_SPELLINGS,
    PROFILES,
    PURPOSE_SPELLINGS,
    SEX_SPELLINGS,
    OfficeSpec,
    Weighted,
)

__all__ = ["BENCH_ANCHOR", "WEEKS", "rows_for_benchmark"]

BENCH_ANCHOR = dt.date(2026, 1, 5)
BENCH_DAYS_BEFORE = 400
BENCH_CHUNK_ROWS = 1 << 17


def _probabilities(weights: Sequence[float]) -> np.ndarray:
    values = np.asarray(weights, dtype=float)
    return values / values.sum()


def _spelled(canonical: Weighted, spellings: dict[str, Weighted]) -> Weighted:
    """Flatten weighted canonical values into weighted spellings of them."""
    out = []
    for value, weight in canonical:
        total = sum(w for _, w in spellings[value])
        out += [(text, weight * w / total) for text, w in spellings[value]]
    return tuple(out)


@dataclass(frozen=True)
class _Lookup:
    """Texts for a column, and per group the slice of them to draw from (with probabilities)."""

    texts: list[str]
    starts: tuple[int, ...]
    probabilities: tuple[np.ndarray, ...]


def _lookup(options: Sequence[Weighted], extra: Sequence[str] = ()) -> _Lookup:
    """A lookup with one group per weighted option list; `extra` texts are appended after them."""
    texts: list[str] = []
    starts = []
    for weighted in options:
        starts.append(len(texts))
        texts += [text for text, _ in weighted]
    return _Lookup(texts + list(extra), tuple(starts), tuple(_probabilities([w for _, w in o]) for o in options))


def _draw_in_groups(gen: np.random.Generator, lookup: _Lookup, groups: np.ndarray) -> np.ndarray:
    """Per row, the index of a text drawn from its group's options."""
    indices = np.zeros(len(groups), dtype=np.int64)
    for group, (start, probabilities) in enumerate(zip(lookup.starts, lookup.probabilities, strict=True)):
        mask = groups == group
        indices[mask] = start + gen.choice(len(probabilities), size=int(mask.sum()), p=probabilities)
    return indices


def _passports(gen: np.random.Generator, patterns: Sequence[str], groups: np.ndarray) -> np.ndarray:
    """Passport numbers from each group's pattern, filled as a byte matrix (trailing NULs drop)."""
    letters = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZ", dtype=np.uint8)
    digits = np.frombuffer(b"0123456789", dtype=np.uint8)
    matrix = np.zeros((len(groups), 9), dtype=np.uint8)
    for group, pattern in enumerate(patterns):
        rows = np.flatnonzero(groups == group)
        for position, char in enumerate(pattern):
            if char == "L":
                matrix[rows, position] = letters[gen.integers(0, len(letters), len(rows))]
            elif char == "9":
                matrix[rows, position] = digits[gen.integers(0, 10, len(rows))]
            else:
                matrix[rows, position] = ord(char)
    return matrix.view("S9").ravel()


def _bench_people(gen: np.random.Generator, spec: OfficeSpec, count: int) -> dict:
    """A pool of persons: name and passport as typed (pyarrow arrays), nationality group, mix row."""
    codes = sorted({iso3 for iso3, _, _ in spec.mix})
    mix_row = gen.choice(len(spec.mix), size=count, p=_probabilities([w for _, _, w in spec.mix]))
    group = np.array([codes.index(iso3) for iso3, _, _ in spec.mix])[mix_row]
    books = [NAMES[code] for code in codes]
    given = _lookup([tuple((n, 1.0) for n in b.male + b.female) for b in books])
    family = _lookup([tuple((n, 1.0) for n in b.family) for b in books])
    given_col = pc.take(pa.array(given.texts), _draw_in_groups(gen, given, group))
    family_col = pc.take(pa.array(family.texts), _draw_in_groups(gen, family, group))
    family_first = pa.array(np.array([b.order == "family_first" for b in books])[group])
    names = pc.if_else(
        family_first,
        pc.binary_join_element_wise(family_col, given_col, " "),
        pc.binary_join_element_wise(given_col, family_col, " "),
    )
    raw = pa.array(_passports(gen, [PASSPORT_PATTERNS[c] for c in codes], group), pa.binary()).cast(pa.string())
    roll = gen.random(count)
    passports = pc.if_else(pa.array(roll < 0.08), pc.utf8_lower(raw), raw)
    passports = pc.if_else(pa.array(roll > 1 - PASSPORT_NONE_RATE), pa.scalar(""), passports)
    return {
        "full_name": names,
        "passport_number": passports,
        "group": group,
        "mix_row": mix_row,
        "codes": codes,
    }


@dataclass(frozen=True)
class _BenchParts:
    """Everything drawn once for the benchmark file; rows are then indices into it, chunk by chunk."""

    people: dict
    lookups: dict[str, _Lookup]
    places: dict[str, list[str]]
    dates: list[str]
    stamp_days: list[str]
    clock: list[str]


def _bench_places(rng: random.Random, spec: OfficeSpec) -> dict[str, list[str]]:
    """A few places per establishment name, each with several loose spellings of its kecamatan and desa."""
    places = [make_place(rng, spec, name) for name in spec.hotels + spec.sponsors for _ in range(3)]
    columns = {
        key: [getattr(p, attr) for p in places]
        for key, attr in (
            ("establishment_name", "name"),
            ("reporter_name", "reporter"),
            ("reporter_phone", "phone"),
            ("address", "address"),
        )
    }
    columns["kecamatan"] = [loose_kecamatan(rng, p.kecamatan_name) for p in places for _ in range(8)]
    columns["desa"] = [loose_desa(rng, p.desa_name) for p in places for _ in range(4)]
    return columns


def _bench_parts(gen: np.random.Generator, spec: OfficeSpec, people_count: int) -> _BenchParts:
    """Draw the persons and places and format every text the rows will point at."""
    styles = [style for style, _ in spec.date_styles]
    offsets = range(-BENCH_DAYS_BEFORE, WEEKS * 7 + 800)
    stamp = TIMESTAMP_FORMATTERS[spec.timestamp_style]
    lookups = {
        "nationality": _lookup([NATIONALITY_SPELLINGS[c] for c in sorted({m[0] for m in spec.mix})], ("-",)),
        "permit_type": _lookup([_spelled(PROFILES[m[1]].permits, PERMIT_SPELLINGS) for m in spec.mix]),
        "purpose": _lookup([_spelled(PROFILES[m[1]].purposes, PURPOSE_SPELLINGS) for m in spec.mix]),
        "sex": _lookup([SEX_SPELLINGS["M"] + SEX_SPELLINGS["F"]]),
        "kabkota": _lookup([KABKOTA_SPELLINGS[spec.kabkota[0][0]]]),
        "date_style": _lookup([spec.date_styles]),
    }
    return _BenchParts(
        people=_bench_people(gen, spec, people_count),
        lookups=lookups,
        places=_bench_places(random.Random(int(gen.integers(0, 2**31))), spec),
        dates=[DATE_FORMATTERS[s](BENCH_ANCHOR + days(o)) for o in offsets for s in styles] + ["", "32/13/2026"],
        stamp_days=[stamp(dt.datetime.combine(BENCH_ANCHOR + days(o), dt.time()))[:-9] for o in range(WEEKS * 7)],
        clock=[f"{s // 3600:02d}.{s // 60 % 60:02d}.{s % 60:02d}" for s in range(86400)],
    )


def _bench_person_columns(gen: np.random.Generator, parts: _BenchParts, size: int) -> dict:
    """Columns that follow the person reported: name, passport, nationality, permit, purpose, sex."""
    people, lookups = parts.people, parts.lookups
    who = gen.integers(0, len(people["group"]), size)
    names = people["full_name"].take(pa.array(who))
    nationality = _draw_in_groups(gen, lookups["nationality"], people["group"][who])
    nationality[gen.random(size) < GARBAGE_RATE / 2] = len(lookups["nationality"].texts) - 1
    columns = {
        "full_name": pc.if_else(pa.array(gen.random(size) < 0.3), pc.utf8_upper(names), names),
        "passport_number": people["passport_number"].take(pa.array(who)),
        "nationality": pc.take(pa.array(lookups["nationality"].texts), nationality),
        "sex": pc.take(pa.array(lookups["sex"].texts), _draw_in_groups(gen, lookups["sex"], np.zeros(size))),
    }
    for name in ("permit_type", "purpose"):
        indices = _draw_in_groups(gen, lookups[name], people["mix_row"][who])
        columns[name] = pc.take(pa.array(lookups[name].texts), indices)
    return columns


def _bench_date_columns(gen: np.random.Generator, parts: _BenchParts, seconds: np.ndarray) -> dict:
    """Timestamps (already in sheet order) and arrival, check-out and expiry dates in each row's style."""
    size, n_styles = len(seconds), len(parts.lookups["date_style"].texts)
    style = _draw_in_groups(gen, parts.lookups["date_style"], np.zeros(size))
    day = seconds // 86400
    arrival = np.maximum(day - gen.choice(np.array([0, 0, 0, 1, 2]), size), 0)
    departure = arrival + gen.integers(1, 12, size)
    expiry = arrival + gen.choice(np.array([30, 30, 60, 180, 365]), size)
    arrival_at = (arrival + BENCH_DAYS_BEFORE) * n_styles + style
    arrival_at[gen.random(size) < GARBAGE_RATE / 2] = len(parts.dates) - 1
    departure_at = np.where(
        gen.random(size) < 0.18, len(parts.dates) - 2, (departure + BENCH_DAYS_BEFORE) * n_styles + style
    )
    dates = pa.array(parts.dates)
    stamps = pc.binary_join_element_wise(
        pc.take(pa.array(parts.stamp_days), day), pc.take(pa.array(parts.clock), seconds % 86400), " "
    )
    return {
        "submitted_at": stamps,
        "arrival_date": pc.take(dates, arrival_at),
        "departure_date": pc.take(dates, departure_at),
        "permit_expiry_date": pc.take(dates, (expiry + BENCH_DAYS_BEFORE) * n_styles + style),
    }


def _bench_place_columns(gen: np.random.Generator, parts: _BenchParts, size: int) -> dict:
    """Reporter, establishment and location columns of the place each row comes from."""
    places = parts.places
    which = gen.integers(0, len(places["address"]), size)
    columns = {
        key: pc.take(pa.array(places[key]), which)
        for key in ("establishment_name", "reporter_name", "reporter_phone", "address")
    }
    columns["kecamatan"] = pc.take(pa.array(places["kecamatan"]), which * 8 + gen.integers(0, 8, size))
    columns["desa"] = pc.take(pa.array(places["desa"]), which * 4 + gen.integers(0, 4, size))
    kabkota = parts.lookups["kabkota"]
    columns["kabkota"] = pc.take(pa.array(kabkota.texts), _draw_in_groups(gen, kabkota, np.zeros(size)))
    return columns


def rows_for_benchmark(n_rows: int, out_path: Path, seed: int = 2026) -> Path:
    """Write one large Ranai-style lodging CSV of n_rows data rows for the benchmark, fast.

    Same header texts and the same kinds of mess as the Ranai lodging form (spellings, loose
    kecamatan, mixed date styles, blank check-outs, about 1.5% unreadable values). Rows are indices
    into texts drawn once, turned into columns by pyarrow in chunks, never a loop per row. Persons
    recur (about four reports each). Nothing is quoted (no value needs it), as in a Sheets
    download. There is no truth file for it.

    Args:
        n_rows: data rows to write (header excluded).
        out_path: the CSV file to write; its folder is created.
        seed: the random seed; the same seed and n_rows give a byte-identical file.

    Returns:
        out_path.
    """
    spec = OFFICE_BY_CODE["RANAI"]
    gen = np.random.default_rng(seed)
    parts = _bench_parts(gen, spec, max(1, n_rows // 4))
    seconds = np.sort(gen.integers(0, WEEKS * 7 * 86400, n_rows))
    headers = [text for _, text in spec.lodging_headers]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with out_path.open("wb") as handle:
        handle.write((",".join(headers) + "\n").encode())
        for start in range(0, n_rows, BENCH_CHUNK_ROWS):
            chunk = seconds[start : start + BENCH_CHUNK_ROWS]
            columns = _bench_person_columns(gen, parts, len(chunk))
            columns |= _bench_date_columns(gen, parts, chunk) | _bench_place_columns(gen, parts, len(chunk))
            table = pa.table([columns[name] for name, _ in spec.lodging_headers], names=headers)
            pa_csv.write_csv(table, handle, options)
    return out_path
