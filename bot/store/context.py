"""Chat context — the store's `context` repository: each person's last question per chat, for follow-ups.

`remember(chat_id, user_id, query, at)` keeps the last EFFECTIVE question (a follow-up
already merged; a JSON dict from bot.understanding.followup.to_dict) of one person in one chat;
`last(chat_id, user_id, since)` gives it back, or None when it is older than `since` (the
caller's window, CONTEXT_WINDOW by default). The row lives in the database, not in the process,
so a follow-up that a load balancer hands to another instance still finds it.

Decisions:
  * Key (chat_id, user_id): in a group each person keeps a thread of their own.
  * Upsert in one statement (ON CONFLICT DO UPDATE, SQLite and PostgreSQL); an older write never
    overwrites a newer one (two instances answering one person's messages out of order).
  * Pruning is cheap: a process's first write and every PRUNE_EVERY-th delete the rows older
    than PRUNE_AFTER, in a transaction of its own after the upsert commits (no transaction holds
    an upsert and a delete at once, so two instances cannot deadlock on each other's rows).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select

from bot.store.database import Database
from bot.store.engine import dialect_insert
from bot.store.models import ChatContextRow
from bot.store.rows import aware

CONTEXT_WINDOW = timedelta(minutes=30)  # a follow-up later than this starts afresh
PRUNE_AFTER = timedelta(days=1)  # rows this old are deleted ...
PRUNE_EVERY = 200  # ... by every 200th write of a process (one indexed DELETE; not one per question)
RECENT_KEPT = 1000  # people whose last question this process wrote (see note)
TABLE = ChatContextRow.__table__  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _upsert(dialect: str):  # noqa: ANN202 - a dialect's Insert, built once (see dialect_insert)
    stmt = dialect_insert(dialect)(TABLE)
    return stmt.on_conflict_do_update(
        index_elements=["chat_id", "user_id"],
        set_={"query": stmt.excluded.query, "at": stmt.excluded.at},
        where=TABLE.c.at <= stmt.excluded.at,
    )


class ChatContext:
    """Each person's last question per chat (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db
        self.writes = 0  # rows this process wrote: every PRUNE_EVERY-th write prunes
        # this process's own last writes, newest last: (chat, user) -> (query, at)
        self._recent: dict[tuple[int, int], tuple[dict, datetime]] = {}

    def remember(self, chat_id: int, user_id: int, query: dict[str, Any], at: datetime | None = None) -> None:
        """Keep `query` as the last question of `user_id` in `chat_id` (replacing an older one)."""
        self.remember_many([(chat_id, user_id, query, at)])

    def remember_many(self, rows: list[tuple[int, int, dict[str, Any], datetime | None]]) -> None:
        """remember for several people in one statement (the bot batches what its updates
        asked meanwhile: one round trip instead of one per question)."""
        if not rows:
            return
        now = self.db.clock()
        newest: dict[tuple[int, int], dict[str, Any]] = {}  # one row per person and chat in a statement
        for chat_id, user_id, query, at in rows:
            row = {"chat_id": chat_id, "user_id": user_id, "query": query, "at": aware(at or now)}
            known = newest.get((chat_id, user_id))
            if known is None or known["at"] <= row["at"]:
                newest[(chat_id, user_id)] = row
        params = list(newest.values())
        stmt = _upsert(self.db.engine.dialect.name)
        with self.db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # a context lost in a server crash costs one follow-up: no need to wait for the disk
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            conn.execute(stmt, params)
        at = max(p["at"] for p in params)
        before = self.writes
        self.writes = before + len(params)
        if any(n % PRUNE_EVERY == 1 for n in range(before + 1, self.writes + 1)):  # 1st, 201st, ...
            with self.db.engine.begin() as conn:
                conn.execute(delete(TABLE).where(TABLE.c.at < at - PRUNE_AFTER))

    def last(self, chat_id: int, user_id: int, since: datetime | None = None) -> dict[str, Any] | None:
        """The last question of `user_id` in `chat_id` if asked at or after `since` (default: within
        CONTEXT_WINDOW of the store's clock), else None."""
        since = aware(since) if since is not None else aware(self.db.clock()) - CONTEXT_WINDOW
        view = self.db.current_view()
        if view is not None and (view.chat_id, view.user_id) == (chat_id, user_id):
            found = view.context  # read with everything else at the update's start (bot.store.database)
        else:
            with self.db.reads.connect() as conn:
                row = conn.execute(select(TABLE.c.query, TABLE.c.at).where(
                    TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id)).first()
            found = (row.query, aware(row.at)) if row is not None else None
        mine = self._recent.get((chat_id, user_id))
        if mine is not None and (found is None or mine[1] > found[1]):
            found = mine  # this process's own write may still be on its way to the database
        if found is None or found[1] < since:
            return None
        return found[0] if isinstance(found[0], dict) else None

    def note(self, chat_id: int, user_id: int, query: dict[str, Any], at: datetime | None = None) -> None:
        """Remember `query` in this process at once, before remember writes it (which the bot
        does off the reply path): this process's next update of the person sees it either way."""
        recent = self._recent
        recent.pop((chat_id, user_id), None)
        recent[(chat_id, user_id)] = (query, aware(at or self.db.clock()))
        while len(recent) > RECENT_KEPT:
            recent.pop(next(iter(recent)), None)
