"""Words that narrow who is counted ("women", "children", "returnees", "әйелдер"): a figure for all
fighters is not an answer to "how many women ...", so such a question gets no_data unless the
topic itself is about that group. General domain knowledge, kept in one small table of groups per language."""

from __future__ import annotations

from functools import lru_cache

from bot.languages import LANGUAGES
from bot.understanding.text import normalise_terms

# group -> {language: words} (each language's words are in its module of bot/languages/); a topic
# whose words name a group counts only that group
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {}
for _lang in LANGUAGES:
    for _group, _words in _lang.qualifiers.items():
        GROUPS.setdefault(_group, {})[_lang.code] = _words


@lru_cache(maxsize=1)
def _stem_groups() -> dict[str, frozenset[str]]:
    """stem -> the groups it names."""
    out: dict[str, set[str]] = {}
    for group, by_lang in GROUPS.items():
        for lang, words in by_lang.items():
            for word in words:
                for stem in normalise_terms(word, lang):
                    if len(stem) >= 3:
                        out.setdefault(stem, set()).add(group)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def qualifier_stems() -> frozenset[str]:
    return frozenset(_stem_groups())


def groups_of(terms: frozenset[str] | set[str]) -> frozenset[str]:
    """The groups some normalised terms name ("балалар" -> children)."""
    table = _stem_groups()
    out: set[str] = set()
    for term in terms:
        out |= table.get(term, frozenset())
    return frozenset(out)


def narrowing_terms(terms: list[str], topic_terms: frozenset[str], tags: set[str]) -> list[str]:
    """The question's terms that narrow the counted group and that the topic does not cover:
    a term naming a group the topic's words do not name."""
    table = _stem_groups()
    covered = groups_of(topic_terms)
    return [t for t in dict.fromkeys(terms)
            if t in table and t not in topic_terms and t not in tags and not table[t] <= covered]
