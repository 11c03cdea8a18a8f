"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) that python-telegram-bot talks to unmodified.

It hands out queued updates through getUpdates (long polling), records every call, and enforces
the real limits (4096-character messages, 64-byte callback data, strict HTML) so bugs show.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakebotapi.objects import FakeChat, FakeUser, message_dict, now
from tests.fakebotapi.telegram_html import HtmlParseError, parse_html, utf16_len

DEFAULT_TOKEN = "123:TEST"
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
INLINE_RESULTS_LIMIT = 50

# Updates Telegram delivers when allowed_updates was never set (or set to []).
DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)

# Form and multipart values PTB sends as raw strings (everything else is JSON-encoded).
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "language_code",
        "url",
        "action",
        "file_id",
        "document",
        "photo",
        "thumbnail",
        "next_offset",
        "secret_token",
        "ip_address",
        "custom_title",
        "business_connection_id",
        "message_effect_id",
    }
)

# Methods that send into or change a chat: blocked chats and reply waiters look at these.
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "editmessagetext",
        "editmessagereplymarkup",
        "deletemessage",
        "sendchataction",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "pay",
    "callback_game",
    "copy_text",
)
_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_MDV2_RESERVED = set("#+-={}.!")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """An error answer: HTTP status, Bot API description, optional ResponseParameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


PHOTO_MAX_BYTES = 10 * 1024 * 1024


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or baseline/progressive JPEG; None for anything else."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(content) and content[i] == 0xFF:
            marker, length = content[i + 1], int.from_bytes(content[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                return int.from_bytes(content[i + 7 : i + 9], "big"), int.from_bytes(content[i + 5 : i + 7], "big")
            i += 2 + length
    return None


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class UploadedFile:
    """A file the bot uploaded, or one a test put on the server for the bot to download."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    content: bytes
    mime_type: str | None
    file_path: str

    def as_document(self) -> dict:
        data: dict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data


@dataclass
class Call:
    """One request the bot made: method (as the bot spelled it), decoded params, outcome."""

    seq: int
    method: str
    params: dict
    time: float  # time.monotonic() when it arrived
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int = 200
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def name(self) -> str:
        """The method name in lower case (the Bot API is case-insensitive)."""
        return self.method.lower()

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    def __repr__(self) -> str:
        outcome = "ok" if self.ok else f"{self.status} {self.error}"
        shown = {k: v for k, v in self.params.items() if k != "results"}
        return f"<Call #{self.seq} {self.method} {shown} -> {outcome}>"


@dataclass
class _Fault:
    status: int
    description: str
    parameters: dict | None
    methods: frozenset[str] | None
    remaining: int


class FakeBotAPI:
    """The server and its state. Start it with `await api.start()`; stop with `await api.stop()`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "monitor_test_bot",
        bot_name: str = "Monitor Test Bot",
    ):
        self.token = token
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[tuple[int, int], dict] = {}  # (chat id, message id) -> Message
        self.bot_message_keys: set[tuple[int, int]] = set()
        self.files: dict[str, UploadedFile] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}  # (scope json, lang) -> commands
        self.descriptions: dict[tuple[str, str], str] = {}  # (kind, lang) -> text
        self.webhook: dict | None = None
        self.callback_queries: dict[str, dict] = {}  # id -> {"answered": call or None, ...}
        self.inline_queries: dict[str, dict] = {}
        self.blocked_chats: set[int] = set()
        self.confirmed_offset = 0  # every update_id below this was confirmed by the bot
        self.delivered_up_to = 0  # highest update_id handed out by getUpdates

        self._updates: list[dict] = []
        self._allowed: frozenset[str] = DEFAULT_ALLOWED
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._next_query_id = 1
        self._next_file = 1
        self._seq = 0
        self._faults: list[_Fault] = []
        self._delays: dict[str, float] = {}  # method (lower case) -> seconds, see delay()
        self._update_event = asyncio.Event()
        self._watchers: set[asyncio.Event] = set()
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # ----------------------------------------------------------------- lifecycle

    @property
    def api_url(self) -> str:
        """What goes in TELEGRAM_API_URL / Settings.api_url."""
        if self.port is None:
            raise RuntimeError("the fake Bot API is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_url}/file/bot"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotAPI:
        # Bind the socket ourselves so port 0 gives a free port we can read back.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._update_event.set()  # release a long poll still waiting
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- test-side state

    def add_user(self, user: FakeUser) -> FakeUser:
        self.users[user.id] = user
        return user

    def add_chat(self, chat: FakeChat) -> FakeChat:
        known = self.chats.get(chat.id)
        if known is not None:
            return known
        self.chats[chat.id] = chat
        return chat

    def next_message_id(self, chat_id: int) -> int:
        value = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = value + 1
        return value

    def next_query_id(self) -> str:
        value = self._next_query_id
        self._next_query_id += 1
        return f"{self.bot_user['id']}{value:06d}"

    def store_message(self, message: dict) -> None:
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def queue_update(self, update: dict) -> int:
        """Queue an update for getUpdates; assigns update_id if missing and returns it."""
        update_id = update.get("update_id", self._next_update_id)
        update = {"update_id": update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        self._updates.append(update)
        self._seq += 1
        self._update_event.set()
        return update["update_id"]

    @property
    def pending_updates(self) -> list[dict]:
        return list(self._updates)

    def put_file(
        self, content: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> UploadedFile:
        """Put a file on the server (as if a user had sent it) so the bot can getFile it."""
        n = self._next_file
        self._next_file += 1
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        record = UploadedFile(
            file_id=f"BQACAgIAAx{n:08d}",
            file_unique_id=f"AgAD{n:04d}",
            file_name=file_name,
            content=content,
            mime_type=mime_type,
            file_path=f"documents/file_{n}{suffix}",
        )
        self.files[record.file_id] = record
        return record

    def block(self, chat_id: int) -> None:
        """From now on every send to this chat fails with 403 (the user blocked the bot)."""
        self.blocked_chats.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked_chats.discard(chat_id)

    def throttle(
        self, calls: int, retry_after: int = 1, methods: Iterable[str] | None = None
    ) -> None:
        """The next `calls` calls (of `methods`, default every method but getUpdates) get 429."""
        self.fail_next(
            calls,
            429,
            f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
            methods=methods,
        )

    def fail_next(
        self,
        calls: int,
        status: int,
        description: str,
        *,
        parameters: dict | None = None,
        methods: Iterable[str] | None = None,
    ) -> None:
        """The next `calls` matching calls fail with this status and description."""
        names = frozenset(m.lower() for m in methods) if methods is not None else None
        self._faults.append(_Fault(status, description, parameters, names, calls))

    def delay(self, method: str, seconds: float) -> None:
        """From now on every call of `method` waits `seconds` before the server takes it: a slow
        Bot API, so a round of sends lasts long enough to be interrupted. The call is recorded, and
        its message delivered, when the wait is over (even if the bot has gone meanwhile, as with
        Telegram). 0 removes the delay."""
        if seconds > 0:
            self._delays[method.lower()] = seconds
        else:
            self._delays.pop(method.lower(), None)

    def calls_to(self, *methods: str, ok: bool | None = None) -> list[Call]:
        names = {m.lower() for m in methods}
        return [
            c for c in self.calls if c.name in names and (ok is None or c.ok == ok)
        ]

    @property
    def errors(self) -> list[Call]:
        """Calls the server refused (4xx/5xx), getUpdates conflicts excluded."""
        return [c for c in self.calls if not c.ok and c.name != "getupdates"]

    @property
    def seq(self) -> int:
        """A counter that moves on every queued update and every call: 'what happened after X'."""
        return self._seq

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until predicate() is true, re-checking after every call; False on timeout."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            event = asyncio.Event()
            self._watchers.add(event)
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass
            finally:
                self._watchers.discard(event)
        return True

    def _notify(self) -> None:
        for event in self._watchers:
            event.set()

    # ----------------------------------------------------------------- HTTP

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        path = request.match_info["path"]
        for record in self.files.values():
            if record.file_path == path:
                return web.Response(body=record.content)
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params, files = await _read_params(request)
        wait = self._delays.get(method.lower())
        if wait:
            await asyncio.sleep(wait)
        self._seq += 1
        call = Call(self._seq, method, params, time.monotonic(), files)
        self.calls.append(call)
        try:
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            self._apply_faults(call)
            call.result = await handler(params, files)
        except ApiError as err:
            call.status = err.status
            call.error = err.description
            body: dict = {"ok": False, "error_code": err.status, "description": err.description}
            if err.parameters:
                body["parameters"] = err.parameters
            self._notify()
            return web.json_response(body, status=err.status)
        self._notify()
        return web.json_response({"ok": True, "result": call.result})

    def _apply_faults(self, call: Call) -> None:
        name = call.name
        for fault in self._faults:
            if fault.remaining <= 0:
                continue
            if fault.methods is None and name == "getupdates":
                continue
            if fault.methods is not None and name not in fault.methods:
                continue
            fault.remaining -= 1
            raise ApiError(fault.status, fault.description, fault.parameters)
        chat_id = call.params.get("chat_id")
        if name in SEND_METHODS and chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    # ----------------------------------------------------------------- helpers

    def _chat(self, chat_id: Any) -> FakeChat:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == chat_id[1:].lower():
                    return chat
        elif isinstance(chat_id, int) and chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id is None:
            raise bad_request("chat_id is empty")
        raise bad_request("chat not found")

    def _format(
        self,
        text: Any,
        parse_mode: str | None,
        entities: list | None,
        *,
        limit: int,
        too_long: str,
        empty: str | None,
    ) -> tuple[str, list[dict]]:
        """Apply parse_mode; return (plain text, entities); raise the Bot API's 400s."""
        if text is None:
            text = ""
        if not isinstance(text, str):
            text = str(text)
        if parse_mode:
            mode = parse_mode.lower()
            if mode == "html":
                try:
                    plain, found = parse_html(text)
                except HtmlParseError as err:
                    raise bad_request(f"can't parse entities: {err}") from None
            elif mode == "markdownv2":
                plain, found = _check_markdown_v2(text), []
            elif mode == "markdown":
                plain, found = text, []
            else:
                raise bad_request(f"unsupported parse_mode {parse_mode!r}")
        else:
            plain, found = text, list(entities or [])
        if empty is not None and not plain.strip():
            raise bad_request(empty)
        if utf16_len(plain) > limit:
            raise bad_request(too_long)
        return plain, found

    def _reply_target(self, chat: FakeChat, params: dict) -> dict | None:
        reply = params.get("reply_parameters")
        message_id = None
        allow_missing = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") not in (None, chat.id):
                return None  # a reply into another chat: not modelled
        elif params.get("reply_to_message_id") is not None:
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        target = self.messages.get((chat.id, message_id))
        if target is None and not allow_missing:
            raise bad_request("message to be replied not found")
        if target is None:
            return None
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _bot_message(self, chat: FakeChat, **fields: Any) -> dict:
        message = message_dict(
            message_id=self.next_message_id(chat.id),
            chat=chat,
            sender=dict(self.bot_user),
            **fields,
        )
        self.store_message(message)
        self.bot_message_keys.add((chat.id, message["message_id"]))
        return message

    def _editable(self, params: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        message_id = params.get("message_id")
        message = self.messages.get((chat.id, message_id)) if message_id is not None else None
        if message is None:
            raise bad_request("message to edit not found")
        if (chat.id, message_id) not in self.bot_message_keys:
            raise bad_request("message can't be edited")
        return message

    # ----------------------------------------------------------------- methods: bot and updates

    async def _m_getme(self, params: dict, files: dict) -> dict:
        return dict(self.bot_user)

    async def _m_logout(self, params: dict, files: dict) -> bool:
        return True

    async def _m_close(self, params: dict, files: dict) -> bool:
        return True

    async def _m_getupdates(self, params: dict, files: dict) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self._notify()  # the harness waits for this: PTB has queued what it fetched
        elif isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            # Telegram never delivers updates of a type the bot did not ask for.
            self._updates = [u for u in self._updates if _update_type(u) in self._allowed]
            batch = self._updates[:limit]
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            remaining = deadline - time.monotonic()
            if batch or self._closing or remaining <= 0:
                if batch:
                    self.delivered_up_to = max(self.delivered_up_to, batch[-1]["update_id"])
                return batch
            self._update_event.clear()
            try:
                await asyncio.wait_for(self._update_event.wait(), remaining)
            except TimeoutError:
                pass

    async def _m_setwebhook(self, params: dict, files: dict) -> bool:
        url = params.get("url") or ""
        if not url:
            self.webhook = None
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(params)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_deletewebhook(self, params: dict, files: dict) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict, files: dict) -> dict:
        info: dict = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook and self.webhook.get("allowed_updates") is not None:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    # ----------------------------------------------------------------- methods: commands, profile

    async def _m_setmycommands(self, params: dict, files: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("field \"commands\" must be an Array")
        if len(commands) > 100:
            raise bad_request("too many commands")
        for item in commands:
            if not isinstance(item, dict) or not _COMMAND_NAME_RE.match(str(item.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            description = str(item.get("description", ""))
            if not description.strip() or len(description) > 256:
                raise bad_request("command description is empty" if not description.strip()
                                  else "BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.commands.pop(key, None)
        return True

    async def _m_getmycommands(self, params: dict, files: dict) -> list[dict]:
        return list(self.commands.get(self._commands_key(params), []))

    async def _m_deletemycommands(self, params: dict, files: dict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _commands_key(self, params: dict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad_request("can't parse BotCommandScope")
        lang = params.get("language_code") or ""
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), lang

    async def _set_text(self, kind: str, params: dict, limit: int) -> bool:
        text = params.get(kind) or ""
        if len(text) > limit:
            raise bad_request(f"{kind.upper()}_INVALID")
        lang = params.get("language_code") or ""
        if text:
            self.descriptions[(kind, lang)] = text
        else:
            self.descriptions.pop((kind, lang), None)
        return True

    async def _m_setmydescription(self, params: dict, files: dict) -> bool:
        return await self._set_text("description", params, 512)

    async def _m_setmyshortdescription(self, params: dict, files: dict) -> bool:
        return await self._set_text("short_description", params, 120)

    async def _m_setmyname(self, params: dict, files: dict) -> bool:
        return await self._set_text("name", params, 64)

    async def _m_getmydescription(self, params: dict, files: dict) -> dict:
        lang = params.get("language_code") or ""
        return {"description": self.descriptions.get(("description", lang), "")}

    async def _m_getmyshortdescription(self, params: dict, files: dict) -> dict:
        lang = params.get("language_code") or ""
        return {"short_description": self.descriptions.get(("short_description", lang), "")}

    async def _m_getmyname(self, params: dict, files: dict) -> dict:
        lang = params.get("language_code") or ""
        return {"name": self.descriptions.get(("name", lang), self.bot_user["first_name"])}

    # ----------------------------------------------------------------- methods: messages

    async def _m_sendmessage(self, params: dict, files: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        text, entities = self._format(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=MESSAGE_LIMIT,
            too_long="message is too long",
            empty="message text is empty",
        )
        markup = params.get("reply_markup")
        _check_markup(markup)
        reply_to = self._reply_target(chat, params)
        return self._bot_message(
            chat,
            text=text,
            entities=entities,
            reply_to_message=reply_to,
            reply_markup=markup if _is_inline(markup) else None,
        )

    async def _m_editmessagetext(self, params: dict, files: dict) -> dict | bool:
        text, entities = self._format(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=MESSAGE_LIMIT,
            too_long="MESSAGE_TOO_LONG",
            empty="message text is empty",
        )
        markup = params.get("reply_markup")
        _check_markup(markup)
        if params.get("inline_message_id"):
            return True
        message = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        new_markup = markup if _is_inline(markup) else None
        if (
            message.get("text") == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == new_markup
        ):
            raise bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        message.pop("reply_markup", None)
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = now()
        return dict(message)

    async def _m_editmessagereplymarkup(self, params: dict, files: dict) -> dict | bool:
        markup = params.get("reply_markup")
        _check_markup(markup)
        if params.get("inline_message_id"):
            return True
        message = self._editable(params)
        new_markup = markup if _is_inline(markup) else None
        if message.get("reply_markup") == new_markup:
            raise bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        message.pop("reply_markup", None)
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = now()
        return dict(message)

    async def _m_deletemessage(self, params: dict, files: dict) -> bool:
        chat = self._chat(params.get("chat_id"))
        key = (chat.id, params.get("message_id"))
        if key not in self.messages:
            raise bad_request("message to delete not found")
        del self.messages[key]
        self.bot_message_keys.discard(key)  # type: ignore[arg-type]
        return True

    async def _m_sendchataction(self, params: dict, files: dict) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _input_file(self, field: str, params: dict, files: dict) -> UploadedFile:
        """The file a send* method carries in `field`: uploaded (multipart), attach://, or a
        file_id already on the server; kept on the server and in files[field]."""
        value = params.get(field)
        record: UploadedFile | None = None
        if field in files:
            record = files[field]
        elif isinstance(value, str) and value.startswith("attach://"):
            record = files.get(value[len("attach://") :])
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        elif isinstance(value, str) and value:
            record = self.files.get(value)
            if record is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if record is None:
            raise bad_request(f"there is no {field} in the request")
        if not record.content:
            raise bad_request("file must be non-empty")
        if record.file_id not in self.files:
            record = self.put_file(record.content, record.file_name, record.mime_type)
            files[field] = record
        return record

    async def _m_senddocument(self, params: dict, files: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        record = self._input_file("document", params, files)
        return self._media_message(chat, params, {"document": record.as_document()})

    def _media_message(self, chat: FakeChat, params: dict, extra: dict) -> dict:
        """The message a send* of a file makes: the file's field, its caption and inline buttons."""
        caption, caption_entities = self._format(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            limit=CAPTION_LIMIT,
            too_long="message caption is too long",
            empty=None,
        )
        markup = params.get("reply_markup")
        _check_markup(markup)
        if caption:
            extra["caption"] = caption
            if caption_entities:
                extra["caption_entities"] = caption_entities
        return self._bot_message(
            chat,
            reply_to_message=self._reply_target(chat, params),
            reply_markup=markup if _is_inline(markup) else None,
            **extra,
        )

    async def _m_sendphoto(self, params: dict, files: dict) -> dict:
        """A photo as Telegram takes it: at most 10 MB, width + height at most 10,000, a side
        ratio of at most 20; the message carries its PhotoSize. Only PNG and JPEG are decoded."""
        chat = self._chat(params.get("chat_id"))
        record = self._input_file("photo", params, files)
        if len(record.content) > PHOTO_MAX_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        size = image_size(record.content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        photo = {"file_id": record.file_id, "file_unique_id": record.file_unique_id,
                 "file_size": len(record.content), "width": width, "height": height}
        return self._media_message(chat, params, {"photo": [photo]})

    async def _m_getfile(self, params: dict, files: dict) -> dict:
        record = self.files.get(params.get("file_id") or "")
        if record is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_size": len(record.content),
            "file_path": record.file_path,
        }

    # ----------------------------------------------------------------- methods: queries

    async def _m_answercallbackquery(self, params: dict, files: dict) -> bool:
        query = self.callback_queries.get(str(params.get("callback_query_id")))
        if query is None or query["answer"] is not None:
            raise bad_request(_QUERY_TOO_OLD[len("Bad Request: ") :])
        text = params.get("text") or ""
        if len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query["answer"] = dict(params)
        return True

    async def _m_answerinlinequery(self, params: dict, files: dict) -> bool:
        query = self.inline_queries.get(str(params.get("inline_query_id")))
        if query is None or query["answer"] is not None:
            raise bad_request(_QUERY_TOO_OLD[len("Bad Request: ") :])
        results = params.get("results")
        if not isinstance(results, list):
            raise bad_request("field \"results\" must be an Array")
        if len(results) > INLINE_RESULTS_LIMIT:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not result_id or len(result_id.encode()) > 64:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result.get("type") == "article" and not result.get("title"):
                raise bad_request("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._format(
                    content["message_text"],
                    content.get("parse_mode"),
                    content.get("entities"),
                    limit=MESSAGE_LIMIT,
                    too_long="MESSAGE_TOO_LONG",
                    empty="MESSAGE_EMPTY",
                )
            _check_markup(result.get("reply_markup"))
        query["answer"] = dict(params)
        return True

    # ----------------------------------------------------------------- methods: chats

    async def _m_getchat(self, params: dict, files: dict) -> dict:
        return self._chat(params.get("chat_id")).full_info()

    async def _m_getchatmember(self, params: dict, files: dict) -> dict:
        chat = self._chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if user_id == self.bot_user["id"]:
            user = dict(self.bot_user)
            status = chat.members.get(user_id, "member" if chat.type != "private" else "member")
        elif user_id in self.users:
            user = self.users[user_id].to_dict()
            status = chat.members.get(user_id, "member" if chat.type == "private" else "left")
        else:
            raise bad_request("user not found")
        return _chat_member(status, user)


# --------------------------------------------------------------------- module helpers


def _update_type(update: dict) -> str:
    return next((k for k in update if k != "update_id"), "")


def _is_inline(markup: Any) -> bool:
    """An inline keyboard with at least one row: what Telegram keeps on the message."""
    return isinstance(markup, dict) and bool(markup.get("inline_keyboard"))


def _check_markup(markup: Any) -> None:
    """Validate reply_markup the way Telegram does for the parts bots get wrong."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if len(actions) != 1:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                    if not actions
                    else "can't parse inline keyboard button: more than one action"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                url = str(button["url"])
                if not url.startswith(("http://", "https://", "tg://")):
                    raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _check_markdown_v2(text: str) -> str:
    """A light MarkdownV2 check: characters that are never markup must be escaped outside code."""
    out: list[str] = []
    i = 0
    in_code = False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        elif not in_code and ch in _MDV2_RESERVED:
            raise bad_request(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped with "
                "the preceding '\\'"
            )
        elif ch not in "*_~|[]()`":
            out.append(ch)
        i += 1
    return "".join(out)


def _chat_member(status: str, user: dict) -> dict:
    if status == "administrator":
        flags = (
            "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats "
            "can_restrict_members can_promote_members can_change_info can_invite_users "
            "can_post_stories can_edit_stories can_delete_stories"
        ).split()
        member = {name: False for name in flags}
        member.update(can_manage_chat=True, can_delete_messages=True, can_invite_users=True)
        return {"status": "administrator", "user": user, **member}
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    if status == "restricted":
        raise bad_request("restricted members are not modelled by the fake")
    return {"status": status, "user": user}


async def _read_params(request: web.Request) -> tuple[dict, dict[str, UploadedFile]]:
    """Decode a Bot API request: query string, JSON body, url-encoded form or multipart."""
    raw: dict[str, str] = dict(request.query)
    params: dict = {}
    files: dict[str, UploadedFile] = {}
    content_type = request.content_type
    if request.body_exists:
        if content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        elif content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if part.filename is not None:  # type: ignore[union-attr]
                    content = await part.read()  # type: ignore[union-attr]
                    files[part.name or ""] = UploadedFile(  # type: ignore[union-attr]
                        file_id="",
                        file_unique_id="",
                        file_name=part.filename,  # type: ignore[union-attr]
                        content=bytes(content),
                        mime_type=part.headers.get("Content-Type"),  # type: ignore[union-attr]
                        file_path="",
                    )
                else:
                    raw[part.name or ""] = await part.text()  # type: ignore[union-attr]
        else:
            form = await request.post()
            raw.update({k: v for k, v in form.items() if isinstance(v, str)})
    for name, value in raw.items():
        params[name] = _decode(name, value)
    return params, files


def _decode(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
