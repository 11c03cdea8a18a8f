"""An in-process Bot API: PTB's request layer answered from memory, for the console chat.

It answers getMe and friends, gives sendMessage & co. a well-formed reply, and hands every
call to `on_call(method, params)` so the console can print what the bot "sent".
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 1, "is_bot": True, "first_name": "monitorbot", "username": "monitorbot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}

Call = tuple[str, dict[str, Any]]


class MemoryBotAPI(BaseRequest):
    """Answers the Bot API methods the handlers use; every call is kept in `calls`."""

    def __init__(self, on_call: Callable[[str, dict[str, Any]], None] | None = None, bot_user: dict | None = None):
        self.on_call = on_call
        self.bot_user = dict(bot_user or BOT_USER)
        self.calls: list[Call] = []
        self._message_ids = itertools.count(1_000_000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id", 0)
        data = {"message_id": next(self._message_ids), "date": int(time.time()), "from": self.bot_user,
                "chat": {"id": chat_id, "type": "private" if isinstance(chat_id, int) and chat_id >= 0 else "group"},
                "text": params.get("text", "")}
        if params.get("reply_markup"):
            data["reply_markup"] = params["reply_markup"]
        return data

    def result_for(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return self.bot_user
        if method in {"sendDocument", "sendPhoto"}:  # /export, a chart: the console says it was sent (app/console.py)
            data = self._message(params)
            data.pop("text", None)
            files = list((params.get("_files") or {}).values())
            name = files[0][0] if files else "document"
            if method == "sendPhoto":
                data["photo"] = [{"file_id": "console-photo", "file_unique_id": "console-photo", "width": 1, "height": 1}]
            else:
                data["document"] = {"file_id": "console-file", "file_unique_id": "console-file", "file_name": name}
            if params.get("caption"):
                data["caption"] = params["caption"]
            return data
        if method in {"sendMessage", "editMessageText"}:
            if method == "editMessageText" and params.get("inline_message_id"):
                return True
            return self._message(params)
        if method == "getMyCommands":
            return []
        return True  # setMyCommands, answerCallbackQuery, answerInlineQuery, sendChatAction, ...

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
                         pool_timeout: Any = None) -> tuple[int, bytes]:
        api_method = url.rstrip("/").rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            # {part name: (file name, bytes, mime type)}: what an upload (/export) carried
            params["_files"] = {name: value for name, value in request_data.multipart_data.items()
                                if isinstance(value, tuple)}
        self.calls.append((api_method, params))
        if self.on_call is not None and api_method != "getMe":
            self.on_call(api_method, params)
        return 200, json.dumps({"ok": True, "result": self.result_for(api_method, params)}).encode()
