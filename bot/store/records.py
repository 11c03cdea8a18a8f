"""Plain, immutable views of store entries: what the core (understanding, answering,
digests) reads. They mirror the interchange format (shared/spec/curated-store.md) with
every text field normalised to a LocalText mapping.

Nothing here touches the database; bot.store.api turns rows into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.languages import CODES

# A text in one or more of en / ru / kk: {"en": "...", "ru": "..."}; never empty.
LocalText = dict[str, str]

EntryKind = Literal["estimate", "law", "report", "place", "topic"]


def pick_text(text: LocalText | None, lang: str) -> tuple[str, str] | None:
    """The text in `lang`, else in another language (en, ru, kk order); returns (text, its lang).

    The caller marks the text as being in another language when the two differ.
    """
    if not text:
        return None
    if text.get(lang):
        return text[lang], lang
    for other in CODES:
        if text.get(other):
            return text[other], other
    key, value = next(iter(text.items()))
    return value, key


@dataclass(frozen=True)
class Source:
    publication: LocalText | None = None
    date: str | None = None  # YYYY | YYYY-MM | YYYY-MM-DD
    title: LocalText | None = None
    url: str | None = None


@dataclass(frozen=True)
class PlaceRecord:
    """A place from the file's `places` (ISO countries come from CLDR, not from here)."""

    code: str  # ISO 3166-2 subdivision, ISO country (to extend its aliases), or lower-case group key
    name: LocalText
    aliases: dict[str, list[str]] = field(default_factory=dict)  # lang -> aliases
    within: str | None = None
    includes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicRecord:
    key: str
    label: LocalText
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # lang -> words


@dataclass(frozen=True)
class EstimateRecord:
    id: str
    topic: str
    place: str
    value: float | int | None = None  # exact figure
    low: float | int | None = None  # lower bound ("more than")
    high: float | int | None = None  # upper bound ("up to"); both: a range
    unit: str = "people"
    approx: bool = False  # the source says "about", "около", "шамамен", "~"
    as_of: str | None = None  # YYYY | YYYY-MM | YYYY-MM-DD
    estimator: LocalText | None = None
    source: Source | None = None
    note: LocalText | None = None
    tags: tuple[str, ...] = ()
    revision: int = 1
    retracted: bool = False


@dataclass(frozen=True)
class LawRecord:
    id: str
    jurisdiction: str
    title: LocalText
    number: str | None = None
    signed: str | None = None
    adopted: str | None = None
    in_force: str | None = None
    signed_by: LocalText | None = None
    status: str | None = None  # draft | adopted | signed | in-force | repealed
    summary: LocalText | None = None
    provisions: tuple[LocalText, ...] = ()
    source: Source | None = None
    tags: tuple[str, ...] = ()
    revision: int = 1
    retracted: bool = False

    @property
    def date(self) -> str | None:
        """The law's most telling date: signed, else adopted, else in force."""
        return self.signed or self.adopted or self.in_force


@dataclass(frozen=True)
class ReportRecord:
    id: str
    url: str
    title: LocalText | None = None
    publication: LocalText | None = None
    published: str | None = None
    language: str | None = None
    summary: LocalText | None = None
    text: LocalText | None = None
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    revision: int = 1
    retracted: bool = False
    # filled by store.entries.reports_since (elsewhere left as they are): when it entered the store (UTC),
    # and whether a figure was spotted in it (a pending or accepted candidate: digests flag it)
    ingested_at: datetime | None = None
    has_figures: bool = False


@dataclass(frozen=True)
class RevisionRecord:
    kind: EntryKind
    entry_id: str
    revision: int
    action: str  # create | update | retract | restore
    data: dict  # the entry as in the interchange format, at this revision
    changed_at: str  # ISO 8601 UTC
    changed_by: str | None = None  # "import:<file>", "tg:<user id>", "cli", ...
    reason: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """Someone the bot has seen. `role` is the stored one; admins come from the environment."""

    user_id: int
    username: str | None = None  # lower-case, without "@"
    display_name: str | None = None
    role: str | None = None  # "curator" | "member" | None
    language: str | None = None  # the /language choice
    client_language: str | None = None  # Telegram's language_code, as last seen
    first_seen: str | None = None  # ISO 8601 UTC
    last_seen: str | None = None
    role_granted_by: str | None = None
    role_granted_at: str | None = None


@dataclass(frozen=True)
class ChatRecord:
    """A chat an admin allowed (under access "team" its members may ask there)."""

    chat_id: int
    title: str | None = None
    allowed_by: str | None = None
    allowed_at: str | None = None


@dataclass(frozen=True)
class AuditRecord:
    """One grant, revocation, allowance or disallowance: who did what to whom, when."""

    at: str  # ISO 8601 UTC
    actor: str | None
    kind: str  # "person" | "chat"
    subject: str  # the user id or chat id
    action: str  # "grant" | "revoke" | "allow" | "disallow"
    detail: str | None = None  # the role granted, the chat's title


@dataclass(frozen=True)
class SaveResult:
    """What a single-entry write did: the entry as now stored and whether it changed."""

    kind: EntryKind
    id: str  # the entry's id (code for a place, key for a topic)
    action: str  # "create" | "update" | "unchanged"
    revision: int
    record: object  # the EstimateRecord / LawRecord / ... as stored now
    retracted: bool = False  # the entry is retracted (saving does not bring it back)

    @property
    def changed(self) -> bool:
        return self.action != "unchanged"


@dataclass(frozen=True)
class FeedRecord:
    """A registered RSS/Atom feed and how polling it goes (times are aware UTC datetimes)."""

    id: int
    url: str
    title: str | None = None
    added_by: str | None = None
    added_at: datetime | None = None
    paused: bool = False
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    next_poll_at: datetime | None = None  # None: poll as soon as possible
    consecutive_failures: int = 0
    last_error: str | None = None  # "code: detail" of the last failure (see bot.ingest.poller)
    last_ok_at: datetime | None = None
    reports_added: int = 0

    @property
    def status(self) -> str:
        """"paused" | "failing" (the last poll failed) | "ok" | "new" (never polled)."""
        if self.paused:
            return "paused"
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_ok_at else "new"


@dataclass(frozen=True)
class CandidateRecord:
    """A figure spotted in a report, for a curator to accept (it becomes an estimate) or dismiss."""

    id: int
    report_id: str
    place: str
    topic: str
    value: float | int | None = None
    low: float | int | None = None
    high: float | int | None = None
    unit: str = "people"
    qualifier: str | None = None  # "about" | "more-than" | "up-to" | "at-least" | ... as the sentence says
    sentence: str = ""
    language: str | None = None
    status: str = "pending"  # pending | accepted | dismissed
    created_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    estimate_id: str | None = None  # set when accepted


@dataclass(frozen=True)
class SubscriptionRecord:
    """A chat's digest subscription (times are aware UTC datetimes; `at` is local to `tz`)."""

    id: int
    chat_id: int
    kind: str  # "daily" | "weekly" | "instant"
    at: str = "08:00"  # "HH:MM" local
    weekday: int | None = None  # 0 = Monday .. 6 = Sunday (weekly only)
    tz: str = "Asia/Almaty"
    language: str = "ru"
    places: tuple[str, ...] = ()  # none: every place
    topics: tuple[str, ...] = ()  # none: every topic
    paused: bool = False
    paused_reason: str | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    last_digest_at: datetime | None = None  # the window cursor: `now` of the last claimed digest
    next_due_at: datetime | None = None
    claims: int = 0  # how many digests were claimed (an optimistic-lock counter)


@dataclass(frozen=True)
class DigestPartRecord:
    """One claimed digest message: to send (sent_at None) or sent; `items` it carries as (kind, id, rev)."""

    id: int
    subscription_id: int
    chat_id: int
    seq: int  # 1-based within its round
    total: int
    text: str
    items: tuple[tuple[str, str, int], ...]
    round_at: datetime
    attempts: int = 0  # > 0 while unsent: a Bot API call began and may have succeeded
    sent_at: datetime | None = None
    message_id: int | None = None
    language: str = "ru"

    @property
    def maybe_sent(self) -> bool:
        """True when an earlier send may have reached the chat (the send-then-mark window)."""
        return self.sent_at is None and self.attempts > 0
