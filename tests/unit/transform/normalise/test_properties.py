"""Property tests: the parsers never raise, never invent, and read back what they would write."""

from __future__ import annotations

import datetime as dt
import inspect
import string
from zoneinfo import ZoneInfo

import pycountry
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lokal import wilayah

from pipelines.transform.lookups import plain_parsers
from pipelines.transform.normalise import codes
from pipelines.transform.normalise.dates import date_formats, parse_date, parse_timestamp, timestamp_formats

WIB = ZoneInfo("Asia/Jakarta")
LOCALES = ["id_ID", "en_US", "en_GB", "en_AU"]
ID_MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
ID_DAYS = "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split()
EN_MONTHS = "January February March April May June July August September October November December".split()
SHEETS_EPOCH = dt.date(1899, 12, 30)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# lookups over reference data: fewer examples; the exact names are checked one by one elsewhere
FEWER = settings(FAST, max_examples=50)

NASTY = [
    "\x00", "\x00" * 10 + "2024-12-05", "😀🇮🇩", "٢٠٢٤/١٢/٠٥", "\u202e5 Desember 2024", "مرحبا", "Ⅻ", "①②",
    "\ufeff05/12/2024", "𝟎𝟓/𝟏𝟐/𝟐𝟎𝟐𝟒", "5" * 50_000, "Kab. Natuna " * 5_000, "a\u0301" * 10_000,
]  # fmt: skip
# words the parsers look for, so that arbitrary text also reaches their deeper paths
FRAGMENTS = [
    "WNA", "warga negara", "Republik", "Kepulauan", "Islands", "Niger", "Guinea", "Korea", "Dominika", "(", ")",
    "/", ",", "dan", "and", "Kab.", "Kec.", "Kota", "Desa", "Belitung", "05/12/2024", "2024-12-05", "46350.427",
    "10.15.03", "5 Desember", "Kamis,", "WIB", "+08:00", "KITAS", "ITAS", "ITK", "Lainnya", "overstay", "+62",
    "0812", "L", "P", "laki", "selesai", "kerja", "wisata", "\u00a0", "\u200b", "\x00", "\t",
]  # fmt: skip
# control and format characters, combining marks and odd spaces on their own
odd_characters = st.text(st.characters(categories=("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Co")), max_size=60)
near_misses = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=8).map(" ".join)
# long text: a short piece repeated up to far past any parser's length limit
long_text = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=12), st.integers(50, 6_000))
# lone surrogates: no UTF-8 cell holds one, but a JSON string escape ("\\ud800") decodes to one
with_surrogates = st.text(st.characters(categories=("Cs", "Ll", "Nd", "Po")), max_size=30)
arbitrary_text = st.one_of(
    st.text(max_size=120), odd_characters, near_misses, long_text, with_surrogates, st.sampled_from(NASTY)
)
# no letter and no digit: punctuation, symbols, marks, separators, controls
no_letters_or_digits = st.text(st.characters(exclude_categories=("L", "N")), max_size=40)

# every public parse_* of the code module and every parser staging calls by name, so a parser added
# later is covered without being listed here
CODE_PARSERS = sorted(
    {function for name, function in inspect.getmembers(codes, inspect.isfunction) if name.startswith("parse_")}
    | set(plain_parsers().values()),
    key=lambda function: function.__name__,
)


def all_parsers(resolver, gazetteer):
    return [
        *(lambda t, locale=locale: parse_date(t, locale) for locale in LOCALES),
        *(lambda t, locale=locale: parse_timestamp(t, locale, WIB) for locale in LOCALES),
        resolver.resolve,
        lambda t: gazetteer.match_kabkota(t, ["21.03", "36.73"]),
        lambda t: gazetteer.match_kecamatan(t, None, ["19.02"]),
        lambda t: gazetteer.match_kecamatan(t, "19.02", ["19.02"]),
        lambda t: gazetteer.match_desa(t, "19.02.01"),
        *CODE_PARSERS,
    ]


def test_all_parsers__cover_every_code_parser():
    assert len(CODE_PARSERS) >= 7
    assert {parse.__name__ for parse in CODE_PARSERS} >= {"parse_permit_type", "parse_sex", "parse_followup_status"}


@settings(FAST, max_examples=80)
@given(text=arbitrary_text)
@example(text="\x00")
@example(text="x" * 50_000)
@example(text="WNA " + "Niger " * 30)
@example(text="Republik (Kepulauan) / dan ,")
def test_parsers__never_raise_and_keep_the_contract(resolver, gazetteer, text):
    for parse in all_parsers(resolver, gazetteer):
        result = parse(text)
        assert result.value is None or result.reason is None
        assert result.reason is None or result.reason.isupper()
        assert result.method is None or result.value is not None


@FAST
@given(text=no_letters_or_digits)
@example(text="⼀")  # a symbol that Unicode folding (NFKC) turns into a letter
def test_parsers__never_return_a_value_without_letters_or_digits(resolver, gazetteer, text):
    for parse in all_parsers(resolver, gazetteer):
        assert parse(text).value is None


@FAST
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), locale=st.sampled_from(LOCALES), data=st.data())
def test_parse_date__reads_back_every_sql_format(day, locale, data):
    fmt = data.draw(st.sampled_from(date_formats(locale)))
    assert parse_date(day.strftime(fmt), locale).value == day


@FAST
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), abbreviate=st.booleans(), weekday=st.booleans())
def test_parse_date__reads_back_indonesian_long_dates(day, abbreviate, weekday):
    month = ID_MONTHS[day.month - 1][:3] if abbreviate else ID_MONTHS[day.month - 1]
    text = f"{day.day} {month} {day.year}"
    if weekday:
        text = f"{ID_DAYS[day.weekday()]}, {text}"
    assert parse_date(text, "id_ID").value == day


@FAST
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), locale=st.sampled_from(LOCALES))
def test_parse_date__reads_back_english_month_first(day, locale):
    assert parse_date(f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}", locale).value == day


@FAST
@given(day=st.dates(dt.date(1927, 5, 18), dt.date(2100, 12, 31)))
def test_parse_date__reads_back_sheets_serials(day):
    serial = (day - SHEETS_EPOCH).days
    assert parse_date(str(serial), "id_ID").value == day
    assert parse_date(f"{serial}.0", "en_US").value == day


@FAST
@given(data=st.data())
def test_parse_date__reads_back_two_digit_years_inside_the_pivot_window(data):
    pivot = dt.date.today().year % 100 + 10
    day = data.draw(st.dates(dt.date(1901 + pivot, 1, 1), dt.date(2000 + pivot, 12, 31)))
    assert parse_date(day.strftime("%d/%m/%y"), "id_ID").value == day
    assert parse_date(day.strftime("%m/%d/%y"), "en_US").value == day


@FAST
@given(
    moment=st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31, 23, 59, 59)),
    locale=st.sampled_from(LOCALES),
    data=st.data(),
)
def test_parse_timestamp__reads_back_every_sql_format(moment, locale, data):
    moment = moment.replace(microsecond=0)
    fmt = data.draw(st.sampled_from(timestamp_formats(locale)))
    expected = moment if "%S" in fmt else moment.replace(second=0)
    assert parse_timestamp(moment.strftime(fmt), locale, WIB).value == expected.replace(tzinfo=WIB)


@FAST
@given(moment=st.datetimes(dt.datetime(1927, 5, 18), dt.datetime(2100, 12, 31, 23, 59, 59)))
def test_parse_timestamp__reads_back_sheets_serials(moment):
    moment = moment.replace(microsecond=0)
    serial = (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    assert parse_timestamp(repr(serial), "id_ID", WIB).value == moment.replace(tzinfo=WIB)


def _messy(draw_text: str, data) -> str:
    """Case, padding and punctuation people add around a name."""
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title, str]))
    pad = data.draw(st.sampled_from(["", " ", "  ", "\t"]))
    tail = data.draw(st.sampled_from(["", ".", " ", ","]))
    return pad + case(draw_text) + tail + pad


KABKOTA = [k for p in wilayah.list_wilayah() for k in wilayah.list_wilayah(p.code)]


@FEWER
@given(data=st.data())
def test_match_kabkota__official_names_survive_case_and_padding(gazetteer, data):
    kabkota = data.draw(st.sampled_from(KABKOTA))
    text = _messy(kabkota.name, data)
    assert gazetteer.match_kabkota(text, [kabkota.code]).value == kabkota.code


@FEWER
@given(data=st.data())
def test_match_kabkota__fuzzy_only_inside_the_area(gazetteer, data):
    kabkota = data.draw(st.sampled_from(KABKOTA))
    name = kabkota.name
    position = data.draw(st.integers(0, len(name) - 1))
    typo = name[:position] + data.draw(st.sampled_from(string.ascii_lowercase)) + name[position + 1 :]
    area = data.draw(st.lists(st.sampled_from(KABKOTA), max_size=4).map(lambda ks: [k.code for k in ks]))
    result = gazetteer.match_kabkota(typo, area)
    if result.method == "fuzzy":
        assert result.value in area
    if result.method == "exact_outside_area":
        assert result.value not in area


@FEWER
@given(country=st.sampled_from(list(pycountry.countries)), data=st.data())
def test_resolve__english_names_survive_case_and_padding(resolver, country, data):
    if country.alpha_3 in {"COG"}:  # "Congo" is listed ambiguous on purpose
        return
    assert resolver.resolve(_messy(country.name, data)).value == country.alpha_3


@pytest.mark.parametrize("text", ["Tiongkok", "Korsel", "WN Amerika Serikat"])
def test_resolve__cached_answers_are_stable(resolver, text):
    assert resolver.resolve(text) == resolver.resolve(text)
