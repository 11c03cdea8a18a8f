"""Flow state — the store's `flows` repository (Telegram-free).

Flow state: every multi-step interaction of one person in one chat (a guided /add, /subscribe,
/review's Edit first, a Save or Import waiting for its button) keeps its step and collected fields
in table `flow_state`, one row per (chat, user, flow name), with an expiry. Any process on the
database continues the flow; a restarted one too. Payloads are tagged JSON (`encode`/`decode`):
JSON plus sets, tuples, bytes, dates and registered dataclasses, never pickle.

The live flows of the update's person are read with everything else an update needs, in its one
statement at the start (bot.store.database, the update view).

Decisions:
  * Expiry is in the row: a row past `expires_at` is gone for every reader. The time-out
    message is sent by whichever instance claims the expired row first (`take_expired_flows`,
    one DELETE ... RETURNING), so it goes out once.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select

from bot.store.database import Database, FlowRecord
from bot.store.engine import dialect_insert
from bot.store.models import FlowStateRow
from bot.store.rows import aware

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


@lru_cache(maxsize=4)
def _upsert(dialect: str):  # noqa: ANN202
    stmt = dialect_insert(dialect)(TABLE)
    return stmt.on_conflict_do_update(
        index_elements=["chat_id", "user_id", "flow"],
        set_={"payload": stmt.excluded.payload, "last_update": stmt.excluded.last_update,
              "updated_at": stmt.excluded.updated_at, "expires_at": stmt.excluded.expires_at})


class Flows:
    """The flow rows (see the module docstring)."""

    def __init__(self, db: Database):
        self.db = db

    def of(self, chat_id: int, user_id: int, now: datetime | None = None, *,
                 include_expired: bool = False) -> dict[str, FlowRecord]:
        """The live flows of one person in one chat (also expired ones when asked)."""
        now = aware(now or self.db.clock())
        stmt = select(TABLE.c.flow, TABLE.c.payload, TABLE.c.last_update, TABLE.c.expires_at).where(
            TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id)
        if not include_expired:
            stmt = stmt.where(TABLE.c.expires_at > now)
        with self.db.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return {row.flow: FlowRecord(row.flow, row.payload, aware(row.expires_at), row.last_update) for row in rows}

    def write(self, chat_id: int, user_id: int, changes: dict[str, tuple[str, datetime] | None], *,
                    last_update: str | None = None, now: datetime | None = None) -> None:
        """Keep (payload, expires_at) per flow name, or drop the flow (None), in one transaction."""
        if not changes:
            return
        now = aware(now or self.db.clock())
        kept = [{"chat_id": chat_id, "user_id": user_id, "flow": name, "payload": change[0],
                 "last_update": last_update, "updated_at": now, "expires_at": aware(change[1])}
                for name, change in changes.items() if change is not None]
        dropped = [name for name, change in changes.items() if change is None]
        with self.db.engine.begin() as conn:
            if dropped:
                conn.execute(delete(TABLE).where(TABLE.c.chat_id == chat_id, TABLE.c.user_id == user_id,
                                                 TABLE.c.flow.in_(dropped)))
            if kept:
                conn.execute(_upsert(self.db.engine.dialect.name), kept)

    def take_expired(self, names: Iterable[str], now: datetime | None = None,
                           limit: int = 100) -> list[tuple[int, int, str, str | None]]:
        """Claim (delete) expired rows of the flows `names`: (chat_id, user_id, flow, last_update)
        for each. Two processes sweeping at once each get different rows; rows of other flows
        expired long ago are pruned on the way."""
        now = aware(now or self.db.clock())
        names = list(names)
        with self.db.engine.begin() as conn:
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
