"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.store import Store
from bot.store.models import SQLModel


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def _head() -> str:
    """The newest revision among the migration scripts (others add theirs after 0003)."""
    from alembic.script import ScriptDirectory

    from bot.store.migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_schema_is_at_head_with_generation_zero(store: Store) -> None:
    with store.db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == _head()
        tables = set(inspect(conn).get_table_names())
    assert {"place", "topic", "estimate", "law", "report", "revision", "meta"} <= tables
    assert store.generation() == 0 and store.entries.is_empty()


def test_opening_again_is_harmless(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    first = Store.open(url)
    first.entries.load_starter_if_empty()
    first.close()
    second = Store.open(url)
    assert second.entries.counts()["estimates"] == first.entries.counts()["estimates"] > 0
    second.close()


def test_migration_files_ship_with_the_package() -> None:
    from pathlib import Path

    import bot.store.migrations as m

    here = Path(m.__file__).parent
    assert (here / "env.py").exists() and (here / "versions" / "0001_initial.py").exists()
    assert (here / "script.py.mako").exists()
