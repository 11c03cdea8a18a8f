"""Who may do what: roles (admin from MONITORBOT_ADMINS, curator and member from the store) and
the access policy (MONITORBOT_ACCESS "team" or "open"). Checked on every update; the store caches
stored roles per process only while its "people" version holds (bot.store.database), so a change on
any instance applies to every instance's next update.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

# Telegram's stand-ins for senders that are not a person: "Telegram" (a linked channel's post
# copied into its discussion group), GroupAnonymousBot (an anonymous group admin) and Channel_Bot
# (a message sent as a channel). Many people write behind each, so none of them ever has a role.
TELEGRAM_SERVICE_ID = 777000
GROUP_ANONYMOUS_BOT_ID = 1087968824
CHANNEL_BOT_ID = 136817688
SERVICE_ACCOUNTS = frozenset({TELEGRAM_SERVICE_ID, GROUP_ANONYMOUS_BOT_ID, CHANNEL_BOT_ID})


class Role(StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    MEMBER = "member"


class _Settings(Protocol):
    admins: frozenset[int]
    access: str


class _People(Protocol):
    def role(self, user_id: int) -> str | None: ...
    def is_chat_allowed(self, chat_id: int | None) -> bool: ...


class _RoleStore(Protocol):
    people: _People


class AccessPolicy:
    """Roles and access for one bot: `AccessPolicy(settings, store, extra_admins=(0,))`.

    `extra_admins`: ids that are admins beyond settings.admins (the console's local user, id 0).
    Asks the store on each call (inside an update its answer comes from a cache the update's one
    read validated): a revoked role takes effect at once, in every worker.
    """

    def __init__(self, settings: _Settings, store: _RoleStore, extra_admins: Iterable[int] = ()):
        self.settings = settings
        self.store = store
        self.admins = frozenset(settings.admins) | frozenset(extra_admins)
        self.open = (settings.access or "team").lower() == "open"

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins and user_id not in SERVICE_ACCOUNTS

    def role_of(self, user_id: int | None) -> Role | None:
        """ADMIN for the configured ids, else the stored role (CURATOR, MEMBER), else None.
        Telegram's service accounts have none, whatever was configured or granted."""
        if user_id is None or user_id in SERVICE_ACCOUNTS:
            return None
        if user_id in self.admins:
            return Role.ADMIN
        stored = self.store.people.role(user_id)
        try:
            return Role(stored) if stored in (Role.CURATOR, Role.MEMBER) else None
        except ValueError:
            return None

    def may_curate(self, user_id: int | None) -> bool:
        return self.role_of(user_id) in (Role.ADMIN, Role.CURATOR)

    def may_ask(self, user_id: int | None, chat_id: int | None = None, chat_type: str | None = None) -> bool:
        """"open": anyone. "team": a member, curator or admin anywhere; anyone in a chat an admin
        allowed (a group allowed means its members may ask there). Inline queries have no chat."""
        if self.open:
            return True
        if self.role_of(user_id) is not None:
            return True
        if chat_id is None:
            return False
        if chat_type == "private" and chat_id != user_id:
            return False  # a private chat is the user's own: nobody else's allowance applies
        return self.store.people.is_chat_allowed(chat_id)

    def may_ask_as_chat(self, sender_chat_id: int | None) -> bool:
        """A message sent on behalf of a chat: an anonymous admin writes as the group itself, a
        "send as" message as a channel. No person can be looked up behind it, so under "team" the
        chat it is sent as must be allowed itself; the group it is posted in does not count."""
        if self.open:
            return True
        return sender_chat_id is not None and self.store.people.is_chat_allowed(sender_chat_id)
