"""Sending an Answer: render it as HTML, split it under 4,096 characters, add the Sources button."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode

from bot.answering import Answer
from bot.i18n import tr
from handlers.chart import with_chart_button
from handlers.html_split import split_html
from handlers.services import Services
from handlers.transport import reply_unread

LAST_ANSWER = "last_answer"  # context.user_data key: (Answer, lang) for /why
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def not_an_id_text(value: str, lang: str) -> str:
    """What a person is told about a number that cannot name anything ("²", 20 digits)."""
    return tr(lang).gettext("{value} is not a valid id: ids are whole numbers of up to 19 digits 0-9.").format(
        value=value[:40])


def why_markup(services: Services, answer: Answer, lang: str) -> InlineKeyboardMarkup | None:
    used = list(answer.used)
    if not used:
        return None
    data = services.why_tokens.encode(used, lang)
    return InlineKeyboardMarkup([[InlineKeyboardButton(tr(lang).gettext("Sources"), callback_data=data)]])


async def send_html(message: Message, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply with `html` in as many messages as it takes; the buttons go under the last one.
    The messages sent are not read back (handlers/transport.py: reply_unread)."""
    chunks = split_html(html) or [html]
    with reply_unread():
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            await message.reply_text(
                chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup if last else None,
                do_quote=(i == 0 and message.chat.type != "private"),
            )


async def send_answer(message: Message, services: Services, user_data: dict | None, answer: Answer, lang: str) -> None:
    html = services.render(answer, lang, fmt="html")
    markup = with_chart_button(why_markup(services, answer, lang), services, answer, lang)
    await send_html(message, html, markup)
    if user_data is not None and answer.used:
        user_data[LAST_ANSWER] = (answer, lang)
