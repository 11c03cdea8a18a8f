"""A tiny script-based language guess for plain-string text in imported files.

Kazakh-only letters -> kk, other Cyrillic -> ru, anything else -> en. The full detector
(words, Kazakh in Latin script) lives in bot.understanding; the store needs only this.
"""

from __future__ import annotations

_KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def guess_language(text: str) -> str:
    """'Қазақстан' -> 'kk'; 'Казахстан' -> 'ru'; 'Kazakhstan' (or no letters) -> 'en'."""
    cyrillic = False
    for ch in text:
        if ch in _KAZAKH_ONLY:
            return "kk"
        if "\u0400" <= ch <= "\u04ff":
            cyrillic = True
    return "ru" if cyrillic else "en"
