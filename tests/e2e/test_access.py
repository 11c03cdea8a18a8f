"""End to end: who may ask under MONITORBOT_ACCESS=team, and the admin commands that decide it
(/grant, /revoke, /roles, /allow, /disallow), with each role's own command menu; group messages
sent on behalf of a chat (anonymous admins, "send as" a channel) and messages with no sender."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.fakebotapi.harness import DEFAULT_CHANNEL_ID, DEFAULT_GROUP_ID, GROUP_ANONYMOUS_BOT
from tests.support.chat import team_settings

ADMIN = 7001
CURATOR = 7002
STRANGER = 7003
OTHER_BOT = 7004  # a bot user (is_bot): a stranger like any other
QUESTION_RU = "Сколько казахстанцев воюет за ИГ?"
ASK_RU = "/ask сколько казахстанцев воюет за ИГ?"
GROUP, CHANNEL = DEFAULT_GROUP_ID, DEFAULT_CHANNEL_ID


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


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
    pressed = await chat.press(admin_answer.last, "Источники", user_id=STRANGER)
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
    chat_store.people.set_role(CURATOR, "curator", "test")
    replies = await chat.say(f"/grant {STRANGER} curator", user_id=CURATOR, lang="ru")
    assert replies.plain == "Это может сделать только администратор."
    assert chat_store.people.role(STRANGER) is None


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
    assert chat_store.people.is_chat_allowed(-100555)


# --- group messages sent on behalf of a chat, and messages with no sender ------------------------------

def anonymous_refusal_ru(chat_id: int) -> str:
    return ("Извините, этот бот отвечает только своей команде. Анонимных администраторов и каналы невозможно "
            f"опознать: напишите от своего имени или попросите администратора выполнить /allow {chat_id}.")


async def test_anonymous_admin_in_a_group_not_allowed_gets_no_figures(chat):
    asked = await chat.group_message_as(ASK_RU)
    assert asked.plain == anonymous_refusal_ru(GROUP)  # the group's id, never GroupAnonymousBot's
    mentioned = await chat.group_message_as(QUESTION_RU, mention=True)
    assert mentioned.plain == anonymous_refusal_ru(GROUP)
    english = await chat.group_message_as("/ask How many Kazakhs fight for IS?")
    assert english.plain == ("Sorry, this bot answers only its team. Anonymous admins and channels can't be "
                             f"identified: write as yourself, or ask an admin to /allow {GROUP}.")
    not_addressed = await chat.group_message_as(QUESTION_RU)
    assert list(not_addressed) == []
    edited = await chat.edited_message(not_addressed, f"@{chat.bot_username} {QUESTION_RU}")
    assert list(edited) == []
    assert all("250" not in r.plain for r in chat.sent())


async def test_anonymous_admin_in_an_allowed_group_is_answered(chat, chat_store):
    chat_store.people.allow_chat(GROUP, "Analysts", "test")
    asked = await chat.group_message_as(ASK_RU)
    assert "250" in asked.plain
    mentioned = await chat.group_message_as(QUESTION_RU, mention=True)
    assert "250" in mentioned.plain


async def test_sent_as_a_channel_needs_that_channel_allowed(chat, chat_store):
    refused = await chat.group_message_as(ASK_RU, sender_chat_id=CHANNEL)
    assert refused.plain == anonymous_refusal_ru(CHANNEL)
    chat_store.people.allow_chat(GROUP, "Analysts", "test")  # the group it is posted in does not count
    in_allowed_group = await chat.group_message_as(QUESTION_RU, sender_chat_id=CHANNEL, mention=True)
    assert in_allowed_group.plain == anonymous_refusal_ru(CHANNEL)
    chat_store.people.allow_chat(CHANNEL, "Monitor Channel", "test")
    answered = await chat.group_message_as(ASK_RU, sender_chat_id=CHANNEL)
    assert "250" in answered.plain


async def test_a_linked_channels_automatic_forward_is_never_answered(chat, chat_store):
    forwarded = await chat.group_message_as(QUESTION_RU, sender_chat_id=CHANNEL, automatic_forward=True,
                                            mention=True)
    assert list(forwarded) == []  # not even the refusal: it is the channel's post, not a question
    chat_store.people.allow_chat(GROUP, "Analysts", "test")
    chat_store.people.allow_chat(CHANNEL, "Monitor Channel", "test")
    again = await chat.group_message_as(ASK_RU, sender_chat_id=CHANNEL, automatic_forward=True)
    assert list(again) == []


async def test_a_message_without_a_sender_is_never_answered(chat, chat_store):
    assert list(await chat.group_message_without_sender(ASK_RU)) == []
    chat_store.people.allow_chat(GROUP, "Analysts", "test")
    assert list(await chat.group_message_without_sender(QUESTION_RU, mention=True)) == []
    assert list(await chat.group_message_without_sender(ASK_RU)) == []
    assert list(await chat.channel_post(ASK_RU)) == []


async def test_anonymous_admin_cannot_curate_or_administer_even_in_an_allowed_group(chat, chat_store):
    chat_store.people.allow_chat(GROUP, "Analysts", "test")
    chat_store.people.set_role(GROUP_ANONYMOUS_BOT.id, "curator", "test")  # a role on the stand-in counts for nothing
    est = await chat.group_message_as("/est KZ; foreign-fighters; 300; 2015; X; Y 2015")
    assert est.plain == "Only curators can change the store. Ask an admin if you need to."
    add = await chat.group_message_as("/add")
    assert add.plain == "Adding and correcting entries works in a private chat with me." and not add.buttons
    grant = await chat.group_message_as(f"/grant {STRANGER} curator")
    assert grant.plain == "Only an admin can do that." and chat_store.people.role(STRANGER) is None
    disallow = await chat.group_message_as("/disallow")
    assert disallow.plain == "Only an admin can do that." and chat_store.people.is_chat_allowed(GROUP)


async def test_bot_users_are_strangers(chat, chat_store):
    chat_store.people.allow_chat(GROUP, "Analysts", "test")
    chat.user(OTHER_BOT).is_bot = True
    in_group = await chat.group_message(QUESTION_RU, user_id=OTHER_BOT, mention=True)
    assert "250" not in in_group.plain
    admin_answer = await chat.say(QUESTION_RU, user_id=ADMIN, lang="ru")
    pressed = await chat.press(admin_answer.last, "Источники", user_id=OTHER_BOT)
    assert pressed.answer["show_alert"] is True and str(OTHER_BOT) in pressed.answer["text"]
    assert list(pressed) == []
    inline = await chat.inline("KZ fighters", user_id=OTHER_BOT, lang="en")
    assert len(inline) == 1 and "250" not in inline[0].text and str(OTHER_BOT) in inline[0].text


# --- open access ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("access", ["open"])
async def test_open_access_answers_anyone(fake_telegram, running_bot, tmp_path, access):
    from bot.store import Store
    from handlers.app import build_application

    settings = Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                        database_url=f"sqlite:///{tmp_path / 'open.db'}", access=access)
    store = Store.open(settings.database_url)
    store.entries.load_starter_if_empty()
    try:
        tg = await running_bot(build_application(settings, store))
        replies = await tg.say(QUESTION_RU, user_id=STRANGER, lang="ru")
        assert "250" in replies.plain
        assert store.people.find(f"user{STRANGER}") is None or True  # seen, even without a username
        assert store.people.get(STRANGER) is not None
        anonymous = await tg.group_message_as("/ask " + QUESTION_RU)  # "open" means anyone...
        assert "250" in anonymous.plain
        assert list(await tg.group_message_without_sender("/ask " + QUESTION_RU)) == []  # ...who sent it
    finally:
        store.close()
