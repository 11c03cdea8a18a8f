"""Updates per second through the whole bot: the real monitorbot Application (python-telegram-bot,
long polling, HTTP) against the fake Bot API on 127.0.0.1, versus a bare echo bot on the same
stack in the same run, with the store in SQLite and (when asked, or reachable in quick mode) in
PostgreSQL. N questions are queued at once; the clock stops when the bot has handled them all.

    python bench/e2e_throughput.py [--quick] [-n N] [--rounds R] [--postgres [URL]]
                                   [--store synthetic|starter] [--no-write]

Decisions:
* The askers (and the warm-up user) are members of the team, granted in the store before the
  runs: access stays "team", the default, so every update pays the access check it pays in
  production; strangers would only measure the "not on the team" refusal.
* Two echo bots: PTB's defaults, one update at a time (the issue's first baseline), and one that
  handles updates as monitorbot does — side by side (handlers/concurrency.py) over monitorbot's
  HTTP transport (handlers/transport.py). The second is the baseline the target is judged on:
  what monitorbot adds is then its own work, not a different way of talking HTTP.
* Each round runs echo, SQLite, PostgreSQL one after another, each on a fresh fake server and a
  fresh Application; figures are medians over the rounds, and a ratio is taken against the echo
  run of the same round (the baseline closest in time, so background load cancels out).
* PostgreSQL runs when `--postgres` is given. In --quick (what .ci/run calls) it runs also when
  MONITORBOT_REQUIRE_POSTGRES=1 (then unreachable is a failure, as in the tests) or when the
  database answers within 3 s (else it says SKIPPED and measures SQLite only): CI always has
  PostgreSQL, so CI always checks both, and a laptop without it still runs the bench.
  The URL defaults to MONITORBOT_TEST_DATABASE_URL, else the local test database.
* Same question -> same answer text: the first SQLite round's replies must be the core's own
  answers (Answerer.ask + HTML render in this process, split as the handler splits them), and
  every other run's reply (the HTML text, all parts of a split answer) must equal the first
  SQLite round's reply to the same question, on either database. Replies are matched to
  questions by chat: the bot handles chats side by side but each chat's updates in order, so a
  chat's messages answer its questions in turn (as many messages each as the core's split).
* Exit 1 when a run shows a failure: an API call refused, a question without a reply, a reply
  that is not the core's answer, an answer that differs between databases (or rounds),
  PostgreSQL required but unreachable. Speed is reported against the target, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import update_results, verdict  # noqa: E402
from bench.questions import build_questions  # noqa: E402
from bench.synthetic import ensure_pg_store, ensure_store  # noqa: E402
from tests.fakebotapi import FakeBotAPI, FakeTelegram, run_application  # noqa: E402
from tests.fakebotapi.echo import build_echo_application  # noqa: E402
from tests.fakebotapi.harness import DEFAULT_USER_ID  # noqa: E402

RATIO_TARGET = 0.5
SIDE_ECHO = "echo bot, side by side"  # the baseline: an echo bot handling updates as monitorbot does
ECHOES = ("echo bot", SIDE_ECHO)
USERS = 50  # questions come from this many users, round robin
FIRST_USER = 10_000
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SHOWN_DIFFERENCES = 3


async def measure(
    build: Callable[[FakeBotAPI], Any],
    texts: list[tuple[str, str]],
    timeout: float,
    warmup: list[tuple[str, str]],
) -> dict:
    """Run one Application against a fresh fake server; queue every text; time until handled.
    The warm-up questions (one of each kind) and the bot's own warm-up build the lazy indexes
    before the clock starts: the figures are the steady state, not the start."""
    api = await FakeBotAPI().start()
    tg = FakeTelegram(api, timeout=timeout)
    try:
        application = build(api)
        async with run_application(application, tg):
            for text, lang in warmup:
                await tg.user_says(text, lang=lang, timeout=timeout)
            if "warm_up" in application.bot_data:  # monitorbot's own warm-up (handlers/app.py) done too
                await application.bot_data["warm_up"]
            since = api.seq
            last = 0
            started = time.perf_counter()
            for i, (text, lang) in enumerate(texts):
                last = tg.queue(tg.message_update(text, user_id=asker(i), lang=lang))
            await tg.wait_processed(last, timeout)
            elapsed = time.perf_counter() - started
        sent = [c for c in api.calls if c.seq > since and c.name == "sendmessage" and c.ok]
        refused = [c for c in api.calls if c.seq > since and not c.ok and c.name != "getupdates"]
        return {
            "seconds": elapsed,
            "per_second": len(texts) / elapsed,
            "messages": len(sent),
            "refused": len(refused),
            "chats": len({c.params.get("chat_id") for c in sent}),
            "first_error": refused[0].error if refused else None,
            "sent": [(str(c.params.get("chat_id")), str(c.params.get("text", ""))) for c in sent],
        }
    finally:
        await api.stop()


def asker(i: int) -> int:
    """The user (and private chat) asking question i: round robin, so neighbours differ."""
    return FIRST_USER + i % USERS


def replies_by_question(sent: list[tuple[str, str]], count: int, parts: list[int] | None = None
                        ) -> list[str] | None:
    """Each question's reply text (parts of a split answer joined), in question order; None when
    the messages do not answer each question once. The bot handles chats side by side, so
    messages to different chats interleave; within a chat they come in its questions' order.
    `parts[i]`: how many messages question i's answer takes (the core's split; default 1)."""
    by_chat: dict[str, list[str]] = {}
    for chat, text in sent:
        by_chat.setdefault(chat, []).append(text)
    taken: dict[str, int] = {}
    replies = []
    for i in range(count):
        chat, k = str(asker(i)), parts[i] if parts else 1
        start = taken.get(chat, 0)
        messages = by_chat.get(chat, [])
        if start + k > len(messages):
            return None
        replies.append("\n".join(messages[start:start + k]))
        taken[chat] = start + k
    if any(taken.get(chat, 0) != len(messages) for chat, messages in by_chat.items()):
        return None
    return replies


def admit_askers(store: Any) -> None:
    """Make the bench's users members of the team (idempotent: the stores are reused)."""
    for user_id in (DEFAULT_USER_ID, *range(FIRST_USER, FIRST_USER + USERS)):
        store.people.set_role(user_id, "member", actor="bench")


def core_replies(store: Any, texts: list[tuple[str, str]]) -> tuple[list[str], list[int]]:
    """What the bot should send for each question: the reply language as handlers.language picks
    it (no saved choice; the question's language; the client's), the question read as handlers.ask
    reads it (a short one may follow up its asker's previous question), HTML render, split under
    Telegram's limit as handlers.replies does (parts joined as replies_by_question joins)."""
    from bot.answering import Answerer, render
    from bot.i18n import choose_language
    from bot.understanding import detect_language, followup
    from handlers.html_split import split_html

    answerer = Answerer(store)
    replies, parts = [], []
    previous: dict[int, Any] = {}  # asker -> their last question as read: a short one may follow it up
    for i, (text, client) in enumerate(texts):
        lang = choose_language(None, detect_language(text), client)
        index = answerer.index()
        parsed = answerer.parse(text, index)
        merged = followup.follow_up(previous.get(asker(i)), parsed) \
            if followup.may_be_follow_up(text) and followup.could_follow(parsed) else None
        answer = answerer.answer_query(merged or parsed, lang, index)
        if followup.worth_remembering(merged or answer.query):
            previous[asker(i)] = merged or answer.query
        html = render(answer, lang, fmt="html")
        messages = split_html(html) or [html]
        replies.append("\n".join(messages))
        parts.append(len(messages))
    return replies, parts


def postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at `url` cannot be used (None when it answers SELECT 1 within 3 s)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        return (str(orig) if orig else str(exc)).strip().splitlines()[0]
    finally:
        engine.dispose()


def choose_postgres(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(URL to measure on or None, a failure to report or None); see the module docstring."""
    required = os.environ.get("MONITORBOT_REQUIRE_POSTGRES") == "1"
    url = args.postgres or os.environ.get("MONITORBOT_TEST_DATABASE_URL") or DEFAULT_PG_URL
    if not (args.postgres or args.quick or required):
        return None, None
    problem = postgres_problem(url)
    if problem is None:
        return url, None
    if args.postgres or required:
        why = "--postgres was given" if args.postgres else "MONITORBOT_REQUIRE_POSTGRES=1"
        return None, f"PostgreSQL is required ({why}) but unusable: {problem}"
    print(f"SKIPPED PostgreSQL (unreachable: {problem}); measuring SQLite only")
    return None, None


def open_pg_starter(url: str) -> Any:
    """The starter data in PostgreSQL (schema bench_starter of `url`, created on first use)."""
    from sqlalchemy import create_engine, text

    from bot.store import Store

    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text("CREATE SCHEMA IF NOT EXISTS bench_starter"))
    admin.dispose()
    store = Store.open(url, schema="bench_starter")
    store.entries.load_starter_if_empty()
    return store


def compare_answers(reference: list[str], other: list[str], texts: list[tuple[str, str]],
                    reference_name: str) -> list[str]:
    """The questions answered differently, described (question, both answers, shortened)."""
    def short(s: str) -> str:
        return s if len(s) <= 160 else s[:157] + "..."

    return [
        f"  [{texts[i][1]}] {texts[i][0]!r}\n    {reference_name + ':':10s} {short(a)!r}\n"
        f"    this run:  {short(b)!r}"
        for i, (a, b) in enumerate(zip(reference, other, strict=True))
        if a != b
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few updates, small store, for CI")
    parser.add_argument("-n", type=int, help="updates per run (default 1000, quick 60)")
    parser.add_argument("--rounds", type=int, help="runs of each bot, medians reported (default 3, quick 1)")
    parser.add_argument("--store", choices=("synthetic", "starter"), default="synthetic")
    parser.add_argument("--postgres", metavar="URL", nargs="?", const=DEFAULT_PG_URL,
                        help="also measure with the store in PostgreSQL (default URL: the test database)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    args = parser.parse_args(argv)
    n = args.n or (60 if args.quick else 1000)
    rounds = max(1, args.rounds or (1 if args.quick else 3))
    logging.basicConfig(level=logging.WARNING)

    from bot.config import Settings
    from bot.store import Store
    from handlers.app import build_application

    pg_url, pg_failure = choose_postgres(args)
    if pg_failure:
        print(f"FAILED: {pg_failure}")
        return 1

    if args.store == "synthetic":
        sqlite_store, _ = ensure_store(args.quick)
    else:
        sqlite_store = Store.open(f"sqlite:///{tempfile.mkdtemp()}/starter.db")
        sqlite_store.entries.load_starter_if_empty()
    stores: dict[str, Any] = {"SQLite": sqlite_store}
    urls = {"SQLite": "sqlite://"}
    if pg_url:
        if args.store == "synthetic":
            stores["PostgreSQL"], _ = ensure_pg_store(args.quick, pg_url)
        else:
            stores["PostgreSQL"] = open_pg_starter(pg_url)
        urls["PostgreSQL"] = pg_url

    failures: list[str] = []
    counts = sqlite_store.entries.counts()
    for name, store in stores.items():
        if store.entries.counts() != counts:
            failures.append(f"the {name} store differs from SQLite's: {store.entries.counts()} vs {counts}")
        admit_askers(store)

    questions = build_questions(sqlite_store, n)
    texts = [(q.text, q.lang) for q in questions[:n]]
    warmup = [(q.text, q.lang) for q in {q.kind: q for q in questions}.values()]

    def echo(api: FakeBotAPI) -> Any:
        return build_echo_application(api.token, api.api_url)

    def echo_side_by_side(api: FakeBotAPI) -> Any:
        # the same processing model (handlers/concurrency.py) and HTTP transport (handlers/transport.py)
        # as monitorbot's: the fair baseline
        from handlers.concurrency import PerChatUpdateProcessor
        from handlers.transport import BotRequest

        defaults = Settings()
        return build_echo_application(api.token, api.api_url, PerChatUpdateProcessor(defaults.concurrent_updates),
                                      BotRequest(defaults.http_connections))

    def monitorbot(name: str) -> Callable[[FakeBotAPI], Any]:
        def build(api: FakeBotAPI) -> Any:
            settings = Settings(token=api.token, api_url=api.api_url, database_url=urls[name])
            return build_application(settings, stores[name])
        return build

    bots: dict[str, Callable[[FakeBotAPI], Any]] = {"echo bot": echo, SIDE_ECHO: echo_side_by_side}
    bots.update({f"monitorbot, {name}": monitorbot(name) for name in stores})
    timeout = max(60.0, n * 0.5)
    runs: dict[str, list[dict]] = {bot: [] for bot in bots}
    for _ in range(rounds):
        for bot, build in bots.items():
            runs[bot].append(asyncio.run(measure(build, texts, timeout, warmup)))

    # Replies: the core's answers on SQLite, and the same text on every database and round.
    expected, parts = core_replies(sqlite_store, texts)
    for bot, results in runs.items():
        for result in results:
            result["replies"] = replies_by_question(result["sent"], n, None if bot in ECHOES else parts)
    reference = runs["monitorbot, SQLite"][0]["replies"]
    same: dict[str, int] = {}
    as_core = None
    if reference is not None:
        differing = compare_answers(expected, reference, texts, "the core")
        as_core = n - len(differing)
        if differing:
            failures.append(f"monitorbot, SQLite, round 1: {len(differing)} of {n} replies are not the core's "
                            "answer:\n" + "\n".join(differing[:SHOWN_DIFFERENCES]))
    for bot, results in runs.items():
        for r, result in enumerate(results, 1):
            where = f"{bot}, round {r}"
            if result["refused"]:
                failures.append(f"{where}: {result['refused']} API calls refused, first: {result['first_error']}")
            if result["replies"] is None:
                failures.append(f"{where}: {result['messages']} messages do not answer each of the "
                                f"{n} questions once, in order")
            elif bot not in ECHOES and reference is not None:
                differing = compare_answers(reference, result["replies"], texts, "SQLite")
                same[bot] = min(same.get(bot, n), n - len(differing))
                if differing:
                    failures.append(f"{where}: {len(differing)} of {n} answers differ from SQLite round 1's:\n"
                                    + "\n".join(differing[:SHOWN_DIFFERENCES]))

    def median(bot: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[bot])

    def ratio(bot: str, base: str = SIDE_ECHO) -> float:
        return statistics.median(r["per_second"] / e["per_second"] for r, e in zip(runs[bot], runs[base],
                                                                                 strict=True))

    print(f"{n} questions from {USERS} users (ru/kk/en); store: {counts['estimates']:,} estimates, "
          f"{counts['laws']:,} laws, {counts['reports']:,} reports ({args.store}); "
          f"median of {rounds} round{'s' * (rounds > 1)}")
    for bot in bots:
        per_round = ", ".join(f"{r['per_second']:.0f}" for r in runs[bot]) if rounds > 1 else ""
        last = runs[bot][-1]
        line = (f"{bot:26s} {median(bot, 'per_second'):8.1f} updates/s  ({median(bot, 'seconds'):.2f} s; "
                f"{last['messages']} messages sent to {last['chats']} chats; {last['refused']} refused)")
        if bot not in ECHOES:
            line += f"  = {ratio(bot):.2f}x echo side by side, {ratio(bot, 'echo bot'):.2f}x echo one at a time"
        print(line + (f"  [rounds: {per_round}]" if per_round else ""))
    for bot in bots:
        if bot not in ECHOES:
            print(f"ratio, {bot:24s} {ratio(bot):5.2f}x the echo bot handling updates as monitorbot does "
                  f"(side by side)   target >= {RATIO_TARGET}x: {verdict(ratio(bot) >= RATIO_TARGET)}"
                  + ("  (quick: too few updates to judge)" if args.quick else ""))
    if as_core is not None:
        print(f"SQLite replies equal to the core's answers (Answerer.ask + render): {as_core} of {n}")
    if "monitorbot, PostgreSQL" in same:
        print(f"same answers on SQLite and PostgreSQL: {same['monitorbot, PostgreSQL']} of {n} questions")
    for failure in failures:
        print(f"FAILED: {failure}")

    if not args.quick and not args.no_write and not failures:
        write_results(n, rounds, counts, args.store, runs, ratio, same, as_core)
        print("wrote bench/results.md")
    for store in stores.values():
        store.close()
    return 1 if failures else 0


def write_results(n: int, rounds: int, counts: dict, store_name: str, runs: dict[str, list[dict]],
                  ratio: Callable[[str], float], same: dict[str, int], as_core: int | None) -> None:
    rows = []
    for bot, results in runs.items():
        per_second = statistics.median(r["per_second"] for r in results)
        messages, refused = results[-1]["messages"], sum(r["refused"] for r in results)
        each = ", ".join(f"{r['per_second']:.0f}" for r in results)
        if bot in ECHOES:
            rows.append(f"| bare {bot} | {per_second:.1f} | {each} | | {messages} | {refused} |")
        else:
            shown = ratio(bot)
            each_ratio = ", ".join(f"{r['per_second'] / e['per_second']:.2f}"
                                   for r, e in zip(results, runs[SIDE_ECHO], strict=True))
            rows.append(f"| {bot} | {per_second:.1f} | {each} | **{shown:.2f}x** ({each_ratio}; "
                        f"{verdict(shown >= RATIO_TARGET)}); {ratio(bot, 'echo bot'):.2f}x the echo bot one "
                        f"update at a time | {messages} | {refused} |")
    answers = f"Replies on SQLite equal to the core's answer (Answerer.ask + HTML render): {as_core} of {n}. "
    if "monitorbot, PostgreSQL" in same:
        answers += (f"Same question, same answer text on SQLite and PostgreSQL: "
                    f"{same['monitorbot, PostgreSQL']} of {n} questions (every round).")
    else:
        answers += "PostgreSQL not measured in this run (`--postgres` measures it)."
    body = (
        f"{n} questions queued at once from {USERS} users (a third each ru/kk/en; members of the team, "
        "so each update passes the access check), polled by "
        "python-telegram-bot over HTTP from the fake Bot API on 127.0.0.1; timed until every "
        "update was handled (after one warm-up question of each kind). Store: "
        f"{counts['estimates']:,} estimates, {counts['laws']:,} laws, {counts['reports']:,} reports "
        f"({store_name}). No rate limiter (it would measure Telegram's limits, not the bot). "
        f"Median of {rounds} rounds; each round runs every bot once, and a ratio is to that "
        "round's echo run (the median of those). Run as `python bench/e2e_throughput.py --postgres`.\n\n"
        f"| bot | updates/s (median) | each round | ratio to the echo bot side by side (each round; target >= {RATIO_TARGET}x) "
        "| messages sent (last round) | refused by the API |\n|---|---|---|---|---|---|\n"
        + "\n".join(rows) + f"\n\n{answers}"
    )
    update_results("e2e_throughput", "End-to-end throughput", body)


if __name__ == "__main__":
    raise SystemExit(main())
