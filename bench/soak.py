"""Soak: half an hour of a busy team, compressed, on two `monitorbot run --webhook` processes sharing one
PostgreSQL database — questions in three languages, curator edits, feed polls and digest rounds at once —
then checks that nothing failed, nothing was lost or doubled, and memory stayed flat.

    python bench/soak.py [--quick] [--minutes M] [--speed S] [--seed N] [--no-write]

The model (minutes are the team's minutes; real seconds = model seconds / speed):
- 30 team members (ids 710001..; a third each ru, kk, en; one question in ten in another of the
  three languages) each ask about every 2 minutes (Poisson), drawn from tests/questions/{en,ru,kk}.yaml
  over the starter + extra data. A member waits for the answer before asking again (as people do).
  Updates go to the two instances alternately (a load balancer); one in twenty is delivered a
  second time to the other instance within half a second (Telegram re-sending after a slow answer):
  the shared update dedupe must keep it to one answer.
- Two curators (MONITORBOT_ADMINS) each run `/edit <estimate> value N` about every 4 minutes on a
  fictional estimate of tests/data/extra.yaml (a new value each time), then ask a question the
  estimate answers on the OTHER instance: the answer must show the new value at once.
- Six RSS feeds (two per language) on a local aiohttp server gain an item about every 6 minutes
  each; about one item in seven is cross-posted to a second feed (same URL: one report). Feeds are
  polled every 5 model minutes (MONITORBOT_FEED_INTERVAL = 300 / speed; the production default is
  15, but then a 30-minute run would poll each feed twice), due feeds looked for every model minute.
- Digests: 12 instant subscriptions (6 unfiltered, 6 filtered by place) and 9 daily ones, each in
  a chat of its own, created in the store before the instances start; rounds every model minute
  (MONITORBOT_DIGEST_INTERVAL = 60 / speed). A daily subscription's slot is put at model minute
  30%, 60% or 90% of the run by setting its next_due_at (a HH:MM schedule cannot express a
  compressed clock).
- Full run: 30 minutes at 10x (3 real minutes); --quick (.ci/run): the same 30 minutes at 60x
  (30 s of traffic, under a minute in all).

Checks (any failure: exit 1): every update a member or curator sent got exactly one message back
in its chat (per-chat counts at the fake Bot API); every curator's follow-up shows the new value;
every webhook POST answered 200; no ERROR log record in either instance; every digest part in
table digest_part sent exactly once (the fake API's messages per chat against the parts' texts),
none left unsent or dropped, no item in two parts of one subscription, and every report ingested
before a subscription's cursor (and every edited estimate's last revision) delivered to each
unfiltered one; every feed item stored as exactly one report; memory flat: each instance's RSS,
sampled every second, median of the last third of the traffic window against the median of the
middle third (the first third is warm-up), growth at most MEMORY_GROWTH_LIMIT.

Figures: questions answered, reply latency p50/p95 (POST sent -> sendMessage seen at the fake API),
the same questions one at a time to an idle instance afterwards (the baseline, same run) and the
ratio, messages sent, digest parts, feed polls, reports ingested, RSS start/middle/end.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import hashlib
import logging
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bench.figures import machine, percentile, update_results  # noqa: E402
from tests.fakebotapi import FakeBotAPI  # noqa: E402
from tests.support.feedserver import rss  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"
STARTER = ROOT / "bot" / "data" / "starter.yaml"
EXTRA = ROOT / "tests" / "data" / "extra.yaml"
TOKEN = "987657:AAH-soak-bench-token"
LANGS = ("ru", "kk", "en")
FIRST_MEMBER = 710_001
CURATORS = (790_001, 790_002)
INSTANT_PLACES = ((), (), ("KZ",), ("UZ",))  # per language: two unfiltered instant subscriptions, two by place
FIRST_SUB_CHAT = 720_001
REPLY_TIMEOUT = 30.0  # seconds for one answer; longer counts as lost
# Memory: the middle and last thirds of the traffic window carry the same traffic, so a leak per
# update or per round shows as the last third above the middle one. Allocator and GC noise on a
# ~150 MB process measured a few per cent at most (a full run: see results.md); 10% in one third of
# a 30-minute window would be over 20% an hour, a process dead within a day or two.
MEMORY_GROWTH_LIMIT = 0.10
CHECK_FEEDS_EXTRA = 10.0  # seconds beyond a feed interval to wait for the last items at the end


# --- the model -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Model:
    """The team's half hour; every interval in model minutes."""

    minutes: float = 30.0
    speed: float = 10.0
    members: int = 30
    question_every: float = 2.0  # per member (Poisson)
    other_language: float = 0.1  # a member's question in another language
    redeliver: float = 0.05  # updates Telegram delivers twice (to the other instance)
    edit_every: float = 4.0  # per curator
    feeds_per_language: int = 2
    initial_items: int = 2  # per feed, present before the start
    item_every: float = 6.0  # per feed (Poisson)
    cross_post: float = 0.15  # an item also appearing in another feed
    feed_minutes: float = 5.0  # a healthy feed's wait between polls (MONITORBOT_FEED_INTERVAL)
    check_minutes: float = 1.0  # looks for due feeds (MONITORBOT_FEED_CHECK_INTERVAL)
    digest_minutes: float = 1.0  # between digest rounds (MONITORBOT_DIGEST_INTERVAL)
    daily_slots: tuple[float, ...] = (0.3, 0.6, 0.9)  # fractions of the run
    seed: int = 7

    def real(self, model_minutes: float) -> float:
        """Real seconds for a span of model minutes."""
        return model_minutes * 60.0 / self.speed

    @property
    def duration(self) -> float:
        return self.real(self.minutes)

    def env(self, admins: tuple[int, ...]) -> dict[str, str]:
        return {
            "MONITORBOT_ADMINS": ",".join(str(a) for a in admins),
            "MONITORBOT_ACCESS": "open",
            "MONITORBOT_STARTER": "off",  # the bench seeds starter + extra itself
            "MONITORBOT_FETCH_ALLOW_PRIVATE": "1",
            "MONITORBOT_LOG_LEVEL": "INFO",
            "MONITORBOT_DIGEST_INTERVAL": f"{self.real(self.digest_minutes):g}",
            "MONITORBOT_FEED_CHECK_INTERVAL": f"{self.real(self.check_minutes):g}",
            "MONITORBOT_FEED_INTERVAL": f"{max(1.0, self.real(self.feed_minutes)):g}",
        }


@dataclass(frozen=True)
class Question:
    text: str
    lang: str


def load_questions() -> dict[str, list[Question]]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    return {lang: [Question(item["q"], lang) for item in yaml.load((QUESTIONS / f"{lang}.yaml").read_text("utf-8"))]
            for lang in LANGS}


# The curators' estimates (fictional ones from tests/data/extra.yaml): a question that shows each,
# and the values the edits cycle through (unique to this run, never another figure in the answer).
@dataclass(frozen=True)
class EditTarget:
    estimate: str
    question: str
    first_value: int


EDIT_TARGETS = (
    EditTarget("kz-is-fighters-2016-01-tmgb", "How many Kazakhstanis are fighting for IS?", 401),
    EditTarget("uz-is-fighters-2015-06-tmga", "how many uzbeks joined isis", 701),
)


# --- the fake Bot API, counting messages per chat ----------------------------------------------------

class SoakBotAPI(FakeBotAPI):
    """The fake Bot API with every accepted sendMessage indexed by chat (time, text), and waiters."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sent: dict[Any, list[tuple[float, str]]] = defaultdict(list)
        self._waiters: dict[Any, list[asyncio.Event]] = defaultdict(list)

    async def _m_sendmessage(self, params: dict, files: dict) -> dict:
        result = await super()._m_sendmessage(params, files)
        chat = params.get("chat_id")
        self.sent[chat].append((time.monotonic(), str(params.get("text") or "")))
        for event in self._waiters.pop(chat, []):
            event.set()
        return result

    async def wait_sent(self, chat: Any, n: int, timeout: float) -> bool:
        """Until chat has at least n messages; False on timeout."""
        deadline = time.monotonic() + timeout
        while len(self.sent[chat]) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            event = asyncio.Event()
            self._waiters[chat].append(event)
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return len(self.sent[chat]) >= n
        return True


# --- the feeds -------------------------------------------------------------------------------------

PLACES = {
    "en": ["Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Tajikistan", "Turkmenistan"],
    "ru": ["Казахстан", "Киргизия", "Узбекистан", "Таджикистан", "Туркмения"],
    "kk": ["Қазақстан", "Қырғызстан", "Өзбекстан", "Тәжікстан", "Түрікменстан"],
}
EVENTS = {
    "en": ["court jails {n} recruiters", "security service detains {n} suspects",
           "parliament debates a new extremism bill", "{n} citizens return from Syria",
           "police block {n} extremist websites", "border guards stop {n} travellers bound for Turkey",
           "prosecutors open {n} terrorism cases", "experts put the number of fighters at {n}",
           "ministry reports {n} deradicalisation graduates", "imams trained to counter online propaganda"],
    "ru": ["суд приговорил {n} вербовщиков", "спецслужба задержала {n} подозреваемых",
           "парламент обсуждает новый закон об экстремизме", "из Сирии вернулись {n} граждан",
           "полиция заблокировала {n} экстремистских сайтов", "пограничники остановили {n} человек на пути в Турцию",
           "прокуратура возбудила {n} дел о терроризме", "эксперты оценили число боевиков в {n} человек",
           "министерство сообщило о {n} прошедших программу дерадикализации",
           "имамов учат противостоять пропаганде в сети"],
    "kk": ["сот {n} жалдаушыны соттады", "арнаулы қызмет {n} күдіктіні ұстады",
           "парламент экстремизм туралы жаңа заң жобасын талқылады", "Сириядан {n} азамат оралды",
           "полиция {n} экстремистік сайтты бұғаттады", "шекарашылар Түркияға бара жатқан {n} адамды тоқтатты",
           "прокуратура терроризм бойынша {n} іс қозғады", "сарапшылар содырлар санын {n} деп бағалады",
           "министрлік {n} адам дерадикализация бағдарламасынан өтті деді",
           "имамдар желідегі насихатқа қарсы тұруға үйретілуде"],
}


@dataclass
class Item:
    url: str
    title: str
    published: str  # RFC 822
    feeds: list[str]


@dataclass
class Feed:
    name: str
    lang: str
    items: list[Item] = field(default_factory=list)  # newest last
    served: int = 0  # 200s
    not_modified: int = 0  # 304s

    def body(self) -> str:
        newest = list(reversed(self.items))[:50]  # a feed shows its latest items, as real ones do
        return rss(f"Soak {self.name}", [(i.url, i.title, i.published, i.title + ".") for i in newest], self.lang)


class FeedFarm:
    """RSS feeds on 127.0.0.1 that grow during the run; ETag = the body's hash (304 when unchanged)."""

    def __init__(self, model: Model, rng: random.Random):
        self.model = model
        self.rng = rng
        self.feeds: dict[str, Feed] = {}
        self.items: list[Item] = []
        self.base = ""
        self._titles: list[str] = []
        self._serial = count(1)
        self._runner: web.AppRunner | None = None
        for lang in LANGS:
            for k in range(model.feeds_per_language):
                name = f"{lang}{k + 1}"
                self.feeds[name] = Feed(name, lang)

    def url(self, name: str) -> str:
        return f"{self.base}/feeds/{name}.xml"

    async def start(self) -> FeedFarm:
        app = web.Application()
        app.router.add_get("/feeds/{name}.xml", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _serve(self, request: web.Request) -> web.Response:
        feed = self.feeds.get(request.match_info["name"])
        if feed is None:
            return web.Response(status=404)
        body = feed.body()
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            feed.not_modified += 1
            return web.Response(status=304, headers={"ETag": etag})
        feed.served += 1
        return web.Response(text=body, content_type="application/rss+xml", headers={"ETag": etag})

    def _title(self, lang: str) -> str:
        """A headline unlike every earlier one (the dedupe takes near-identical titles for one story)."""
        from rapidfuzz import fuzz

        from bot.ingest.dedupe import normalise_title

        for _ in range(200):
            title = f"{self.rng.choice(PLACES[lang])}: " + self.rng.choice(EVENTS[lang]).format(
                n=self.rng.randint(2, 99))
            norm = normalise_title(title)
            if all(fuzz.token_sort_ratio(norm, seen) < 80 for seen in self._titles):
                self._titles.append(norm)
                return title
        raise RuntimeError("ran out of distinct headlines")  # pragma: no cover - 5 x 10 x 98 combinations

    def add_item(self, name: str) -> Item:
        feed = self.feeds[name]
        serial = next(self._serial)
        item = Item(url=f"https://news.example.org/{feed.lang}/soak-{serial}", title=self._title(feed.lang),
                    published=email.utils.format_datetime(datetime.now(UTC), usegmt=True), feeds=[name])
        feed.items.append(item)
        if self.rng.random() < self.model.cross_post:
            other = self.rng.choice([n for n in self.feeds if n != name])
            self.feeds[other].items.append(item)
            item.feeds.append(other)
        self.items.append(item)
        return item


# --- one exchange: an update posted, the bot's message awaited -------------------------------------------

@dataclass
class Exchange:
    user: int
    text: str
    lang: str
    kind: str  # warmup | question | edit | check | baseline
    instance: int
    posted: float = 0.0
    replied: float | None = None
    reply: str = ""
    status: int | None = None

    @property
    def latency(self) -> float | None:
        return None if self.replied is None else self.replied - self.posted


@dataclass
class Sample:
    at: float
    rss: list[int]


class Soak:
    """The run: the cluster, the feeds, the traffic, and what was seen."""

    def __init__(self, model: Model, cluster: Any, api: SoakBotAPI, farm: FeedFarm):
        self.model = model
        self.cluster = cluster
        self.api = api
        self.farm = farm
        self.rng = random.Random(model.seed)
        self.questions = load_questions()
        self.exchanges: list[Exchange] = []
        self.expected: Counter[int] = Counter()  # updates sent per chat (each wants one message)
        self.statuses: Counter[int] = Counter()  # webhook HTTP status per POST (-1: no answer)
        self.redelivered = 0
        self.edit_failures: list[str] = []
        self.samples: list[Sample] = []
        self.subscriptions: dict[int, Any] = {}  # id -> SubscriptionRecord at creation
        self.daily_ids: list[int] = []
        self.started = 0.0
        self.ended = 0.0
        self._turn = count()
        self._background: set[asyncio.Task] = set()

    # --- posting ------------------------------------------------------------------------------

    def next_instance(self) -> int:
        return next(self._turn) % len(self.cluster.instances)

    async def _post(self, i: int, update: dict) -> int:
        try:
            status = await self.cluster.post(i, update)
        except Exception as exc:  # noqa: BLE001 - a refused connection is a failed POST, counted
            logging.getLogger("soak").warning("POST to instance %s failed: %r", i, exc)
            status = -1
        self.statuses[status] += 1
        return status

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _redeliver(self, i: int, update: dict) -> None:
        await asyncio.sleep(self.rng.uniform(0.0, 0.5))
        self.redelivered += 1
        await self._post(i, update)

    async def converse(self, user: int, text: str, lang: str, kind: str, instance: int | None = None,
                       redeliver: bool = False) -> Exchange:
        """Send `text` as `user` in their private chat; wait for the bot's next message there."""
        i = self.next_instance() if instance is None else instance
        update = self.cluster.message(text, user_id=user, lang=lang)
        seen = len(self.api.sent[user])
        self.expected[user] += 1
        ex = Exchange(user, text, lang, kind, i, posted=time.monotonic())
        self.exchanges.append(ex)
        ex.status = await self._post(i, update)
        if redeliver:
            self._spawn(self._redeliver((i + 1) % len(self.cluster.instances), update))
        if await self.api.wait_sent(user, seen + 1, REPLY_TIMEOUT):
            ex.replied, ex.reply = self.api.sent[user][seen]
        return ex

    # --- seeding ----------------------------------------------------------------------------

    def seed(self, store: Any) -> None:
        """Starter + extra data, the feeds (with a first few items) and the subscriptions."""
        for path in (STARTER, EXTRA):
            store.entries.import_document(path.read_bytes(), actor="soak")
        for name in self.farm.feeds:
            for _ in range(self.model.initial_items):
                self.farm.add_item(name)
            store.feeds.add(self.farm.url(name), title=f"Soak {name}", actor="soak")
        tg = self.cluster.tg
        for user in [*range(FIRST_MEMBER, FIRST_MEMBER + self.model.members), *CURATORS]:
            tg.chat(user, "private", user=tg.user(user))
        chat = count(FIRST_SUB_CHAT)
        far = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")  # never due by itself in the run
        for lang in LANGS:
            for places in INSTANT_PLACES:
                self._subscribe(store, next(chat), "instant", lang, places)
            for _ in self.model.daily_slots:
                sub = self._subscribe(store, next(chat), "daily", lang, (), at=far, tz="UTC")
                self.daily_ids.append(sub.id)

    def _subscribe(self, store: Any, chat_id: int, kind: str, lang: str, places: tuple[str, ...], **kw: Any) -> Any:
        tg = self.cluster.tg
        tg.chat(chat_id, "private", user=tg.user(chat_id, lang=lang))
        sub = store.subscriptions.add(chat_id, "soak", kind, language=lang, places=places, **kw)
        self.subscriptions[sub.id] = sub
        return sub

    def place_daily_slots(self, store: Any) -> None:
        """Each daily subscription due at its fraction of the run (see the module docstring)."""
        from sqlalchemy import update

        from bot.store.models import SubscriptionRow

        table = SubscriptionRow.__table__  # type: ignore[attr-defined]
        start = datetime.now(UTC)
        slots = self.model.daily_slots
        with store.db.engine.begin() as conn:
            for n, sub_id in enumerate(self.daily_ids):
                due = start + timedelta(seconds=self.model.duration * slots[n % len(slots)])
                conn.execute(update(table).where(table.c.id == sub_id).values(next_due_at=due))

    # --- traffic ------------------------------------------------------------------------------

    def _left(self) -> float:
        return self.ended - time.monotonic()

    async def _pause(self, mean_model_minutes: float, rng: random.Random) -> bool:
        """Sleep an exponential gap; False when the traffic window closes first."""
        gap = rng.expovariate(1.0 / self.model.real(mean_model_minutes))
        if gap >= self._left():
            return False
        await asyncio.sleep(gap)
        return True

    async def member(self, n: int) -> None:
        rng = random.Random(self.model.seed * 1000 + n)
        user, own = FIRST_MEMBER + n, LANGS[n % 3]
        while await self._pause(self.model.question_every, rng):
            lang = own if rng.random() >= self.model.other_language else rng.choice(LANGS)
            q = rng.choice(self.questions[lang])
            await self.converse(user, q.text, q.lang, "question", redeliver=rng.random() < self.model.redeliver)

    async def curator(self, n: int) -> None:
        rng = random.Random(self.model.seed * 2000 + n)
        user, target = CURATORS[n], EDIT_TARGETS[n % len(EDIT_TARGETS)]
        k = 0
        while await self._pause(self.model.edit_every, rng):
            value = target.first_value + k % 99
            k += 1
            edit = await self.converse(user, f"/edit {target.estimate} value {value}", "en", "edit")
            if edit.replied is None or not re.search(rf"\b{value}\b", edit.reply) or "revision" not in edit.reply:
                self.edit_failures.append(f"/edit {target.estimate} value {value}: reply {edit.reply[:200]!r}")
                continue
            other = (edit.instance + 1) % len(self.cluster.instances)
            check = await self.converse(user, target.question, "en", "check", instance=other)
            if not re.search(rf"\b{value}\b", check.reply):
                self.edit_failures.append(f"after /edit {target.estimate} value {value} on inst-{edit.instance}, "
                                          f"inst-{other} answered {check.reply[:300]!r}")

    async def grow_feed(self, name: str) -> None:
        rng = random.Random(f"{self.model.seed}-{name}")
        while await self._pause(self.model.item_every, rng):
            self.farm.add_item(name)

    async def sample_memory(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.samples.append(Sample(time.monotonic(), [inst.rss_bytes() for inst in self.cluster.instances]))
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except TimeoutError:
                pass

    async def warm_up(self) -> None:
        """One question per language on each instance (both at once): the answer indexes are built
        before the clock starts."""
        async def one(i: int) -> None:
            for k, lang in enumerate(LANGS):
                q = self.questions[lang][k]
                await self.converse(FIRST_MEMBER + (i * 3 + k) % self.model.members, q.text, lang, "warmup",
                                    instance=i)

        await asyncio.gather(*(one(i) for i in range(len(self.cluster.instances))))

    async def traffic(self) -> None:
        stop = asyncio.Event()
        sampler = asyncio.create_task(self.sample_memory(stop))
        self.started = time.monotonic()
        self.ended = self.started + self.model.duration
        tasks = [self.member(n) for n in range(self.model.members)]
        tasks += [self.curator(n) for n in range(len(CURATORS))]
        tasks += [self.grow_feed(name) for name in self.farm.feeds]
        try:
            await asyncio.gather(*tasks)
            if self._background:
                await asyncio.gather(*self._background)
        finally:
            stop.set()
            await sampler

    async def baseline(self, n: int) -> list[Exchange]:
        """The first n soak questions again, one at a time, to instance 0 with no other traffic (its feed
        and digest jobs keep their schedule, as on any idle instance)."""
        asked = [e for e in self.exchanges if e.kind == "question"][:n]
        out = []
        for k, ex in enumerate(asked):
            out.append(await self.converse(FIRST_MEMBER + k % self.model.members, ex.text, ex.lang, "baseline",
                                           instance=0))
        return out

    # --- draining -----------------------------------------------------------------------------

    async def wait_feeds(self, store: Any) -> bool:
        """Until every item published is a report (the last ones wait for their feed's next poll)."""
        from bot.store.validate import canonical_url

        wanted = {canonical_url(i.url) for i in self.farm.items}
        deadline = time.monotonic() + self.model.real(self.model.feed_minutes + 2 * self.model.check_minutes) \
            + CHECK_FEEDS_EXTRA
        while True:
            stored = {canonical_url(r.url) for r in await asyncio.to_thread(store.entries.reports)}
            if wanted <= stored or time.monotonic() > deadline:
                return wanted <= stored
            await asyncio.sleep(0.5)

    async def wait_digests(self, store: Any) -> bool:
        """Until no part waits, every instant subscription had a round after the last change, and every
        daily one its digest."""
        deadline = time.monotonic() + self.model.real(10 * self.model.digest_minutes) + 20.0

        def settled() -> bool:
            last = store.subscriptions.last_change_at()
            if store.subscriptions.pending_parts(include_paused=True):
                return False
            for sub in store.subscriptions.all():
                if sub.kind == "instant" and last is not None and (sub.last_digest_at is None or sub.last_digest_at < last):
                    return False
                if sub.kind == "daily" and sub.claims < 1:
                    return False
            return True

        while True:
            if await asyncio.to_thread(settled):
                return True
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.5)


# --- checks ----------------------------------------------------------------------------------------

@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_replies(soak: Soak) -> list[Check]:
    lost = [e for e in soak.exchanges if e.replied is None]
    wrong = {chat: (want, len(soak.api.sent[chat])) for chat, want in soak.expected.items()
             if len(soak.api.sent[chat]) != want}
    bad_status = {s: n for s, n in soak.statuses.items() if s != 200}
    return [
        Check("every update answered", not lost,
              f"{len(soak.exchanges) - len(lost)}/{len(soak.exchanges)} answered within {REPLY_TIMEOUT:.0f}s"
              + (f"; first unanswered: {lost[0].text!r} (user {lost[0].user}, inst-{lost[0].instance})" if lost else "")),
        Check("exactly one message per update", not wrong,
              f"{len(soak.expected)} chats, {sum(soak.expected.values())} updates ({soak.redelivered} delivered twice)"
              + (f"; chats off (want, got): {dict(list(wrong.items())[:5])}" if wrong else "")),
        Check("curator edits seen at once on the other instance", not soak.edit_failures,
              f"{sum(1 for e in soak.exchanges if e.kind == 'edit')} edits"
              + (f"; {soak.edit_failures[:3]}" if soak.edit_failures else "")),
        Check("every webhook POST answered 200", not bad_status,
              f"{sum(soak.statuses.values())} POSTs" + (f"; other statuses: {bad_status}" if bad_status else "")),
    ]


def check_logs(soak: Soak) -> list[Check]:
    errors = {inst.name: inst.errors() for inst in soak.cluster.instances}
    total = sum(len(e) for e in errors.values())
    first = next((e[0] for e in errors.values() if e), None)
    refused = soak.api.errors
    return [
        Check("no ERROR log record", total == 0,
              ", ".join(f"{name}: {len(e)}" for name, e in errors.items())
              + (f"; first: {first.get('message')!r} {str(first.get('exc') or '')[-300:]!r}" if first else "")),
        Check("no Bot API call refused", not refused,
              f"{len(soak.api.calls)} calls" + (f"; first refused: {refused[0]!r}" if refused else "")),
    ]


def check_digests(soak: Soak, store: Any, settled: bool) -> tuple[list[Check], dict[str, int]]:
    parts = {sid: store.subscriptions.digest_parts(sid) for sid in soak.subscriptions}
    sent = [p for ps in parts.values() for p in ps if p.sent_at is not None]
    unsent = [p for ps in parts.values() for p in ps if p.sent_at is None]
    # each chat: the fake API's messages against the sent parts' texts
    problems = []
    for sid, sub in soak.subscriptions.items():
        want = Counter(p.text for p in parts[sid] if p.sent_at is not None)
        got = Counter(text for _, text in soak.api.sent[sub.chat_id])
        if want != got:
            doubled = sum(max(0, got[t] - want[t]) for t in got)
            lost = sum(max(0, want[t] - got[t]) for t in want)
            problems.append(f"chat {sub.chat_id}: {lost} part(s) marked sent never arrived, {doubled} extra message(s)")
    # items: none in two sent parts of one subscription
    repeated = []
    for sid, ps in parts.items():
        items = Counter(k for p in ps if p.sent_at is not None for k in p.items)
        repeated += [(sid, k) for k, n in items.items() if n > 1]
    # nothing lost: unfiltered subscriptions got every report ingested before their cursor, and the last
    # revision of every edited estimate
    from bot.store.rows import aware

    reports = store.entries.reports_since(datetime(2000, 1, 1, tzinfo=UTC))
    edited = {t.estimate: store.entries.get("estimate", t.estimate).revision for t in EDIT_TARGETS}
    missing = []
    for sid, created in soak.subscriptions.items():
        sub = store.subscriptions.get(sid)
        if sub is None or sub.places or sub.topics or sub.last_digest_at is None:
            continue
        got = {k for k, _ in store.subscriptions.deliveries(sid)}
        got_ids = {(k, i) for k, i, _ in got}
        cursor, since = aware(sub.last_digest_at), aware(created.created_at)
        for r in reports:
            if since < r.ingested_at <= cursor and ("report", r.id) not in got_ids:
                missing.append(f"subscription {sid}: report {r.id}")
        if sub.kind == "instant":
            for eid, rev in edited.items():
                if rev > 1 and ("estimate", eid, rev) not in got:
                    missing.append(f"subscription {sid}: estimate {eid} revision {rev}")
    checks = [
        Check("digest rounds settled after the traffic", settled, "no part waiting, every subscription caught up"),
        Check("every digest part sent exactly once", not problems and not unsent,
              f"{len(sent)} parts sent to {len(soak.subscriptions)} chats"
              + (f"; {problems[:3]}" if problems else "") + (f"; {len(unsent)} left unsent/dropped" if unsent else "")),
        Check("no item in two parts of one subscription", not repeated, f"{repeated[:3]}" if repeated else "none"),
        Check("nothing lost before a subscription's cursor", not missing,
              f"{len(missing)} missing" + (f": {missing[:3]}" if missing else "")),
    ]
    figures = {"parts": len(sent), "instant_parts": sum(1 for p in sent if soak.subscriptions[p.subscription_id].kind
                                                          == "instant"),
               "daily_parts": sum(1 for p in sent if soak.subscriptions[p.subscription_id].kind == "daily")}
    return checks, figures


def check_feeds(soak: Soak, store: Any, settled: bool) -> tuple[list[Check], dict[str, int]]:
    from bot.store.validate import canonical_url

    by_url = Counter(canonical_url(r.url) for r in store.entries.reports())
    items = {canonical_url(i.url) for i in soak.farm.items}
    absent = [u for u in items if by_url[u] == 0]
    doubled = [u for u in items if by_url[u] > 1]
    cross = sum(1 for i in soak.farm.items if len(i.feeds) > 1)
    return [
        Check("every feed item became one report", settled and not absent and not doubled,
              f"{len(items)} items ({cross} cross-posted), {len(items) - len(absent)} stored"
              + (f"; never stored: {absent[:3]}" if absent else "") + (f"; doubled: {doubled[:3]}" if doubled else "")),
    ], {"items": len(items), "reports": sum(by_url[u] for u in items), "cross_posted": cross,
        "served": sum(f.served for f in soak.farm.feeds.values()),
        "not_modified": sum(f.not_modified for f in soak.farm.feeds.values())}


def memory_thirds(soak: Soak) -> list[dict[str, float]]:
    """Per instance: RSS at the start, median of the middle and last thirds, growth (MB and ratio)."""
    window = [s for s in soak.samples if soak.started <= s.at <= soak.ended]
    third = (soak.ended - soak.started) / 3
    out = []
    for i in range(len(soak.cluster.instances)):
        middle = [s.rss[i] for s in window if soak.started + third <= s.at < soak.started + 2 * third and s.rss[i]]
        last = [s.rss[i] for s in window if s.at >= soak.started + 2 * third and s.rss[i]]
        first = next((s.rss[i] for s in window if s.rss[i]), 0)
        mid, end = (statistics.median(middle) if middle else 0), (statistics.median(last) if last else 0)
        out.append({"start": first / 2**20, "middle": mid / 2**20, "end": end / 2**20,
                    "growth": (end - mid) / mid if mid else float("inf"), "samples": len(window)})
    return out


def check_memory(thirds: list[dict[str, float]]) -> list[Check]:
    return [Check(f"memory flat on inst-{i}", m["growth"] <= MEMORY_GROWTH_LIMIT,
                  f"RSS {m['start']:.0f} MB at start, median {m['middle']:.1f} MB (middle third) -> "
                  f"{m['end']:.1f} MB (last third): {m['growth']:+.1%} (limit +{MEMORY_GROWTH_LIMIT:.0%})")
            for i, m in enumerate(thirds)]


# --- metrics ---------------------------------------------------------------------------------------

_METRIC = re.compile(r'^(\w+)(?:\{([^}]*)\})?\s+([0-9.eE+-]+)$')


async def scrape(instances: list[Any]) -> list[dict[str, float]]:
    """Each instance's /metrics as {name{labels}: value}."""
    out = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        for inst in instances:
            values: dict[str, float] = {}
            try:
                async with session.get(f"http://{inst.host}:{inst.port}/metrics") as response:
                    for line in (await response.text()).splitlines():
                        found = _METRIC.match(line)
                        if found:
                            key = found.group(1) + (f"{{{found.group(2)}}}" if found.group(2) else "")
                            values[key] = float(found.group(3))
            except aiohttp.ClientError:
                pass
            out.append(values)
    return out


def metric_sum(values: dict[str, float], prefix: str) -> float:
    return sum(v for k, v in values.items() if k.startswith(prefix))


# --- running ---------------------------------------------------------------------------------------

def postgres_problem() -> str | None:
    from sqlalchemy import create_engine, text

    from tests.support.store import postgres_url

    try:
        engine = create_engine(postgres_url())
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any reason it cannot be used
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    return None


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


async def run(model: Model, baseline_n: int, logs: Path | None = None) -> tuple[list[Check], dict[str, Any]]:
    from tests.support.instances import Cluster

    api = await SoakBotAPI(TOKEN).start()
    farm = await FeedFarm(model, random.Random(model.seed)).start()
    cluster = Cluster(2, env=model.env(CURATORS), api=api)
    soak = Soak(model, cluster, api, farm)
    timings: dict[str, float] = {}
    try:
        t = time.monotonic()
        store = cluster.open_store()
        await asyncio.to_thread(soak.seed, store)
        timings["seed"] = time.monotonic() - t
        t = time.monotonic()
        await cluster.start()
        timings["start"] = time.monotonic() - t
        t = time.monotonic()
        await soak.warm_up()
        timings["warmup"] = time.monotonic() - t
        await asyncio.to_thread(soak.place_daily_slots, store)
        await soak.traffic()
        t = time.monotonic()
        feeds_settled = await soak.wait_feeds(store)
        digests_settled = await soak.wait_digests(store)
        timings["drain"] = time.monotonic() - t
        t = time.monotonic()
        base = await soak.baseline(baseline_n)
        timings["baseline"] = time.monotonic() - t
        metrics = await scrape(cluster.instances)
        checks = check_replies(soak) + check_logs(soak)
        digest_checks, digest_figures = await asyncio.to_thread(check_digests, soak, store, digests_settled)
        feed_checks, feed_figures = await asyncio.to_thread(check_feeds, soak, store, feeds_settled)
        thirds = memory_thirds(soak)
        checks += digest_checks + feed_checks + check_memory(thirds)
    finally:
        t = time.monotonic()
        await cluster.stop()
        await farm.stop()
        await api.stop()
        timings["stop"] = time.monotonic() - t
        if logs is not None:
            logs.mkdir(parents=True, exist_ok=True)
            for inst in cluster.instances:
                (logs / f"{inst.name}.log").write_text("\n".join(inst.logs) + "\n", encoding="utf-8")
    soak_lat = [e.latency for e in soak.exchanges if e.kind == "question" and e.latency is not None]
    base_lat = [e.latency for e in base if e.latency is not None]
    figures = {
        "questions": len(soak_lat), "asked": sum(1 for e in soak.exchanges if e.kind == "question"),
        "by_lang": Counter(e.lang for e in soak.exchanges if e.kind == "question"),
        "edits": sum(1 for e in soak.exchanges if e.kind == "edit"),
        "p50": percentile(soak_lat, 50) if soak_lat else float("nan"),
        "p95": percentile(soak_lat, 95) if soak_lat else float("nan"),
        "base_p50": percentile(base_lat, 50) if base_lat else float("nan"),
        "base_p95": percentile(base_lat, 95) if base_lat else float("nan"),
        "base_n": len(base_lat),
        "messages": sum(len(v) for v in api.sent.values()),
        "redelivered": soak.redelivered,
        "feed_polls": [metric_sum(m, "monitorbot_feed_polls_total") for m in metrics],
        "feed_polls_ok": sum(metric_sum(m, 'monitorbot_feed_polls_total{result="ok"}') for m in metrics),
        "feed_polls_304": sum(metric_sum(m, 'monitorbot_feed_polls_total{result="not_modified"}') for m in metrics),
        "parts_by_instance": [metric_sum(m, "monitorbot_digest_parts_sent_total") for m in metrics],
        "duplicates_skipped": sum(metric_sum(m, "monitorbot_duplicate_updates_total") for m in metrics),
        "errors": sum(len(inst.errors()) for inst in cluster.instances),
        "memory": thirds, "timings": timings, **digest_figures,
        "exchanges": soak.exchanges, "started": soak.started, "subscriptions": len(soak.subscriptions),
        **{f"feed_{k}": v for k, v in feed_figures.items()},
    }
    return checks, figures


def report(model: Model, checks: list[Check], f: dict[str, Any]) -> str:
    ratio = f["p50"] / f["base_p50"] if f["base_p50"] else float("nan")
    langs = ", ".join(f"{f['by_lang'][lang]} {lang}" for lang in LANGS)
    lines = [
        f"model: {model.minutes:g} team minutes at {model.speed:g}x = {model.duration:.0f} s of traffic on 2 instances "
        f"+ PostgreSQL; {model.members} members, {len(CURATORS)} curators, {f['subscriptions']} "
        f"subscriptions, {model.feeds_per_language * 3} feeds; {machine()}",
        "timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in f["timings"].items()),
        f"questions answered   {f['questions']}/{f['asked']} ({langs}); {f['redelivered']} updates delivered twice, "
        f"{f['duplicates_skipped']:.0f} repeats skipped by the instances",
        f"reply latency        p50 {ms(f['p50'])}, p95 {ms(f['p95'])} under soak; idle instance, same questions one "
        f"at a time: p50 {ms(f['base_p50'])}, p95 {ms(f['base_p95'])} ({f['base_n']} questions); "
        f"soak/idle p50 ratio {ratio:.2f}",
        f"curator edits        {f['edits']} (each followed by a question on the other instance)",
        f"messages sent        {f['messages']}",
        f"digest parts         {f['parts']} ({f['instant_parts']} instant, {f['daily_parts']} daily); sent by "
        + ", ".join(f"inst-{i}: {n:.0f}" for i, n in enumerate(f["parts_by_instance"])),
        f"feed polls           {sum(f['feed_polls']):.0f} ("
        + ", ".join(f"inst-{i}: {n:.0f}" for i, n in enumerate(f["feed_polls"]))
        + f"; {f['feed_polls_ok']:.0f} ok, {f['feed_polls_304']:.0f} not modified); feed server: "
        f"{f['feed_served']} bodies, {f['feed_not_modified']} x 304",
        f"reports ingested     {f['feed_reports']} from {f['feed_items']} feed items ({f['feed_cross_posted']} "
        "cross-posted)",
    ]
    for i, m in enumerate(f["memory"]):
        lines.append(f"RSS inst-{i}           start {m['start']:.1f} MB, middle third {m['middle']:.1f} MB, "
                     f"last third {m['end']:.1f} MB ({m['growth']:+.1%})")
    lines.append(f"errors               {f['errors']}")
    return "\n".join(lines)


def results_body(model: Model, checks: list[Check], f: dict[str, Any]) -> str:
    ratio = f["p50"] / f["base_p50"] if f["base_p50"] else float("nan")
    failed = [c for c in checks if not c.ok]
    mem = "; ".join(f"inst-{i} {m['start']:.0f} / {m['middle']:.0f} / {m['end']:.0f} MB ({m['growth']:+.1%})"
                    for i, m in enumerate(f["memory"]))
    rows = [
        ("questions answered (ru / kk / en)", f"{f['questions']} of {f['asked']} ("
         + " / ".join(str(f['by_lang'][lang]) for lang in LANGS) + f"); {f['redelivered']} delivered twice"),
        ("reply latency under soak, p50 / p95", f"{ms(f['p50'])} / {ms(f['p95'])}"),
        ("the same questions one at a time to an idle instance, p50 / p95",
         f"{ms(f['base_p50'])} / {ms(f['base_p95'])} ({f['base_n']} questions)"),
        ("soak / idle p50", f"{ratio:.2f}x"),
        ("curator edits (each checked on the other instance)", str(f["edits"])),
        ("messages sent", str(f["messages"])),
        ("digest parts sent (instant / daily)", f"{f['parts']} ({f['instant_parts']} / {f['daily_parts']}), "
         "each exactly once"),
        ("feed polls (ok / not modified)", f"{sum(f['feed_polls']):.0f} ({f['feed_polls_ok']:.0f} / "
         f"{f['feed_polls_304']:.0f})"),
        ("reports ingested from feed items", f"{f['feed_reports']} from {f['feed_items']} items "
         f"({f['feed_cross_posted']} cross-posted)"),
        ("RSS start / middle third / last third (median)", mem),
        ("errors", str(f["errors"])),
    ]
    table = "| figure | value |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    return (
        f"{model.minutes:g} minutes of a busy team at {model.speed:g}x ({model.duration:.0f} s): two "
        "`monitorbot run --webhook` processes on one PostgreSQL database (tests/support/instances.py), the fake "
        f"Bot API, {model.members} members asking in ru/kk/en (tests/questions) every ~{model.question_every:g} "
        f"min each, {len(CURATORS)} curators editing every ~{model.edit_every:g} min, "
        f"{model.feeds_per_language * 3} growing RSS feeds polled every {model.feed_minutes:g} min, "
        f"{f['subscriptions']} digest subscriptions with rounds every {model.digest_minutes:g} min. "
        "Latency: webhook POST sent to sendMessage seen at the fake API.\n\n"
        f"{table}\n\nChecks: {len(checks) - len(failed)} of {len(checks)} passed"
        + (f" (FAILED: {', '.join(c.name for c in failed)})" if failed else "")
        + ": " + "; ".join(c.name for c in checks) + "."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same 30 minutes at 60x (about 45 s in all)")
    parser.add_argument("--minutes", type=float, help="team minutes to model (default 30)")
    parser.add_argument("--speed", type=float, help="compression (default 10; quick 60)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results.md alone")
    parser.add_argument("--slowest", type=int, default=0, metavar="N", help="also list the N slowest answers")
    parser.add_argument("--logs", type=Path, metavar="DIR", help="keep each instance's log as DIR/inst-N.log")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    model = Model(minutes=args.minutes or 30.0, speed=args.speed or (60.0 if args.quick else 10.0), seed=args.seed)

    problem = postgres_problem()
    if problem:
        print(f"soak needs PostgreSQL ({problem})")
        if os.environ.get("MONITORBOT_REQUIRE_POSTGRES") == "1":
            return 1
        print("SKIPPED (set MONITORBOT_REQUIRE_POSTGRES=1 to make this a failure)")
        return 0

    started = time.monotonic()
    checks, figures = asyncio.run(run(model, baseline_n=20 if args.quick else 60, logs=args.logs))
    print(report(model, checks, figures))
    for ex in sorted(figures["exchanges"], key=lambda e: -(e.latency or 1e9))[:args.slowest]:
        print(f"  slow: {ms(ex.latency or float('nan')):>8} at +{ex.posted - figures['started']:6.1f} s "
              f"inst-{ex.instance} {ex.kind} {ex.text[:60]!r}")
    print()
    for c in checks:
        print(f"{'PASS' if c.ok else 'FAIL'}  {c.name}: {c.detail}")
    failed = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failed)}/{len(checks)} checks passed in {time.monotonic() - started:.0f} s")
    if not args.quick and not args.no_write:  # a failed run is written too, saying which checks failed
        update_results("soak", "Soak: two instances, PostgreSQL, mixed traffic", results_body(model, checks, figures))
        print("wrote bench/results.md")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
