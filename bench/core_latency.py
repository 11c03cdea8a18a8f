"""Answer latency of the core (no network): Answerer.ask over the synthetic store for a mixed
question set in Russian, Kazakh and English; p50 / p95 / max and questions per second, plus the
time to build the Lexicon and the first question's index build.

    python bench/core_latency.py [--quick] [--questions N] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import percentile, update_results, verdict  # noqa: E402
from bench.questions import build_questions  # noqa: E402
from bench.synthetic import ensure_pg_store, ensure_store  # noqa: E402

P95_TARGET_MS = 20.0


def lexicon_build_ms(store, runs: int = 3) -> float | None:  # noqa: ANN001
    """Median time to build the Lexicon from the store's places and topics."""
    try:
        from bot.understanding import Lexicon
    except ImportError:
        return None
    places, topics = store.entries.places(), store.entries.topics()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        Lexicon.build(places, topics)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small store and question set, for CI")
    parser.add_argument("--questions", type=int, help="how many questions (default 1800, quick 90)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    parser.add_argument("--postgres", metavar="URL", nargs="?", const="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="run over the same store in PostgreSQL (default URL: the test database)")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print N questions answered as another kind than asked")
    args = parser.parse_args(argv)
    count = args.questions or (90 if args.quick else 1800)

    from bot.answering import Answerer, render

    store, _ = ensure_pg_store(args.quick, args.postgres) if args.postgres else ensure_store(args.quick)
    counts = store.entries.counts()
    questions = build_questions(store, count)

    lexicon_ms = lexicon_build_ms(store)
    answerer = Answerer(store)
    started = time.perf_counter()
    answerer.ask(questions[0].text, lang=questions[0].lang)  # builds the index and lexicon
    first_ms = (time.perf_counter() - started) * 1000
    # Lazy parts of the index (laws, comparisons...) are built by the first question of each
    # kind: count that once, as warm-up, rather than as a question's latency.
    started = time.perf_counter()
    for q in {q.kind: q for q in questions}.values():
        render(answerer.ask(q.text, lang=q.lang), q.lang, fmt="html")
    warmup_ms = (time.perf_counter() - started) * 1000

    ask_ms: list[float] = []
    full_ms: list[float] = []
    by_lang: dict[str, list[float]] = {"ru": [], "kk": [], "en": []}
    kinds: Counter[tuple[str, str]] = Counter()
    mismatches: list[str] = []
    with_figures = 0
    wall = time.perf_counter()
    for q in questions:
        t0 = time.perf_counter()
        answer = answerer.ask(q.text, lang=q.lang)
        t1 = time.perf_counter()
        render(answer, q.lang, fmt="html")
        t2 = time.perf_counter()
        ask_ms.append((t1 - t0) * 1000)
        full_ms.append((t2 - t0) * 1000)
        by_lang[q.lang].append((t1 - t0) * 1000)
        kinds[(q.kind, answer.kind)] += 1
        if answer.kind != q.kind and len(mismatches) < args.show:
            mismatches.append(f"  [{q.lang}] {q.text!r}: asked {q.kind}, answered {answer.kind}")
        with_figures += bool(answer.has_figures)
    wall = time.perf_counter() - wall

    p50, p95, worst = percentile(ask_ms, 50), percentile(ask_ms, 95), max(ask_ms)
    qps = len(questions) / wall
    print(
        f"store: {counts['estimates']:,} estimates, {counts['laws']:,} laws, "
        f"{counts['reports']:,} reports; {len(questions)} questions (ru/kk/en, 6 kinds)"
    )
    print(f"Answerer.ask          p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {worst:7.2f} ms"
          f"   target p95 < {P95_TARGET_MS:.0f} ms: {verdict(p95 < P95_TARGET_MS)}")
    print(f"ask + render (HTML)   p50 {percentile(full_ms, 50):7.2f} ms   "
          f"p95 {percentile(full_ms, 95):7.2f} ms   max {max(full_ms):7.2f} ms")
    for lang, values in by_lang.items():
        print(f"  {lang}: p50 {percentile(values, 50):6.2f} ms  p95 {percentile(values, 95):6.2f} ms")
    print(f"throughput            {qps:,.0f} questions/s (ask + render, one thread)")
    if lexicon_ms is not None:
        print(f"Lexicon.build         {lexicon_ms:7.1f} ms (median of 3)")
    print(f"first question        {first_ms:7.1f} ms (builds the index)")
    print(f"warm-up               {warmup_ms:7.1f} ms (first question of each kind)")
    print("asked -> answered as: " + ", ".join(
        f"{asked}->{got} {n}" for (asked, got), n in sorted(kinds.items())))
    print(f"answers with figures: {with_figures}/{len(questions)}")
    print("\n".join(mismatches))

    if not args.quick and not args.no_write:
        rows = [
            ("Answerer.ask p50", f"{p50:.2f} ms", ""),
            ("Answerer.ask p95", f"{p95:.2f} ms", f"< {P95_TARGET_MS:.0f} ms: {verdict(p95 < P95_TARGET_MS)}"),
            ("Answerer.ask max", f"{worst:.2f} ms", ""),
            ("ask + render p95", f"{percentile(full_ms, 95):.2f} ms", ""),
            ("questions per second", f"{qps:,.0f}", "one thread, ask + render"),
            ("Lexicon build", f"{lexicon_ms:.1f} ms" if lexicon_ms is not None else "n/a", ""),
            ("first question (index build)", f"{first_ms:.1f} ms", ""),
            ("warm-up (first question of each kind)", f"{warmup_ms:.1f} ms", ""),
        ]
        body = (
            f"Store: {counts['estimates']:,} estimates, {counts['laws']:,} laws, "
            f"{counts['reports']:,} reports (bench/synthetic.py) in "
            f"{'PostgreSQL' if args.postgres else 'SQLite'}. {len(questions)} questions, "
            "a third each in ru/kk/en; figures, comparison, trend, laws, sources, no data.\n\n"
            "| figure | value | target |\n|---|---|---|\n"
            + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
        )
        if args.postgres:
            update_results("core_latency_pg", "Core answer latency on PostgreSQL", body)
        else:
            update_results("core_latency", "Core answer latency", body)
        print("wrote bench/results.md")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
