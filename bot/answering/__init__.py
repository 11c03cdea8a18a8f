"""Answering: Query -> Answer (plain data), and Answer -> text for a locale.

CONTRACT (handlers, the CLI and the console use exactly this):

    from bot.answering import Answerer, render, render_why
    answerer = Answerer(store, clock=lambda: datetime.now(UTC))
    answer = answerer.ask(text, lang="ru")     # lang: the reply language, already decided
    html = render(answer, "ru", fmt="html")    # fmt: "html" (Telegram, store text escaped) | "text"
    why = render_why(answer, "ru", fmt="html") # which entries the answer drew on, with ids
    answer.used      -> list[tuple[str, str]]  # (kind, id) of entries drawn on
    answer.has_figures -> bool
    answerer.answer_by_ids(["estimate:kz-..."]) # for /why buttons: rebuild from ids

ADDED (additive, same contract otherwise):
    answerer.answer_query(query, lang)         # answer an already parsed Query (tests, inline)
    render_entry(record, lang, fmt)            # one estimate or law in full (for buttons)
    answer.reasons / answer.entry_reasons      # Reason(msgid, params): /why text, translated at render
    refs for answer_by_ids: "estimate:<id>", "law:<id>", "report:<id>" (or "e:", "l:", "r:"), or tuples

Where things are: answerer.py (Query -> Answer, the decision rules), laws.py (law ranking),
index.py (per-generation caches), qualifiers.py ("women", "children": narrower than the store
counts), figures.py (figures, bounds, units, names for a locale), render.py (text/HTML),
model.py (the Answer data).
"""

# Answer.kind is one of: "figures" | "comparison" | "trend" | "laws" | "sources" | "overview"
#                         | "no_data" | "help" | "not_understood"

from bot.answering.answerer import Answerer  # noqa: E402,F401
from bot.answering.model import KINDS, Answer, LawHit, PlaceRow, TopicCount  # noqa: E402,F401
from bot.answering.render import render, render_entry, render_why  # noqa: E402,F401
