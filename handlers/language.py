"""The reply language of an update, and /language to choose it (buttons or `/language ru`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.i18n import LANGUAGES, choose_language, language_name, normalise_language, tr
from bot.understanding import detect_language
from handlers.services import MonitorContext, Services

AUTO = "auto"


def detect(text: str | None) -> str | None:
    """The question's own language, or None (no letters)."""
    return detect_language(text) if text else None


def reply_language(services: Services, user: User | None, text: str | None = None) -> str:
    """Saved /language choice > the language of `text` > Telegram's language_code > English."""
    saved = services.prefs.language(user.id) if user else None
    client = user.language_code if user else None
    return choose_language(saved, detect(text), client)


def _keyboard(lang: str) -> InlineKeyboardMarkup:
    t = tr(lang)
    row = [InlineKeyboardButton(language_name(code, code), callback_data=f"lang:{code}") for code in LANGUAGES]
    return InlineKeyboardMarkup([row, [InlineKeyboardButton(t.gettext("Automatic"), callback_data=f"lang:{AUTO}")]])


def _confirmation(choice: str | None, services: Services, user: User) -> tuple[str, str]:
    """(text, language of the text) confirming a new choice."""
    if choice is None:
        lang = reply_language(services, user)
        return tr(lang).gettext("I will answer in the language of each question again."), lang
    t = tr(choice)
    return t.gettext("From now on I will answer in {language}.").format(language=language_name(choice, choice)), choice


def _parse_choice(raw: str) -> tuple[bool, str | None]:
    """(valid, language or None for automatic)."""
    raw = raw.strip().lower()
    if raw in {AUTO, "авто", "автоматически", "автоматты"}:
        return True, None
    lang = normalise_language(raw)
    if lang:
        return True, lang
    for code in LANGUAGES:  # "русский", "Kazakh", "қазақ тілі"
        for in_lang in LANGUAGES:
            if raw and language_name(code, in_lang).lower().startswith(raw[:4]):
                return True, code
    return False, None


async def language_command(update: Update, context: MonitorContext) -> None:
    """/language: buttons; `/language ru|kk|en|auto` sets it directly."""
    services, user, message = context.services, update.effective_user, update.effective_message
    if context.args:
        valid, choice = _parse_choice(" ".join(context.args))
        if not valid:
            t = tr(reply_language(services, user))
            choices = ", ".join(f"/language {code}" for code in LANGUAGES)
            await message.reply_text(t.gettext("Usage: {choices} or /language auto").format(choices=choices))
            return
        services.prefs.set_language(user.id, choice)
        text, _ = _confirmation(choice, services, user)
        await message.reply_text(text)
        return
    lang = reply_language(services, user)
    t = tr(lang)
    saved = services.prefs.language(user.id)
    current = language_name(saved, lang) if saved else t.gettext("automatic (the language of each question)")
    await message.reply_text(
        t.gettext("Reply language: {current}. Choose one:").format(current=current), reply_markup=_keyboard(lang)
    )


async def language_button(update: Update, context: MonitorContext) -> None:
    """A press on one of the /language buttons (`lang:ru`, `lang:auto`); data is re-checked."""
    query, services = update.callback_query, context.services
    raw = (query.data or "").partition(":")[2]
    valid, choice = _parse_choice(raw) if raw in (*LANGUAGES, AUTO) else (False, None)
    if not valid:
        t = tr(reply_language(services, query.from_user))
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return
    services.prefs.set_language(query.from_user.id, choice)
    text, _ = _confirmation(choice, services, query.from_user)
    await query.answer()
    if query.message:
        await query.edit_message_text(text)
    else:
        await context.bot.send_message(query.from_user.id, text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("language", language_command, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(language_button, pattern=r"^lang:"))
