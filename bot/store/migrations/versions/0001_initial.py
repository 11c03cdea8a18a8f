"""Initial schema: places, topics, estimates, laws, reports, revisions, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _entry_columns() -> list[sa.Column]:
    return [
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.Column("retracted_reason", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "place",
        *_entry_columns(),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("within", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_place_retracted", "place", ["retracted"])
    op.create_table(
        "topic",
        *_entry_columns(),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_topic_retracted", "topic", ["retracted"])
    op.create_table(
        "estimate",
        *_entry_columns(),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_estimate_retracted", "estimate", ["retracted"])
    op.create_index("ix_estimate_topic", "estimate", ["topic"])
    op.create_index("ix_estimate_place_topic", "estimate", ["place", "topic"])
    op.create_table(
        "law",
        *_entry_columns(),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("jurisdiction", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_law_retracted", "law", ["retracted"])
    op.create_index("ix_law_jurisdiction", "law", ["jurisdiction"])
    op.create_index("ix_law_year", "law", ["year"])
    op.create_table(
        "report",
        *_entry_columns(),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("url_canonical", sa.String(), nullable=False),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_retracted", "report", ["retracted"])
    op.create_index("ix_report_url_canonical", "report", ["url_canonical"])
    op.create_index("ix_report_published", "report", ["published"])
    op.create_index("ix_report_ingested_at", "report", ["ingested_at"])
    op.create_table(
        "revision",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("kind", "entry_id", "revision", name="uq_revision_entry"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Integer)),
                   [{"key": "generation", "value": 0}])


def downgrade() -> None:
    for table in ("meta", "revision", "report", "law", "estimate", "topic", "place"):
        op.drop_table(table)
