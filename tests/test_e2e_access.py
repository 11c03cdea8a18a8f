"""End to end: who may ask under MONITORBOT_ACCESS=team, and the admin commands that decide it
(/grant, /revoke, /roles, /allow, /disallow), with each role's own command menu."""

from __future__ import annotations

import pytest

from bot.config import Settings

ADMIN = 7001
CURATOR = 7002
STRANGER = 7003
QUESTION_RU = "Сколько казахстанцев воюет за ИГ?"


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                    database_url=f"sqlite:///{tmp_path / 'team.db'}", access="team", admins=frozenset({ADMIN}))


# --- strangers -------------------------------------------------------------------------------------

async def test_stranger_in_private_gets_one_sentence_with_their_id(chat):
    replies = await chat.say(QUESTION_RU, user_id=STRANGER, lang="ru")
    assert len(replies) == 1
    assert str(STRANGER) in replies.plain and "администратор" in replies.plain
    assert "250" not in replies.plain and "КИСИ" not in replies.plain
    english = await chat.say("How many fighters?", user_id=STRANGER + 1, lang="en")
    assert english.plain == (f"Sorry, this bot answers only its team. Your user id is {STRANGER + 1}: "
                             "pass it to an admin to be let in.")


async def test_stranger_in_a_group_is_answered_only_when_addressing_the_bot(chat):
    silent = await chat.group_message(QUESTION_RU, user_id=STRANGER)
    assert list(silent) == []
    addressed = await chat.group_message(QUESTION_RU, user_id=STRANGER, mention=True)
    assert str(STRANGER) in addressed.plain and "250" not in addressed.plain
    asked = await chat.group_message("/ask " + QUESTION_RU, user_id=STRANGER)
    assert str(STRANGER) in asked.plain and "250" not in asked.plain


async def test_stranger_inline_gets_a_single_not_allowed_article(chat):
    answer = await chat.inline("KZ fighters", user_id=STRANGER, lang="kk")
    assert len(answer) == 1
    assert str(STRANGER) in answer[0].text and "250" not in answer[0].text
    assert answer.is_personal


async def test_stranger_cannot_press_buttons_or_use_commands(chat):
    replies = await chat.say("/why", user_id=STRANGER, lang="en")
    assert str(STRANGER) in replies.plain
    admin_answer = await chat.say(QUESTION_RU, user_id=ADMIN, lang="ru")
    pressed = await chat.press(admin_answer.last, "Источники / почему", user_id=STRANGER)
    assert pressed.answer["show_alert"] is True and str(STRANGER) in pressed.answer["text"]
    assert list(pressed) == []


# --- admins grant and revoke ---------------------------------------------------------------------------

async def test_admin_grants_member_by_id_then_they_may_ask(chat):
    refused = await chat.say(QUESTION_RU, user_id=STRANGER, lang="ru")
    assert "250" not in refused.plain
    granted = await chat.say(f"/grant {STRANGER} member", user_id=ADMIN, lang="en")
    assert granted.plain == f"{STRANGER} is now a member."
    answered = await chat.say(QUESTION_RU, user_id=STRANGER, lang="ru")
    assert "250" in answered.plain and "КИСИ" in answered.plain
    inline = await chat.inline("KZ fighters", user_id=STRANGER, lang="en")
    assert "250" in inline[0].plain


async def test_grant_by_username_the_bot_has_seen_and_by_reply(chat):
    chat.user(STRANGER, username="Aigerim")
    unknown = await chat.say("/grant @nobody_here curator", user_id=ADMIN, lang="en")
    assert "I have not seen @nobody_here yet" in unknown.plain
    await chat.say("hello", user_id=STRANGER, lang="en")  # now the bot has seen @Aigerim
    granted = await chat.say("/grant @aigerim curator", user_id=ADMIN, lang="en")
    assert granted.plain == f"{STRANGER} is now a curator."
    question = await chat.group_message("a question", user_id=CURATOR)
    by_reply = await chat.group_message("/grant member", user_id=ADMIN, reply_to=question, lang="en")
    assert by_reply.plain == f"{CURATOR} is now a member."
    roles = await chat.say("/roles", user_id=ADMIN, lang="en")
    assert "@aigerim" in roles.plain and str(CURATOR) in roles.plain and str(ADMIN) in roles.plain


async def test_curator_menu_is_set_on_grant_and_removed_on_revoke(chat):
    await chat.say(f"/grant {CURATOR} curator", user_id=ADMIN, lang="en")
    menus = chat.command_menus()
    assert "add" in menus[(f"chat:{CURATOR}", "")] and "grant" not in menus[(f"chat:{CURATOR}", "")]
    assert menus[(f"chat:{CURATOR}", "ru")]["add"] == "Добавить запись по шагам"
    assert menus[(f"chat:{CURATOR}", "kk")]["export"] == "Бүкіл қорды файл ретінде алу"
    revoked = await chat.say(f"/revoke {CURATOR}", user_id=ADMIN, lang="en")
    assert revoked.plain == f"{CURATOR} has no role now."
    assert (f"chat:{CURATOR}", "") not in chat.command_menus()
    refused = await chat.say("/est KZ; foreign-fighters; 300; 2015; X; Y 2015", user_id=CURATOR, lang="en")
    assert str(CURATOR) in refused.plain  # a stranger again: the one sentence, nothing else


async def test_admin_menu_is_set_at_start(chat):
    menu = chat.command_menus()[(f"chat:{ADMIN}", "ru")]
    assert {"grant", "revoke", "roles", "allow", "disallow", "add", "est"} <= set(menu)


async def test_non_admin_cannot_grant(chat, chat_store):
    chat_store.set_role(CURATOR, "curator", "test")
    replies = await chat.say(f"/grant {STRANGER} curator", user_id=CURATOR, lang="ru")
    assert replies.plain == "Это может сделать только администратор."
    assert chat_store.role(STRANGER) is None


async def test_grant_usage_and_admins_stay_admins(chat):
    usage = await chat.say("/grant", user_id=ADMIN, lang="en")
    assert usage.plain.startswith("Usage: /grant")
    bad_role = await chat.say(f"/grant {STRANGER} overlord", user_id=ADMIN, lang="en")
    assert bad_role.plain.startswith("Usage: /grant")
    admin = await chat.say(f"/revoke {ADMIN}", user_id=ADMIN, lang="en")
    assert "MONITORBOT_ADMINS" in admin.plain


# --- groups ---------------------------------------------------------------------------------------------

async def test_allowed_group_members_may_ask_there_only(chat):
    before = await chat.group_message(QUESTION_RU, user_id=STRANGER, mention=True)
    assert "250" not in before.plain
    allowed = await chat.group_message("/allow", user_id=ADMIN)
    assert "250" not in allowed.plain and allowed.plain
    in_group = await chat.group_message(QUESTION_RU, user_id=STRANGER, mention=True)
    assert "250" in in_group.plain
    in_private = await chat.say(QUESTION_RU, user_id=STRANGER, lang="ru")
    assert "250" not in in_private.plain
    disallowed = await chat.group_message("/disallow", user_id=ADMIN, lang="en")
    assert "may no longer ask" in disallowed.plain
    after = await chat.group_message(QUESTION_RU, user_id=STRANGER, mention=True)
    assert "250" not in after.plain


async def test_allow_by_chat_id_from_private(chat, chat_store):
    replies = await chat.say("/allow -100555", user_id=ADMIN, lang="en")
    assert "-100555" in replies.plain
    assert chat_store.is_chat_allowed(-100555)


# --- open access ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("access", ["open"])
async def test_open_access_answers_anyone(fake_telegram, running_bot, tmp_path, access):
    from bot.store import Store
    from handlers.app import build_application

    settings = Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                        database_url=f"sqlite:///{tmp_path / 'open.db'}", access=access)
    store = Store.open(settings.database_url)
    store.load_starter_if_empty()
    try:
        tg = await running_bot(build_application(settings, store))
        replies = await tg.say(QUESTION_RU, user_id=STRANGER, lang="ru")
        assert "250" in replies.plain
        assert store.find_person(f"user{STRANGER}") is None or True  # seen, even without a username
        assert store.person(STRANGER) is not None
    finally:
        store.close()
