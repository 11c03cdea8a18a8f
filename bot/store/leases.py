"""Named leases shared by every process on one database — a mixin of Store.

A lease names a job only one process may run at a time (DIGEST_ROUND). `acquire_lease` takes it
when it is free, lapsed, or already ours; the holder renews it as the work goes on; `release_lease`
frees it at the end. A holder that dies simply stops renewing: after `until` another process takes
over. Both steps are single conditional UPDATEs on one row, so of two processes racing for a
lapsed lease exactly one gets a row back (PostgreSQL re-checks the WHERE on the row it waited for;
SQLite has one writer at a time).

`renew_in` does the renewal inside a caller's transaction: the digest ledger renews and marks a
part "being sent" in ONE commit, so a process that lost its lease can never start a send (the
fencing that makes a paused-then-woken holder harmless).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, or_, select, update

from bot.store.engine import dialect_insert
from bot.store.feeds import aware
from bot.store.models import LeaseRow

DIGEST_ROUND = "digest-round"
TABLE = LeaseRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LeaseHold:
    """A lease we mean to hold: its name, our owner name, and how long each renewal keeps it."""

    name: str
    owner: str
    seconds: float

    def until(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.seconds)


class LeaseLost(RuntimeError):
    """The lease lapsed and another process may hold it now: stop the work, leave the rest to it."""


def renew_in(conn: Connection, name: str, owner: str, until: datetime, now: datetime) -> bool:
    """Within `conn`'s transaction: push our unexpired lease to `until`. False: not ours any more."""
    return bool(conn.execute(update(TABLE).where(
        TABLE.c.name == name, TABLE.c.owner == owner, TABLE.c.until > now).values(until=until)).rowcount)


class LeaseStore:
    """Lease methods of Store (see the module docstring)."""

    engine: Engine
    clock: Callable[[], datetime]

    def acquire_lease(self, name: str, owner: str, until: datetime, now: datetime | None = None) -> bool:
        """Take `name` until `until` if it is free, lapsed or ours; False when another holds it."""
        now = aware(now or self.clock())
        with self.engine.begin() as conn:
            conn.execute(dialect_insert(conn.dialect.name)(TABLE).values(name=name, owner=owner, until=now, taken_at=now)
                         .on_conflict_do_nothing(index_elements=["name"]))
            return bool(conn.execute(update(TABLE).where(
                TABLE.c.name == name, or_(TABLE.c.owner == owner, TABLE.c.until <= now))
                .values(owner=owner, until=aware(until), taken_at=now)).rowcount)

    def renew_lease(self, name: str, owner: str, until: datetime, now: datetime | None = None) -> bool:
        """Keep holding `name` until `until`; False when it lapsed (another may hold it now)."""
        with self.engine.begin() as conn:
            return renew_in(conn, name, owner, aware(until), aware(now or self.clock()))

    def release_lease(self, name: str, owner: str) -> None:
        """Free `name` if we hold it (the next process need not wait for it to lapse)."""
        with self.engine.begin() as conn:
            conn.execute(update(TABLE).where(TABLE.c.name == name, TABLE.c.owner == owner)
                         .values(until=datetime(1970, 1, 1, tzinfo=UTC)))

    def lease_holder(self, name: str, now: datetime | None = None) -> str | None:
        """Who holds `name` now (None when free or lapsed)."""
        now = aware(now or self.clock())
        with self.engine.connect() as conn:
            row = conn.execute(select(TABLE.c.owner, TABLE.c.until).where(TABLE.c.name == name)).first()
        return row.owner if row is not None and aware(row.until) > now else None
