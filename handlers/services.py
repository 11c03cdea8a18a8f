"""What every handler needs, handed in once: store, answerer, settings, clock, prefs.

Handlers reach these through `context.services` (see MonitorContext), never through globals.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # Answer -> text; bot.answering's by default (a seam for tests while the core is swapped).
    render: Callable[..., str] | None = None
    render_why: Callable[..., str] | None = None

    def __post_init__(self) -> None:
        if self.render is None or self.render_why is None:
            from bot import answering

            self.render = self.render or answering.render
            self.render_why = self.render_why or answering.render_why

    @property
    def admins(self) -> frozenset[int]:
        """MONITORBOT_ADMINS; kept for the curator commands (everyone may ask for now)."""
        return self.settings.admins


class MonitorContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context of every handler: PTB's, plus `.services`."""

    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.bot_data[SERVICES_KEY]
