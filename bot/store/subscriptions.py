"""Subscriptions and the digest ledger's tables — the store's `subscriptions` repository: who gets
digests when, which digest parts are claimed and sent, and which items each subscription
received. The protocol over these methods is bot.digests.ledger's (read its docstring first).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, delete, func, insert, select, update

from bot.errors import UserFacingError
from bot.languages import CODES
from bot.store.candidates import Candidates
from bot.store.database import Database
from bot.store.leases import LeaseHold, LeaseLost, renew_in
from bot.store.models import (
    DeliveryRow,
    DigestPartRow,
    EstimateRow,
    LawRow,
    PlaceRow,
    ReportRow,
    RevisionRow,
    SubscriptionRow,
    TopicRow,
)
from bot.store.records import (
    DigestPartRecord,
    EstimateRecord,
    LawRecord,
    ReportRecord,
    SubscriptionRecord,
)
from bot.store.rows import aware, to_record
from bot.store.schedule import next_due
from bot.store.validate import iso_countries

KINDS = ("daily", "weekly", "instant")
LANGUAGES = CODES
DEFAULT_TZ = "Asia/Almaty"
MAX_FILTERS = 50  # places or topics one subscription may follow
_AT_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_CHUNK = 500  # ids per IN (...) list

_sub = SubscriptionRow.__table__  # type: ignore[attr-defined]
_part = DigestPartRow.__table__  # type: ignore[attr-defined]
_delivery = DeliveryRow.__table__  # type: ignore[attr-defined]
_revision = RevisionRow.__table__  # type: ignore[attr-defined]
_report = ReportRow.__table__  # type: ignore[attr-defined]
_ENTRY = {"estimate": EstimateRow.__table__, "law": LawRow.__table__}  # type: ignore[attr-defined]

ItemKey = tuple[str, str, int]  # (kind, id, revision): what the delivery table records


class SubscriptionError(ValueError, UserFacingError):
    """A subscription field is wrong: `field` names it, `code` says how (for a translated message)."""

    def __init__(self, field: str, code: str, message: str, **params: Any):
        self.field, self.code, self.params = field, code, {"field": field, **params}
        super().__init__(f"{field}: {message}")


def _sub_record(row) -> SubscriptionRecord:  # noqa: ANN001
    return SubscriptionRecord(
        id=int(row.id), chat_id=int(row.chat_id), kind=row.kind, at=row.at, weekday=row.weekday, tz=row.tz,
        language=row.language, places=tuple(row.places or ()), topics=tuple(row.topics or ()),
        paused=bool(row.paused), paused_reason=row.paused_reason, created_by=row.created_by,
        created_at=aware(row.created_at), last_digest_at=aware(row.last_digest_at),
        next_due_at=aware(row.next_due_at), claims=int(row.claims))


@dataclass(frozen=True)
class ChangedEntry:
    """An estimate or law added or changed in a window: its current record and when."""

    kind: str  # "estimate" | "law"
    record: EstimateRecord | LawRecord
    changed_at: datetime  # the newest create/update in the window
    created_at: datetime | None  # when it was created, if that was in the window


@dataclass(frozen=True)
class PartDraft:
    """A digest message to claim: its text and the items it carries."""

    text: str
    items: tuple[ItemKey, ...]


def _keys(items: Iterable[Sequence]) -> tuple[ItemKey, ...]:
    return tuple((str(k), str(i), int(r)) for k, i, r in items)


class Subscriptions:
    """Subscriptions and digest bookkeeping (see the module docstring); `candidates` flags the
    reports of a digest that carry a spotted figure."""

    def __init__(self, db: Database, candidates: Candidates):
        self.db = db
        self.candidates = candidates

    # --- validation -----------------------------------------------------------------------

    def _known_codes(self, conn, table, column: str) -> dict[str, str]:  # noqa: ANN001
        rows = conn.execute(select(table.c[column]).where(table.c.retracted.is_(False))).scalars()
        return {code.lower(): code for code in rows}

    def _clean(self, values: dict[str, Any], conn) -> dict[str, Any]:  # noqa: ANN001
        """Validated, normalised subscription fields (only those given); raises SubscriptionError."""
        out: dict[str, Any] = {}
        if "kind" in values:
            kind = str(values["kind"] or "").strip().lower()
            if kind not in KINDS:
                raise SubscriptionError("kind", "bad_kind", f"{kind!r} is not daily, weekly or instant", value=kind)
            out["kind"] = kind
        if "at" in values:
            at = str(values["at"] or "").strip().replace(".", ":")
            m = _AT_RE.match(at)
            if not m:
                raise SubscriptionError("at", "bad_time", f"{at!r} is not a time HH:MM", value=at)
            out["at"] = f"{int(m.group(1)):02d}:{m.group(2)}"
        if "weekday" in values:
            wd = values["weekday"]
            if wd is not None and (isinstance(wd, bool) or not isinstance(wd, int) or not 0 <= wd <= 6):
                raise SubscriptionError("weekday", "bad_weekday", f"{wd!r} is not 0 (Monday) .. 6 (Sunday)",
                                        value=str(wd))
            out["weekday"] = wd
        if "tz" in values:
            tz = str(values["tz"] or "").strip()
            try:
                if not tz or tz.startswith(("/", ".")) or ".." in tz:
                    raise ValueError(tz)
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                raise SubscriptionError("tz", "bad_timezone", f"{tz!r} is not a time zone (e.g. Asia/Almaty)",
                                        value=tz) from None
            out["tz"] = tz
        if "language" in values:
            lang = str(values["language"] or "").strip().lower()
            if lang not in LANGUAGES:
                raise SubscriptionError("language", "bad_language", f"{lang!r} is not en, ru or kk", value=lang)
            out["language"] = lang
        if "places" in values:
            known = {c.lower(): c for c in iso_countries()}
            known.update(self._known_codes(conn, PlaceRow.__table__, "code"))  # type: ignore[attr-defined]
            out["places"] = self._codes(values["places"], known, "places", "unknown_place", "place")
        if "topics" in values:
            known = self._known_codes(conn, TopicRow.__table__, "key")  # type: ignore[attr-defined]
            out["topics"] = self._codes(values["topics"], known, "topics", "unknown_topic", "topic")
        return out

    @staticmethod
    def _codes(raw: Any, known: dict[str, str], fld: str, code: str, what: str) -> list[str]:
        items = [raw] if isinstance(raw, str) else list(raw or ())
        out: list[str] = []
        for item in items:
            key = str(item).strip()
            canonical = known.get(key.lower())
            if canonical is None:
                raise SubscriptionError(fld, code, f"unknown {what} {key!r}", **{what: key})
            if canonical not in out:
                out.append(canonical)
        if len(out) > MAX_FILTERS:
            raise SubscriptionError(fld, "too_many", f"at most {MAX_FILTERS}", limit=str(MAX_FILTERS))
        return out

    @staticmethod
    def _check_schedule(row: dict[str, Any]) -> None:
        if row["kind"] == "weekly" and row.get("weekday") is None:
            raise SubscriptionError("weekday", "missing", "a weekly subscription needs a weekday")

    @staticmethod
    def _next_due(row: dict[str, Any], after: datetime) -> datetime:
        probe = SubscriptionRecord(id=0, chat_id=0, kind=row["kind"], at=row["at"], weekday=row.get("weekday"),
                                   tz=row["tz"])
        return next_due(probe, after)

    # --- subscriptions --------------------------------------------------------------------

    def add(self, chat_id: int, created_by: str | None, kind: str, *, at: str = "08:00",
                         weekday: int | None = None, tz: str = DEFAULT_TZ, language: str = "ru",
                         places: Iterable[str] = (), topics: Iterable[str] = ()) -> SubscriptionRecord:
        """A new subscription for a chat; its first digest covers what arrives from now on."""
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            row = self._clean({"kind": kind, "at": at, "weekday": weekday if kind == "weekly" else None,
                               "tz": tz, "language": language, "places": places, "topics": topics}, conn)
            self._check_schedule(row)
            row.update(chat_id=int(chat_id), created_by=(str(created_by)[:200] if created_by else None),
                       paused=False, paused_reason=None, created_at=now, last_digest_at=None, claims=0,
                       next_due_at=self._next_due(row, now))
            new_id = conn.execute(insert(_sub).values(**row).returning(_sub.c.id)).scalar_one()
        found = self.get(int(new_id))
        assert found is not None
        return found

    def get(self, id: int) -> SubscriptionRecord | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(_sub).where(_sub.c.id == id)).first()
        return _sub_record(row) if row else None

    def all(self, chat_id: int | None = None, active_only: bool = False) -> list[SubscriptionRecord]:
        """A chat's subscriptions (or everyone's), oldest first; active_only leaves out paused ones."""
        stmt = select(_sub).order_by(_sub.c.id)
        if chat_id is not None:
            stmt = stmt.where(_sub.c.chat_id == chat_id)
        if active_only:
            stmt = stmt.where(_sub.c.paused.is_(False))
        with self.db.engine.connect() as conn:
            return [_sub_record(row) for row in conn.execute(stmt)]

    def update(self, id: int, **changes: Any) -> SubscriptionRecord:
        """Change kind, at, weekday, tz, language, places or topics; the schedule is recomputed
        from now when a schedule field changes. KeyError when there is no such subscription."""
        allowed = {"kind", "at", "weekday", "tz", "language", "places", "topics"}
        unknown = set(changes) - allowed
        if unknown:
            name = sorted(unknown)[0]
            raise SubscriptionError(name, "unknown_key", f"unknown field {name!r}")
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            current = conn.execute(select(_sub).where(_sub.c.id == id)).first()
            if current is None:
                raise KeyError(f"no subscription {id}")
            clean = self._clean(changes, conn)
            merged = {"kind": current.kind, "at": current.at, "weekday": current.weekday, "tz": current.tz,
                      **clean}
            if merged["kind"] != "weekly":
                merged["weekday"] = None
            self._check_schedule(merged)
            values = {**clean, "weekday": merged["weekday"]}
            if any(merged[k] != getattr(current, k) for k in ("kind", "at", "weekday", "tz")):
                values["next_due_at"] = self._next_due(merged, now)
            conn.execute(update(_sub).where(_sub.c.id == id).values(**values))
        found = self.get(id)
        assert found is not None
        return found

    def remove(self, id: int) -> bool:
        """Delete a subscription with its unsent parts and its delivery record; False if absent."""
        with self.db.engine.begin() as conn:
            gone = conn.execute(delete(_sub).where(_sub.c.id == id)).rowcount
            conn.execute(delete(_part).where(_part.c.subscription_id == id))
            conn.execute(delete(_delivery).where(_delivery.c.subscription_id == id))
        return bool(gone)

    def pause(self, id: int, reason: str | None = None) -> bool:
        """Stop sending (e.g. the user blocked the bot); claimed parts wait. False if absent."""
        reason = (reason or "").strip()[:300] or None
        with self.db.engine.begin() as conn:
            return bool(conn.execute(update(_sub).where(_sub.c.id == id)
                                     .values(paused=True, paused_reason=reason)).rowcount)

    def resume(self, id: int) -> bool:
        """Start sending again: waiting parts go first, then a digest of all that came meanwhile."""
        now = self.db.clock()
        with self.db.engine.begin() as conn:
            row = conn.execute(select(_sub).where(_sub.c.id == id)).first()
            if row is None:
                return False
            due = self._next_due({"kind": row.kind, "at": row.at, "weekday": row.weekday, "tz": row.tz}, now)
            conn.execute(update(_sub).where(_sub.c.id == id).values(paused=False, paused_reason=None,
                                                                     next_due_at=due))
        return True

    def scheduled_due(self, now: datetime) -> list[SubscriptionRecord]:
        """Active daily/weekly subscriptions whose next_due_at <= now, plus every active instant one
        (bot.digests.schedule decides which instant ones have something new)."""
        stmt = select(_sub).where(_sub.c.paused.is_(False)).where(
            (_sub.c.kind == "instant") | (_sub.c.next_due_at <= now)).order_by(_sub.c.id)
        with self.db.engine.connect() as conn:
            return [_sub_record(row) for row in conn.execute(stmt)]

    def last_change_at(self) -> datetime | None:
        """When the newest report was ingested or estimate/law created or changed (UTC)."""
        with self.db.engine.connect() as conn:
            reports = conn.execute(select(func.max(_report.c.ingested_at))).scalar()
            entries = conn.execute(select(func.max(_revision.c.changed_at)).where(
                _revision.c.kind.in_(("estimate", "law")))).scalar()
        stamps = [aware(t) for t in (reports, entries) if t is not None]
        return max(stamps) if stamps else None  # type: ignore[type-var]

    # --- what is new ----------------------------------------------------------------------

    def digest_reports(self, since: datetime, until: datetime) -> list[ReportRecord]:
        """Reports ingested in (since, until], not retracted, with ingested_at and has_figures set."""

        stmt = (select(_report.c.data, _report.c.revision, _report.c.ingested_at)
                .where(_report.c.retracted.is_(False), _report.c.ingested_at > since, _report.c.ingested_at <= until)
                .order_by(_report.c.ingested_at, _report.c.id))
        with self.db.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        # a report carrying a spotted figure (pending or accepted candidate) is flagged in digests
        flagged = self.candidates.reports_with_figures([data["id"] for data, _, _ in rows]) if rows else set()
        out = []
        for data, rev, ingested in rows:
            rec = to_record("report", data, rev)
            out.append(replace(rec, ingested_at=aware(ingested), has_figures=data["id"] in flagged))  # type: ignore[type-var]
        return out

    def digest_entries(self, since: datetime, until: datetime) -> list[ChangedEntry]:
        """Estimates and laws created or updated in (since, until], as they are now (not retracted)."""

        stmt = (select(_revision.c.kind, _revision.c.entry_id, _revision.c.action, _revision.c.changed_at)
                .where(_revision.c.kind.in_(tuple(_ENTRY)), _revision.c.action.in_(("create", "update")),
                       _revision.c.changed_at > since, _revision.c.changed_at <= until))
        changed: dict[tuple[str, str], list] = {}
        with self.db.engine.connect() as conn:
            for kind, entry_id, action, at in conn.execute(stmt):
                at = aware(at)
                slot = changed.setdefault((kind, entry_id), [at, None])
                slot[0] = max(slot[0], at)
                if action == "create":
                    slot[1] = at
            out: list[ChangedEntry] = []
            for kind, table in _ENTRY.items():
                ids = sorted(i for k, i in changed if k == kind)
                for i in range(0, len(ids), _CHUNK):
                    rows = conn.execute(select(table.c.id, table.c.data, table.c.revision).where(
                        table.c.id.in_(ids[i:i + _CHUNK]), table.c.retracted.is_(False)))
                    for entry_id, data, rev in rows:
                        at, created = changed[(kind, entry_id)]
                        out.append(ChangedEntry(kind, to_record(kind, data, rev), at, created))  # type: ignore[arg-type]
        return out

    def delivered_since(self, subscription_ids: Iterable[int], since: datetime) -> dict[int, set[ItemKey]]:
        """Items delivered to each subscription at or after `since` (an item changed after `since`
        cannot have been delivered before it), plus items waiting in unsent claimed parts."""
        ids = sorted(set(subscription_ids))
        out: dict[int, set[ItemKey]] = defaultdict(set)
        with self.db.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i:i + _CHUNK]
                rows = conn.execute(select(_delivery.c.subscription_id, _delivery.c.item_kind, _delivery.c.item_id,
                                           _delivery.c.item_revision)
                                    .where(_delivery.c.subscription_id.in_(chunk), _delivery.c.sent_at >= since))
                for sid, kind, item, rev in rows:
                    out[int(sid)].add((kind, item, int(rev)))
                rows = conn.execute(select(_part.c.subscription_id, _part.c["items"]).where(
                    _part.c.subscription_id.in_(chunk), _part.c.sent_at.is_(None), _part.c.dropped_at.is_(None)))
                for sid, items in rows:
                    out[int(sid)].update(_keys(items))
        return out

    def deliveries(self, subscription_id: int) -> list[tuple[ItemKey, int | None]]:
        """Everything a subscription received: ((kind, id, revision), message id), in sending order."""
        stmt = (select(_delivery.c.item_kind, _delivery.c.item_id, _delivery.c.item_revision, _delivery.c.message_id)
                .where(_delivery.c.subscription_id == subscription_id).order_by(_delivery.c.seq))
        with self.db.engine.connect() as conn:
            return [((k, i, int(r)), None if m is None else int(m)) for k, i, r, m in conn.execute(stmt)]

    # --- the ledger (protocol: bot.digests.ledger) ---------------------------------------

    def claim_digest(self, subscription_id: int, claims_seen: int, now: datetime, next_due_at: datetime | None,
                     parts: Sequence[PartDraft]) -> list[DigestPartRecord] | None:
        """In one transaction: record the parts to send and move the subscription's cursor to `now`
        (and its next_due_at). None when another worker claimed it first (claims moved on)."""
        with self.db.engine.begin() as conn:
            moved = conn.execute(update(_sub).where(_sub.c.id == subscription_id, _sub.c.claims == claims_seen)
                                 .values(last_digest_at=now, next_due_at=next_due_at,
                                         claims=_sub.c.claims + 1)).rowcount
            if not moved:
                conn.rollback()
                return None
            for seq, draft in enumerate(parts, 1):
                conn.execute(insert(_part).values(
                    subscription_id=subscription_id, round_at=now, seq=seq, total=len(parts), text=draft.text,
                    items=[list(k) for k in draft.items], claimed_at=now, attempts=0))
        return self.pending_parts(subscription_id, round_at=now)

    def pending_parts(self, subscription_id: int | None = None, *, round_at: datetime | None = None,
                      include_paused: bool = False) -> list[DigestPartRecord]:
        """Claimed parts not yet sent (nor dropped), oldest round first, parts in order."""
        stmt = (select(_part, _sub.c.chat_id, _sub.c.language, _sub.c.paused)
                .join(_sub, _sub.c.id == _part.c.subscription_id)
                .where(_part.c.sent_at.is_(None), _part.c.dropped_at.is_(None))
                .order_by(_part.c.round_at, _part.c.subscription_id, _part.c.seq))
        if subscription_id is not None:
            stmt = stmt.where(_part.c.subscription_id == subscription_id)
        if round_at is not None:
            stmt = stmt.where(_part.c.round_at == round_at)
        if not include_paused:
            stmt = stmt.where(_sub.c.paused.is_(False))
        with self.db.engine.connect() as conn:
            return [self._part_record(row) for row in conn.execute(stmt)]

    def digest_parts(self, subscription_id: int) -> list[DigestPartRecord]:
        """Every part of a subscription, sent or not, in order (history; tests)."""
        stmt = (select(_part, _sub.c.chat_id, _sub.c.language, _sub.c.paused)
                .join(_sub, _sub.c.id == _part.c.subscription_id)
                .where(_part.c.subscription_id == subscription_id).order_by(_part.c.round_at, _part.c.seq))
        with self.db.engine.connect() as conn:
            return [self._part_record(row) for row in conn.execute(stmt)]

    @staticmethod
    def _part_record(row) -> DigestPartRecord:  # noqa: ANN001
        return DigestPartRecord(
            id=int(row.id), subscription_id=int(row.subscription_id), chat_id=int(row.chat_id), seq=int(row.seq),
            total=int(row.total), text=row.text, items=_keys(row.items), round_at=aware(row.round_at),  # type: ignore[arg-type]
            attempts=int(row.attempts), sent_at=aware(row.sent_at),
            message_id=None if row.message_id is None else int(row.message_id), language=row.language)

    def begin_part_send(self, part_id: int, now: datetime, lease: LeaseHold | None = None) -> bool:
        """Note that a Bot API call for the part begins; False when it is sent or dropped already.
        With `lease` (name, owner, seconds) the lease is renewed in the same commit, and LeaseLost
        raised (nothing written) when it lapsed: only the lease's holder ever starts a send."""
        with self.db.engine.begin() as conn:
            if lease is not None and not renew_in(conn, lease.name, lease.owner, lease.until(now), now):
                raise LeaseLost(f"lease {lease.name!r} is no longer held by {lease.owner!r}")
            return bool(conn.execute(update(_part).where(
                _part.c.id == part_id, _part.c.sent_at.is_(None), _part.c.dropped_at.is_(None))
                .values(attempts=_part.c.attempts + 1, attempted_at=now)).rowcount)

    def mark_part_sent(self, part_id: int, message_id: int | None, now: datetime) -> bool:
        """In one transaction: the part is sent, and each of its items is delivered (with the
        message id). False (and nothing written) when the part was marked already or is gone."""
        with self.db.engine.begin() as conn:
            row = conn.execute(select(_part.c.subscription_id, _part.c["items"]).where(_part.c.id == part_id)).first()
            if row is None:
                return False
            # the conditional update takes the row's write lock: a second marker waits, then sees 0 rows
            if not conn.execute(update(_part).where(and_(_part.c.id == part_id, _part.c.sent_at.is_(None)))
                                .values(sent_at=now, message_id=message_id)).rowcount:
                conn.rollback()
                return False
            sid, keys = int(row.subscription_id), _keys(row.items)
            existing: set[ItemKey] = set()
            ids = sorted({k[1] for k in keys})
            for i in range(0, len(ids), _CHUNK):
                existing.update((k, e, int(r)) for k, e, r in conn.execute(
                    select(_delivery.c.item_kind, _delivery.c.item_id, _delivery.c.item_revision).where(
                        _delivery.c.subscription_id == sid, _delivery.c.item_id.in_(ids[i:i + _CHUNK]))))
            rows = [{"subscription_id": sid, "item_kind": k, "item_id": e, "item_revision": r, "sent_at": now,
                     "message_id": message_id, "part_id": part_id}
                    for k, e, r in dict.fromkeys(keys) if (k, e, r) not in existing]
            if rows:
                conn.execute(insert(_delivery), rows)
        return True

    def drop_part(self, part_id: int, reason: str, now: datetime) -> bool:
        """Give up on an unsent part for good (a permanent error); its items are not delivered."""
        with self.db.engine.begin() as conn:
            return bool(conn.execute(update(_part).where(
                _part.c.id == part_id, _part.c.sent_at.is_(None), _part.c.dropped_at.is_(None))
                .values(dropped_at=now, dropped_reason=(reason or "")[:300] or None)).rowcount)
