"""Answer quality on the independent development set (../shared/eval-dev): the share of its 120
questions answered right and the wrong figures shown, black-box through the real bot over an
emulated Bot API (its run_eval.py), and in-process (the same questions and scoring rules on
Answerer.ask + render, no Telegram) as a quick cross-check.

    python bench/answer_quality.py [--quick] [--no-write] [--eval-dir DIR]

--quick: the in-process run only (no node, no bot process), printed, results.md left alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from bench.figures import update_results  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval-dev"
GROUPS = ("en", "ru", "kk", "extras")


def _group(item: dict) -> str:
    return "extras" if item.get("variant") else item["lang"]


def in_process(eval_dir: Path) -> dict:
    """Every question through Answerer.ask + render over the eval store in SQLite, scored by the
    eval's own scoring.py: {group: (passed, total)}, wrong figures, seconds."""
    from ruamel.yaml import YAML

    from bot.answering import Answerer, render
    from bot.store.api import Store

    spec = importlib.util.spec_from_file_location("eval_scoring", eval_dir / "scoring.py")
    scoring = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["eval_scoring"] = scoring  # its dataclasses look their module up
    spec.loader.exec_module(scoring)
    yaml = YAML(typ="safe")
    questions = yaml.load((eval_dir / "questions.yaml").read_text(encoding="utf-8"))
    store_doc = yaml.load((eval_dir / "store.yaml").read_text(encoding="utf-8"))
    items = [*questions["questions"], *(questions.get("extras") or [])]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/eval.db")
        store.entries.import_document((eval_dir / "store.yaml").read_bytes())
        answerer = Answerer(store)
        figures = scoring.figures_of(store_doc)
        counts = {g: [0, 0] for g in GROUPS}
        wrong, failed = 0, []
        started = time.perf_counter()
        for item in items:
            text = render(answerer.ask(item["q"], item["lang"]), item["lang"], fmt="text")
            verdict = scoring.score(item, text, figures)
            group = counts[_group(item)]
            group[1] += 1
            group[0] += bool(verdict.passed)
            wrong += bool(verdict.wrong_figure)
            if not verdict.passed:
                failed.append(item["id"])
        seconds = time.perf_counter() - started
    return {"groups": counts, "wrong": wrong, "failed": failed, "seconds": seconds, "n": len(items)}


_SUMMARY = re.compile(r"eval: ([\d.]+)% passed \(en (\d+)/(\d+), ru (\d+)/(\d+), kk (\d+)/(\d+), extras (\d+)/(\d+)\),"
                      r" wrong figures: (\d+), no reply: (\d+)")


def black_box(eval_dir: Path) -> dict | None:
    """run_eval.py against this checkout (the real bot process over the emulated Bot API)."""
    runner = eval_dir / "run_eval.py"
    if not runner.exists():
        return None
    # run_eval.py brings its own venv for the bot; it runs under the machine's python3 (PyYAML, httpx)
    python = shutil.which("python3") or sys.executable
    done = subprocess.run([python, str(runner), "--checkout", str(ROOT), "--workdir",
                           str(Path(tempfile.gettempdir()) / "monitorbot-bench-eval"), "--min", "0",
                           "--max-wrong", "1000"], capture_output=True, text=True, timeout=900)
    match = _SUMMARY.search(done.stdout + done.stderr)
    if not match:
        print((done.stdout + done.stderr)[-2000:], file=sys.stderr)
        return None
    v = [float(match.group(1)), *(int(x) for x in match.groups()[1:])]
    return {"percent": v[0], "groups": {"en": v[1:3], "ru": v[3:5], "kk": v[5:7], "extras": v[7:9]},
            "wrong": v[9], "no_reply": v[10]}


def _percent(groups: dict) -> float:
    passed = sum(p for p, _ in groups.values())
    total = sum(t for _, t in groups.values())
    return 100.0 * passed / total if total else 0.0


def _row(name: str, groups: dict, wrong: int) -> str:
    cells = " | ".join(f"{p}/{t}" for p, t in (groups[g] for g in GROUPS))
    return f"| {name} | {_percent(groups):.1f} % | {cells} | {wrong} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="in-process only, print, no write")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args(argv)
    if not (args.eval_dir / "questions.yaml").exists():
        print(f"answer_quality: no eval set at {args.eval_dir}: skipped")
        return 0
    local = in_process(args.eval_dir)
    print(f"in-process: {_percent(local['groups']):.1f}% passed "
          + ", ".join(f"{g} {p}/{t}" for g, (p, t) in local["groups"].items())
          + f"; wrong figures {local['wrong']}; {local['n']} questions in {local['seconds']:.1f} s")
    if local["failed"]:
        print("  failing:", ", ".join(local["failed"]))
    if args.quick:
        return 0
    remote = black_box(args.eval_dir)
    if remote is None:
        print("black-box: not run (run ../shared/harness/setup.sh first; node and npm needed)")
    else:
        print(f"black-box: {remote['percent']:.1f}% passed; wrong figures {remote['wrong']}; "
              f"no reply {remote['no_reply']}")
    if args.no_write:
        return 0
    lines = ["Independent development set `../shared/eval-dev` (120 questions: 36 en, 36 ru, 36 kk, 12 Kazakh "
             "in Latin script / without Kazakh letters / with typos), scored by its own `scoring.py`.", "",
             "| run | passed | en | ru | kk | extras | wrong figures |", "|---|---|---|---|---|---|---|"]
    if remote is not None:
        lines.append(_row("black-box: `run_eval.py`, the bot over an emulated Bot API", remote["groups"],
                          remote["wrong"]))
    lines.append(_row("in-process: Answerer.ask + render", local["groups"], local["wrong"]))
    lines += ["", "Target (issue: answers that generalise): ≥ 95 % in each group, 0 wrong figures.",
              "Failing in-process: " + (", ".join(local["failed"]) or "none") + "."]
    update_results("answer_quality", "Answer quality (independent set)", "\n".join(lines))
    print(json.dumps({"in_process": local["groups"], "black_box": remote and remote["groups"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
