from __future__ import annotations

import pytest
from lokal import wilayah

from pipelines.transform.normalise.base import Parsed

# office areas as the seed articles describe them
RANAI = ["21.03"]
SERANG = ["36.04", "36.73"]
PANGKALPINANG = ["19.71", "19.01", "19.03", "19.04", "19.05"]
TANJUNGPANDAN = ["19.02", "19.06"]
SAMARINDA = ["64.72", "64.74", "64.02"]
KEPRI = ["21.01", "21.02", "21.03", "21.04", "21.05", "21.71", "21.72"]


@pytest.mark.parametrize(
    ("text", "area", "code", "method"),
    [
        pytest.param("Kab. Natuna", RANAI, "21.03", "exact", id="kab_dot"),
        pytest.param("KABUPATEN NATUNA", RANAI, "21.03", "exact", id="upper_case"),
        pytest.param("Kab Natuna", RANAI, "21.03", "exact", id="kab_without_dot"),
        pytest.param("Natuna", RANAI, "21.03", "prefix", id="bare_name"),
        pytest.param("kab.natuna", RANAI, "21.03", "exact", id="no_space_after_dot"),
        pytest.param("Kota Serang", SERANG, "36.73", "exact", id="kota_serang"),
        pytest.param("Kab. Serang", SERANG, "36.04", "exact", id="kab_serang"),
        pytest.param("Serang", ["36.73"], "36.73", "prefix", id="bare_serang_office_covers_only_the_kota"),
        pytest.param("Pangkalpinang", PANGKALPINANG, "19.71", "prefix", id="space_insensitive"),
        pytest.param("Kota Pangkalpinang", PANGKALPINANG, "19.71", "exact", id="space_insensitive_with_kota"),
        pytest.param("Kota Pangkal Pinang", PANGKALPINANG, "19.71", "exact", id="official_spelling"),
        pytest.param("Kab. Belitung", TANJUNGPANDAN, "19.02", "exact", id="belitung"),
        pytest.param("Belitung Timur", TANJUNGPANDAN, "19.06", "prefix", id="belitung_timur"),
        pytest.param("Tg. Pinang", KEPRI, "21.72", "prefix", id="tg_abbreviation"),
        pytest.param("Kota Tj Pinang", KEPRI, "21.72", "exact", id="tj_abbreviation"),
        pytest.param("Tanjungpinang", KEPRI, "21.72", "prefix", id="tanjungpinang_one_word"),
        pytest.param("Anambas", KEPRI, "21.05", "prefix", id="kepulauan_dropped"),
        pytest.param("Kab. Kep. Anambas", KEPRI, "21.05", "exact", id="kep_abbreviation"),
        pytest.param("Kota Bontang", SAMARINDA, "64.74", "exact", id="bontang"),
        pytest.param("Kota Natuna", RANAI, "21.03", "prefix", id="wrong_level_word_inside_area"),
        pytest.param("Kab. Natuan", RANAI, "21.03", "fuzzy", id="typo_natuan"),
        pytest.param("Belitong", TANJUNGPANDAN, "19.02", "fuzzy", id="typo_belitong"),
        pytest.param("Kota Batam", RANAI, "21.71", "exact_outside_area", id="exact_outside_area"),
        pytest.param("Batam", RANAI, "21.71", "exact_outside_area", id="bare_name_outside_area"),
        pytest.param("Kab. Serang", ["36.73"], "36.04", "exact_outside_area", id="kab_serang_outside_kota_office"),
        pytest.param("2103", [], "21.03", "code", id="code_undotted"),
        pytest.param("21.03", RANAI, "21.03", "code", id="code_dotted"),
        pytest.param("Jakarta Pusat", [], "31.71", "prefix", id="kota_administrasi"),
    ],
)
def test_match_kabkota__finds(gazetteer, text, area, code, method):
    result = gazetteer.match_kabkota(text, area)
    assert (result.value, result.method) == (code, method), result


@pytest.mark.parametrize(
    ("text", "area", "reason"),
    [
        pytest.param("Serang", SERANG, "KABKOTA_AMBIGUOUS", id="bare_serang_office_covers_both"),
        pytest.param("Serang", [], "KABKOTA_AMBIGUOUS", id="bare_serang_no_area"),
        pytest.param("Bandung", SERANG, "KABKOTA_AMBIGUOUS", id="bare_name_outside_area_fits_two"),
        pytest.param("Natuan", [], "KABKOTA_UNKNOWN", id="typo_never_fuzzy_outside_area"),
        pytest.param("Kota Natuna", [], "KABKOTA_UNKNOWN", id="wrong_level_word_outside_area"),
        pytest.param("Belitong", RANAI, "KABKOTA_UNKNOWN", id="typo_of_a_name_outside_area"),
        pytest.param("Ranai", RANAI, "KABKOTA_UNKNOWN", id="town_is_not_a_kabupaten"),
        pytest.param("Kepulauan Riau", RANAI, "KABKOTA_UNKNOWN", id="province"),
        pytest.param("9999", RANAI, "KABKOTA_UNKNOWN", id="unknown_code"),
        pytest.param("21.03.04", RANAI, "KABKOTA_UNKNOWN", id="kecamatan_code"),
        pytest.param("hotel dekat pantai", RANAI, "KABKOTA_UNKNOWN", id="free_text"),
    ],
)
def test_match_kabkota__rejects(gazetteer, text, area, reason):
    assert gazetteer.match_kabkota(text, area) == Parsed(None, reason)


@pytest.mark.parametrize("text", ["", "   ", "-", "()"], ids=repr)
def test_match_kabkota__blank_is_nothing(gazetteer, text):
    assert gazetteer.match_kabkota(text, RANAI) == Parsed(None, None)


@pytest.mark.parametrize(
    ("text", "kabkota", "area", "code", "method"),
    [
        pytest.param("Tanjung Pandan", "19.02", TANJUNGPANDAN, "19.02.01", "exact", id="tanjung_pandan_spaced"),
        pytest.param("Kec. Tanjungpandan", None, TANJUNGPANDAN, "19.02.01", "exact", id="kec_prefix_office_area"),
        pytest.param("Kec. Tg. Pandan", "19.02", TANJUNGPANDAN, "19.02.01", "exact", id="tg_abbreviation"),
        pytest.param("Bunguran Timur", "21.03", RANAI, "21.03.07", "exact", id="bunguran_timur"),
        pytest.param("Bunguran Timur Laut", None, RANAI, "21.03.15", "exact", id="longer_name_not_confused"),
        pytest.param("Midai", None, RANAI, "21.03.04", "exact", id="midai"),
        pytest.param("Curug", None, SERANG, "36.73.04", "exact", id="repeated_name_resolved_by_office_area"),
        pytest.param("Badau", None, TANJUNGPANDAN, "19.02.05", "exact", id="repeated_name_in_belitung"),
        pytest.param("Serang", "36.73", SERANG, "36.73.01", "exact", id="kecamatan_named_like_kota"),
        pytest.param("Sijok", "19.02", TANJUNGPANDAN, "19.02.04", "fuzzy", id="typo_within_kabkota"),
        pytest.param("Bunguran Timr", None, RANAI, "21.03.07", "fuzzy", id="typo_within_office_area"),
        pytest.param("Distrik Midai", "21.03", RANAI, "21.03.04", "exact", id="distrik_prefix"),
        pytest.param("Midai", None, [], "21.03.04", "exact", id="unique_name_no_area"),
        pytest.param("Midai", None, SERANG, "21.03.04", "exact_outside_area", id="unique_name_outside_area"),
        pytest.param("190201", "19.02", TANJUNGPANDAN, "19.02.01", "code", id="code_undotted"),
        pytest.param("19.02.01", None, TANJUNGPANDAN, "19.02.01", "code", id="code_dotted"),
    ],
)
def test_match_kecamatan__finds(gazetteer, text, kabkota, area, code, method):
    result = gazetteer.match_kecamatan(text, kabkota, area)
    assert (result.value, result.method) == (code, method), result


@pytest.mark.parametrize(
    ("text", "kabkota", "area", "reason"),
    [
        pytest.param("Curug", None, ["36.03", "36.73"], "KECAMATAN_AMBIGUOUS", id="repeated_name_twice_in_area"),
        pytest.param("Badau", None, [], "KECAMATAN_AMBIGUOUS", id="repeated_name_no_area"),
        pytest.param("Curug", "36.04", SERANG, "KECAMATAN_NOT_IN_KABKOTA", id="exists_in_other_kabkota_of_area"),
        pytest.param("Membalong", "19.06", TANJUNGPANDAN, "KECAMATAN_NOT_IN_KABKOTA", id="belongs_to_belitung"),
        pytest.param("190201", "19.06", TANJUNGPANDAN, "KECAMATAN_NOT_IN_KABKOTA", id="code_of_other_kabkota"),
        pytest.param("Sijok", None, RANAI, "KECAMATAN_UNKNOWN", id="typo_outside_area"),
        pytest.param("Tanjungpandn", None, RANAI, "KECAMATAN_UNKNOWN", id="never_fuzzy_outside_area"),
        pytest.param("Jalan Sudirman", "19.02", TANJUNGPANDAN, "KECAMATAN_UNKNOWN", id="street"),
        pytest.param("99.99.99", None, RANAI, "KECAMATAN_UNKNOWN", id="unknown_code"),
    ],
)
def test_match_kecamatan__rejects(gazetteer, text, kabkota, area, reason):
    assert gazetteer.match_kecamatan(text, kabkota, area) == Parsed(None, reason)


def test_match_kecamatan__unknown_kabkota_code_raises(gazetteer):
    with pytest.raises(ValueError, match="99.99"):
        gazetteer.match_kecamatan("Midai", "99.99", RANAI)


@pytest.mark.parametrize(
    ("text", "code", "method"),
    [
        pytest.param("Kota", "19.02.01.1001", "exact", id="kelurahan_named_kota"),
        pytest.param("Kel. Parit", "19.02.01.1002", "exact", id="kel_prefix"),
        pytest.param("Desa Perawas", "19.02.01.2004", "exact", id="desa_prefix"),
        pytest.param("Air Saga", "19.02.01.2010", "exact", id="two_words"),
        pytest.param("airsaga", "19.02.01.2010", "exact", id="space_insensitive"),
        pytest.param("Perawass", "19.02.01.2004", "fuzzy", id="typo"),
        pytest.param("1902011001", "19.02.01.1001", "code", id="code"),
    ],
)
def test_match_desa__finds(gazetteer, text, code, method):
    result = gazetteer.match_desa(text, "19.02.01")
    assert (result.value, result.method) == (code, method), result


@pytest.mark.parametrize(
    ("text", "kecamatan", "reason"),
    [
        pytest.param("Ranai", "19.02.01", "DESA_UNKNOWN", id="not_in_kecamatan"),
        pytest.param("Parit", None, "DESA_UNKNOWN", id="no_kecamatan"),
        pytest.param("Parit", "99.99.99", "DESA_UNKNOWN", id="unknown_kecamatan"),
        pytest.param("2103041001", "19.02.01", "DESA_UNKNOWN", id="code_of_other_kecamatan"),
    ],
)
def test_match_desa__rejects(gazetteer, text, kecamatan, reason):
    assert gazetteer.match_desa(text, kecamatan) == Parsed(None, reason)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("21.03", "Kabupaten Natuna"),
        ("2103", "Kabupaten Natuna"),
        ("36.73", "Kota Serang"),
        ("36.04", "Kabupaten Serang"),
        ("19.71", "Kota Pangkal Pinang"),
        ("19.02", "Kabupaten Belitung"),
        ("64.74", "Kota Bontang"),
        ("19.02.01", "Tanjungpandan"),
        ("19.02.01.1001", "Kota"),
        ("99.99", None),
        ("Natuna", None),
    ],
)
def test_name__by_code(gazetteer, code, name):
    assert gazetteer.name(code) == name


def test_kabkota_of__kecamatan_and_desa(gazetteer):
    assert gazetteer.kabkota_of("21.03.04") == "21.03"
    assert gazetteer.kabkota_of("190201") == "19.02"
    assert gazetteer.kabkota_of("19.02.01.1001") == "19.02"
    with pytest.raises(ValueError):
        gazetteer.kabkota_of("21.03")


def test_gazetteer__holds_every_kabkota_and_kecamatan_of_the_decree(gazetteer):
    kabkota = [k for p in wilayah.list_wilayah() for k in wilayah.list_wilayah(p.code)]
    assert len(kabkota) == 514
    wrong = {k.name: r for k in kabkota if (r := gazetteer.match_kabkota(k.name, [k.code])).value != k.code}
    assert wrong == {}


def test_gazetteer__every_kecamatan_by_its_official_name_within_its_kabkota(gazetteer):
    wrong = {}
    for province in wilayah.list_wilayah():
        for kabkota in wilayah.list_wilayah(province.code):
            kecamatan = wilayah.list_wilayah(kabkota.code)
            for kec in kecamatan:
                result = gazetteer.match_kecamatan(kec.name, kabkota.code, [kabkota.code])
                if result.value != kec.code:
                    wrong[kec.code] = (kec.name, result)
    assert wrong == {}
