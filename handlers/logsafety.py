"""Keep the bot token out of every log line, traceback included (the logic lives in bot/logs.py).

PTB and httpx log request URLs, which contain the token (`.../bot<token>/getUpdates`).
We quieten those loggers and, belt and braces, mask the token in every record.
"""

from __future__ import annotations

from bot.logs import MASK, mask, protect_token

__all__ = ["MASK", "mask", "protect_token"]
