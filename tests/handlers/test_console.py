"""The console chat: the same handlers over an in-memory Bot API, fed from stdin.

First with a stand-in core (the console's own behaviour), then the real `monitorbot`
command with piped stdin over the starter data, in each language."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bot.answering
import handlers.language
from app.console import Console, client_language, html_to_text, run_console
from bot.config import Settings
from tests.support.fakes_core import (
    FakeAnswerer,
    FakeStore,
    fake_detect,
    fake_render,
    fake_render_why,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_core(monkeypatch):
    monkeypatch.setattr(handlers.language, "detect", fake_detect)
    monkeypatch.setattr(bot.answering, "render", fake_render)
    monkeypatch.setattr(bot.answering, "render_why", fake_render_why)
    return FakeAnswerer()


def console(lines: str, answerer, language: str | None = "en") -> tuple[int, str]:
    out = io.StringIO()
    code = run_console(Settings(), FakeStore(), stdin=io.StringIO(lines), stdout=out, answerer=answerer,
                       language=language)
    return code, out.getvalue()


def test_greeting_says_how_to_quit_and_shows_examples(fake_core):
    code, out = console("", fake_core, language="ru")
    assert code == 0
    assert "Чтобы выйти, наберите /quit или нажмите Ctrl-D." in out
    assert "Сколько казахстанцев воюет за «Исламское государство»?" in out


def test_question_answer_button_press_and_quit(fake_core):
    code, out = console("How many fighters?\n1\n/quit\nnever read\n", fake_core)
    assert code == 0
    assert "> How many fighters?\n250 — KISI, 2014\n[1] Sources" in out  # tags stripped, button numbered
    assert "> 1\nby ids\n" in out  # "1" pressed the button: the answer's sources
    assert "never read" not in out.split("> /quit", 1)[1]
    assert fake_core.asked == [("How many fighters?", "en")]


def test_eof_ends_the_chat_and_blank_lines_are_skipped(fake_core):
    code, out = console("\n\n", fake_core)
    assert code == 0 and fake_core.asked == []


def test_console_user_is_a_local_admin(fake_core):
    c = Console(Settings(admins=frozenset({5})), FakeStore(), stdin=io.StringIO(""), stdout=io.StringIO())
    assert c.settings.admins == {0, 5}


def test_html_is_shown_as_plain_text():
    assert html_to_text('<b>250</b> &lt;KISI&gt; <a href="https://x.kz/a?b=1&amp;c=2">EDM</a>') == \
        "250 <KISI> EDM <https://x.kz/a?b=1&c=2>"


def test_terminal_language_is_the_client_language():
    assert client_language({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert client_language({"LC_ALL": "kk_KZ.UTF-8", "LANG": "en_US.UTF-8"}) == "kk"
    assert client_language({"LANG": "C.UTF-8"}) is None


# --- the real command over the starter data -------------------------------------------------

def run_monitorbot(stdin: str, tmp_path: Path, lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "MONITORBOT_", "LC_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'console.db'}", LANG=lang_env, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "app.cli"], input=stdin, capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("question,lang_env,expected", [
    ("Сколько казахстанцев воюет за ИГ?", "C.UTF-8", ["250", "КИСИ"]),
    ("Қазақстаннан қанша адам ИМ жағында соғысып жүр?", "C.UTF-8", ["250", "ҚСЗИ"]),
    ("How many Kazakhstanis are fighting for IS?", "ru_RU.UTF-8", ["250", "KISI"]),
])
def test_piped_console_answers_in_the_question_language(tmp_path, question, lang_env, expected):
    result = run_monitorbot(f"{question}\n/quit\n", tmp_path, lang_env)
    assert result.returncode == 0, result.stderr
    answer = result.stdout.split(f"> {question}\n", 1)[1]
    for needle in expected:
        assert needle in answer
    assert "Traceback" not in result.stderr and "<b>" not in answer


def test_piped_console_help_in_russian_and_eof(tmp_path):
    result = run_monitorbot("/help\n", tmp_path, "ru_RU.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "Спрашивайте по-русски, по-казахски или по-английски, например:" in result.stdout
    assert "Traceback" not in result.stderr


def test_piped_console_chart_button_writes_chart_png(tmp_path):
    result = run_monitorbot("Сравните число боевиков из пяти республик\n2\n/quit\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "   [2] График\n" in result.stdout  # beside the sources button
    assert "График: граждане, воюющие за «Исламское государство»" in result.stdout
    png = (tmp_path / "chart.png").read_bytes()
    assert png.startswith(b"\x89PNG") and f"chart.png ({len(png)} bytes)" in result.stdout
