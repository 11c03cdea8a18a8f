"""The console chat: the bot's own handlers and store, talked to from a terminal (or a pipe).

Each line typed becomes a Telegram update fed to the same Application the bot runs, over an
in-memory Bot API (handlers.memory_transport); what the bot sends is printed as plain text.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import itertools
import logging
import os
import re
import sys
import time
from typing import Any, TextIO

from telegram import Update

from bot.answering import Answerer
from bot.config import Settings
from bot.i18n import choose_language, normalise_language, tr
from bot.store import Store
from handlers.app import build_application
from handlers.memory_transport import MemoryBotAPI
from handlers.start import examples

CONSOLE_USER_ID = 0  # the console user is a local admin
PROMPT = "> "
QUIT = {"/quit", "/exit", "/q"}
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    """Telegram HTML as a terminal shows it: tags dropped, links as 'text <url>', entities decoded."""

    def link(m: re.Match) -> str:
        url, label = m.group(1), _TAG.sub("", m.group(2))
        # \x02 \x03 stand for the angle brackets around the url until the tags are gone.
        return label if html.unescape(label) == html.unescape(url) else f"{label} \x02{url}\x03"

    plain = html.unescape(_TAG.sub("", _LINK.sub(link, text)))
    return plain.replace("\x02", "<").replace("\x03", ">")


def client_language(env: dict[str, str] | None = None) -> str | None:
    """The terminal's language (LC_ALL, LC_MESSAGES, LANG), as Telegram's language_code would be."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalise_language((env.get(name) or "").split(".")[0])
        if lang:
            return lang
    return None


class Console:
    """Reads lines, turns them into updates, prints the bot's replies; numbers press buttons."""

    def __init__(self, settings: Settings, store: Store, *, stdin: TextIO, stdout: TextIO,
                 answerer: Answerer | None = None, language: str | None = None, echo: bool | None = None):
        self.settings = dataclasses.replace(settings, admins=settings.admins | {CONSOLE_USER_ID})
        self.store, self.answerer = store, answerer
        self.stdin, self.stdout = stdin, stdout
        self.language = language
        self.echo = (not _isatty(stdin)) if echo is None else echo
        self.buttons: list[str] = []  # callback data of the buttons last shown, numbered from 1
        self._ids = itertools.count(1)

    # --- what the bot sends -------------------------------------------------------------
    def _print(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def on_call(self, method: str, params: dict[str, Any]) -> None:
        if method in {"sendMessage", "editMessageText"}:
            text = params.get("text", "")
            plain = html_to_text(text) if params.get("parse_mode") == "HTML" else text
            self._print(plain)
            self._show_buttons(params.get("reply_markup"))
            self._print()
        elif method in {"sendDocument", "sendPhoto"}:  # /export; a chart (written as chart.png)
            self._send_document(params)
        elif method == "answerCallbackQuery" and params.get("text"):
            self._print(f"[{params['text']}]")
            self._print()
        elif method == "answerInlineQuery":
            for i, result in enumerate(params.get("results") or [], 1):
                self._print(f"({i}) {result.get('title', '')}")

    def _send_document(self, params: dict[str, Any]) -> None:
        """A file the bot sent (/export): written to the current directory, and said so."""
        files = list((params.get("_files") or {}).values())
        name, content = (os.path.basename(files[0][0] or "monitorbot-export.yaml"), files[0][1]) if files else ("", None)
        if params.get("caption"):
            self._print(params["caption"])
        if isinstance(content, bytes):
            with open(name, "wb") as f:
                f.write(content)
            t = tr(choose_language(None, None, self.language))
            self._print(t.gettext("[The file was written to {path} ({size} bytes).]").format(
                path=os.path.abspath(name), size=len(content)))
        self._print()

    def _show_buttons(self, markup: dict | None) -> None:
        if not markup or "inline_keyboard" not in markup:
            return
        labels = []
        self.buttons = []
        for row in markup["inline_keyboard"]:
            for button in row:
                if "callback_data" in button:
                    self.buttons.append(button["callback_data"])
                    labels.append(f"[{len(self.buttons)}] {button['text']}")
        if labels:
            self._print("   ".join(labels))

    # --- what the user types ------------------------------------------------------------
    def _user(self) -> dict:
        user = {"id": CONSOLE_USER_ID, "is_bot": False, "first_name": "console"}
        if self.language:
            user["language_code"] = self.language
        return user

    def _chat(self) -> dict:
        return {"id": CONSOLE_USER_ID, "type": "private", "first_name": "console"}

    def update_for(self, line: str) -> dict:
        """The Telegram update a Telegram client would send for `line`."""
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            data = self.buttons[int(line) - 1]
            message = {"message_id": next(self._ids), "date": int(time.time()), "chat": self._chat(),
                       "from": {"id": 1, "is_bot": True, "first_name": "monitorbot"}, "text": "…"}
            return {"update_id": next(self._ids), "callback_query": {
                "id": str(next(self._ids)), "from": self._user(), "chat_instance": "console",
                "data": data, "message": message}}
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": self._chat(),
                   "from": self._user(), "text": line}
        command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", line)
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command.group(0))}]
        return {"update_id": next(self._ids), "message": message}

    def greeting(self) -> None:
        lang = choose_language(None, None, self.language)
        t = tr(lang)
        self._print(t.gettext("monitorbot console chat. Type a question and press Enter; /help explains more."))
        self._print(t.gettext("Type /quit or press Ctrl-D to leave."))
        self._print(t.gettext("Ask in English, Russian or Kazakh, for example:"))
        for example in examples(lang):
            self._print(f"  {example}")
        self._print()

    async def run(self) -> int:
        app = build_application(self.settings, self.store, answerer=self.answerer,
                                request=MemoryBotAPI(self.on_call), console=True)
        self.greeting()
        async with app:
            await app.start()  # the job queue: an abandoned /add flow times out here too
            while True:
                self.stdout.write(PROMPT)
                self.stdout.flush()
                line = await asyncio.to_thread(self.stdin.readline)
                if not line:  # EOF / Ctrl-D
                    self._print()
                    break
                line = line.rstrip("\r\n")
                if self.echo:
                    self._print(line)
                if line.strip().lower() in QUIT:
                    break
                if not line.strip():
                    continue
                await app.process_update(Update.de_json(self.update_for(line.strip()), app.bot))
            await app.stop()
        return 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_console(settings: Settings, store: Store, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
                answerer: Answerer | None = None, language: str | None = None) -> int:
    """The console chat until EOF or /quit; returns the exit code."""
    if logging.getLogger().level > logging.DEBUG:  # per-update log lines would drown the chat
        for name in ("handlers", "telegram", "httpx", "apscheduler"):
            logging.getLogger(name).setLevel(logging.WARNING)
    console = Console(settings, store, stdin=stdin or sys.stdin, stdout=stdout or sys.stdout,
                      answerer=answerer, language=language if language is not None else client_language())
    try:
        return asyncio.run(console.run())
    except KeyboardInterrupt:
        return 130
