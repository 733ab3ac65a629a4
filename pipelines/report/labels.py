"""The report's words in Bahasa Indonesia and English, and each language's number and date formats.

A `Labels` object holds everything one language says; `for_language` picks it once and the report's
builders and writers use only that object. The Indonesian tables below are the default; the English
ones live in `labels_en`. The module functions (`nationality_label`, `format_number_id`, ...) are the
Indonesian object's, for callers that only ever speak Indonesian.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import pycountry

from pipelines.report import labels_en

UNKNOWN = "UNKNOWN"
UNKNOWN_LABEL = "Tidak diketahui"
OTHER_LABEL = "Lainnya"
# what the marts call a kabupaten/kota or kecamatan they could not match; the report translates it
UNKNOWN_AREA = "(tidak diketahui)"

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

# an alert's lifecycle status in the words of the results sheet's Status column (the officers' words)
ALERT_STATUSES: dict[str, str] = {
    "OPEN": "BARU",
    "ACKNOWLEDGED": "DITINDAKLANJUTI",
    "RESOLVED": "SELESAI",
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
    "DATE_ORDER_AMBIGUOUS": "Urutan hari/bulan tidak dapat dipastikan",
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

# the week's headline figures, in the order the report shows them
HEADLINE_LABELS: dict[str, str] = {
    "foreigners_present": "Orang asing dilaporkan berada",
    "new_arrivals": "Kedatangan baru",
    "unique_persons": "Orang asing berbeda dalam laporan",
    "reports_received": "Laporan diterima",
    "complaints_received": "Pengaduan diterima",
}

# the report's own words (page, workbook, markdown), by key; "{name}" is filled in by Labels.text
TEXTS: dict[str, str] = {
    # page frame and cover
    "report_title": "Laporan Mingguan Timpora",
    "subtitle": "Bahan rapat koordinasi (rakor) Tim Pengawasan Orang Asing",
    "page": "Halaman",
    "page_of": "dari",
    "restricted_banner": "TERBATAS: DATA PRIBADI",
    "generated": "Dibuat",
    "built": "Data dibangun",
    "office": "Kantor",
    "area": "Wilayah",
    "week": "Minggu",
    "week_range": "{start} s.d. {end}",
    "footer": (
        "Laporan Mingguan Timpora {office} {week}, {edition}. Dibuat otomatis dari formulir pelaporan dan "
        "pengaduan orang asing; waktu dalam {zone}."
    ),
    "no_data": "Tidak ada data",
    "no_week_data": (
        "Tidak ada data untuk minggu {week}: belum ada laporan orang asing maupun pengaduan yang tercatat "
        "untuk wilayah ini."
    ),
    # freshness
    "freshness_title": "Kesegaran data: terakhir berhasil dibaca per sumber",
    "source": "Sumber",
    "form": "Formulir",
    "last_read": "Terakhir berhasil dibaca",
    "rows_current": "Baris saat ini",
    "rows_rejected": "Baris dengan nilai ditolak",
    "stale_flag": "(TERLAMBAT)",
    "stale_note": (
        "TERLAMBAT: sumber tidak berhasil dibaca lebih dari 2 hari; angka dari sumber itu mungkin belum lengkap."
    ),
    # headline
    "summary_title": "Ringkasan minggu ini",
    "indicator": "Indikator",
    "this_week": "Minggu ini ({week})",
    "last_week": "Minggu lalu ({week})",
    "change_from_last_week": "Perubahan dari minggu lalu",
    "change": "Perubahan",
    "change_from_zero": "{change} (minggu lalu 0)",
    "present_definition": (
        "orang yang masa tinggalnya (menurut laporan) beririsan dengan minggu ini, masing-masing dihitung "
        "sekali walaupun dilaporkan oleh beberapa penginapan atau di beberapa kecamatan."
    ),
    "arrivals_definition": "orang yang tanggal kedatangannya jatuh pada minggu ini.",
    "unique_definition": (
        "orang yang disebut dalam laporan yang masuk minggu ini; lebih kecil dari jumlah laporan bila satu "
        "orang dilaporkan lebih dari sekali."
    ),
    "trend_title": "Tren {weeks} minggu",
    "trend_alt": "Grafik tren {weeks} minggu: orang asing dilaporkan berada dan pengaduan diterima",
    # areas
    "by_area_title": "Menurut wilayah: kabupaten/kota dan kecamatan",
    "kabkota": "Kabupaten/kota",
    "kabkota_code": "Kode kab/kota",
    "kecamatan": "Kecamatan",
    "kecamatan_code": "Kode kecamatan",
    "unknown_kabkota": "Kabupaten/kota tidak diketahui",
    "unknown_area": UNKNOWN_AREA,
    "subtotal": "Jumlah {area}",
    "office_total": "Jumlah wilayah kantor",
    "total": "Jumlah",
    "by_area_note": (
        "Kecamatan diurutkan menurut jumlah orang asing. Orang yang dilaporkan di dua kecamatan pada minggu "
        "yang sama tercantum di kedua baris, tetapi hanya sekali pada jumlah."
    ),
    # breakdowns
    "persons": "Orang",
    "share": "Persentase",
    "code": "Kode",
    "by_nationality_title": "Menurut kewarganegaraan",
    "nationality_chart_alt": "Grafik batang orang asing menurut kewarganegaraan",
    "top_nationalities": "{top} kewarganegaraan terbanyak, sisanya sebagai Lainnya",
    "nationality": "Kewarganegaraan",
    "other_country": "Lainnya ({count} negara)",
    "other_countries": "Lainnya ({count} negara)",
    "by_purpose_permit_title": "Menurut tujuan dan izin tinggal",
    "purpose": "Tujuan",
    "purpose_of_visit": "Tujuan kedatangan",
    "permit_type": "Jenis izin tinggal",
    "purpose_permit_note": (
        "Tiap orang dihitung sekali, menurut laporan terakhirnya pada minggu ini yang mengisi tujuan atau "
        "jenis izin tinggal."
    ),
    # complaints
    # foreign workers per sponsor
    "workers_title": "TKA (tujuan bekerja) per perusahaan/sponsor",
    "sponsor": "Perusahaan/sponsor pelapor",
    "sponsor_not_given": "(tidak diisi)",
    "workers_this_week": "TKA minggu ini",
    "new_workers": "TKA baru minggu ini",
    "workers_in_week": "TKA {week}",
    "workers_note": (
        "Orang asing dengan tujuan bekerja (tujuan terakhir yang dilaporkan untuk minggu itu), per perusahaan atau "
        "sponsor yang melaporkannya (isian nama hotel/penginapan/perusahaan) dan kecamatan; setiap orang dihitung "
        "sekali per minggu, hanya jumlahnya, tanpa nama. Kolom minggu: {weeks} minggu terakhir, minggu ini paling "
        "kanan."
    ),
    "sheet_workers": "TKA per sponsor",
    "complaints_title": "Pengaduan masyarakat",
    "category": "Kategori",
    "received": "Diterima",
    "received_this_week": "Diterima minggu ini",
    "resolved": "Selesai",
    "resolved_this_week": "Selesai minggu ini",
    "overdue_column": "Terlambat (masih BARU > {days} hari)",
    "overdue_short": "Terlambat (BARU > {days} hari)",
    "overdue_note": (
        "Terlambat: pengaduan berstatus BARU yang masuk lebih dari {days} hari sebelumnya, termasuk dari "
        "minggu-minggu lalu."
    ),
    # overstay alerts
    "alerts_title": "Peringatan overstay",
    "alert_kind": "Jenis peringatan",
    "open_at_week_end": "Terbuka akhir minggu",
    "new": "Baru",
    "new_this_week": "Baru minggu ini",
    "open_over_60_days": "Terbuka > 60 hari",
    "open_over_60_days_deportation": "Terbuka > 60 hari (deportasi)",
    "alerts_note": (
        "Selesai: ditutup petugas, atau otomatis karena laporan berikutnya (perpanjangan izin, KITAS/KITAP, "
        "check-out sebelum izin habis). Daftar di bawah: peringatan yang masih terbuka dan yang selesai minggu "
        "ini, dengan status dan petugasnya per {date}. Tindak lanjuti dengan perintah timpora alerts ack ID, "
        "atau kolom Status di lembar hasil."
    ),
    "no_alerts_at_week_end": "Tidak ada peringatan yang terbuka atau selesai dalam minggu ini (per {date}).",
    "alert_id": "ID peringatan",
    "id_kind": "ID / jenis",
    "status_officer": "Status / petugas",
    "officer": "Petugas",
    "raised_on": "Dibuat",
    "days_since_raised": "Hari sejak dibuat",
    "permit_expires_short": "Izin / berakhir",
    "alert_list": "Daftar (ID pseudonim)",
    "alert_list_restricted": "Daftar untuk ditindaklanjuti",
    "name_passport": "Nama / paspor",
    "lodging_reporter": "Tempat menginap / pelapor",
    "pseudonymous_id": "ID pseudonim",
    "citizen_of": "Warga negara",
    "days_over_or_left": "Hari overstay / sisa hari",
    "days_left": "sisa {days}",
    "alerts_shown": "{shown} dari {total} peringatan ditampilkan; daftar lengkap ada di lampiran XLSX.",
    "restricted_note_title": "Edisi terbatas.",
    "restricted_note": (
        "Memuat nama, nomor paspor dan nomor HP: hanya untuk petugas yang berwenang, jangan diteruskan atau "
        "dicetak untuk umum."
    ),
    "pseudonymous_note": (
        "Identitas ditampilkan sebagai ID pseudonim; nama dan nomor paspor hanya ada pada edisi terbatas untuk "
        "petugas yang berwenang."
    ),
    # data quality
    "quality_title": "Kualitas data: nilai yang ditolak",
    "quality_note": (
        "Nilai yang tidak terbaca dikosongkan dan dicatat di sini, per sumber (formulir), pertanyaan dan alasan, "
        "agar kantor tahu formulir atau isian mana yang perlu diperbaiki. Baris laporan tetap dihitung."
    ),
    "form_question": "Pertanyaan formulir",
    "reason": "Alasan",
    "rejected_values": "Nilai ditolak",
    "example_row": "Contoh baris",
    "rejects_shown": "{shown} dari {total} baris ditampilkan; selengkapnya di lampiran XLSX.",
    "no_rejects": "Tidak ada nilai yang ditolak.",
    # workbook only
    "sheet_info": "Info",
    "sheet_summary": "Ringkasan",
    "sheet_kabkota": "Kabupaten-kota",
    "sheet_kecamatan": "Kecamatan",
    "sheet_nationality": "Kewarganegaraan",
    "sheet_purpose": "Tujuan",
    "sheet_permit_type": "Jenis izin",
    "sheet_complaints": "Pengaduan",
    "sheet_alert_counts": "Overstay ringkasan",
    "sheet_alert_list": "Overstay daftar",
    "sheet_quality": "Kualitas data",
    "sheet_freshness": "Kesegaran data",
    "item": "Keterangan",
    "value": "Nilai",
    "office_code": "Kode kantor",
    "edition": "Edisi",
    "week_start": "Mulai (Senin)",
    "week_end": "Sampai (Minggu)",
    "generated_in_zone": "Dibuat ({zone})",
    "built_in_zone": "Data dibangun ({zone})",
    "alerts_as_of": "Peringatan overstay per",
    "change_percent": "Perubahan (%)",
    "status": "Status",
    "person_id": "ID orang (pseudonim)",
    "iso_code": "Kode ISO",
    "permit_code": "Kode izin",
    "permit_expires": "Izin berakhir",
    "days_overstayed": "Hari overstay",
    "days_to_expiry": "Hari sampai izin berakhir",
    "name": "Nama",
    "passport_number": "Nomor paspor",
    "lodging": "Tempat menginap",
    "address": "Alamat",
    "reporter": "Pelapor",
    "reporter_phone": "Nomor HP pelapor",
    "field": "Kolom",
    "meaning": "Arti",
    "example_row_number": "Contoh nomor baris",
    "form_kind": "Jenis formulir",
    "last_read_in_zone": "Terakhir berhasil dibaca ({zone})",
    "rejected": "Ditolak",
    "stale": "Terlambat",
    "yes": "Ya",
    "no": "Tidak",
}

# utc offset in hours -> Indonesian zone abbreviation (used in every language)
_ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


@cache
def _country_catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def zone_name(value: datetime) -> str:
    """WIB, WITA or WIT for an aware datetime in an Indonesian zone, else its tzname (e.g. UTC)."""
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(hours=1) == timedelta(0):
        name = _ZONE_NAMES.get(offset // timedelta(hours=1))
        if name:
            return name
    return value.tzname() or ""


@dataclass(frozen=True)
class Labels:
    """Everything the report says in one language: its phrases, the labels of codes, number and date formats.

    Lookups never fail on a code the tables do not know yet: it is shown as is. None, "" and
    "UNKNOWN" are shown as the language's "unknown" where a form may leave the value empty.
    """

    language: str  # ISO 639-1 code, also the page's `lang`
    texts: Mapping[str, str]
    headline: Mapping[str, str]
    permit_types: Mapping[str, str]
    purposes: Mapping[str, str]
    complaint_categories: Mapping[str, str]
    followup_statuses: Mapping[str, str]
    alert_statuses: Mapping[str, str]
    alert_kinds: Mapping[str, str]
    alert_kinds_short: Mapping[str, str]
    editions: Mapping[str, str]
    form_kinds: Mapping[str, str]
    fields: Mapping[str, str]
    reject_reasons: Mapping[str, str]
    months: tuple[str, ...]
    unknown: str
    nationality_overrides: Mapping[str, str]
    # the language of pycountry's gettext catalogue of country names; None for pycountry's own English
    country_catalogue: str | None
    thousands_separator: str
    decimal_separator: str
    time_separator: str
    # the Windows locale id Excel prints month names in, e.g. "421" Indonesian
    excel_locale: str

    def text(self, key: str, **values: object) -> str:
        """One of the report's phrases by key, its "{name}" placeholders filled in from the keyword values.

        Raises:
            KeyError: a phrase this language does not have, or a placeholder without a value.
        """
        return self.texts[key].format(**values)

    def _code_label(self, table: Mapping[str, str], code: str | None) -> str:
        if code is None or code == UNKNOWN or code == "":
            return self.unknown
        return table.get(code, code)

    def nationality_label(self, iso3: str | None) -> str:
        """The name of a country from its ISO 3166-1 alpha-3 code; a code pycountry does not know is returned as is."""
        if iso3 is None or iso3 in ("", UNKNOWN):
            return self.unknown
        code = iso3.upper()
        if code in self.nationality_overrides:
            return self.nationality_overrides[code]
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            return iso3
        if self.country_catalogue is None:
            # the common name where pycountry's is long, e.g. "South Korea" for "Korea, Republic of"
            return getattr(country, "common_name", country.name)
        return _country_catalogue(self.country_catalogue).gettext(country.name)

    def permit_type_label(self, code: str | None) -> str:
        """The label of a permit type code (VISA_KUNJUNGAN, VOA, KITAS, ...)."""
        return self._code_label(self.permit_types, code)

    def purpose_label(self, code: str | None) -> str:
        """The label of a purpose-of-stay code (WISATA, BEKERJA, ...)."""
        return self._code_label(self.purposes, code)

    def complaint_category_label(self, code: str | None) -> str:
        """The label of a complaint category (OVERSTAY, ILLEGAL_WORK, ...)."""
        return self._code_label(self.complaint_categories, code)

    def followup_status_label(self, code: str | None) -> str:
        """The label of a complaint's follow-up status (BARU, DITINDAKLANJUTI, SELESAI)."""
        return self._code_label(self.followup_statuses, code)

    def alert_status_label(self, code: str | None) -> str:
        """The word for an alert's status (OPEN, ACKNOWLEDGED, RESOLVED): in Indonesian the results sheet's own."""
        return self._code_label(self.alert_statuses, code)

    def alert_kind_label(self, code: str | None) -> str:
        """The label of an alert kind (OVERSTAY, VISA_FREE_LIMIT, VOA_LIMIT, EXPIRING_SOON)."""
        return self._code_label(self.alert_kinds, code)

    def alert_kind_short_label(self, code: str) -> str:
        """The short label of an alert kind, for narrow table columns."""
        return self.alert_kinds_short.get(code, code)

    def edition_label(self, edition: str) -> str:
        """What an edition ("default", "restricted") contains, as its pages say it."""
        return self.editions.get(edition, edition)

    def form_kind_label(self, code: str | None) -> str:
        """The name of a form kind (lodging, complaint); another code is returned as is, None as "-"."""
        return self.form_kinds.get(code or "", code or "-")

    def field_label(self, field: str | None) -> str:
        """The form question a canonical field comes from, e.g. "passport_number"; None gives "-"."""
        return self.fields.get(field or "", field or "-")

    def reject_reason_label(self, reason: str | None) -> str:
        """What a reject reason code means; an unknown code is returned as is, None as "-"."""
        return self.reject_reasons.get(reason or "", reason or "-")

    def other_countries_label(self, count: int) -> str:
        """The label of the row that folds the smaller nationalities, e.g. "Others (3 countries)"."""
        return self.text("other_country" if count == 1 else "other_countries", count=count)

    def area_label(self, name: str | None) -> str | None:
        """An area name from the marts, with their "(tidak diketahui)" for an unmatched area in this language."""
        return self.text("unknown_area") if name == UNKNOWN_AREA else name

    def format_number(self, value: int | float | None, decimals: int = 0) -> str:
        """A number with this language's separators, e.g. 12.345 or 5,3 (id), 12,345 or 5.3 (en); None gives "-"."""
        if value is None:
            return "-"
        separators = str.maketrans({",": self.thousands_separator, ".": self.decimal_separator})
        return f"{value:,.{decimals}f}".translate(separators)

    def format_share(self, part: int, whole: int) -> str:
        """A part of a whole as a percentage with one decimal, e.g. "35,9%" (id); a zero whole gives "-"."""
        if whole == 0:
            return "-"
        return f"{self.format_number(part * 100 / whole, 1)}%"

    def format_date(self, value: date | None) -> str:
        """A date as day, month name and year, e.g. "24 November 2026"; None gives "-"."""
        if value is None:
            return "-"
        return f"{value.day} {self.months[value.month - 1]} {value.year}"

    def format_datetime(self, value: datetime | None) -> str:
        """A timestamp with its Indonesian zone, e.g. "24 November 2026 14.05 WITA" (id), "... 14:05 WITA" (en).

        A naive timestamp is shown without a zone; None gives "-".
        """
        if value is None:
            return "-"
        text = f"{self.format_date(value.date())} {value:%H}{self.time_separator}{value:%M}"
        zone = zone_name(value) if value.tzinfo else ""
        return f"{text} {zone}".rstrip()

    def format_change(self, change: int, previous: int) -> str:
        """A week-over-week change, e.g. "+12 (+5,3%)", "-3 (-50,0%)", "0", or "+4 (minggu lalu 0)" (id)."""
        if change == 0:
            return "0"
        sign = "+" if change > 0 else "-"
        text = f"{sign}{self.format_number(abs(change))}"
        if previous == 0:
            return self.text("change_from_zero", change=text)
        return f"{text} ({sign}{self.format_number(abs(change) * 100 / previous, 1)}%)"


INDONESIAN = Labels(
    language="id",
    texts=TEXTS,
    headline=HEADLINE_LABELS,
    permit_types=PERMIT_TYPES,
    purposes=PURPOSES,
    complaint_categories=COMPLAINT_CATEGORIES,
    followup_statuses=FOLLOWUP_STATUSES,
    alert_statuses=ALERT_STATUSES,
    alert_kinds=ALERT_KINDS,
    alert_kinds_short=ALERT_KIND_SHORT,
    editions=EDITIONS,
    form_kinds=FORM_KINDS,
    fields=FIELD_LABELS,
    reject_reasons=REJECT_REASONS,
    months=MONTHS,
    unknown=UNKNOWN_LABEL,
    nationality_overrides=NATIONALITY_OVERRIDES,
    country_catalogue="id",
    thousands_separator=".",
    decimal_separator=",",
    time_separator=".",
    excel_locale="421",
)

ENGLISH = Labels(
    language="en",
    texts=labels_en.TEXTS,
    headline=labels_en.HEADLINE_LABELS,
    permit_types=labels_en.PERMIT_TYPES,
    purposes=labels_en.PURPOSES,
    complaint_categories=labels_en.COMPLAINT_CATEGORIES,
    followup_statuses=labels_en.FOLLOWUP_STATUSES,
    alert_statuses=labels_en.ALERT_STATUSES,
    alert_kinds=labels_en.ALERT_KINDS,
    alert_kinds_short=labels_en.ALERT_KIND_SHORT,
    editions=labels_en.EDITIONS,
    form_kinds=labels_en.FORM_KINDS,
    fields=labels_en.FIELD_LABELS,
    reject_reasons=labels_en.REJECT_REASONS,
    months=labels_en.MONTHS,
    unknown=labels_en.UNKNOWN_LABEL,
    nationality_overrides=labels_en.NATIONALITY_OVERRIDES,
    country_catalogue=None,
    thousands_separator=",",
    decimal_separator=".",
    time_separator=":",
    # English (United Kingdom): "24 November 2026", as the page writes dates
    excel_locale="809",
)

LANGUAGES: dict[str, Labels] = {"id": INDONESIAN, "en": ENGLISH}
DEFAULT_LANGUAGE = "id"


def for_language(language: str) -> Labels:
    """The labels of a report language: "id" (Bahasa Indonesia, the default) or "en" (English).

    Raises:
        ValueError: any other language, naming the choices.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; expected one of {list(LANGUAGES)}")
    return LANGUAGES[language]


# the Indonesian object's lookups and formats, under the names the rest of the code has always used


def nationality_label(iso3: str | None) -> str:
    """The Indonesian name of a country from its ISO 3166-1 alpha-3 code.

    None, "" and "UNKNOWN" give "Tidak diketahui"; a code pycountry does not know is returned as is.
    """
    return INDONESIAN.nationality_label(iso3)


def permit_type_label(code: str | None) -> str:
    """The Indonesian label of a permit type code (VISA_KUNJUNGAN, VOA, KITAS, ...)."""
    return INDONESIAN.permit_type_label(code)


def purpose_label(code: str | None) -> str:
    """The Indonesian label of a purpose-of-stay code (WISATA, BEKERJA, ...)."""
    return INDONESIAN.purpose_label(code)


def complaint_category_label(code: str | None) -> str:
    """The Indonesian label of a complaint category (OVERSTAY, ILLEGAL_WORK, ...)."""
    return INDONESIAN.complaint_category_label(code)


def alert_kind_label(code: str | None) -> str:
    """The Indonesian label of an alert kind (OVERSTAY, VISA_FREE_LIMIT, VOA_LIMIT, EXPIRING_SOON)."""
    return INDONESIAN.alert_kind_label(code)


def form_kind_label(code: str | None) -> str:
    """The Indonesian name of a form kind (lodging, complaint); another code is returned as is."""
    return INDONESIAN.form_kind_label(code)


def field_label(field: str | None) -> str:
    """The form question a canonical field comes from, e.g. "passport_number" -> "Nomor paspor"."""
    return INDONESIAN.field_label(field)


def reject_reason_label(reason: str | None) -> str:
    """What a reject reason code means, in Indonesian; an unknown code is returned as is."""
    return INDONESIAN.reject_reason_label(reason)


def format_share_id(part: int, whole: int) -> str:
    """A part of a whole as a percentage with one decimal, e.g. "35,9%"; a zero whole gives "-"."""
    return INDONESIAN.format_share(part, whole)


def format_date_id(value: date | None) -> str:
    """A date the Indonesian way, e.g. "24 November 2026"; None gives "-"."""
    return INDONESIAN.format_date(value)


def format_datetime_id(value: datetime | None) -> str:
    """A timestamp the Indonesian way, e.g. "24 November 2026 14.05 WITA"; None gives "-"."""
    return INDONESIAN.format_datetime(value)


def format_number_id(value: int | float | None, decimals: int = 0) -> str:
    """A number with "." between thousands and "," before decimals, e.g. 12.345 or 5,3; None gives "-"."""
    return INDONESIAN.format_number(value, decimals)


def format_change_id(change: int, previous: int) -> str:
    """A week-over-week change, e.g. "+12 (+5,3%)", "-3 (-50,0%)", "0", or "+4 (minggu lalu 0)"."""
    return INDONESIAN.format_change(change, previous)
