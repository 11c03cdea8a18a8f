"""Telegram update ids taken for processing, shared by every process on one database.

`claim_update` is an atomic insert-or-skip (ON CONFLICT DO NOTHING on SQLite and PostgreSQL):
exactly one caller gets True for an id; `prune_updates` forgets ids older than a cutoff.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import Engine, delete

from bot.store.engine import dialect_insert
from bot.store.models import ProcessedUpdateRow

TABLE = ProcessedUpdateRow.__table__


@lru_cache(maxsize=4)
def _claim_for(dialect: str):  # noqa: ANN202 - a dialect's Insert, built once (see dialect_insert)
    return (dialect_insert(dialect)(TABLE).on_conflict_do_nothing(index_elements=["update_id"])
            .returning(TABLE.c.update_id))  # a row back: ours (rowcount is -1 on some drivers)


def claim_update(engine: Engine, update_id: int, now: datetime) -> bool:
    """True if this caller is the first to take `update_id` (then it must process it)."""
    with engine.begin() as conn:
        return conn.execute(_claim_for(engine.dialect.name), {"update_id": update_id, "seen_at": now}).first() is not None


def prune_updates(engine: Engine, before: datetime) -> int:
    """Forget update ids taken before `before`; returns how many."""
    with engine.begin() as conn:
        return conn.execute(delete(TABLE).where(TABLE.c.seen_at < before)).rowcount
