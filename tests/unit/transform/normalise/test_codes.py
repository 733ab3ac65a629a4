from __future__ import annotations

import pytest

from pipelines.transform.normalise.base import Parsed
from pipelines.transform.normalise.codes import (
    COMPLAINT_CATEGORIES,
    PERMIT_TYPES,
    PURPOSES,
    parse_complaint_category,
    parse_followup_status,
    parse_permit_number,
    parse_permit_type,
    parse_phone,
    parse_purpose,
    parse_sex,
)


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        pytest.param("Visa Kunjungan", "VISA_KUNJUNGAN", "exact", id="visa_kunjungan"),
        pytest.param("visit visa", "VISA_KUNJUNGAN", "alias", id="visit_visa"),
        pytest.param("Tourist Visa", "VISA_KUNJUNGAN", "alias", id="tourist_visa"),
        pytest.param("C1", "VISA_KUNJUNGAN", "alias", id="index_c1"),
        pytest.param("c2", "VISA_KUNJUNGAN", "alias", id="index_c2_lower"),
        pytest.param("B211A", "VISA_KUNJUNGAN", "alias", id="index_b211a"),
        pytest.param("D1 (multiple entry)", "VISA_KUNJUNGAN", "keyword", id="index_d1"),
        pytest.param("Visa Kunjungan (C1)", "VISA_KUNJUNGAN", "keyword", id="name_and_index_agree"),
        pytest.param("VoA", "VOA", "exact", id="voa"),
        pytest.param("e-VoA", "VOA", "alias", id="e_voa"),
        pytest.param("Visa On Arrival", "VOA", "alias", id="visa_on_arrival"),
        pytest.param("Visa Kunjungan Saat Kedatangan", "VOA", "alias", id="vksk_not_visa_kunjungan"),
        pytest.param("B213", "VOA", "alias", id="index_b213"),
        pytest.param("Bebas Visa Kunjungan", "BEBAS_VISA", "alias", id="bvk_not_visa_kunjungan"),
        pytest.param("BVK", "BEBAS_VISA", "alias", id="bvk"),
        pytest.param("visa free", "BEBAS_VISA", "alias", id="visa_free"),
        pytest.param("ITK", "ITK", "exact", id="itk"),
        pytest.param("Izin Tinggal Kunjungan", "ITK", "alias", id="izin_tinggal_kunjungan"),
        pytest.param("KITAS", "KITAS", "exact", id="kitas"),
        pytest.param("e-ITAS", "KITAS", "alias", id="e_itas"),
        pytest.param("ITAS (Izin Tinggal Terbatas)", "KITAS", "keyword", id="itas_spelled_out"),
        pytest.param("C312", "KITAS", "alias", id="index_c312_work"),
        pytest.param("C317", "KITAS", "alias", id="index_c317_family"),
        pytest.param("KITAP", "KITAP", "exact", id="kitap"),
        pytest.param("Izin Tinggal Tetap", "KITAP", "alias", id="izin_tinggal_tetap"),
        pytest.param("Diplomatik", "DIPLOMATIK", "exact", id="diplomatik"),
        pytest.param("Izin Tinggal Dinas", "DIPLOMATIK", "alias", id="dinas"),
        pytest.param("Lainnya", "LAINNYA", "exact", id="lainnya"),
        pytest.param("Lainnya: KITAS", "KITAS", "keyword", id="other_with_a_real_type"),
    ],
)
def test_parse_permit_type__reads(text, expected, method):
    assert parse_permit_type(text) == Parsed(expected, None, method)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("visa", "PERMIT_TYPE_UNKNOWN", id="bare_visa"),
        pytest.param("paspor", "PERMIT_TYPE_UNKNOWN", id="passport"),
        pytest.param("C1234", "PERMIT_TYPE_UNKNOWN", id="not_an_index"),
        pytest.param("VoA / BVK", "PERMIT_TYPE_AMBIGUOUS", id="two_types"),
        pytest.param("KITAS atau KITAP", "PERMIT_TYPE_AMBIGUOUS", id="kitas_or_kitap"),
    ],
)
def test_parse_permit_type__rejects(text, reason):
    assert parse_permit_type(text) == Parsed(None, reason)


def test_permit_types__lists_every_value():
    assert PERMIT_TYPES == (
        "VISA_KUNJUNGAN",
        "VOA",
        "BEBAS_VISA",
        "ITK",
        "KITAS",
        "KITAP",
        "DIPLOMATIK",
        "LAINNYA",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(" 2c21je1234-ab ", "2C21JE1234-AB", id="trim_upper"),
        pytest.param("W16.IMI.IMI.4-GR.01.01-1234", "W16.IMI.IMI.4-GR.01.01-1234", id="letter_number"),
        pytest.param("2C11  AB 1234", "2C11 AB 1234", id="collapse_spaces"),
        pytest.param("IMI/2024/123", "IMI/2024/123", id="slashes"),
    ],
)
def test_parse_permit_number__reads(text, expected):
    assert parse_permit_number(text) == Parsed(expected, None, "format")


@pytest.mark.parametrize("text", ["tidak ada", "A1", "X" * 29 + "12", "No. 123#4", "belum punya"], ids=repr)
def test_parse_permit_number__implausible(text):
    assert parse_permit_number(text) == Parsed(None, "PERMIT_NUMBER_IMPLAUSIBLE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("081234567890", "+6281234567890", id="national_mobile"),
        pytest.param("0812-3456-7890", "+6281234567890", id="dashes"),
        pytest.param("6281234567890", "+6281234567890", id="country_code_without_plus"),
        pytest.param("+62 812-3456-7890", "+6281234567890", id="international"),
        pytest.param("(021) 555 1234", "+62215551234", id="jakarta_landline"),
        pytest.param("+86 138 0013 8000", "+8613800138000", id="foreign_mobile"),
    ],
)
def test_parse_phone__reads(text, expected):
    assert parse_phone(text) == Parsed(expected, None, "phonenumbers")


@pytest.mark.parametrize("text", ["12345", "tidak ada", "0812", "+999 123", "0" * 60], ids=repr)
def test_parse_phone__invalid(text):
    assert parse_phone(text) == Parsed(None, "PHONE_INVALID")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laki-laki", "M"), ("LAKI LAKI", "M"), ("L", "M"), ("Pria", "M"), ("Male", "M"), ("m", "M"),
        ("Laki-laki / Male", "M"), ("Perempuan", "F"), ("P", "F"), ("Wanita", "F"), ("Female", "F"),
        ("f", "F"), ("W", "F"),
    ],
)  # fmt: skip
def test_parse_sex__reads(text, expected):
    assert parse_sex(text).value == expected


@pytest.mark.parametrize("text", ["L/P", "x", "tidak disebutkan", "Male/Female"], ids=repr)
def test_parse_sex__unknown(text):
    assert parse_sex(text) == Parsed(None, "SEX_UNKNOWN")


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        pytest.param("Wisata", "WISATA", "exact", id="wisata"),
        pytest.param("liburan", "WISATA", "alias", id="liburan"),
        pytest.param("Tourism", "WISATA", "alias", id="tourism"),
        pytest.param("Bekerja", "BEKERJA", "exact", id="bekerja"),
        pytest.param("TKA di smelter", "BEKERJA", "keyword", id="tka_free_text"),
        pytest.param("Bisnis", "BISNIS", "exact", id="bisnis"),
        pytest.param("rapat dengan mitra", "BISNIS", "keyword", id="rapat"),
        pytest.param("Kunjungan keluarga", "KELUARGA", "alias", id="kunjungan_keluarga"),
        pytest.param("menikah dengan WNI", "KELUARGA", "keyword", id="married_to_citizen"),
        pytest.param("kuliah", "STUDI", "alias", id="kuliah"),
        pytest.param("penelitian", "STUDI", "alias", id="research_is_study"),
        pytest.param("Sosial Budaya", "SOSIAL_BUDAYA", "exact", id="sosial_budaya"),
        pytest.param("kegiatan keagamaan", "SOSIAL_BUDAYA", "alias", id="religious"),
        pytest.param("Transit", "TRANSIT", "exact", id="transit"),
        pytest.param("Lainnya", "LAINNYA", "exact", id="lainnya"),
        pytest.param("wisata dan bisnis", "WISATA", "first_mentioned", id="several_take_first"),
        pytest.param("jual beli tanah", "LAINNYA", "unmatched", id="unrecognised_is_other_unmatched"),
    ],
)
def test_parse_purpose__reads(text, expected, method):
    assert parse_purpose(text) == Parsed(expected, None, method)


def test_purposes__lists_every_value():
    assert set(PURPOSES) == {
        "WISATA", "BEKERJA", "BISNIS", "KELUARGA", "STUDI", "SOSIAL_BUDAYA", "TRANSIT", "LAINNYA"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        pytest.param("Overstay", "OVERSTAY", "exact", id="overstay"),
        pytest.param("Melebihi izin tinggal", "OVERSTAY", "alias", id="melebihi_izin_tinggal"),
        pytest.param("izin tinggal sudah habis", "OVERSTAY", "alias", id="izin_tinggal_habis"),
        pytest.param("Bekerja tanpa izin", "ILLEGAL_WORK", "exact", id="bekerja_tanpa_izin"),
        pytest.param("TKA ilegal", "ILLEGAL_WORK", "alias", id="tka_ilegal"),
        pytest.param("Penyalahgunaan izin tinggal", "PERMIT_MISUSE", "exact", id="penyalahgunaan"),
        pytest.param("Meresahkan warga", "DISTURBANCE", "keyword", id="meresahkan"),
        pytest.param("keributan", "DISTURBANCE", "alias", id="keributan"),
        pytest.param("Narkoba", "NARCOTICS", "alias", id="narkoba"),
        pytest.param("Masuk ilegal", "ILLEGAL_ENTRY", "exact", id="masuk_ilegal"),
        pytest.param("tanpa dokumen", "ILLEGAL_ENTRY", "alias", id="tanpa_dokumen"),
        pytest.param("Penyelundupan", "SMUGGLING", "exact", id="penyelundupan"),
        pytest.param("Lainnya", "OTHER", "exact", id="lainnya"),
        pytest.param("Overstay, Meresahkan warga, Narkoba", "NARCOTICS", "severity_order", id="checkbox_several"),
        pytest.param("Meresahkan warga, Overstay", "OVERSTAY", "severity_order", id="severity_not_position"),
        pytest.param("Lainnya, Overstay", "OVERSTAY", "keyword", id="other_dropped_when_real_one_named"),
        pytest.param("tetangga sering foto-foto rumah warga", "OTHER", "unmatched", id="unrecognised_free_text"),
        pytest.param("tetangga berisik tiap malam", "DISTURBANCE", "text", id="free_text_read"),
    ],
)
def test_parse_complaint_category__reads(text, expected, method):
    assert parse_complaint_category(text) == Parsed(expected, None, method)


def test_complaint_categories__in_severity_order():
    assert COMPLAINT_CATEGORIES == (
        "NARCOTICS", "ILLEGAL_ENTRY", "OVERSTAY", "ILLEGAL_WORK", "PERMIT_MISUSE", "SMUGGLING", "DISTURBANCE",
        "OTHER",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Baru", "BARU", id="baru"),
        pytest.param("belum", "BARU", id="belum"),
        pytest.param("Belum ditindaklanjuti", "BARU", id="negated_followup_is_new"),
        pytest.param("new", "BARU", id="new"),
        pytest.param("Proses", "DITINDAKLANJUTI", id="proses"),
        pytest.param("Ditindaklanjuti", "DITINDAKLANJUTI", id="ditindaklanjuti"),
        pytest.param("Dalam penanganan", "DITINDAKLANJUTI", id="dalam_penanganan"),
        pytest.param("In progress", "DITINDAKLANJUTI", id="in_progress"),
        pytest.param("belum selesai", "DITINDAKLANJUTI", id="not_yet_done_is_in_progress"),
        pytest.param("Selesai", "SELESAI", id="selesai"),
        pytest.param("tuntas", "SELESAI", id="tuntas"),
        pytest.param("Closed", "SELESAI", id="closed"),
        pytest.param("sudah ditindaklanjuti, selesai", "SELESAI", id="several_take_furthest"),
    ],
)
def test_parse_followup_status__reads(text, expected):
    assert parse_followup_status(text).value == expected


def test_parse_followup_status__unknown():
    assert parse_followup_status("hmm") == Parsed(None, "FOLLOWUP_STATUS_UNKNOWN")


@pytest.mark.parametrize(
    "parser",
    [
        parse_permit_type, parse_permit_number, parse_phone, parse_sex, parse_purpose,
        parse_complaint_category, parse_followup_status,
    ],
)  # fmt: skip
@pytest.mark.parametrize("text", ["", "   ", "-", "—", "?"], ids=repr)
def test_parsers__blank_is_nothing(parser, text):
    assert parser(text) == Parsed(None, None)
