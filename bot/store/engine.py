"""Engines for the store's database: SQLite (file or memory) and PostgreSQL, optionally one schema."""

from __future__ import annotations

import re

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine for `url`; with `schema` (PostgreSQL), every connection works inside it."""
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
        kwargs: dict = {"connect_args": {"check_same_thread": False}}
        if memory:  # one shared connection, or every session would see its own empty database
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout = 10000")  # the bot reads while a curator imports
            if not memory:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

        return engine
    connect_args = {}
    if schema:
        if not _SCHEMA_RE.match(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)
