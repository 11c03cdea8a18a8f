"""What every handler needs, handed in once: store, answerer, settings, clock, prefs.

Handlers reach these through `context.services` (see MonitorContext), never through globals.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from handlers.prefs import Prefs
from handlers.tokens import WhyTokens

SERVICES_KEY = "services"


@dataclass
class Services:
    settings: Settings
    store: Any  # bot.store.Store
    answerer: Any  # bot.answering.Answerer
    clock: Callable[[], datetime]
    prefs: Prefs
    why_tokens: WhyTokens = field(default_factory=WhyTokens)
    chart_tokens: WhyTokens = field(default_factory=lambda: WhyTokens(prefix="chart"))
    # Answer -> text; bot.answering's by default (a seam for tests while the core is swapped).
    render: Callable[..., str] | None = None
    render_why: Callable[..., str] | None = None
    # Seconds an abandoned /add (or other guided) flow waits before it is dropped.
    conversation_timeout: float = 600.0
    # How delivery waits out a RetryAfter (tests swap in one that records instead of sleeping).
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _policy: Any = None

    def __post_init__(self) -> None:
        if self.render is None or self.render_why is None:
            from bot import answering

            self.render = self.render or answering.render
            self.render_why = self.render_why or answering.render_why

    @property
    def admins(self) -> frozenset[int]:
        """MONITORBOT_ADMINS (admins are never stored: the environment decides)."""
        return self.settings.admins

    @property
    def policy(self) -> Any:
        """bot.access.AccessPolicy over the settings and the store (asked afresh on every check)."""
        if self._policy is None:
            from bot.access import AccessPolicy

            self._policy = AccessPolicy(self.settings, self.store)
        return self._policy


def actor(user_id: int) -> str:
    """How a Telegram user is named in the store's revisions and role changes."""
    return f"tg:{user_id}"


class MonitorContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context of every handler: PTB's, plus `.services`."""

    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.bot_data[SERVICES_KEY]
