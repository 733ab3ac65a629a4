"""How people type values: weighted spellings, loose names and passports, phone numbers, dates, timestamps."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from babel import Locale

from pipelines.demo.records import Person
from pipelines.demo.tables import (
    INDONESIAN_FAMILY,
    INDONESIAN_FEMALE,
    INDONESIAN_MALE,
    NAMES,
    PHONE_PREFIXES,
    Weighted,
)

SHEETS_EPOCH = dt.date(1899, 12, 30)


def month_names(locale: str, width: str) -> tuple[str, ...]:
    """January to December in a locale and width ("wide", "abbreviated"), from CLDR via Babel."""
    months = Locale.parse(locale).months["format"][width]
    return tuple(months[month] for month in range(1, 13))


MONTHS_ID = month_names("id", "wide")
MONTHS_ID_SHORT = month_names("id", "abbreviated")
MONTHS_EN = month_names("en", "wide")

DATE_FORMATTERS: dict[str, Callable[[dt.date], str]] = {
    "d_month_y": lambda d: f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}",
    "d_mon_y": lambda d: f"{d.day} {MONTHS_ID_SHORT[d.month - 1]} {d.year}",
    "dd-mm-yyyy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "dd/mm/yyyy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd.mm.yyyy": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "mm/dd/yyyy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "m/d/yyyy": lambda d: f"{d.month}/{d.day}/{d.year}",
    "month_d_y": lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    "serial": lambda d: str((d - SHEETS_EPOCH).days),
}
# officers type follow-up dates straight into the sheet, which shows them in the sheet's locale
FOLLOWUP_DATE_STYLES = {"id_ID": "dd/mm/yyyy", "en_US": "m/d/yyyy"}
TIMESTAMP_FORMATTERS: dict[str, Callable[[dt.datetime], str]] = {
    "id_dot": lambda t: f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}.{t.minute:02d}.{t.second:02d}",
    "id_colon": lambda t: f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}",
    "en_us": lambda t: f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}",
}


def pick(rng: random.Random, options: Weighted) -> str:
    """Draw one text from (text, weight) pairs."""
    texts = [text for text, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(texts, weights=weights, k=1)[0]


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """Fill a pattern: L a capital letter, 9 a digit, anything else kept."""
    out = []
    for char in pattern:
        if char == "L":
            out.append(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ"))
        elif char == "9":
            out.append(rng.choice("0123456789"))
        else:
            out.append(char)
    return "".join(out)


def indonesian_name(rng: random.Random) -> str:
    """A plausible Indonesian full name (reporters, complainants, officers, spouses)."""
    given = rng.choice(INDONESIAN_MALE + INDONESIAN_FEMALE)
    if rng.random() < 0.15:
        return given
    return f"{given} {rng.choice(INDONESIAN_FAMILY)}"


def phone_number(rng: random.Random) -> str:
    """An Indonesian mobile number typed one of the usual ways."""
    prefix = rng.choice(PHONE_PREFIXES)
    rest = fill_pattern(rng, "99999999")
    style = rng.random()
    if style < 0.35:
        return f"{prefix}-{rest[:4]}-{rest[4:]}"
    if style < 0.6:
        return f"{prefix}{rest}"
    if style < 0.8:
        return f"+62{prefix[1:]}{rest}"
    if style < 0.92:
        return f"62{prefix[1:]}{rest}"
    return f"+62 {prefix[1:]}-{rest[:4]}-{rest[4:]}"


def typo(rng: random.Random, text: str) -> str:
    """Drop or swap one inner letter, as a hurried typist does."""
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def loose_kecamatan(rng: random.Random, name: str) -> str:
    """A kecamatan name as typed: case, missing spaces, a Kec. prefix, now and then a typo."""
    roll = rng.random()
    if roll < 0.45:
        return name
    if roll < 0.6:
        return name.upper()
    if roll < 0.7:
        return name.replace(" ", "")
    if roll < 0.82:
        return f"Kec. {name}"
    if roll < 0.9:
        return f"Kecamatan {name.lower()}"
    if roll < 0.96:
        return name.lower()
    return typo(rng, name)


def loose_desa(rng: random.Random, name: str) -> str:
    """A desa/kelurahan name as typed."""
    roll = rng.random()
    if roll < 0.6:
        return name
    if roll < 0.75:
        return name.upper()
    if roll < 0.88:
        return f"Desa {name}" if rng.random() < 0.5 else f"Kel. {name}"
    return name.lower()


def loose_passport(rng: random.Random, passport: str) -> str:
    """A passport number as typed: lower case, spaces, a dash, stray blanks."""
    roll = rng.random()
    if roll < 0.72:
        return passport
    if roll < 0.8:
        return passport.lower()
    if roll < 0.88:
        return f"{passport[:1]} {passport[1:5]} {passport[5:]}"
    if roll < 0.94:
        return f"{passport[:1]}-{passport[1:]}"
    return f" {passport} "


def full_name_text(rng: random.Random, person: Person) -> str:
    """A person's name as a reporter typed it this time."""
    book = NAMES[person.iso3]
    if book.order == "patronymic":
        link = "bin" if person.sex == "M" else "binti"
        base = f"{person.given} {link} {person.family}"
    elif book.order == "family_first" and rng.random() < 0.7:
        base = f"{person.family} {person.given}"
    else:
        base = f"{person.given} {person.family}"
    roll = rng.random()
    if roll < 0.3:
        return base.upper()
    if roll < 0.36:
        return base.lower()
    if roll < 0.4:
        return f"{base}  "
    return base
