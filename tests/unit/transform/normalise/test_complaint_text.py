from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.codes import COMPLAINT_CATEGORIES, parse_complaint_category
from pipelines.transform.normalise.complaint_text import classify_complaint_text, complaint_classifier

PHRASES = Path(__file__).with_name("complaint_phrases.tsv")
MIN_RECALL = 0.9


def _phrases() -> list[tuple[str, str]]:
    lines = PHRASES.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def test_classify_complaint_text__phrase_set_has_no_wrong_category_and_high_recall():
    outcomes = Counter()
    wrong = []
    for expected, text in _phrases():
        found = classify_complaint_text(text).value or "OTHER"
        if found == expected:
            outcomes["correct"] += 1
        elif found == "OTHER":
            outcomes["other"] += 1
        else:
            wrong.append((text, expected, found))
    categorised = sum(1 for expected, _ in _phrases() if expected != "OTHER")
    recall = (outcomes["correct"] - sum(1 for expected, _ in _phrases() if expected == "OTHER")) / categorised
    print(f"complaint phrases: {dict(outcomes)}, wrong {len(wrong)}, recall {recall:.1%} of {categorised}")
    assert wrong == []
    assert recall >= MIN_RECALL
    assert len(_phrases()) >= 120


def test_phrase_set__covers_every_category():
    assert {expected for expected, _ in _phrases()} == set(COMPLAINT_CATEGORIES)


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        pytest.param("nyelundupin rokok lewat laut", "SMUGGLING", "text", id="colloquial_affixes"),
        pytest.param("ada penyeludupan rokok", "SMUGGLING", "text", id="misspelt_stem"),
        pytest.param("diduga bandar narkobaa", "NARCOTICS", "text", id="misspelt_word"),
        pytest.param("ovrstay udah lama", "OVERSTAY", "text", id="misspelt_english"),
        pytest.param("visanya belum habis", "OTHER", "unmatched", id="negated_expiry"),
        pytest.param("bukan narkoba, cuma mabuk", "DISTURBANCE", "text", id="negated_drug"),
        pytest.param("nyelundupin sabu", "NARCOTICS", "text", id="drug_smuggling_is_narcotics"),
        pytest.param("bawa rokok lewat jalur tikus", "SMUGGLING", "text", id="back_route_with_goods"),
        pytest.param("masuk lewat jalur tikus", "ILLEGAL_ENTRY", "text", id="back_route_alone"),
        pytest.param("visa turis tapi kerja tanpa izin", "PERMIT_MISUSE", "text", id="visit_visa_work_is_misuse"),
        pytest.param("mabuk terus, visanya sudah habis", "OVERSTAY", "text", id="disturbance_gives_way"),
        pytest.param("visanya sudah habis, kerja tanpa izin", "OTHER", "ambiguous", id="two_categories"),
        pytest.param("urus visa lewat agen", "OTHER", "unmatched", id="lewat_is_via_not_past"),
        pytest.param("masuk lewat perbatasan", "OTHER", "unmatched", id="border_crossing_alone"),
        pytest.param("bule kerja sampai gelap", "OTHER", "unmatched", id="gelap_is_dark"),
        pytest.param("Ganjar datang ke kantor", "OTHER", "unmatched", id="name_near_a_cue_word"),
        pytest.param("turis asing melecehkan pelayan warung", "DISTURBANCE", "text", id="tourist_is_no_visa"),
        pytest.param(" - ", None, None, id="no_letters"),
    ],
)
def test_classify_complaint_text__reads(text, expected, method):
    assert classify_complaint_text(text) == Parsed(expected, None, method)


def test_classify_complaint_text__long_text_is_read_within_its_first_words():
    assert classify_complaint_text("sabu " * 5000).value == "NARCOTICS"
    assert classify_complaint_text("x" * 60000) == Parsed("OTHER", None, "unmatched")


def test_cue_patterns__name_only_known_concepts_and_categories():
    classifier = complaint_classifier()
    assert set(classifier.patterns) <= set(COMPLAINT_CATEGORIES)
    assert classifier.secondary <= set(COMPLAINT_CATEGORIES)


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        pytest.param("Lainnya: bule jualan pakai visa turis", "PERMIT_MISUSE", "text", id="other_with_text"),
        pytest.param("WNA bekerja tanpa izin di tambak", "ILLEGAL_WORK", "keyword", id="known_phrase_in_text"),
        pytest.param("kerja di tambak tanpa izin", "ILLEGAL_WORK", "text", id="known_words_apart"),
        pytest.param("WNA nyabu di kos", "NARCOTICS", "text", id="free_text"),
        pytest.param("Lainnya", "OTHER", "exact", id="other_alone"),
        pytest.param("minta-minta uang di jalan", "OTHER", "unmatched", id="nothing_matches"),
    ],
)
def test_parse_complaint_category__free_text(text, expected, method):
    assert parse_complaint_category(text) == Parsed(expected, None, method)
