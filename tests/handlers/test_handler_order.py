"""handlers/app.py checks free-text questions right after the conversations. That changes no
outcome only while no later handler takes free text and the question handlers take nothing
else: both are checked here on real Updates, for every handler of the group."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

from telegram import Update, User
from telegram.ext import ConversationHandler

from bot.config import Settings
from bot.store import Store
from handlers.app import build_application
from handlers.ask import group_text, private_text

BOT_ID = 999


def _update(message: dict) -> dict:
    base = {"message_id": 1, "date": int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()),
            "from": {"id": 5, "is_bot": False, "first_name": "A"}}
    return {"update_id": 1, "message": {**base, **message}}


def _updates() -> dict[str, dict]:
    private = {"id": 5, "type": "private", "first_name": "A"}
    group = {"id": -100, "type": "supergroup", "title": "T"}
    bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": "monitor_bot"}
    return {
        "question": _update({"chat": private, "text": "сколько казахстанцев воюет за ИГ?"}),
        "group mention": _update({"chat": group, "text": "@monitor_bot UZ fighters, latest?",
                                  "entities": [{"type": "mention", "offset": 0, "length": 12}]}),
        "group reply": _update({"chat": group, "text": "and in 2015?", "reply_to_message": {
            "message_id": 9, "date": 0, "chat": group, "from": bot_user, "text": "..."}}),
        "command": _update({"chat": private, "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}),
        "command in group": _update({"chat": group, "text": "/ask@monitor_bot KZ?",
                                     "entities": [{"type": "bot_command", "offset": 0, "length": 16}]}),
        "file": _update({"chat": private, "document": {"file_id": "f", "file_unique_id": "u", "file_name": "s.yaml"}}),
    }


def test_free_text_is_taken_only_by_the_question_handlers_and_they_take_nothing_else():
    store = Store.open(f"sqlite:///{tempfile.mkdtemp()}/order.db")
    app = build_application(Settings(token="1:x", api_url="http://127.0.0.1:1/bot", database_url="sqlite://"),
                            store, jobs=False)
    app.bot._bot_user = User(BOT_ID, "Bot", True, username="monitor_bot")  # as get_me at start
    handlers = app.handlers[0]
    questions = [i for i, h in enumerate(handlers) if getattr(h, "callback", None) in (private_text, group_text)]
    conversations = [i for i, h in enumerate(handlers) if isinstance(h, ConversationHandler)]
    assert len(questions) == 2 and max(conversations) < min(questions)  # after every conversation

    for name, data in _updates().items():
        update = Update.de_json(data, app.bot)
        takers = [i for i, h in enumerate(handlers)
                  if not isinstance(h, ConversationHandler) and h.check_update(update) not in (None, False)]
        if name in ("question", "group mention", "group reply"):
            assert takers and set(takers) <= set(questions), (name, [handlers[i] for i in takers])
        else:
            assert takers and not set(takers) & set(questions), (name, [handlers[i] for i in takers])
    store.close()
