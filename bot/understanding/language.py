"""Which language a text is in (en, ru or kk), from its script, letters and function words.

Kazakh is recognised even when typed without its own letters (on a Russian keyboard) or in
Latin script (2021 alphabet or informal), by its function words and case endings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.languages import BY_CODE
from bot.understanding.kazakh import KAZAKH_LATIN_LETTERS, KAZAKH_LETTERS, fold, stem
from bot.understanding.stopwords import STOPWORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CYRILLIC = re.compile("[\u0400-\u04ff]")

# each language's words are in its module of bot/languages/: Kazakh words that Russian text
# practically never contains (folded) and Kazakh typed in Latin; the endings of each
_KK = BY_CODE["kk"]
_KK_CYRILLIC_WORDS = frozenset(fold(w) for w in _KK.markers if _CYRILLIC.search(w))
_KK_LATIN_WORDS = frozenset(w for w in _KK.markers if not _CYRILLIC.search(w))
_KK_ENDINGS = _KK.marker_endings
_RU_ENDINGS = BY_CODE["ru"].marker_endings
_NOT_KAZAKH_Q = frozenset({"iraq", "iraqi", "iraqis", "qatar", "qaeda", "qaida", "al", "qatari"})


def _latin_is_kazakh(words: list[str]) -> bool:
    kk = en = 0.0
    for w in words:
        if w in _KK_LATIN_WORDS:
            kk += 1
        elif any(ch in KAZAKH_LATIN_LETTERS for ch in w):
            kk += 1
        elif "q" in w and "qu" not in w and w not in _NOT_KAZAKH_Q:
            kk += 0.5
        if w in STOPWORDS["en"]:
            en += 1
    return kk > en


def _cyrillic_is_kazakh(words: list[str]) -> bool:
    kk = ru = 0.0
    for w in words:
        f = fold(w)
        if f in _KK_CYRILLIC_WORDS or stem(f) in _KK_CYRILLIC_WORDS:
            kk += 1
        elif len(f) > 5 and f.endswith(_KK_ENDINGS) and not f.endswith(("стан", "стана")):
            kk += 0.5
        if f in STOPWORDS["ru"] and f not in _KK_CYRILLIC_WORDS:
            ru += 1
        elif len(f) > 4 and f.endswith(_RU_ENDINGS):
            ru += 0.3
    return kk > ru


@lru_cache(maxsize=1024)  # pure; an update asks it twice of the same text (reply language, parse)
def detect_language(text: str) -> str | None:
    """'en', 'ru' or 'kk' for the text; None when it has no letters (emoji, digits, punctuation)."""
    cyrillic = latin = 0
    kazakh_letters = False
    for ch in text:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u04ff":
                cyrillic += 1
                if ch in KAZAKH_LETTERS:
                    kazakh_letters = True
            elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
                latin += 1
    if not cyrillic and not latin:
        return None
    raw = _WORD.findall(text)
    words = [w.lower() for w in raw]
    # codes in capitals (KZ, UZ, ISIS) and borrowed words belong to no language: on mixed input
    # ("сколько fighters из KZ") the language is the one of the grammar words
    latin -= sum(len(w) for w in raw if w.isupper() and len(w) <= 4 and w.isascii())
    cyr_grammar = sum(1 for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w)
                      and (fold(w) in STOPWORDS["ru"] or fold(w) in STOPWORDS["kk"] or fold(w) in _KK_CYRILLIC_WORDS))
    lat_grammar = sum(1 for w in words if w.isascii() and w in STOPWORDS["en"])
    if cyrillic and cyr_grammar > lat_grammar:
        latin = min(latin, cyrillic)
    if cyrillic >= latin:
        if kazakh_letters:
            return "kk"
        cyr_words = [w for w in words if any("\u0400" <= ch <= "\u04ff" for ch in w)]
        return "kk" if _cyrillic_is_kazakh(cyr_words) else "ru"
    lat_words = [w for w in words if not any("\u0400" <= ch <= "\u04ff" for ch in w)]
    return "kk" if _latin_is_kazakh(lat_words) else "en"
