"""The Store facade: the one object the rest of the code uses to read and change the store.

CONTRACT (other modules are written against these signatures; keep them):

    store = Store.open(url)            # creates/migrates the schema (Alembic), returns a Store
    store.generation() -> int          # changes whenever anything in the store changes
                                       # (used to invalidate in-memory indexes; cheap to call)
    store.is_empty() -> bool

    # reads (never return retracted entries unless include_retracted=True)
    store.places() -> list[PlaceRecord]
    store.topics() -> list[TopicRecord]
    store.estimates(places=None, topics=None, include_retracted=False) -> list[EstimateRecord]
    store.laws(jurisdictions=None, include_retracted=False) -> list[LawRecord]
    store.reports(since=None, limit=None) -> list[ReportRecord]
    store.get(kind, id) -> record | None
    store.history(kind, id) -> list[RevisionRecord]  (oldest first)
    store.counts() -> dict[str, int]   # {"estimates": n, "laws": n, "reports": n, "places": n, "topics": n}

    # writes
    store.import_document(doc: dict | bytes | str, *, actor="cli", dry_run=False) -> ImportResult
        # atomic; raises ImportError_ listing every problem (entry + field + what was expected)
    store.export_document() -> dict   # the whole store in the interchange format (version 1)
    store.export_yaml() -> str
    store.load_starter_if_empty() -> ImportResult | None

ADDITIONS (beyond the contract):

    Store.open(url, schema=None, clock=None)   # schema: PostgreSQL schema to live in (tests)
    store.retract(kind, id, reason, actor) -> record    # vanishes from reads, stays in history
    store.restore(kind, id, actor) -> record
    store.get(kind, id, include_retracted=False)
    store.report_by_url(url) -> ReportRecord | None     # by canonical url
    store.close()

    # curation (issue 4; see bot/curation/__init__.py for the contract handlers use)
    people.py:  record_seen, person, find_person, role, set_role, revoke_role, people_with_roles,
                allow_chat, disallow_chat, allowed_chats, is_chat_allowed, get_language,
                set_language, audit_log
    entries.py: validate_entry, save_entry(kind, data, actor, mode="upsert"|"add"|"update"),
                update_field(kind, id, field, value, actor)
    retract needs a non-empty reason (ImportError_ naming the field "reason" otherwise).

    # ingestion (issue 5)
    feeds.py:       add_feed(url, title, actor) (FeedError bad_url|exists), feeds(), feed(id|url),
                    pause_feed, resume_feed, remove_feed (id or url), due_feeds(now),
                    claim_feed/release_feed (leases), record_feed_failure, record_feed_ok,
                    reports_since(ts) (ingested_at, has_figures), recent_reports, ingest_reports
    candidates.py:  add_candidate(s), candidates(status="pending"), candidate(id),
                    candidate_estimate(id, overrides), accept_candidate(id, actor, overrides),
                    dismiss_candidate(id, actor) (CandidateError not_found|decided),
                    reports_with_figures(ids)

    # subscriptions and digests (issue 5; the protocol: bot/digests/ledger.py)
    subscriptions.py: add_subscription, subscription(id), subscriptions(chat_id, active_only),
                    update_subscription, remove_subscription, pause_subscription(id, reason),
                    resume_subscription (SubscriptionError field+code), scheduled_due(now),
                    last_change_at(), digest_reports/digest_entries(since, until),
                    delivered_since, deliveries(id), claim_digest, pending_parts, digest_parts,
                    begin_part_send, mark_part_sent, drop_part

Notes on behaviour:
- `kind` is "estimate" | "law" | "report" | "place" | "topic" (plural forms accepted).
- `estimates()` come newest `as_of` first, then by id; `laws()` by id; `reports()` newest
  `published` first. `since` is a date string (compared with `published`) or a datetime
  (compared with when the report was ingested).
- Reads of places, topics, estimates and laws are served from an in-process cache keyed by
  generation(): every read checks the generation (one indexed SELECT), so a question right
  after a change, by this process or another, sees the change.
- `is_empty()` is true when the store has never held an estimate or a law (retracted ones
  count: starter data must not come back after curators retracted everything).
- Import never brings back an entry a curator retracted: it stays retracted (a changed one
  gets a new revision); `ImportResult.kept_retracted` names them. Only `restore` undoes it.
- Export writes current, non-retracted entries, sorted by id (places by code, topics by key);
  retracted entries and earlier revisions live in history only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, bindparam, func, insert, select, update

from bot.store import records as r
from bot.store import yamlio
from bot.store.candidates import CandidateStore
from bot.store.context import ChatContextStore
from bot.store.engine import make_engine, reads_engine, startup_lock
from bot.store.entries import EntryWrites
from bot.store.feeds import FeedStore
from bot.store.flows import FlowStateStore
from bot.store.leases import LeaseStore
from bot.store.models import ENTRY_TABLES, MetaRow, RevisionRow
from bot.store.people import PeopleStore
from bot.store.problems import ImportError_, ImportResult, Problem
from bot.store.rows import KEY_COLUMN, Record, entry_kind, to_record
from bot.store.subscriptions import SubscriptionStore
from bot.store.validate import (
    KIND_OF_SECTION,
    KINDS,
    canonical_url,
    validate_document,
)

__all__ = ["Problem", "ImportError_", "ImportResult", "Store", "MAX_IMPORT_BYTES", "to_record"]

MAX_IMPORT_BYTES = yamlio.MAX_IMPORT_BYTES
STARTER_PATH = Path(__file__).resolve().parent.parent / "data" / "starter.yaml"
_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
# the row helpers live in a leaf module (rows.py) that every part of the store imports
_KEY_COLUMN = KEY_COLUMN
_kind = entry_kind


def _digest(data: dict) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def _iso(ts: datetime) -> str:
    if ts.tzinfo is None:  # SQLite hands back naive datetimes; the store writes UTC only
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _index_columns(kind: str, data: dict) -> dict[str, Any]:
    """The queryable columns of an entry row, taken from its canonical data."""
    if kind == "place":
        return {"code": data["code"], "within": data.get("within")}
    if kind == "topic":
        return {"key": data["key"]}
    if kind == "estimate":
        return {"id": data["id"], "topic": data["topic"], "place": data["place"], "as_of": data.get("as_of")}
    if kind == "law":
        when = data.get("signed") or data.get("adopted") or data.get("in_force")
        return {"id": data["id"], "jurisdiction": data["jurisdiction"], "year": int(when[:4]) if when else None}
    return {"id": data["id"], "url_canonical": canonical_url(data["url"]), "published": data.get("published")}


def _newest_first(records: list[r.EstimateRecord]) -> list[r.EstimateRecord]:
    records = sorted(records, key=lambda e: e.id)
    return sorted(records, key=lambda e: e.as_of or "", reverse=True)


@dataclass
class _Cache:
    """Parsed records of the small, hot kinds, valid for one generation."""

    generation: int
    places: list[r.PlaceRecord] | None = None
    topics: list[r.TopicRecord] | None = None
    laws: list[r.LawRecord] | None = None
    estimates: list[r.EstimateRecord] | None = None
    by_place: dict[str, list[r.EstimateRecord]] = field(default_factory=dict)
    by_topic: dict[str, list[r.EstimateRecord]] = field(default_factory=dict)


_GENERATION_SQL = f"SELECT value FROM {MetaRow.__tablename__} WHERE key = 'generation'"


class Store(PeopleStore, EntryWrites, FeedStore, CandidateStore, SubscriptionStore, LeaseStore, ChatContextStore,
            FlowStateStore):
    """The curated store over one database (see the module docstring for the contract)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        # One-statement reads on every update (generation, role, allowed chat, language): on
        # PostgreSQL without BEGIN/ROLLBACK around them (engine.reads_engine). Writes and
        # multi-statement reads keep `engine`.
        self.reads = reads_engine(engine)
        self.clock = clock or (lambda: datetime.now(UTC))
        self._cache = _Cache(generation=-1)

    @classmethod
    def open(cls, url: str, schema: str | None = None, *, clock: Callable[[], datetime] | None = None,
             migrate: bool = True) -> Store:
        """Open (and migrate to the latest schema) the store at `url`; `schema`: a PostgreSQL schema."""
        engine = make_engine(url, schema=schema)
        if migrate:
            from bot.store.migrations import upgrade_engine

            with startup_lock(engine):  # instances starting at once migrate one after another
                upgrade_engine(engine)
        return cls(engine, clock=clock)

    def close(self) -> None:
        self.close_views()
        self.engine.dispose()  # `reads` shares its pool

    # --- generation and cache -------------------------------------------------------------

    def generation(self) -> int:
        # Inside an update, the generation its one read at the start saw (bot.store.flows), unless
        # this process changed the store since. Otherwise a plain driver-level statement: the ORM
        # round trip cost more than the answer itself.
        view = self.current_view()
        if view is not None and view.generation is not None:
            return view.generation
        with self.reads.connect() as conn:
            return int(conn.exec_driver_sql(_GENERATION_SQL).scalar_one())

    def _fresh(self) -> _Cache:
        gen = self.generation()
        if self._cache.generation != gen:
            self._cache = _Cache(generation=gen)
        return self._cache

    def _load(self, kind: str, include_retracted: bool = False, where: Iterable = ()) -> list[Record]:
        table = self._table(kind)
        stmt = select(table.c.data, table.c.revision, table.c.retracted)
        if not include_retracted:
            stmt = stmt.where(table.c.retracted.is_(False))
        for clause in where:
            stmt = stmt.where(clause)
        stmt = stmt.order_by(table.c[_KEY_COLUMN[kind]])
        with self.engine.connect() as conn:
            return [to_record(kind, data, rev, bool(ret)) for data, rev, ret in conn.execute(stmt)]

    @staticmethod
    def _table(kind: str) -> Table:
        return ENTRY_TABLES[kind].__table__  # type: ignore[attr-defined]

    # --- reads ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            for kind in ("estimate", "law"):
                table = self._table(kind)
                if conn.execute(select(table.c.id).limit(1)).first() is not None:
                    return False
        return True

    def places(self) -> list[r.PlaceRecord]:
        cache = self._fresh()
        if cache.places is None:
            cache.places = self._load("place")  # type: ignore[assignment]
        return list(cache.places)

    def topics(self) -> list[r.TopicRecord]:
        cache = self._fresh()
        if cache.topics is None:
            cache.topics = self._load("topic")  # type: ignore[assignment]
        return list(cache.topics)

    def estimates(self, places: Iterable[str] | None = None, topics: Iterable[str] | None = None,
                  include_retracted: bool = False) -> list[r.EstimateRecord]:
        place_set = set(places) if places is not None else None
        topic_set = set(topics) if topics is not None else None
        if include_retracted:
            table = self._table("estimate")
            where = []
            if place_set is not None:
                where.append(table.c.place.in_(sorted(place_set)))
            if topic_set is not None:
                where.append(table.c.topic.in_(sorted(topic_set)))
            return _newest_first(self._load("estimate", True, where))  # type: ignore[arg-type]
        cache = self._fresh()
        if cache.estimates is None:
            cache.estimates = _newest_first(self._load("estimate"))  # type: ignore[arg-type]
            for e in cache.estimates:
                cache.by_place.setdefault(e.place, []).append(e)
                cache.by_topic.setdefault(e.topic, []).append(e)
        if place_set is None and topic_set is None:
            return list(cache.estimates)
        if place_set is not None and (topic_set is None or len(place_set) <= len(topic_set)):
            pool = [e for p in place_set for e in cache.by_place.get(p, ())]
        else:
            pool = [e for t in topic_set or () for e in cache.by_topic.get(t, ())]
        return _newest_first([e for e in pool if (place_set is None or e.place in place_set)
                              and (topic_set is None or e.topic in topic_set)])

    def laws(self, jurisdictions: Iterable[str] | None = None, include_retracted: bool = False) -> list[r.LawRecord]:
        wanted = set(jurisdictions) if jurisdictions is not None else None
        if include_retracted:
            found = self._load("law", True)
        else:
            cache = self._fresh()
            if cache.laws is None:
                cache.laws = self._load("law")  # type: ignore[assignment]
            found = cache.laws
        return [law for law in found if wanted is None or law.jurisdiction in wanted]  # type: ignore[misc]

    def reports(self, since: str | date | datetime | None = None, limit: int | None = None) -> list[r.ReportRecord]:
        table = self._table("report")
        stmt = select(table.c.data, table.c.revision).where(table.c.retracted.is_(False))
        if isinstance(since, datetime):
            stmt = stmt.where(table.c.ingested_at >= since)
        elif isinstance(since, date):
            stmt = stmt.where(table.c.published >= since.isoformat())
        elif since:
            stmt = stmt.where(table.c.published >= since)
        # reports without a publication date sort last
        stmt = stmt.order_by(table.c.published.is_(None), table.c.published.desc(), table.c.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [to_record("report", data, rev) for data, rev in conn.execute(stmt)]  # type: ignore[misc]

    def report_by_url(self, url: str) -> r.ReportRecord | None:
        table = self._table("report")
        stmt = select(table.c.data, table.c.revision).where(
            table.c.url_canonical == canonical_url(url), table.c.retracted.is_(False)).order_by(table.c.id)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return to_record("report", row[0], row[1]) if row else None  # type: ignore[return-value]

    def get(self, kind: str, id: str, include_retracted: bool = False) -> Record | None:
        kind = _kind(kind)
        table = self._table(kind)
        stmt = select(table.c.data, table.c.revision, table.c.retracted).where(table.c[_KEY_COLUMN[kind]] == id)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        if row is None or (row[2] and not include_retracted):
            return None
        return to_record(kind, row[0], row[1], bool(row[2]))

    def history(self, kind: str, id: str) -> list[r.RevisionRecord]:
        kind = _kind(kind)
        t = RevisionRow.__table__  # type: ignore[attr-defined]
        stmt = select(t).where(t.c.kind == kind, t.c.entry_id == id).order_by(t.c.revision, t.c.seq)
        with self.engine.connect() as conn:
            return [r.RevisionRecord(kind=row.kind, entry_id=row.entry_id, revision=row.revision,
                                     action=row.action, data=row.data, changed_at=_iso(row.changed_at),
                                     changed_by=row.changed_by, reason=row.reason)
                    for row in conn.execute(stmt)]

    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for section in ("estimates", "laws", "reports", "places", "topics"):
                table = self._table(KIND_OF_SECTION[section])
                out[section] = int(conn.execute(
                    select(func.count()).select_from(table).where(table.c.retracted.is_(False))).scalar_one())
        return out

    # --- writes ---------------------------------------------------------------------------

    def _bump(self, conn) -> None:  # noqa: ANN001
        m = MetaRow.__table__  # type: ignore[attr-defined]
        conn.execute(update(m).where(m.c.key == "generation").values(value=m.c.value + 1))
        self.store_changed()

    def import_document(self, doc: dict | bytes | str, *, actor: str = "cli", dry_run: bool = False) -> ImportResult:
        """Validate a whole document and upsert its entries by id in one transaction."""
        if not isinstance(doc, dict):
            try:
                doc = yamlio.load(doc)
            except yamlio.FileProblem as exc:
                raise ImportError_([Problem("file", "", str(exc), exc.code, dict(exc.params))]) from None
        with self.engine.connect() as conn:
            known_places = self._keys(conn, "place")
            known_topics = self._keys(conn, "topic")
        validated, problems = validate_document(doc, known_places, known_topics)
        if problems:
            raise ImportError_(problems)

        result = ImportResult()
        now = self.clock()
        with self.engine.begin() as conn:
            # Take the write lock first: concurrent imports queue up instead of interleaving.
            self._bump(conn)
            for section in KINDS:
                kind = KIND_OF_SECTION[section]
                counts = self._upsert(conn, kind, validated.entries[section], actor, now, dry_run, result)
                result.by_kind[section] = counts
                result.added += counts["added"]
                result.updated += counts["updated"]
                result.unchanged += counts["unchanged"]
            if dry_run or not result.changed:
                conn.rollback()  # nothing to keep, not even the generation bump
        return result

    def _keys(self, conn, kind: str) -> set[str]:  # noqa: ANN001
        table = self._table(kind)
        col = table.c[_KEY_COLUMN[kind]]
        return set(conn.execute(select(col).where(table.c.retracted.is_(False))).scalars())

    def _upsert(self, conn, kind: str, entries: list[dict], actor: str, now: datetime,  # noqa: ANN001
                dry_run: bool, result: ImportResult) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        if not entries:
            return counts
        table = self._table(kind)
        key = _KEY_COLUMN[kind]
        existing: dict[str, tuple[str, int, bool]] = {}
        ids = [e[key] for e in entries]
        for i in range(0, len(ids), _CHUNK):
            stmt = select(table.c[key], table.c.digest, table.c.revision, table.c.retracted).where(
                table.c[key].in_(ids[i:i + _CHUNK]))
            for k, digest, rev, retracted in conn.execute(stmt):
                existing[k] = (digest, rev, bool(retracted))
        inserts, updates, revisions = [], [], []
        for data in entries:
            digest = _digest(data)
            old = existing.get(data[key])
            if old is not None and old[2]:
                result.kept_retracted.append(f"{kind}:{data[key]}")
            if old is None:
                counts["added"] += 1
                row = {**_index_columns(kind, data), "data": data, "digest": digest, "revision": 1,
                       "retracted": False, "retracted_reason": None, "updated_at": now, "updated_by": actor}
                if kind == "report":
                    row["ingested_at"] = now
                inserts.append(row)
                revisions.append(self._revision_row(kind, data[key], 1, "create", data, now, actor))
            elif old[0] == digest:
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
                rev = old[1] + 1
                cols = _index_columns(kind, data)
                cols.pop(key)
                updates.append({"b_key": data[key], **cols, "data": data, "digest": digest, "revision": rev,
                                "updated_at": now, "updated_by": actor})
                revisions.append(self._revision_row(kind, data[key], rev, "update", data, now, actor))
        if dry_run:
            return counts
        if inserts:
            conn.execute(insert(table), inserts)
        if updates:
            conn.execute(update(table).where(table.c[key] == bindparam("b_key")), updates)
        if revisions:
            conn.execute(insert(RevisionRow.__table__), revisions)  # type: ignore[attr-defined]
        return counts

    @staticmethod
    def _revision_row(kind: str, entry_id: str, revision: int, action: str, data: dict, now: datetime,
                      actor: str | None, reason: str | None = None) -> dict:
        return {"kind": kind, "entry_id": entry_id, "revision": revision, "action": action, "data": data,
                "changed_at": now, "changed_by": actor, "reason": reason}

    def _set_retracted(self, kind: str, id: str, retract: bool, reason: str | None, actor: str | None) -> Record:
        kind = _kind(kind)
        table = self._table(kind)
        key = _KEY_COLUMN[kind]
        now = self.clock()
        with self.engine.begin() as conn:
            self._bump(conn)  # lock first, then read: no lost update between two curators
            row = conn.execute(select(table.c.data, table.c.revision, table.c.retracted)
                               .where(table.c[key] == id)).first()
            if row is None:
                raise KeyError(f"no {kind} with id {id!r}")
            data, rev, retracted = row[0], row[1], bool(row[2])
            if retracted == retract:  # already so: nothing changes, no revision
                conn.rollback()
                return to_record(kind, data, rev, retracted)
            conn.execute(update(table).where(table.c[key] == id).values(
                retracted=retract, retracted_reason=reason if retract else None, revision=rev + 1,
                updated_at=now, updated_by=actor))
            conn.execute(insert(RevisionRow.__table__), [self._revision_row(  # type: ignore[attr-defined]
                kind, id, rev + 1, "retract" if retract else "restore", data, now, actor, reason)])
        return to_record(kind, data, rev + 1, retract)

    def retract(self, kind: str, id: str, reason: str | None = None, actor: str | None = None) -> Record:
        """Withdraw an entry: it vanishes from reads and export, and stays in its history.

        A reason is required (history shows who, when and why): without one, ImportError_
        with the problem "missing" for the field "reason", and nothing changes."""
        if not isinstance(reason, str) or not reason.strip():
            raise ImportError_([Problem("", "reason", "missing: a retraction needs a reason", "missing",
                                        {"entry": "", "field": "reason"})])
        return self._set_retracted(kind, id, True, reason.strip(), actor)

    def restore(self, kind: str, id: str, actor: str | None = None, reason: str | None = None) -> Record:
        """Bring a retracted entry back, as it was."""
        return self._set_retracted(kind, id, False, reason, actor)

    # --- export ---------------------------------------------------------------------------

    def export_document(self) -> dict:
        """Current, non-retracted entries in the interchange format, sorted by id/code/key."""
        doc: dict[str, Any] = {"version": 1}
        with self.engine.connect() as conn:
            for section in KINDS:
                kind = KIND_OF_SECTION[section]
                table = self._table(kind)
                stmt = select(table.c.data).where(table.c.retracted.is_(False)).order_by(table.c[_KEY_COLUMN[kind]])
                rows = [data for (data,) in conn.execute(stmt)]
                # order by Python's string order, identical on every database collation
                doc[section] = sorted(rows, key=lambda d, k=_KEY_COLUMN[kind]: d[k])
        return doc

    def export_yaml(self) -> str:
        return yamlio.dump(self.export_document())

    def load_starter_if_empty(self) -> ImportResult | None:
        """Import the starter data set (bot/data/starter.yaml) into a store that has never had data."""
        with startup_lock(self.engine):  # two instances starting on an empty database: one loads it
            if not self.is_empty():
                return None
            return self.import_document(STARTER_PATH.read_bytes(), actor="starter")

