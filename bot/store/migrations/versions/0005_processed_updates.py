"""Update ids taken by webhook instances, so a repeated update is processed once across processes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processed_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_processed_update_seen_at", "processed_update", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_update_seen_at", table_name="processed_update")
    op.drop_table("processed_update")
