"""Admin commands: /grant, /revoke, /roles, /allow, /disallow. Checked against the admin list
at the moment each one is typed; a role change refreshes the person's command menu."""

from __future__ import annotations

import html
from collections.abc import Callable
from gettext import NullTranslations

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, filters

from bot.i18n import tr
from bot.ids import looks_numeric, parse_id
from bot.store.records import PersonRecord
from handlers.access import is_admin, is_person, not_admin_text
from handlers.language import reply_language
from handlers.menus import refresh_menu
from handlers.replies import not_an_id_text
from handlers.services import MonitorContext, Services, actor

ROLES = ("curator", "member")


def _person_label(person: PersonRecord) -> str:
    """'@name (123)' or 'Full Name (123)' for a stored person."""
    label = f"@{person.username}" if person.username else (person.display_name or "")
    return f"{label} ({person.user_id})" if label else str(person.user_id)


def _target(services: Services, message: Message, args: list[str]) -> tuple[int | None, list[str], str | None]:
    """(user id, remaining args, the word that named nobody): by reply, by id or by @username.
    A number that cannot be a user id ("²", 20 digits) names nobody; the caller says so."""
    reply = message.reply_to_message
    if reply is not None and is_person(reply.from_user) and (  # not a bot, anonymous admin or channel
        not args or args[0].lower() in ROLES
    ):
        return reply.from_user.id, args, None
    if not args:
        return None, args, None
    first, rest = args[0], args[1:]
    user_id = parse_id(first, signed=True)
    if user_id is not None:
        return user_id, rest, None
    if looks_numeric(first):
        return None, rest, first
    person = services.store.people.find(first)
    if person is None:
        return None, rest, first
    return person.user_id, rest, None


def _nobody_text(word: str, lang: str) -> str:
    """The reply when `word` named nobody: a number that is no id, or a @username not seen yet."""
    if looks_numeric(word):
        return not_an_id_text(word, lang)
    return tr(lang).gettext(
        "I have not seen {username} yet. Ask them to write to me first, or use their numeric user id."
    ).format(username=word)


async def _refuse_unless_admin(update: Update, context: MonitorContext) -> str | None:
    """The admin's language, or None after telling a non-admin no."""
    services, user = context.services, update.effective_user
    lang = reply_language(services, user)
    if not is_admin(services, user):
        await update.effective_message.reply_text(not_admin_text(lang))
        return None
    return lang


async def grant_command(update: Update, context: MonitorContext) -> None:
    """/grant <user id | @username> curator|member, or /grant curator in reply to their message."""
    lang = await _refuse_unless_admin(update, context)
    if lang is None:
        return
    services, message, t = context.services, update.effective_message, tr(lang)
    user_id, rest, unknown = _target(services, message, list(context.args or []))
    role = rest[0].lower() if rest else ""
    if unknown is not None:
        await message.reply_text(_nobody_text(unknown, lang))
        return
    if user_id is None or role not in ROLES or len(rest) != 1:
        await message.reply_text(t.gettext(
            "Usage: /grant <user id or @username> curator|member, or reply to their message with /grant curator"))
        return
    if user_id in services.settings.admins:
        await message.reply_text(t.gettext("{user} is an admin already (admins are set in MONITORBOT_ADMINS).")
                                 .format(user=user_id))
        return
    services.store.people.set_role(user_id, role, actor(update.effective_user.id))
    await refresh_menu(context.application, user_id, services.policy.role_of(user_id))
    text = (t.gettext("{user} is now a curator.") if role == "curator"
            else t.gettext("{user} is now a member."))
    await message.reply_text(text.format(user=user_id))


async def revoke_command(update: Update, context: MonitorContext) -> None:
    """/revoke <user id | @username>, or /revoke in reply to their message."""
    lang = await _refuse_unless_admin(update, context)
    if lang is None:
        return
    services, message, t = context.services, update.effective_message, tr(lang)
    user_id, rest, unknown = _target(services, message, list(context.args or []))
    if unknown is not None:
        await message.reply_text(_nobody_text(unknown, lang))
        return
    if user_id is None or rest:
        await message.reply_text(t.gettext(
            "Usage: /revoke <user id or @username>, or reply to their message with /revoke"))
        return
    if user_id in services.settings.admins:
        await message.reply_text(t.gettext("{user} is an admin set in MONITORBOT_ADMINS; change it there.")
                                 .format(user=user_id))
        return
    removed = services.store.people.revoke_role(user_id, actor(update.effective_user.id))
    await refresh_menu(context.application, user_id, None)
    text = t.gettext("{user} has no role now.") if removed else t.gettext("{user} had no role.")
    await message.reply_text(text.format(user=user_id))


async def roles_command(update: Update, context: MonitorContext) -> None:
    """/roles: admins (from the environment), then everyone with a stored role; allowed groups."""
    lang = await _refuse_unless_admin(update, context)
    if lang is None:
        return
    services, t = context.services, tr(lang)
    admins = t.gettext("Admins")
    lines = [f"<b>{html.escape(admins)}</b>"]
    lines += [f"• {uid}" for uid in sorted(services.settings.admins) if uid > 0] or ["—"]
    by_role: dict[str, list[str]] = {"curator": [], "member": []}
    for person in services.store.people.with_roles():
        by_role.setdefault(person.role or "", []).append(html.escape(_person_label(person)))
    for role, title in (("curator", t.gettext("Curators")), ("member", t.gettext("Members"))):
        lines += ["", f"<b>{html.escape(title)}</b>"] + ([f"• {p}" for p in by_role.get(role, [])] or ["—"])
    chats = services.store.people.allowed_chats()
    allowed = t.gettext("Allowed groups")
    lines += ["", f"<b>{html.escape(allowed)}</b>"]
    lines += [f"• {html.escape(c.title or '')} ({c.chat_id})" for c in chats] or ["—"]
    lines += ["", html.escape(t.gettext("Access: {policy}").format(policy=services.settings.access))]
    await update.effective_message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


def _chat_target(update: Update, context: MonitorContext) -> tuple[int | None, str | None]:
    """(chat id, title): the group it is typed in, or the id given in a private chat."""
    chat = update.effective_chat
    args = list(context.args or [])
    chat_id = parse_id(args[0], signed=True) if args else None
    if chat_id is not None:
        return chat_id, None
    if chat is not None and chat.type in {"group", "supergroup"} and not args:
        return chat.id, chat.title
    return None, None


async def _admin_chat_target(update: Update, context: MonitorContext,
                             usage: Callable[[NullTranslations], str]) -> tuple[NullTranslations, int, str | None] | None:
    """The shared start of /allow and /disallow: (translations, chat id, title), or None after
    refusing a non-admin or replying with `usage(t)` when no chat is named."""
    lang = await _refuse_unless_admin(update, context)
    if lang is None:
        return None
    t = tr(lang)
    chat_id, title = _chat_target(update, context)
    args = list(context.args or [])
    if chat_id is None and args and looks_numeric(args[0]):
        await update.effective_message.reply_text(not_an_id_text(args[0], lang))
        return None
    if chat_id is None:
        await update.effective_message.reply_text(usage(t))
        return None
    return t, chat_id, title


async def allow_command(update: Update, context: MonitorContext) -> None:
    """/allow in a group (its members may ask there), or /allow <chat id>."""
    target = await _admin_chat_target(
        update, context, lambda t: t.gettext("Usage: /allow in the group itself, or /allow <chat id>"))
    if target is None:
        return
    (t, chat_id, title), message = target, update.effective_message
    context.services.store.people.allow_chat(chat_id, title, actor(update.effective_user.id))
    await message.reply_text(t.gettext("Members of this group may ask me now.") if chat_id == update.effective_chat.id
                             else t.gettext("Members of group {chat} may ask me now.").format(chat=chat_id))


async def disallow_command(update: Update, context: MonitorContext) -> None:
    """/disallow in a group, or /disallow <chat id>."""
    target = await _admin_chat_target(
        update, context, lambda t: t.gettext("Usage: /disallow in the group itself, or /disallow <chat id>"))
    if target is None:
        return
    (t, chat_id, _), message = target, update.effective_message
    removed = context.services.store.people.disallow_chat(chat_id, actor(update.effective_user.id))
    text = (t.gettext("Group {chat} may no longer ask me (its members with a role still may).") if removed
            else t.gettext("Group {chat} was not allowed."))
    await message.reply_text(text.format(chat=chat_id))


def register(app: Application) -> None:
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("grant", grant_command, filters=only_new))
    app.add_handler(CommandHandler("revoke", revoke_command, filters=only_new))
    app.add_handler(CommandHandler("roles", roles_command, filters=only_new))
    app.add_handler(CommandHandler("allow", allow_command, filters=only_new))
    app.add_handler(CommandHandler("disallow", disallow_command, filters=only_new))
