"""Flow state and the per-update view (bot.store.database), on SQLite and PostgreSQL: one statement per
update for what it reads, caches another process's change invalidates on its very next update, flow
rows that expire and are claimed once, and the issue-3 prefs table folded into `person`.

A second Store object on the same engine stands in for another instance: its caches are its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.store import Store
from bot.store.flows import decode, encode, register_type
from tests.support.store import Statements


@register_type
@dataclass
class Waiting:
    action: str
    data: dict = field(default_factory=dict)
    content: bytes = b""
    created: float = 0.0


def test_flow_payloads_keep_sets_tuples_bytes_dates_and_registered_dataclasses():
    value = {"kind": "estimate", "prefilled": {"url", "title"}, "pair": (1, "a"), "when": date(2026, 1, 2),
             "at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "box": {"ab12": Waiting("import", {"x": [1]}, b"\x00yaml")},
             "by_number": {3: "three"}, "nested": [{"__t": "not a tag"}]}
    assert decode(encode(value)) == value

    @dataclass
    class Unknown:
        x: int = 1

    with pytest.raises(TypeError):
        encode({"u": Unknown()})
    with pytest.raises(TypeError):
        encode({"o": object()})


def test_one_statement_per_update_once_roles_and_languages_are_cached(store: Store):
    store.people.set_role(7, "curator", "test")
    store.people.set_language(7, "kk")
    store.people.allow_chat(-100, "group", "test")
    now = datetime.now(UTC)
    store.context.remember(7, 7, {"places": ["KZ"]}, now)
    counter = Statements(store.db.engine)
    try:
        for update in range(3):
            counter.take()
            view = store.updates.begin(7, 7)
            assert store.people.role(7) == "curator" and store.people.language(7) == "kk" and store.people.is_chat_allowed(-100)
            assert store.generation() == view.generation
            assert store.context.last(7, 7) == {"places": ["KZ"]}
            assert counter.take() == (1 if update else 4)  # the view; then role, language, chat once
    finally:
        counter.close()
        store.updates.end()


def test_a_change_by_another_instance_applies_on_the_next_update(store: Store):
    other = Store(store.db.engine)  # another process: caches of its own
    store.people.set_role(7, "curator", "test")
    store.people.set_language(7, "ru")
    other.updates.begin(7, 7)
    assert other.people.role(7) == "curator" and other.people.language(7) == "ru"
    store.people.revoke_role(7, "test")
    store.people.set_language(7, "en")
    store.people.disallow_chat(-100, "test")
    other.updates.begin(7, 7)  # the very next update of that process
    assert other.people.role(7) is None and other.people.language(7) == "en"
    gen = other.generation()
    store.entries.import_document({"version": 1, "places": [{"code": "KZ-AKM", "name": {"en": "Akmola Region"}}]})
    other.updates.begin(7, 7)
    assert other.generation() == gen + 1
    other.updates.end()
    # outside an update nothing is cached: a change shows at once
    store.people.set_role(7, "member", "test")
    assert other.people.role(7) == "member"


async def test_the_view_read_on_the_loop_is_the_same_view_with_no_thread_and_survives_a_lost_connection(
        store: Store, monkeypatch):
    """What handlers/session.py reads for each update: on PostgreSQL awaited on an asyncio
    connection, on SQLite run on the loop — either way no worker thread, the same view as the
    threaded read, a change by another instance seen on the next update, and a connection the
    server dropped replaced once."""
    import threading

    other = Store(store.db.engine)
    now = datetime.now(UTC)
    store.people.set_role(7, "curator", "test")
    store.context.remember(7, 7, {"places": ["KZ"]}, now)
    store.flows.write(7, 7, {"add_flow": (encode({"kind": "law"}), now + timedelta(seconds=60))})
    read_on: list[int] = []  # the thread each view's rows were read on
    keep_view = store.db._keep_view

    def recording(rows, chat, user):
        read_on.append(threading.get_ident())
        return keep_view(rows, chat, user)

    monkeypatch.setattr(store.db, "_keep_view", recording)
    try:
        threaded = store.updates.begin(7, 7, now)
        on_loop = await store.updates.begin_on_loop(7, 7, now)
        assert (on_loop.generation, on_loop.people, on_loop.context) == (
            threaded.generation, threaded.people, threaded.context)
        assert set(on_loop.flows) == {"add_flow"} and decode(on_loop.flows["add_flow"].payload) == {"kind": "law"}
        assert store.people.role(7) == "curator"
        assert read_on[1] == threading.get_ident()  # on the loop's own thread: no worker involved

        other.people.revoke_role(7, "test")  # another instance: seen on the very next update
        await store.updates.begin_on_loop(7, 7, now)
        assert store.people.role(7) is None

        if store.db.dialect_name == "postgresql":  # the server drops the view's connection
            from sqlalchemy import text

            with store.db.engine.begin() as conn:
                dropped = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                            "AND query LIKE '%chat_context%'")).scalars().all()
            assert any(dropped)
            again = await store.updates.begin_on_loop(7, 7, now)
            assert again.generation == threaded.generation
        assert set(read_on[1:]) == {threading.get_ident()}
    finally:
        store.updates.end()


def test_flows_expire_and_each_expired_one_is_claimed_once(store: Store):
    now = datetime.now(UTC)
    store.flows.write(5, 6, {"conv:curation": (encode(2), now + timedelta(seconds=60)),
                             "add_flow": (encode({"kind": "law"}), now + timedelta(seconds=120))},
                      last_update='{"update_id": 1}', now=now)
    view = store.updates.begin(5, 6, now)
    assert set(view.flows) == {"conv:curation", "add_flow"} and decode(view.flows["conv:curation"].payload) == 2
    later = now + timedelta(seconds=90)
    assert set(store.updates.begin(5, 6, later).flows) == {"add_flow"}  # the step's time ran out
    store.updates.end()
    other = Store(store.db.engine)
    claimed = store.flows.take_expired(["conv:curation"], later) + other.flows.take_expired(["conv:curation"], later)
    assert claimed == [(5, 6, "conv:curation", '{"update_id": 1}')]
    assert set(store.flows.of(5, 6, later, include_expired=True)) == {"add_flow"}
    store.flows.write(5, 6, {"add_flow": None})
    assert store.flows.of(5, 6, later, include_expired=True) == {}


def test_the_issue_3_prefs_table_is_folded_into_person_by_the_migration(tmp_path):
    from bot.store.migrations import upgrade

    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    upgrade(url, "0007")
    old = Store.open(url, migrate=False)
    with old.db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE monitorbot_user_prefs (user_id BIGINT PRIMARY KEY, language VARCHAR(8))"))
        conn.execute(text("INSERT INTO monitorbot_user_prefs VALUES (1, 'kk'), (2, 'ru'), (3, NULL)"))
        conn.execute(text("INSERT INTO person (user_id, language, first_seen, last_seen) "
                          "VALUES (2, 'en', '2026-01-01', '2026-01-01')"))
    old.close()
    store = Store.open(url)
    try:
        assert store.people.language(1) == "kk"  # adopted
        assert store.people.language(2) == "en"  # the person's own choice wins
        assert store.people.language(3) is None
        assert not inspect(store.db.engine).has_table("monitorbot_user_prefs")
    finally:
        store.close()
