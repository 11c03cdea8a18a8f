"""End to end: the real Application and starter store, polling the fake Bot API on 127.0.0.1.

Every test here would fail if a team member saw something wrong in the chat: a missing or
uncited figure, a reply in the wrong language, a crash, a message Telegram would refuse
(the `chat` fixture fails on any refused call: bad HTML, over 4,096 characters, long callback data).
"""

from __future__ import annotations

import logging
import re

import pytest

from bot.i18n import tr
from handlers.services import SERVICES_KEY
from tests.fakebotapi.harness import DEFAULT_USER_ID
from tests.support.answering import catalog

WHY_RU = "Источники"  # the Sources button, in Russian


def services(chat):
    return chat.application.bot_data[SERVICES_KEY]


def english_fragments() -> set[str]:
    """Static pieces (>= 12 characters) of every English message the catalog translates to Russian."""
    pieces = set()
    for message in catalog("ru"):
        if not message.id or message.pluralizable or message.string == message.id:
            continue
        for part in re.split(r"\{[^}]*\}", message.id):
            part = part.strip(" .,:;—-")
            if len(part) >= 12 and not part.startswith("/"):
                pieces.add(part)
    return pieces


# --- cited answers in each language ----------------------------------------------------------

@pytest.mark.parametrize("question,lang,estimator", [
    ("Сколько казахстанцев воюет за ИГ?", "ru", "КИСИ"),
    ("Қазақстаннан қанша адам ИМ жағында соғысып жүр?", "ru", "ҚСЗИ"),
    ("How many Kazakhstanis are fighting for the Islamic State?", "ru", "KISI"),
])
async def test_question_gets_the_cited_figure_in_its_language(chat, question, lang, estimator):
    replies = await chat.say(question, lang=lang)
    reply = replies.last
    assert reply.parse_mode == "HTML"
    assert "250" in replies.plain and estimator in replies.plain
    assert "2014" in replies.plain  # the date of the figure
    assert len(reply.button_texts) == 1


async def test_no_english_leaks_into_a_russian_reply(chat):
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="en")
    leaked = [p for p in english_fragments() if p in replies.plain]
    assert leaked == []
    assert replies.last.button_texts == [WHY_RU]


async def test_unanswerable_question_says_so_without_a_figure(chat):
    replies = await chat.say("Сколько боевиков из Монголии?", lang="ru")
    assert "250" not in replies.plain and "КИСИ" not in replies.plain


# --- groups --------------------------------------------------------------------------------

async def test_group_message_without_mention_gets_no_reply(chat):
    replies = await chat.group_message("Сколько казахстанцев воюет за ИГ?")
    assert list(replies) == []
    await chat.expect_no_reply()


async def test_group_mention_reply_and_ask_get_answers(chat):
    replies = await chat.group_message("Сколько казахстанцев воюет за ИГ?", mention=True)
    assert "250" in replies.plain
    follow_up = await chat.group_message("А из Кыргызстана?", reply_to=replies.last)
    assert "100" in follow_up.plain
    asked = await chat.group_message("/ask сколько казахстанцев воюет за ИГ?")
    assert "250" in asked.plain and "КИСИ" in asked.plain


# --- /start, /help, /language ----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_start_and_help_in_the_user_language(chat, lang):
    t = tr(lang)
    for command in ("/start", "/help"):
        replies = await chat.say(command, lang=lang)
        assert t.gettext("Ask in English, Russian or Kazakh, for example:") in replies.plain
        assert t.gettext("Which law lets the state take an extremist group's assets?") in replies.plain


async def test_language_choice_overrides_detection_until_auto(chat):
    replies = await chat.say("/language", lang="ru")
    chosen = await chat.press(replies.last, "қазақ тілі")
    assert "Енді мен осы тілде жауап беремін" in chosen.plain
    answer = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    assert "ҚСЗИ" in answer.plain and "КИСИ" not in answer.plain
    await chat.say("/language auto", lang="ru")
    answer = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    assert "КИСИ" in answer.plain


async def test_command_menus_per_language(chat):
    menus = chat.command_menus()
    assert menus[("all_private_chats", "")]["why"] == "Sources of the last answer"
    assert menus[("all_private_chats", "ru")]["why"] == "Источники последнего ответа"
    assert menus[("all_group_chats", "kk")]["ask"] == "Сұрақ қою"


# --- why -------------------------------------------------------------------------------------

async def test_sources_button_cites_and_why_names_the_entries_for_curators(chat, chat_store):
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    sources = await chat.press(replies.last, WHY_RU)
    assert "kz-is-fighters-2014-kisi" not in sources.plain  # ids are for curators (/why)
    assert "Eurasia Daily Monitor" in sources.plain and "jamestown.org" in sources.plain
    chat_store.people.set_role(DEFAULT_USER_ID, "curator", "tg:1")
    again = await chat.say("/why", lang="ru")
    assert "kz-is-fighters-2014-kisi" in again.plain


@pytest.mark.parametrize("data", ["why:ru:e:kz-no-such-figure", "why:ru:#0123456789abcdef", "why:ru:zz:1", "bogus"])
async def test_forged_why_button_gets_an_expired_alert(chat, data):
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    pressed = await chat.press(replies.last, data=data)
    assert pressed.answer["show_alert"] is True
    assert pressed.answer["text"] in {"Этот ответ устарел. Пожалуйста, задайте вопрос ещё раз.",
                                      "Эта кнопка больше не действует."}


# --- inline mode -----------------------------------------------------------------------------

async def test_inline_query_offers_cited_answers(chat):
    answer = await chat.inline("KZ fighters", lang="en")
    assert answer.is_personal and answer.cache_time <= 60
    assert 1 <= len(answer) <= 5  # the best few, ranked (tests/e2e/test_readers.py)
    first = answer[0]
    assert first.parse_mode == "HTML" and "250" in first.plain and "KISI" in first.plain


async def test_empty_inline_query_offers_examples(chat):
    answer = await chat.inline("", lang="kk")
    assert answer[0].title == tr("kk").gettext("How many Kazakhstanis are fighting for the Islamic State?")


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["😀🔥", "?!…", "\u200b\u200b"])
async def test_wordless_messages_get_a_hint(chat, text):
    replies = await chat.say(text, lang="ru")
    assert replies.plain.startswith("Пожалуйста, спросите словами")


async def test_a_4096_character_message(chat):
    replies = await chat.say("боевики " * 512, lang="ru")
    assert "слишком длинное" in replies.plain


@pytest.mark.parametrize("text", ["<b>Сколько</b> <script>казахстанцев</script> воюет за ИГ?",
                                  "*Сколько* _казахстанцев_ воюет за [ИГ](http://x)?",
                                  "Сколько казахстанцев воюет за ИГ'; DROP TABLE estimates; --",
                                  "Сколько\x00 казахстанцев\x07 воюет\x1b за ИГ?"])
async def test_markup_sql_and_control_characters_are_handled(chat, text):
    replies = await chat.say(text, lang="ru")
    assert replies.last.parse_mode == "HTML"  # and the strict parser accepted it (fixture)
    assert "<script>" not in replies.last.text


async def test_unknown_command(chat):
    replies = await chat.say("/frobnicate", lang="ru")
    assert replies.plain == "Я не знаю такой команды, см. /help"


async def test_edited_messages_are_ignored(chat):
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    edited = await chat.edited_message(replies, "Сколько кыргызстанцев воюет за ИГ?")
    assert list(edited) == []


async def test_stickers_and_photos_get_a_hint_and_channel_posts_are_ignored(chat):
    hint = "Я понимаю только текстовые вопросы. Пожалуйста, напишите ваш вопрос."
    assert (await chat.sticker(lang="ru")).plain == hint
    assert (await chat.photo(lang="ru")).plain == hint
    assert list(await chat.channel_post("Сколько казахстанцев воюет за ИГ?")) == []
    assert list(await chat.sticker(chat_type="supergroup")) == []


# --- failures and long replies -----------------------------------------------------------------

async def test_failing_handler_apologises_and_logs_the_update_id(chat, monkeypatch, caplog):
    def broken():
        raise RuntimeError("index is corrupt")

    monkeypatch.setattr(services(chat).answerer, "index", broken)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        replies = await chat.say("Қазақстаннан қанша адам соғысып жүр?", lang="ru")
    assert replies.plain == tr("kk").gettext(
        "Sorry, something went wrong and I could not answer. Nothing was changed; please try again.")
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert f"update {replies.update_id} failed" in record.getMessage()
    assert "index is corrupt" in caplog.text and chat.token not in caplog.text


async def test_a_5000_line_answer_is_split_under_4096(chat, monkeypatch):
    render = services(chat).render

    def long_render(answer, lang, fmt="html"):
        head = render(answer, lang, fmt=fmt)
        return head + "\n" + "\n".join(f"<b>{i}</b> — <i>КИСИ &amp; ҚСЗИ</i>" for i in range(5000))

    monkeypatch.setattr(services(chat), "render", long_render)
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    assert len(replies) > 20
    assert all(len(r.plain) <= 4096 and len(r.text) <= 4096 for r in replies)
    assert "\n".join(r.plain for r in replies).count("КИСИ & ҚСЗИ") == 5000
    assert replies.last.button_texts == [WHY_RU] and not any(r.button_texts for r in replies[:-1])
