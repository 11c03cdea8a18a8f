"""Stopwords of every language in the registry (incl. question words): words that carry no content.

Words are listed with their letters (bot/languages/) and folded on load, so text typed without
Kazakh letters matches.
"""

from __future__ import annotations

from bot.languages import LANGUAGES
from bot.understanding.kazakh import fold

# each language's words are in its module of bot/languages/; folded here, "?" dropped ("ме?")
STOPWORDS: dict[str, frozenset[str]] = {
    lang.code: frozenset(fold(w.strip("?")) for w in lang.stopwords) for lang in LANGUAGES
}
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values())


def is_stopword(folded: str) -> bool:
    """Whether a folded, lower-case word is a stopword in any language."""
    return folded in ALL_STOPWORDS
