"""The "Chart" button under an answer with figures to plot: pressed, it sends the answer's
figures as a picture (bot.charts) with a caption in the asker's language.

The button carries `chart:<lang>:<refs>` (handlers.tokens, the same compact, checked encoding as
"Sources / why"); on a press the figures are read again from the store, so a retracted or
corrected figure is never drawn as it was.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler

from bot.answering import Answer
from bot.charts import chart_figures, figures_spec, is_chartable, render_png
from bot.i18n import normalise_language, tr
from handlers.language import reply_language
from handlers.services import MonitorContext, Services
from handlers.tokens import Ref

log = logging.getLogger(__name__)

PREFIX = "chart"
FILENAME = "chart.png"


def chart_button(services: Services, answer: Answer, lang: str) -> InlineKeyboardButton | None:
    """The Chart button for a chartable answer; None for any other."""
    if not is_chartable(answer):
        return None
    refs = [("estimate", est.id) for est in chart_figures(answer)]
    return InlineKeyboardButton(tr(lang).gettext("Chart"), callback_data=services.chart_tokens.encode(refs, lang))


def with_chart_button(markup: InlineKeyboardMarkup | None, services: Services, answer: Answer,
                      lang: str) -> InlineKeyboardMarkup | None:
    """`markup` with the Chart button added beside its first row's buttons (when the answer has one)."""
    button = chart_button(services, answer, lang)
    if button is None:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    if rows:
        rows[0].append(button)
    else:
        rows.append([button])
    return InlineKeyboardMarkup(rows)


def _spec(services: Services, refs: list[Ref], lang: str):  # noqa: ANN202 - ChartSpec | None

    try:  # unknown and retracted figures are skipped: the chart shows what the store holds now
        answer = services.answerer.answer_by_ids(refs)
    except (KeyError, LookupError, ValueError) as exc:
        log.info("chart: refs %s not answerable: %s", refs, exc)
        return None
    return figures_spec(list(answer.estimates), answer, lang)


async def chart_pressed(update: Update, context: MonitorContext) -> None:
    """A press on "Chart": the refs are decoded and re-read, never trusted; the picture is drawn
    in a worker thread (a few hundred milliseconds of matplotlib) and sent as a photo."""
    query, services = update.callback_query, context.services
    decoded = services.chart_tokens.decode(query.data)
    lang = (normalise_language(decoded[0]) if decoded else None) or reply_language(services, query.from_user)
    spec = _spec(services, decoded[1], lang) if decoded else None
    if spec is None or query.message is None or not hasattr(query.message, "reply_photo"):
        t = tr(reply_language(services, query.from_user))
        await query.answer(t.gettext("This answer has expired. Please ask again."), show_alert=True)
        return
    await query.answer()

    message = query.message
    await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_PHOTO)
    chart = await asyncio.to_thread(render_png, spec)
    log.info("update %s: chart of %d figures in %s, %d bytes", update.update_id, len(spec.points), lang,
             len(chart.png))
    await message.reply_photo(chart.png, caption=spec.caption[:1024], filename=FILENAME,
                              do_quote=message.chat.type != "private")


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(chart_pressed, pattern=rf"^{PREFIX}:"))
