"""Whether a group message is meant for the bot: a mention (@username or a text mention) or a
reply to one of its messages. Shared by the access gate and the question handlers."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.ext import filters


class AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot (@username or a text mention) or replies to it."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply and reply.from_user and reply.from_user.id == bot.id:
            return True
        return mentions_bot(message)


def mentions_bot(message: Message) -> bool:
    bot = message.get_bot()
    username = (bot.username or "").lower()
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == f"@{username}":
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def strip_mention(text: str, username: str | None) -> str:
    if not username:
        return text
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
