"""Inline mode: `@bot KZ fighters` in any chat offers the best few cited answers, ranked, to insert."""

from __future__ import annotations

import hashlib
import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, InlineQueryHandler

from bot.answering import Answer
from bot.answering.alternatives import ranked_answers
from bot.answering.figures import estimator_short, format_date, format_figure, place_name
from bot.i18n import tr
from handlers.ask import MAX_QUESTION, clean_text, has_words
from handlers.html_split import split_html
from handlers.language import reply_language
from handlers.replies import NO_PREVIEW
from handlers.services import MonitorContext, Services
from handlers.start import examples

log = logging.getLogger(__name__)

MAX_RESULTS = 5  # the answer, then the narrower answers it considered
CACHE_SECONDS = 10


def _lines(text: str) -> list[str]:
    return [line.strip(" •-—") for line in text.splitlines() if line.strip(" •-—")]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure_line(answer: Answer, lang: str) -> tuple[str, str] | None:
    """For an answer with one figure: ("Kazakhstan: 250 people", "KISI · September 2014")."""
    estimates = getattr(answer, "estimates", None) or []  # the handler tests' stand-in answers have none
    if len(estimates) != 1:
        return None

    est = estimates[0]
    places = getattr(answer, "place_info", None) or {}
    title = f"{place_name(est.place, lang, places)}: {format_figure(est, lang)}"
    description = " · ".join(x for x in (estimator_short(est, lang, width=60), format_date(est.as_of, lang)) if x)
    return title, description


def _article(services: Services, answer: Answer, lang: str, title: str | None = None) -> InlineQueryResultArticle | None:
    plain = _lines(services.render(answer, lang, fmt="text"))
    if not plain:
        return None
    html = services.render(answer, lang, fmt="html")
    chunks = split_html(html)
    body = chunks[0] if chunks else html
    if len(chunks) > 1:
        body += "\n…"
    figure = _figure_line(answer, lang)
    if title is None and figure:
        title, description = figure
    else:
        title = title or plain[0]
        description = figure[0] if figure else (" · ".join(plain[1:3]) if len(plain) > 1 else "")
    ident = hashlib.blake2b(f"{lang}|{title}|{body}".encode(), digest_size=16).hexdigest()
    return InlineQueryResultArticle(
        id=ident,
        title=_short(title, 120),
        description=_short(description, 200) or None,
        input_message_content=InputTextMessageContent(body, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
    )


def results_for(services: Services, text: str, lang: str) -> list[InlineQueryResultArticle]:
    """The best few cited answers, ranked (bot.answering.alternatives): the answer to the
    question first, then each place's or estimator's figures on their own, or, when there is no
    data, the figures the store has for what was asked."""
    answerer = services.answerer
    answer = answerer.ask(text, lang=lang)
    answers = ranked_answers(answerer, answer, MAX_RESULTS) if hasattr(answerer, "index") else [answer]  # a stand-in core
    results: list[InlineQueryResultArticle] = []
    for candidate in answers:
        article = _article(services, candidate, lang)
        if article and article.id not in {r.id for r in results}:
            results.append(article)
    return results[:MAX_RESULTS]


async def inline_query(update: Update, context: MonitorContext) -> None:
    query, services = update.inline_query, context.services
    text = clean_text(query.query or "")[:MAX_QUESTION]
    lang = reply_language(services, query.from_user, text)
    if not has_words(text):
        # An empty query: the example questions, each with its answer ready to insert.
        results = []
        for example in examples(lang)[:3]:
            article = _article(services, services.answerer.ask(example, lang=lang), lang, title=example)
            if article:
                results.append(article)
    else:
        results = results_for(services, text, lang)
    if not results:
        t = tr(lang)
        body = t.gettext("I have nothing on that yet.")
        results = [InlineQueryResultArticle(id="nothing", title=body, input_message_content=InputTextMessageContent(body))]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(inline_query))
