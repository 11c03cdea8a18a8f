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
"""

# Answer.kind is one of: "figures" | "comparison" | "trend" | "laws" | "sources" | "overview"
#                         | "no_data" | "help" | "not_understood"

from bot.answering.answerer import Answerer  # noqa: E402,F401
from bot.answering.model import KINDS, Answer, LawHit, PlaceRow, TopicCount  # noqa: E402,F401
from bot.answering.render import render, render_entry, render_why  # noqa: E402,F401
