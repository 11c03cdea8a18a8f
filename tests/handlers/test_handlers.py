"""The Telegram handlers over an in-memory Bot API, with a stand-in core: group rules, the
reply language, /language, /why and its button, inline mode, bad input, errors, splitting."""

from __future__ import annotations

import html
import itertools
import logging
import re
import time

import pytest
from telegram import Update

import handlers.language
from bot.config import Settings
from bot.i18n import tr
from handlers.app import build_application
from handlers.html_split import split_html, units
from handlers.memory_transport import MemoryBotAPI
from handlers.services import SERVICES_KEY
from handlers.tokens import WhyTokens
from tests.support.fakes_core import (
    FakeAnswerer,
    FakeStore,
    fake_detect,
    fake_render,
    fake_render_why,
)

BOT_ID = 1
TOKEN = "123456:SECRET-token-value"














class MemoryChat:
    """Speaks to the Application as Telegram would, and collects what the bot sent."""

    def __init__(self, app, api: MemoryBotAPI):
        self.app, self.api = app, api
        self._ids = itertools.count(1)

    async def _process(self, update: dict) -> list[tuple[str, dict]]:
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.api.calls[before:]

    def message(self, text: str | None, *, user_id: int = 42, lang: str | None = "ru", chat_type: str = "private",
                chat_id: int | None = None, reply_to_bot: bool = False, **extra) -> dict:
        chat = {"id": chat_id if chat_id is not None else (user_id if chat_type == "private" else -100),
                "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Team"
        user = {"id": user_id, "is_bot": False, "first_name": "Analyst"}
        if lang:
            user["language_code"] = lang
        msg = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat, "from": user, **extra}
        if text is not None:
            msg["text"] = text
            entities = []
            command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": len(command.group(0))})
            for m in re.finditer(r"@\w+", text):
                if not (command and m.start() < command.end()):
                    entities.append({"type": "mention", "offset": len(text[: m.start()].encode("utf-16-le")) // 2,
                                     "length": len(m.group(0))})
            if entities:
                msg["entities"] = entities
        if reply_to_bot:
            msg["reply_to_message"] = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "earlier",
                                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "monitorbot"}}
        return msg

    async def say(self, text: str | None, *, kind: str = "message", **kwargs) -> list[tuple[str, dict]]:
        return await self._process({"update_id": next(self._ids), kind: self.message(text, **kwargs)})

    async def press(self, data: str, *, user_id: int = 42, lang: str = "ru", inline: bool = False):
        query = {"id": str(next(self._ids)), "from": {"id": user_id, "is_bot": False, "first_name": "A",
                                                       "language_code": lang},
                 "chat_instance": "x", "data": data}
        if inline:
            query["inline_message_id"] = "inline-1"
        else:
            query["message"] = self.message("earlier", user_id=BOT_ID)
            query["message"]["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "monitorbot"}
        return await self._process({"update_id": next(self._ids), "callback_query": query})

    async def inline(self, text: str, *, lang: str = "ru"):
        query = {"id": str(next(self._ids)), "from": {"id": 42, "is_bot": False, "first_name": "A",
                                                       "language_code": lang}, "query": text, "offset": ""}
        return await self._process({"update_id": next(self._ids), "inline_query": query})


def sent_texts(calls) -> list[str]:
    return [p["text"] for m, p in calls if m in {"sendMessage", "editMessageText"}]


@pytest.fixture
async def setup(monkeypatch):
    monkeypatch.setattr(handlers.language, "detect", fake_detect)
    api = MemoryBotAPI()
    answerer = FakeAnswerer()
    # access "open": these tests are about answering anyone; tests/e2e/test_access.py covers "team"
    app = build_application(Settings(token=TOKEN, admins=frozenset({7}), access="open"), FakeStore(),
                            answerer=answerer, request=api)
    services = app.bot_data[SERVICES_KEY]
    services.render, services.render_why = fake_render, fake_render_why
    async with app:
        yield MemoryChat(app, api), answerer, app


@pytest.fixture
async def chat(setup):
    return setup[0]


# --- questions and languages ----------------------------------------------------------------

async def test_private_question_is_answered_in_its_language_with_why_button(chat):
    calls = await chat.say("Сколько боевиков из Казахстана?", lang="en")
    (method, params), = calls
    assert method == "sendMessage" and params["parse_mode"] == "HTML"
    assert "250" in params["text"] and "КИСИ" in params["text"]
    button = params["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == tr("ru").gettext("Sources") != "Sources"
    assert len(button["callback_data"].encode()) <= 64


@pytest.mark.parametrize("text,estimator", [("How many fighters from Kazakhstan?", "KISI"),
                                             ("Қазақстаннан қанша содыр бар?", "ҚСЗИ")])
async def test_english_and_kazakh_questions(chat, text, estimator):
    (text_sent,) = sent_texts(await chat.say(text, lang="ru"))
    assert "250" in text_sent and estimator in text_sent


async def test_group_message_without_mention_is_ignored(chat, setup):
    assert await chat.say("How many fighters from Kazakhstan?", chat_type="group") == []
    assert setup[1].asked == []


async def test_group_mention_reply_and_ask_command_are_answered(chat, setup):
    for kwargs in ({"text": "@monitorbot how many fighters from Kazakhstan?"},
                   {"text": "and fighters from Kyrgyzstan?", "reply_to_bot": True},
                   {"text": "/ask how many fighters from Kazakhstan?"},
                   {"text": "/ask@monitorbot how many fighters?"}):
        text = kwargs.pop("text")
        calls = await chat.say(text, chat_type="supergroup", **kwargs)
        (sent,) = sent_texts(calls)
        assert "250" in sent
    assert all("@monitorbot" not in q for q, _ in setup[1].asked)


async def test_group_mention_of_another_bot_is_ignored(chat):
    assert await chat.say("@otherbot how many fighters?", chat_type="group") == []


async def test_ask_without_question_shows_usage(chat):
    (sent,) = sent_texts(await chat.say("/ask", lang="ru"))
    assert sent.startswith("Использование: /ask")


async def test_language_command_overrides_detection_until_auto(chat, setup):
    (sent,) = sent_texts(await chat.say("/language kk", lang="ru"))
    assert sent == tr("kk").gettext("From now on I will answer in {language}.").format(language="қазақ тілі")
    await chat.say("How many fighters from Kazakhstan?", lang="ru")
    assert setup[1].asked[-1][1] == "kk"
    await chat.say("/language auto")
    await chat.say("How many fighters from Kazakhstan?", lang="ru")
    assert setup[1].asked[-1][1] == "en"


async def test_language_buttons(chat, setup):
    calls = await chat.say("/language", lang="ru")
    (params,) = [p for m, p in calls if m == "sendMessage"]
    data = [b["callback_data"] for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert data == ["lang:en", "lang:ru", "lang:kk", "lang:auto"]
    calls = await chat.press("lang:en")
    assert ("answerCallbackQuery" in [m for m, _ in calls])
    assert sent_texts(calls) == ["From now on I will answer in English."]
    await chat.say("Сколько боевиков?", lang="ru")
    assert setup[1].asked[-1][1] == "en"


async def test_language_bad_argument_shows_usage(chat):
    (sent,) = sent_texts(await chat.say("/language klingon", lang="en"))
    assert sent.startswith("Usage: /language")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_start_and_help_in_each_language_with_examples(chat, lang):
    for command in ("/start", "/help"):
        (sent,) = sent_texts(await chat.say(command, lang=lang))
        t = tr(lang)
        assert t.gettext("How many Kazakhstanis are fighting for the Islamic State?") in html.unescape(sent)
        if lang != "en":
            assert "Ask in English, Russian or Kazakh" not in sent


async def test_command_menus_set_per_language_and_scope(setup):
    chat, _, app = setup
    await app.post_init(app)
    menus = [p for m, p in chat.api.calls if m == "setMyCommands" and p["scope"]["type"] != "chat"]
    admin_menus = [p for m, p in chat.api.calls if m == "setMyCommands" and p["scope"]["type"] == "chat"]
    assert {p["scope"]["chat_id"] for p in admin_menus} == {7}  # the admin's own menu (handlers/menus.py)
    keys = {(p.get("language_code"), p["scope"]["type"]) for p in menus}
    assert keys == {(code, scope) for code in (None, "ru", "kk") for scope in ("all_private_chats", "all_group_chats")}
    ru_private = next(p for p in menus if p.get("language_code") == "ru" and p["scope"]["type"] == "all_private_chats")
    assert {"command": "why", "description": "Источники последнего ответа"} in ru_private["commands"]


# --- why --------------------------------------------------------------------------------------

async def test_why_button_and_command_show_the_entries(chat):
    calls = await chat.say("How many fighters?", lang="en")
    data = calls[0][1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    calls = await chat.press(data)
    assert sent_texts(calls) == ["by ids"]  # the answer rebuilt from its entries, rendered as sources
    await chat.say("How many fighters?", lang="en", user_id=7)
    (sent,) = sent_texts(await chat.say("/why", user_id=7))  # an admin: the entries and ids
    assert "kz-is-fighters-2014-kisi" in sent
    (sent,) = sent_texts(await chat.say("/why"))  # anyone else: the sources
    assert sent == "by ids"


async def test_why_before_any_question(chat):
    (sent,) = sent_texts(await chat.say("/why", lang="ru"))
    assert sent == "Сначала задайте вопрос — тогда /why покажет, откуда взят ответ."


@pytest.mark.parametrize("data", ["why:ru:e:no-such-entry", "why:ru:#deadbeefdeadbeef", "why:ru:x:kz",
                                  "why:ru:e:../../etc", "why:", "why:zz", "somethingelse", "lang:xx"])
async def test_forged_or_stale_callbacks_get_a_polite_alert(chat, data):
    calls = await chat.press(data, lang="ru")
    (params,) = [p for m, p in calls if m == "answerCallbackQuery"]
    assert params["show_alert"] is True
    assert params["text"] in {"Этот ответ устарел. Пожалуйста, задайте вопрос ещё раз.", "Эта кнопка больше не действует."}


async def test_why_button_on_an_inline_message_answers_with_an_alert(chat):
    calls = await chat.press("why:en:e:kz-is-fighters-2014-kisi", inline=True)
    (params,) = [p for m, p in calls if m == "answerCallbackQuery"]
    assert params["text"] == "by ids"


def test_why_tokens_fit_64_bytes_and_round_trip():
    tokens = WhyTokens()
    many = [("estimate", f"kz-is-fighters-20{i:02d}-some-long-estimator") for i in range(30)]
    data = tokens.encode(many, "kk")
    assert len(data.encode()) <= 64
    assert tokens.decode(data) == ("kk", many)
    short = tokens.encode([("law", "kz-2014")], "ru")
    assert short == "why:ru:l:kz-2014" and WhyTokens().decode(short) == ("ru", [("law", "kz-2014")])


# --- inline mode ------------------------------------------------------------------------------

async def test_inline_query_offers_cited_answers(chat):
    calls = await chat.inline("KZ fighters", lang="en")
    (params,) = [p for m, p in calls if m == "answerInlineQuery"]
    assert params["is_personal"] is True and params["cache_time"] <= 60
    first = params["results"][0]
    assert first["type"] == "article" and "250" in first["title"]
    assert first["input_message_content"]["parse_mode"] == "HTML"
    assert "KISI" in first["input_message_content"]["message_text"]
    assert 1 <= len(params["results"]) <= 4


async def test_empty_inline_query_offers_examples(chat):
    calls = await chat.inline("", lang="ru")
    (params,) = [p for m, p in calls if m == "answerInlineQuery"]
    titles = [r["title"] for r in params["results"]]
    assert titles[0] == tr("ru").gettext("How many Kazakhstanis are fighting for the Islamic State?")


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["😀😀😀", "   ", "?!", "\x00\x07"])
async def test_wordless_text_gets_a_hint(chat, setup, text):
    (sent,) = sent_texts(await chat.say(text, lang="ru"))
    assert sent.startswith("Пожалуйста, спросите словами")
    assert setup[1].asked == []


async def test_control_characters_are_dropped_before_asking(chat, setup):
    await chat.say("how many\x00 fighters\u200b?\x1b[31m", lang="en")
    # control characters become spaces; format characters (the zero-width space) are dropped
    assert setup[1].asked[-1][0] == "how many fighters? [31m"


async def test_4096_character_message_gets_a_polite_reply(chat, setup):
    (sent,) = sent_texts(await chat.say("fighters " * 455, lang="en"))
    assert sent == "That message is too long to be a question. Please ask in a sentence or two."
    assert setup[1].asked == []


@pytest.mark.parametrize("text", ["<b>fighters</b> <script>alert(1)</script>", "*bold* _x_ [a](http://x)",
                                  "'; DROP TABLE estimates; --", "SELECT * FROM laws WHERE 1=1"])
async def test_markup_and_sql_looking_text_are_just_questions(chat, text):
    calls = await chat.say(text, lang="en")
    (method, params), = calls
    assert method == "sendMessage" and params["parse_mode"] == "HTML"
    assert "<script>" not in params["text"]


async def test_unknown_command(chat):
    (sent,) = sent_texts(await chat.say("/frobnicate", lang="kk"))
    assert sent == "Мен мұндай команданы білмеймін, /help қараңыз"


async def test_unknown_command_in_group_only_when_addressed(chat):
    assert await chat.say("/frobnicate", chat_type="group") == []
    assert await chat.say("/frobnicate@otherbot", chat_type="group") == []
    (sent,) = sent_texts(await chat.say("/frobnicate@monitorbot", chat_type="group", lang="en"))
    assert sent == "I don't know that command, see /help"


async def test_edited_messages_are_ignored(chat, setup):
    assert await chat.say("How many fighters?", kind="edited_message", edit_date=int(time.time())) == []
    assert setup[1].asked == []


async def test_channel_posts_are_ignored(chat):
    post = chat.message("fighters", chat_type="channel")
    post.pop("from")
    assert await chat._process({"update_id": 999, "channel_post": post}) == []


@pytest.mark.parametrize("extra", [
    {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                 "is_animated": False, "is_video": False}},
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
])
async def test_stickers_and_photos_get_a_hint(chat, extra):
    (sent,) = sent_texts(await chat.say(None, lang="ru", **extra))
    assert sent == "Я понимаю только текстовые вопросы. Пожалуйста, напишите ваш вопрос."


async def test_stickers_in_groups_are_ignored(chat):
    sticker = {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                           "is_animated": False, "is_video": False}}
    assert await chat.say(None, chat_type="group", **sticker) == []


# --- failures ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,apology", [
    ("ru", "Извините, что-то пошло не так, и я не смог ответить. Ничего не изменено; попробуйте ещё раз."),
    ("en", "Sorry, something went wrong and I could not answer. Nothing was changed; please try again."),
])
async def test_failing_handler_apologises_in_user_language_and_logs_update_id(chat, caplog, lang, apology):
    text = {"ru": "боевики boom бум", "en": "fighters boom"}[lang]
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        calls = await chat.say(text, lang=lang)
    assert sent_texts(calls) == [apology]
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert re.match(r"update \d+ failed", record.getMessage()) and record.exc_info


async def test_token_never_reaches_the_logs(chat, caplog):
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("telegram.ext").debug("calling https://api.telegram.org/bot%s/getUpdates", TOKEN)
        try:
            raise RuntimeError(f"connect to https://api.telegram.org/bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            logging.getLogger("handlers.errors").exception("failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN not in text and "<token>" in text


# --- long replies -----------------------------------------------------------------------------

async def test_5000_line_answer_is_split_under_4096(chat, setup):
    setup[1].lines = 5000
    calls = await chat.say("fighters", lang="en")
    texts = sent_texts(calls)
    assert len(texts) > 10
    assert all(units(t) <= 4096 for t in texts)
    joined = "\n".join(texts)
    assert joined.count("line of a very long answer") == 5000
    assert all(t.count("<b>") == t.count("</b>") for t in texts)
    markups = [p.get("reply_markup") for m, p in calls if m == "sendMessage"]
    assert markups[-1] and not any(markups[:-1])


def test_split_closes_and_reopens_tags_across_messages():
    body = "<blockquote>" + "\n".join(f"row {i} &amp; <i>more</i>" for i in range(900)) + "</blockquote>"
    parts = split_html(body, limit=500)
    assert len(parts) > 5
    for part in parts:
        assert units(part) <= 500
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
        assert part.count("<i>") == part.count("</i>")
        assert "&amp" not in part.replace("&amp;", "")
    assert sum(p.count("row ") for p in parts) == 900


def test_split_a_single_overlong_line_at_spaces():
    parts = split_html("<b>" + "word " * 3000 + "</b>", limit=4096)
    assert len(parts) == 4 and all(units(p) <= 4096 and p.startswith("<b>") and p.endswith("</b>") for p in parts)


def test_short_text_is_one_message():
    assert split_html("<b>250</b> people") == ["<b>250</b> people"]
