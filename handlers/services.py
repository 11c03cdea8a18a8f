"""What every handler needs, handed in once: store, answerer, settings, clock, prefs.

Handlers reach these through `context.services` (see MonitorContext), never through globals.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram.ext import Application, CallbackContext, ExtBot

from bot import answering
from bot.access import AccessPolicy
from bot.answering import Answerer
from bot.answering.conversation import Conversation
from bot.config import Settings
from bot.store import Store
from handlers.prefs import Prefs
from handlers.tokens import WhyTokens

SERVICES_KEY = "services"


@dataclass
class Services:
    settings: Settings
    store: Store
    answerer: Answerer
    clock: Callable[[], datetime]
    prefs: Prefs
    why_tokens: WhyTokens = field(default_factory=WhyTokens)
    chart_tokens: WhyTokens = field(default_factory=lambda: WhyTokens(prefix="chart"))
    # Answer -> text; bot.answering's by default (a seam for tests while the core is swapped),
    # looked up when Services is built, so a test's stand-in renderer is the one taken.
    render: Callable[..., str] = field(default_factory=lambda: answering.render)
    render_why: Callable[..., str] = field(default_factory=lambda: answering.render_why)
    # Seconds an abandoned /add (or other guided) flow waits before it is dropped.
    conversation_timeout: float = 600.0
    # How delivery waits out a RetryAfter (tests swap in one that records instead of sleeping).
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _policy: AccessPolicy | None = None

    @property
    def admins(self) -> frozenset[int]:
        """MONITORBOT_ADMINS (admins are never stored: the environment decides)."""
        return self.settings.admins

    @property
    def policy(self) -> AccessPolicy:
        """The access rules over the settings and the store (asked afresh on every check)."""
        if self._policy is None:
            self._policy = AccessPolicy(self.settings, self.store)
        return self._policy

    @property
    def conversation(self) -> Conversation:
        """Questions answered in their chat's context (follow-ups)."""
        return Conversation(self.answerer, self.store, self.clock)


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
