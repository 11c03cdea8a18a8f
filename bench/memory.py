"""Peak memory with the large synthetic store loaded and 1,000 questions answered: peak RSS
(resource.getrusage ru_maxrss) of a process that only opens the store and answers, and
optionally the Python heap peak (tracemalloc, slow).

    python bench/memory.py [--quick] [--questions N] [--tracemalloc] [--no-write]

The store file is built first in a separate process, so that the import's own memory does not
count towards the figure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import current_rss_mb, peak_rss_mb, update_results, verdict  # noqa: E402

TARGET_MB = 300.0
ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small store, 100 questions, for CI")
    parser.add_argument("--questions", type=int, help="how many questions (default 1000, quick 100)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap peak")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    args = parser.parse_args(argv)
    count = args.questions or (100 if args.quick else 1000)

    # Build (or check) the store in another process: its import must not inflate our peak.
    build = [sys.executable, str(ROOT / "bench" / "synthetic.py")] + (["--quick"] if args.quick else [])
    subprocess.run(build, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

    from bench.questions import build_questions
    from bench.synthetic import ensure_store
    from bot.answering import Answerer, render

    baseline_peak = peak_rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    store, _ = ensure_store(args.quick, quiet=True)
    answerer = Answerer(store)
    questions = build_questions(store, count)
    answerer.ask(questions[0].text, lang=questions[0].lang)
    after_load = current_rss_mb()
    for q in questions[:count]:
        render(answerer.ask(q.text, lang=q.lang), q.lang, fmt="html")
    elapsed = time.perf_counter() - started
    heap_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if args.tracemalloc else None
    peak = peak_rss_mb()
    now = current_rss_mb()
    counts = store.entries.counts()

    print(f"store: {counts['estimates']:,} estimates, {counts['laws']:,} laws, "
          f"{counts['reports']:,} reports; {count} questions answered in {elapsed:.1f} s")
    print(f"peak RSS          {peak:7.1f} MB   target < {TARGET_MB:.0f} MB: {verdict(peak < TARGET_MB)}")
    print(f"  after imports   {baseline_peak:7.1f} MB (Python, SQLAlchemy, Babel, the bot's modules)")
    if after_load is not None and now is not None:
        print(f"  store + index   {after_load:7.1f} MB RSS after the first question; {now:.1f} MB at the end")
    if heap_peak is not None:
        print(f"tracemalloc peak  {heap_peak:7.1f} MB (Python objects only)")

    if not args.quick and not args.no_write:
        rows = [
            ("peak RSS", f"{peak:.1f} MB", f"< {TARGET_MB:.0f} MB: {verdict(peak < TARGET_MB)}"),
            ("RSS after imports", f"{baseline_peak:.1f} MB", ""),
        ]
        if after_load is not None:
            rows.append(("RSS with store and index loaded", f"{after_load:.1f} MB", ""))
        if heap_peak is not None:
            rows.append(("tracemalloc peak (Python heap)", f"{heap_peak:.1f} MB", ""))
        body = (
            f"One process opens the synthetic store ({counts['estimates']:,} estimates, "
            f"{counts['laws']:,} laws, {counts['reports']:,} reports), builds the answer index and "
            f"answers {count} questions (ask + HTML render). `ru_maxrss` of that process.\n\n"
            "| figure | value | target |\n|---|---|---|\n"
            + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
        )
        update_results("memory", "Memory", body)
        print("wrote bench/results.md")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
