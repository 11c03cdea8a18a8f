"""Engines for the store's database: SQLite (file or memory) and PostgreSQL, optionally one schema."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.pool import StaticPool

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

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
                # WAL's recommended pairing: a commit waits for the log, not for a checkpoint's
                # fsync; a power cut may lose the last commits, never corrupt the file
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        return engine
    connect_args: dict = postgres_timeouts()
    options = [f"-cstatement_timeout={statement_timeout_ms()}"]
    from_url = make_url(url).query.get("options")  # e.g. ?options=-csearch_path%3Dx: kept, and after ours
    if from_url:
        options += [from_url] if isinstance(from_url, str) else list(from_url)
    if schema:
        if not _SCHEMA_RE.match(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        options.append(f"-csearch_path={schema}")
    connect_args["options"] = " ".join(options)
    # pool_timeout: with every connection stuck on a server that stopped answering, a new call
    # fails after a few seconds (the handler apologises) instead of queueing for 30
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT)


# A database that stops answering must cost seconds, not the kernel's ~15 minutes of retries:
CONNECT_TIMEOUT = 5  # seconds to open a connection (libpq connect_timeout)
POOL_TIMEOUT = 5.0  # seconds to wait for a free pooled connection
DEFAULT_STATEMENT_TIMEOUT_MS = 30_000  # MONITORBOT_DB_STATEMENT_TIMEOUT (ms); the server cancels a longer statement


def statement_timeout_ms() -> int:
    raw = (os.environ.get("MONITORBOT_DB_STATEMENT_TIMEOUT") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else DEFAULT_STATEMENT_TIMEOUT_MS


def postgres_timeouts() -> dict:
    """libpq settings so a dead or unreachable server is noticed: TCP keepalives probe an idle
    connection (dead after ~25 s), tcp_user_timeout gives up on data the server never
    acknowledges (packets dropped, not refused) after 15 s."""
    return {
        "connect_timeout": CONNECT_TIMEOUT,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 15_000,
    }


def dialect_insert(dialect: str):  # noqa: ANN201 - sqlalchemy's dialect-specific `insert`
    """The `insert` with ON CONFLICT for the store's two dialects (PostgreSQL, else SQLite).
    Statements built from it on a hot path are best built once (lru_cache): one built per call
    is compiled anew by SQLAlchemy every time."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def reads_engine(engine: Engine) -> Engine:
    """For the one-statement reads every update makes (generation, role, allowed chat, language):
    on PostgreSQL the same pool in autocommit — no BEGIN/ROLLBACK round trips around one SELECT
    (+20% updates/s in bench/e2e_throughput.py). SQLite: the engine itself."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


# pg_advisory_lock key for start-up work (migrations, the starter data): any fixed 64-bit number
STARTUP_LOCK_KEY = 0x6D6F6E69746F72  # "monitor"


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Hold a lock while one instance migrates and seeds: instances started at once on an empty
    database take turns instead of racing to create the same tables. PostgreSQL: an advisory
    lock. SQLite file: an exclusive lock on "<file>.lock" beside it (POSIX; elsewhere, and for
    in-memory databases, nothing to share)."""
    if engine.dialect.name != "postgresql":
        path = engine.url.database
        if fcntl is None or not path or path == ":memory:" or "mode=memory" in str(engine.url):
            yield
            return
        with open(f"{path}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
            yield
        return
    with engine.connect() as conn:
        conn.execute(text("SET statement_timeout = 0"))  # waiting for another instance's migration is expected
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": STARTUP_LOCK_KEY})
            conn.execute(text("RESET statement_timeout"))  # the pooled connection goes back as it came
            conn.commit()
