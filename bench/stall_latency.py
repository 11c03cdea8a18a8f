"""A member's answer latency while a curator's long work runs, and what a big import costs.

    python bench/stall_latency.py [--quick] [--postgres [URL]] [--no-write]

Part 1, the team does not wait (issue 14, item 7). The real Application over the fake Bot API on
127.0.0.1, starter data, on SQLite and on PostgreSQL. A member asks question after question
(each sent when the previous one is answered) during three phases:
  * idle: nothing else running (the baseline, in the same process and run);
  * import: a curator uploads a 50,000-entry YAML file (the dry-run check), then presses Import;
  * slow fetch: a curator's /report of a page on a loopback site that takes 10 s to answer.
Latency is from queuing the update at the fake server to the bot's sendMessage arriving there.
Target: p95 < 1 s during both.

Part 2, the import itself (issue 14, item 5): the same 50,000 entries as YAML and as JSON, each
imported (dry run, then for real) into a fresh SQLite store in a subprocess of its own, so its
peak resident memory is the import's. Target: < 300 MB; YAML near JSON.

--quick (CI): 2,000 entries, a 1 s slow site, a few questions. PostgreSQL as in
bench/e2e_throughput.py: with --postgres, and in --quick when required or reachable.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.e2e_throughput import DEFAULT_PG_URL, choose_postgres  # noqa: E402 - the benches' one rule for PostgreSQL
from bench.figures import machine, percentile, update_results, verdict  # noqa: E402

CURATOR, MEMBER = 9501, 9502
QUESTIONS = [
    ("Сколько казахстанцев воюет за ИГ?", "ru"),
    ("How many Uzbeks fight for the Islamic State?", "en"),
    ("Қазақстан 2014 жылы қандай заң қабылдады?", "kk"),
    ("сколько граждан Кыргызстана уехало в Сирию?", "ru"),
]
TARGET_P95 = 1.0
MEMORY_TARGET_MB = 300



# --- the file ---------------------------------------------------------------------------------------

def big_document(n: int) -> dict:
    """n entries (estimates and reports, 3:7), small as bulk loads are: under the 5 MiB limit as YAML."""
    estimates = n * 3 // 10
    return {
        "version": 1,
        "topics": [{"key": "bench-fighters", "label": {"en": "fighters", "ru": "боевики", "kk": "содырлар"}}],
        "estimates": [
            {"id": f"b{i:05d}", "topic": "bench-fighters", "place": ("KZ", "KG", "TJ", "UZ")[i % 4],
             "value": 1 + i % 5000, "unit": "people", "as_of": str(2000 + i % 25), "estimator": "KNB",
             "source": {"publication": "Azattyq"}}
            for i in range(estimates)
        ],
        "reports": [
            {"url": f"https://e.kz/{i}", "title": f"R{i}", "published": f"20{10 + i % 15}-01-02"}
            for i in range(n - estimates)
        ],
    }


def as_yaml(doc: dict) -> bytes:
    lines = ["version: 1", "topics:", "  - key: bench-fighters",
             "    label: {en: fighters, ru: боевики, kk: содырлар}", "estimates:"]
    for e in doc["estimates"]:
        lines.append(f"  - id: {e['id']}\n    topic: {e['topic']}\n    place: {e['place']}\n    value: {e['value']}"
                     f"\n    unit: people\n    as_of: '{e['as_of']}'\n    estimator: KNB"
                     "\n    source: {publication: Azattyq}")
    lines.append("reports:")
    for r in doc["reports"]:
        lines.append(f"  - url: {r['url']}\n    title: {r['title']}\n    published: {r['published']}")
    return ("\n".join(lines) + "\n").encode()


# --- part 2: one import in a subprocess ---------------------------------------------------------------

def import_once(path: str) -> dict:
    """Run in a subprocess (--measure-import): dry run then import into a fresh SQLite store."""
    from bench.figures import peak_rss_mb
    from bot.store import Store

    content = Path(path).read_bytes()
    store = Store.open(f"sqlite:///{tempfile.mkdtemp()}/import.db")
    before = peak_rss_mb()
    started = time.perf_counter()
    dry = store.entries.import_document(content, actor="bench", dry_run=True)
    checked = time.perf_counter()
    real = store.entries.import_document(content, actor="bench")
    done = time.perf_counter()
    store.close()
    return {"bytes": len(content), "dry_run_s": checked - started, "import_s": done - checked,
            "entries": dry.added, "imported": real.added, "peak_mb": peak_rss_mb(), "before_mb": before}


def measure_import(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure-import", str(path)], capture_output=True,
                         text=True, check=True, env={**os.environ, "MONITORBOT_STARTER": "off"})
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- part 1: latency under load --------------------------------------------------------------------------

class SlowSite:
    def __init__(self, delay: float) -> None:
        self.delay = delay

    async def start(self) -> str:
        from aiohttp import web

        async def page(request: web.Request) -> web.Response:
            await asyncio.sleep(self.delay)
            return web.Response(text="<html><head><title>Slow</title></head><body><p>late</p></body></html>",
                                content_type="text/html")

        app = web.Application()
        app.router.add_get("/slow", page)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slow"

    async def stop(self) -> None:
        await self.runner.cleanup()


async def ask_once(tg: Any, text: str, lang: str, timeout: float = 60) -> float:
    since = tg.api.seq
    started = time.monotonic()
    tg.queue(tg.message_update(text, user_id=MEMBER, lang=lang))

    def answered() -> list:
        return [c for c in tg.api.calls if c.seq > since and c.ok and c.name == "sendmessage"
                and c.params.get("chat_id") == MEMBER]

    if not await tg.api.wait_until(lambda: bool(answered()), timeout):
        raise RuntimeError(f"no answer to {text!r} within {timeout}s")
    return answered()[0].time - started


async def ask_while(tg: Any, busy: asyncio.Future | None, minimum: int) -> list[float]:
    """Ask in turn until `busy` is done (and at least `minimum` times)."""
    latencies: list[float] = []
    i = 0
    while len(latencies) < minimum or (busy is not None and not busy.done()):
        text, lang = QUESTIONS[i % len(QUESTIONS)]
        latencies.append(await ask_once(tg, text, lang))
        i += 1
    return latencies


async def curator_import(tg: Any, content: bytes) -> dict:
    """Upload (dry run) then press Import; the seconds each took until the bot's reply."""
    started = time.monotonic()
    replies = await tg.document(content, "bulk.yaml", user_id=CURATOR, lang="en", timeout=600)
    checked = time.monotonic()
    if "valid" not in replies.text:
        raise RuntimeError(f"the file was not accepted: {replies.text[:300]}")
    since = tg.api.seq
    await tg.press(replies.last, "Import", user_id=CURATOR, timeout=600)
    await tg.api.wait_until(lambda: any("Imported" in (c.params.get("text") or "") for c in tg.api.calls
                                        if c.seq > since), 600)
    return {"check_s": checked - started, "import_s": time.monotonic() - checked}


async def curator_report(tg: Any, url: str, timeout: float) -> None:
    await tg.user_says(f"/report {url}", user_id=CURATOR, lang="en", timeout=timeout)


async def latency_run(database: str, store: Any, content: bytes, slow_delay: float, idle_n: int) -> dict:
    from bot.config import Settings
    from handlers.app import build_application
    from tests.fakebotapi import FakeBotAPI, FakeTelegram, run_application

    api = await FakeBotAPI().start()
    tg = FakeTelegram(api, timeout=600)
    site = SlowSite(slow_delay)
    url = await site.start()
    settings = Settings(token=api.token, api_url=api.api_url, database_url=database, fetch_allow_private=True)
    result: dict = {}
    try:
        async with run_application(build_application(settings, store, jobs=False), tg):
            await ask_while(tg, None, len(QUESTIONS))  # warm-up: indexes built
            result["idle"] = await ask_while(tg, None, idle_n)
            work = asyncio.ensure_future(curator_import(tg, content))
            await asyncio.sleep(0.05)
            result["import"] = await ask_while(tg, work, 3)
            result["import_times"] = await work
            work = asyncio.ensure_future(curator_report(tg, url, slow_delay + 60))
            await asyncio.sleep(0.2)
            result["fetch"] = await ask_while(tg, work, 3)
            await work
    finally:
        await site.stop()
        await api.stop()
    return result


def open_store(kind: str, pg_url: str | None) -> tuple[Any, str, Any]:
    from sqlalchemy import create_engine, text

    from bot.store import Store

    if kind == "SQLite":
        url = f"sqlite:///{tempfile.mkdtemp()}/stall.db"
        store = Store.open(url)
        cleanup = store.close
    else:
        schema = f"bench_stall_{os.getpid()}"
        admin = create_engine(pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        store = Store.open(pg_url, schema=schema)
        url = pg_url

        def cleanup() -> None:
            store.close()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    store.entries.load_starter_if_empty()
    store.people.set_role(CURATOR, "curator", "bench")
    store.people.set_role(MEMBER, "member", "bench")
    return store, url, cleanup


def summary(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50) * 1000:6.0f} ms  p95 {percentile(values, 95) * 1000:6.0f} ms  "
            f"max {max(values) * 1000:6.0f} ms  (n={len(values)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", metavar="URL", nargs="?", const=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--measure-import", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_import:
        print(json.dumps(import_once(args.measure_import)))
        return 0
    logging.basicConfig(level=logging.WARNING)
    n = 2_000 if args.quick else 50_000
    slow = 1.0 if args.quick else 10.0
    idle_n = 8 if args.quick else 40

    doc = big_document(n)
    yaml_bytes = as_yaml(doc)
    json_bytes = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    workdir = Path(tempfile.mkdtemp())
    (workdir / "bulk.yaml").write_bytes(yaml_bytes)
    (workdir / "bulk.json").write_bytes(json_bytes)

    failures: list[str] = []
    imports = {fmt: measure_import(workdir / f"bulk.{fmt}") for fmt in ("yaml", "json")}
    for fmt, r in imports.items():
        if r["entries"] != n + 1:
            failures.append(f"{fmt}: {r['entries']} entries checked, expected {n + 1}")


    pg_url, pg_failure = choose_postgres(args)
    if pg_failure:
        failures.append(pg_failure)
    runs: dict[str, dict] = {}
    for kind in ("SQLite", "PostgreSQL") if pg_url else ("SQLite",):
        store, url, cleanup = open_store(kind, pg_url)
        try:
            runs[kind] = asyncio.run(latency_run(url, store, yaml_bytes, slow, idle_n))
        finally:
            cleanup()

    lines = [f"{n:,} entries ({len(yaml_bytes) / 1e6:.1f} MB as YAML, {len(json_bytes) / 1e6:.1f} MB as JSON); "
             f"slow site: {slow:g} s; {machine()}"]
    lines.append("Import (fresh SQLite store, own process): dry run + import, peak RSS")
    for fmt, r in imports.items():
        lines.append(f"  {fmt.upper():4s}  check {r['dry_run_s']:5.2f} s + import {r['import_s']:5.2f} s;  "
                     f"peak {r['peak_mb']:.0f} MB (before: {r['before_mb']:.0f} MB)  "
                     f"{verdict(r['peak_mb'] < MEMORY_TARGET_MB)} (< {MEMORY_TARGET_MB} MB)")
    ratio = (imports["yaml"]["dry_run_s"] + imports["yaml"]["import_s"]) / max(
        1e-9, imports["json"]["dry_run_s"] + imports["json"]["import_s"])
    lines.append(f"  YAML / JSON time: {ratio:.2f}x")
    for kind, r in runs.items():
        lines.append(f"Member latency, {kind} (queued at the fake Bot API -> sendMessage):")
        for phase in ("idle", "import", "fetch"):
            label = {"idle": "idle", "import": "during import", "fetch": "during slow fetch"}[phase]
            ok = "" if phase == "idle" else "  " + verdict(percentile(r[phase], 95) < TARGET_P95)
            lines.append(f"  {label:18s} {summary(r[phase])}{ok}")
        t = r["import_times"]
        lines.append(f"  the curator's import through the bot: check {t['check_s']:.1f} s, import {t['import_s']:.1f} s")
    print("\n".join(lines))
    for failure in failures:
        print(f"FAILED: {failure}")
    if not args.quick and not args.no_write and not failures:
        update_results("stall_latency", "Member latency during long work; import cost (bench/stall_latency.py)",
                       "```\n" + "\n".join(lines) + "\n```\n")
        print("wrote bench/results.md")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
