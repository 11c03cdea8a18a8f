"""The languages the bot speaks: one registry every other module reads.

Each language is one module beside this file that defines `LANGUAGE = Language(...)`; the
registry finds them by listing this package, so adding a language is that module plus its
catalog (locales/<code>/LC_MESSAGES/messages.po) and nothing else. A module also holds the
words the understanding layer reads in that language (stopwords, cues, numbers in words);
bot/understanding/ builds its tables from the registry.

A leaf: it imports nothing of bot/, so that even the store (the bottom layer) may read it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, eq=False)
class Language:
    code: str  # ISO 639-1: Telegram's language_code, the catalog folder under locales/
    name: str  # its own name, as a chooser lists it ("Қазақша")
    order: int  # where it stands in every list and fallback (the source language first)
    # What the understanding layer reads (bot/understanding/): a language without them is still
    # spoken (replies, labels, menus), its questions read with the words of the others.
    stopwords: tuple[str, ...] = ()  # words that carry no content, as written (folded on load)
    cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # cue -> phrases (cues.py)
    number_words: Mapping[str, float | None] = field(default_factory=dict)  # "two" -> 2
    number_multipliers: Mapping[str, int] = field(default_factory=dict)  # "thousand" -> 1000
    hundreds: tuple[str, ...] = ()  # "hundred" after a number multiplies it ("two hundred")
    number_joiners: tuple[str, ...] = ()  # "and" inside a number ("two hundred and fifty")


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
