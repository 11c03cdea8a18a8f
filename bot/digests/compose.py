"""What one digest contains: reports ingested, and estimates and laws added or changed, since the
subscription's last digest; filtered by its places and topics; minus what it already received;
grouped by place and topic. Pure reads: nothing is recorded here (ledger.py records).

Matching, decided here:
- places: a subscription's place covers the places within it and a group's members
  (KZ covers KZ-KAR; central-asia covers KZ, KG, ...). A law also reaches subscribers of the
  places within its jurisdiction (a Kazakh law concerns a Karagandy subscriber).
  A report matches when any of its places is covered; a report naming no place only reaches
  subscriptions without a place filter.
- topics: an estimate by its topic, a report or a law by its tags; no topics = everything.
- the window is (last digest - LOOKBACK, now]: the margin catches an import that committed after
  the last digest read the store; the delivery record keeps those items from coming twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import NamedTuple

from bot.store.records import (
    EstimateRecord,
    LawRecord,
    PlaceRecord,
    ReportRecord,
    SubscriptionRecord,
    TopicRecord,
)

LOOKBACK = timedelta(minutes=15)
_TOKENS = count(1)
ItemKey = tuple[str, str, int]
KIND_ORDER = {"estimate": 0, "law": 1, "report": 2}


class DigestItem(NamedTuple):
    """One thing new for a subscriber: a report, or an estimate or law added or changed.
    (A NamedTuple: a round over 10,000 subscriptions makes millions of these.)"""

    kind: str  # "report" | "estimate" | "law"
    record: ReportRecord | EstimateRecord | LawRecord
    place: str | None  # the group it is shown under
    topic: str | None
    changed_at: datetime
    is_new: bool = True  # added in the window (else changed)
    flagged: bool = False  # a report in which a figure was spotted (proposed to curators)
    order: tuple = ()  # sort key within its group (newest first within a kind)

    @property
    def key(self) -> ItemKey:
        """What the delivery record keeps: (kind, id, revision)."""
        return (self.kind, self.record.id, self.record.revision)


@dataclass(frozen=True)
class DigestGroup:
    place: str | None
    topic: str | None
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class Digest:
    """A subscription's digest: groups of items, and the names to render them with."""

    subscription_id: int
    chat_id: int
    language: str
    tz: str
    since: datetime
    until: datetime
    groups: tuple[DigestGroup, ...]
    places: dict[str, PlaceRecord] = field(default_factory=dict, repr=False)
    topics: dict[str, TopicRecord] = field(default_factory=dict, repr=False)
    names_token: int = 0  # which read of places/topics the names come from (render's cache key)
    shared_token: int = 0  # digests with the same (nonzero) token have the very same groups and names

    @property
    def items(self) -> list[DigestItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def keys(self) -> list[ItemKey]:
        return [item.key for item in self.items]

    def __len__(self) -> int:
        return sum(len(g.items) for g in self.groups)


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    record: ReportRecord | EstimateRecord | LawRecord
    places: tuple[str, ...]
    topics: tuple[str, ...]
    changed_at: datetime
    created_at: datetime | None
    flagged: bool
    key: ItemKey
    order: tuple
    first_topic: str | None  # the group topic when the subscription has no topic filter


def _order(kind: str, record, changed_at: datetime) -> tuple:  # noqa: ANN001
    if kind == "estimate":
        when = record.as_of or ""
    elif kind == "law":
        when = record.date or ""
    else:
        when = record.published or ""
    # newest first within a kind: negate the date's characters
    return (KIND_ORDER[kind], tuple(-ord(ch) for ch in when), -changed_at.timestamp(), record.id)


def _candidate(kind: str, record, places: tuple[str, ...], topics: tuple[str, ...], changed_at: datetime,  # noqa: ANN001
               created_at: datetime | None, flagged: bool, known_topics: dict) -> _Candidate:
    return _Candidate(kind, record, places, topics, changed_at, created_at, flagged,
                      (kind, record.id, record.revision), _order(kind, record, changed_at),
                      next((t for t in topics if t in known_topics), None))


class Geography:
    """Which store places lie within which, and which groups include which."""

    def __init__(self, places: Iterable[PlaceRecord]):
        self.children: dict[str, list[str]] = defaultdict(list)
        self.parent: dict[str, str] = {}
        self.members: dict[str, tuple[str, ...]] = {}
        for p in places:
            if p.within:
                self.children[p.within].append(p.code)
                self.parent[p.code] = p.within
            if p.includes:
                self.members[p.code] = p.includes
        self._covered: dict[str, frozenset[str]] = {}

    def covered(self, code: str) -> frozenset[str]:
        """The place, the places within it, and a group's members (and theirs)."""
        found = self._covered.get(code)
        if found is None:
            out: list[str] = []
            todo = [code]
            while todo:
                current = todo.pop()
                if current in out:
                    continue
                out.append(current)
                todo.extend(self.children.get(current, ()))
                todo.extend(self.members.get(current, ()))
            found = self._covered[code] = frozenset(out)
        return found

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        current = self.parent.get(code)
        while current and current not in out:
            out.append(current)
            current = self.parent.get(current)
        return out


class Changes:
    """Everything new in one window, loaded once and indexed by place: a round composes many
    digests from one of these."""

    def __init__(self, store, since: datetime, until: datetime):  # noqa: ANN001
        self.since, self.until = since, until
        self.places = {p.code: p for p in store.entries.places()}
        self.topics = {t.key: t for t in store.entries.topics()}
        self.geo = Geography(self.places.values())
        self.token = next(_TOKENS)  # names (places, topics) as of this read: render caches by it
        self.items: list[_Candidate] = []
        for report in store.subscriptions.digest_reports(since, until):
            self.items.append(_candidate("report", report, tuple(report.places), tuple(report.tags),
                                         report.ingested_at or until, report.ingested_at, report.has_figures,
                                         self.topics))
        for entry in store.subscriptions.digest_entries(since, until):
            rec = entry.record
            if entry.kind == "estimate":
                places, topics = (rec.place,), (rec.topic,)  # type: ignore[union-attr]
            else:
                places, topics = (rec.jurisdiction,), tuple(rec.tags)  # type: ignore[union-attr]
            self.items.append(_candidate(entry.kind, rec, places, topics, entry.changed_at, entry.created_at, False,
                                         self.topics))
        self.by_place: dict[str, list[_Candidate]] = defaultdict(list)
        for item in self.items:
            for code in dict.fromkeys(item.places):
                self.by_place[code].append(item)

    def for_subscription(self, sub: SubscriptionRecord, since: datetime, exclude: set[ItemKey]) -> list[DigestItem]:
        """The items new to one subscription since `since`, each placed in its group."""
        wanted: set[str] | None = None
        law_only: set[str] = set()
        if sub.places:
            wanted = set()
            for code in sub.places:
                wanted |= self.geo.covered(code)
            for code in sub.places:
                law_only.update(a for a in self.geo.ancestors(code) if a not in wanted)
        topics = set(sub.topics) or None
        if wanted is None:
            pool: Iterable[_Candidate] = self.items
        else:
            seen: dict[ItemKey, _Candidate] = {}
            for code in wanted:
                for c in self.by_place.get(code, ()):
                    seen.setdefault(c.key, c)
            for code in law_only:
                for c in self.by_place.get(code, ()):
                    if c.kind == "law":
                        seen.setdefault(c.key, c)
            pool = seen.values()
        seen_before = {(kind, id) for kind, id, _ in exclude} if exclude else set()  # a revision was delivered
        out: list[DigestItem] = []
        append = out.append
        for c in pool:
            if c.changed_at <= since or c.key in exclude:
                continue
            if topics is None:
                topic = c.first_topic
            elif topics.isdisjoint(c.topics):
                continue
            else:
                topic = next(t for t in c.topics if t in topics)
            places = c.places
            if wanted is None:
                place = places[0] if places else None
            elif len(places) == 1 or places[0] in wanted:
                place = places[0]  # it came from the pool by this place
            else:
                place = next((p for p in places if p in wanted or p in law_only), None)
            is_new = c.created_at is not None and c.created_at > since and (c.kind, c.record.id) not in seen_before
            append(DigestItem(c.kind, c.record, place, topic, c.changed_at, is_new, c.flagged, c.order))
        return out


def window_start(sub: SubscriptionRecord, now: datetime) -> datetime:
    """Where a subscription's window opens: its last digest (less LOOKBACK), else its creation."""
    if sub.last_digest_at is not None:
        start = sub.last_digest_at - LOOKBACK
        # never reach back before the subscription existed: a first digest sent within
        # LOOKBACK of subscribing must not bring older entries in the next one
        return max(start, sub.created_at) if sub.created_at else start
    return sub.created_at or now


def _by_order(item: DigestItem) -> tuple:
    return item.order


def group_items(items: Sequence[DigestItem]) -> tuple[DigestGroup, ...]:
    """Grouped by place, then topic (a group without a place or topic comes last)."""
    groups: dict[tuple[str | None, str | None], list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[(item.place, item.topic)].append(item)
    order = sorted(groups, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or ""))
    return tuple(DigestGroup(p, t, tuple(sorted(groups[(p, t)], key=_by_order))) for p, t in order)


class _Shared:
    """One filter's result (places, topics, window), grouped once and shared by every subscription
    with that filter; `variants` holds the few results left after a delivery record trims it."""

    __slots__ = ("groups", "token", "keys", "new_ids", "variants")

    def __init__(self, items: list[DigestItem]):
        self.groups = group_items(items)
        self.token = next(_TOKENS)  # digests with this token have identical groups (render reuses parts)
        self.keys = frozenset(item.key for item in items)
        self.new_ids = frozenset((item.kind, item.record.id) for item in items if item.is_new)
        self.variants: dict[tuple[frozenset, frozenset], tuple[tuple[DigestGroup, ...], int]] = {}

    def minus(self, exclude: set[ItemKey] | None) -> tuple[tuple[DigestGroup, ...], int]:
        """The groups less what this subscription already has: an excluded item drops out, and an
        item whose earlier revision it received reads as changed, not new (as for_subscription)."""
        if not exclude:
            return self.groups, self.token
        hits = self.keys.intersection(exclude)
        flips = self.new_ids.intersection({(kind, id) for kind, id, _ in exclude})
        if not hits and not flips:
            return self.groups, self.token
        variant = (frozenset(hits), frozenset(flips))
        found = self.variants.get(variant)
        if found is None:
            groups = []
            for group in self.groups:
                # filtering a sorted group keeps it sorted; is_new does not take part in the order
                items = tuple(item._replace(is_new=False) if item.is_new and (item.kind, item.record.id) in flips
                              else item for item in group.items if item.key not in hits)
                if items:
                    groups.append(DigestGroup(group.place, group.topic, items))
            found = self.variants[variant] = (tuple(groups), next(_TOKENS))
        return found


def _filter_key(sub: SubscriptionRecord, since: datetime) -> tuple:
    # the filter's result depends on the sets of places and topics, not their order
    return (frozenset(sub.places), frozenset(sub.topics), since)


def compose_many(store, subs: Sequence[SubscriptionRecord], now: datetime,  # noqa: ANN001
                 changes: Changes | None = None, shared: dict[tuple, _Shared] | None = None,
                 left: Counter | None = None) -> dict[int, Digest]:
    """Digests for many subscriptions from one read of what is new (those with nothing new are absent).

    Subscriptions with the same places, topics and window get the same items but for what each
    already received: the filter, grouping and sorting run once per such filter (most of a
    round's cost), and each subscription's delivery record is taken off afterwards."""
    if not subs:
        return {}
    now = now.astimezone(UTC)
    starts = {s.id: window_start(s, now) for s in subs}
    earliest = min(starts.values())
    if changes is None or changes.since > earliest or changes.until < now:
        changes = Changes(store, earliest, now)
    if not changes.items:
        return {}
    excluded = store.subscriptions.delivered_since([s.id for s in subs], earliest)
    shared = {} if shared is None else shared
    out: dict[int, Digest] = {}
    for sub in subs:
        since = starts[sub.id]
        filter_key = _filter_key(sub, since)
        found = shared.get(filter_key)
        if found is None:
            found = shared[filter_key] = _Shared(changes.for_subscription(sub, since, set()))
        if left is not None:  # chunks of one round: keep a shared result only while a later chunk needs it
            left[filter_key] -= 1
            if left[filter_key] <= 0:
                shared.pop(filter_key, None)
        groups, token = found.minus(excluded.get(sub.id))
        if groups:
            out[sub.id] = Digest(sub.id, sub.chat_id, sub.language, sub.tz, since, now, groups,
                                 changes.places, changes.topics, changes.token, token)
    return out


ROUND_CHUNK = 1000  # subscriptions composed (and rendered, and claimed) at a time in a round


def compose_chunks(store, subs: Sequence[SubscriptionRecord], now: datetime,  # noqa: ANN001
                   size: int = ROUND_CHUNK) -> Iterator[tuple[list[SubscriptionRecord], dict[int, Digest]]]:
    """compose_many over `subs` a chunk at a time, from ONE read of what is new: (chunk, its
    digests) each. A round's items are millions (10,000 subscriptions x 300 items); a chunk's are
    let go before the next is composed, so memory stays bounded by a chunk, not by the round.
    Subscriptions come ordered by filter, language and zone, so those that share a result (and its
    rendered parts: RoundRenderer) mostly fall in one chunk; a result a later chunk still needs is
    kept until then."""
    if not subs:
        return
    now = now.astimezone(UTC)
    starts = {s.id: window_start(s, now) for s in subs}
    changes = Changes(store, min(starts.values()), now)
    ordered = sorted(subs, key=lambda s: (sorted(s.places), sorted(s.topics), starts[s.id], s.language or "",
                                          s.tz or "", s.id))
    left = Counter(_filter_key(sub, starts[sub.id]) for sub in ordered)
    shared: dict[tuple, _Shared] = {}  # a filter's result, kept across chunks while `left` says it is wanted
    for start in range(0, len(ordered), size):
        chunk = ordered[start:start + size]
        yield chunk, compose_many(store, chunk, now, changes, shared, left)


def compose_digest(store, sub: SubscriptionRecord, now: datetime) -> Digest | None:  # noqa: ANN001
    """The subscription's digest as of `now`, or None when nothing is new for it."""
    return compose_many(store, [sub], now).get(sub.id)
