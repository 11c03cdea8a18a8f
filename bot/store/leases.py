"""Named leases shared by every process on one database — the store's `leases` repository.

A lease names a job only one process may run at a time (DIGEST_ROUND). `acquire` takes it
when it is free, lapsed, or already ours; the holder renews it as the work goes on; `release`
frees it at the end. A holder that dies simply stops renewing: after `until` another process takes
over. Both steps are single conditional UPDATEs on one row, so of two processes racing for a
lapsed lease exactly one gets a row back (PostgreSQL re-checks the WHERE on the row it waited for;
SQLite has one writer at a time).

A process killed (not stopped) leaves its leases to lapse, and the bot started again in its place
would wait that long before digests resume. So at start `release_dead_holders` frees the leases
(and feed leases) whose owner names a process of THIS host that no longer exists: owners are
"host:pid" by default (bot.config.default_instance), and `os.kill(pid, 0)` says whether the pid
lives. A holder on another host, or one whose name is not host:pid, is never touched.

`renew_in` does the renewal inside a caller's transaction: the digest ledger renews and marks a
part "being sent" in ONE commit, so a process that lost its lease can never start a send (the
fencing that makes a paused-then-woken holder harmless).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, or_, select, update

from bot.store.database import Database
from bot.store.engine import dialect_insert
from bot.store.models import FeedRow, LeaseRow
from bot.store.rows import aware

log = logging.getLogger(__name__)

DIGEST_ROUND = "digest-round"
TABLE = LeaseRow.__table__  # type: ignore[attr-defined]
FEEDS = FeedRow.__table__  # type: ignore[attr-defined]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def pid_exists(pid: int) -> bool:
    """Whether a process with this id exists on this host (signal 0 checks without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # it exists, under another user (or we cannot tell: alive)
        return True
    return True


def is_dead_local_owner(owner: str | None, *, host: str | None = None, me: int | None = None,
                        exists: Callable[[int], bool] = pid_exists) -> bool:
    """True only for an owner named "<this host>:<pid>" whose pid is not ours and no longer exists."""
    if not owner:
        return False
    name, sep, pid = owner.rpartition(":")
    if not sep or not pid.isascii() or not pid.isdigit() or len(pid) > 10:
        return False
    host = socket.gethostname() if host is None else host
    me = os.getpid() if me is None else me
    return name == host and int(pid) != me and int(pid) > 0 and not exists(int(pid))


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


class Leases:
    """Named leases (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db

    def acquire(self, name: str, owner: str, until: datetime, now: datetime | None = None) -> bool:
        """Take `name` until `until` if it is free, lapsed or ours; False when another holds it."""
        now = aware(now or self.db.clock())
        with self.db.engine.begin() as conn:
            conn.execute(dialect_insert(conn.dialect.name)(TABLE).values(name=name, owner=owner, until=now, taken_at=now)
                         .on_conflict_do_nothing(index_elements=["name"]))
            return bool(conn.execute(update(TABLE).where(
                TABLE.c.name == name, or_(TABLE.c.owner == owner, TABLE.c.until <= now))
                .values(owner=owner, until=aware(until), taken_at=now)).rowcount)

    def renew(self, name: str, owner: str, until: datetime, now: datetime | None = None) -> bool:
        """Keep holding `name` until `until`; False when it lapsed (another may hold it now)."""
        with self.db.engine.begin() as conn:
            return renew_in(conn, name, owner, aware(until), aware(now or self.db.clock()))

    def release(self, name: str, owner: str) -> None:
        """Free `name` if we hold it (the next process need not wait for it to lapse)."""
        with self.db.engine.begin() as conn:
            conn.execute(update(TABLE).where(TABLE.c.name == name, TABLE.c.owner == owner)
                         .values(until=EPOCH))

    def release_dead_holders(self, is_dead: Callable[[str], bool] = is_dead_local_owner,
                             now: datetime | None = None) -> list[str]:
        """Free every unexpired lease (named leases and feed leases) whose owner `is_dead` says is
        gone (default: a process of this host that no longer exists). Returns what was freed, as
        "lease-name (owner)" / "feed N (owner)"; each release is conditional on the same owner."""
        now = aware(now or self.db.clock())
        freed: list[str] = []
        with self.db.engine.begin() as conn:
            for row in conn.execute(select(TABLE.c.name, TABLE.c.owner).where(TABLE.c.until > now)).all():
                if is_dead(row.owner) and conn.execute(update(TABLE).where(
                        TABLE.c.name == row.name, TABLE.c.owner == row.owner).values(until=EPOCH)).rowcount:
                    freed.append(f"{row.name} ({row.owner})")
            for row in conn.execute(select(FEEDS.c.id, FEEDS.c.lease_owner).where(
                    FEEDS.c.lease_owner.is_not(None), FEEDS.c.lease_until > now)).all():
                if is_dead(row.lease_owner) and conn.execute(update(FEEDS).where(
                        FEEDS.c.id == row.id, FEEDS.c.lease_owner == row.lease_owner)
                        .values(lease_owner=None, lease_until=None)).rowcount:
                    freed.append(f"feed {row.id} ({row.lease_owner})")
        if freed:
            log.info("released the leases of processes that no longer exist: %s", ", ".join(freed))
        return freed

    def holder(self, name: str, now: datetime | None = None) -> str | None:
        """Who holds `name` now (None when free or lapsed)."""
        now = aware(now or self.db.clock())
        with self.db.engine.connect() as conn:
            row = conn.execute(select(TABLE.c.owner, TABLE.c.until).where(TABLE.c.name == name)).first()
        return row.owner if row is not None and aware(row.until) > now else None
