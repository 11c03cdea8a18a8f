"""Command menus per role and language: everyone gets the everyday one (set by handlers/app.py);
curators and admins get their own in their private chat (BotCommandScopeChat)."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import Application

from bot.access import Role
from bot.i18n import N_, tr
from bot.languages import CODES, DEFAULT_LANGUAGE
from handlers.services import SERVICES_KEY

log = logging.getLogger(__name__)

MENU_LANGUAGES = {"": DEFAULT_LANGUAGE, **{c: c for c in CODES if c != DEFAULT_LANGUAGE}}  # "" is the default for every other language



def everyday_menu(lang: str, *, group: bool) -> list[BotCommand]:
    """Everyone's menu: private chats get /start, groups /ask; then the everyday commands."""
    t = tr(lang)
    commands = [] if group else [BotCommand("start", t.gettext("What this bot does"))]
    if group:
        commands.append(BotCommand("ask", t.gettext("Ask a question")))
    commands += [
        BotCommand("help", t.gettext("Help and example questions")),
        BotCommand("why", t.gettext("Sources of the last answer")),
        BotCommand("language", t.gettext("Choose the reply language")),
        BotCommand("subscribe", t.gettext("Subscribe to a digest of new reporting")),
        BotCommand("subscriptions", t.gettext("Your digest subscriptions")),
        BotCommand("digest", t.gettext("Your next digest, now")),
    ]
    return commands


CURATOR_COMMANDS = (
    ("add", N_("Add an entry step by step")),
    ("est", N_("Add an estimate in one line")),
    ("edit", N_("Correct one field of an entry")),
    ("retract", N_("Retract an entry, with a reason")),
    ("restore", N_("Restore a retracted entry")),
    ("history", N_("Every revision of an entry")),
    ("report", N_("Add a report from a link or text")),
    ("export", N_("The whole store as a file")),
    ("review", N_("Figures spotted in new reporting")),
    ("feeds", N_("Feeds and how polling goes")),
    ("addfeed", N_("Register an RSS or Atom feed")),
    ("cancel", N_("Cancel what you are doing")),
)
ADMIN_COMMANDS = (
    ("grant", N_("Give someone a role")),
    ("revoke", N_("Take a role away")),
    ("roles", N_("Who has which role")),
    ("allow", N_("Let a group ask")),
    ("disallow", N_("Stop a group from asking")),
)


def role_menu(lang: str, role: str) -> list[BotCommand]:
    """The private-chat menu of a curator or an admin: the everyday one, then theirs."""
    t = tr(lang)
    commands = everyday_menu(lang, group=False)
    commands += [BotCommand(name, t.gettext(text)) for name, text in CURATOR_COMMANDS]
    if role == "admin":
        commands += [BotCommand(name, t.gettext(text)) for name, text in ADMIN_COMMANDS]
    return commands


def _role_name(role: Role | str | None) -> str | None:
    return str(role).lower() if role is not None else None  # Role is a StrEnum: str() is its value


async def refresh_menu(app: Application, user_id: int, role: Role | str | None) -> None:
    """Set (or, for members and strangers, remove) the user's own menu in every language."""
    scope = BotCommandScopeChat(chat_id=user_id)
    name = _role_name(role)
    try:
        for code, lang in MENU_LANGUAGES.items():
            if name in {"curator", "admin"}:
                await app.bot.set_my_commands(role_menu(lang, name), scope=scope, language_code=code or None)
            else:
                await app.bot.delete_my_commands(scope=scope, language_code=code or None)
    except TelegramError as exc:  # e.g. the user never opened a chat with the bot
        log.info("could not set the menu of user %s: %s", user_id, exc)


async def refresh_all(app: Application) -> None:
    """At start: admins from the environment, curators from the store."""
    services = app.bot_data[SERVICES_KEY]
    for user_id in sorted(services.settings.admins):
        if user_id > 0:  # 0 is the console's local admin, not a Telegram chat
            await refresh_menu(app, user_id, "admin")
    try:
        people = services.store.people.with_roles()
    except Exception as exc:  # an older store: the default menus still work
        log.warning("could not list curators for their menus: %r", exc)
        return
    for person in people:
        if person.user_id not in services.settings.admins:
            await refresh_menu(app, person.user_id, services.policy.role_of(person.user_id))
