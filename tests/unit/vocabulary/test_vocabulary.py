"""Tests of the vocabulary: message files, CLDR formats and the packaging of the words."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from fnmatch import fnmatch
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from pipelines import vocabulary
from pipelines.vocabulary import ENGLISH, INDONESIAN, locales

REPO = Path(__file__).parents[3]
MESSAGES = REPO / "pipelines" / "vocabulary" / "messages"


def test_message_files__are_declared_package_data():
    # `pip install .` (not editable) ships only the data files pyproject declares
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["pipelines"]
    files = [path.relative_to(REPO / "pipelines").as_posix() for path in MESSAGES.glob("*.toml")]
    assert sorted(files) == ["vocabulary/messages/en.toml", "vocabulary/messages/id.toml"]
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in files)


def test_message_files__same_tables_in_every_language():
    tables = {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in MESSAGES.glob("*.toml")}
    assert set(tables["id"]) == set(tables["en"])


@pytest.mark.parametrize(
    ("value", "decimals", "indonesian", "english"),
    [
        (1234567, 0, "1.234.567", "1,234,567"),
        (5.25, 1, "5,2", "5.2"),  # a tie in binary too: to even
        (0.05, 1, "0,1", "0.1"),  # 0.05 is a little more than 0.05 in binary, as Python rounds it
        (2.5, 0, "2", "2"),
        (-1500.5, 1, "-1.500,5", "-1,500.5"),
        (np.int64(12345), 0, "12.345", "12,345"),
        (np.float64(92.0), 1, "92,0", "92.0"),
        (None, 0, "-", "-"),
    ],
    ids=["thousands", "tie", "inexact-tie", "half-to-even", "negative", "numpy-int", "numpy-float", "none"],
)
def test_format_number__cldr_separators_python_rounding(value, decimals, indonesian, english):
    assert INDONESIAN.format_number(value, decimals) == indonesian
    assert ENGLISH.format_number(value, decimals) == english


def test_months_and_dates__from_cldr():
    assert INDONESIAN.months[7] == "Agustus" and ENGLISH.months[4] == "May" and len(INDONESIAN.months) == 12
    assert INDONESIAN.format_date(date(2027, 5, 1)) == "1 Mei 2027"
    value = datetime(2026, 11, 24, 9, 5, tzinfo=ZoneInfo("Asia/Jayapura"))
    assert INDONESIAN.format_datetime(value) == "24 November 2026 09.05 WIT"


def test_country_name__pycountry_catalogue_and_overrides():
    assert locales.country_name("fra", "id") == "Perancis"  # pycountry's, not CLDR's "Prancis"
    assert locales.country_name("KOR", None) == "South Korea"
    assert locales.country_name("XXX", "id") is None
    assert INDONESIAN.nationality_label("twn") == "Taiwan" and ENGLISH.nationality_label("RUS") == "Russia"


def test_unknown_area__the_marts_word_in_indonesian():
    assert INDONESIAN.area_label(vocabulary.UNKNOWN_AREA) == vocabulary.UNKNOWN_AREA
    assert ENGLISH.area_label(vocabulary.UNKNOWN_AREA) == "(unknown)"
