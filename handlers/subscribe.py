"""Subscriptions in chat: /subscribe (guided: schedule, time zone, language, places, topics),
/subscriptions (each with Change / Remove), /digest (the next digest now, as a preview).

A group is subscribed from the group by one of its admins; a channel from a private chat with
`/subscribe @channel` (or its id) by one of the channel's admins. Admin status is asked of
Telegram (getChatMember) when the flow starts and again when it saves."""

from __future__ import annotations

import html
import logging
import re
import warnings
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.answering.figures import place_name, text_of
from bot.digests import ledger
from bot.digests.schedule import next_due
from bot.errors import UserFacingError
from bot.i18n import LANGUAGES, N_, error_text, language_name, tr
from bot.ids import looks_numeric, parse_id
from bot.store.records import SubscriptionRecord
from handlers.language import reply_language
from handlers.replies import not_an_id_text, send_html
from handlers.services import SERVICES_KEY, MonitorContext, Services, actor

log = logging.getLogger(__name__)

PREFIX = "sub"
FLOW_KEY = "subscribe_flow"
KIND, DAY, TIME, ZONE, LANG, PLACES, TOPICS, CONFIRM = range(8)
DEFAULT_TZ = "Asia/Almaty"
DEFAULT_AT = "08:00"
TIME_BUTTONS = ("07:00", "08:00", "09:00", "12:00", "18:00", "21:00")
ZONE_BUTTONS = ("Asia/Almaty", "Asia/Tashkent", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Ashgabat",
                "Europe/Moscow", "Europe/Berlin", "Europe/London", "America/New_York", "UTC")
PLACE_BUTTONS = ("central-asia", "KZ", "KG", "TJ", "TM", "UZ", "AF")  # the region first, then its countries
MAX_TOPIC_BUTTONS = 12
ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.h ]?([0-5]\d)\s*$")



KIND_NAMES = {"daily": N_("Daily"), "weekly": N_("Weekly"), "instant": N_("As soon as something arrives")}


# --- words ---------------------------------------------------------------------------------------

def weekday_name(day: int, lang: str) -> str:
    """Monday..Sunday (0..6) in `lang`, from CLDR."""
    return Locale.parse(lang).days["format"]["wide"][day]


def parse_time(raw: str) -> str | None:
    """'8:30', '08.30', '0830', '20h15' -> 'HH:MM'; None if it is not a time of day."""
    match = _HHMM.match(raw or "")
    if not match:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_zone(raw: str) -> str | None:
    """A typed IANA time zone name (any case), or None."""
    name = (raw or "").strip().replace(" ", "_")
    if not name or "/" not in name and name.upper() != "UTC":
        return None
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    lowered = name.lower()
    return next((z for z in sorted(available_timezones()) if z.lower() == lowered), None)


def _place_label(services: Services, code: str, lang: str) -> str:
    return place_name(code, lang, {p.code: p for p in services.store.entries.places()})


def _topic_labels(services: Services, lang: str) -> dict[str, str]:
    return {tp.key: text_of(tp.label, lang) for tp in services.store.entries.topics()}


def describe(services: Services, sub: SubscriptionRecord | dict, lang: str) -> str:
    """'Daily at 08:00 (Asia/Almaty), in Russian. Places: all. Topics: all.' (plain text)."""
    t = tr(lang)
    kind, at, tz = _get(sub, "kind"), _get(sub, "at") or DEFAULT_AT, _get(sub, "tz") or DEFAULT_TZ
    if kind == "weekly":
        when = t.gettext("Weekly on {day} at {time} ({zone})").format(
            day=weekday_name(int(_get(sub, "weekday") or 0), lang), time=at, zone=tz)
    elif kind == "daily":
        when = t.gettext("Daily at {time} ({zone})").format(time=at, zone=tz)
    else:
        when = t.gettext("As soon as something arrives")
    language = _get(sub, "language") or lang
    parts = [when + ", " + t.gettext("in {language}").format(language=language_name(language, lang)) + "."]
    places = list(_get(sub, "places") or ())
    topics = list(_get(sub, "topics") or ())
    everything = t.gettext("all")
    labels = _topic_labels(services, lang)
    parts.append(t.gettext("Places: {places}.").format(
        places=", ".join(_place_label(services, p, lang) for p in places) or everything))
    parts.append(t.gettext("Topics: {topics}.").format(
        topics=", ".join(labels.get(k, k) for k in topics) or everything))
    if _get(sub, "paused"):
        reason = _get(sub, "paused_reason")
        parts.append(t.gettext("Paused: the bot was blocked in this chat.") if reason == "blocked"
                     else t.gettext("Paused."))
    return " ".join(parts)


def _get(sub: SubscriptionRecord | dict, name: str) -> Any:
    """A field of a stored subscription or of one being set up (the flow's dict)."""
    return sub.get(name) if isinstance(sub, dict) else getattr(sub, name, None)


# --- who may subscribe a chat --------------------------------------------------------------------

async def is_chat_admin(context: MonitorContext, chat_id: int, user_id: int) -> bool:
    """Telegram's word on whether the user administers the chat (asked every time)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:  # not a member, the bot is not in the chat, no such chat
        log.info("getChatMember %s/%s failed: %s", chat_id, user_id, exc)
        return False
    return member.status in ADMIN_STATUSES


async def _may_manage(update: Update, context: MonitorContext, chat_id: int) -> bool:
    """A private chat is its user's own; a group or a channel needs its admin."""
    user = update.effective_user
    if user is None or user.is_bot:
        return False
    if chat_id == user.id:
        return True
    return await is_chat_admin(context, chat_id, user.id)


async def _target_chat(update: Update, context: MonitorContext, lang: str) -> tuple[int, str | None] | None:
    """(the chat to subscribe, its title): this chat, or a channel named in a private chat."""
    t, chat, message = tr(lang), update.effective_chat, update.effective_message
    args = list(context.args or [])
    if chat.type == "private" and args:
        ref = args[0]
        chat_id = parse_id(ref, signed=True)
        if chat_id is None and looks_numeric(ref):  # "²", or beyond what any chat id can be
            await message.reply_text(not_an_id_text(ref, lang))
            return None
        target: int | str = chat_id if chat_id is not None else (ref if ref.startswith("@") else "@" + ref)
        try:
            info = await context.bot.get_chat(target)
        except TelegramError as exc:
            log.info("getChat %s failed: %s", target, exc)
            await message.reply_text(t.gettext("I cannot see the chat {chat}. Add me to it first.").format(chat=ref))
            return None
        if not await is_chat_admin(context, info.id, update.effective_user.id):
            await message.reply_text(t.gettext("Only the chat's admins can subscribe it."))
            return None
        return info.id, info.title
    if chat.type != "private" and not await is_chat_admin(context, chat.id, update.effective_user.id):
        await message.reply_text(t.gettext("Only the chat's admins can subscribe it."))
        return None
    return chat.id, chat.title


# --- the flow ------------------------------------------------------------------------------------

def _flow(context: MonitorContext) -> dict:
    return context.user_data.setdefault(FLOW_KEY, {})


def _lang(update: Update, context: MonitorContext) -> str:
    return reply_language(context.services, update.effective_user)


def _cancel_row(lang: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(tr(lang).gettext("Cancel"), callback_data=f"{PREFIX}:cancel")]


async def _say(update: Update, text: str, rows: list[list[InlineKeyboardButton]] | None = None) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        try:
            await query.edit_message_reply_markup(None)  # one live keyboard at a time
        except TelegramError:
            pass
    markup = InlineKeyboardMarkup(rows) if rows else None
    await update.effective_message.reply_text(text, reply_markup=markup)


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]


async def subscribe_command(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    target = await _target_chat(update, context, lang)
    if target is None:
        return ConversationHandler.END
    chat_id, title = target
    context.user_data[FLOW_KEY] = {"chat_id": chat_id, "title": title, "sub_id": None, "language": lang,
                                   "tz": DEFAULT_TZ, "at": DEFAULT_AT, "weekday": 0, "places": [], "topics": []}
    return await _ask_kind(update, context, lang)


async def change_button(update: Update, context: MonitorContext) -> int:
    """Change (under /subscriptions): the same steps, starting from the subscription's values."""
    query, services = update.callback_query, context.services
    lang = _lang(update, context)
    sub = _owned(services, query.data, query.message.chat.id)
    if sub is None or not await _may_manage(update, context, sub.chat_id):
        await query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return ConversationHandler.END
    context.user_data[FLOW_KEY] = {
        "chat_id": sub.chat_id, "title": None, "sub_id": sub.id, "language": sub.language or lang,
        "tz": sub.tz or DEFAULT_TZ, "at": sub.at or DEFAULT_AT, "weekday": sub.weekday or 0,
        "places": list(sub.places or ()), "topics": list(sub.topics or ()), "kind": sub.kind}
    return await _ask_kind(update, context, lang)


async def _ask_kind(update: Update, context: MonitorContext, lang: str) -> int:
    t = tr(lang)
    buttons = [InlineKeyboardButton(t.gettext(KIND_NAMES[k]), callback_data=f"{PREFIX}:k:{k}") for k in KIND_NAMES]
    await _say(update, t.gettext("How often should the digest come?"), [[b] for b in buttons] + [_cancel_row(lang)])
    return KIND


async def kind_button(update: Update, context: MonitorContext) -> int:
    lang, flow = _lang(update, context), _flow(context)
    kind = (update.callback_query.data or "").rsplit(":", 1)[-1]
    if kind not in KIND_NAMES or "chat_id" not in flow:
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return KIND
    flow["kind"] = kind
    if kind == "weekly":
        return await _ask_day(update, context, lang)
    if kind == "daily":
        return await _ask_time(update, context, lang)
    return await _ask_language(update, context, lang)  # "as soon as": no time, no time zone


async def _ask_day(update: Update, context: MonitorContext, lang: str) -> int:
    t = tr(lang)
    buttons = [InlineKeyboardButton(weekday_name(d, lang), callback_data=f"{PREFIX}:d:{d}") for d in range(7)]
    await _say(update, t.gettext("On which day of the week?"), _rows(buttons, 3) + [_cancel_row(lang)])
    return DAY


async def day_button(update: Update, context: MonitorContext) -> int:
    lang, flow = _lang(update, context), _flow(context)
    day = parse_id((update.callback_query.data or "").rsplit(":", 1)[-1])
    if day is None or not 0 <= day <= 6 or "chat_id" not in flow:
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return DAY
    flow["weekday"] = day
    return await _ask_time(update, context, lang)


async def _ask_time(update: Update, context: MonitorContext, lang: str) -> int:
    t = tr(lang)
    buttons = [InlineKeyboardButton(hhmm, callback_data=f"{PREFIX}:t:{hhmm.replace(':', '')}") for hhmm in TIME_BUTTONS]
    await _say(update, t.gettext("At what time? Press one, or type it, for example 07:30."),
               _rows(buttons, 3) + [_cancel_row(lang)])
    return TIME


async def time_button(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    at = parse_time((update.callback_query.data or "").rsplit(":", 1)[-1])
    if at is None or "chat_id" not in _flow(context):
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return TIME
    _flow(context)["at"] = at
    return await _ask_zone(update, context, lang)


async def time_typed(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    at = parse_time(update.effective_message.text or "")
    if at is None:
        await update.effective_message.reply_text(tr(lang).gettext(
            "That is not a time of day. Type it as HH:MM, for example 07:30, or /cancel."))
        return TIME
    _flow(context)["at"] = at
    return await _ask_zone(update, context, lang)


async def _ask_zone(update: Update, context: MonitorContext, lang: str) -> int:
    t = tr(lang)
    buttons = [InlineKeyboardButton(zone, callback_data=f"{PREFIX}:z:{i}") for i, zone in enumerate(ZONE_BUTTONS)]
    await _say(update, t.gettext("In which time zone? Press one, or type its name, for example Asia/Tashkent."),
               _rows(buttons, 2) + [_cancel_row(lang)])
    return ZONE


async def zone_button(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    index = parse_id((update.callback_query.data or "").rsplit(":", 1)[-1])
    if index is None or index >= len(ZONE_BUTTONS) or "chat_id" not in _flow(context):
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return ZONE
    _flow(context)["tz"] = ZONE_BUTTONS[index]
    return await _ask_language(update, context, lang)


async def zone_typed(update: Update, context: MonitorContext) -> int:
    lang = _lang(update, context)
    raw = (update.effective_message.text or "").strip()
    zone = parse_zone(raw)
    if zone is None:
        await update.effective_message.reply_text(tr(lang).gettext(
            "I do not know the time zone {zone}. Type a name like Asia/Almaty or Europe/Berlin, or /cancel.")
            .format(zone=raw[:60]))
        return ZONE
    _flow(context)["tz"] = zone
    return await _ask_language(update, context, lang)


async def _ask_language(update: Update, context: MonitorContext, lang: str) -> int:
    t, flow = tr(lang), _flow(context)
    current = flow.get("language") or lang
    buttons = [InlineKeyboardButton(("✓ " if code == current else "") + language_name(code, code),
                                    callback_data=f"{PREFIX}:l:{code}") for code in LANGUAGES]
    await _say(update, t.gettext("In which language?"), [buttons, _cancel_row(lang)])
    return LANG


async def language_button(update: Update, context: MonitorContext) -> int:
    lang, flow = _lang(update, context), _flow(context)
    code = (update.callback_query.data or "").rsplit(":", 1)[-1]
    if code not in LANGUAGES or "chat_id" not in flow:
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return LANG
    flow["language"] = code
    return await _ask_places(update, context, lang)


def _place_choices(services: Services) -> list[str]:
    stored = {p.code for p in services.store.entries.places()}
    return [code for code in PLACE_BUTTONS if code in stored or len(code) == 2]


async def _ask_places(update: Update, context: MonitorContext, lang: str) -> int:
    t, flow, services = tr(lang), _flow(context), context.services
    chosen = set(flow.get("places") or ())
    buttons = [InlineKeyboardButton(("✓ " if code in chosen else "") + _place_label(services, code, lang)[:30],
                                    callback_data=f"{PREFIX}:p:{i}") for i, code in enumerate(_place_choices(services))]
    rows = _rows(buttons, 2)
    rows.append([InlineKeyboardButton(t.gettext("All places"), callback_data=f"{PREFIX}:p:all"),
                 InlineKeyboardButton(t.gettext("Next"), callback_data=f"{PREFIX}:p:next")])
    rows.append(_cancel_row(lang))
    await _say(update, t.gettext("Which places? Press to choose (none chosen means all), then Next."), rows)
    return PLACES


async def _toggle_choice(update: Update, context: MonitorContext, field: str, choices: list[str],
                         state: int, ask_again, ask_next) -> int:  # noqa: ANN001
    """A multi-choice step (places, topics): a numbered button toggles one choice, "all" clears
    them (none means all), "next" moves on. The index is re-checked against today's choices."""
    lang, flow = _lang(update, context), _flow(context)
    choice = (update.callback_query.data or "").rsplit(":", 1)[-1]
    n = parse_id(choice)
    if "chat_id" not in flow or (choice not in {"next", "all"} and (n is None or n >= len(choices))):
        await update.callback_query.answer(tr(lang).gettext("This button has expired."), show_alert=True)
        return state
    if choice in {"next", "all"}:
        if choice == "all":
            flow[field] = []
        return await ask_next(update, context, lang)
    picked = choices[n]  # type: ignore[index]
    chosen = list(flow.get(field) or [])
    chosen.remove(picked) if picked in chosen else chosen.append(picked)
    flow[field] = chosen
    return await ask_again(update, context, lang)


async def places_button(update: Update, context: MonitorContext) -> int:
    return await _toggle_choice(update, context, "places", _place_choices(context.services), PLACES,
                                _ask_places, _ask_topics)


def _topic_choices(services: Services) -> list[str]:
    return [tp.key for tp in services.store.entries.topics()][:MAX_TOPIC_BUTTONS]


async def _ask_topics(update: Update, context: MonitorContext, lang: str) -> int:
    t, flow, services = tr(lang), _flow(context), context.services
    chosen = set(flow.get("topics") or ())
    labels = _topic_labels(services, lang)
    buttons = [InlineKeyboardButton(("✓ " if key in chosen else "") + labels.get(key, key)[:40],
                                    callback_data=f"{PREFIX}:o:{i}") for i, key in enumerate(_topic_choices(services))]
    rows = [[b] for b in buttons]
    rows.append([InlineKeyboardButton(t.gettext("All topics"), callback_data=f"{PREFIX}:o:all"),
                 InlineKeyboardButton(t.gettext("Next"), callback_data=f"{PREFIX}:o:next")])
    rows.append(_cancel_row(lang))
    await _say(update, t.gettext("Which topics? Press to choose (none chosen means all), then Next."), rows)
    return TOPICS


async def topics_button(update: Update, context: MonitorContext) -> int:
    return await _toggle_choice(update, context, "topics", _topic_choices(context.services), TOPICS,
                                _ask_topics, _confirm)


async def _confirm(update: Update, context: MonitorContext, lang: str) -> int:
    t, flow = tr(lang), _flow(context)
    text = describe(context.services, flow, lang)
    rows = [[InlineKeyboardButton(t.gettext("Save"), callback_data=f"{PREFIX}:save")], _cancel_row(lang)]
    await _say(update, t.gettext("Your digest:") + "\n" + text, rows)
    return CONFIRM


async def save_button(update: Update, context: MonitorContext) -> int:
    """Save: admin rights asked again (they may have changed since the flow began)."""
    query, services, flow = update.callback_query, context.services, _flow(context)
    lang = _lang(update, context)
    t = tr(lang)
    if "kind" not in flow:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return ConversationHandler.END
    if not await _may_manage(update, context, flow["chat_id"]):
        context.user_data.pop(FLOW_KEY, None)
        await query.answer(t.gettext("Only the chat's admins can subscribe it."), show_alert=True)
        return ConversationHandler.END
    values = {"at": flow["at"], "weekday": flow["weekday"] if flow["kind"] == "weekly" else None,
              "tz": flow["tz"], "language": flow["language"], "places": tuple(flow["places"]),
              "topics": tuple(flow["topics"])}
    try:
        if flow.get("sub_id"):
            sub = services.store.subscriptions.update(flow["sub_id"], kind=flow["kind"], **values)
        else:
            sub = services.store.subscriptions.add(flow["chat_id"], actor(update.effective_user.id), flow["kind"],
                                                  **values)
    except (KeyError, ValueError) as exc:
        log.info("subscription not saved: %r", exc)
        context.user_data.pop(FLOW_KEY, None)
        reason = error_text(exc, lang) if isinstance(exc, UserFacingError) else str(exc)
        await _say(update, t.gettext("The subscription could not be saved: {reason}").format(reason=reason))
        return ConversationHandler.END
    context.user_data.pop(FLOW_KEY, None)
    log.info("user %s %s subscription %s for chat %s", update.effective_user.id,
             "changed" if flow.get("sub_id") else "added", sub.id, flow["chat_id"])
    lines = [t.gettext("Subscribed.") if not flow.get("sub_id") else t.gettext("Subscription changed."),
             describe(services, sub, lang)]
    if sub is not None and sub.kind != "instant":
        due = next_due(sub, services.clock())
        local = due.astimezone(ZoneInfo(sub.tz)).strftime("%Y-%m-%d %H:%M")
        lines.append(t.gettext("The first digest: {when} ({zone}).").format(when=local, zone=sub.tz))
    lines.append(t.gettext("/digest shows it now; /subscriptions lists your subscriptions."))
    await _say(update, "\n".join(lines))
    return ConversationHandler.END


async def cancel(update: Update, context: MonitorContext) -> int:
    context.user_data.pop(FLOW_KEY, None)
    await _say(update, tr(_lang(update, context)).gettext("Cancelled. Nothing was saved."))
    return ConversationHandler.END


async def timed_out(update: Update, context: MonitorContext) -> None:
    context.user_data.pop(FLOW_KEY, None)


# --- /subscriptions ------------------------------------------------------------------------------

def _find(services: Services, sub_id: int) -> SubscriptionRecord | None:
    return services.store.subscriptions.get(sub_id)


def _owned(services: Services, data: str | None, chat_id: int) -> SubscriptionRecord | None:
    """The subscription a button names, if it belongs to the chat the button is in."""
    ident = parse_id((data or "").rsplit(":", 1)[-1])
    if ident is None:
        return None
    sub = _find(services, ident)
    return sub if sub is not None and sub.chat_id == chat_id else None


def _subscription_markup(sub: SubscriptionRecord, lang: str) -> InlineKeyboardMarkup:
    t = tr(lang)
    row = [InlineKeyboardButton(t.gettext("Change"), callback_data=f"{PREFIX}:chg:{sub.id}"),
           InlineKeyboardButton(t.gettext("Remove"), callback_data=f"{PREFIX}:rm:{sub.id}")]
    if sub.paused:
        row.insert(0, InlineKeyboardButton(t.gettext("Resume"), callback_data=f"{PREFIX}:on:{sub.id}"))
    return InlineKeyboardMarkup([row])


async def subscriptions_command(update: Update, context: MonitorContext) -> None:
    """This chat's subscriptions, one message each with Change / Remove (and Resume if paused)."""
    services, lang, message = context.services, _lang(update, context), update.effective_message
    t = tr(lang)
    subs = list(services.store.subscriptions.all(chat_id=update.effective_chat.id))
    if not subs:
        await message.reply_text(t.gettext("No subscriptions here yet. /subscribe sets one up."))
        return
    for n, sub in enumerate(subs, 1):
        await message.reply_text(f"{n}. " + describe(services, sub, lang), reply_markup=_subscription_markup(sub, lang))


async def manage_button(update: Update, context: MonitorContext) -> None:
    """Remove / Resume under /subscriptions (Change starts the flow)."""
    query, services = update.callback_query, context.services
    lang = _lang(update, context)
    t = tr(lang)
    sub = _owned(services, query.data, query.message.chat.id)
    if sub is None:
        await query.answer(t.gettext("This button has expired."), show_alert=True)
        return
    if not await _may_manage(update, context, sub.chat_id):
        await query.answer(t.gettext("Only the chat's admins can subscribe it."), show_alert=True)
        return
    verb = (query.data or "").split(":")[1]
    if verb == "rm":
        services.store.subscriptions.remove(sub.id)
        text = t.gettext("Subscription removed.")
    else:
        services.store.subscriptions.resume(sub.id)
        text = t.gettext("Subscription resumed.")
    log.info("user %s: %s subscription %s", query.from_user.id, verb, sub.id)
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError:
        pass
    await query.message.reply_text(text)


# --- /digest -------------------------------------------------------------------------------------

async def digest_command(update: Update, context: MonitorContext) -> None:
    """The next digest of each of this chat's subscriptions, now; nothing is marked as delivered."""
    services, lang, message = context.services, _lang(update, context), update.effective_message
    t = tr(lang)
    subs = list(services.store.subscriptions.all(chat_id=update.effective_chat.id))
    if not subs:
        await message.reply_text(t.gettext("No subscriptions here yet. /subscribe sets one up."))
        return
    now = services.clock()
    for n, sub in enumerate(subs, 1):
        parts = ledger.preview(services.store, sub, now)
        if not parts:
            await message.reply_text(t.gettext("Nothing new since the last digest.") + f"\n{n}. "
                                     + describe(services, sub, lang))
            continue
        head = html.escape(t.gettext("Preview of your next digest:"))
        for i, part in enumerate(parts):
            text = head + "\n\n" + part if i == 0 and len(head) + len(part) + 2 <= 4096 else part
            await send_html(message, text)


# --- wiring --------------------------------------------------------------------------------------

def conversation(timeout: float | None) -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    cancel_button = CallbackQueryHandler(cancel, pattern=rf"^{PREFIX}:cancel$")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)  # per_message=False: the flow follows the user
        return ConversationHandler(
            entry_points=[
                CommandHandler("subscribe", subscribe_command, filters=filters.UpdateType.MESSAGE),
                CallbackQueryHandler(change_button, pattern=rf"^{PREFIX}:chg:\d+$"),
            ],
            states={
                KIND: [CallbackQueryHandler(kind_button, pattern=rf"^{PREFIX}:k:"), cancel_button],
                DAY: [CallbackQueryHandler(day_button, pattern=rf"^{PREFIX}:d:"), cancel_button],
                TIME: [CallbackQueryHandler(time_button, pattern=rf"^{PREFIX}:t:"), MessageHandler(text, time_typed),
                       cancel_button],
                ZONE: [CallbackQueryHandler(zone_button, pattern=rf"^{PREFIX}:z:"), MessageHandler(text, zone_typed),
                       cancel_button],
                LANG: [CallbackQueryHandler(language_button, pattern=rf"^{PREFIX}:l:"), cancel_button],
                PLACES: [CallbackQueryHandler(places_button, pattern=rf"^{PREFIX}:p:"), cancel_button],
                TOPICS: [CallbackQueryHandler(topics_button, pattern=rf"^{PREFIX}:o:"), cancel_button],
                CONFIRM: [CallbackQueryHandler(save_button, pattern=rf"^{PREFIX}:save$"), cancel_button],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel), cancel_button],
            allow_reentry=True,
            per_user=True,
            per_chat=True,
            conversation_timeout=timeout,
            name="subscribe",
        )


def register(app: Application) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    only_new = filters.UpdateType.MESSAGE
    app.add_handler(conversation(services.conversation_timeout or None))
    app.add_handler(CommandHandler("subscriptions", subscriptions_command, filters=only_new))
    app.add_handler(CommandHandler("digest", digest_command, filters=only_new))
    app.add_handler(CallbackQueryHandler(manage_button, pattern=rf"^{PREFIX}:(rm|on):\d+$"))
