"""The database every repository of the store works on: one engine (and its reads engine), the
clock, the generation, and the per-update view.

The update view: what one update needs from the database, read in ONE statement at its start
(`begin_update`): the store generation, the "people" version (roles, /language choices, allowed
chats), the person's follow-up context in the chat and their live flows. It is kept in a context
variable for the rest of the update, so `generation()`, `people.role()`, `people.language()`,
`people.is_chat_allowed()` and `context.last()` answer from it, or from a per-process cache that
the people version validates, instead of one round trip each. Outside an update (jobs, the CLI,
tests on the store) nothing is cached: every read goes to the database, as before.

Decisions:
  * A version row, not LISTEN/NOTIFY: one indexed read per update, already in the statement the
    update makes anyway, is exact — a /revoke on one instance applies to the other's very next
    update, with no listener connection to keep alive and no delivery delay to reason about.
  * The view is the Database's (not a repository's): the generation, people and context reads
    all answer from it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from bot.store.engine import reads_engine
from bot.store.models import MetaRow
from bot.store.offload import database_needed
from bot.store.rows import aware

_meta = MetaRow.__table__  # type: ignore[attr-defined]
_GENERATION_SQL = f"SELECT value FROM {MetaRow.__tablename__} WHERE key = 'generation'"


@dataclass
class FlowRecord:
    flow: str
    payload: str  # tagged JSON (bot.store.flows.decode)
    expires_at: datetime
    last_update: str | None = None


@dataclass
class UpdateView:
    """What the current update read at its start (see the module docstring)."""

    store_id: int
    chat_id: int
    user_id: int
    generation: int | None  # None once this process changed the store during the update
    people: int
    flows: dict[str, FlowRecord] = field(default_factory=dict)
    context: tuple[dict, datetime] | None = None


_VIEW: ContextVar[UpdateView | None] = ContextVar("monitorbot_update_view", default=None)
NO_CHAT = -(2**62)  # an update without a chat (an inline query): no flow, no context


# The update's one statement, as plain SQL for the driver: it runs on every update, and the ORM's
# execution machinery around it cost more than the statement itself (as for generation()).
_VIEW_SQL = (
    "SELECT (SELECT value FROM meta WHERE key = 'generation'), (SELECT value FROM meta WHERE key = 'people'),"
    " c.query, c.at, f.flow, f.payload, f.last_update, f.expires_at"
    " FROM (SELECT 1 AS one) AS o"
    " LEFT JOIN chat_context c ON c.chat_id = {chat} AND c.user_id = {user}"
    " LEFT JOIN flow_state f ON f.chat_id = {chat} AND f.user_id = {user} AND f.expires_at > {now}")
_VIEW_SQL_BY_STYLE = {
    "named": _VIEW_SQL.format(chat=":chat", user=":user", now=":now"),  # sqlite3
    "pyformat": _VIEW_SQL.format(chat="%(chat)s", user="%(user)s", now="%(now)s"),  # psycopg
}
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite


def _from_db_time(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return aware(value)


def _from_db_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


class VersionedCache:
    """Values valid for one version of what they were read from (the people version)."""

    def __init__(self) -> None:
        self._version: int | None = None
        self._values: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def get(self, version: int, key: Any, load: Callable[[], Any]) -> Any:
        with self._lock:
            if self._version != version:
                self._values.clear()
                self._version = version
            elif key in self._values:
                return self._values[key]
        value = load()
        with self._lock:
            if self._version == version:
                self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._version = None


class Database:
    """One database under the store's repositories (see the module docstring)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] | None = None):
        self._engine = engine
        # One-statement reads on every update (generation, role, allowed chat, language): on
        # PostgreSQL without BEGIN/ROLLBACK around them (engine.reads_engine). Writes and
        # multi-statement reads keep `engine`.
        self._reads = reads_engine(engine)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self._people_cache = VersionedCache()
        self._view_local = threading.local()  # the connection each thread keeps for the view
        self._view_conns: list = []
        self._async_view = None  # PostgreSQL: the view's asyncio connection (begin_update_on_loop)

    # Every statement of every repository goes through one of these two: the one place where an
    # attempt to answer from memory on the event loop (bot.store.offload.answered_from_memory)
    # learns that it would wait on the database after all, and gives way to a thread.
    @property
    def engine(self) -> Engine:
        database_needed()
        return self._engine

    @property
    def reads(self) -> Engine:
        database_needed()
        return self._reads

    @property
    def dialect_name(self) -> str:
        """"sqlite" or "postgresql" (no statement: allowed in an attempt from memory)."""
        return self._engine.dialect.name

    @property
    def shares_one_connection(self) -> bool:
        """An in-memory SQLite store: one connection for everything (no statement either)."""
        return isinstance(self._engine.pool, StaticPool)

    def close(self) -> None:
        self._close_views()
        self._engine.dispose()  # `reads` shares its pool

    # --- the generation -------------------------------------------------------------------

    def generation(self) -> int:
        # Inside an update, the generation its one read at the start saw, unless this process
        # changed the store since. Otherwise a plain driver-level statement: the ORM round trip
        # cost more than the answer itself.
        view = self.current_view()
        if view is not None and view.generation is not None:
            return view.generation
        with self.reads.connect() as conn:
            return int(conn.exec_driver_sql(_GENERATION_SQL).scalar_one())

    def bump(self, conn) -> None:  # noqa: ANN001
        """In a write's transaction (first, as its write lock): the generation moves."""
        conn.execute(update(_meta).where(_meta.c.key == "generation").values(value=_meta.c.value + 1))
        self.store_changed()

    def bump_people(self, conn) -> None:  # noqa: ANN001
        """In the transaction of a role, language or allowed-chat change: every process's cache of
        those is stale from its next update on."""
        conn.execute(update(_meta).where(_meta.c.key == "people").values(value=_meta.c.value + 1))

    # --- the update view ------------------------------------------------------------------

    def begin_update(self, chat_id: int | None, user_id: int | None, now: datetime | None = None) -> UpdateView:
        """Read what an update needs in one statement and keep it for the rest of the update."""
        sql, params, chat, user = self._view_statement(chat_id, user_id, now)
        return self._keep_view(self._view_rows(sql, params), chat, user)

    async def begin_update_on_loop(self, chat_id: int | None, user_id: int | None,
                                   now: datetime | None = None) -> UpdateView:
        """begin_update from the event loop, with no thread: on PostgreSQL the statement is awaited
        on an asyncio connection (bot.store.view_reader); on SQLite it runs here — a WAL-mode read
        never waits for a writer, and it uses a connection the loop keeps (_view_rows), never
        waiting for a pooled one."""
        sql, params, chat, user = self._view_statement(chat_id, user_id, now)
        if self.dialect_name == "postgresql":
            if self._async_view is None:
                from bot.store.view_reader import AsyncViewReader  # psycopg: PostgreSQL only

                self._async_view = AsyncViewReader(self._engine)
            rows = await self._async_view.rows(sql, params)
        else:
            rows = self._view_rows(sql, params)
        return self._keep_view(rows, chat, user)

    def _view_statement(self, chat_id: int | None, user_id: int | None,
                        now: datetime | None) -> tuple[str, dict, int, int]:
        now = aware(now or self.clock())
        chat = NO_CHAT if chat_id is None else chat_id
        user = NO_CHAT if user_id is None else user_id
        dialect = self._engine.dialect
        sql = _VIEW_SQL_BY_STYLE["pyformat" if dialect.paramstyle == "pyformat" else "named"]
        params = {"chat": chat, "user": user,
                  # SQLite: the text SQLAlchemy stores (_SQLITE_TIME; isoformat writes it ~5x faster)
                  "now": now if dialect.name == "postgresql" else now.replace(tzinfo=None).isoformat(" ", "microseconds")}
        return sql, params, chat, user

    def _keep_view(self, rows: list, chat: int, user: int) -> UpdateView:
        generation, people, context_query, context_at = rows[0][:4]
        context = None
        if context_query is not None and context_at is not None:
            query = _from_db_json(context_query)
            if isinstance(query, dict):
                context = (query, _from_db_time(context_at))
        view = UpdateView(store_id=id(self), chat_id=chat, user_id=user, generation=int(generation),
                          people=int(people or 0), context=context)
        for *_, flow, payload, last_update, expires_at in rows:
            if flow is not None:
                view.flows[flow] = FlowRecord(flow, payload, _from_db_time(expires_at), last_update)
        _VIEW.set(view)
        return view

    def _view_rows(self, sql: str, params: dict) -> list:
        """The view's rows, on a connection this thread keeps for it, in autocommit (each read sees
        the latest commit; no snapshot is held between updates): an update pays one statement, not
        a pool check-out with its liveness ping as well. On SQLite the thread is the event loop's
        (begin_update_on_loop), which so never waits for a pooled connection held by a worker. A
        connection that broke (a server restart) is replaced once, through the pool's ping. An
        in-memory SQLite store has one shared connection: used as everything else uses it."""
        if self.shares_one_connection:
            with self.reads.connect() as conn:
                return conn.exec_driver_sql(sql, params).all()
        held = self._view_local
        # SQLite: straight to sqlite3 (a third of the read's cost), unless something watches the
        # engine's statements (SQL echo, event listeners such as tests' statement counters)
        engine = self._engine
        direct = engine.dialect.name == "sqlite" and not (engine._has_events or engine.echo)
        for attempt in (1, 2):
            conn = getattr(held, "conn", None)
            if conn is None or conn.closed or conn.invalidated:
                conn = held.conn = self.reads.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._view_conns.append(conn)
            try:
                if direct:  # the connection is in autocommit (set above): no BEGIN, each read sees the latest commit
                    try:
                        return conn.connection.dbapi_connection.execute(sql, params).fetchall()
                    except engine.dialect.dbapi.Error as exc:
                        raise DBAPIError.instance(sql, params, exc, engine.dialect.dbapi.Error) from exc
                return conn.exec_driver_sql(sql, params).all()
            except DBAPIError:
                held.conn = None
                try:
                    conn.close()
                except DBAPIError:
                    pass
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _close_views(self) -> None:
        """Give back the connections kept for the view."""
        if self._async_view is not None:
            self._async_view.close()
        conns, self._view_conns = self._view_conns, []
        for conn in conns:
            try:
                conn.close()
            except DBAPIError:
                pass
        self._view_local = threading.local()

    def end_update(self) -> None:
        """Forget the view (the next reads go to the database until the next begin_update)."""
        _VIEW.set(None)

    def current_view(self) -> UpdateView | None:
        view = _VIEW.get()
        return view if view is not None and view.store_id == id(self) else None

    def cached_person_read(self, key: Any, load: Callable[[], Any]) -> Any:
        """`load()`, cached per process while the people version the current update read holds."""
        def read() -> Any:
            database_needed()
            return load()

        view = self.current_view()
        if view is None:
            return read()
        return self._people_cache.get(view.people, key, read)

    def people_changed(self) -> None:
        """This process changed a role, a language or an allowed chat (the version row moved in the
        same transaction): drop its own cache at once."""
        self._people_cache.clear()

    def store_changed(self) -> None:
        """This process changed the store: the generation the view read is old now."""
        view = self.current_view()
        if view is not None:
            view.generation = None
