"""Understanding: free text in en/ru/kk -> a structured Query (places, topics, years, intent).

CONTRACT (bot.answering and handlers are written against these):

    from bot.understanding import Lexicon, parse, detect_language
    lexicon = Lexicon.build(store.places(), store.topics())   # CLDR countries + built-in aliases
                                                             # + the store's places/topics
    query = parse("сколько казахстанцев воюет за ИГ?", lexicon, today=date(2026, 11, 25))
    detect_language("Қазақстан 2014 жылы...") -> "kk"   # "en" | "ru" | "kk" | None (no letters)
"""

from bot.understanding.query import Intent, Query  # noqa: F401
