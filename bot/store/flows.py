"""Flow state and the per-update view — a mixin of Store (Telegram-free).

Flow state: every multi-step interaction of one person in one chat (a guided /add, /subscribe,
/review's Edit first, a Save or Import waiting for its button) keeps its step and collected fields
in table `flow_state`, one row per (chat, user, flow name), with an expiry. Any process on the
database continues the flow; a restarted one too. Payloads are tagged JSON (`encode`/`decode`):
JSON plus sets, tuples, bytes, dates and registered dataclasses, never pickle.

The update view: what one update needs from the database, read in ONE statement at its start
(`begin_update`): the store generation, the "people" version (roles, /language choices, allowed
chats), the person's follow-up context in the chat and their live flows. It is kept in a context
variable for the rest of the update, so `generation()`, `role()`, `get_language()`,
`is_chat_allowed()` and `last_query()` answer from it, or from a per-process cache that the
people version validates, instead of one round trip each. Outside an update (jobs, the CLI,
tests on the store) nothing is cached: every read goes to the database, as before.

Decisions:
  * A version row, not LISTEN/NOTIFY: one indexed read per update, already in the statement the
    update makes anyway, is exact — a /revoke on one instance applies to the other's very next
    update, with no listener connection to keep alive and no delivery delay to reason about.
  * Expiry is in the row: a row past `expires_at` is gone for every reader. The time-out
    message is sent by whichever instance claims the expired row first (`take_expired_flows`,
    one DELETE ... RETURNING), so it goes out once.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import threading
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError

from bot.store.engine import dialect_insert
from bot.store.feeds import aware
from bot.store.models import FlowStateRow
from bot.store.offload import database_needed

TABLE = FlowStateRow.__table__  # type: ignore[attr-defined]
PRUNE_AFTER = timedelta(hours=1)  # expired rows nobody claimed (no time-out message) go after this


# --- tagged JSON ---------------------------------------------------------------------------------

_TYPES: dict[str, type] = {}


def register_type(cls: type) -> type:
    """Let instances of the dataclass `cls` be kept in flow payloads (by its qualified name)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    _TYPES[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return cls


def _tag(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and "__t" not in value:
            return {k: _tag(v) for k, v in value.items()}
        return {"__t": "map", "v": [[_tag(k), _tag(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    if isinstance(value, tuple):
        return {"__t": "tuple", "v": [_tag(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"__t": "set", "v": [_tag(v) for v in sorted(value, key=repr)]}
    if isinstance(value, bytes | bytearray):
        return {"__t": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime):
        return {"__t": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"__t": "date", "v": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        if name not in _TYPES:
            raise TypeError(f"{name} is not registered for flow state (bot.store.flows.register_type)")
        return {"__t": "dc", "n": name, "v": {f.name: _tag(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in flow state")


def _untag(value: Any) -> Any:
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag = value.get("__t")
    if tag is None:
        return {k: _untag(v) for k, v in value.items()}
    inner = value.get("v")
    if tag == "map":
        return {_untag(k): _untag(v) for k, v in inner}
    if tag == "tuple":
        return tuple(_untag(v) for v in inner)
    if tag == "set":
        return {_untag(v) for v in inner}
    if tag == "bytes":
        return base64.b64decode(inner)
    if tag == "datetime":
        return datetime.fromisoformat(inner)
    if tag == "date":
        return date.fromisoformat(inner)
    if tag == "dc":
        cls = _TYPES.get(value.get("n", ""))
        if cls is None:
            raise ValueError(f"unknown flow state type {value.get('n')!r}")
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: _untag(v) for k, v in inner.items() if k in known})
    raise ValueError(f"unknown flow state tag {tag!r}")


def encode(value: Any) -> str:
    """Tagged JSON for `value` (TypeError for what cannot be kept)."""
    return json.dumps(_tag(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode(text: str) -> Any:
    """The value `encode` wrote (ValueError for a payload this code cannot read)."""
    return _untag(json.loads(text))


# --- the update view -----------------------------------------------------------------------------

@dataclass
class FlowRecord:
    flow: str
    payload: str  # tagged JSON (decode())
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


@lru_cache(maxsize=4)
def _upsert(dialect: str):  # noqa: ANN202
    stmt = dialect_insert(dialect)(TABLE)
    return stmt.on_conflict_do_update(
        index_elements=["chat_id", "user_id", "flow"],
        set_={"payload": stmt.excluded.payload, "last_update": stmt.excluded.last_update,
              "updated_at": stmt.excluded.updated_at, "expires_at": stmt.excluded.expires_at})


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


class FlowStateStore:
    """Flow-state and update-view methods of Store (see the module docstring)."""

    engine: Engine
    reads: Engine
    clock: Callable[[], datetime]

    # --- the view -----------------------------------------------------------------------------

    def begin_update(self, chat_id: int | None, user_id: int | None, now: datetime | None = None) -> UpdateView:
        """Read what an update needs in one statement and keep it for the rest of the update."""
        now = aware(now or self.clock())
        chat = NO_CHAT if chat_id is None else chat_id
        user = NO_CHAT if user_id is None else user_id
        dialect = self.engine.dialect
        sql = _VIEW_SQL_BY_STYLE["pyformat" if dialect.paramstyle == "pyformat" else "named"]
        params = {"chat": chat, "user": user,
                  "now": now if dialect.name == "postgresql" else now.strftime(_SQLITE_TIME)}
        rows = self._view_rows(sql, params)
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
        """The view's rows. PostgreSQL: on a connection this thread keeps for it (in autocommit), so
        an update pays one round trip, not a pool check-out with its liveness ping as well; a
        connection that broke (a server restart) is replaced once, through the pool's ping."""
        if self.engine.dialect.name != "postgresql":
            with self.reads.connect() as conn:
                return conn.exec_driver_sql(sql, params).all()
        held = self.__dict__.get("_view_local")
        if held is None:
            held = self.__dict__.setdefault("_view_local", threading.local())
        for attempt in (1, 2):
            conn = getattr(held, "conn", None)
            if conn is None or conn.closed or conn.invalidated:
                conn = held.conn = self.reads.connect()
                self.__dict__.setdefault("_view_conns", []).append(conn)
            try:
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

    def close_views(self) -> None:
        """Give back the connections kept for the view (Store.close)."""
        for conn in self.__dict__.pop("_view_conns", []):
            try:
                conn.close()
            except DBAPIError:
                pass
        self.__dict__.pop("_view_local", None)

    def enter_view(self, view: UpdateView) -> None:
        """Make `view` the current update's (begin_update run in a worker thread sets it only in
        that thread's copy of the context)."""
        _VIEW.set(view)

    def end_update(self) -> None:
        """Forget the view (the next reads go to the database until the next begin_update)."""
        _VIEW.set(None)

    def current_view(self) -> UpdateView | None:
        view = _VIEW.get()
        return view if view is not None and view.store_id == id(self) else None

    def _people_cache(self) -> VersionedCache:
        cache = self.__dict__.get("_people_cache_obj")
        if cache is None:
            cache = self.__dict__.setdefault("_people_cache_obj", VersionedCache())
        return cache

    def cached_person_read(self, key: Any, load: Callable[[], Any]) -> Any:
        """`load()`, cached per process while the people version the current update read holds."""
        def read() -> Any:
            database_needed()
            return load()

        view = self.current_view()
        if view is None:
            return read()
        return self._people_cache().get(view.people, key, read)

    def people_changed(self) -> None:
        """This process changed a role, a language or an allowed chat (the version row moved in the
        same transaction): drop its own cache at once."""
        self._people_cache().clear()

    def store_changed(self) -> None:
        """This process changed the store: the generation the view read is old now."""
        view = self.current_view()
        if view is not None:
            view.generation = None

    # --- flow rows ----------------------------------------------------------------------------

    def flows_of(self, chat_id: int, user_id: int, now: datetime | None = None, *,
                 include_expired: bool = False) -> dict[str, FlowRecord]:
        """The live flows of one person in one chat (also expired ones when asked)."""
        now = aware(now or self.clock())
        stmt = select(TABLE.c.flow, TABLE.c.payload, TABLE.c.last_update, TABLE.c.expires_at).where(
            TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id)
        if not include_expired:
            stmt = stmt.where(TABLE.c.expires_at > now)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return {row.flow: FlowRecord(row.flow, row.payload, aware(row.expires_at), row.last_update) for row in rows}

    def write_flows(self, chat_id: int, user_id: int, changes: dict[str, tuple[str, datetime] | None], *,
                    last_update: str | None = None, now: datetime | None = None) -> None:
        """Keep (payload, expires_at) per flow name, or drop the flow (None), in one transaction."""
        if not changes:
            return
        now = aware(now or self.clock())
        kept = [{"chat_id": chat_id, "user_id": user_id, "flow": name, "payload": change[0],
                 "last_update": last_update, "updated_at": now, "expires_at": aware(change[1])}
                for name, change in changes.items() if change is not None]
        dropped = [name for name, change in changes.items() if change is None]
        with self.engine.begin() as conn:
            if dropped:
                conn.execute(delete(TABLE).where(TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id,
                                                 TABLE.c.flow.in_(dropped)))
            if kept:
                conn.execute(_upsert(self.engine.dialect.name), kept)

    def take_expired_flows(self, names: Iterable[str], now: datetime | None = None,
                           limit: int = 100) -> list[tuple[int, int, str, str | None]]:
        """Claim (delete) expired rows of the flows `names`: (chat_id, user_id, flow, last_update)
        for each. Two processes sweeping at once each get different rows; rows of other flows
        expired long ago are pruned on the way."""
        now = aware(now or self.clock())
        names = list(names)
        with self.engine.begin() as conn:
            conn.execute(delete(TABLE).where(TABLE.c.expires_at < now - PRUNE_AFTER, TABLE.c.flow.not_in(names)))
            if not names:
                return []
            due = select(TABLE.c.chat_id, TABLE.c.user_id, TABLE.c.flow).where(
                TABLE.c.flow.in_(names), TABLE.c.expires_at <= now).limit(limit)
            if conn.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            claimed = []
            for chat_id, user_id, flow in conn.execute(due).all():
                row = conn.execute(delete(TABLE).where(
                    TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id, TABLE.c.flow == flow,
                    TABLE.c.expires_at <= now).returning(TABLE.c.last_update)).first()
                if row is not None:
                    claimed.append((int(chat_id), int(user_id), flow, row.last_update))
        return claimed
