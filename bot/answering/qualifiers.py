"""Words that narrow who is counted ("women", "children", "әйелдер"): a figure for all
fighters is not an answer to "how many women ...", so such a question gets no_data unless the
topic itself is about that group. General domain knowledge, kept in one small list."""

from __future__ import annotations

from functools import lru_cache

from bot.understanding.text import normalise_terms

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "en": ("women", "woman", "female", "females", "girls", "girl", "wives", "wife", "widows", "children",
           "child", "kids", "minors", "minor", "teenagers", "teenager", "teens", "boys", "men", "males",
           "families", "students", "converts", "prisoners", "returnees", "repatriated"),
    "ru": ("женщины", "женщин", "женщина", "девушки", "девушек", "жёны", "жены", "жен", "вдовы", "вдов",
           "дети", "детей", "ребёнок", "несовершеннолетние", "несовершеннолетних", "подростки", "подростков",
           "мужчины", "мужчин", "студенты", "студентов", "заключённые", "заключенных",
           "возвращенцы", "репатриированные", "репатриированных"),
    "kk": ("әйел", "әйелдер", "әйелдердің", "қыз", "қыздар", "жесір", "жесірлер", "бала", "балалар",
           "балаларды", "жасөспірім", "жасөспірімдер", "ерлер", "отбасы", "отбасылар", "студент",
           "студенттер", "сотталғандар", "қайтарылғандар"),
}


@lru_cache(maxsize=1)
def qualifier_stems() -> frozenset[str]:
    out: set[str] = set()
    for lang, words in QUALIFIERS.items():
        for word in words:
            out.update(normalise_terms(word, lang))
    return frozenset(t for t in out if len(t) >= 3)


def narrowing_terms(terms: list[str], topic_terms: frozenset[str], tags: set[str]) -> list[str]:
    """The question's terms that narrow the counted group and that the topic does not cover."""
    stems = qualifier_stems()
    return [t for t in dict.fromkeys(terms) if t in stems and t not in topic_terms and t not in tags]
