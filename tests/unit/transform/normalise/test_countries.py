from __future__ import annotations

import gettext
import random
import string
import tomllib
from collections import Counter

import pycountry
import pytest
from babel import Locale

from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.countries import CountryResolver, _reference_index, normalise_country_text

from .conftest import ALIASES


@pytest.mark.parametrize(
    ("text", "iso3", "method"),
    [
        pytest.param("Tiongkok", "CHN", "name", id="tiongkok_from_cldr"),
        pytest.param("RRT", "CHN", "alias", id="rrt"),
        pytest.param("Republik Rakyat Tiongkok", "CHN", "name", id="rrt_spelled_out_generic_words_dropped"),
        pytest.param("WN Tiongkok", "CHN", "name", id="wn_prefix_dropped"),
        pytest.param("WNA Jerman", "DEU", "name", id="wna_prefix_dropped"),
        pytest.param("Warga Negara Cina", "CHN", "name", id="warga_negara_prefix_dropped"),
        pytest.param("warganegara Jepang", "JPN", "name", id="warganegara_one_word"),
        pytest.param("Kewarganegaraan: Belanda", "NLD", "name", id="kewarganegaraan"),
        pytest.param("bangsa Prancis", "FRA", "name", id="bangsa"),
        pytest.param("orang Australia", "AUS", "name", id="orang"),
        pytest.param("PRC", "CHN", "alias", id="prc"),
        pytest.param("Korsel", "KOR", "alias", id="korsel"),
        pytest.param("Korut", "PRK", "alias", id="korut"),
        pytest.param("korea selatan", "KOR", "name", id="korea_selatan_lower"),
        pytest.param("South Korean", "KOR", "demonym", id="south_korean_demonym"),
        pytest.param("Republic of Korea", "KOR", "name", id="republic_of_korea_in_another_order"),
        pytest.param("Korea Utara", "PRK", "name", id="korea_utara"),
        pytest.param("Republik Korea", "KOR", "alias", id="republik_korea_is_the_official_name"),
        pytest.param("Republik Rakyat Demokratik Korea", "PRK", "alias", id="dprk_official_name"),
        pytest.param("Kep. Solomon", "SLB", "name", id="kep_is_kepulauan"),
        pytest.param("Warga Negara Asing - Malaysia", "MYS", "name", id="warga_negara_asing_prefix_dropped"),
        pytest.param("AS", "USA", "alias", id="as_is_amerika_serikat_not_samoa"),
        pytest.param("U.S.A.", "USA", "name", id="usa_with_dots"),
        pytest.param("American", "USA", "demonym", id="american"),
        pytest.param("Inggris", "GBR", "alias", id="inggris"),
        pytest.param("Inggris Raya", "GBR", "name", id="inggris_raya_from_cldr"),
        pytest.param("UK", "GBR", "alias", id="uk"),
        pytest.param("England", "GBR", "alias", id="england"),
        pytest.param("Dutch", "NLD", "demonym", id="dutch"),
        pytest.param("Jepang", "JPN", "name", id="jepang"),
        pytest.param("Filipino", "PHL", "demonym", id="filipino"),
        pytest.param("Nigerian", "NGA", "demonym", id="nigerian"),
        pytest.param("Nigerien", "NER", "demonym", id="nigerien"),
        pytest.param("Nigerian national", "NGA", "demonym", id="x_national"),
        pytest.param("Nigerien citizen", "NER", "demonym", id="x_citizen"),
        pytest.param("national of Niger", "NER", "name", id="national_of"),
        pytest.param("citizen of Kenya", "KEN", "name", id="citizen_of"),
        pytest.param("Bangladeshi", "BGD", "demonym", id="demonym_i"),
        pytest.param("Vietnamese", "VNM", "demonym", id="demonym_ese"),
        pytest.param("Malawian", "MWI", "demonym", id="demonym_ian"),
        pytest.param("Timor Leste", "TLS", "name", id="timor_leste_from_cldr"),
        pytest.param("Timor-Leste", "TLS", "name", id="timor_leste_hyphen"),
        pytest.param("Perancis", "FRA", "name", id="perancis_from_pycountry"),
        pytest.param("Prancis", "FRA", "name", id="prancis_from_cldr"),
        pytest.param("Arab Saudi", "SAU", "name", id="arab_saudi"),
        pytest.param("Uni Emirat Arab", "ARE", "name", id="uni_emirat_arab"),
        pytest.param("Selandia Baru", "NZL", "name", id="selandia_baru"),
        pytest.param("Afrika Selatan", "ZAF", "name", id="afrika_selatan"),
        pytest.param("Indonesia", "IDN", "name", id="indonesia"),
        pytest.param("WNI", "IDN", "alias", id="wni"),
        pytest.param("IDN", "IDN", "code", id="idn_code"),
        pytest.param("deu", "DEU", "code", id="alpha3_lower_case"),
        pytest.param("AND", "AND", "code", id="andorra_code_is_not_a_joining_word"),
        pytest.param("DE", "DEU", "code", id="alpha2_capitals"),
        pytest.param("Islandia", "ISL", "name", id="indonesian_name"),
        pytest.param("Kirgizstan", "KGZ", "name", id="indonesian_name_not_aliased"),
        pytest.param("Kirgistan", "KGZ", "fuzzy", id="missing_letter"),
        pytest.param("Germany", "DEU", "name", id="english_name"),
        pytest.param("Federal Republic of Germany", "DEU", "name", id="official_name"),
        pytest.param("Republik Jerman", "DEU", "name", id="generic_word_around_a_name"),
        pytest.param("Cayman", "CYM", "name", id="name_without_islands"),
        pytest.param("Bolivia", "BOL", "name", id="common_name"),
        pytest.param("St. Lucia", "LCA", "name", id="st_is_saint"),
        pytest.param("Saint Kitts & Nevis", "KNA", "name", id="ampersand"),
        pytest.param("Côte d'Ivoire", "CIV", "name", id="accents_and_apostrophe"),
        pytest.param("Côte d’Ivoire", "CIV", "name", id="typographic_apostrophe"),
        pytest.param("  MALAYSIA  ", "MYS", "name", id="upper_case_padded"),
        pytest.param("newzealand", "NZL", "name", id="spaces_removed"),
        pytest.param("Tiongkok (China)", "CHN", "name", id="two_names_that_agree"),
        pytest.param("Philipines", "PHL", "alias", id="common_misspelling_aliased"),
        pytest.param("Phillipines", "PHL", "fuzzy", id="typo"),
        pytest.param("Jermann", "DEU", "fuzzy", id="doubled_letter"),
        pytest.param("Bangladess", "BGD", "fuzzy", id="typo_in_last_letters"),
        pytest.param("Kepulauan Solomom", "SLB", "fuzzy", id="typo_after_a_generic_word"),
        pytest.param("Saint Kitts dna Nevis", "KNA", "fuzzy", id="typo_in_a_joining_word"),
        pytest.param("Guinea Bisau", "GNB", "fuzzy", id="typo_guinea_bissau"),
        pytest.param("Nigerain", "NGA", "fuzzy", id="swapped_letters_one_from_nigerian_two_from_nigerien"),
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
        pytest.param("Korean", "NATIONALITY_AMBIGUOUS", id="korean_is_either_korea"),
        pytest.param("Dominican", "NATIONALITY_AMBIGUOUS", id="dominican_is_the_demonym_of_both"),
        pytest.param("Congolese", "NATIONALITY_AMBIGUOUS", id="congolese"),
        pytest.param("Dominika", "NATIONALITY_AMBIGUOUS", id="dominika_is_also_republik_dominika_shortened"),
        pytest.param("Republik Dominica", "NATIONALITY_AMBIGUOUS", id="generic_word_must_not_pick_dominica"),
        pytest.param("Republik Tiongkok", "NATIONALITY_AMBIGUOUS", id="republik_tiongkok_is_taiwans_official_name"),
        pytest.param("Republik Cina", "NATIONALITY_AMBIGUOUS", id="republik_cina_likewise"),
        pytest.param("Republic of China", "NATIONALITY_AMBIGUOUS", id="republic_of_china_likewise"),
        pytest.param("Kepulauan", "NATIONALITY_UNKNOWN", id="only_a_generic_word"),
        pytest.param("Republic of Islands", "NATIONALITY_UNKNOWN", id="only_generic_words"),
        pytest.param("Kepulauan Marsal Utara", "NATIONALITY_UNKNOWN", id="generic_word_carries_no_score"),
        pytest.param("Kosovo", "NATIONALITY_UNKNOWN", id="no_iso_3166_code"),
        pytest.param("Nga", "NATIONALITY_UNKNOWN", id="a_title_case_word_is_not_a_code"),
        pytest.param("Jermanny", "NATIONALITY_UNKNOWN", id="two_slips_are_not_read"),
        pytest.param("RAE de Hong Kong (China)", "NATIONALITY_UNKNOWN", id="every_part_must_be_a_name"),
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


def test_resolve__pycountry_names_are_never_wrong(resolver):
    """pycountry's English and Indonesian names resolve to their code, or are refused as ambiguous."""
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    answers = {
        name: (country.alpha_3, resolver.resolve(name))
        for country in pycountry.countries
        for name in (country.name, indonesian.gettext(country.name))
    }
    wrong = {name: result for name, (code, result) in answers.items() if result.value not in (code, None)}
    refused = {name for name, (_, result) in answers.items() if result.value is None}
    assert wrong == {}
    # "Congo" is also what "Congo, The Democratic Republic of the" says without its generic words
    assert refused == {"Congo", "Dominika"}


def test_alias_file__every_alias_resolves_to_its_code(resolver):
    config = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
    wrong = {
        alias: resolver.resolve(alias)
        for code, aliases in config["aliases"].items()
        for alias in aliases
        if resolver.resolve(alias) != Parsed(code, None, "alias")
    }
    assert wrong == {}


def test_alias_file__lists_no_name_that_cldr_or_pycountry_already_has(resolver, tmp_path):
    config = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
    without_aliases = tmp_path / "aliases.toml"
    without_aliases.write_text(ALIASES.read_text(encoding="utf-8").split("[aliases]")[0] + _tables_after_aliases())
    plain = CountryResolver(without_aliases)
    # an alias stays when it is needed to win over a code ("AS") or a refusal ("Republic of Korea")
    redundant = {
        alias
        for code, aliases in config["aliases"].items()
        for alias in aliases
        if plain.resolve(alias).value == code and plain.resolve(alias).method in ("name", "demonym")
    }
    assert redundant == set()


def _tables_after_aliases() -> str:
    text = ALIASES.read_text(encoding="utf-8")
    return text[text.index("[demonyms]") :]


def test_country_resolver__rejects_an_alias_file_with_an_unknown_code(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[aliases]\nXXX = ["Atlantis"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="XXX"):
        CountryResolver(bad)


def test_country_resolver__rejects_a_demonym_with_an_unknown_code(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[demonyms]\nXXX = ["Atlantean"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="XXX"):
        CountryResolver(bad)


def test_country_resolver__rejects_an_alias_given_two_codes(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text('[aliases]\nCHN = ["Cina"]\nTWN = ["cina"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="cina"):
        CountryResolver(bad)


def test_country_resolver__reads_the_reference_names_once(resolver):
    CountryResolver(ALIASES)
    CountryResolver(ALIASES)
    assert _reference_index.cache_info().misses == 1


# names one slip apart that are different countries: each resolves exactly, a slip between them is refused
CLOSE_CALLS = {
    "NER": ["Niger", "Nigerien"],
    "NGA": ["Nigeria", "Nigerian"],
    "DMA": ["Dominica"],
    "DOM": ["Dominican Republic", "Republik Dominika"],
    "GIN": ["Guinea", "Guinean"],
    "GNB": ["Guinea-Bissau", "Bissau-Guinean"],
    "GNQ": ["Equatorial Guinea", "Guinea Ekuatorial", "Equatorial Guinean"],
    "PNG": ["Papua New Guinea", "Papua Nugini", "Papua New Guinean"],
    "SDN": ["Sudan", "Sudanese"],
    "SSD": ["South Sudan", "Sudan Selatan", "South Sudanese"],
    "COG": ["Congo - Brazzaville", "Kongo - Brazzaville", "Republic of the Congo", "Republik Kongo"],
    "COD": ["Congo - Kinshasa", "Kongo - Kinshasa", "Democratic Republic of the Congo", "Republik Demokratik Kongo"],
    "AUT": ["Austria", "Austrian"],
    "AUS": ["Australia", "Australian"],
    "IRN": ["Iran", "Iranian"],
    "IRQ": ["Iraq", "Irak", "Iraqi"],
    "KOR": ["South Korea", "Korea Selatan", "South Korean", "Republic of Korea", "Republik Korea"],
    "PRK": ["North Korea", "Korea Utara", "North Korean", "Republik Rakyat Demokratik Korea"],
    "MLI": ["Mali", "Malian"],
    "MWI": ["Malawi", "Malawian"],
    "WSM": ["Samoa", "Samoan"],
    "ASM": ["American Samoa", "Samoa Amerika", "American Samoan"],
}


@pytest.mark.parametrize(
    ("code", "name"), [(code, name) for code, names in CLOSE_CALLS.items() for name in names], ids=lambda v: str(v)
)
def test_resolve__close_calls_match_exactly(resolver, code, name):
    assert resolver.resolve(name).value == code


@pytest.mark.parametrize(
    "text",
    ["Nigeri", "Nigera", "Nigerin", "Dominicn", "Dominka", "Austrlia", "Malai", "Congo", "Kongo", "Korea", "Korean",
     "Republik Tiongkok", "Dominican", "Congolese", "Guinea Bisau Ekuatorial", "Americas", "Wilayah Mikronesia"],
)  # fmt: skip
def test_resolve__close_calls_between_countries_are_refused(resolver, text):
    assert resolver.resolve(text).value is None


# ---------------------------------------------------------------------------------------------
# the test set: names nobody on the project wrote (CLDR, via Babel), demonyms, prefixes and typos


def _cldr_names(language: str) -> list[tuple[str, str]]:
    """(name, alpha-3) for every CLDR territory that is an ISO 3166-1 country; regions are left out."""
    names = []
    for alpha2, name in Locale(language).territories.items():
        country = pycountry.countries.get(alpha_2=alpha2) if len(alpha2) == 2 and alpha2.isalpha() else None
        if country is not None:
            names.append((name, country.alpha_3))
    return names


def _demonyms() -> list[tuple[str, str]]:
    config = tomllib.loads(ALIASES.read_text(encoding="utf-8"))
    pairs = [(name, code) for code, names in config["demonyms"].items() for name in names]
    shared = {name for name, count in Counter(name for name, _ in pairs).items() if count > 1}
    return [(name, code) for name, code in pairs if name not in shared]


PREFIXES = ["WNA {}", "WN {}", "warga negara {}", "Warganegara {}", "kewarganegaraan {}", "bangsa {}",
            "orang {}", "national of {}", "citizen of {}", "{} national", "{} citizen"]  # fmt: skip


def _with_prefixes(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    return [(rng.choice(PREFIXES).format(name), code) for name, code in pairs]


def _one_slip(name: str, rng: random.Random) -> list[str]:
    """One letter missing, one letter wrong, two neighbouring letters swapped."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    gone, wrong = rng.choice(letters), rng.choice(letters)
    other = rng.choice([ch for ch in string.ascii_lowercase if ch != name[wrong].lower()])
    typos = [name[:gone] + name[gone + 1 :], name[:wrong] + other + name[wrong + 1 :]]
    pairs = [i for i in letters[:-1] if name[i + 1].isalpha() and name[i].lower() != name[i + 1].lower()]
    if pairs:
        i = rng.choice(pairs)
        typos.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])
    return typos


def _typos(pairs: list[tuple[str, str]], rng: random.Random, taken: set[str]) -> list[tuple[str, str]]:
    """Typos of names of five letters or more; a slip that spells another name is no typo and is left out."""
    long_enough = [(name, code) for name, code in pairs if sum(ch.isalpha() for ch in name) >= 5]
    return [
        (typo, code)
        for name, code in long_enough
        for typo in _one_slip(name, rng)
        if normalise_country_text(typo) not in taken
    ]


def _tally(resolver: CountryResolver, pairs: list[tuple[str, str]]) -> tuple[Counter, list]:
    tally, wrong = Counter(), []
    for text, code in pairs:
        found = resolver.resolve(text).value
        outcome = "correct" if found == code else "unresolved" if found is None else "wrong"
        tally[outcome] += 1
        if outcome == "wrong":
            wrong.append((text, code, found))
    return tally, wrong


def test_resolve__test_set_from_cldr(resolver, capsys):
    rng = random.Random(26)
    indonesian, english, demonyms = _cldr_names("id"), _cldr_names("en"), _demonyms()
    taken = {normalise_country_text(name) for name, _ in indonesian + english + demonyms}
    sets = {
        "CLDR id": indonesian,
        "CLDR en": english,
        "demonyms": demonyms,
        "prefixed": _with_prefixes(indonesian + english + demonyms, rng),
        "typos": _typos(indonesian + english + demonyms, rng, taken),
        # Malay names, which the index does not hold: close to Indonesian, and a trap for a loose match
        "CLDR ms (held out)": _cldr_names("ms"),
    }
    results = {label: _tally(resolver, pairs) for label, pairs in sets.items()}
    with capsys.disabled():
        for label, (tally, _) in results.items():
            total = sum(tally.values())
            share = tally["correct"] / total
            print(
                f"\nnationality test set {label}: {total} names, {tally['correct']} correct, "
                f"{tally['wrong']} wrong, {tally['unresolved']} unresolved ({share:.1%} resolved)"
            )
    assert {label: wrong for label, (_, wrong) in results.items() if wrong} == {}
    for label in ("CLDR id", "CLDR en", "demonyms", "prefixed"):
        tally = results[label][0]
        assert tally["correct"] / sum(tally.values()) >= 0.97, (label, tally)
    assert results["typos"][0]["correct"] / sum(results["typos"][0].values()) >= 0.95


def test_resolve__cldr_regions_and_codes_outside_iso_are_not_countries(resolver):
    found = {
        name: resolver.resolve(name).value
        for language in ("id", "en")
        for code, name in Locale(language).territories.items()
        if pycountry.countries.get(alpha_2=code) is None
    }
    # "Amerika" (the Americas in CLDR) is what Indonesians call the United States: "Amerika Serikat"
    # without its generic word
    assert {name: value for name, value in found.items() if value is not None} == {"Amerika": "USA"}
