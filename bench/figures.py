"""Shared by the benchmark scripts: percentiles, memory readings, and the bench/results.md table
each script rewrites its own section of."""

from __future__ import annotations

import os
import platform
import re
import resource
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
_HEADER = """# Benchmark results

Written by the scripts in `bench/` (full runs; `--quick` runs print only). Each section is
replaced by its script; the README quotes these. Figures, never assertions: CI runs the
scripts with `--quick` to check they still work, and asserts nothing about time.

"""


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def machine() -> str:
    """Where the figures came from, with the load average (other work skews them)."""
    cpus = os.cpu_count() or 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
            f"{cpus} CPUs, load {load:.1f}")


def update_results(section: str, title: str, body: str) -> None:
    """Replace (or add) one script's section of bench/results.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"<!-- bench:{section} -->\n## {title}\n\n"
        f"_{stamp}; {machine()}; `python bench/{section}.py`_\n\n{body.strip()}\n"
        f"<!-- /bench:{section} -->\n"
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else _HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(section)} -->.*?<!-- /bench:{re.escape(section)} -->\n",
                         re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")
