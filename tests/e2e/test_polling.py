"""`monitorbot run` as a process: long polling at TELEGRAM_API_URL, answers, never logs the token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakebotapi import FakeBotAPI, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987654:AAH-very-secret-token"


async def test_monitorbot_run_polls_the_configured_api_and_answers(tmp_path):
    api = await FakeBotAPI(TOKEN).start()
    tg = FakeTelegram(api, timeout=60)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "MONITORBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.api_url, MONITORBOT_LOG_LEVEL="DEBUG",
               DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT),
               MONITORBOT_ACCESS="open")  # a stranger asks; tests/e2e/test_access.py covers "team"
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "app.cli", "run", env=env, cwd=tmp_path,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        assert await api.wait_until(lambda: bool(api.calls_to("getUpdates")), 60), "the bot never polled"
        replies = await tg.user_says("Сколько казахстанцев воюет за ИГ?", lang="ru")
        assert "250" in replies.plain and "КИСИ" in replies.plain
        assert tg.command_menu("ru", "all_private_chats")["help"] == "Справка и примеры вопросов"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()
            output, _ = await proc.communicate()
        await api.stop()
    log = output.decode()
    assert "getUpdates" in log  # DEBUG logging was on, so the URLs were there to leak
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert proc.returncode == 0, log[-2000:]
