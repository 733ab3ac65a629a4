"""Tests of the weekly rakor report in English: the same figures as the Indonesian one, every word in English."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import string
from datetime import date, datetime
from zoneinfo import ZoneInfo

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader

from conftest import write_config
from pipelines import vocabulary
from pipelines.core.config import Office, load_config
from pipelines.report import charts
from pipelines.report.render import render_html, write_report
from pipelines.report.run import headline_markdown, write_weekly_report
from pipelines.report.weekly import build_weekly_report
from pipelines.vocabulary import ENGLISH, INDONESIAN
from tests.unit.report.test_report import (
    EMPTY_WEEK,
    GENERATED_AT,
    NATIONALITY_COUNTS,
    OFFICE,
    PREVIOUS,
    WEEK,
    _week_totals,
    build_marts,
)

# the brief's own examples of Indonesian that must not reach an English reader
INDONESIAN_WORDS = ("Kewarganegaraan", "Minggu", "Tidak diketahui", "Lainnya", "Jumlah", "Halaman", "s.d.")
# the tables of code labels each language has, by Labels field
CODE_TABLES = (
    "headline",
    "permit_types",
    "purposes",
    "complaint_categories",
    "followup_statuses",
    "alert_kinds",
    "alert_kinds_short",
    "editions",
    "form_kinds",
    "fields",
    "reject_reasons",
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("marts") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as setup:
        build_marts(setup)
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def report_id(con):
    return build_weekly_report(con, OFFICE, WEEK, GENERATED_AT)


@pytest.fixture(scope="module")
def report_en(con):
    return build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, language="en")


@pytest.fixture(scope="module")
def written_id(report_id, tmp_path_factory):
    return write_report(report_id, tmp_path_factory.mktemp("id"), formats=["html", "xlsx"])


@pytest.fixture(scope="module")
def written_en(report_en, tmp_path_factory):
    return write_report(report_en, tmp_path_factory.mktemp("en"))


@pytest.fixture(scope="module")
def html_id(written_id) -> str:
    return written_id["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def html_en(written_en) -> str:
    return written_en["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workbook_id(written_id):
    return openpyxl.load_workbook(written_id["xlsx"])


@pytest.fixture(scope="module")
def workbook_en(written_en):
    return openpyxl.load_workbook(written_en["xlsx"])


@pytest.fixture
def no_charts(monkeypatch):
    # for tests about the text only: drawing is the slow part
    monkeypatch.setattr(charts, "trend_chart", lambda rows, lang: "<svg/>")
    monkeypatch.setattr(charts, "nationality_chart", lambda rows, lang: "<svg/>" if rows else None)


def _page_text(html: str) -> str:
    """The page's text without the embedded charts' base64, entities decoded."""
    return html_lib.unescape(re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,", html))


def _literal_parts(text: str) -> list[str]:
    """The words of a phrase around its placeholders, e.g. "Tren {weeks} minggu" -> ["Tren", "minggu"]."""
    return [literal.strip() for literal, *_ in string.Formatter().parse(text) if len(literal.strip()) >= 4]


def _indonesian_phrases() -> set[str]:
    """Every phrase, label and country name the Indonesian report says and the English one says differently.

    An acronym or a word both languages share ("Transit", "Info", "Malaysia") is left out.
    """
    phrases = set()
    for table in ("texts", *CODE_TABLES):
        english = getattr(ENGLISH, table)
        for key, text in getattr(INDONESIAN, table).items():
            phrases |= {part for part in _literal_parts(text) if part not in english[key]}
    countries = [*NATIONALITY_COUNTS, *INDONESIAN.nationality_overrides]
    phrases |= {INDONESIAN.nationality_label(code) for code in countries if code} - {
        ENGLISH.nationality_label(code) for code in countries if code
    }
    return phrases


def _left_over(phrases: set[str], text: str) -> list[str]:
    return sorted(phrase for phrase in phrases if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))


def _numbers(cell: str, thousands: str, decimal: str) -> list[float]:
    """The numbers in a table cell written with these separators, e.g. "+23 (+92,0%)" -> [23.0, 92.0]."""
    found = re.findall(rf"\d[\d{re.escape(thousands)}{re.escape(decimal)}]*", cell)
    return [float(text.replace(thousands, "").replace(decimal, ".")) for text in found]


def _number_cells(html: str) -> list[str]:
    return re.findall(r'<td class="n[^"]*">(.*?)</td>', html)


# language choice


def test_for_language__unknown_raises_naming_choices():
    assert vocabulary.for_language("id") is INDONESIAN and vocabulary.for_language("en") is ENGLISH
    with pytest.raises(ValueError, match=r"unknown report language 'fr'.*'id'.*'en'"):
        vocabulary.for_language("fr")


def test_build_weekly_report__unknown_language_raises(con):
    with pytest.raises(ValueError, match="unknown report language 'EN'"):
        build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, language="EN")


def test_write_weekly_report__unknown_language_raises_before_reading_the_snapshot(tmp_path):
    # no snapshot exists: a wrong language must be the error reported, not the missing snapshot
    settings = load_config(write_config(tmp_path))
    with pytest.raises(ValueError, match="unknown report language 'english'"):
        write_weekly_report(settings, "RANAI", WEEK, language="english")


def test_write_weekly_report__english_files_and_markdown(tmp_path, no_charts):
    settings = load_config(write_config(tmp_path))
    settings.snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.snapshot_path)) as setup:
        build_marts(setup)
    # the default edition's alert list is read from the restricted snapshot: the same hand-made marts
    shutil.copyfile(settings.snapshot_path, settings.restricted_snapshot_path)
    out = tmp_path / "out"
    indonesian = write_weekly_report(settings, "RANAI", WEEK, out_dir=out, formats=["html", "xlsx"])
    english = write_weekly_report(settings, "RANAI", WEEK, out_dir=out, formats=["html", "xlsx"], language="en")
    assert [path.name for path in english.paths.values()] == [
        "rakor_RANAI_2026-W47_en.html",
        "rakor_RANAI_2026-W47_en.xlsx",
    ]
    # both languages side by side in one folder
    assert sorted(path.name for path in out.iterdir()) == sorted(
        path.name for written in (indonesian, english) for path in written.paths.values()
    )
    assert '<html lang="en">' in english.paths["html"].read_text(encoding="utf-8")
    assert "| Indicator |" in english.markdown and "| Indikator |" in indonesian.markdown


# gathering: same figures, English labels


def test_report_en__same_figures_as_indonesian(report_id, report_en):
    assert (report_id.language, report_en.language) == ("id", "en")
    assert [(f.key, f.current, f.previous) for f in report_en.headline] == [
        (f.key, f.current, f.previous) for f in report_id.headline
    ]
    for field in ("by_nationality", "by_purpose", "by_permit_type"):
        english, indonesian = getattr(report_en, field), getattr(report_id, field)
        assert [(r.value_code, r.persons_present, r.is_other) for r in english] == [
            (r.value_code, r.persons_present, r.is_other) for r in indonesian
        ], field
    assert [row[:1] + row[2:] for row in report_en.complaints_by_category] == [
        row[:1] + row[2:] for row in report_id.complaints_by_category
    ]
    assert [row[:1] + row[2:] for row in report_en.overstay_counts] == [
        row[:1] + row[2:] for row in report_id.overstay_counts
    ]
    assert report_en.trend == report_id.trend
    assert report_en.rejects == report_id.rejects


def test_report_en__labels_are_english(report_en):
    assert [f.label for f in report_en.headline] == list(ENGLISH.headline.values())
    nationalities = {row.value_code: row.label for row in report_en.by_nationality}
    assert (nationalities["CHN"], nationalities["KOR"], nationalities["USA"]) == (
        "China",
        "South Korea",
        "United States",
    )
    other = report_en.by_nationality[-1]
    folded = len(NATIONALITY_COUNTS) - 10
    assert other.is_other and other.label == f"Others ({folded} countries)"
    assert {row.value_code: row.label for row in report_en.by_purpose}["UNKNOWN"] == "Unknown"
    assert [row.label for row in report_en.complaints_by_category] == list(ENGLISH.complaint_categories.values())
    assert {row.person_id: row.kind_label for row in report_en.overstay_alerts}["p_0003"] == "Expiring soon"
    assert report_en.overstay_alerts[0].permit_type_label == "Visa on arrival (VoA)"


def test_report_en__unmatched_area_named_in_english(report_id, report_en):
    # the marts name an unmatched kecamatan "(tidak diketahui)": data to the marts, a label to the reader
    unmatched_id = [row for row in report_id.by_kecamatan if row.kecamatan_code is None]
    unmatched_en = [row for row in report_en.by_kecamatan if row.kecamatan_code is None]
    assert [row.kecamatan_name for row in unmatched_id] == [vocabulary.UNKNOWN_AREA]
    assert [row.kecamatan_name for row in unmatched_en] == ["(unknown)"]
    assert [row.kecamatan_name for row in report_en.by_kecamatan if row.kecamatan_code] == [
        row.kecamatan_name for row in report_id.by_kecamatan if row.kecamatan_code
    ]


# HTML and PDF


def test_html_en__lang_and_english_headings(html_en):
    assert '<html lang="en">' in html_en
    for heading in (
        "Timpora Weekly Report",
        "This week's summary",
        "Foreigners reported present",
        "12-week trend",
        "By area: regency/city and district (kecamatan)",
        "By nationality",
        "Public complaints",
        "Overstay alerts",
        "Data quality: rejected values",
        "Data freshness",
        "Change from last week",
        "General edition (no personal data)",
    ):
        assert heading in _page_text(html_en), heading
    assert 'content: "Page " counter(page) " of " counter(pages)' in html_en


def test_html_en__no_indonesian_words(report_en, html_en):
    # the office's name is the configuration's, in Indonesian whatever the report's language
    text = _page_text(html_en).replace(report_en.office_name, "")
    for word in INDONESIAN_WORDS:
        assert word not in text, word
    phrases = _indonesian_phrases()
    assert {"Kewarganegaraan", "Tiongkok", "Tidak ada data", "(minggu lalu 0)"} <= phrases
    assert _left_over(phrases, text) == []


def test_html__indonesian_page_is_still_indonesian(html_id):
    assert '<html lang="id">' in html_id
    text = _page_text(html_id)
    assert "Ringkasan minggu ini" in text and "This week's summary" not in text


def test_html_en__same_numbers_english_separators(html_id, html_en):
    cells_id, cells_en = _number_cells(html_id), _number_cells(html_en)
    assert cells_en and len(cells_en) == len(cells_id)
    for indonesian, english in zip(cells_id, cells_en, strict=True):
        assert _numbers(english, ",", ".") == _numbers(indonesian, ".", ","), (indonesian, english)
    assert "1,450" in cells_en and "1.450" in cells_id  # rows of a source: thousands separated


def test_html_en__headline_change_dates_and_times(report_en, html_en):
    text = _page_text(html_en)
    for figure in report_en.headline:
        assert ENGLISH.format_change(figure.change, figure.previous) in text
    assert "+23 (+92.0%)" in text  # 48 present this week, 25 the week before
    assert "16 November 2026 to 22 November 2026" in text
    assert "24 November 2026 09:30 WIB" in text
    assert "Others (3 countries)" in text and "6.2%" in text


def test_html_en__wita_office_time(con, no_charts):
    office = Office(code="RANAI", name="Uji WITA", timezone="Asia/Makassar", kabkota_codes=["21.03"])
    html = render_html(build_weekly_report(con, office, WEEK, GENERATED_AT, language="en"))
    assert "24 November 2026 10:30 WITA" in html


def test_pdf_en__english_pages_with_the_same_figures(con, written_en):
    pages = [page.extract_text() for page in PdfReader(written_en["pdf"]).pages]
    cover = pages[0]
    assert "Timpora Weekly Report" in cover and "16 November 2026 to 22 November 2026" in cover
    for current, previous in zip(_week_totals(con, WEEK), _week_totals(con, PREVIOUS), strict=True):
        assert f"{current} {previous} {ENGLISH.format_change(current - previous, previous)}\n" in cover
    assert all(f"Page {number} of {len(pages)}" in page for number, page in enumerate(pages, start=1))
    text = "\n".join(pages)
    assert "Total of the office's area 48 24 27 5" in text
    for word in INDONESIAN_WORDS:
        assert word not in text, word


def test_headline_markdown__follows_the_report_language(report_en):
    text = headline_markdown(report_en)
    assert "| Indicator | 2026-W47 | 2026-W46 | Change |" in text
    for figure in report_en.headline:
        change = ENGLISH.format_change(figure.change, figure.previous)
        assert f"| {figure.label} | {figure.current} | {figure.previous} | {change} |" in text


# XLSX


def test_xlsx_en__sheet_names_english(workbook_id, workbook_en):
    assert workbook_en.sheetnames == [
        "Info",
        "Summary",
        "Regencies and cities",
        "Districts",
        "Nationality",
        "Purpose",
        "Permit type",
        "Workers per sponsor",
        "Complaints",
        "Overstay summary",
        "Overstay list",
        "12-week trend",
        "Data quality",
        "Data freshness",
    ]
    assert len(workbook_en.sheetnames) == len(workbook_id.sheetnames)
    assert set(workbook_en.sheetnames) & set(workbook_id.sheetnames) == {"Info"}


def test_xlsx_en__same_values_as_indonesian(workbook_id, workbook_en):
    yes_no = {"Ya": "Yes", "Tidak": "No"}
    for sheet_id, sheet_en in zip(workbook_id, workbook_en, strict=True):
        rows_id = list(sheet_id.iter_rows(values_only=True))
        rows_en = list(sheet_en.iter_rows(values_only=True))
        assert len(rows_en) == len(rows_id), sheet_en.title
        for row_id, row_en in zip(rows_id[1:], rows_en[1:], strict=True):
            for value_id, value_en in zip(row_id, row_en, strict=True):
                if not isinstance(value_id, str):
                    assert value_en == value_id, (sheet_en.title, row_en)
                elif value_id in yes_no:
                    assert value_en == yes_no[value_id]


def test_xlsx_en__headers_and_labels_english(report_en, workbook_en):
    headers = [cell.value for sheet in workbook_en for cell in sheet[1]]
    assert "Foreigners reported present" in headers and "Last successful read (WIB)" in headers
    texts = [
        cell
        for sheet in workbook_en
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str) and cell != report_en.office_name
    ]
    assert _left_over(_indonesian_phrases(), "\n".join(texts)) == []
    summary = list(workbook_en["Summary"].iter_rows(values_only=True))
    assert summary[0][1:3] == ("This week (2026-W47)", "Last week (2026-W46)")


def test_xlsx_en__dates_print_english_month_names(workbook_id, workbook_en):
    assert workbook_en["12-week trend"]["B2"].number_format.startswith("[$-809]")
    assert workbook_id["Tren 12 minggu"]["B2"].number_format.startswith("[$-421]")


# file names, editions, empty weeks


def test_write_report__english_file_names_beside_indonesian(con, tmp_path, no_charts):
    for language in ("id", "en"):
        for edition in ("default", "restricted"):
            report = build_weekly_report(con, OFFICE, WEEK, GENERATED_AT, edition=edition, language=language)
            write_report(report, tmp_path, formats=["html", "xlsx"])
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "rakor_RANAI_2026-W47.html",
        "rakor_RANAI_2026-W47.xlsx",
        "rakor_RANAI_2026-W47_en.html",
        "rakor_RANAI_2026-W47_en.xlsx",
        "rakor_RANAI_2026-W47_en_terbatas.html",
        "rakor_RANAI_2026-W47_en_terbatas.xlsx",
        "rakor_RANAI_2026-W47_terbatas.html",
        "rakor_RANAI_2026-W47_terbatas.xlsx",
    ]
    restricted = (tmp_path / "rakor_RANAI_2026-W47_en_terbatas.html").read_text(encoding="utf-8")
    assert "RESTRICTED: PERSONAL DATA" in restricted and "Restricted edition." in restricted
    assert "Name / passport" in restricted and "TERBATAS" not in restricted
    sheet = openpyxl.load_workbook(tmp_path / "rakor_RANAI_2026-W47_en_terbatas.xlsx")["Overstay list"]
    assert [cell.value for cell in sheet[1]][-6:] == [
        "Name",
        "Passport number",
        "Lodging",
        "Address",
        "Reporter",
        "Reporter's phone number",
    ]


def test_empty_week_en__says_no_data(con, tmp_path, no_charts):
    report = build_weekly_report(con, OFFICE, EMPTY_WEEK, GENERATED_AT, language="en")
    paths = write_report(report, tmp_path, formats=["html", "xlsx"])
    text = _page_text(paths["html"].read_text(encoding="utf-8"))
    assert "No data for week 2026-W10" in text and "No data" in text and "Tidak ada data" not in text
    districts = list(openpyxl.load_workbook(paths["xlsx"])["Districts"].iter_rows(min_row=2, values_only=True))
    assert districts == [("No data",) + (None,) * 7]


# the language tables and formats


@pytest.mark.parametrize("table", ["texts", *CODE_TABLES])
def test_labels__english_has_every_indonesian_key_in_order(table):
    assert list(getattr(ENGLISH, table)) == list(getattr(INDONESIAN, table))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_labels__english_texts_fill_the_same_placeholders():
    for key, text in INDONESIAN.texts.items():
        assert _placeholders(ENGLISH.texts[key]) == _placeholders(text), key


def test_labels__excel_sheet_names_fit():
    # excel refuses names over 31 characters or with []:*?/\
    for lang in (INDONESIAN, ENGLISH):
        names = [text for key, text in lang.texts.items() if key.startswith("sheet_")]
        names.append(lang.text("trend_title", weeks=12))
        assert len(set(names)) == len(names)
        assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("CHN", "China"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("USA", "United States"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("TWN", "Taiwan"),
        ("TLS", "Timor-Leste"),
        ("VNM", "Vietnam"),
        ("DEU", "Germany"),
        ("tls", "Timor-Leste"),
        ("UNKNOWN", "Unknown"),
        (None, "Unknown"),
        ("", "Unknown"),
        ("XXX", "XXX"),
    ],
)
def test_nationality_label__english(code, label):
    assert ENGLISH.nationality_label(code) == label


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12345, 0, "12,345"),
        (1234567, 0, "1,234,567"),
        (5.25, 1, "5.2"),
        (5.3, 1, "5.3"),
        (-1234.5, 1, "-1,234.5"),
        (0, 0, "0"),
        (None, 0, "-"),
    ],
)
def test_format_number__english(value, decimals, expected):
    assert ENGLISH.format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("change", "previous", "expected"),
    [
        (4, 0, "+4 (last week 0)"),
        (12, 228, "+12 (+5.3%)"),
        (-3, 6, "-3 (-50.0%)"),
        (0, 5, "0"),
        (1500, 1000, "+1,500 (+150.0%)"),
    ],
)
def test_format_change__english(change, previous, expected):
    assert ENGLISH.format_change(change, previous) == expected


def test_format_share_and_dates__english():
    assert ENGLISH.format_share(9, 48) == "18.8%"
    assert ENGLISH.format_share(0, 0) == "-"
    assert ENGLISH.format_date(date(2026, 11, 24)) == "24 November 2026"
    assert ENGLISH.format_date(date(2027, 5, 1)) == "1 May 2027"
    assert ENGLISH.format_date(None) == "-"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "24 November 2026 14:05 WIB"),
        ("Asia/Makassar", "24 November 2026 14:05 WITA"),
        ("Asia/Jayapura", "24 November 2026 14:05 WIT"),
        ("UTC", "24 November 2026 14:05 UTC"),
    ],
)
def test_format_datetime__english_keeps_indonesian_zone_names(zone, expected):
    assert ENGLISH.format_datetime(datetime(2026, 11, 24, 14, 5, tzinfo=ZoneInfo(zone))) == expected


def test_format_datetime__indonesian_unchanged():
    value = datetime(2026, 11, 24, 14, 5, tzinfo=ZoneInfo("Asia/Makassar"))
    assert INDONESIAN.format_datetime(value) == "24 November 2026 14.05 WITA"
    assert ENGLISH.format_datetime(value.replace(tzinfo=None)) == "24 November 2026 14:05"


def test_code_labels__english():
    assert ENGLISH.permit_type_label("BEBAS_VISA") == "Visa-free visit"
    assert ENGLISH.purpose_label("BEKERJA") == "Work/foreign worker"
    assert ENGLISH.complaint_category_label("PERMIT_MISUSE") == "Misuse of a stay permit"
    assert ENGLISH.followup_status_label("BARU") == "New"
    assert ENGLISH.alert_kind_label("OVERSTAY") == "Overstay (stay permit expired)"
    assert ENGLISH.form_kind_label("complaint") == "Public complaint"
    assert ENGLISH.field_label("passport_number") == "Passport number"
    assert ENGLISH.reject_reason_label("KABKOTA_UNKNOWN") == "Regency/city not recognised"
    assert ENGLISH.edition_label("restricted") == "RESTRICTED: contains personal data"
    # a code newer than the tables is shown as is, an empty one as unknown
    assert ENGLISH.reject_reason_label("NEW_CODE") == "NEW_CODE"
    assert ENGLISH.permit_type_label(None) == "Unknown"
    assert ENGLISH.other_countries_label(1) == "Others (1 country)"
