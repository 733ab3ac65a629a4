"""Passport numbers, normalised set-based by the staging SQL macro `parse_passport` (DuckDB, RE2)."""

from __future__ import annotations

import re

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.core.warehouse import load_macros

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PLAUSIBLE = re.compile(r"(?=[A-Z0-9]*\d)[A-Z0-9]{6,12}")


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    load_macros(con, ["passports"])
    yield con
    con.close()


def passport(con, text: str | None) -> dict | None:
    return con.execute("select parse_passport($text)", {"text": text}).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("E12345678", "E12345678", id="plain"),
        pytest.param("e 1234 5678", "E12345678", id="spaces_lower_case"),
        pytest.param(" e\t1234\u00a05678\u3000", "E12345678", id="tab_and_unicode_spaces"),
        pytest.param("AB-123456", "AB123456", id="dash"),
        pytest.param("AB–123456", "AB123456", id="en_dash"),
        pytest.param("AB\u2212123456", "AB123456", id="minus_sign"),
        pytest.param("123456", "123456", id="digits_only"),
    ],
)
def test_parse_passport__reads(con, text, expected):
    assert passport(con, text) == {"value": expected, "reason": None}


@pytest.mark.parametrize(
    "text", ["ABCDEFGH", "12345", "A1234567890123", "E1234567/8", "tidak ada", "Е1234567", "E1234567_"], ids=repr
)
def test_parse_passport__implausible(con, text):
    assert passport(con, text) == {"value": None, "reason": "PASSPORT_IMPLAUSIBLE"}


@pytest.mark.parametrize("text", [None, "", "   ", "-", "—", "?"], ids=repr)
def test_parse_passport__blank_is_nothing(con, text):
    assert passport(con, text) is None


@FAST
@given(text=st.text(max_size=40))
@example(text="\x00")
@example(text="x" * 50_000)
@example(text="ß12345")
def test_parse_passport__a_value_is_always_plausible_and_a_reject_has_its_reason(con, text):
    result = passport(con, text)
    if result is not None:
        plausible = result["value"] is not None and PLAUSIBLE.fullmatch(result["value"]) and result["reason"] is None
        assert plausible or result == {"value": None, "reason": "PASSPORT_IMPLAUSIBLE"}


# no letter and no digit, nor an unassigned code point (a newer Unicode may make it a letter) or a
# lone surrogate (no UTF-8 text holds one)
@FAST
@given(text=st.text(st.characters(exclude_categories=("L", "N", "Cn", "Cs")), max_size=40))
def test_parse_passport__text_without_letters_or_digits_is_nothing(con, text):
    assert passport(con, text) is None
