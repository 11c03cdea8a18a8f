"""The store's tables (SQLModel): one per entry kind, the revision history, and a meta counter.

Every entry row keeps its canonical interchange dict in `data` (export writes it as is) plus
indexed columns for querying. Portable SQL only: the same tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Index, UniqueConstraint
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
    __table_args__ = (UniqueConstraint("kind", "entry_id", "revision", name="uq_revision_entry"),)
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
