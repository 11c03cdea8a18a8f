"""Per-user preferences for the handlers: the store's (bot.store.prefs), re-exported here."""

from __future__ import annotations

from bot.store.prefs import MemoryPrefs, Prefs, prefs_for

__all__ = ["MemoryPrefs", "Prefs", "prefs_for"]
