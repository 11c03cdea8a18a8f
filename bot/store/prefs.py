"""Per-user preferences (for now: the /language choice), Telegram-free.

Kept in the store's `person` table: the store's `people` repository is the Prefs of a store
(`people.language` / `people.set_language`; the issue-3 table of their own,
`monitorbot_user_prefs`, is folded into it by migration 0008). Reads are cached per process while
the store's "people" version holds (bot.store.database), so a /language choice made on one
instance applies on every other from its very next update. A store without people keeps them in
memory (tests, the console on a stand-in store).
"""

from __future__ import annotations

from typing import Any, Protocol


class Prefs(Protocol):
    def language(self, user_id: int) -> str | None: ...
    def set_language(self, user_id: int, lang: str | None) -> None: ...


class MemoryPrefs:
    """Preferences for the life of the process."""

    def __init__(self) -> None:
        self._languages: dict[int, str] = {}

    def language(self, user_id: int) -> str | None:
        return self._languages.get(user_id)

    def set_language(self, user_id: int, lang: str | None) -> None:
        if lang:
            self._languages[user_id] = lang
        else:
            self._languages.pop(user_id, None)


def prefs_for(store: Any) -> Prefs:
    """The store's people when it keeps them, else MemoryPrefs."""
    people = getattr(store, "people", None)
    if callable(getattr(people, "language", None)) and callable(getattr(people, "set_language", None)):
        return people
    return MemoryPrefs()
