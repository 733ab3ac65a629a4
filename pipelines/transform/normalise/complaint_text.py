"""Read a complaint's free text into a category with Indonesian stems and reviewed cue phrases.

The cues live in complaint_text.toml beside this module, which says how they are written and matched.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipelines.transform.normalise.base import Parsed, fold_text

CUES_FILE = Path(__file__).with_name("complaint_text.toml")
_MAX_LEN = 2000
_MAX_WORDS = 400
_SLOT = re.compile(r"\{(\w+)\}")
_MIN_FUZZY_LEN = 5
_SLANG_PREFIXES = ("ny", "ng")


@dataclass(frozen=True)
class _Pattern:
    required: tuple[str, ...]
    forbidden: tuple[str, ...]
    window: int


@cache
def _stemmer():  # noqa: ANN202 (Sastrawi has no types)
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The Sastrawi stem of a folded word, reading colloquial affixes ("nyelundupin", "ngajar") as formal ones."""
    stemmer = _stemmer()
    stem = stemmer.stem(word)
    if stem != word or _in_dictionary(word):
        return stem
    bare = word[:-2] if word.endswith("in") and len(word) > 5 else word
    candidates = [bare] if bare != word else []
    if bare.startswith(_SLANG_PREFIXES):
        candidates.append("me" + bare)
    for candidate in candidates:
        formal = stemmer.stem(candidate)
        if formal != candidate or _in_dictionary(candidate):
            return formal
    return stem


def _in_dictionary(word: str) -> bool:
    return _stemmer().delegatedStemmer.dictionary.contains(word)


class ComplaintTextClassifier:
    """Finds which complaint category a free text describes, or none; built once from the cue file."""

    def __init__(self, cues_file: Path = CUES_FILE) -> None:
        data = tomllib.loads(cues_file.read_text(encoding="utf-8"))
        settings = data["settings"]
        self.window = int(settings["window"])
        self.max_fillers = int(settings["max_fillers"])
        self.negation_reach = int(settings["negation_reach"])
        self.secondary = frozenset(settings["secondary"])
        self.fillers = frozenset(self._key(word) for word in settings["fillers"])
        self.negators = frozenset(self._key(word) for word in settings["negators"])
        self.concepts = {
            name: [self._compile_phrase(phrase) for phrase in phrases] for name, phrases in data["concepts"].items()
        }
        self.patterns = {
            category: [self._compile_pattern(text) for text in patterns]
            for category, patterns in data["categories"].items()
        }
        words = {
            slot for phrases in self.concepts.values() for phrase in phrases for kind, slot in phrase if kind == "word"
        }
        self._vocabulary_set = frozenset(words)
        self._stems = sorted(w for w in words if not w.startswith("=") and len(w) >= _MIN_FUZZY_LEN)
        self._exact = sorted(w for w in words if w.startswith("=") and len(w) > _MIN_FUZZY_LEN)
        self._keys_cache: dict[str, frozenset[str]] = {}

    @staticmethod
    def _key(word: str) -> str:
        return stem_word(fold_text(word))

    def _compile_phrase(self, phrase: str) -> tuple[tuple[str, str], ...]:
        slots = []
        for written in phrase.split():
            reference = _SLOT.fullmatch(written)
            if reference:
                slots.append(("concept", reference.group(1)))
                continue
            exact = written.startswith("=")
            slots += [
                ("word", "=" + word if exact else stem_word(word)) for word in fold_text(written.lstrip("=")).split()
            ]
        return tuple(slots)

    def _compile_pattern(self, text: str) -> _Pattern:
        words = text.split()
        window = next((int(w[1:]) for w in words if w.startswith("@")), self.window)
        required = tuple(w for w in words if w[0] not in "!@&")
        forbidden = tuple(w[1:] for w in words if w.startswith("!"))
        unknown = [name for name in required + forbidden if name not in self.concepts]
        if unknown:
            raise ValueError(f"complaint cue pattern {text!r} names unknown concepts {unknown}")
        return _Pattern(required, forbidden, window)

    def classify(self, text: str) -> Parsed[str]:
        """Read a complaint's free text into one category.

        Returns:
            `Parsed(category, method="text")` when the patterns of exactly one category match (a
            `secondary` one gives way to any other); `Parsed("OTHER", method="ambiguous")` when
            several do; `Parsed("OTHER", method="unmatched")` when none does; `Parsed(None, None)`
            for text without a letter.
        """
        text = text[:_MAX_LEN]
        if not any(character.isalnum() for character in text):  # folding may make a letter of a symbol (⼀)
            return Parsed(None, None)
        tokens = [self._token_keys(word) for word in fold_text(text).split()[:_MAX_WORDS]]
        if not tokens:
            return Parsed(None, None)
        spans = _Spans(self, tokens)
        found = {category for category, patterns in self.patterns.items() if any(map(spans.matches, patterns))}
        if len(found) > 1:
            found -= self.secondary
        if len(found) == 1:
            return Parsed(found.pop(), None, "text")
        return Parsed("OTHER", None, "ambiguous" if found else "unmatched")

    def _token_keys(self, word: str) -> frozenset[str]:
        """The keys a text word matches: its stem, its exact spelling, and the one cue word it misspells."""
        if word not in self._keys_cache:
            self._keys_cache[word] = self._find_keys(word)
        return self._keys_cache[word]

    def _find_keys(self, word: str) -> frozenset[str]:
        stem = stem_word(word)
        keys = frozenset({stem, "=" + word})
        if keys & self._vocabulary_set or len(word) < _MIN_FUZZY_LEN or not word.isalpha():
            return keys
        if _in_dictionary(word) or _in_dictionary(stem):
            return keys  # a real word, not a misspelling
        near = _single_nearest(stem, self._stems, "") or _single_nearest(word, self._exact, "=")
        return keys | {near} if near else keys


def _single_nearest(probe: str, vocabulary: list[str], prefix: str) -> str | None:
    """The one vocabulary word within one edit (two from nine letters), or None when none or several are."""
    limit = 1 if len(probe) < 9 else 2
    near = process.extract(prefix + probe, vocabulary, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
    if not near:
        return None
    best = min(distance for _, distance, _ in near)
    closest = [word for word, distance, _ in near if distance == best]
    return closest[0] if len(closest) == 1 else None


class _Spans:
    """Where each concept occurs in one text: start -> ends (exclusive), computed on demand."""

    def __init__(self, classifier: ComplaintTextClassifier, tokens: list[frozenset[str]]) -> None:
        self.c = classifier
        self.tokens = tokens
        self._spans: dict[str, dict[int, set[int]]] = {}
        self._kept: dict[str, list[tuple[int, int]]] = {}

    def of(self, concept: str) -> dict[int, set[int]]:
        if concept not in self._spans:
            self._spans[concept] = {}  # a concept referring to itself finds nothing, not a loop
            found: dict[int, set[int]] = {}
            for phrase in self.c.concepts[concept]:
                for start in range(len(self.tokens)):
                    ends = self._phrase_ends(phrase, start)
                    if ends:
                        found.setdefault(start, set()).update(ends)
            self._spans[concept] = found
        return self._spans[concept]

    def _slot_ends(self, slot: tuple[str, str], position: int) -> Iterable[int]:
        kind, value = slot
        if position >= len(self.tokens):
            return ()
        if kind == "word":
            return (position + 1,) if value in self.tokens[position] else ()
        return self.of(value).get(position, ())

    def _phrase_ends(self, phrase: tuple[tuple[str, str], ...], start: int) -> set[int]:
        positions = set(self._slot_ends(phrase[0], start))
        for slot in phrase[1:]:
            following = set()
            for position in positions:
                for gap in range(self.c.max_fillers + 1):
                    if gap and not self._is_filler(position + gap - 1):
                        break
                    following.update(self._slot_ends(slot, position + gap))
            positions = following
            if not positions:
                break
        return positions

    def _is_filler(self, position: int) -> bool:
        return position < len(self.tokens) and bool(self.tokens[position] & self.c.fillers)

    def kept(self, concept: str) -> list[tuple[int, int]]:
        """The concept's occurrences not preceded by a negator ("bukan narkoba", "belum habis")."""
        if concept not in self._kept:
            reach = self.c.negation_reach
            self._kept[concept] = [
                (start, end)
                for start, ends in self.of(concept).items()
                for end in ends
                if not any(t & self.c.negators for t in self.tokens[max(0, start - reach) : start])
            ]
        return self._kept[concept]

    def matches(self, pattern: _Pattern) -> bool:
        if any(self.kept(name) for name in pattern.forbidden):
            return False
        choices = [self.kept(name) for name in pattern.required]
        if not all(choices):
            return False
        return any(_close_and_apart(chosen, pattern.window) for chosen in itertools.product(*choices))


def _close_and_apart(spans: tuple[tuple[int, int], ...], window: int) -> bool:
    """Whether the spans lie within `window` words of each other and share no word."""
    ordered = sorted(spans)
    if ordered[-1][0] - ordered[0][1] >= window:
        return False
    return all(left[1] <= right[0] for left, right in itertools.pairwise(ordered))


@cache
def complaint_classifier() -> ComplaintTextClassifier:
    """The classifier with the project's cue file, built once per process."""
    return ComplaintTextClassifier()


def classify_complaint_text(text: str) -> Parsed[str]:
    """Read a complaint's free text into a category: see `ComplaintTextClassifier.classify`."""
    return complaint_classifier().classify(text)
