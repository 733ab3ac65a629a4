"""Every word the report and the results sheet show, in Bahasa Indonesia and English, and each language's formats.

A `Labels` object holds everything one language says; `for_language` picks it once and the report's
builders and writers use only that object. The publish stage, which writes Indonesian only, uses
`INDONESIAN`. The words live in `messages/id.toml` and `messages/en.toml`; month names, dates, times and
numbers follow CLDR, country names pycountry (`locales`).
"""

from __future__ import annotations

from pipelines.vocabulary.labels import UNKNOWN, UNKNOWN_AREA, Labels, load_labels
from pipelines.vocabulary.locales import zone_name

INDONESIAN = load_labels("id", locale="id", country_catalogue="id", excel_locale="421")
# English (United Kingdom): "24 November 2026" and "14:05", as the page writes dates and times
ENGLISH = load_labels("en", locale="en_GB", country_catalogue=None, excel_locale="809")

LANGUAGES: dict[str, Labels] = {"id": INDONESIAN, "en": ENGLISH}
DEFAULT_LANGUAGE = "id"

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENGLISH",
    "INDONESIAN",
    "LANGUAGES",
    "UNKNOWN",
    "UNKNOWN_AREA",
    "Labels",
    "for_language",
    "zone_name",
]


def for_language(language: str) -> Labels:
    """The labels of a report language: "id" (Bahasa Indonesia, the default) or "en" (English).

    Raises:
        ValueError: any other language, naming the choices.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; expected one of {list(LANGUAGES)}")
    return LANGUAGES[language]
