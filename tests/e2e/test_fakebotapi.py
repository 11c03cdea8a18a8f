"""The fake Bot API and chat harness, tested with real python-telegram-bot Applications:
what a bot sends arrives as a user would see it, and Telegram's limits surface as errors."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.fakebotapi import FakeTelegram, HtmlParseError, parse_html, utf16_len
from tests.fakebotapi.echo import build_echo_application

# ---------------------------------------------------------------- a small bot to exercise the fake

SEND = {
    "long": lambda: "x" * 4097,
    "exact": lambda: "я" * 4096,
    "emoji": lambda: "😀" * 2049,  # 4098 UTF-16 units, 2049 characters
    "badhtml": lambda: "<b>Kazakhstan: 250 <i>KISI</b></i>",
    "unclosed": lambda: "<b>250",
    "div": lambda: "<div>250</div>",
    "amp": lambda: "<b>Smith & Co</b>",
    "nbsp": lambda: "250&nbsp;people",
    "goodhtml": lambda: '<b>250</b> — <a href="https://tengrinews.kz/">Tengri&amp;News</a> &lt;2014&gt;',
    "empty": lambda: "   ",
}


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/send <case>: send the text of that case as HTML."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(SEND[context.args[0]](), parse_mode=ParseMode.HTML)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/button <n>: a message with one button carrying n bytes of callback data."""
    assert update.effective_message is not None
    size = int(context.args[0])
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Sources", callback_data="why:" + "a" * (size - 4))],
         [InlineKeyboardButton("Site", url="https://example.org/")]]
    )
    await update.effective_message.reply_text("<b>250</b> (KISI)", parse_mode="HTML", reply_markup=markup)


async def _why_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == "why:forged":
        await query.answer("This answer has expired", show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(f"KISI, Tengri News, 2014-09-16 (asked by {query.from_user.id})")


async def _inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    assert query is not None
    count = 51 if query.query == "many" else 2
    results = [
        InlineQueryResultArticle(
            id=f"r{i}",
            title=f"KZ: {250 + i} fighters",
            description="KISI, 2014-09",
            input_message_content=InputTextMessageContent(
                f"<b>{250 + i}</b> Kazakhstanis (KISI, 2014-09)", parse_mode=ParseMode.HTML
            ),
        )
        for i in range(count)
    ]
    await query.answer(results, cache_time=5, is_personal=True)


# an 8 x 4 PNG header (the fake reads only the size), and a file that is no image
PNG_8X4 = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (8).to_bytes(4, "big") + (4).to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
PHOTOS = {"png": PNG_8X4, "text": b"not a picture", "thin": PNG_8X4[:16] + (1).to_bytes(4, "big") + (30).to_bytes(4, "big")}


async def _photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/photo <case>: the bot uploads that file as a photo, with a caption."""
    assert update.effective_message is not None
    await update.effective_message.reply_photo(PHOTOS[context.args[0]], caption="Chart: <b>KZ</b>",
                                               parse_mode="HTML", filename="chart.png")


async def _doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/doc: the bot sends a YAML export as a document."""
    assert update.effective_message is not None
    await update.effective_message.reply_document(
        b"version: 1\nestimates: []\n", filename="export.yaml", caption="<b>Export</b>", parse_mode="HTML"
    )


async def _received_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A user's document: download it through getFile and say how big it was."""
    message = update.effective_message
    assert message is not None and message.document is not None
    file = await message.document.get_file()
    data = await file.download_as_bytearray()
    await message.reply_text(f"{message.document.file_name}: {len(data)} bytes, starts {bytes(data[:10])!r}")


async def _edit_twice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/edit: send, edit to the same text (refused), then delete."""
    assert update.effective_message is not None
    sent = await update.effective_message.reply_text("draft")
    await context.bot.send_chat_action(update.effective_message.chat_id, "typing")
    try:
        await sent.edit_text("draft")
    except BadRequest as exc:
        await update.effective_message.reply_text(f"edit refused: {exc.message}")
    await sent.delete()


async def _post_init(app: Application) -> None:
    for code, start in (("", "What this bot does"), ("ru", "Что умеет бот"), ("kk", "Бот не істейді")):
        await app.bot.set_my_commands(
            [BotCommand("start", start), BotCommand("help", "Help")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code=code or None,
        )
    await app.bot.set_my_commands([BotCommand("ask", "Ask")], scope=BotCommandScopeAllGroupChats())
    await app.bot.set_my_description("Cited answers on security in Central Asia")


def _build_app(tg: FakeTelegram, errors: list[BaseException]) -> Application:
    app = (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(f"{tg.api_url}/bot")
        .base_file_url(f"{tg.api_url}/file/bot")
        .post_init(_post_init)
        .build()
    )
    app.add_handler(CommandHandler("send", _send))
    app.add_handler(CommandHandler("button", _button))
    app.add_handler(CommandHandler("doc", _doc))
    app.add_handler(CommandHandler("photo", _photo))
    app.add_handler(CommandHandler("edit", _edit_twice))
    app.add_handler(CallbackQueryHandler(_why_pressed))
    app.add_handler(InlineQueryHandler(_inline))
    app.add_handler(MessageHandler(filters.Document.ALL, _received_document))

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)  # type: ignore[arg-type]

    app.add_error_handler(on_error)
    return app


@pytest.fixture
async def bot(fake_telegram, running_bot):
    errors: list[BaseException] = []
    app = _build_app(fake_telegram, errors)
    tg = await running_bot(app)
    tg.errors = errors  # type: ignore[attr-defined]
    tg.app = app  # type: ignore[attr-defined]
    return tg


@pytest.fixture
async def echo(fake_telegram, running_bot):
    return await running_bot(build_echo_application(fake_telegram.token, fake_telegram.api_url))


# ---------------------------------------------------------------- round trips


async def test_initialize_calls_getme_and_the_bot_knows_its_name(echo: FakeTelegram):
    assert echo.application.bot.username == "monitor_test_bot"
    assert echo.application.bot.id == 123
    assert echo.api.calls[0].method == "getMe"


async def test_echo_round_trip_in_russian(echo: FakeTelegram):
    reply = await echo.user_says("Сколько казахстанцев воюет за ИГ?", user_id=77, lang="ru")
    assert reply.text == "Сколько казахстанцев воюет за ИГ?"
    assert reply.method == "sendMessage"
    assert reply.chat_id == 77
    message = reply.first.message
    assert message["from"]["username"] == "monitor_test_bot" and message["from"]["is_bot"]
    assert len(reply) == 1


async def test_updates_are_confirmed_and_not_delivered_twice(echo: FakeTelegram):
    first = await echo.user_says("one")
    second = await echo.user_says("two")
    assert (first.text, second.text) == ("one", "two")
    assert len(echo.sent(1001)) == 2
    assert echo.api.pending_updates == []


async def test_echo_in_a_group_and_an_edited_message(echo: FakeTelegram):
    said = await echo.user_says("KZ fighters", chat_type="supergroup", chat_id=-100777)
    assert said.chat_id == -100777
    edited = await echo.edited_message(said, "KG fighters")
    assert edited.text == "KG fighters"


async def test_messages_without_text_get_no_echo(echo: FakeTelegram):
    assert not await echo.sticker()
    await echo.photo(caption=None)
    await echo.expect_no_reply()


async def test_expect_no_reply_fails_when_the_bot_answers(echo: FakeTelegram):
    await echo.group_message("hello", mention=True)
    with pytest.raises(AssertionError, match="expected no reply"):
        await echo.expect_no_reply()


async def test_user_says_names_the_calls_when_the_bot_stays_silent(echo: FakeTelegram):
    with pytest.raises(AssertionError, match="sent nothing to chat 1001"):
        await echo.user_says("/start", timeout=0.5)


async def test_channel_post_is_delivered_as_a_channel_post(echo: FakeTelegram):
    replies = await echo.channel_post("news")
    # The echo bot answers channel posts too: the harness records it in the channel.
    assert replies.text == "news" and replies.chat_id == -1002002002


# ---------------------------------------------------------------- limits surface as BadRequest


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("long", "Message is too long"),
        ("emoji", "Message is too long"),
        ("badhtml", 'Can\'t parse entities: unmatched end tag at byte offset 26, expected "</i>", found "</b>"'),
        ("unclosed", 'Can\'t parse entities: can\'t find end tag corresponding to start tag "b"'),
        ("div", 'Can\'t parse entities: unsupported start tag "div" at byte offset 0'),
        ("amp", "Can't parse entities: character '&' must be escaped as &amp;"),
        ("nbsp", 'Can\'t parse entities: unsupported html entity "&nbsp;"'),
        ("empty", "Message text is empty"),
    ],
)
async def test_telegram_limits_raise_bad_request_in_the_bot(bot: FakeTelegram, case: str, expected: str):
    replies = await bot.group_message(f"/send {case}", chat_type="private", chat_id=1001)
    assert not replies  # nothing reached the user
    assert [c.status for c in replies.errors] == [400]
    (error,) = bot.errors  # type: ignore[attr-defined]
    assert isinstance(error, BadRequest)
    assert error.message.startswith(expected)


async def test_exactly_4096_characters_and_valid_html_pass(bot: FakeTelegram):
    long = await bot.user_says("/send exact")
    assert len(long.plain) == 4096
    good = await bot.user_says("/send goodhtml")
    assert good.plain == "250 — Tengri&News <2014>"
    entities = good.first.message["entities"]
    assert entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "text_link", "offset": 6, "length": 11, "url": "https://tengrinews.kz/"},
    ]
    assert not bot.errors  # type: ignore[attr-defined]


async def test_callback_data_over_64_bytes_is_button_data_invalid(bot: FakeTelegram):
    ok = await bot.user_says("/button 64")
    assert ok.button_texts == ["Sources", "Site"]
    refused = await bot.group_message("/button 65", chat_type="private", chat_id=1001)
    assert not refused
    (error,) = bot.errors  # type: ignore[attr-defined]
    assert isinstance(error, BadRequest) and error.message == "Button_data_invalid"


async def test_press_a_button_edits_the_message_as_the_same_user(bot: FakeTelegram):
    reply = await bot.user_says("/button 10", user_id=555)
    pressed = await bot.press(reply, "Sources")
    assert pressed.answered and pressed.answer.get("text") is None
    assert pressed.method == "editMessageText"
    assert pressed.text == "KISI, Tengri News, 2014-09-16 (asked by 555)"
    # The message on the "server" changed and lost its keyboard, as in Telegram.
    assert reply.first.message["text"].startswith("KISI") and "reply_markup" not in reply.first.message


async def test_forged_callback_gets_an_alert(bot: FakeTelegram):
    reply = await bot.user_says("/button 10")
    pressed = await bot.press(reply, data="why:forged")
    assert pressed.answer["text"] == "This answer has expired" and pressed.answer["show_alert"]
    assert not pressed  # nothing sent or edited


async def test_press_by_unknown_button_lists_the_buttons(bot: FakeTelegram):
    reply = await bot.user_says("/button 10")
    with pytest.raises(AssertionError, match=r"buttons: \['Sources', 'Site'\]"):
        await bot.press(reply, "Nope")


async def test_inline_query_answer(bot: FakeTelegram):
    answer = await bot.inline("KZ fighters", user_id=42)
    assert [r.title for r in answer] == ["KZ: 250 fighters", "KZ: 251 fighters"]
    assert answer[0].description == "KISI, 2014-09"
    assert answer[0].plain == "250 Kazakhstanis (KISI, 2014-09)"
    assert answer.cache_time == 5 and answer.is_personal


async def test_more_than_50_inline_results_are_refused(bot: FakeTelegram):
    with pytest.raises(AssertionError, match="did not answer inline query"):
        await bot.inline("many", timeout=0.5)
    (error,) = bot.errors  # type: ignore[attr-defined]
    assert isinstance(error, BadRequest) and error.message == "Results_too_much"


async def test_command_menus_are_recorded_per_scope_and_language(bot: FakeTelegram):
    menus = bot.command_menus()
    assert menus[("all_private_chats", "ru")] == {"start": "Что умеет бот", "help": "Help"}
    assert menus[("all_private_chats", "kk")]["start"] == "Бот не істейді"
    assert bot.command_menu("", "all_private_chats")["start"] == "What this bot does"
    assert bot.command_menu("", "all_group_chats") == {"ask": "Ask"}
    assert bot.command_menu("ru", "all_group_chats") == {}
    commands = await bot.app.bot.get_my_commands(  # type: ignore[attr-defined]
        scope=BotCommandScopeAllPrivateChats(), language_code="ru"
    )
    assert [c.command for c in commands] == ["start", "help"]
    assert bot.api.descriptions[("description", "")] == "Cited answers on security in Central Asia"


async def test_bot_sends_a_document_and_downloads_a_users_file(bot: FakeTelegram):
    sent = await bot.user_says("/doc")
    assert sent.method == "sendDocument"
    assert sent.document.file_name == "export.yaml"
    assert sent.document.content == b"version: 1\nestimates: []\n"
    assert sent.plain == "Export"
    received = await bot.document(b"version: 1\nlaws: []\n", "laws.yaml", mime_type="application/yaml")
    assert received.text == "laws.yaml: 20 bytes, starts b'version: 1'"


async def test_bot_sends_a_photo_upload_and_telegram_checks_it(bot: FakeTelegram):
    sent = await bot.user_says("/photo png")
    assert sent.method == "sendPhoto" and sent.photo.content == PNG_8X4
    assert sent.plain == "Chart: KZ"
    (size,) = sent.message["photo"]
    assert (size["width"], size["height"]) == (8, 4) and size["file_id"] == sent.photo.file_id
    not_an_image = await bot.group_message("/photo text", chat_type="private", chat_id=1001)
    assert not not_an_image and "IMAGE_PROCESS_FAILED" in not_an_image.errors[0].error
    too_thin = await bot.group_message("/photo thin", chat_type="private", chat_id=1001)
    assert not too_thin and "PHOTO_INVALID_DIMENSIONS" in too_thin.errors[0].error


async def test_editing_to_the_same_text_is_not_modified_and_delete_works(bot: FakeTelegram):
    replies = await bot.user_says("/edit")
    assert replies.texts[0] == "draft"
    assert replies.texts[1].startswith("edit refused: Message is not modified")
    assert [c.method for c in replies.calls] == [
        "sendMessage", "sendChatAction", "editMessageText", "sendMessage", "deleteMessage"
    ]
    assert (1001, replies.first.message_id) not in bot.api.messages


# ---------------------------------------------------------------- failure knobs


async def test_blocked_user_gives_forbidden(bot: FakeTelegram):
    bot.api.block(1001)
    replies = await bot.group_message("/button 10", chat_type="private", chat_id=1001)
    assert not replies and replies.errors[0].status == 403
    (error,) = bot.errors  # type: ignore[attr-defined]
    assert isinstance(error, Forbidden) and "bot was blocked by the user" in error.message


async def test_throttle_gives_retry_after_then_recovers(bot: FakeTelegram, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB 22 warns on int retry_after otherwise
    bot.api.throttle(1, retry_after=3, methods=["sendMessage"])
    await bot.group_message("/button 10", chat_type="private", chat_id=1001)
    (error,) = bot.errors  # type: ignore[attr-defined]
    assert isinstance(error, RetryAfter) and error.retry_after.total_seconds() == 3
    again = await bot.user_says("/button 10")
    assert again.text == "<b>250</b> (KISI)"


# ---------------------------------------------------------------- the HTTP surface directly


async def test_http_surface_unknown_token_unknown_method_and_json_bodies(fake_telegram: FakeTelegram):
    base = fake_telegram.api_url
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{base}/bot999:NOPE/getMe")
        assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
        missing = await client.post(f"{base}/bot{fake_telegram.token}/sendTelepathy")
        assert missing.status_code == 404
        fake_telegram.chat(5, "private")
        sent = await client.post(
            f"{base}/bot{fake_telegram.token}/sendMessage", json={"chat_id": 5, "text": "<b>hi</b>", "parse_mode": "HTML"}
        )
        assert sent.json()["result"]["text"] == "hi"
        nowhere = await client.post(f"{base}/bot{fake_telegram.token}/sendMessage", json={"chat_id": 6, "text": "x"})
        assert nowhere.json()["description"] == "Bad Request: chat not found"


async def test_delay_slows_one_method_and_records_the_call_when_taken(fake_telegram: FakeTelegram):
    base = f"{fake_telegram.api_url}/bot{fake_telegram.token}"
    fake_telegram.chat(5, "private")
    fake_telegram.api.delay("sendMessage", 0.3)
    async with httpx.AsyncClient() as client:
        started = time.monotonic()
        await client.post(f"{base}/getMe")
        assert time.monotonic() - started < 0.25  # other methods are not slowed
        started = time.monotonic()
        sending = asyncio.create_task(client.post(f"{base}/sendMessage", json={"chat_id": 5, "text": "slow"}))
        await asyncio.sleep(0.1)
        assert not fake_telegram.api.calls_to("sendMessage")  # still waiting: not taken yet
        sent = await sending
        assert sent.json()["result"]["text"] == "slow" and time.monotonic() - started >= 0.3
        assert len(fake_telegram.api.calls_to("sendMessage", ok=True)) == 1
        fake_telegram.api.delay("sendMessage", 0)
        started = time.monotonic()
        await client.post(f"{base}/sendMessage", json={"chat_id": 5, "text": "fast"})
        assert time.monotonic() - started < 0.25


async def test_long_poll_returns_as_soon_as_an_update_is_queued(fake_telegram: FakeTelegram):
    url = f"{fake_telegram.api_url}/bot{fake_telegram.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        started = time.monotonic()
        poll = asyncio.create_task(client.post(url, data={"timeout": "10"}))
        await asyncio.sleep(0.05)
        fake_telegram.queue({"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "hi"}})
        response = await poll
        assert time.monotonic() - started < 1.0
        (update,) = response.json()["result"]
        # Not confirmed yet: delivered again until the offset moves past it.
        again = await client.post(url, data={"timeout": "0"})
        assert again.json()["result"][0]["update_id"] == update["update_id"]
        confirmed = await client.post(url, data={"offset": str(update["update_id"] + 1), "timeout": "0"})
        assert confirmed.json()["result"] == []


async def test_allowed_updates_filters_and_webhook_conflicts(fake_telegram: FakeTelegram):
    url = f"{fake_telegram.api_url}/bot{fake_telegram.token}"
    fake_telegram.queue({"inline_query": {"id": "1", "from": {"id": 1, "is_bot": False, "first_name": "A"}, "query": "", "offset": ""}})
    fake_telegram.queue({"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "hi"}})
    async with httpx.AsyncClient() as client:
        got = await client.post(f"{url}/getUpdates", data={"allowed_updates": '["message"]'})
        assert [list(u)[1] for u in got.json()["result"]] == ["message"]
        await client.post(f"{url}/setWebhook", data={"url": "https://example.org/hook"})
        conflict = await client.post(f"{url}/getUpdates")
        assert conflict.status_code == 409
        info = await client.post(f"{url}/getWebhookInfo")
        assert info.json()["result"]["url"] == "https://example.org/hook"


async def test_a_second_poller_terminates_the_first(fake_telegram: FakeTelegram):
    url = f"{fake_telegram.api_url}/bot{fake_telegram.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        first = asyncio.create_task(client.post(url, data={"timeout": "5"}))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(client.post(url, data={"timeout": "0"}))
        assert (await second).json()["result"] == []
        fake_telegram.queue({"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "x"}})
        response = await first
        assert response.status_code == 409 and "terminated by other getUpdates" in response.json()["description"]


# ---------------------------------------------------------------- the HTML checker itself


def test_html_nested_tags_give_utf16_entities():
    text, entities = parse_html("😀 <b>Қазақстан <i>250</i></b> <code>a&lt;b</code>")
    assert text == "😀 Қазақстан 250 a<b"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 13},
        {"type": "italic", "offset": 13, "length": 3},
        {"type": "code", "offset": 17, "length": 3},
    ]
    assert utf16_len("😀") == 2


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("x</b>", 'Unexpected end tag "b"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<br/>", 'Unsupported start tag "br"'),
        ("<p>x</p>", 'Unsupported start tag "p"'),
        ("<b", "Unclosed start tag"),
        ("a < b", "Unclosed start tag at byte offset 2"),
        ("a <> b", "Empty tag name at byte offset 2"),
        ("a > b", "Character '>' must be escaped"),
        ("&amp", "Character '&' must be escaped"),
        ("&copy;", 'Unsupported HTML entity "&copy;"'),
        ('<a href="javascript:alert(1)">x</a>', "Wrong URL"),
        ("<pre><b>x</b></pre>", "can't be nested"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested"),
    ],
)
def test_html_errors(source: str, message: str):
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert message in str(caught.value)


def test_html_accepts_the_whole_supported_subset():
    source = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>t</strike>"
        '<del>d</del><tg-spoiler>p</tg-spoiler><span class="tg-spoiler">q</span>'
        "<a href='https://kisi.kz/?a=1&amp;b=2'>k</a><code>c</code>"
        '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>'
        "&#1178;&#x49A;&quot;"
    )
    text, entities = parse_html(source)
    assert text.endswith('x = 1qҚҚ"')
    kinds = [e["type"] for e in entities]
    assert kinds.count("bold") == 2 and "expandable_blockquote" in kinds and "spoiler" in kinds
    assert {"type": "pre", "offset": 13, "length": 5, "language": "python"} in entities
    assert any(e.get("url") == "https://kisi.kz/?a=1&b=2" for e in entities)


async def test_unhandled_errors_are_reported_by_the_fixture_helper(bot: FakeTelegram):
    await bot.group_message("/send long", chat_type="private", chat_id=1001)
    with pytest.raises(AssertionError, match="message is too long"):
        bot.assert_no_api_errors()


async def test_telegram_error_types_are_the_real_ones(bot: FakeTelegram):
    # A direct call through the running bot: the fake's 400 is PTB's BadRequest.
    with pytest.raises(TelegramError, match="Chat not found"):
        await bot.app.bot.send_message(chat_id=999, text="x")  # type: ignore[attr-defined]
