"""Flows that any instance continues: the Telegram side of bot.store.flows.

The flows themselves (handlers/flow.py, subscribe.py, review.py, pending.py) keep their step in PTB
`ConversationHandler`s and their collected fields in `context.user_data`, as before; this module
makes both durable around every update, without touching the flows' logic:

* Group LOAD_GROUP (before the access gate): ONE read (`store.updates.begin`) gives the update's
  view — store generation, people version, follow-up context and this person's live flows in this
  chat. The flows are put where the handlers look: each durable conversation's state for this
  (chat, user) and the durable `user_data` keys; whatever this process held before is replaced.
* Group SAVE_GROUP (after everything): what changed is written back in one transaction (nothing is
  written for an update that touched no flow, e.g. a question), then dropped from memory, so the
  database is the one place a flow lives.
* Time-outs: PTB's own (a job per process) would fire on the instance that saw the step before,
  even after the flow moved on elsewhere, so they are turned off; a row's `expires_at` is the
  time-out, and a sweep job on every instance claims expired conversation rows (each once) and runs
  the conversation's TIMEOUT handlers with the update that moved the flow last, as PTB did.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler, TypeHandler

from bot.store.flows import decode, encode, register_type
from bot.store.offload import off_loop
from handlers import flow, pending, review, subscribe
from handlers.services import SERVICES_KEY, MonitorContext, Services

log = logging.getLogger(__name__)

LOAD_GROUP = -50  # after metrics (-100), before the access gate (-10): the gate reads roles from the view
SAVE_GROUP = 1000  # after every feature handler
CONV_PREFIX = "conv:"
GRACE = 60.0  # seconds a flow's fields outlive its step: the time-out handler still reads them
NO_TIMEOUT = timedelta(days=7)  # a conversation without a time-out still goes eventually
LOADED_KEPT = 1000  # updates between load and save at once (bounded in case a save never runs)

register_type(pending.Pending)


@dataclass(frozen=True)
class DurableKey:
    """A user_data key a flow keeps its fields in, and how long they live after the last step."""

    key: str
    ttl: float | None  # seconds; None: the conversation time-out (+ GRACE)


DURABLE_KEYS = (
    DurableKey(flow.FLOW_KEY, None),  # guided /add, /report: kind, fields so far, current field
    DurableKey(subscribe.FLOW_KEY, None),  # /subscribe and Change: the subscription being built
    DurableKey(review.EDIT_KEY, None),  # /review's Edit first: the candidate and the changes
    DurableKey(pending.PENDING_KEY, pending.TTL),  # Save / Update existing / Import waiting for a press
)

DURABLE_BY_KEY = {durable.key: durable for durable in DURABLE_KEYS}

_loaded: dict[int, dict[str, str | None]] = {}  # id(update) -> payloads as read at its start


def _conversations(app: Application) -> list[ConversationHandler]:
    return app.bot_data.setdefault("durable_conversations", [])


def _timeout(app: Application) -> float | None:
    services: Services = app.bot_data[SERVICES_KEY]
    return services.conversation_timeout or None


def _ttl(app: Application, durable: DurableKey) -> timedelta:
    if durable.ttl is not None:
        return timedelta(seconds=durable.ttl)
    timeout = _timeout(app)
    return timedelta(seconds=timeout + GRACE) if timeout else NO_TIMEOUT


def _key(conv: ConversationHandler, update: Update) -> tuple | None:
    try:
        return conv._get_key(update)
    except RuntimeError:  # no chat or no user: no conversation either
        return None


def _safe_decode(payload: str | None, what: str) -> Any:
    if payload is None:
        return None
    try:
        return decode(payload)
    except (ValueError, TypeError) as exc:  # written by another version of the bot: the flow is gone
        log.warning("flow state %s could not be read (%s): dropped", what, exc)
        return None


def _put(app: Application, update: Update, user_data: dict, flows: dict[str, Any]) -> dict[str, str | None]:
    """Put the flows read from the store in place; returns their payloads as read."""
    read: dict[str, str | None] = {}
    for durable in DURABLE_KEYS:
        record = flows.get(durable.key)
        value = _safe_decode(record.payload if record else None, durable.key)
        read[durable.key] = record.payload if value is not None else None
        if value is None:
            user_data.pop(durable.key, None)
        else:
            user_data[durable.key] = value
    for conv in _conversations(app):
        key = _key(conv, update)
        if key is None:
            continue
        name = CONV_PREFIX + conv.name
        record = flows.get(name)
        state = _safe_decode(record.payload if record else None, name)
        read[name] = record.payload if state is not None else None
        conv._conversations.pop(key, None)
        if state is not None:
            conv._conversations[key] = state
    return read


def _changes(app: Application, update: Update, user_data: dict, read: dict[str, str | None],
             now: datetime) -> dict[str, tuple[str, datetime] | None]:
    """What to write: changed flows, and every live one again while a conversation goes on (its
    time-out counts from the last step, as PTB's did)."""
    current: dict[str, str | None] = {}
    for conv in _conversations(app):
        key = _key(conv, update)
        if key is None:
            continue
        state = conv._conversations.pop(key, None)  # the database holds it from now on
        current[CONV_PREFIX + conv.name] = encode(state) if state is not None and state != conv.END else None
    for durable in DURABLE_KEYS:
        value = user_data.pop(durable.key, None)
        current[durable.key] = encode(value) if value not in (None, {}, []) else None
    going_on = any(current.get(CONV_PREFIX + conv.name) for conv in _conversations(app))
    timeout = _timeout(app)
    ttls = {durable.key: _ttl(app, durable) for durable in DURABLE_KEYS}
    changes: dict[str, tuple[str, datetime] | None] = {}
    for name, payload in current.items():
        if payload is None:
            if read.get(name) is not None:
                changes[name] = None
            continue
        own_ttl = not name.startswith(CONV_PREFIX) and DURABLE_BY_KEY[name].ttl is not None
        if payload == read.get(name) and (not going_on or own_ttl):
            continue  # unchanged (a Save or Import waiting counts its hour from when it was made)
        if name.startswith(CONV_PREFIX):
            ttl = timedelta(seconds=timeout) if timeout else NO_TIMEOUT
        else:
            ttl = ttls[name]
        changes[name] = (payload, now + ttl)
    return changes


async def load(update: Update, context: MonitorContext) -> None:
    """LOAD_GROUP: the update's one read, and its flows put in place."""
    services = context.services
    store = services.store
    if not hasattr(store, "updates"):  # the handler tests' stand-in store keeps no flows
        return
    chat, user = update.effective_chat, update.effective_user
    # One indexed statement with no thread hop (bot.store.database.begin_update_on_loop): awaited
    # on PostgreSQL — a database that stops answering holds this update, not the event loop —
    # and run here on SQLite. The view is this task's from now on: the handlers after read it.
    view = await store.updates.begin_on_loop(chat.id if chat else None, user.id if user else None,
                                             services.clock())
    if chat is None or user is None or context.user_data is None:
        return
    _loaded[id(update)] = _put(context.application, update, context.user_data, view.flows)
    while len(_loaded) > LOADED_KEPT:
        _loaded.pop(next(iter(_loaded)))


async def save(update: Update, context: MonitorContext) -> None:
    """SAVE_GROUP: write back what the update changed."""
    read = _loaded.pop(id(update), None)
    if read is None or context.user_data is None:
        return
    services = context.services
    now = services.clock()
    changes = _changes(context.application, update, context.user_data, read, now)
    if changes:
        last = json.dumps(update.to_dict(), ensure_ascii=False)
        await off_loop(services.store, services.store.flows.write, update.effective_chat.id,
                       update.effective_user.id, changes, last_update=last, now=now)


# --- time-outs -----------------------------------------------------------------------------------

async def sweep(context: MonitorContext) -> None:
    """Job: end the conversations whose time ran out (each by one instance), saying so as PTB did."""
    app = context.application
    services: Services = app.bot_data[SERVICES_KEY]
    store = services.store
    by_name = {CONV_PREFIX + conv.name: conv for conv in _conversations(app)}
    try:
        claimed = await off_loop(store, store.flows.take_expired, list(by_name), services.clock())
    except Exception:
        log.exception("expired flows could not be claimed; the next sweep tries again")
        return
    for chat_id, user_id, name, last in claimed:
        try:
            await _time_out(app, by_name[name], chat_id, user_id, last)
        except Exception:
            log.exception("the time-out of %s for user %s in chat %s failed", name, user_id, chat_id)


async def _time_out(app: Application, conv: ConversationHandler, chat_id: int, user_id: int,
                    last: str | None) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    store = services.store
    handlers = conv.states.get(ConversationHandler.TIMEOUT, [])
    if not last or not handlers:
        return
    update = Update.de_json(json.loads(last), app.bot)
    context = app.context_types.context.from_update(update, app)
    flows = await off_loop(store, store.flows.of, chat_id, user_id, services.clock(), include_expired=True)
    read = _put(app, update, context.user_data, flows)
    for other in _conversations(app):  # only the timed-out conversation is known to have ended
        if other is conv:
            key = _key(conv, update)
            if key is not None:
                conv._conversations.pop(key, None)
    for handler in handlers:
        check = handler.check_update(update)
        if check is not None and check is not False:
            await handler.handle_update(update, app, check, context)
    read.pop(CONV_PREFIX + conv.name, None)  # its row is gone already
    changes = _changes(app, update, context.user_data, read, services.clock())
    changes.pop(CONV_PREFIX + conv.name, None)
    if changes:
        await off_loop(store, store.flows.write, chat_id, user_id, changes, now=services.clock())


# --- wiring --------------------------------------------------------------------------------------

def register(app: Application) -> None:
    """After every other handler is registered: the conversations' state goes durable, their own
    time-outs off (the sweep does them), load before the gate and save after everything."""
    convs = _conversations(app)
    for handlers in app.handlers.values():
        for handler in handlers:
            if isinstance(handler, ConversationHandler) and handler.name and handler not in convs:
                handler._conversation_timeout = None  # the rows' expiry and sweep() instead
                convs.append(handler)
    app.add_handler(TypeHandler(Update, load), group=LOAD_GROUP)
    app.add_handler(TypeHandler(Update, save), group=SAVE_GROUP)
    timeout = _timeout(app)
    if app.job_queue is not None and timeout:
        every = min(max(timeout / 4, 0.2), 30.0)
        app.job_queue.run_repeating(sweep, interval=every, first=every, name="flow-timeouts",
                                    job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1})
