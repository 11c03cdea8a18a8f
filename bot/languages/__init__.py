"""The languages the bot speaks: one registry every other module reads.

Each language is one module beside this file that defines `LANGUAGE = Language(...)`; the
registry finds them by listing this package, so adding a language is that module plus its
catalog (locales/<code>/LC_MESSAGES/messages.po) and nothing else. Which words the
understanding layer reads for a language (stopwords, cues, numbers, years) is still kept in
bot/understanding/ for the three languages spoken today (see README "Layout").

A leaf: it imports nothing of bot/, so that even the store (the bottom layer) may read it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: Telegram's language_code, the catalog folder under locales/
    name: str  # its own name, as a chooser lists it ("Қазақша")
    order: int  # where it stands in every list and fallback (the source language first)


def _discover() -> tuple[Language, ...]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            found.append(language)
    return tuple(sorted(found, key=lambda lang: (lang.order, lang.code)))


LANGUAGES: tuple[Language, ...] = _discover()
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
# the codes in registry order: ("en", "ru", "kk")
CODES: tuple[str, ...] = tuple(BY_CODE)
# message ids are written in English: the one language with no catalog to translate into
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
TRANSLATED: tuple[str, ...] = tuple(code for code in CODES if code != SOURCE_LANGUAGE)
NAMES: dict[str, str] = {lang.code: lang.name for lang in LANGUAGES}

__all__ = ["Language", "LANGUAGES", "BY_CODE", "CODES", "SOURCE_LANGUAGE", "DEFAULT_LANGUAGE",
           "TRANSLATED", "NAMES"]
