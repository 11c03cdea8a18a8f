"""People, roles, allowed chats, the /language choice and the audit trail, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from bot.store import Store


def _count_writes(store: Store) -> list[str]:
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            seen.append(statement)

    return seen


def test_seen_people_are_found_by_username_in_any_case(store: Store) -> None:
    store.record_seen(101, username="Aigerim_K", name="Aigerim K.", language="kk")
    person = store.find_person("@aigerim_k")
    assert person is not None and person.user_id == 101 and person.display_name == "Aigerim K."
    assert person.username == "aigerim_k" and person.client_language == "kk"
    assert store.find_person("AIGERIM_K").user_id == 101
    assert store.find_person("nobody") is None and store.find_person("@") is None
    # the client's language is not the /language choice
    assert store.get_language(101) is None


def test_record_seen_skips_the_write_when_nothing_changed_within_an_hour(store: Store) -> None:
    now = [datetime(2026, 11, 25, 9, 0, tzinfo=UTC)]
    store.clock = lambda: now[0]
    store.record_seen(7, "ivan", "Ivan", "ru")
    writes = _count_writes(store)
    store.record_seen(7, "ivan", "Ivan", "ru")
    now[0] += timedelta(minutes=59)
    store.record_seen(7, "ivan", "Ivan", "ru")
    assert writes == []
    store.record_seen(7, "ivan_new", "Ivan", "ru")  # a username change is written at once
    assert writes and store.find_person("ivan_new").user_id == 7 and store.find_person("ivan") is None
    writes.clear()
    now[0] += timedelta(hours=2)
    store.record_seen(7, "ivan_new", "Ivan", "ru")
    assert writes
    assert store.person(7).last_seen == "2026-11-25T11:59:00Z"
    assert store.person(7).first_seen == "2026-11-25T09:00:00Z"


def test_a_username_moves_to_whoever_shows_it_now(store: Store) -> None:
    store.record_seen(1, "analyst")
    store.record_seen(2, "analyst")
    assert store.find_person("analyst").user_id == 2
    assert store.person(1).username is None


def test_roles_are_granted_revoked_listed_and_audited(store: Store) -> None:
    store.record_seen(5, "dana", "Dana")
    store.set_role(5, "curator", actor="tg:1")
    store.set_role(9, "member", actor="tg:1")  # never seen: granted by id all the same
    assert store.role(5) == "curator" and store.role(9) == "member"
    people = store.people_with_roles()
    assert [(p.user_id, p.role, p.role_granted_by) for p in people] == [(5, "curator", "tg:1"), (9, "member", "tg:1")]
    store.set_role(5, "curator", actor="tg:1")  # no change, no audit line
    assert store.revoke_role(5, actor="tg:2") is True
    assert store.revoke_role(5, actor="tg:2") is False
    assert store.role(5) is None and [p.user_id for p in store.people_with_roles()] == [9]
    log = store.audit_log(subject=5)
    assert [(a.action, a.actor, a.detail) for a in log] == [("revoke", "tg:2", "curator"), ("grant", "tg:1", "curator")]
    with pytest.raises(ValueError):
        store.set_role(5, "admin", actor="tg:1")  # admins come from the environment only


def test_chats_are_allowed_and_disallowed_with_an_audit_trail(store: Store) -> None:
    assert not store.is_chat_allowed(-1001) and not store.is_chat_allowed(None)
    store.allow_chat(-1001, "Analysts KZ", actor="tg:1")
    store.allow_chat(-1001, "Analysts KZ (renamed)", actor="tg:1")
    assert store.is_chat_allowed(-1001)
    assert [(c.chat_id, c.title, c.allowed_by) for c in store.allowed_chats()] == [
        (-1001, "Analysts KZ (renamed)", "tg:1")]
    assert store.disallow_chat(-1001, actor="tg:3") is True and store.disallow_chat(-1001, actor="tg:3") is False
    assert not store.is_chat_allowed(-1001) and store.allowed_chats() == []
    assert [(a.kind, a.action, a.actor) for a in store.audit_log(subject=-1001)] == [
        ("chat", "disallow", "tg:3"), ("chat", "allow", "tg:1")]


def test_language_choice_is_saved_and_cleared(store: Store) -> None:
    assert store.get_language(42) is None
    store.set_language(42, "kk")
    assert store.get_language(42) == "kk"
    store.record_seen(42, "x", "X", "ru")  # seeing the person keeps their choice
    assert store.get_language(42) == "kk"
    store.set_language(42, None)
    assert store.get_language(42) is None
    with pytest.raises(ValueError):
        store.set_language(42, "de")


def test_people_do_not_move_the_entry_generation(store: Store) -> None:
    gen = store.generation()
    store.record_seen(1, "a")
    store.set_role(1, "curator", "tg:0")
    store.allow_chat(-5, "g", "tg:0")
    assert store.generation() == gen
