"""Updates processed side by side, each chat's in the order they came.

PTB handles one update at a time by default: a curator's /report waiting 10 s on a slow site,
or a 50,000-entry import, held every other chat's question for as long. With this processor
up to `limit` updates run at once, while the updates of one chat (or, where there is no chat,
one user: inline queries) still run one after another, in order — so a conversation's steps
(ConversationHandler, pending confirmations) never race each other, which is what PTB's
warning about ConversationHandler and concurrent updates is about.

A chat waits for its turn *before* taking one of the `limit` places, so one chat flooding the
bot queues only itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_LIMIT = 64


def ordering_key(update: object) -> tuple[str, int] | None:
    """What must be served in order: the chat, else the user; None: nothing (not an Update)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one."""

    __slots__ = ("_lines",)

    def __init__(self, limit: int = DEFAULT_LIMIT):
        super().__init__(limit)
        self._lines: dict[tuple[str, int], list[Any]] = {}  # key -> [lock, users]

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await super().process_update(update, coroutine)
            return
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = [asyncio.Lock(), 0]
        line[1] += 1
        try:
            async with line[0]:  # FIFO: the chat's updates run in the order they arrived
                await super().process_update(update, coroutine)  # then one of the `limit` places
        finally:
            line[1] -= 1
            if line[1] == 0:
                del self._lines[key]  # no lock kept for a chat that has gone quiet

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB waits for the running updates itself."""

    @property
    def chats_in_flight(self) -> int:
        return len(self._lines)
