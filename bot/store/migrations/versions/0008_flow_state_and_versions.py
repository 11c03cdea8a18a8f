"""Several instances as one bot for conversations: flow state in the database, a "people" version
for caches, and the issue-3 preferences table folded into `person`.

* `flow_state`: each person's multi-step interactions per chat (bot/store/flows.py).
* `meta` row "people": bumped with every role, /language or allowed-chat change, so each process
  may cache those and still see another instance's change on its very next update.
* `monitorbot_user_prefs` (created by the issue-3 bot outside Alembic): its /language choices are
  copied into `person.language` where none is set, then the table is dropped.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LEGACY_PREFS = "monitorbot_user_prefs"


def upgrade() -> None:
    op.create_table(
        "flow_state",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("flow", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("last_update", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "user_id", "flow"),
    )
    op.create_index("ix_flow_state_expires_at", "flow_state", ["expires_at"])
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Integer))
    op.bulk_insert(meta, [{"key": "people", "value": 0}])
    _adopt_legacy_prefs()


def _adopt_legacy_prefs() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table(LEGACY_PREFS):
        return
    legacy = sa.table(LEGACY_PREFS, sa.column("user_id", sa.BigInteger), sa.column("language", sa.String))
    person = sa.table("person", sa.column("user_id", sa.BigInteger), sa.column("language", sa.String),
                      sa.column("first_seen", sa.DateTime(timezone=True)),
                      sa.column("last_seen", sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    for user_id, lang in bind.execute(sa.select(legacy.c.user_id, legacy.c.language)).all():
        if lang not in ("en", "ru", "kk"):
            continue
        known = bind.execute(sa.select(person.c.language).where(person.c.user_id == user_id)).first()
        if known is None:
            bind.execute(person.insert().values(user_id=user_id, language=lang, first_seen=now, last_seen=now))
        elif known[0] is None:
            bind.execute(person.update().where(person.c.user_id == user_id).values(language=lang))
    op.drop_table(LEGACY_PREFS)


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'people'")
    op.drop_index("ix_flow_state_expires_at", table_name="flow_state")
    op.drop_table("flow_state")
