"""Feeds in the store — its `feeds` repository: registering, pausing, polling state with back-off
and leases, and the atomic ingestion of one poll's reports (with the figures spotted in them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, or_, select, update

from bot.ids import looks_numeric, parse_id
from bot.store.candidates import candidate_values
from bot.store.database import Database
from bot.store.entries import Entries
from bot.store.models import CandidateRow, FeedRow
from bot.store.problems import ImportError_, ImportResult
from bot.store.records import FeedRecord
from bot.store.rows import aware, entry_keys, entry_table
from bot.store.validate import (
    MAX_URL_LENGTH,
    canonical_url,
    is_web_address,
    iso_countries,
    report_id_for,
    validate_document,
)

POLL_INTERVAL = timedelta(minutes=15)  # a healthy feed
MAX_BACKOFF = timedelta(hours=24)  # a feed failing for days is still tried once a day
MAX_ERROR = 500


def backoff(failures: int, interval: timedelta = POLL_INTERVAL) -> timedelta:
    """The wait before the next poll: `interval` (15 min) when healthy, doubled per consecutive
    failure, 24 h at most."""
    if failures <= 0:
        return interval
    return min(interval * (2 ** min(failures, 16)), max(MAX_BACKOFF, interval))


class FeedError(ValueError):
    """A feed write refused: `code` is "bad_url" | "exists" (then `feed` is the one registered)."""

    def __init__(self, code: str, message: str, feed: FeedRecord | None = None):
        super().__init__(message)
        self.code = code
        self.feed = feed


@dataclass
class IngestResult:
    """What one atomic ingestion stored: new report ids, those already there, candidates added."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids (or urls) already in the store
    candidates: int = 0
    dropped_places: dict[str, list[str]] = field(default_factory=dict)  # report id -> unknown codes left out


def _feed_record(row: Any) -> FeedRecord:
    return FeedRecord(
        id=row.id, url=row.url, title=row.title, added_by=row.added_by, added_at=aware(row.added_at),
        paused=bool(row.paused), etag=row.etag, last_modified=row.last_modified,
        last_polled_at=aware(row.last_polled_at), next_poll_at=aware(row.next_poll_at),
        consecutive_failures=row.consecutive_failures or 0, last_error=row.last_error,
        last_ok_at=aware(row.last_ok_at), reports_added=row.reports_added or 0)


class Feeds:
    """Feeds and their ingestion (see the module docstring); reports go in through `entries`."""

    _feed = FeedRow.__table__  # type: ignore[attr-defined]

    def __init__(self, db: Database, entries: Entries):
        self.db = db
        self.entries = entries
        self.interval: timedelta = POLL_INTERVAL  # a healthy feed's wait (MONITORBOT_FEED_INTERVAL)

    # --- registering --------------------------------------------------------------------

    def add(self, url: str, title: str | None = None, actor: str | None = None) -> FeedRecord:
        """Register a feed (polled at the next round); FeedError "bad_url" / "exists"."""
        url = (url or "").strip()
        if not is_web_address(url, MAX_URL_LENGTH):  # also what urlsplit refuses, and ports out of range
            raise FeedError("bad_url", f"not an http(s) feed address: {url[:200]!r}")
        existing = self.get(url)
        if existing is not None:
            raise FeedError("exists", f"the feed {existing.url} is registered already", existing)
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            conn.execute(insert(self._feed).values(
                url=url, title=(title or None) and title.strip()[:300], added_by=actor, added_at=now,
                paused=False, consecutive_failures=0, reports_added=0, next_poll_at=None))
        found = self.get(url)
        assert found is not None
        return found

    def all(self, include_paused: bool = True) -> list[FeedRecord]:
        """Every registered feed (by id) with its polling state: what curators see."""
        stmt = select(self._feed).order_by(self._feed.c.id)
        if not include_paused:
            stmt = stmt.where(self._feed.c.paused.is_(False))
        with self.db.engine.connect() as conn:
            return [_feed_record(row) for row in conn.execute(stmt)]

    def get(self, id_or_url: int | str) -> FeedRecord | None:
        """One feed by id, or by its address (compared in canonical form)."""
        ident = parse_id(id_or_url.strip() if isinstance(id_or_url, str) else id_or_url)
        if ident is not None:
            with self.db.engine.connect() as conn:
                row = conn.execute(select(self._feed).where(self._feed.c.id == ident)).first()
            return _feed_record(row) if row else None
        if not isinstance(id_or_url, str) or looks_numeric(id_or_url):
            return None  # "²", an id beyond int64: no feed has it
        wanted = canonical_url(str(id_or_url))
        for feed in self.all():
            if canonical_url(feed.url) == wanted:
                return feed
        return None

    def _feed_id(self, id_or_url: int | str) -> int | None:
        feed = self.get(id_or_url)
        return feed.id if feed else None

    def pause(self, id_or_url: int | str, actor: str | None = None) -> bool:
        """Stop polling a feed (kept, with its state); False when there is no such feed."""
        return self._set_paused(id_or_url, True)

    def resume(self, id_or_url: int | str, actor: str | None = None) -> bool:
        """Poll a paused (or backed-off) feed again at the next round."""
        return self._set_paused(id_or_url, False)

    def _set_paused(self, id_or_url: int | str, paused: bool) -> bool:
        fid = self._feed_id(id_or_url)
        if fid is None:
            return False
        values: dict[str, Any] = {"paused": paused}
        if not paused:
            values["next_poll_at"] = None  # a curator resuming wants it tried now, not after a back-off
        with self.db.engine.begin() as conn:
            conn.execute(update(self._feed).where(self._feed.c.id == fid).values(**values))
        return True

    def remove(self, id_or_url: int | str, actor: str | None = None) -> bool:
        """Forget a feed (the reports it brought stay); False when there is no such feed."""
        fid = self._feed_id(id_or_url)
        if fid is None:
            return False
        with self.db.engine.begin() as conn:
            conn.execute(delete(self._feed).where(self._feed.c.id == fid))
        return True

    # --- polling state ------------------------------------------------------------------

    def due(self, now: datetime | None = None) -> list[FeedRecord]:
        """Feeds to poll now: not paused, their time come, not leased by another poller."""
        now = now or self.db.clock()
        f = self._feed
        stmt = select(f).where(
            f.c.paused.is_(False),
            or_(f.c.next_poll_at.is_(None), f.c.next_poll_at <= now),
            or_(f.c.lease_until.is_(None), f.c.lease_until <= now),
        ).order_by(f.c.next_poll_at.is_(None).desc(), f.c.next_poll_at, f.c.id)
        with self.db.engine.connect() as conn:
            return [_feed_record(row) for row in conn.execute(stmt)]

    def claim(self, feed_id: int, owner: str, until: datetime, now: datetime | None = None) -> bool:
        """Take the feed's lease (one poller at a time, across processes); False if someone holds
        it, or if it is no longer due (a list of due feeds read before another process polled it)."""
        now = now or self.db.clock()
        f = self._feed
        with self.db.engine.begin() as conn:
            done = conn.execute(update(f).where(
                f.c.id == feed_id,
                f.c.paused.is_(False),
                or_(f.c.next_poll_at.is_(None), f.c.next_poll_at <= now),
                or_(f.c.lease_until.is_(None), f.c.lease_until <= now, f.c.lease_owner == owner),
            ).values(lease_owner=owner, lease_until=until))
        return done.rowcount == 1

    def release(self, feed_id: int, owner: str) -> None:
        f = self._feed
        with self.db.engine.begin() as conn:
            conn.execute(update(f).where(f.c.id == feed_id, f.c.lease_owner == owner)
                         .values(lease_owner=None, lease_until=None))

    def record_failure(self, feed_id: int, error: str, now: datetime | None = None) -> FeedRecord | None:
        """Count a failed poll: the error kept for curators, the next poll backed off."""
        now = now or self.db.clock()
        f = self._feed
        with self.db.engine.begin() as conn:
            row = conn.execute(select(f.c.consecutive_failures).where(f.c.id == feed_id)).first()
            if row is None:
                return None
            failures = (row[0] or 0) + 1
            conn.execute(update(f).where(f.c.id == feed_id).values(
                consecutive_failures=failures, last_error=error[:MAX_ERROR], last_polled_at=now,
                next_poll_at=now + backoff(failures, self.interval)))
        return self.get(feed_id)

    def _feed_ok(self, conn: Any, feed_id: int, now: datetime, *, etag: str | None, last_modified: str | None,
                 title: str | None, added: int) -> None:
        f = self._feed
        values: dict[str, Any] = {
            "consecutive_failures": 0, "last_error": None, "last_polled_at": now, "last_ok_at": now,
            "next_poll_at": now + backoff(0, self.interval), "etag": (etag or None) and etag[:500],
            "last_modified": (last_modified or None) and last_modified[:100],
            "reports_added": f.c.reports_added + added,
        }
        stmt = update(f).where(f.c.id == feed_id)
        if title:  # the feed's own title fills in a title the curator did not give
            conn.execute(update(f).where(f.c.id == feed_id, f.c.title.is_(None)).values(title=title[:300]))
        conn.execute(stmt.values(**values))

    def record_ok(self, feed_id: int, *, etag: str | None = None, last_modified: str | None = None,
                       title: str | None = None, now: datetime | None = None) -> None:
        """A poll that brought nothing new (304, or only known items): healthy again, validators kept."""
        now = now or self.db.clock()
        with self.db.engine.begin() as conn:
            self._feed_ok(conn, feed_id, now, etag=etag, last_modified=last_modified, title=title, added=0)

    def ingest(self, reports: list[dict], *, actor: str = "feed",
                       candidates: dict[str, list[dict]] | None = None, feed_id: int | None = None,
                       etag: str | None = None, last_modified: str | None = None,
                       feed_title: str | None = None) -> IngestResult:
        """Store new reports (interchange-format dicts) with their spotted candidates and, for a
        feed, its healthy state — all in one transaction. A report whose id (canonical URL) is
        already stored is a duplicate and left as it is (a curator may have edited it).
        Places the store does not know are left out of a report rather than refusing it.
        Raises ImportError_ (nothing written) when a report is invalid otherwise."""
        now = self.db.clock()
        result = IngestResult()
        with self.db.engine.begin() as conn:
            self.db.bump(conn)  # the write lock first: two pollers (or a curator) queue up
            known_places = entry_keys(conn, "place") | set(iso_countries())
            known_topics = entry_keys(conn, "topic")
            cleaned: list[dict] = []
            for raw in reports:
                entry = dict(raw)
                if "id" not in entry and entry.get("url"):
                    entry["id"] = report_id_for(entry["url"])
                if entry.get("places"):
                    keep = [p for p in entry["places"] if p in known_places]
                    gone = [p for p in entry["places"] if p not in known_places]
                    if gone:
                        result.dropped_places[str(entry.get("id"))] = gone
                    if keep:
                        entry["places"] = keep
                    else:
                        entry.pop("places")
                cleaned.append(entry)
            validated, problems = validate_document({"version": 1, "reports": cleaned}, known_places, known_topics)
            if problems:
                raise ImportError_(problems)
            entries = validated.entries["reports"]
            table = entry_table("report")
            ids = [e["id"] for e in entries]
            existing: set[str] = set()
            for i in range(0, len(ids), 500):
                existing |= set(conn.execute(select(table.c.id).where(table.c.id.in_(ids[i:i + 500]))).scalars())
            fresh = [e for e in entries if e["id"] not in existing]
            result.duplicates = [e["id"] for e in entries if e["id"] in existing]
            if fresh:
                self.entries.upsert_in(conn, "report", fresh, actor, now, False, ImportResult())
            result.added = [e["id"] for e in fresh]
            c = CandidateRow.__table__  # type: ignore[attr-defined]
            for rid in result.added:
                for cand in (candidates or {}).get(rid, []):
                    values = candidate_values(rid, cand, now)
                    if values["place"] not in known_places or values["topic"] not in known_topics:
                        continue
                    seen = conn.execute(select(c.c.id).where(c.c.fingerprint == values["fingerprint"])).first()
                    if seen is None:
                        conn.execute(insert(c).values(**values))
                        result.candidates += 1
            if feed_id is not None:
                self._feed_ok(conn, feed_id, now, etag=etag, last_modified=last_modified, title=feed_title,
                              added=len(result.added))
            if not fresh and feed_id is None:
                conn.rollback()  # nothing new: not even the generation moves
        return result



__all__ = ["Feeds", "FeedError", "IngestResult", "backoff", "POLL_INTERVAL", "MAX_BACKOFF"]
