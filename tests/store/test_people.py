"""People, roles, allowed chats, the /language choice and the audit trail, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from bot.store import Store


def _count_writes(store: Store) -> list[str]:
    seen: list[str] = []

    @event.listens_for(store.db.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            seen.append(statement)

    return seen


def test_seen_people_are_found_by_username_in_any_case(store: Store) -> None:
    store.people.record_seen(101, username="Aigerim_K", name="Aigerim K.", language="kk")
    person = store.people.find("@aigerim_k")
    assert person is not None and person.user_id == 101 and person.display_name == "Aigerim K."
    assert person.username == "aigerim_k" and person.client_language == "kk"
    assert store.people.find("AIGERIM_K").user_id == 101
    assert store.people.find("nobody") is None and store.people.find("@") is None
    # the client's language is not the /language choice
    assert store.people.language(101) is None


def test_record_seen_skips_the_write_when_nothing_changed_within_an_hour(store: Store) -> None:
    now = [datetime(2026, 11, 25, 9, 0, tzinfo=UTC)]
    store.db.clock = lambda: now[0]
    store.people.record_seen(7, "ivan", "Ivan", "ru")
    writes = _count_writes(store)
    store.people.record_seen(7, "ivan", "Ivan", "ru")
    now[0] += timedelta(minutes=59)
    store.people.record_seen(7, "ivan", "Ivan", "ru")
    assert writes == []
    store.people.record_seen(7, "ivan_new", "Ivan", "ru")  # a username change is written at once
    assert writes and store.people.find("ivan_new").user_id == 7 and store.people.find("ivan") is None
    writes.clear()
    now[0] += timedelta(hours=2)
    store.people.record_seen(7, "ivan_new", "Ivan", "ru")
    assert writes
    assert store.people.get(7).last_seen == "2026-11-25T11:59:00Z"
    assert store.people.get(7).first_seen == "2026-11-25T09:00:00Z"


def test_a_username_moves_to_whoever_shows_it_now(store: Store) -> None:
    store.people.record_seen(1, "analyst")
    store.people.record_seen(2, "analyst")
    assert store.people.find("analyst").user_id == 2
    assert store.people.get(1).username is None


def test_roles_are_granted_revoked_listed_and_audited(store: Store) -> None:
    store.people.record_seen(5, "dana", "Dana")
    store.people.set_role(5, "curator", actor="tg:1")
    store.people.set_role(9, "member", actor="tg:1")  # never seen: granted by id all the same
    assert store.people.role(5) == "curator" and store.people.role(9) == "member"
    people = store.people.with_roles()
    assert [(p.user_id, p.role, p.role_granted_by) for p in people] == [(5, "curator", "tg:1"), (9, "member", "tg:1")]
    store.people.set_role(5, "curator", actor="tg:1")  # no change, no audit line
    assert store.people.revoke_role(5, actor="tg:2") is True
    assert store.people.revoke_role(5, actor="tg:2") is False
    assert store.people.role(5) is None and [p.user_id for p in store.people.with_roles()] == [9]
    log = store.people.audit_log(subject=5)
    assert [(a.action, a.actor, a.detail) for a in log] == [("revoke", "tg:2", "curator"), ("grant", "tg:1", "curator")]
    with pytest.raises(ValueError):
        store.people.set_role(5, "admin", actor="tg:1")  # admins come from the environment only


def test_chats_are_allowed_and_disallowed_with_an_audit_trail(store: Store) -> None:
    assert not store.people.is_chat_allowed(-1001) and not store.people.is_chat_allowed(None)
    store.people.allow_chat(-1001, "Analysts KZ", actor="tg:1")
    store.people.allow_chat(-1001, "Analysts KZ (renamed)", actor="tg:1")
    assert store.people.is_chat_allowed(-1001)
    assert [(c.chat_id, c.title, c.allowed_by) for c in store.people.allowed_chats()] == [
        (-1001, "Analysts KZ (renamed)", "tg:1")]
    assert store.people.disallow_chat(-1001, actor="tg:3") is True and store.people.disallow_chat(-1001, actor="tg:3") is False
    assert not store.people.is_chat_allowed(-1001) and store.people.allowed_chats() == []
    assert [(a.kind, a.action, a.actor) for a in store.people.audit_log(subject=-1001)] == [
        ("chat", "disallow", "tg:3"), ("chat", "allow", "tg:1")]


def test_language_choice_is_saved_and_cleared(store: Store) -> None:
    assert store.people.language(42) is None
    store.people.set_language(42, "kk")
    assert store.people.language(42) == "kk"
    store.people.record_seen(42, "x", "X", "ru")  # seeing the person keeps their choice
    assert store.people.language(42) == "kk"
    store.people.set_language(42, None)
    assert store.people.language(42) is None
    with pytest.raises(ValueError):
        store.people.set_language(42, "de")


def test_people_do_not_move_the_entry_generation(store: Store) -> None:
    gen = store.generation()
    store.people.record_seen(1, "a")
    store.people.set_role(1, "curator", "tg:0")
    store.people.allow_chat(-5, "g", "tg:0")
    assert store.generation() == gen
