"""End to end: digests delivered through the fake Bot API by the delivery job's round function,
with a clock the test moves (no sleeping, no scheduler): daily / weekly / instant across time
zones and a daylight-saving change, one catch-up after downtime, nothing when nothing is new,
kill-and-restart mid-round (each item once; the send-then-mark window stated), RetryAfter
waited out, Forbidden -> paused, and /digest as a preview that marks nothing."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import Settings
from handlers.digest_delivery import deliver_round
from tests.fakebotapi import run_application
from tests.support.delivery import Clock, Sleeps, known

USER = 9101
OTHER = 9102
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # Monday; Almaty is UTC+5, Berlin UTC+1 (CET)






@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def chat_clock(clock):
    return clock


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                    database_url=f"sqlite:///{tmp_path / 'delivery.db'}", access="open")


@pytest.fixture
def chat_store(chat_settings, clock):
    from bot.store import Store

    store = Store.open(chat_settings.database_url, clock=clock)
    store.entries.load_starter_if_empty()
    clock.advance(minutes=30)  # subscriptions start well after the starter data: it is not "new"
    yield store
    store.close()


def ingest(store, n: int = 1, *, prefix: str = "story", place: str = "KZ", summary: str = "") -> list[str]:
    """Reports as a feed poll stores them (ingested at the store's clock)."""
    reports = [{"url": f"https://news.example/{prefix}-{i}", "title": {"en": f"{prefix.title()} {i} on Kazakhstan"},
                "publication": {"en": "News Example"}, "published": "2026-03-01", "language": "en",
                "places": [place], "tags": ["foreign-fighters"], **({"summary": {"en": summary}} if summary else {})}
               for i in range(n)]
    return store.feeds.ingest(reports).added




def sent_to(tg, chat_id: int) -> list[Any]:
    return [r for r in tg.sent(chat_id) if r.method == "sendMessage"]


async def round_(tg, store, clock, sleeps: Sleeps | None = None):
    return await deliver_round(tg.application.bot, store, clock, sleep=sleeps or Sleeps())


def items_in(texts: list[str]) -> list[str]:
    return re.findall(r'href="(https://news\.example/[\w-]+)"', "\n".join(texts))


# --- schedules ---------------------------------------------------------------------------------


async def test_daily_digests_across_time_zones(chat, chat_store, clock):
    chat_store.subscriptions.add(USER, "test", "daily", at="08:00", tz="Asia/Almaty", language="en")
    chat_store.subscriptions.add(OTHER, "test", "daily", at="08:00", tz="Europe/Berlin", language="en")
    known(chat, USER, OTHER)
    clock.set(T0 + timedelta(hours=1))
    ingest(chat_store, 2)
    clock.set(T0 + timedelta(hours=2, minutes=59))  # 07:59 in Almaty
    await round_(chat, chat_store, clock)
    assert sent_to(chat, USER) == [] and sent_to(chat, OTHER) == []
    clock.set(T0 + timedelta(hours=3))  # 08:00 in Almaty, 04:00 in Berlin
    await round_(chat, chat_store, clock)
    [digest] = sent_to(chat, USER)
    assert "Digest for" in digest.plain and "2 new items" in digest.plain
    assert "Story 0 on Kazakhstan" in digest.plain and 'href="https://news.example/story-1"' in digest.text
    assert sent_to(chat, OTHER) == []
    clock.set(T0 + timedelta(hours=7))  # 08:00 in Berlin
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, OTHER)) == 1 and len(sent_to(chat, USER)) == 1
    # the next morning with nothing new: nothing sent
    clock.set(T0 + timedelta(days=1, hours=8))
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1 and len(sent_to(chat, OTHER)) == 1
    # something new, then the next slot: only the new item
    ingest(chat_store, 1, prefix="later")
    clock.set(T0 + timedelta(days=2, hours=8))
    await round_(chat, chat_store, clock)
    latest = sent_to(chat, USER)[-1]
    assert items_in([latest.text]) == ["https://news.example/later-0"]


async def test_daylight_saving_change(chat, chat_store, clock):
    """Berlin goes CET -> CEST on 2026-03-29: 08:00 local is 07:00 UTC before, 06:00 UTC after."""
    known(chat, USER)
    clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=UTC))
    chat_store.subscriptions.add(USER, "test", "daily", at="08:00", tz="Europe/Berlin", language="en")
    clock.advance(minutes=1)
    ingest(chat_store, 1, prefix="friday")
    clock.set(datetime(2026, 3, 28, 7, 0, tzinfo=UTC))  # Saturday 08:00 CET
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1
    ingest(chat_store, 1, prefix="saturday")
    clock.set(datetime(2026, 3, 29, 5, 59, tzinfo=UTC))  # Sunday 07:59 CEST
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1
    clock.set(datetime(2026, 3, 29, 6, 0, tzinfo=UTC))  # Sunday 08:00 CEST
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 2
    assert items_in([sent_to(chat, USER)[-1].text]) == ["https://news.example/saturday-0"]


async def test_weekly_digest_on_its_day(chat, chat_store, clock):
    known(chat, USER, OTHER)
    chat_store.subscriptions.add(USER, "test", "weekly", weekday=4, at="18:00", tz="Asia/Tashkent", language="en")
    clock.advance(minutes=1)
    ingest(chat_store, 1)
    clock.set(datetime(2026, 3, 5, 13, 0, tzinfo=UTC))  # Thursday 18:00 in Tashkent
    await round_(chat, chat_store, clock)
    assert sent_to(chat, USER) == []
    clock.set(datetime(2026, 3, 6, 13, 0, tzinfo=UTC))  # Friday 18:00
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1


async def test_instant_digest_as_soon_as_something_arrives(chat, chat_store, clock):
    known(chat, USER, OTHER)
    chat_store.subscriptions.add(USER, "test", "instant", language="en", places=["KZ"])
    await round_(chat, chat_store, clock)
    assert sent_to(chat, USER) == []
    clock.advance(minutes=1)
    ingest(chat_store, 1)
    ingest(chat_store, 1, prefix="kyrgyz", place="KG")  # not for this subscription
    clock.advance(minutes=1)
    await round_(chat, chat_store, clock)
    [digest] = sent_to(chat, USER)
    assert items_in([digest.text]) == ["https://news.example/story-0"]
    clock.advance(minutes=1)
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1


async def test_one_catch_up_digest_after_downtime(chat, chat_store, clock):
    known(chat, USER, OTHER)
    chat_store.subscriptions.add(USER, "test", "daily", at="08:00", tz="Asia/Almaty", language="en")
    for day in range(3):  # three days of reporting, the bot down all the while
        clock.set(T0 + timedelta(days=day, hours=10))
        ingest(chat_store, 1, prefix=f"day{day}")
    clock.set(T0 + timedelta(days=3, hours=12))
    await round_(chat, chat_store, clock)
    [digest] = sent_to(chat, USER)
    assert sorted(items_in([digest.text])) == [f"https://news.example/day{d}-0" for d in range(3)]
    clock.advance(minutes=1)
    await round_(chat, chat_store, clock)
    assert len(sent_to(chat, USER)) == 1


async def test_digest_in_the_subscribers_language(chat, chat_store, clock):
    known(chat, USER, OTHER)
    chat_store.subscriptions.add(USER, "test", "instant", language="ru")
    chat_store.subscriptions.add(OTHER, "test", "instant", language="kk")
    clock.advance(minutes=1)
    ingest(chat_store, 1)
    clock.advance(minutes=1)
    await round_(chat, chat_store, clock)
    ru, kk = sent_to(chat, USER)[0].plain, sent_to(chat, OTHER)[0].plain
    assert "Digest for" not in ru and "Digest for" not in kk
    assert "Казахстан" in ru and "Қазақстан" in kk


# --- exactly once ----------------------------------------------------------------------------------


class Killed(BaseException):
    """The process dies (not an Exception: nothing on the way catches it)."""


class KillingBot:
    """The bot, killed right before the Bot API call of send number `before` (between parts), or
    right after send number `after` succeeded (between "sent" and "marked")."""

    def __init__(self, bot: Any, *, before: int | None = None, after: int | None = None):
        self.bot, self.before, self.after, self.calls = bot, before, after, 0

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.before:
            raise Killed
        message = await self.bot.send_message(*args, **kwargs)
        if self.calls == self.after:
            raise Killed
        return message


@pytest.fixture
def restart_store(tmp_path, clock):
    from bot.store import Store

    url = f"sqlite:///{tmp_path / 'restart.db'}"
    store = Store.open(url, clock=clock)
    store.entries.load_starter_if_empty()
    clock.advance(minutes=30)
    store.subscriptions.add(USER, "test", "daily", at="08:00", tz="Asia/Almaty", language="en")
    clock.advance(minutes=1)
    ingest(store, 40, summary="Officials in Almaty and Astana described the returnees and their families. " * 3)
    clock.set(T0 + timedelta(hours=3))
    yield url, store
    store.close()


async def _run_killed_then_restarted(fake_telegram, restart_store, clock, **kill: int) -> tuple[list, Any]:
    from bot.store import Store
    from handlers.app import build_application

    url, store = restart_store
    settings = Settings(token=fake_telegram.token, api_url=fake_telegram.api_url, database_url=url, access="open")
    known(fake_telegram, USER)
    first = build_application(settings, store, clock=clock, jobs=False)
    async with run_application(first, fake_telegram):
        with pytest.raises(Killed):
            await deliver_round(KillingBot(first.bot, **kill), store, clock, sleep=Sleeps())
    again = Store.open(url, clock=clock)  # a new process: a new store object on the same database
    second = build_application(settings, again, clock=clock, jobs=False)
    async with run_application(second, fake_telegram):
        clock.advance(minutes=1)
        result = await deliver_round(second.bot, again, clock, sleep=Sleeps())
        clock.advance(minutes=1)
        await deliver_round(second.bot, again, clock, sleep=Sleeps())  # nothing left, nothing twice
    again.close()
    return [r.text for r in sent_to(fake_telegram, USER)], result


async def test_kill_between_parts_then_restart_sends_each_item_once(fake_telegram, restart_store, clock):
    texts, result = await _run_killed_then_restarted(fake_telegram, restart_store, clock, before=2)
    assert len(texts) >= 3  # a multi-part digest
    assert "part 1 of" in texts[0] and "part 2 of" in texts[1]
    urls = items_in(texts)
    assert sorted(urls) == sorted(f"https://news.example/story-{i}" for i in range(40))
    assert len(urls) == len(set(urls)) == 40  # none lost, none doubled
    # part 2's send had begun (attempts recorded) when the process died: flagged, then sent once
    assert len(result.maybe_duplicate) == 1
    fake_telegram.assert_no_api_errors()


async def test_kill_between_sent_and_marked_resends_that_part_once(fake_telegram, restart_store, clock):
    """The stated window (send-then-mark): Telegram accepted part 1, the process died before
    recording it; after the restart part 1 goes again, once, and is flagged; nothing is lost."""
    texts, result = await _run_killed_then_restarted(fake_telegram, restart_store, clock, after=1)
    urls = items_in(texts)
    assert set(urls) == {f"https://news.example/story-{i}" for i in range(40)}
    assert texts[0] == texts[1]  # the one duplicate: part 1, re-sent once
    part_one = items_in([texts[0]])
    assert len(urls) == 40 + len(part_one)
    assert len(result.maybe_duplicate) == 1


# --- Telegram's refusals ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter()
async def test_retry_after_is_waited_out_and_the_part_sent_once(chat, chat_store, clock):
    chat_store.subscriptions.add(USER, "test", "instant", language="en")
    known(chat, USER)
    clock.advance(minutes=1)
    ingest(chat_store, 1)
    chat.api.throttle(2, retry_after=3, methods=["sendMessage"])
    sleeps = Sleeps()
    result = await round_(chat, chat_store, clock, sleeps)
    assert sleeps.waits == [3.0, 3.0] and result.retry_waits == [3.0, 3.0]
    assert len(sent_to(chat, USER)) == 1 and len(result.sent) == 1
    chat.api_errors_expected = True  # the two 429s


async def test_forbidden_pauses_the_subscription(chat, chat_store, clock):
    blocked = chat_store.subscriptions.add(USER, "test", "instant", language="en")
    fine = chat_store.subscriptions.add(OTHER, "test", "instant", language="en")
    known(chat, USER, OTHER)
    chat.api.block(USER)
    chat.api_errors_expected = True
    clock.advance(minutes=1)
    ingest(chat_store, 1)
    clock.advance(minutes=1)
    result = await round_(chat, chat_store, clock)
    assert result.paused == [blocked.id]
    sub = chat_store.subscriptions.get(blocked.id)
    assert sub.paused and sub.paused_reason == "blocked"
    assert len(sent_to(chat, OTHER)) == 1 and not chat_store.subscriptions.get(fine.id).paused
    attempts = len(chat.api.calls_to("sendMessage"))
    for _ in range(3):  # no retrying for ever
        clock.advance(minutes=1)
        ingest(chat_store, 1, prefix=f"more{_}")
        await round_(chat, chat_store, clock)
    to_blocked = [c for c in chat.api.calls_to("sendMessage") if c.params.get("chat_id") == USER]
    assert len(to_blocked) == 1 and len(chat.api.calls_to("sendMessage")) == attempts + 3
    # unblocked and resumed: what was claimed goes first, then the rest, each once
    chat.api.unblock(USER)
    listed = await chat.say("/subscriptions", user_id=USER, lang="en")
    await chat.press(listed.last, "Resume")
    clock.advance(minutes=1)
    await round_(chat, chat_store, clock)
    urls = items_in([r.text for r in sent_to(chat, USER)])
    assert sorted(urls) == sorted(["https://news.example/story-0"] + [f"https://news.example/more{i}-0"
                                                                       for i in range(3)])


async def test_digest_command_previews_without_marking(chat, chat_store, clock):
    known(chat, USER, OTHER)
    chat_store.subscriptions.add(USER, "test", "daily", at="08:00", language="en")
    none = await chat.say("/digest", user_id=USER, lang="en")
    assert "Nothing new since the last digest." in none.last.plain
    clock.advance(minutes=1)
    ingest(chat_store, 2)
    preview = await chat.say("/digest", user_id=USER, lang="en")
    assert "Preview of your next digest:" in preview.plain and "Story 1 on Kazakhstan" in preview.plain
    clock.set(T0 + timedelta(hours=3))
    await round_(chat, chat_store, clock)
    digest = sent_to(chat, USER)[-1]
    assert sorted(items_in([digest.text])) == ["https://news.example/story-0", "https://news.example/story-1"]
    nobody = await chat.say("/digest", user_id=OTHER, lang="en")
    assert "No subscriptions here yet" in nobody.last.plain


async def test_delivery_job_is_scheduled(fake_telegram, tmp_path):
    from bot.store import Store
    from handlers.app import build_application

    settings = Settings(token=fake_telegram.token, api_url=fake_telegram.api_url,
                        database_url=f"sqlite:///{tmp_path / 'jobs.db'}")
    store = Store.open(settings.database_url)
    app = build_application(settings, store)
    names = sorted(job.name for job in app.job_queue.jobs())
    assert names == ["deliver-digests", "flow-timeouts", "poll-feeds"]
    # the console polls no feeds and sends no digests; abandoned /add flows still time out (issue 12)
    assert [job.name for job in build_application(settings, store, console=True).job_queue.jobs()] == ["flow-timeouts"]
    store.close()
    await asyncio.sleep(0)
