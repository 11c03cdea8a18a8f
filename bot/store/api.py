"""The Store: repositories over one Database, the one object the rest of the code uses to read and
change the store.

CONTRACT (other modules are written against these names; keep them):

    store = Store.open(url, schema=None, clock=None, migrate=True)
                                   # creates/migrates the schema (Alembic); schema: a PostgreSQL
                                   # schema to live in (tests)
    store.generation() -> int      # changes whenever anything in the store changes (used to
                                   # invalidate in-memory indexes; cheap to call)
    store.close()
    store.db                       # the Database: engine, reads engine, clock (bot.store.database)

    store.entries       estimates, laws, reports, places, topics (bot/store/entries.py)
        places(), topics(), estimates(places=None, topics=None, include_retracted=False),
        laws(jurisdictions=None, include_retracted=False), reports(since=None, limit=None),
        get(kind, id, include_retracted=False), report_by_url(url), history(kind, id) (oldest
        first), counts() -> {"estimates": n, "laws": n, "reports": n, "places": n, "topics": n},
        is_empty(), reports_since(ts), recent_reports(since), known_report_ids(ids);
        import_document(doc, *, actor="cli", dry_run=False) -> ImportResult (atomic; raises
        ImportError_ listing every problem), export_document(), export_yaml(),
        load_starter_if_empty(); retract(kind, id, reason, actor) (a non-empty reason, else
        ImportError_ naming the field "reason"), restore(kind, id, actor);
        validate(kind, data), save(kind, data, actor, mode="upsert"|"add"|"update"),
        update_field(kind, id, field, value, actor)
    store.people        people, roles, allowed chats, /language choices, audit (people.py)
        record_seen, get(user_id), find(username), role, set_role, revoke_role, with_roles,
        allow_chat, disallow_chat, allowed_chats, is_chat_allowed, language, set_language,
        audit_log; it is the store's bot.store.prefs.Prefs
    store.feeds         add (FeedError bad_url|exists), all(), get(id|url), pause, resume, remove,
                        due(now), claim/release (leases), record_failure, record_ok, ingest, interval
    store.candidates    add, add_many, find(status="pending"), get(id), estimate(id, overrides),
                        origins, accept(id, actor, overrides), dismiss(id, actor)
                        (CandidateError not_found|decided), reports_with_figures(ids)
    store.subscriptions add, get(id), all(chat_id, active_only), update, remove, pause(id, reason),
                        resume (SubscriptionError field+code), scheduled_due(now), last_change_at(),
                        and the digest ledger (protocol: bot/digests/ledger.py): digest_reports,
                        digest_entries, delivered_since, deliveries, claim_digest, pending_parts,
                        digest_parts, begin_part_send, mark_part_sent, drop_part
    store.leases        acquire, renew, release, holder, release_dead_holders
    store.context       remember, remember_many, note, last (a person's last question per chat)
    store.flows         of(chat, user), write, take_expired (flow state)
    store.updates       begin, enter, end, current (the update view: one read per update), and
                        claim(update_id, now), prune(before) (update ids shared by processes)

Each repository takes the Database and, where it needs one, another repository, passed in
(feeds, candidates -> entries; subscriptions -> candidates). Store has no other public methods
(tests/test_architecture.py checks).

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

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from bot.store import yamlio
from bot.store.candidates import Candidates
from bot.store.context import ChatContext
from bot.store.database import Database
from bot.store.engine import make_engine, startup_lock
from bot.store.entries import Entries
from bot.store.feeds import Feeds
from bot.store.flows import Flows
from bot.store.leases import Leases
from bot.store.people import People
from bot.store.problems import ImportError_, ImportResult, Problem
from bot.store.rows import to_record
from bot.store.subscriptions import Subscriptions
from bot.store.updates import Updates

__all__ = ["Problem", "ImportError_", "ImportResult", "Store", "MAX_IMPORT_BYTES", "to_record"]

MAX_IMPORT_BYTES = yamlio.MAX_IMPORT_BYTES


class Store:
    """The store's repositories over one database (see the module docstring for the contract)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] | None = None):
        self.db = Database(engine, clock=clock)
        self.entries = Entries(self.db)
        self.people = People(self.db)
        self.feeds = Feeds(self.db, self.entries)
        self.candidates = Candidates(self.db, self.entries)
        self.subscriptions = Subscriptions(self.db, self.candidates)
        self.leases = Leases(self.db)
        self.context = ChatContext(self.db)
        self.flows = Flows(self.db)
        self.updates = Updates(self.db)

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
        self.db.close()

    def generation(self) -> int:
        """Changes whenever anything in the store changes (inside an update: what its one read saw,
        unless this process changed the store since)."""
        return self.db.generation()
