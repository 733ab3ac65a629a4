"""Closed-list answers (permit type, sex, purpose, complaint, follow-up) and identifiers (permit number, phone).

Passport numbers are normalised set-based in the staging SQL (`parse_passport` in
sql/macros/passports.sql): nearly every report has its own, so a lookup would save no work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import phonenumbers

from pipelines.transform.normalise.base import Parsed, fold_text

# the tables below map a canonical value to what people write for it, folded (lower case, no
# accents, punctuation as spaces); the first phrase of a row is the canonical wording. Phrases match
# as whole words anywhere in the answer, longest first, so "bebas visa kunjungan" is never read as
# "visa kunjungan".

PERMIT_TYPE_PHRASES: dict[str, tuple[str, ...]] = {
    "VISA_KUNJUNGAN": (
        "visa kunjungan", "visa kunjungan wisata", "visa kunjungan usaha", "visa kunjungan sosial budaya",
        "visa kunjungan satu kali perjalanan", "visa kunjungan beberapa kali perjalanan", "e visa kunjungan",
        "visit visa", "visitor visa", "tourist visa", "tourism visa", "business visa", "social visa",
        "visa wisata", "visa turis", "visa bisnis", "single entry visa", "multiple entry visa",
        "multiple entry", "vkss", "vkbp",
    ),
    "VOA": (
        "voa", "e voa", "evoa", "visa on arrival", "visa kunjungan saat kedatangan", "visa saat kedatangan",
        "vksk",
    ),
    "BEBAS_VISA": (
        "bebas visa", "bebas visa kunjungan", "bvk", "bvks", "visa free", "visa exemption", "visa exempt",
        "fasilitas bebas visa",
    ),
    "ITK": ("itk", "izin tinggal kunjungan", "ijin tinggal kunjungan", "visit stay permit"),
    "KITAS": (
        "kitas", "itas", "e itas", "eitas", "e kitas", "ekitas", "izin tinggal terbatas",
        "ijin tinggal terbatas", "kartu izin tinggal terbatas", "visa tinggal terbatas", "vitas",
        "limited stay permit", "limited stay visa", "temporary stay permit",
    ),
    "KITAP": (
        "kitap", "itap", "e itap", "eitap", "izin tinggal tetap", "ijin tinggal tetap",
        "kartu izin tinggal tetap", "permanent stay permit", "permanent residence", "permanent resident",
    ),
    "DIPLOMATIK": (
        "diplomatik", "diplomatic", "dinas", "izin tinggal diplomatik", "izin tinggal dinas",
        "visa diplomatik", "visa dinas", "service visa", "official visa", "diplomatic visa",
    ),
    # ship crew (ABK) of foreign vessels carry a crew list, not a stay permit
    "LAINNYA": (
        "lainnya", "lain lain", "yang lain", "other", "others", "abk", "anak buah kapal", "crew", "crew list",
        "kru kapal", "izin kru kapal", "seaman book",
    ),
}  # fmt: skip

# visa index codes (regexes on one folded word): C-series and D-series visit visas, B211 visit,
# B213 visa on arrival; C3xx limited-stay visas lead to a KITAS
PERMIT_INDEX_PATTERNS: dict[str, tuple[str, ...]] = {
    "KITAS": (r"c3\d\d[a-z]?", r"e3\d\d[a-z]?"),
    "VISA_KUNJUNGAN": (r"c\d{1,2}[a-z]?", r"d\d{1,2}[a-z]?", r"b211[a-z]?"),
    "VOA": (r"b213[a-z]?",),
}
PERMIT_TYPES = tuple(PERMIT_TYPE_PHRASES)

SEX_PHRASES: dict[str, tuple[str, ...]] = {
    "M": ("laki laki", "laki", "lelaki", "l", "lk", "pria", "male", "m", "man", "cowok"),
    "F": ("perempuan", "p", "pr", "wanita", "female", "f", "w", "woman", "cewek"),
}

PURPOSE_PHRASES: dict[str, tuple[str, ...]] = {
    "WISATA": (
        "wisata", "berwisata", "pariwisata", "liburan", "berlibur", "libur", "rekreasi", "jalan jalan",
        "turis", "tourism", "tourist", "holiday", "vacation", "leisure", "travel", "sightseeing", "surfing",
        "diving",
    ),
    "BEKERJA": (
        "bekerja", "kerja", "pekerjaan", "pekerja", "tka", "tenaga kerja asing", "tenaga ahli", "work",
        "working", "employment", "job", "kontrak kerja", "nelayan", "abk", "abk kapal", "awak kapal",
        "anak buah kapal", "kru kapal", "crew", "fisherman", "proyek", "project",
    ),
    "BISNIS": (
        "bisnis", "business", "urusan dagang", "dagang", "usaha", "rapat", "meeting", "konferensi",
        "conference", "investasi", "investor", "negosiasi", "kunjungan bisnis", "kunjungan usaha", "survei",
        "survey", "survei proyek", "pameran", "exhibition",
    ),
    "KELUARGA": (
        "keluarga", "kunjungan keluarga", "mengunjungi keluarga", "penyatuan keluarga", "family", "menikah",
        "nikah", "perkawinan", "kawin campur", "istri wni", "suami wni", "istri", "suami", "spouse",
        "pasangan", "married",
    ),
    "STUDI": (
        "studi", "belajar", "kuliah", "sekolah", "pendidikan", "pelajar", "mahasiswa", "penelitian", "riset",
        "study", "studies", "student", "education", "research",
    ),
    "SOSIAL_BUDAYA": (
        "sosial budaya", "sosbud", "sosial", "budaya", "kegiatan keagamaan", "keagamaan", "dakwah", "ibadah",
        "relawan", "volunteer", "kesenian", "seni", "olahraga", "religious", "cultural", "social",
    ),
    "TRANSIT": ("transit", "singgah"),
    "LAINNYA": ("lainnya", "lain lain", "yang lain", "other", "others"),
}  # fmt: skip
PURPOSES = tuple(PURPOSE_PHRASES)

# in severity order: an answer naming several takes the first of these it names
COMPLAINT_PHRASES: dict[str, tuple[str, ...]] = {
    "NARCOTICS": (
        "narkotika", "narkoba", "narkotik", "psikotropika", "sabu", "ganja", "drugs", "drug", "narcotics",
    ),
    "ILLEGAL_ENTRY": (
        "masuk ilegal", "masuk secara ilegal", "masuk tanpa izin", "tanpa dokumen", "tidak memiliki dokumen",
        "tidak berdokumen", "tanpa paspor", "tidak memiliki paspor", "imigran gelap", "imigran ilegal",
        "pelintas batas ilegal", "illegal entry", "undocumented",
    ),
    "OVERSTAY": (
        "overstay", "over stay", "overstayed", "melebihi izin tinggal", "melebihi batas izin tinggal",
        "melewati batas izin tinggal", "melewati masa izin tinggal", "izin tinggal habis",
        "izin tinggal sudah habis", "izin tinggal telah habis", "izin tinggal kedaluwarsa",
        "izin tinggal kadaluarsa", "visa habis", "visa sudah habis", "visa kedaluwarsa", "visa kadaluarsa",
        "expired visa", "visa expired",
    ),
    "ILLEGAL_WORK": (
        "bekerja tanpa izin", "kerja tanpa izin", "bekerja ilegal", "bekerja secara ilegal", "kerja ilegal",
        "tka ilegal", "pekerja ilegal", "pekerja asing ilegal", "bekerja tanpa kitas", "illegal work",
        "illegal worker", "illegal workers", "illegal employment",
    ),
    "PERMIT_MISUSE": (
        "penyalahgunaan izin tinggal", "penyalahgunaan izin", "penyalahgunaan visa", "menyalahgunakan izin",
        "menyalahgunakan izin tinggal", "menyalahgunakan visa", "tidak sesuai izin tinggal",
        "tidak sesuai visa", "tidak sesuai peruntukan", "misuse", "visa misuse", "permit misuse",
    ),
    "SMUGGLING": ("penyelundupan", "penyelundup", "menyelundupkan", "selundupan", "smuggling"),
    "DISTURBANCE": (
        "meresahkan", "mengganggu", "mengganggu ketertiban", "keributan", "ribut", "onar", "membuat onar",
        "berkelahi", "perkelahian", "perilaku", "perilaku buruk", "mabuk", "asusila", "disturbance",
        "nuisance",
    ),
    "OTHER": ("lainnya", "lain lain", "yang lain", "other", "others"),
}  # fmt: skip
COMPLAINT_CATEGORIES = tuple(COMPLAINT_PHRASES)

# in progress order: an answer naming several ("sudah ditindaklanjuti, selesai") takes the furthest
FOLLOWUP_STATUS_PHRASES: dict[str, tuple[str, ...]] = {
    "BARU": (
        "baru", "belum", "belum ditindaklanjuti", "belum diproses", "belum ditangani", "menunggu", "new",
        "open", "not started",
    ),
    "DITINDAKLANJUTI": (
        "ditindaklanjuti", "sudah ditindaklanjuti", "tindak lanjut", "proses", "diproses", "dalam proses",
        "sedang diproses", "dalam penanganan", "ditangani", "sedang ditangani", "belum selesai",
        "belum tuntas", "penyelidikan", "in progress", "on progress", "on process", "progress",
        "acknowledged",
    ),
    "SELESAI": (
        "selesai", "sudah selesai", "tuntas", "ditutup", "closed", "close", "resolved", "done", "completed",
        "finished",
    ),
}  # fmt: skip
FOLLOWUP_STATUSES = tuple(FOLLOWUP_STATUS_PHRASES)

_MAX_LEN = 2000
_PERMIT_NUMBER = re.compile(r"(?=.*\d)[A-Z0-9/.\- ]{4,30}")
_MAX_PHONE_LEN = 40


class _Keywords:
    """Finds a table's phrases (and index-code regexes) as whole words in folded text."""

    def __init__(
        self, phrases: Mapping[str, tuple[str, ...]], patterns: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        patterns = patterns or {}
        self.canonical = {words[0]: value for value, words in phrases.items()}
        self._phrase = {phrase: value for value, words in phrases.items() for phrase in words}
        self._patterns = [(re.compile(p), value) for value, group in patterns.items() for p in group]
        alternatives = [re.escape(p) for p in sorted(self._phrase, key=len, reverse=True)]
        alternatives += [p.pattern for p, _ in self._patterns]
        self._regex = re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")

    def value_of(self, match: str) -> str:
        if match in self._phrase:
            return self._phrase[match]
        return next(value for pattern, value in self._patterns if pattern.fullmatch(match))

    def find(self, folded: str) -> list[str]:
        """The values named in the text, in order of first mention."""
        found = [self.value_of(m.group(0)) for m in self._regex.finditer(folded)]
        return list(dict.fromkeys(found))

    def is_alias(self, folded: str) -> bool:
        """Whether the whole text is one of the table's phrases."""
        return bool(self._regex.fullmatch(folded))

    def method(self, folded: str) -> str:
        """The method: "exact" for a canonical wording, "alias" for another whole phrase, else "keyword"."""
        if folded in self.canonical:
            return "exact"
        return "alias" if self.is_alias(folded) else "keyword"


_PERMIT_TYPES = _Keywords(PERMIT_TYPE_PHRASES, PERMIT_INDEX_PATTERNS)
_SEXES = _Keywords(SEX_PHRASES)
_PURPOSES = _Keywords(PURPOSE_PHRASES)
_COMPLAINTS = _Keywords(COMPLAINT_PHRASES)
_FOLLOWUPS = _Keywords(FOLLOWUP_STATUS_PHRASES)


def _is_blank(text: str | None) -> bool:
    return not text or not any(ch.isalnum() for ch in text)


def parse_permit_type(text: str) -> Parsed[str]:
    """Read a stay-permit or visa type into one of `PERMIT_TYPES`.

    Index codes count: C1/C2/D1/B211A are visit visas, B213 is visa on arrival, C312/C313/C314/
    C316/C317 (any C3xx) lead to a KITAS. "Lainnya" gives LAINNYA unless a real type is named too.

    Returns:
        `Parsed("KITAS", method=...)` with method "exact", "alias" or "keyword";
        `Parsed(None, None)` for blank text; else PERMIT_TYPE_UNKNOWN, or PERMIT_TYPE_AMBIGUOUS
        when two different types are named ("VoA / BVK").
    """
    if _is_blank(text):
        return Parsed(None, None)
    folded = fold_text(text[:_MAX_LEN])
    found = _PERMIT_TYPES.find(folded)
    if len(found) > 1 and "LAINNYA" in found:
        found.remove("LAINNYA")
    if not found:
        return Parsed(None, "PERMIT_TYPE_UNKNOWN")
    if len(found) > 1:
        return Parsed(None, "PERMIT_TYPE_AMBIGUOUS")
    return Parsed(found[0], None, _PERMIT_TYPES.method(folded))


def parse_permit_number(text: str) -> Parsed[str]:
    """Normalise a stay-permit or visa number: upper case, trimmed, single spaces.

    Returns:
        `Parsed("2C21JE1234-AB", method="format")` when 4–30 characters of ASCII letters, digits,
        "/", "-", "." and spaces with at least one digit; `Parsed(None, None)` for blank text; else
        PERMIT_NUMBER_IMPLAUSIBLE (so "tidak ada" or "-" never becomes a number).
    """
    if _is_blank(text):
        return Parsed(None, None)
    compact = " ".join(text.split()).upper()
    if not _PERMIT_NUMBER.fullmatch(compact):
        return Parsed(None, "PERMIT_NUMBER_IMPLAUSIBLE")
    return Parsed(compact, None, "format")


def parse_phone(text: str) -> Parsed[str]:
    """Normalise a phone number to E.164, reading national numbers as Indonesian.

    "0812…" is Indonesian; "62812…" gets its "+" (without it phonenumbers reads a fixed line);
    "+62 812-…" and foreign numbers with "+" are kept. Only numbers phonenumbers holds valid pass.

    Returns:
        `Parsed("+6281234567890", method="phonenumbers")`; `Parsed(None, None)` for blank text;
        else PHONE_INVALID.
    """
    if _is_blank(text):
        return Parsed(None, None)
    stripped = text.strip()
    if len(stripped) > _MAX_PHONE_LEN:
        return Parsed(None, "PHONE_INVALID")
    if stripped.startswith("62"):
        stripped = "+" + stripped
    try:
        number = phonenumbers.parse(stripped, "ID")
    except phonenumbers.NumberParseException:
        return Parsed(None, "PHONE_INVALID")
    if not phonenumbers.is_valid_number(number):
        return Parsed(None, "PHONE_INVALID")
    return Parsed(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None, "phonenumbers")


def parse_sex(text: str) -> Parsed[str]:
    """Read sex as "M" or "F" from Indonesian or English answers (Laki-laki/L/Pria, Perempuan/P/Wanita).

    Returns:
        `Parsed("M", method=...)`; `Parsed(None, None)` for blank text; else SEX_UNKNOWN (also
        when the answer names both).
    """
    if _is_blank(text):
        return Parsed(None, None)
    folded = fold_text(text[:_MAX_LEN])
    found = _SEXES.find(folded)
    if len(found) != 1:
        return Parsed(None, "SEX_UNKNOWN")
    return Parsed(found[0], None, _SEXES.method(folded))


def parse_purpose(text: str) -> Parsed[str]:
    """Read the purpose of stay into one of `PURPOSES`.

    An answer naming several purposes takes the first one named (method "first_mentioned"). Free
    text that names none gives `Parsed("LAINNYA", None, method="unmatched")`: the answer exists, so
    the row is kept, and "other" is all that is claimed about it.

    Returns:
        `Parsed("WISATA", method=...)` with method "exact", "alias", "keyword", "first_mentioned" or
        "unmatched"; `Parsed(None, None)` for blank text or text with no letter or digit.
    """
    if _is_blank(text):
        return Parsed(None, None)
    folded = fold_text(text[:_MAX_LEN])
    found = _PURPOSES.find(folded)
    if len(found) > 1 and "LAINNYA" in found:
        found.remove("LAINNYA")
    if not found:
        return Parsed("LAINNYA", None, "unmatched")
    if len(found) > 1:
        return Parsed(found[0], None, "first_mentioned")
    return Parsed(found[0], None, _PURPOSES.method(folded))


def parse_complaint_category(text: str) -> Parsed[str]:
    """Read a complaint's category into one of `COMPLAINT_CATEGORIES`.

    A checkbox answer may name several ("Overstay, Meresahkan warga"): the most severe wins, in the
    order of `COMPLAINT_CATEGORIES` (NARCOTICS > ILLEGAL_ENTRY > OVERSTAY > ILLEGAL_WORK >
    PERMIT_MISUSE > SMUGGLING > DISTURBANCE > OTHER), method "severity_order". Free text that names
    no category outright ("Lainnya: bule jualan pakai visa turis", an "Other" answer) is read by
    `classify_complaint_text`: method "text" when exactly one category fits; else OTHER with method
    "unmatched" (no category fits) or "ambiguous" (several do).

    Returns:
        `Parsed("OVERSTAY", method=...)`; `Parsed(None, None)` for blank text or text with no
        letter or digit.
    """
    if _is_blank(text):
        return Parsed(None, None)
    folded = fold_text(text[:_MAX_LEN])
    found = set(_COMPLAINTS.find(folded))
    if len(found) > 1:
        found.discard("OTHER")
    if not found or (found == {"OTHER"} and folded not in _COMPLAINTS.canonical and not _COMPLAINTS.is_alias(folded)):
        from pipelines.transform.normalise.complaint_text import classify_complaint_text

        return classify_complaint_text(text)
    if len(found) > 1:
        return Parsed(next(c for c in COMPLAINT_CATEGORIES if c in found), None, "severity_order")
    return Parsed(found.pop(), None, _COMPLAINTS.method(folded))


def parse_followup_status(text: str) -> Parsed[str]:
    """Read a follow-up status into BARU, DITINDAKLANJUTI or SELESAI.

    Negations are phrases of their own ("belum diproses" is BARU, "belum selesai" DITINDAKLANJUTI).
    An answer naming several statuses takes the furthest along (method "furthest").

    Returns:
        `Parsed("SELESAI", method=...)`; `Parsed(None, None)` for blank text; else
        FOLLOWUP_STATUS_UNKNOWN.
    """
    if _is_blank(text):
        return Parsed(None, None)
    folded = fold_text(text[:_MAX_LEN])
    found = _FOLLOWUPS.find(folded)
    if not found:
        return Parsed(None, "FOLLOWUP_STATUS_UNKNOWN")
    if len(found) > 1:
        return Parsed(max(found, key=FOLLOWUP_STATUSES.index), None, "furthest")
    return Parsed(found[0], None, _FOLLOWUPS.method(folded))
