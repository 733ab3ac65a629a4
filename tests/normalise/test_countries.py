from __future__ import annotations

import gettext
import tomllib

import pycountry
import pytest

from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.countries import CountryResolver, normalise_country_text

from .conftest import ALIASES


@pytest.mark.parametrize(
    ("text", "iso3", "method"),
    [
        pytest.param("Tiongkok", "CHN", "alias", id="tiongkok"),
        pytest.param("RRT", "CHN", "alias", id="rrt"),
        pytest.param("Republik Rakyat Tiongkok", "CHN", "alias", id="rrt_spelled_out"),
        pytest.param("WN Tiongkok", "CHN", "alias", id="wn_prefix_dropped"),
        pytest.param("Warga Negara Cina", "CHN", "alias", id="warga_negara_prefix_dropped"),
        pytest.param("PRC", "CHN", "alias", id="prc"),
        pytest.param("Korsel", "KOR", "alias", id="korsel"),
        pytest.param("korea selatan", "KOR", "alias", id="korea_selatan_lower"),
        pytest.param("Korean", "KOR", "alias", id="korean_demonym"),
        pytest.param("Korea Utara", "PRK", "alias", id="korea_utara"),
        pytest.param("AS", "USA", "alias", id="as_is_amerika_serikat_not_samoa"),
        pytest.param("U.S.A.", "USA", "alias", id="usa_with_dots"),
        pytest.param("American", "USA", "alias", id="american"),
        pytest.param("Inggris", "GBR", "alias", id="inggris"),
        pytest.param("UK", "GBR", "alias", id="uk"),
        pytest.param("England", "GBR", "alias", id="england"),
        pytest.param("Dutch", "NLD", "alias", id="dutch"),
        pytest.param("Jepang", "JPN", "alias", id="jepang"),
        pytest.param("Filipino", "PHL", "alias", id="filipino"),
        pytest.param("Nigerian", "NGA", "alias", id="nigerian"),
        pytest.param("Timor Leste", "TLS", "alias", id="timor_leste_overrides_timor_timur"),
        pytest.param("Timor-Leste", "TLS", "alias", id="timor_leste_hyphen"),
        pytest.param("Perancis", "FRA", "alias", id="perancis"),
        pytest.param("Prancis", "FRA", "alias", id="prancis"),
        pytest.param("Arab Saudi", "SAU", "alias", id="arab_saudi"),
        pytest.param("Uni Emirat Arab", "ARE", "alias", id="uni_emirat_arab"),
        pytest.param("Selandia Baru", "NZL", "alias", id="selandia_baru"),
        pytest.param("Afrika Selatan", "ZAF", "alias", id="afrika_selatan"),
        pytest.param("citizen of Kenya", "KEN", "alias", id="citizen_of"),
        pytest.param("Indonesia", "IDN", "alias", id="indonesia"),
        pytest.param("WNI", "IDN", "alias", id="wni"),
        pytest.param("IDN", "IDN", "code", id="idn_code"),
        pytest.param("deu", "DEU", "code", id="alpha3_lower_case"),
        pytest.param("DE", "DEU", "code", id="alpha2_capitals"),
        pytest.param("Islandia", "ISL", "name", id="indonesian_name_from_pycountry"),
        pytest.param("Kirgizstan", "KGZ", "name", id="indonesian_name_not_aliased"),
        pytest.param("Germany", "DEU", "name", id="english_name"),
        pytest.param("Federal Republic of Germany", "DEU", "name", id="official_name"),
        pytest.param("Bolivia", "BOL", "name", id="common_name"),
        pytest.param("Côte d'Ivoire", "CIV", "alias", id="accents_and_apostrophe"),
        pytest.param("  MALAYSIA  ", "MYS", "alias", id="upper_case_padded"),
        pytest.param("newzealand", "NZL", "name", id="spaces_removed"),
        pytest.param("Tiongkok (China)", "CHN", "alias", id="two_names_that_agree"),
        pytest.param("Philipines", "PHL", "alias", id="common_misspelling_aliased"),
        pytest.param("Phillipines", "PHL", "fuzzy", id="typo"),
        pytest.param("Jermann", "DEU", "fuzzy", id="doubled_letter"),
        pytest.param("Bangladess", "BGD", "fuzzy", id="typo_in_last_letters"),
    ],
)
def test_resolve__finds(resolver, text, iso3, method):
    result = resolver.resolve(text)
    assert (result.value, result.method) == (iso3, method), result


def test_resolve__fuzzy_reports_its_score(resolver):
    result = resolver.resolve("Phillipines")
    assert result.score is not None and 88 <= result.score <= 100


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("Korea", "NATIONALITY_AMBIGUOUS", id="korea_alone"),
        pytest.param("Congo", "NATIONALITY_AMBIGUOUS", id="congo_alone"),
        pytest.param("Malaysia / Singapura", "NATIONALITY_AMBIGUOUS", id="dual_nationality"),
        pytest.param("Austrlia", "NATIONALITY_AMBIGUOUS", id="typo_between_austria_and_australia"),
        pytest.param("WNA", "NATIONALITY_UNKNOWN", id="only_filler"),
        pytest.param("no", "NATIONALITY_UNKNOWN", id="lower_case_two_letters_are_not_a_code"),
        pytest.param("Mars", "NATIONALITY_UNKNOWN", id="not_a_country"),
        pytest.param("Eropa", "NATIONALITY_UNKNOWN", id="continent"),
        pytest.param("xyz", "NATIONALITY_UNKNOWN", id="short_garbage"),
        pytest.param("Tionghoa", "NATIONALITY_UNKNOWN", id="ethnicity_is_not_nationality"),
        pytest.param("Indonesia " * 20, "NATIONALITY_UNKNOWN", id="too_long"),
    ],
)
def test_resolve__rejects(resolver, text, reason):
    assert resolver.resolve(text) == Parsed(None, reason)


@pytest.mark.parametrize("text", ["", "  ", "-", "?!"], ids=repr)
def test_resolve__blank_is_nothing(resolver, text):
    assert resolver.resolve(text) == Parsed(None, None)


def test_resolve__every_alpha3_code(resolver):
    wrong = {c.alpha_3: resolver.resolve(c.alpha_3) for c in pycountry.countries}
    wrong = {code: result for code, result in wrong.items() if result.value != code}
    assert wrong == {}


def test_resolve__every_english_and_indonesian_name_unless_listed_ambiguous(resolver):
    config = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
    ambiguous = {normalise_country_text(name) for name in config["ambiguous"]}
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    wrong = {}
    for country in pycountry.countries:
        for name in (country.name, indonesian.gettext(country.name)):
            if normalise_country_text(name) in ambiguous:
                continue
            result = resolver.resolve(name)
            if result.value != country.alpha_3:
                wrong[name] = result
    assert wrong == {}


def test_alias_file__every_alias_resolves_to_its_code(resolver):
    config = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
    wrong = {
        alias: resolver.resolve(alias)
        for code, aliases in config["aliases"].items()
        for alias in aliases
        if resolver.resolve(alias).value != code
    }
    assert wrong == {}


def test_country_resolver__rejects_an_alias_file_with_an_unknown_code(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[aliases]\nXXX = ["Atlantis"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="XXX"):
        CountryResolver(bad)


def test_country_resolver__rejects_an_alias_given_two_codes(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[aliases]\nCHN = ["Cina"]\nTWN = ["cina"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="cina"):
        CountryResolver(bad)


def test_country_resolver__threshold_is_respected():
    strict = CountryResolver(ALIASES, fuzzy_threshold=99.0)
    assert strict.resolve("Jermann") == Parsed(None, "NATIONALITY_UNKNOWN")
