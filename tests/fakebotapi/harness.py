"""The chat test harness (Errbot TestBot style): speak to the bot as a user through the fake
Bot API and get back what it sent. Also runs a PTB Application against the fake server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.fakebotapi.objects import FakeChat, FakeUser, message_dict, now, text_entities
from tests.fakebotapi.server import Call, FakeBotAPI, UploadedFile
from tests.fakebotapi.telegram_html import HtmlParseError, parse_html

# What counts as the bot answering in a chat.
REPLY_METHODS = frozenset({"sendmessage", "editmessagetext", "senddocument", "sendphoto"})
# What the harness collects as the bot's output in a chat (adds keyboard edits).
OUTPUT_METHODS = REPLY_METHODS | {"editmessagereplymarkup"}

DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -1001001001
DEFAULT_CHANNEL_ID = -1002002002

# Who Telegram puts in `from` when a group message is sent on behalf of a chat (sender_chat).
GROUP_ANONYMOUS_BOT = FakeUser(1087968824, first_name="Group", username="GroupAnonymousBot",
                               language_code=None, is_bot=True)  # an anonymous admin
CHANNEL_BOT = FakeUser(136817688, first_name="Channel", username="Channel_Bot",
                       language_code=None, is_bot=True)  # "send as" a channel
TELEGRAM_SERVICE = FakeUser(777000, first_name="Telegram", language_code=None)  # automatic forwards


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None


def _buttons(markup: dict | None) -> list[list[Button]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    fields = Button.__dataclass_fields__
    return [
        [Button(**{k: v for k, v in b.items() if k in fields}) for b in row]
        for row in markup["inline_keyboard"]
    ]


def _plain(text: str | None, parse_mode: str | None) -> str:
    if text is None:
        return ""
    if parse_mode and parse_mode.lower() == "html":
        try:
            return parse_html(text)[0]
        except HtmlParseError:
            return text
    return text


@dataclass
class Reply:
    """One thing the bot sent or changed in a chat (sendMessage, editMessageText, sendDocument...)."""

    call: Call
    api: FakeBotAPI
    user_id: int | None = None  # the user whose update caused it (press() answers as them)

    @property
    def method(self) -> str:
        return self.call.method

    @property
    def ok(self) -> bool:
        return self.call.ok

    @property
    def params(self) -> dict:
        return self.call.params

    @property
    def chat_id(self) -> Any:
        return self.call.params.get("chat_id")

    @property
    def text(self) -> str:
        """The text (or caption) exactly as the bot sent it, markup included."""
        params = self.call.params
        return str(params.get("text", params.get("caption", "")) or "")

    @property
    def plain(self) -> str:
        """What the user reads: tags removed and entities decoded."""
        return _plain(self.text, self.parse_mode)

    @property
    def parse_mode(self) -> str | None:
        return self.call.params.get("parse_mode")

    @property
    def reply_markup(self) -> dict | None:
        return self.call.params.get("reply_markup")

    @property
    def buttons(self) -> list[list[Button]]:
        return _buttons(self.reply_markup)

    @property
    def button_texts(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]

    @property
    def message(self) -> dict | None:
        """The message as it is now on the server (after later edits), else as returned."""
        result = self.call.result
        if not isinstance(result, dict):
            return None
        key = (result["chat"]["id"], result["message_id"])
        return self.api.messages.get(key, result)

    @property
    def message_id(self) -> int | None:
        message = self.message
        if message is not None:
            return message["message_id"]
        return self.call.params.get("message_id")

    @property
    def document(self) -> UploadedFile | None:
        return self.call.files.get("document")

    @property
    def photo(self) -> UploadedFile | None:
        """The picture a sendPhoto uploaded (its bytes in .content)."""
        return self.call.files.get("photo")

    @property
    def reply_to_message_id(self) -> int | None:
        reply = self.call.params.get("reply_parameters")
        if isinstance(reply, dict):
            return reply.get("message_id")
        return self.call.params.get("reply_to_message_id")

    def __repr__(self) -> str:
        return f"<Reply {self.method} {self.text[:80]!r} buttons={self.button_texts}>"


class Replies(list[Reply]):
    """Everything the bot sent in a chat in answer to one update; reads like its first Reply."""

    def __init__(
        self,
        replies: Sequence[Reply] = (),
        *,
        calls: Sequence[Call] = (),
        request: dict | None = None,
        update_id: int | None = None,
        answer: dict | None = None,
    ):
        super().__init__(replies)
        self.calls = list(calls)  # every call touching the chat, failed ones and chat actions too
        self.request = request  # the user's message / callback query / inline query sent
        self.update_id = update_id
        self.answer = answer  # answerCallbackQuery params, for press()

    @property
    def errors(self) -> list[Call]:
        return [c for c in self.calls if not c.ok]

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self)

    @property
    def plain(self) -> str:
        return "\n".join(r.plain for r in self)

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self]

    @property
    def first(self) -> Reply:
        if not self:
            raise AssertionError(f"the bot sent nothing; calls were: {self.calls}")
        return self[0]

    @property
    def last(self) -> Reply:
        return self.first if len(self) == 1 else self[-1]

    @property
    def methods(self) -> list[str]:
        return [r.method for r in self]

    @property
    def buttons(self) -> list[list[Button]]:
        """All buttons of all messages, row by row."""
        return [row for r in self for row in r.buttons]

    @property
    def button_texts(self) -> list[str]:
        return [t for r in self for t in r.button_texts]

    def __getattr__(self, name: str) -> Any:
        # parse_mode, reply_markup, method, message_id, document...: those of the first reply.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.first, name)

    def __repr__(self) -> str:
        return f"<Replies {list.__repr__(self)} errors={self.errors}>"


@dataclass
class InlineResult:
    raw: dict

    @property
    def id(self) -> str:
        return self.raw.get("id", "")

    @property
    def type(self) -> str:
        return self.raw.get("type", "")

    @property
    def title(self) -> str:
        return self.raw.get("title", "")

    @property
    def description(self) -> str:
        return self.raw.get("description", "")

    @property
    def text(self) -> str:
        return (self.raw.get("input_message_content") or {}).get("message_text", "")

    @property
    def parse_mode(self) -> str | None:
        return (self.raw.get("input_message_content") or {}).get("parse_mode")

    @property
    def plain(self) -> str:
        return _plain(self.text, self.parse_mode)

    @property
    def buttons(self) -> list[list[Button]]:
        return _buttons(self.raw.get("reply_markup"))


@dataclass
class InlineAnswer:
    """What the bot answered to an inline query."""

    results: list[InlineResult]
    params: dict = field(default_factory=dict)

    @property
    def cache_time(self) -> int | None:
        return self.params.get("cache_time")

    @property
    def is_personal(self) -> bool:
        return bool(self.params.get("is_personal"))

    @property
    def next_offset(self) -> str | None:
        return self.params.get("next_offset")

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.results)

    def __getitem__(self, index: int) -> InlineResult:
        return self.results[index]


class FakeTelegram:
    """Telegram as seen from the test: users, chats, and what the bot sent.

    Attach a running Application (run_application does it) and every helper waits until the bot
    has finished handling the update it queued (PTB's update_queue.join()), so a test never sleeps.
    """

    def __init__(self, api: FakeBotAPI, *, timeout: float = 5.0):
        self.api = api
        self.timeout = timeout
        self.application: Any = None
        self.api_errors_expected = False  # set True in a test that provokes API errors on purpose
        self._last_update_id: int | None = None
        self._last_since = 0

    # ------------------------------------------------------------ plumbing

    @property
    def token(self) -> str:
        return self.api.token

    @property
    def api_url(self) -> str:
        return self.api.api_url

    @property
    def bot_username(self) -> str:
        return self.api.bot_user["username"]

    @property
    def bot_id(self) -> int:
        return self.api.bot_user["id"]

    @property
    def calls(self) -> list[Call]:
        return self.api.calls

    def attach(self, application: Any) -> None:
        self.application = application

    def detach(self, application: Any) -> None:
        if self.application is application:
            self.application = None

    def user(
        self,
        user_id: int = DEFAULT_USER_ID,
        *,
        lang: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> FakeUser:
        """The user with this id (created on first use); lang/name given here update it."""
        user = self.api.users.get(user_id)
        if user is None:
            user = self.api.add_user(
                FakeUser(user_id, first_name=first_name or f"User{user_id}", username=username)
            )
        if lang is not None:
            user.language_code = lang or None
        if first_name:
            user.first_name = first_name
        if username:
            user.username = username
        return user

    def chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        user: FakeUser | None = None,
    ) -> FakeChat:
        chat = self.api.chats.get(chat_id)
        if chat is None:
            if chat_type != "private" and title is None:
                title = "Analysts" if chat_type != "channel" else "Monitor Channel"
            chat = self.api.add_chat(
                FakeChat(
                    chat_id,
                    chat_type,
                    title=title,
                    first_name=user.first_name if user else None,
                    username=user.username if (user and chat_type == "private") else None,
                )
            )
        if user is not None and user.id not in chat.members:
            chat.members[user.id] = "member"
        return chat

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """creator | administrator | member | left | kicked, as getChatMember will report."""
        self.api.chats[chat_id].members[user_id] = status

    def queue(self, update: dict) -> int:
        """Queue a raw update (dict); returns its update_id."""
        self._last_since = self.api.seq
        self._last_update_id = self.api.queue_update(update)
        return self._last_update_id

    async def wait_processed(self, update_id: int, timeout: float | None = None) -> bool:
        """Wait until the attached application has handled the update; False if not attached."""
        timeout = self.timeout if timeout is None else timeout
        app = self.application
        if app is None:
            return False
        deadline = time.monotonic() + timeout

        def gone() -> bool:
            # The server keeps an update until the bot's next getUpdates confirms it (by then
            # PTB has put it on update_queue) or drops it (a type outside allowed_updates).
            return not any(u["update_id"] == update_id for u in self.api.pending_updates)

        if not await self.api.wait_until(gone, timeout):
            raise AssertionError(
                f"the bot did not fetch update {update_id} within {timeout}s "
                f"(is it polling? calls: {self.api.calls[-5:]})"
            )
        try:
            await asyncio.wait_for(app.update_queue.join(), max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            raise AssertionError(
                f"the bot was still handling update {update_id} after {timeout}s"
            ) from None
        return True

    def _collect(self, chat_id: int | None, since: int, user_id: int | None) -> tuple[list[Reply], list[Call]]:
        calls = [
            c
            for c in self.api.calls
            if c.seq > since
            and c.name != "getupdates"
            and (chat_id is None or c.params.get("chat_id") == chat_id)
            and (chat_id is not None or c.name in OUTPUT_METHODS)
        ]
        replies = [Reply(c, self.api, user_id) for c in calls if c.ok and c.name in OUTPUT_METHODS]
        return replies, calls

    async def send_update(
        self,
        update: dict,
        *,
        chat_id: int | None,
        user_id: int | None,
        require_reply: bool,
        timeout: float | None = None,
        request: dict | None = None,
    ) -> Replies:
        """Queue an update, wait until the bot has handled it, return what it sent in chat_id."""
        timeout = self.timeout if timeout is None else timeout
        since = self.api.seq
        update_id = self.queue(update)
        attached = await self.wait_processed(update_id, timeout)

        def has_reply() -> bool:
            return any(c.ok and c.name in REPLY_METHODS for c in self._collect(chat_id, since, user_id)[1])

        if not attached:
            # No application to ask: wait for a first reply, then until the bot goes quiet.
            if await self.api.wait_until(has_reply, timeout if require_reply else 0.3):
                await self._quiet(0.1)
        elif require_reply and not has_reply():
            # A handler with block=False may still be working.
            await self.api.wait_until(has_reply, max(0.05, timeout / 5))
        replies, calls = self._collect(chat_id, since, user_id)
        if require_reply and not any(r.call.name in REPLY_METHODS for r in replies):
            raise AssertionError(
                f"the bot sent nothing to chat {chat_id} for update {update_id} "
                f"({_describe(update)}); calls since: {calls}; API errors so far: {self.api.errors}"
            )
        return Replies(replies, calls=calls, request=request, update_id=update_id)

    async def _quiet(self, window: float) -> None:
        while True:
            seen = self.api.seq
            await asyncio.sleep(window)
            if self.api.seq == seen:
                return

    # ------------------------------------------------------------ speaking as users

    def _message(
        self,
        chat: FakeChat,
        user: FakeUser | None,
        text: str | None,
        *,
        reply_to: Any = None,
        **extra: Any,
    ) -> dict:
        reply_message = _message_of(reply_to)
        message = message_dict(
            message_id=self.api.next_message_id(chat.id),
            chat=chat,
            sender=user.to_dict() if user else None,
            text=text,
            entities=text_entities(text, self.bot_username) if text else None,
            reply_to_message=(
                {k: v for k, v in reply_message.items() if k != "reply_to_message"}
                if reply_message
                else None
            ),
            **extra,
        )
        self.api.store_message(message)
        return message

    def message_update(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        reply_to: Any = None,
    ) -> dict:
        """A message update from a user, ready for queue() (for tests that batch updates)."""
        user = self.user(user_id, lang=lang if lang is not None else "")
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else DEFAULT_GROUP_ID
        chat = self.chat(chat_id, chat_type, user=user)
        return {"message": self._message(chat, user, text, reply_to=reply_to)}

    async def user_says(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        reply_to: Any = None,
        timeout: float | None = None,
    ) -> Replies:
        """A user writes `text`; returns what the bot sent in that chat (fails if nothing).

        lang is the user's Telegram language_code (None: the client sent none).
        """
        update = self.message_update(
            text, user_id=user_id, chat_id=chat_id, lang=lang, chat_type=chat_type, reply_to=reply_to
        )
        message = update["message"]
        return await self.send_update(
            update,
            chat_id=message["chat"]["id"],
            user_id=user_id,
            require_reply=True,
            timeout=timeout,
            request=message,
        )

    say = user_says  # the spelling in the testing guide: `await chat.say("...")`

    async def group_message(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int = DEFAULT_GROUP_ID,
        lang: str | None = "ru",
        mention: bool = False,
        reply_to: Any = None,
        chat_type: str = "supergroup",
        timeout: float | None = None,
    ) -> Replies:
        """A message in a group (mention=True prefixes @bot); returns replies, maybe none."""
        user = self.user(user_id, lang=lang if lang is not None else "")
        chat = self.chat(chat_id, chat_type, user=user)
        if mention:
            text = f"@{self.bot_username} {text}"
        message = self._message(chat, user, text, reply_to=reply_to)
        return await self.send_update(
            {"message": message},
            chat_id=chat.id,
            user_id=user.id,
            require_reply=False,
            timeout=timeout,
            request=message,
        )

    async def group_message_as(
        self,
        text: str,
        *,
        sender_chat_id: int | None = None,
        chat_id: int = DEFAULT_GROUP_ID,
        mention: bool = False,
        reply_to: Any = None,
        automatic_forward: bool = False,
        chat_type: str = "supergroup",
        timeout: float | None = None,
    ) -> Replies:
        """A group message sent on behalf of a chat, as Telegram delivers it: by default an
        anonymous admin's (sender_chat: the group itself, from: GroupAnonymousBot); with
        sender_chat_id, one sent as that channel (from: Channel_Bot), or with automatic_forward
        the channel's post copied into its discussion group (from: Telegram, 777000)."""
        chat = self.chat(chat_id, chat_type)
        if sender_chat_id is None or sender_chat_id == chat_id:
            sender_chat, sender = chat, GROUP_ANONYMOUS_BOT
        else:
            sender_chat = self.chat(sender_chat_id, "channel")
            sender = TELEGRAM_SERVICE if automatic_forward else CHANNEL_BOT
        if mention:
            text = f"@{self.bot_username} {text}"
        message = self._message(chat, sender, text, reply_to=reply_to, sender_chat=sender_chat.to_dict(),
                                is_automatic_forward=automatic_forward or None)
        return await self.send_update(
            {"message": message}, chat_id=chat.id, user_id=None, require_reply=False,
            timeout=timeout, request=message,
        )

    async def group_message_without_sender(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_GROUP_ID,
        mention: bool = False,
        chat_type: str = "supergroup",
        timeout: float | None = None,
    ) -> Replies:
        """A group message with neither `from` nor sender_chat (malformed, or a future kind)."""
        chat = self.chat(chat_id, chat_type)
        if mention:
            text = f"@{self.bot_username} {text}"
        message = self._message(chat, None, text)
        return await self.send_update(
            {"message": message}, chat_id=chat.id, user_id=None, require_reply=False,
            timeout=timeout, request=message,
        )

    async def edited_message(
        self, original: Any, text: str, *, timeout: float | None = None
    ) -> Replies:
        """The user edits a message they sent earlier (pass the Replies it produced, or the dict)."""
        message = dict(_message_of(original) or {})
        if not message:
            raise ValueError("edited_message needs the original message (Replies.request or a dict)")
        message.update(text=text, edit_date=now())
        message.pop("entities", None)
        entities = text_entities(text, self.bot_username)
        if entities:
            message["entities"] = entities
        self.api.store_message(message)
        chat_id = message["chat"]["id"]
        user_id = (message.get("from") or {}).get("id")
        return await self.send_update(
            {"edited_message": message},
            chat_id=chat_id,
            user_id=user_id,
            require_reply=False,
            timeout=timeout,
            request=message,
        )

    async def channel_post(
        self, text: str, *, chat_id: int = DEFAULT_CHANNEL_ID, timeout: float | None = None
    ) -> Replies:
        chat = self.chat(chat_id, "channel")
        message = self._message(chat, None, text, sender_chat=chat.to_dict())
        return await self.send_update(
            {"channel_post": message},
            chat_id=chat.id,
            user_id=None,
            require_reply=False,
            timeout=timeout,
            request=message,
        )

    async def _media(
        self,
        kind: str,
        payload: Any,
        *,
        user_id: int,
        chat_id: int | None,
        lang: str | None,
        chat_type: str,
        caption: str | None,
        timeout: float | None,
    ) -> Replies:
        user = self.user(user_id, lang=lang if lang is not None else "")
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else DEFAULT_GROUP_ID
        chat = self.chat(chat_id, chat_type, user=user)
        message = self._message(chat, user, None, **{kind: payload, "caption": caption})
        return await self.send_update(
            {"message": message},
            chat_id=chat.id,
            user_id=user.id,
            require_reply=False,
            timeout=timeout,
            request=message,
        )

    async def sticker(
        self,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        emoji: str = "👍",
        timeout: float | None = None,
    ) -> Replies:
        """The user sends a sticker (a message without text); returns replies, maybe none."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAEsticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._media(
            "sticker", sticker, user_id=user_id, chat_id=chat_id, lang=lang,
            chat_type=chat_type, caption=None, timeout=timeout,
        )

    async def photo(
        self,
        *,
        caption: str | None = None,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        timeout: float | None = None,
    ) -> Replies:
        """The user sends a photo (caption optional); returns replies, maybe none."""
        record = self.api.put_file(b"\xff\xd8\xff\xe0fake-jpeg", "photo.jpg", "image/jpeg")
        sizes = [
            {"file_id": record.file_id, "file_unique_id": record.file_unique_id,
             "width": 90, "height": 90, "file_size": len(record.content)},
        ]
        return await self._media(
            "photo", sizes, user_id=user_id, chat_id=chat_id, lang=lang,
            chat_type=chat_type, caption=caption, timeout=timeout,
        )

    async def document(
        self,
        content: bytes,
        file_name: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        lang: str | None = "ru",
        chat_type: str = "private",
        timeout: float | None = None,
    ) -> Replies:
        """The user sends a file; the bot can getFile and download it from the fake server."""
        record = self.api.put_file(content, file_name, mime_type)
        return await self._media(
            "document", record.as_document(), user_id=user_id, chat_id=chat_id, lang=lang,
            chat_type=chat_type, caption=caption, timeout=timeout,
        )

    async def press(
        self,
        reply: Reply | Replies,
        button: str | None = None,
        *,
        data: str | None = None,
        user_id: int | None = None,
        timeout: float | None = None,
    ) -> Replies:
        """Press an inline button (by its text, else its callback_data) under a bot message.

        data= sends that callback data instead (a forged or stale button). The result's
        .answer holds the bot's answerCallbackQuery (text, show_alert), or None.
        """
        target, found = _find_button(reply, button, data)
        message = target.message
        if message is None:
            raise AssertionError(f"{target!r} has no message to press a button under")
        if user_id is None:
            user_id = target.user_id or DEFAULT_USER_ID
        user = self.user(user_id)
        query_id = self.api.next_query_id()
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(message["chat"]["id"]),
            "data": found,
        }
        self.api.callback_queries[query_id] = {"answer": None, "query": query}
        result = await self.send_update(
            {"callback_query": query},
            chat_id=message["chat"]["id"],
            user_id=user.id,
            require_reply=False,
            timeout=timeout,
            request=query,
        )
        result.answer = self.api.callback_queries[query_id]["answer"]
        return result

    async def inline(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        lang: str | None = "ru",
        offset: str = "",
        chat_type: str = "sender",
        timeout: float | None = None,
    ) -> InlineAnswer:
        """The user types `@bot query`; returns the bot's answerInlineQuery (fails if none)."""
        timeout = self.timeout if timeout is None else timeout
        user = self.user(user_id, lang=lang if lang is not None else "")
        query_id = self.api.next_query_id()
        inline_query = {
            "id": query_id,
            "from": user.to_dict(),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        self.api.inline_queries[query_id] = {"answer": None, "query": inline_query}
        since = self.api.seq
        self.queue({"inline_query": inline_query})
        record = self.api.inline_queries[query_id]
        answered = await self.api.wait_until(lambda: record["answer"] is not None, timeout)
        if not answered:
            tried = [c for c in self.api.calls_to("answerInlineQuery") if c.seq > since]
            raise AssertionError(
                f"the bot did not answer inline query {query!r}; its answerInlineQuery calls: {tried}"
            )
        params = record["answer"]
        return InlineAnswer([InlineResult(r) for r in params.get("results", [])], params)

    async def expect_no_reply(self, timeout: float = 0.3) -> None:
        """Assert the bot sent nothing anywhere since the last update the test queued."""
        since = self._last_since
        if self._last_update_id is not None and self.application is not None:
            await self.wait_processed(self._last_update_id, max(timeout, 1.0))
        else:
            await self.api.wait_until(lambda: bool(self._collect(None, since, None)[0]), timeout)
        replies, _ = self._collect(None, since, None)
        if replies:
            raise AssertionError(f"expected no reply, but the bot sent: {replies}")

    # ------------------------------------------------------------ what the bot set up

    def command_menus(self) -> dict[tuple[str, str], dict[str, str]]:
        """{(scope, language_code): {command: description}}; scope is the scope type, with
        ':<chat_id>' (and ':<user_id>') appended for chat scopes; language_code '' = default."""
        menus: dict[tuple[str, str], dict[str, str]] = {}
        for (scope_json, lang), commands in self.api.commands.items():
            scope = json.loads(scope_json)
            name = scope["type"]
            for key in ("chat_id", "user_id"):
                if key in scope:
                    name += f":{scope[key]}"
            menus[(name, lang)] = {c["command"]: c["description"] for c in commands}
        return menus

    def command_menu(self, lang: str = "", scope: str = "default") -> dict[str, str]:
        return self.command_menus().get((scope, lang), {})

    def sent(self, chat_id: int | None = None) -> list[Reply]:
        """Everything the bot has sent so far (in one chat, or anywhere)."""
        return self._collect(chat_id, 0, None)[0]

    def assert_no_api_errors(self) -> None:
        """Fail if the server refused any of the bot's calls (bad HTML, too long, ...)."""
        if self.api.errors:
            raise AssertionError(f"the Bot API refused calls: {self.api.errors}")


def _message_of(value: Any) -> dict | None:
    if value is None:
        return None
    if isinstance(value, Replies):
        return value.request if value.request and "message_id" in value.request else value.first.message
    if isinstance(value, Reply):
        return value.message
    if isinstance(value, dict):
        return value
    raise TypeError(f"cannot take a message from {value!r}")


def _find_button(reply: Reply | Replies, button: str | None, data: str | None) -> tuple[Reply, str]:
    replies = list(reply) if isinstance(reply, Replies) else [reply]
    if not replies:
        raise AssertionError("no bot message to press a button under")
    if data is not None:
        return replies[-1], data
    if button is None:
        raise ValueError("press() needs the button's text or callback_data, or data=")
    for by in ("text", "callback_data"):
        for candidate in replies:
            message = candidate.message or {}
            for row in _buttons(message.get("reply_markup") or candidate.reply_markup):
                for b in row:
                    if getattr(b, by) == button and b.callback_data is not None:
                        return candidate, b.callback_data
    shown = [b.text for r in replies for row in _buttons((r.message or {}).get("reply_markup")) for b in row]
    raise AssertionError(f"no callback button {button!r} under the bot's message(s); buttons: {shown}")


def _describe(update: dict) -> str:
    kind = next((k for k in update if k != "update_id"), "?")
    body = update.get(kind) or {}
    text = body.get("text") or body.get("data") or body.get("query")
    return f"{kind} {text!r}" if text else kind


@contextlib.asynccontextmanager
async def run_application(
    application: Any,
    telegram: FakeTelegram | None = None,
    *,
    allowed_updates: Sequence[str] | None = None,
) -> AsyncIterator[Any]:
    """Run a PTB Application with polling against the fake server, as run_polling would:
    initialize, post_init, start polling, start; then stop, post_stop, shutdown, post_shutdown."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        if telegram is not None:
            telegram.attach(application)
        await application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=allowed_updates
        )
        await application.start()
        yield application
    finally:
        if telegram is not None:
            telegram.detach(application)
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
