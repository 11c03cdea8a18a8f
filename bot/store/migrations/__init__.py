"""Schema migrations (Alembic), run programmatically: `upgrade(url)` or `Store.open(url)`.

    monitorbot db upgrade        # the CLI's way
    upgrade(url, schema="t_x")   # PostgreSQL: migrate inside one schema (tests)
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Connection, Engine

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None, url: str | None = None):
    """An Alembic Config pointing at this package's scripts (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind `engine` to `revision` in one transaction."""
    # Alembic narrates every start at INFO (even on import); the bot's log wants what went wrong
    quiet = logging.getLogger("alembic")
    if quiet.level == logging.NOTSET:
        quiet.setLevel(logging.WARNING)
    from alembic import command
    from sqlalchemy import text

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # a migration may rightly take longer than a statement should
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        command.upgrade(alembic_config(connection), revision)


def upgrade(url: str, revision: str = "head", *, schema: str | None = None) -> None:
    """Bring the database at `url` (optionally one PostgreSQL schema of it) to `revision`."""
    from bot.store.engine import make_engine, startup_lock

    engine = make_engine(url, schema=schema)
    try:
        with startup_lock(engine):  # a second `db upgrade` or a starting instance waits its turn
            upgrade_engine(engine, revision)
    finally:
        engine.dispose()
