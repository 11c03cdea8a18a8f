"""Builders for the Bot API objects the fake server hands out (users, chats, messages, updates)
and the entities a Telegram client would attach to a user's text."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from tests.fakebotapi.telegram_html import utf16_len

_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")


def now() -> int:
    return int(time.time())


@dataclass
class FakeUser:
    """A Telegram user the tests speak as."""

    id: int
    first_name: str = "Analyst"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "ru"
    is_bot: bool = False

    def to_dict(self) -> dict:
        data: dict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeChat:
    """A chat the bot is in: private (id = the user's id), group, supergroup or channel."""

    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    members: dict[int, str] = field(default_factory=dict)  # user id -> status

    def to_dict(self) -> dict:
        data: dict = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        if self.first_name and self.type == "private":
            data["first_name"] = self.first_name
        return data

    def full_info(self) -> dict:
        """ChatFullInfo as getChat returns it (PTB 22 needs the colour and gift fields)."""
        data = self.to_dict()
        data.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return data


def text_entities(text: str, bot_username: str | None = None) -> list[dict]:
    """The entities a Telegram client attaches to typed text: a leading /command, @mentions, urls."""
    entities: list[dict] = []
    command = _COMMAND_RE.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
    for pattern, kind in ((_MENTION_RE, "mention"), (_URL_RE, "url")):
        for match in pattern.finditer(text):
            if command and match.start() < command.end():
                continue
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group(0)),
                }
            )
    entities.sort(key=lambda e: e["offset"])
    return entities


def message_dict(
    *,
    message_id: int,
    chat: FakeChat,
    sender: dict | None,
    text: str | None = None,
    entities: list[dict] | None = None,
    date: int | None = None,
    **extra: object,
) -> dict:
    """A Message object; channel posts have no `from`, so pass sender=None for those."""
    data: dict = {"message_id": message_id, "date": date or now(), "chat": chat.to_dict()}
    if sender is not None:
        data["from"] = sender
    if text is not None:
        data["text"] = text
        if entities:
            data["entities"] = entities
    data.update({k: v for k, v in extra.items() if v is not None})
    return data
