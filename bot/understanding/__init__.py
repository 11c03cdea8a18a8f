"""Understanding: free text in en/ru/kk -> a structured Query (places, topics, years, intent).

CONTRACT (bot.answering and handlers are written against these):

    from bot.understanding import Lexicon, parse, detect_language
    lexicon = Lexicon.build(store.entries.places(), store.entries.topics())   # CLDR countries + built-in aliases
                                                             # + the store's places/topics
    query = parse("сколько казахстанцев воюет за ИГ?", lexicon, today=date(2026, 11, 25))
    detect_language("Қазақстан 2014 жылы...") -> "kk"   # "en" | "ru" | "kk" | None (no letters)

Also: bot.understanding.text.normalise_terms(text) -> list[str], the normalisation of
Query.terms, for indexing store text; Lexicon.build(..., vocabulary=[texts]) marks the words of
store texts as known (not unknown_terms); lexicon.place_name(code, lang), lexicon.topic_label().
"""

from bot.understanding.language import detect_language  # noqa: F401
from bot.understanding.lexicon import Lexicon  # noqa: F401
from bot.understanding.parser import parse  # noqa: F401
from bot.understanding.query import Intent, Query  # noqa: F401
from bot.understanding.text import normalise_terms  # noqa: F401

__all__ = ["Intent", "Lexicon", "Query", "detect_language", "normalise_terms", "parse"]
