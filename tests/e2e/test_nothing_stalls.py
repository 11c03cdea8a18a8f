"""Long work does not hold up the team (issue 14, items 5-7).

A curator's /report waiting on a slow site, a big file being checked or imported, /export of the
whole store: each runs while members in other chats are answered. Each chat's own updates stay
in order. The slow parts here are held on an Event the test releases, so the tests show
"answered while the other was still running" without depending on timings.
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from aiohttp import web

from bot.config import Settings
from handlers.concurrency import PerChatUpdateProcessor, ordering_key
from tests.support.chat import team_settings, team_store

CURATOR = 9301
MEMBER = 9302
QUESTION = "How many Kazakhs fight for the Islamic State?"


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, fetch_allow_private=True)  # the slow site is on 127.0.0.1


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


def sent_to(tg, chat_id: int, since: int) -> list:
    return [c for c in tg.api.calls if c.seq > since and c.ok and c.name in ("sendmessage", "senddocument")
            and c.params.get("chat_id") == chat_id]


async def member_is_answered_meanwhile(tg, since: int) -> str:
    """The member asks (not waiting for the whole queue, which holds the slow update) and must be
    answered while the slow work is still held."""
    tg.queue(tg.message_update(QUESTION, user_id=MEMBER, lang="en"))
    answered = await tg.api.wait_until(lambda: bool(sent_to(tg, MEMBER, since)), 10)
    assert answered, "the member's question waited for the curator's work"
    return sent_to(tg, MEMBER, since)[0].params["text"]


class SlowSite:
    """An HTTP site on 127.0.0.1 that answers only when released."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()
        self.release = asyncio.Event()

    async def page(self, request: web.Request) -> web.Response:
        self.asked.set()
        await self.release.wait()
        return web.Response(text="<html><head><title>Slow report</title></head><body><article><p>"
                                 + "Reported: 150 people left for Syria. " * 20 + "</p></article></body></html>",
                            content_type="text/html")

    async def __aenter__(self) -> str:
        app = web.Application()
        app.router.add_get("/report", self.page)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/report"

    async def __aexit__(self, *exc) -> None:
        self.release.set()
        await self.runner.cleanup()


async def test_a_slow_site_in_report_does_not_hold_up_a_member(chat):
    since = chat.api.seq
    site = SlowSite()
    async with site as url:
        chat.queue(chat.message_update(f"/report {url}", user_id=CURATOR, lang="en"))
        await asyncio.wait_for(site.asked.wait(), 10)  # the bot is now waiting on the site
        text = await member_is_answered_meanwhile(chat, since)
        assert "250" in text  # the starter set's figure, cited as usual
        assert not sent_to(chat, CURATOR, since)  # the curator's /report is still waiting
        site.release.set()
        assert await chat.api.wait_until(lambda: bool(sent_to(chat, CURATOR, since)), 15)
    # the page was read (its title taken): the flow goes on to what the page did not say
    assert "Which publication?" in " ".join(c.params.get("text", "") for c in sent_to(chat, CURATOR, since))


async def test_a_chats_own_updates_stay_in_order_while_it_waits(chat):
    """The curator's next message waits for the /report before it (a conversation step must not
    overtake the step before it); the member in another chat does not."""
    since = chat.api.seq
    site = SlowSite()
    async with site as url:
        chat.queue(chat.message_update(f"/report {url}", user_id=CURATOR, lang="en"))
        await asyncio.wait_for(site.asked.wait(), 10)
        chat.queue(chat.message_update("/cancel", user_id=CURATOR, lang="en"))
        await member_is_answered_meanwhile(chat, since)
        assert not sent_to(chat, CURATOR, since)  # neither the report nor the /cancel answered yet
        site.release.set()
        assert await chat.api.wait_until(lambda: len(sent_to(chat, CURATOR, since)) >= 2, 15)
    first, second = sent_to(chat, CURATOR, since)[:2]
    assert "Which publication?" in first.params["text"]  # the report's next step first,
    assert "ancel" in second.params["text"]  # then the /cancel that came after it


def big_file(n: int) -> bytes:
    lines = ["version: 1", "reports:"]
    lines += [f"  - url: https://ex.org/r/{i}\n    title: Report {i}\n    published: 2020-01-02" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def hold(store, method: str) -> threading.Event:
    """Make store.entries.<method> wait (in its worker thread) until the returned Event is set."""
    release = threading.Event()
    original = getattr(store.entries, method)

    def held(*args, **kwargs):
        assert release.wait(20), "never released"
        return original(*args, **kwargs)

    setattr(store.entries, method, held)
    return release


async def test_a_big_import_is_checked_and_imported_while_members_are_answered(chat, chat_store):
    since = chat.api.seq
    release = hold(chat_store, "import_document")
    preview = asyncio.create_task(chat.document(big_file(2000), "big.yaml", user_id=CURATOR, lang="en", timeout=30))
    await asyncio.sleep(0.2)  # the file reaches the bot and its check starts (held)
    await member_is_answered_meanwhile(chat, since)
    release.set()
    replies = await preview
    assert "big.yaml is valid" in replies.text and "2000" in replies.text

    release.clear()
    since = chat.api.seq
    pressed = asyncio.create_task(chat.press(replies.last, "Import", user_id=CURATOR, timeout=30))
    await asyncio.sleep(0.2)
    await member_is_answered_meanwhile(chat, since)
    release.set()
    await pressed
    assert await chat.api.wait_until(
        lambda: any("Imported big.yaml" in (c.params.get("text") or "") for c in chat.api.calls if c.seq > since), 15)
    assert chat_store.entries.counts()["reports"] >= 2000  # what the store holds afterwards


async def test_export_runs_while_members_are_answered(chat, chat_store):
    since = chat.api.seq
    release = hold(chat_store, "export_yaml")
    exported = asyncio.create_task(chat.say("/export", user_id=CURATOR, lang="en", timeout=30))
    await asyncio.sleep(0.2)
    await member_is_answered_meanwhile(chat, since)
    release.set()
    replies = await exported
    assert replies.last.document is not None and replies.last.document.file_name.endswith(".yaml")


# --- the processor itself --------------------------------------------------------------------------


def _update(chat_id: int | None, user_id: int = 1):
    from telegram import Chat, Message, Update, User

    user = User(user_id, "u", False)
    if chat_id is None:
        from telegram import InlineQuery

        return Update(1, inline_query=InlineQuery("q", user, "text", ""))
    from datetime import UTC, datetime

    return Update(1, message=Message(1, datetime.now(UTC), Chat(chat_id, "private"), from_user=user, text="x"))


async def test_the_processor_runs_chats_side_by_side_and_each_chat_in_order():
    processor = PerChatUpdateProcessor(8)
    log: list[str] = []
    gate = asyncio.Event()

    async def work(name: str, wait: bool = False) -> None:
        log.append(f"start {name}")
        if wait:
            await gate.wait()
        log.append(f"end {name}")

    tasks = [
        asyncio.create_task(processor.process_update(_update(1), work("a1", wait=True))),
        asyncio.create_task(processor.process_update(_update(1), work("a2"))),
        asyncio.create_task(processor.process_update(_update(2), work("b1"))),
    ]
    await asyncio.sleep(0.05)
    assert log == ["start a1", "start b1", "end b1"]  # chat 2 done while chat 1 waits; a2 queued behind a1
    gate.set()
    await asyncio.gather(*tasks)
    assert log == ["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]
    assert processor.chats_in_flight == 0  # nothing kept for quiet chats


async def test_one_chat_flooding_takes_one_place_not_all():
    processor = PerChatUpdateProcessor(2)
    gate = asyncio.Event()
    done: list[int] = []

    async def slow() -> None:
        await gate.wait()

    async def quick(chat_id: int) -> None:
        done.append(chat_id)

    flood = [asyncio.create_task(processor.process_update(_update(1), slow())) for _ in range(20)]
    others = [asyncio.create_task(processor.process_update(_update(c), quick(c))) for c in (2, 3, 4)]
    await asyncio.wait_for(asyncio.gather(*others), 5)  # the flood holds one place, not both
    assert done == [2, 3, 4]
    gate.set()
    await asyncio.gather(*flood)


def test_ordering_keys():
    assert ordering_key(_update(5)) == ("chat", 5)
    assert ordering_key(_update(None, user_id=7)) == ("user", 7)  # inline queries: per user
    assert ordering_key(object()) is None


def test_concurrency_from_the_environment():
    from bot.config import ConfigError

    assert Settings.from_env({}).concurrent_updates == 64
    assert Settings.from_env({"MONITORBOT_CONCURRENT_UPDATES": "1"}).concurrent_updates == 1
    with pytest.raises(ConfigError, match="MONITORBOT_CONCURRENT_UPDATES"):
        Settings.from_env({"MONITORBOT_CONCURRENT_UPDATES": "0"})
