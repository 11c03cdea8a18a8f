"""Telegram update ids taken for processing, shared by every process on one database.

`claim_update` is an atomic insert-or-skip (ON CONFLICT DO NOTHING on SQLite and PostgreSQL):
exactly one caller gets True for an id; `prune_updates` forgets ids older than a cutoff.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete

from bot.store.models import ProcessedUpdateRow

TABLE = ProcessedUpdateRow.__table__


def _insert(engine: Engine):  # noqa: ANN202 - a dialect's Insert
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(TABLE)


def claim_update(engine: Engine, update_id: int, now: datetime) -> bool:
    """True if this caller is the first to take `update_id` (then it must process it)."""
    stmt = (_insert(engine).values(update_id=update_id, seen_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(TABLE.c.update_id))  # a row back: ours (rowcount is -1 on some drivers)
    with engine.begin() as conn:
        return conn.execute(stmt).first() is not None


def prune_updates(engine: Engine, before: datetime) -> int:
    """Forget update ids taken before `before`; returns how many."""
    with engine.begin() as conn:
        return conn.execute(delete(TABLE).where(TABLE.c.seen_at < before)).rowcount
