"""The store's tables (SQLModel): one per entry kind, the revision history, and a meta counter.

Every entry row keeps its canonical interchange dict in `data` (export writes it as is) plus
indexed columns for querying. Portable SQL only: the same tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class EntryColumns(SQLModel):
    """Columns every entry table has: its content, its revision and its retraction state."""

    data: dict = Field(sa_type=JSON, nullable=False)
    digest: str = Field(max_length=40, nullable=False)  # sha1 of the canonical data: cheap "unchanged?"
    revision: int = Field(default=1, nullable=False)
    retracted: bool = Field(default=False, nullable=False, index=True)
    retracted_reason: str | None = Field(default=None)
    updated_at: datetime = Field(nullable=False)
    updated_by: str | None = Field(default=None, max_length=200)


class PlaceRow(EntryColumns, table=True):
    __tablename__ = "place"
    code: str = Field(primary_key=True, max_length=200)
    within: str | None = Field(default=None, max_length=200)


class TopicRow(EntryColumns, table=True):
    __tablename__ = "topic"
    key: str = Field(primary_key=True, max_length=200)


class EstimateRow(EntryColumns, table=True):
    __tablename__ = "estimate"
    __table_args__ = (Index("ix_estimate_place_topic", "place", "topic"),)
    id: str = Field(primary_key=True, max_length=200)
    topic: str = Field(max_length=200, index=True)
    place: str = Field(max_length=200)
    as_of: str | None = Field(default=None, max_length=10)


class LawRow(EntryColumns, table=True):
    __tablename__ = "law"
    id: str = Field(primary_key=True, max_length=200)
    jurisdiction: str = Field(max_length=200, index=True)
    year: int | None = Field(default=None, index=True)  # year of the law's telling date


class ReportRow(EntryColumns, table=True):
    __tablename__ = "report"
    id: str = Field(primary_key=True, max_length=200)
    url_canonical: str = Field(index=True)
    published: str | None = Field(default=None, max_length=10, index=True)
    ingested_at: datetime = Field(nullable=False, index=True)


class RevisionRow(SQLModel, table=True):
    """Every version of every entry, kept for good: nothing in the store is ever lost."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("kind", "entry_id", "revision", name="uq_revision_entry"),
                      Index("ix_revision_changed_at", "changed_at"))  # digests read "changed since" (0004)
    seq: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    entry_id: str = Field(max_length=200)
    revision: int
    action: str = Field(max_length=20)  # create | update | retract | restore
    data: dict = Field(sa_type=JSON, nullable=False)
    changed_at: datetime = Field(nullable=False)
    changed_by: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None)


class MetaRow(SQLModel, table=True):
    """Named counters; 'generation' is bumped in the same transaction as any change."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=50)
    value: int = Field(default=0, nullable=False)


ENTRY_TABLES = {"place": PlaceRow, "topic": TopicRow, "estimate": EstimateRow, "law": LawRow, "report": ReportRow}


class PersonRow(SQLModel, table=True):
    """Someone the bot has seen: who they are, their stored role and their /language choice."""

    __tablename__ = "person"
    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    username: str | None = Field(default=None, max_length=64, index=True)  # lower-case, without "@"
    display_name: str | None = Field(default=None, max_length=300)
    role: str | None = Field(default=None, max_length=20)  # curator | member (admins come from the env)
    language: str | None = Field(default=None, max_length=8)  # the /language choice: en | ru | kk
    client_language: str | None = Field(default=None, max_length=16)  # Telegram's language_code
    first_seen: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    last_seen: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    role_granted_by: str | None = Field(default=None, max_length=200)
    role_granted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class AllowedChatRow(SQLModel, table=True):
    """A group (or any chat) an admin allowed: under access "team" its members may ask there."""

    __tablename__ = "allowed_chat"
    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    title: str | None = Field(default=None, max_length=300)
    allowed_by: str | None = Field(default=None, max_length=200)
    allowed_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)


class AuditRow(SQLModel, table=True):
    """Who granted or revoked a role, allowed or disallowed a chat, and when (kept for good)."""

    __tablename__ = "audit"
    seq: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False, index=True)
    actor: str | None = Field(default=None, max_length=200)
    kind: str = Field(max_length=20)  # person | chat
    subject: str = Field(max_length=40, index=True)  # the user id or chat id, as text
    action: str = Field(max_length=20)  # grant | revoke | allow | disallow
    detail: str | None = Field(default=None, max_length=300)  # the role granted, the chat title


class FeedRow(SQLModel, table=True):
    """An RSS/Atom feed curators registered: its conditional-request state, back-off and lease."""

    __tablename__ = "feed"
    __table_args__ = (UniqueConstraint("url", name="uq_feed_url"),)
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    title: str | None = Field(default=None, max_length=300)
    added_by: str | None = Field(default=None, max_length=200)
    added_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    paused: bool = Field(default=False, nullable=False)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    last_polled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    next_poll_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    consecutive_failures: int = Field(default=0, nullable=False)
    last_error: str | None = Field(default=None, max_length=500)
    last_ok_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reports_added: int = Field(default=0, nullable=False)  # over the feed's life, for curators
    lease_owner: str | None = Field(default=None, max_length=100)  # the process polling it now
    lease_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class CandidateRow(SQLModel, table=True):
    """A figure spotted in a report, waiting for a curator to accept (-> estimate) or dismiss."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("fingerprint", name="uq_candidate_fingerprint"),)
    id: int | None = Field(default=None, primary_key=True)
    report_id: str = Field(max_length=200, index=True)
    place: str = Field(max_length=200)
    topic: str = Field(max_length=200)
    value: float | None = Field(default=None)
    low: float | None = Field(default=None)
    high: float | None = Field(default=None)
    unit: str = Field(max_length=50)
    qualifier: str | None = Field(default=None, max_length=20)  # about | more-than | up-to | ...
    sentence: str = Field(nullable=False)
    language: str | None = Field(default=None, max_length=8)
    fingerprint: str = Field(max_length=40)  # sha1(report, place, topic, figure, sentence): stored once
    status: str = Field(max_length=20, index=True)  # pending | accepted | dismissed
    created_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    estimate_id: str | None = Field(default=None, max_length=200)


# --- subscriptions and digests (issue 5; migration 0004) ------------------------------------

class SubscriptionRow(SQLModel, table=True):
    """A chat's standing order for digests: when (kind, at, weekday, tz), in which language, about what.

    `last_digest_at` is the window cursor (the `now` of the last claimed round); `claims` counts
    claims, so two workers preparing the same round cannot both claim it (optimistic update)."""

    __tablename__ = "subscription"
    __table_args__ = (Index("ix_subscription_due", "paused", "next_due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    created_by: str | None = Field(default=None, max_length=200)
    kind: str = Field(max_length=10)  # daily | weekly | instant
    at: str = Field(max_length=5)  # "HH:MM", local to tz
    weekday: int | None = Field(default=None)  # 0 = Monday .. 6 = Sunday (weekly)
    tz: str = Field(max_length=64)
    language: str = Field(max_length=8)
    places: list = Field(sa_type=JSON, nullable=False)
    topics: list = Field(sa_type=JSON, nullable=False)
    paused: bool = Field(default=False, nullable=False)
    paused_reason: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    last_digest_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    next_due_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    claims: int = Field(default=0, nullable=False)


class DigestPartRow(SQLModel, table=True):
    """One message of a claimed digest: its text and the items it carries, recorded before sending.

    Unsent (sent_at and dropped_at NULL) parts are what a restarted bot sends first."""

    __tablename__ = "digest_part"
    __table_args__ = (UniqueConstraint("subscription_id", "round_at", "seq", name="uq_digest_part"),)
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(index=True)
    round_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    seq: int  # 1-based part number within the round
    total: int
    text: str = Field(sa_type=Text, nullable=False)
    items: list = Field(sa_type=JSON, nullable=False)  # [[kind, id, revision], ...]
    claimed_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    attempts: int = Field(default=0, nullable=False)  # Bot API calls begun (begin_send)
    attempted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    dropped_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    dropped_reason: str | None = Field(default=None, max_length=300)


class DeliveryRow(SQLModel, table=True):
    """One item (a revision of an estimate, law or report) delivered to one subscription, for good."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "item_kind", "item_id", "item_revision", name="uq_delivery_item"),
        Index("ix_delivery_subscription_sent", "subscription_id", "sent_at"),
    )
    seq: int | None = Field(default=None, primary_key=True)
    subscription_id: int
    item_kind: str = Field(max_length=20)
    item_id: str = Field(max_length=200)
    item_revision: int
    sent_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    part_id: int | None = Field(default=None)


class ProcessedUpdateRow(SQLModel, table=True):
    """A Telegram update id some webhook instance took: each id is processed once across processes.
    Rows older than a day are pruned (Telegram gives up on an update after 24 hours)."""

    __tablename__ = "processed_update"
    update_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seen_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False, index=True)


class LeaseRow(SQLModel, table=True):
    """A named job that only one process may run at a time (the digest delivery round): held by
    `owner` until `until`, renewed while the work goes on; a crashed holder's lease simply lapses."""

    __tablename__ = "lease"
    name: str = Field(max_length=100, primary_key=True)
    owner: str = Field(max_length=100, nullable=False)
    until: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    taken_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)


class ChatContextRow(SQLModel, table=True):
    """The last question a person asked in a chat, as read (a follow-up already merged): the
    context their next message may follow up on ("а киргизов?"). One row per person per chat;
    shared by every process on the database. Rows a day old are pruned on write."""

    __tablename__ = "chat_context"
    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    query: dict = Field(sa_type=JSON, nullable=False)
    at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False, index=True)


class FlowStateRow(SQLModel, table=True):
    """One step of a multi-step interaction (guided /add, /subscribe, /review's Edit first, a Save or
    Import waiting for its button) of one person in one chat: kept here, not in a process, so any
    instance continues it and a restart does not lose it. `payload` is tagged JSON
    (bot.store.flows); `last_update` the Telegram update that moved it last, for the time-out
    message. Rows past `expires_at` count as gone."""

    __tablename__ = "flow_state"
    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    flow: str = Field(primary_key=True, max_length=60)
    payload: str = Field(sa_type=Text, nullable=False)
    last_update: str | None = Field(default=None, sa_type=Text)
    updated_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False, index=True)
