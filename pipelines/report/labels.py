"""Indonesian labels and number/date formats for the rakor report."""

from __future__ import annotations

import gettext
from datetime import date, datetime, timedelta
from functools import cache

import pycountry

UNKNOWN = "UNKNOWN"
UNKNOWN_LABEL = "Tidak diketahui"
OTHER_LABEL = "Lainnya"

# pycountry's catalogue says "Timor Timur", "Cina", "Taiwan, Provinsi China", "Iran, Republik Islam";
# these are the short names Indonesian government documents use.
NATIONALITY_OVERRIDES: dict[str, str] = {
    "TLS": "Timor-Leste",
    "CHN": "Tiongkok",
    "KOR": "Korea Selatan",
    "PRK": "Korea Utara",
    "USA": "Amerika Serikat",
    "TWN": "Taiwan",
    "RUS": "Rusia",
    "IRN": "Iran",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "MDA": "Moldova",
}

PERMIT_TYPES: dict[str, str] = {
    "VISA_KUNJUNGAN": "Visa kunjungan",
    "VOA": "Visa on arrival (VoA)",
    "BEBAS_VISA": "Bebas visa kunjungan",
    "ITK": "Izin tinggal kunjungan (ITK)",
    "KITAS": "KITAS (izin tinggal terbatas)",
    "KITAP": "KITAP (izin tinggal tetap)",
    "DIPLOMATIK": "Diplomatik/dinas",
    "LAINNYA": "Lainnya",
}

PURPOSES: dict[str, str] = {
    "WISATA": "Wisata",
    "BEKERJA": "Bekerja/TKA",
    "BISNIS": "Bisnis",
    "KELUARGA": "Keluarga",
    "STUDI": "Studi/pendidikan",
    "SOSIAL_BUDAYA": "Sosial budaya",
    "TRANSIT": "Transit",
    "LAINNYA": "Lainnya",
}

COMPLAINT_CATEGORIES: dict[str, str] = {
    "OVERSTAY": "Dugaan overstay",
    "ILLEGAL_WORK": "Bekerja tanpa izin",
    "PERMIT_MISUSE": "Penyalahgunaan izin tinggal",
    "DISTURBANCE": "Meresahkan masyarakat",
    "NARCOTICS": "Narkotika",
    "ILLEGAL_ENTRY": "Masuk secara ilegal",
    "SMUGGLING": "Penyelundupan",
    "OTHER": "Lainnya",
}

FOLLOWUP_STATUSES: dict[str, str] = {
    "BARU": "Baru",
    "DITINDAKLANJUTI": "Ditindaklanjuti",
    "SELESAI": "Selesai",
}

ALERT_KINDS: dict[str, str] = {
    "OVERSTAY": "Overstay (izin tinggal sudah habis)",
    "VISA_FREE_LIMIT": "Lewat batas bebas visa kunjungan",
    "VOA_LIMIT": "Lewat batas visa on arrival",
    "EXPIRING_SOON": "Izin tinggal segera habis",
}

ALERT_KIND_SHORT: dict[str, str] = {
    "OVERSTAY": "Overstay",
    "VISA_FREE_LIMIT": "Batas bebas visa",
    "VOA_LIMIT": "Batas VoA",
    "EXPIRING_SOON": "Segera habis",
}

EDITIONS: dict[str, str] = {
    "default": "Edisi umum (tanpa data pribadi)",
    "restricted": "TERBATAS: memuat data pribadi",
}

FORM_KINDS: dict[str, str] = {
    "lodging": "Laporan keberadaan orang asing",
    "complaint": "Pengaduan masyarakat",
}

# the question of the form each field comes from, as the office's form usually words it
FIELD_LABELS: dict[str, str] = {
    "submitted_at": "Cap waktu",
    "reporter_name": "Nama pelapor",
    "establishment_name": "Nama hotel/penginapan",
    "reporter_phone": "Nomor HP pelapor",
    "full_name": "Nama lengkap orang asing",
    "nationality": "Kewarganegaraan",
    "passport_number": "Nomor paspor",
    "sex": "Jenis kelamin",
    "date_of_birth": "Tanggal lahir",
    "permit_type": "Jenis izin tinggal",
    "permit_number": "Nomor izin tinggal",
    "permit_expiry_date": "Tanggal berakhir izin tinggal",
    "purpose": "Tujuan kedatangan",
    "address": "Alamat",
    "kabkota": "Kabupaten/Kota",
    "kecamatan": "Kecamatan",
    "desa": "Desa/Kelurahan",
    "arrival_date": "Tanggal kedatangan",
    "departure_date": "Tanggal check-out",
    "complainant_name": "Nama pelapor",
    "complainant_phone": "Nomor HP pelapor",
    "subject_name": "Nama orang asing yang dilaporkan",
    "category": "Jenis pengaduan",
    "description": "Uraian kejadian",
    "incident_date": "Tanggal kejadian",
    "followup_status": "Status tindak lanjut",
    "followup_officer": "Petugas",
    "followup_note": "Catatan tindak lanjut",
    "followup_date": "Tanggal tindak lanjut",
}

# what each reject reason means for whoever fixes the form or the answers
REJECT_REASONS: dict[str, str] = {
    "REQUIRED_MISSING": "Wajib diisi, tetapi kosong",
    "DATE_UNPARSEABLE": "Tanggal tidak terbaca",
    "DATE_LOCALE_MISMATCH": "Urutan hari/bulan tidak sesuai pengaturan lembar",
    "DATE_RELATIVE": 'Tanggal ditulis relatif (mis. "kemarin")',
    "DATE_OUT_OF_RANGE": "Tanggal di luar rentang yang wajar",
    "TIMESTAMP_UNPARSEABLE": "Cap waktu tidak terbaca",
    "NATIONALITY_UNKNOWN": "Negara tidak dikenal",
    "NATIONALITY_AMBIGUOUS": "Negara tidak jelas (lebih dari satu kemungkinan)",
    "KABKOTA_UNKNOWN": "Kabupaten/kota tidak dikenal",
    "KABKOTA_AMBIGUOUS": 'Kabupaten atau kota tidak jelas (mis. "Serang" saja)',
    "KECAMATAN_UNKNOWN": "Kecamatan tidak dikenal",
    "KECAMATAN_AMBIGUOUS": "Kecamatan tidak jelas (lebih dari satu kemungkinan)",
    "KECAMATAN_NOT_IN_KABKOTA": "Kecamatan bukan bagian dari kabupaten/kota yang diisi",
    "DESA_UNKNOWN": "Desa/kelurahan tidak dikenal",
    "DESA_AMBIGUOUS": "Desa/kelurahan tidak jelas",
    "PERMIT_TYPE_UNKNOWN": "Jenis izin tinggal tidak dikenal",
    "PERMIT_TYPE_AMBIGUOUS": "Jenis izin tinggal tidak jelas",
    "PASSPORT_IMPLAUSIBLE": "Nomor paspor tidak wajar",
    "PERMIT_NUMBER_IMPLAUSIBLE": "Nomor izin tinggal tidak wajar",
    "PHONE_INVALID": "Nomor HP tidak valid",
    "SEX_UNKNOWN": "Jenis kelamin tidak dikenal",
    "FOLLOWUP_STATUS_UNKNOWN": "Status tindak lanjut tidak dikenal",
}

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# utc offset in hours -> Indonesian zone abbreviation
_ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


@cache
def _country_catalogue() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)


def _lookup(table: dict[str, str], code: str | None) -> str:
    if code is None or code == UNKNOWN or code == "":
        return UNKNOWN_LABEL
    return table.get(code, code)


def nationality_label(iso3: str | None) -> str:
    """The Indonesian name of a country from its ISO 3166-1 alpha-3 code.

    None, "" and "UNKNOWN" give "Tidak diketahui"; a code pycountry does not know is returned as is.
    """
    if iso3 is None or iso3 in ("", UNKNOWN):
        return UNKNOWN_LABEL
    code = iso3.upper()
    if code in NATIONALITY_OVERRIDES:
        return NATIONALITY_OVERRIDES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return iso3
    return _country_catalogue().gettext(country.name)


def permit_type_label(code: str | None) -> str:
    """The Indonesian label of a permit type code (VISA_KUNJUNGAN, VOA, KITAS, ...)."""
    return _lookup(PERMIT_TYPES, code)


def purpose_label(code: str | None) -> str:
    """The Indonesian label of a purpose-of-stay code (WISATA, BEKERJA, ...)."""
    return _lookup(PURPOSES, code)


def complaint_category_label(code: str | None) -> str:
    """The Indonesian label of a complaint category (OVERSTAY, ILLEGAL_WORK, ...)."""
    return _lookup(COMPLAINT_CATEGORIES, code)


def alert_kind_label(code: str | None) -> str:
    """The Indonesian label of an alert kind (OVERSTAY, VISA_FREE_LIMIT, VOA_LIMIT, EXPIRING_SOON)."""
    return _lookup(ALERT_KINDS, code)


def form_kind_label(code: str | None) -> str:
    """The Indonesian name of a form kind (lodging, complaint); another code is returned as is."""
    return FORM_KINDS.get(code or "", code or "-")


def field_label(field: str | None) -> str:
    """The form question a canonical field comes from, e.g. "passport_number" -> "Nomor paspor"."""
    return FIELD_LABELS.get(field or "", field or "-")


def reject_reason_label(reason: str | None) -> str:
    """What a reject reason code means, in Indonesian; an unknown code is returned as is."""
    return REJECT_REASONS.get(reason or "", reason or "-")


def format_share_id(part: int, whole: int) -> str:
    """A part of a whole as a percentage with one decimal, e.g. "35,9%"; a zero whole gives "-"."""
    if whole == 0:
        return "-"
    return f"{format_number_id(part * 100 / whole, 1)}%"


def format_date_id(value: date | None) -> str:
    """A date the Indonesian way, e.g. "24 November 2026"; None gives "-"."""
    if value is None:
        return "-"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def zone_name(value: datetime) -> str:
    """WIB, WITA or WIT for an aware datetime in an Indonesian zone, else its tzname (e.g. UTC)."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(hours=1) == timedelta(0):
        name = _ZONE_NAMES.get(offset // timedelta(hours=1))
        if name:
            return name
    return value.tzname() or ""


def format_datetime_id(value: datetime | None) -> str:
    """A timestamp the Indonesian way, e.g. "24 November 2026 14.05 WITA"; None gives "-"."""
    if value is None:
        return "-"
    text = f"{format_date_id(value.date())} {value:%H.%M}"
    zone = zone_name(value) if value.tzinfo else ""
    return f"{text} {zone}".rstrip()


def format_number_id(value: int | float | None, decimals: int = 0) -> str:
    """A number with "." between thousands and "," before decimals, e.g. 12.345 or 5,3; None gives "-"."""
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_change_id(change: int, previous: int) -> str:
    """A week-over-week change, e.g. "+12 (+5,3%)", "-3 (-50,0%)", "0", or "+4 (minggu lalu 0)"."""
    if change == 0:
        return "0"
    sign = "+" if change > 0 else "-"
    text = f"{sign}{format_number_id(abs(change))}"
    if previous == 0:
        return f"{text} (minggu lalu 0)"
    return f"{text} ({sign}{format_number_id(abs(change) * 100 / previous, 1)}%)"
