"""Nationalities as typed in the forms, resolved to ISO 3166-1 alpha-3 codes."""

from __future__ import annotations

import functools
import gettext
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from pipelines.transform.normalise.base import Parsed

# words around a nationality that say nothing about which one: prefixes ("WN", "warga negara",
# "national of", "X citizen") and joining words; dropped before any lookup
FILLER_WORDS = frozenset(
    {"warga", "negara", "warganegara", "wn", "wna", "asing", "kewarganegaraan", "berkewarganegaraan",
     "kebangsaan", "bangsa", "orang", "asal", "citizen", "citizens", "citizenship", "nationality", "national",
     "nationals", "the", "of", "and", "dan"}
)  # fmt: skip
# words shared by many country names: a match must never rest on them, so the "core" of a name
# (what is left without them) is what a shortened name or a typo is compared with
GENERIC_WORDS = frozenset(
    {"kepulauan", "pulau", "islands", "island", "isles", "republik", "republic", "federasi", "federation",
     "federal", "federated", "kerajaan", "kingdom", "democratic", "demokratik", "rakyat", "people", "peoples",
     "united", "persatuan", "serikat", "bersatu", "commonwealth", "persemakmuran", "state", "states",
     "islamic", "islam", "socialist", "sosialis", "plurinational", "bolivarian", "oriental", "sultanate",
     "kesultanan", "principality", "grand", "duchy", "territory", "territories", "wilayah", "teritori",
     "sar", "dak", "special", "administrative", "region"}
)  # fmt: skip
# spellings folded to one before lookup ("St. Lucia" is "Saint Lucia", "Kep. Solomon" "Kepulauan Solomon")
_WORD_FORMS = {"st": "saint", "ste": "sainte", "kep": "kepulauan"}
# a typo is accepted only in a name of at least this many letters (without generic words)
TYPO_MIN_LETTERS = 5
_MAX_LEN = 100
_PART_SEPARATORS = re.compile(r"[/()\[\],;|&+]|\s(?:dan|and|atau|or)\s", re.IGNORECASE)
# a CLDR territory code that can be ISO 3166-1 alpha-2 (regions are numbers: "001", "419")
_ISO_ALPHA2 = re.compile(r"[A-Z]{2}")
# the code of a fuzzy choice that names no country
_NO_COUNTRY = ""


def fold_country_text(text: str) -> str:
    """Casefold, drop accents and apostrophes, turn other punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['\u2019`]", "", plain)
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def normalise_country_text(text: str) -> str:
    """Fold a nationality for lookup: casefold, no accents or punctuation, no filler words."""
    words = (_WORD_FORMS.get(word, word) for word in fold_country_text(text).split())
    return " ".join(word for word in words if word not in FILLER_WORDS)


def core_of(key: str) -> str:
    """A normalised name without its generic words ("kepulauan cayman" -> "cayman")."""
    return " ".join(word for word in key.split() if word not in GENERIC_WORDS)


class CountryResolver:
    """Resolves typed nationalities to alpha-3 codes from CLDR, pycountry and a reviewed alias file.

    Names come from CLDR (Babel: every territory in Indonesian and English), pycountry (name,
    official and common name, its Indonesian catalogue), the alias file's local names ("RRT",
    "Korsel") and its English demonyms ("Nigerien", "Filipino"). Lookup order: ambiguous names
    (NATIONALITY_AMBIGUOUS), aliases ("alias"), ISO codes ("code"; two-letter codes only when typed
    in capitals, so "no" is not Norway), names ("name") and demonyms ("demonym"), the same with
    spaces removed ("Hongkong") or the words in another order, parts of a compound answer
    ("Tiongkok (China)") that all agree, and last the name without its generic words ("Republik
    Jerman", "Cayman": "name") or a typo ("fuzzy", with its rapidfuzz ratio as score).

    A name that fits two countries is NATIONALITY_AMBIGUOUS, never picked: also a bare name that is
    what another country's name leaves without its generic words ("Dominika" is Dominica, and
    "Republik Dominika" without "Republik"). A typo resolves only in a name of five letters or more,
    when one country is one slip away (a letter missing, extra or wrong, or two swapped) and no other
    country, and no CLDR region ("Americas"), is: "Austrlia" is as close to Austria as to Australia.
    """

    def __init__(self, aliases_path: Path) -> None:
        """Build the index; the reference names are read once per process.

        Args:
            aliases_path: the TOML alias file (`config/nationality_aliases.toml`).

        Raises:
            ValueError: the alias file names an unknown code or gives one alias two codes.
        """
        config = tomllib.loads(Path(aliases_path).read_text(encoding="utf-8"))
        self._aliases = _alias_index(config.get("aliases", {}))
        self._ambiguous = {
            normalise_country_text(name): tuple(_checked(codes)) for name, codes in config.get("ambiguous", {}).items()
        }
        self._alpha3 = {c.alpha_3.casefold(): c.alpha_3 for c in pycountry.countries}
        self._alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        demonyms = [(name, code) for code, names in config.get("demonyms", {}).items() for name in names]
        _checked(sorted({code for _, code in demonyms}))
        aliases = [(name, code) for code, names in config.get("aliases", {}).items() for name in names]
        self._names, self._cores = _reference_index()
        self._demonyms = _index(demonyms)
        known = list(_pairs(self._names, self._demonyms, {key: {code} for key, code in self._aliases.items()}))
        # the same words run together ("Hongkong") or in another order ("Kongo, Republik Demokratik")
        self._compact = _index((key.replace(" ", ""), code) for key, code in known)
        self._unordered = _index((_unordered(key), code) for key, code in known)
        # typos are measured against the names as indexed, without generic words, and as written
        # ("Saint Kitts dna Nevis" is one slip from "Saint Kitts dan Nevis", four from "saint kitts nevis")
        choices = set(known) | set(_pairs(self._cores))
        choices |= {(fold_country_text(name), code) for name, code in _reference_pairs() + demonyms + aliases}
        # CLDR's regions and non-ISO territories ("Americas", "Micronesian Region", "Kosovo") are no
        # nationality, and a name close to one is no typo of a country
        for name in _cldr_non_countries():
            choices |= {(fold_country_text(name), _NO_COUNTRY), (core_of(normalise_country_text(name)), _NO_COUNTRY)}
        ordered = sorted(choice for choice in choices if choice[0].strip())
        self._fuzzy_keys = [key for key, _ in ordered]
        self._fuzzy_codes = [code for _, code in ordered]
        self._fuzzy_letters = [len(core_of(key).replace(" ", "")) for key in self._fuzzy_keys]
        self._cached = functools.lru_cache(maxsize=8192)(self._resolve)

    def resolve(self, text: str) -> Parsed[str]:
        """Resolve a typed nationality to an ISO 3166-1 alpha-3 code.

        Args:
            text: the answer as typed, e.g. "WN Tiongkok", "Korsel", "Nigerien", "Philipines".

        Returns:
            `Parsed("CHN", method=...)`; `Parsed(None, None)` for blank text or text with no letter
            or digit; else NATIONALITY_UNKNOWN or NATIONALITY_AMBIGUOUS. Indonesia resolves to IDN:
            flagging citizens is the caller's business.
        """
        return self._cached(text)

    def _resolve(self, text: str) -> Parsed[str]:
        if not text or not any(ch.isalnum() for ch in text):
            return Parsed(None, None)
        if len(text) > _MAX_LEN:
            return Parsed(None, "NATIONALITY_UNKNOWN")
        found = self._exact(text)
        if found is None:
            found = self._by_parts(text)
        if found is None:
            found = self._fuzzy(text)
        return found

    def _exact(self, text: str) -> Parsed[str] | None:
        key = normalise_country_text(text)
        stripped = text.strip()
        if key in self._ambiguous:
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        if key in self._aliases:
            return Parsed(self._aliases[key], None, "alias")
        # a code is typed in one case ("DEU", "deu"; "AND" before "and" is dropped as a joining word);
        # "Nga" is a word (Vietnamese for Russia)
        if len(stripped) == 3 and stripped.casefold() in self._alpha3 and (stripped.isupper() or stripped.islower()):
            return Parsed(self._alpha3[stripped.casefold()], None, "code")
        if len(stripped) == 2 and stripped in self._alpha2:
            return Parsed(self._alpha2[stripped], None, "code")
        return self._by_name(key) if key else None

    def _by_name(self, key: str) -> Parsed[str] | None:
        names, demonyms = self._names.get(key, set()), self._demonyms.get(key, set())
        if core_of(key) == key:
            # a bare name must not be what another country's name leaves without its generic words
            names = names | self._cores.get(key, set())
        if names or demonyms:
            return _one_of(names | demonyms, "name" if names else "demonym")
        return _one_of(self._compact.get(key.replace(" ", "")), "name") or _one_of(
            self._unordered.get(_unordered(key)), "name"
        )

    def _by_parts(self, text: str) -> Parsed[str] | None:
        parts = [part for part in _PART_SEPARATORS.split(text) if part and part.strip()]
        if len(parts) < 2:
            return None
        found = list(map(self._exact, parts))
        if None in found:
            # every part must be a name: "RAE de Hong Kong (China)" is not China
            return None
        if len({result.value for result in found}) > 1 or found[0].value is None:
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        return found[0]

    def _fuzzy(self, text: str) -> Parsed[str]:
        """The one country a name is close to: its name without generic words, or one slip away."""
        key = normalise_country_text(text)
        near: dict[str, int] = {}
        readable: dict[str, tuple[int, str]] = {}
        for query in {key, core_of(key), fold_country_text(text)} - {""}:
            for choice, distance, index in process.extract(
                query, self._fuzzy_keys, scorer=OSA.distance, score_cutoff=1, limit=None
            ):
                code = self._fuzzy_codes[index]
                near[code] = min(distance, near.get(code, distance))
                if distance <= _slips_allowed(self._fuzzy_letters[index]) and distance < readable.get(code, (9, ""))[0]:
                    readable[code] = (distance, choice)
        if not readable:
            return Parsed(None, "NATIONALITY_UNKNOWN")
        code, (distance, choice) = min(readable.items(), key=lambda item: item[1][0])
        # nothing else one slip away ("Republik Dominica" is not Dominica, "Austrlia" neither country)
        if any(other <= 1 for other_code, other in near.items() if other_code != code):
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        if code == _NO_COUNTRY:
            return Parsed(None, "NATIONALITY_UNKNOWN")
        if distance == 0:
            return Parsed(code, None, "name")
        return Parsed(code, None, "fuzzy", round(fuzz.ratio(key, choice), 1))


def _slips_allowed(letters: int) -> int:
    """How many slips a name of so many letters (without generic words) may carry and still be read."""
    return 1 if letters >= TYPO_MIN_LETTERS else 0


def _checked(codes: list[str]) -> list[str]:
    for code in codes:
        if pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"nationality alias file: {code!r} is not an ISO 3166-1 alpha-3 code")
    return codes


def _alias_index(table: dict[str, list[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, aliases in table.items():
        _checked([code])
        for alias in aliases:
            key = normalise_country_text(alias)
            if index.get(key, code) != code:
                raise ValueError(f"nationality alias {alias!r} maps to both {index[key]} and {code}")
            index[key] = code
    return index


def _pairs(*indexes: dict[str, set[str]]) -> Iterable[tuple[str, str]]:
    return ((key, code) for index in indexes for key, codes in index.items() for code in codes)


def _unordered(key: str) -> str:
    return " ".join(sorted(key.split()))


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for name, code in pairs:
        key = normalise_country_text(name)
        if key:
            index[key].add(code)
    return dict(index)


@functools.cache
def _reference_pairs() -> list[tuple[str, str]]:
    """(name, alpha-3) from CLDR (Indonesian and English) and pycountry, read once per process."""
    return _cldr_names() + _pycountry_names()


@functools.cache
def _reference_index() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Normalised names -> alpha-3 codes, and the same names without their generic words."""
    names = _index(_reference_pairs())
    cores = _index((core_of(key), code) for key, codes in names.items() for code in codes)
    return names, cores


def cldr_territory_names(language: str) -> dict[str, str]:
    """CLDR's names of the ISO 3166-1 countries and territories in one language, by alpha-3 code.

    Regions ("001", "EU", "UN") and codes ISO 3166-1 does not assign (XK, the exceptional
    reservations such as IC or AC) are left out.
    """
    names = {}
    for alpha2, name in Locale(language).territories.items():
        country = pycountry.countries.get(alpha_2=alpha2) if _ISO_ALPHA2.fullmatch(alpha2) else None
        if country is not None:
            names[country.alpha_3] = name
    return names


@functools.cache
def _cldr_non_countries() -> list[str]:
    """CLDR's names of regions and territories that are no ISO 3166-1 country, in Indonesian and English."""
    return [
        name
        for language in ("id", "en")
        for code, name in Locale(language).territories.items()
        if not (_ISO_ALPHA2.fullmatch(code) and pycountry.countries.get(alpha_2=code))
    ]


def _cldr_names() -> list[tuple[str, str]]:
    return [(name, code) for language in ("id", "en") for code, name in cldr_territory_names(language).items()]


def _pycountry_names() -> list[tuple[str, str]]:
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    pairs = []
    for country in pycountry.countries:
        names = {country.name, indonesian.gettext(country.name)}
        names |= {getattr(country, attr, None) for attr in ("official_name", "common_name")}
        pairs += [(name, country.alpha_3) for name in sorted(filter(None, names))]
    return pairs


def _one_of(codes: set[str] | None, method: str) -> Parsed[str] | None:
    if not codes:
        return None
    if len(codes) > 1:
        return Parsed(None, "NATIONALITY_AMBIGUOUS")
    return Parsed(next(iter(codes)), None, method)
