"""Telegram updates in the store — its `updates` repository: the update view (the one read an
update makes at its start, bot.store.database) and the update ids taken for processing, shared by
every process on one database.

`claim` is an atomic insert-or-skip (ON CONFLICT DO NOTHING on SQLite and PostgreSQL): exactly one
caller gets True for an id; `prune` forgets ids older than a cutoff.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import delete

from bot.store.database import Database, UpdateView
from bot.store.engine import dialect_insert
from bot.store.models import ProcessedUpdateRow

TABLE = ProcessedUpdateRow.__table__


@lru_cache(maxsize=4)
def _claim_for(dialect: str):  # noqa: ANN202 - a dialect's Insert, built once (see dialect_insert)
    return (dialect_insert(dialect)(TABLE).on_conflict_do_nothing(index_elements=["update_id"])
            .returning(TABLE.c.update_id))  # a row back: ours (rowcount is -1 on some drivers)


class Updates:
    """The update view and the shared claims of update ids (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db

    def begin(self, chat_id: int | None, user_id: int | None, now: datetime | None = None) -> UpdateView:
        """Read what an update needs in one statement and keep it for the rest of the update."""
        return self.db.begin_update(chat_id, user_id, now)

    async def begin_on_loop(self, chat_id: int | None, user_id: int | None,
                            now: datetime | None = None) -> UpdateView:
        """begin, from the event loop without a thread (bot.store.database.begin_update_on_loop)."""
        return await self.db.begin_update_on_loop(chat_id, user_id, now)

    def end(self) -> None:
        """Forget the view (the next reads go to the database until the next begin)."""
        self.db.end_update()

    def current(self) -> UpdateView | None:
        """The view of the update under way in this context, if any."""
        return self.db.current_view()

    def claim(self, update_id: int, now: datetime) -> bool:
        """True if this caller is the first to take `update_id` (then it must process it)."""
        engine = self.db.engine
        with engine.begin() as conn:
            return conn.execute(_claim_for(engine.dialect.name),
                                {"update_id": update_id, "seen_at": now}).first() is not None

    def prune(self, before: datetime) -> int:
        """Forget update ids taken before `before`; returns how many."""
        with self.db.engine.begin() as conn:
            return conn.execute(delete(TABLE).where(TABLE.c.seen_at < before)).rowcount
