"""Nationalities as typed in the forms, resolved to ISO 3166-1 alpha-3 codes."""

from __future__ import annotations

import functools
import gettext
import re
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
from rapidfuzz import fuzz, process, utils

from pipelines.transform.normalise.base import Parsed

# words around a nationality that say nothing about which one
FILLER_WORDS = frozenset(
    {"warga", "negara", "wn", "wna", "kewarganegaraan", "kebangsaan", "bangsa", "orang", "asal",
     "citizen", "citizenship", "nationality", "national", "the", "of"}
)  # fmt: skip
# how far the best fuzzy match must be ahead of the best match for another country
FUZZY_MARGIN = 5.0
_FUZZY_MIN_LEN = 4
_MAX_LEN = 100
_PART_SEPARATORS = re.compile(r"[/()\[\],;|&+]|\s(?:dan|and|atau|or)\s", re.IGNORECASE)


def normalise_country_text(text: str) -> str:
    """Fold a nationality for lookup: casefold, no accents or punctuation, no filler words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['\u2019`]", "", plain)
    words = re.sub(r"[\W_]+", " ", plain).split()
    return " ".join(word for word in words if word not in FILLER_WORDS)


class CountryResolver:
    """Resolves typed nationalities to alpha-3 codes from pycountry plus a reviewed alias file.

    Lookup order: ambiguous names (NATIONALITY_AMBIGUOUS), aliases ("alias"), ISO codes ("code";
    two-letter codes only when typed in capitals, so "no" is not Norway), English and Indonesian
    names ("name"), the same with spaces removed ("Hongkong"), parts of a compound answer
    ("Tiongkok (China)") that all agree, and last a fuzzy match ("fuzzy") that must reach
    `fuzzy_threshold` and beat any other country by `FUZZY_MARGIN`.
    """

    def __init__(self, aliases_path: Path, fuzzy_threshold: float = 85.0) -> None:
        """Build the index once.

        Args:
            aliases_path: the TOML alias file (`config/nationality_aliases.toml`).
            fuzzy_threshold: the lowest rapidfuzz ratio (0–100) accepted for a typo.

        Raises:
            ValueError: the alias file names an unknown code or gives one alias two codes.
        """
        self.fuzzy_threshold = fuzzy_threshold
        config = tomllib.loads(Path(aliases_path).read_text(encoding="utf-8"))
        self._aliases = _alias_index(config.get("aliases", {}))
        self._ambiguous = {
            normalise_country_text(name): tuple(_checked(codes)) for name, codes in config.get("ambiguous", {}).items()
        }
        self._alpha3 = {c.alpha_3.casefold(): c.alpha_3 for c in pycountry.countries}
        self._alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self._names = _name_index()
        self._compact = _compact_index(self._names, self._aliases)
        self._choices, self._choice_codes = _fuzzy_choices(self._names, self._aliases)
        self._cached = functools.lru_cache(maxsize=8192)(self._resolve)

    def resolve(self, text: str) -> Parsed[str]:
        """Resolve a typed nationality to an ISO 3166-1 alpha-3 code.

        Args:
            text: the answer as typed, e.g. "WN Tiongkok", "Korsel", "Philipines".

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
            found = self._fuzzy(normalise_country_text(text))
        return found

    def _exact(self, text: str) -> Parsed[str] | None:
        key = normalise_country_text(text)
        stripped = text.strip()
        if not key:
            return None
        if key in self._ambiguous:
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        if key in self._aliases:
            return Parsed(self._aliases[key], None, "alias")
        if len(stripped) == 3 and key in self._alpha3:
            return Parsed(self._alpha3[key], None, "code")
        if len(stripped) == 2 and stripped in self._alpha2:
            return Parsed(self._alpha2[stripped], None, "code")
        return _one_of(self._names.get(key), "name") or _one_of(self._compact.get(key.replace(" ", "")), "name")

    def _by_parts(self, text: str) -> Parsed[str] | None:
        parts = [part for part in _PART_SEPARATORS.split(text) if part and part.strip()]
        if len(parts) < 2:
            return None
        found = [result for result in map(self._exact, parts) if result is not None]
        codes = {result.value for result in found}
        if not found:
            return None
        if len(codes) > 1 or None in codes:
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        return found[0]

    def _fuzzy(self, key: str) -> Parsed[str]:
        if len(key) < _FUZZY_MIN_LEN:
            return Parsed(None, "NATIONALITY_UNKNOWN")
        matches = process.extract(key, self._choices, scorer=fuzz.ratio, processor=utils.default_process, limit=20)
        if not matches or matches[0][1] < self.fuzzy_threshold:
            return Parsed(None, "NATIONALITY_UNKNOWN")
        best_code, best_score = self._choice_codes[matches[0][2]], matches[0][1]
        runner_up = max((score for _, score, i in matches if self._choice_codes[i] != best_code), default=0.0)
        if runner_up > best_score - FUZZY_MARGIN:
            return Parsed(None, "NATIONALITY_AMBIGUOUS")
        return Parsed(best_code, None, "fuzzy", round(best_score, 1))


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


def _name_index() -> dict[str, set[str]]:
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    index: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        names = {country.name, indonesian.gettext(country.name)}
        names |= {getattr(country, attr, None) for attr in ("official_name", "common_name")}
        for name in filter(None, names):
            index[normalise_country_text(name)].add(country.alpha_3)
    return dict(index)


def _compact_index(names: dict[str, set[str]], aliases: dict[str, str]) -> dict[str, set[str]]:
    compact: dict[str, set[str]] = defaultdict(set)
    for key, codes in names.items():
        compact[key.replace(" ", "")] |= codes
    for key, code in aliases.items():
        compact[key.replace(" ", "")].add(code)
    return dict(compact)


def _fuzzy_choices(names: dict[str, set[str]], aliases: dict[str, str]) -> tuple[list[str], list[str]]:
    pairs = {(key, code) for key, codes in names.items() for code in codes} | set(aliases.items())
    pairs = sorted((key, code) for key, code in pairs if len(key) >= _FUZZY_MIN_LEN)
    return [key for key, _ in pairs], [code for _, code in pairs]


def _one_of(codes: set[str] | None, method: str) -> Parsed[str] | None:
    if not codes:
        return None
    if len(codes) > 1:
        return Parsed(None, "NATIONALITY_AMBIGUOUS")
    return Parsed(next(iter(codes)), None, method)
