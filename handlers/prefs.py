"""Per-user preferences for the handlers: the store's (bot.store.prefs), re-exported here."""

from __future__ import annotations

from bot.store.prefs import MemoryPrefs, Prefs, StorePrefs, prefs_for

SqlPrefs = StorePrefs  # the name the issue-3 code and its tests use

__all__ = ["MemoryPrefs", "Prefs", "SqlPrefs", "StorePrefs", "prefs_for"]
