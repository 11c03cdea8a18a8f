"""Subscription errors in the reader's language: SubscriptionError.code + params -> a gettext message."""

from __future__ import annotations

from bot.i18n import N_, tr, wording_of
from bot.store.subscriptions import SubscriptionError

MESSAGES: dict[str, str] = {
    "bad_kind": N_("Choose daily, weekly or instant, not {value}."),
    "bad_time": N_("{value} is not a time: use HH:MM, for example 08:00."),
    "bad_weekday": N_("Choose a day of the week."),
    "missing": N_("A weekly digest needs a day of the week."),
    "bad_timezone": N_("{value} is not a time zone: use a name such as Asia/Almaty."),
    "bad_language": N_("Choose en, ru or kk, not {value}."),
    "unknown_place": N_("Unknown place: {place}."),
    "unknown_topic": N_("Unknown topic: {topic}."),
    "too_many": N_("At most {limit} places or topics per subscription."),
    "unknown_key": N_("Unknown setting: {field}."),
}
FALLBACK = N_("The subscription's {field} is not valid.")


@wording_of(SubscriptionError)
def describe_subscription_error(error: SubscriptionError, lang: str) -> str:
    """One sentence naming what is wrong, in `lang`."""
    params = {"value": "", "place": "", "topic": "", "limit": "", **error.params}
    try:
        return tr(lang).gettext(MESSAGES.get(error.code, FALLBACK)).format(**params)
    except (KeyError, IndexError, ValueError):  # a catalog typo must not hide the problem
        return str(error)
