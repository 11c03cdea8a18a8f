#!/usr/bin/env python3
"""Answer charts (bot/charts): how long a chart takes to draw, and what the answer path pays.

Median and p95 of drawing each kind of chart (trend, competing figures, comparison, a long
trend of 40 figures) to PNG in en/ru/kk; the first chart of a process (matplotlib's import);
the cost the Chart button adds to every answer (is_chartable); PNG sizes.

    python bench/chart.py [--quick] [--runs N] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import percentile, update_results  # noqa: E402

LANGS = ("en", "ru", "kk")


def _answers() -> dict[str, object]:
    from bot.answering import Answer, PlaceRow
    from bot.store.records import EstimateRecord, Source, TopicRecord

    names = [{"en": f"Institute {c}", "ru": f"Институт {c}", "kk": f"{c} институты"} for c in "ABCDE"]
    topic = TopicRecord(key="ff", label={"en": "nationals fighting for the Islamic State",
                                         "ru": "граждане, воюющие за «Исламское государство»",
                                         "kk": "«Ислам мемлекеті» жағында соғысып жүрген азаматтар"})

    def est(i: int, place: str = "KZ", who: int = 0, year: int = 2014, **figure) -> EstimateRecord:
        return EstimateRecord(id=f"e{i}-{place}", topic="ff", place=place, as_of=f"{year}-{i % 12 + 1:02d}",
                              estimator=names[who % len(names)], source=Source(
                                  publication={"en": f"Outlet {who}"}, date=f"{year}-12-01"), **figure)

    def figure(i: int) -> dict:
        if i % 5 == 3:
            return {"low": 100 + 20 * i}
        if i % 7 == 4:
            return {"low": 80 + 10 * i, "high": 160 + 20 * i}
        return {"value": 100 + 15 * i}

    def answer(kind: str, estimates=(), rows=(), places=("KZ",)) -> Answer:
        return Answer(kind=kind, estimates=list(estimates), rows=list(rows), places=list(places), topic="ff",
                      topic_info={"ff": topic})

    return {
        "trend (12 figures, 4 estimators)": answer("trend", [est(i, who=i % 4, year=2012 + i // 3, **figure(i))
                                                              for i in range(12)]),
        "competing (5 estimators)": answer("figures", [est(i, who=i, year=2014 + i % 2, **figure(i))
                                                       for i in range(5)]),
        "comparison (5 places x 2)": answer("comparison", rows=[
            PlaceRow(p, [est(j, place=p, who=j, year=2014 + j, **figure(j + k)) for j in range(2)])
            for k, p in enumerate(("KZ", "KG", "TJ", "TM", "UZ"))], places=("KZ", "KG", "TJ", "TM", "UZ")),
        "long trend (40 figures)": answer("trend", [est(i, who=i % 5, year=1990 + i // 2, **figure(i))
                                                    for i in range(40)]),
    }


def _cold_start_ms() -> tuple[float, bool]:
    """(ms of a fresh process's first chart, matplotlib imported by the bot's start-up?)"""
    code = ("import sys, time; import handlers.app, bot.answering, bot.charts; "
            "early = 'matplotlib' in sys.modules; "
            "from bot.answering import Answer; from bot.store.records import EstimateRecord; "
            "a = Answer(kind='trend', estimates=[EstimateRecord(id=str(i), topic='t', place='KZ', value=i, "
            "as_of=f'201{i}') for i in (1, 2)]); "
            "t = time.perf_counter(); bot.charts.chart_answer(a, 'kk'); "
            "print((time.perf_counter() - t) * 1000, early)")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    ms, early = out.stdout.split()
    return float(ms), early == "True"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs per chart, for CI")
    parser.add_argument("--runs", type=int, help="draws per kind and language (default 20, quick 3)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 20)

    from bot.charts import chart_spec, is_chartable, render_png

    cold_ms, imported_early = _cold_start_ms()
    answers = _answers()
    render_png(chart_spec(next(iter(answers.values())), "en"))  # warm: fonts cached, matplotlib imported

    lines = [f"- first chart in a fresh process (imports matplotlib): **{cold_ms:.0f} ms**; "
             f"matplotlib imported at start-up: {'YES' if imported_early else 'no'}"]
    all_ms: list[float] = []
    all_cpu: list[float] = []
    for name, answer in answers.items():
        times: list[float] = []
        cpu: list[float] = []
        sizes: list[int] = []
        for lang in LANGS:
            spec = chart_spec(answer, lang)
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                chart = render_png(spec)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                sizes.append(len(chart.png))
        all_ms += times
        all_cpu += cpu
        lines.append(f"- {name}: median **{statistics.median(times):.0f} ms** (CPU {statistics.median(cpu):.0f} ms), "
                     f"p95 {percentile(times, 95):.0f} ms ({len(times)} draws, en/ru/kk); "
                     f"PNG {min(sizes) // 1024}–{max(sizes) // 1024} KB")
    lines.insert(1, f"- all charts: median **{statistics.median(all_ms):.0f} ms** wall, "
                    f"**{statistics.median(all_cpu):.0f} ms** CPU; p95 {percentile(all_ms, 95):.0f} ms wall "
                    f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall time waits for them)")

    answer = answers["comparison (5 places x 2)"]
    checks = 2000 if not args.quick else 200
    started = time.perf_counter()
    for _ in range(checks):
        is_chartable(answer)
    per_answer_us = (time.perf_counter() - started) / checks * 1e6
    started = time.perf_counter()
    for _ in range(checks // 10):
        chart_spec(answer, "kk")
    spec_us = (time.perf_counter() - started) / (checks // 10) * 1e6
    lines.append(f"- added to every answer (is_chartable, deciding the Chart button): {per_answer_us:.0f} µs; "
                 f"the chart's data and labels (chart_spec): {spec_us:.0f} µs")
    print("\n".join(lines))
    if not args.quick and not args.no_write:
        update_results("chart", "Answer charts", "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
