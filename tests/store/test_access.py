"""Roles and the access policy: admins from the environment, stored roles, allowed chats, open/team."""

from __future__ import annotations

from bot.access import (
    CHANNEL_BOT_ID,
    GROUP_ANONYMOUS_BOT_ID,
    TELEGRAM_SERVICE_ID,
    AccessPolicy,
    Role,
)
from bot.config import Settings
from bot.store import Store


def test_roles_come_from_the_environment_and_the_store(sqlite_store: Store) -> None:
    store = sqlite_store
    policy = AccessPolicy(Settings(admins=frozenset({1})), store)
    store.people.set_role(2, "curator", "tg:1")
    store.people.set_role(3, "member", "tg:1")
    assert [policy.role_of(u) for u in (1, 2, 3, 4, None)] == [Role.ADMIN, Role.CURATOR, Role.MEMBER, None, None]
    assert [policy.may_curate(u) for u in (1, 2, 3, 4)] == [True, True, False, False]
    assert policy.is_admin(1) and not policy.is_admin(2)


def test_a_revoked_curator_loses_the_right_at_once(sqlite_store: Store) -> None:
    policy = AccessPolicy(Settings(), sqlite_store)
    sqlite_store.people.set_role(2, "curator", "tg:1")
    assert policy.may_curate(2)
    sqlite_store.people.revoke_role(2, "tg:1")
    assert not policy.may_curate(2) and policy.role_of(2) is None


def test_team_answers_members_and_allowed_chats_only(sqlite_store: Store) -> None:
    store = sqlite_store
    policy = AccessPolicy(Settings(access="team", admins=frozenset({1})), store)
    store.people.set_role(3, "member", "tg:1")
    assert policy.may_ask(1, 1, "private") and policy.may_ask(3, 3, "private")
    assert not policy.may_ask(99, 99, "private")  # a stranger
    assert not policy.may_ask(99, -100, "supergroup")
    store.people.allow_chat(-100, "Team", "tg:1")
    assert policy.may_ask(99, -100, "supergroup")  # in an allowed group, anyone there may ask
    assert not policy.may_ask(99, 99, "private")  # ...but not in private
    assert not policy.may_ask(99, None, None)  # inline mode: no chat
    assert policy.may_ask(3, None, None)


def test_open_answers_anyone_but_curating_still_needs_a_role(sqlite_store: Store) -> None:
    policy = AccessPolicy(Settings(access="open"), sqlite_store)
    assert policy.may_ask(99, 99, "private") and policy.may_ask(99, None, None)
    assert not policy.may_curate(99)


def test_extra_admins_such_as_the_console_user(sqlite_store: Store) -> None:
    policy = AccessPolicy(Settings(), sqlite_store, extra_admins=(0,))
    assert policy.role_of(0) is Role.ADMIN and policy.may_curate(0) and policy.may_ask(0, 0, "private")
    assert AccessPolicy(Settings(), sqlite_store).role_of(0) is None


def test_fetch_allow_private_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).fetch_allow_private is False
    assert Settings.from_env({"MONITORBOT_FETCH_ALLOW_PRIVATE": "1"}).fetch_allow_private is True


def test_a_message_sent_as_a_chat_may_ask_only_as_an_allowed_chat(sqlite_store: Store) -> None:
    policy = AccessPolicy(Settings(access="team", admins=frozenset({1})), sqlite_store)
    assert not policy.may_ask_as_chat(-100) and not policy.may_ask_as_chat(None)
    sqlite_store.people.allow_chat(-100, "Team", "tg:1")
    assert policy.may_ask_as_chat(-100)  # an anonymous admin of the allowed group, or that channel
    assert not policy.may_ask_as_chat(-200)
    assert AccessPolicy(Settings(access="open"), sqlite_store).may_ask_as_chat(-200)


def test_telegrams_stand_ins_for_groups_and_channels_never_have_a_role(sqlite_store: Store) -> None:
    anonymous_admin, channel_bot, telegram = GROUP_ANONYMOUS_BOT_ID, CHANNEL_BOT_ID, TELEGRAM_SERVICE_ID
    policy = AccessPolicy(Settings(access="team", admins=frozenset({1, anonymous_admin})), sqlite_store)
    sqlite_store.people.set_role(channel_bot, "curator", "tg:1")
    sqlite_store.people.set_role(telegram, "member", "tg:1")
    for user_id in (anonymous_admin, channel_bot, telegram):
        assert policy.role_of(user_id) is None and not policy.is_admin(user_id) and not policy.may_curate(user_id)
        assert not policy.may_ask(user_id, None, None)
    assert policy.is_admin(1)
