"""A fake Telegram Bot API server and a chat harness for end-to-end tests of the real Application.

    api = await FakeBotAPI().start()            # 127.0.0.1, a free port; api.api_url
    tg = FakeTelegram(api)
    async with run_application(app, tg):        # app built with base_url=api.base_url
        reply = await tg.user_says("Сколько казахстанцев в ИГ?", lang="ru")
"""

from tests.fakebotapi.harness import (
    Button,
    FakeTelegram,
    InlineAnswer,
    InlineResult,
    Replies,
    Reply,
    run_application,
)
from tests.fakebotapi.objects import FakeChat, FakeUser
from tests.fakebotapi.server import DEFAULT_TOKEN, ApiError, Call, FakeBotAPI, UploadedFile
from tests.fakebotapi.telegram_html import HtmlParseError, parse_html, strip_html, utf16_len

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Button",
    "Call",
    "FakeBotAPI",
    "FakeChat",
    "FakeTelegram",
    "FakeUser",
    "HtmlParseError",
    "InlineAnswer",
    "InlineResult",
    "Replies",
    "Reply",
    "UploadedFile",
    "parse_html",
    "run_application",
    "strip_html",
    "utf16_len",
]
