"""Per-user preferences (for now: the /language choice).

Kept in the store's people table (store.get_language / set_language) when the store has one;
else in a tiny table of its own on the store's engine (`monitorbot_user_prefs`, the issue-3
layout, whose rows are copied into the people table once); else in memory.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

import sqlalchemy as sa

log = logging.getLogger(__name__)


class Prefs(Protocol):
    def language(self, user_id: int) -> str | None: ...
    def set_language(self, user_id: int, lang: str | None) -> None: ...


class MemoryPrefs:
    """Preferences for the life of the process (tests, the console, a store without an engine)."""

    def __init__(self) -> None:
        self._languages: dict[int, str] = {}

    def language(self, user_id: int) -> str | None:
        return self._languages.get(user_id)

    def set_language(self, user_id: int, lang: str | None) -> None:
        if lang:
            self._languages[user_id] = lang
        else:
            self._languages.pop(user_id, None)


_metadata = sa.MetaData()
_table = sa.Table(
    "monitorbot_user_prefs",
    _metadata,
    sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("language", sa.String(8), nullable=True),
)


class SqlPrefs:
    """Preferences in the store's database; reads are cached (one row per user, tiny)."""

    def __init__(self, engine: sa.Engine, store: Any = None):
        self._engine = engine
        self._cache: dict[int, str | None] = {}
        self._lock = threading.Lock()
        # The store's people table when it has one (the /language choice lives with the person).
        self._store = store if callable(getattr(store, "get_language", None)) else None
        if self._store is None:
            _metadata.create_all(engine, checkfirst=True)
        else:
            self._adopt_legacy_rows()

    def _adopt_legacy_rows(self) -> None:
        """Copy choices saved by the issue-3 bot (its own table) into the people table, once."""
        if not sa.inspect(self._engine).has_table(_table.name):
            return
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(_table.c.user_id, _table.c.language)).all()
        for user_id, lang in rows:
            if lang and self._store.get_language(user_id) is None:
                self._store.set_language(user_id, lang)
        with self._engine.begin() as conn:
            conn.execute(_table.delete())

    def language(self, user_id: int) -> str | None:
        if user_id in self._cache:
            return self._cache[user_id]
        if self._store is not None:
            value = self._store.get_language(user_id)
        else:
            with self._engine.connect() as conn:
                value = conn.execute(sa.select(_table.c.language).where(_table.c.user_id == user_id)).scalar()
        self._cache[user_id] = value
        return value

    def set_language(self, user_id: int, lang: str | None) -> None:
        if self._store is not None:
            with self._lock:
                self._store.set_language(user_id, lang)
                self._cache[user_id] = lang
            return
        with self._lock, self._engine.begin() as conn:
            updated = conn.execute(_table.update().where(_table.c.user_id == user_id).values(language=lang)).rowcount
            if not updated:
                conn.execute(_table.insert().values(user_id=user_id, language=lang))
            self._cache[user_id] = lang


def prefs_for(store: Any) -> Prefs:
    """SqlPrefs on the store's engine when it has one, else MemoryPrefs."""
    engine = getattr(store, "engine", None)
    if isinstance(engine, sa.Engine):
        try:
            return SqlPrefs(engine, store)
        except sa.exc.SQLAlchemyError as exc:  # e.g. a read-only database: still answer questions
            log.warning("user preferences kept in memory: %s", exc)
    return MemoryPrefs()
