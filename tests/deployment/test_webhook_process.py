"""`monitorbot run --webhook` as a process: JSON logs, answers a POSTed question, exits 0 on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp

from tests.fakebotapi import FakeBotAPI, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987655:AAH-webhook-process-token"
SECRET = "process-secret_1"


async def test_run_webhook_process_answers_logs_json_without_the_token_and_stops_on_sigterm(tmp_path):
    api = await FakeBotAPI(TOKEN).start()
    tg = FakeTelegram(api, timeout=60)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "MONITORBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.api_url, MONITORBOT_LOG_LEVEL="DEBUG",
               MONITORBOT_LOG_JSON="1", DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONPATH=str(ROOT),
               MONITORBOT_ACCESS="open", MONITORBOT_WEBHOOK_URL="https://bot.example.org/telegram",
               MONITORBOT_WEBHOOK_SECRET=SECRET, MONITORBOT_LISTEN="127.0.0.1:0")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "app.cli", "run", "--webhook", env=env,
                                                cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT)
    lines: list[str] = []
    try:
        port = None
        while port is None:
            raw = await asyncio.wait_for(proc.stdout.readline(), 60)
            assert raw, "the process ended before serving: " + "".join(lines)[-2000:]
            lines.append(raw.decode())
            found = re.search(r"serving on 127\.0\.0\.1:(\d+)", lines[-1])
            port = int(found.group(1)) if found else None
        assert api.webhook["secret_token"] == SECRET
        update = {"update_id": 42, **tg.message_update("Сколько казахстанцев воюет за ИГ?", lang="ru")}
        async with aiohttp.ClientSession() as session:
            async with session.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
                assert response.status == 200
            async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
                assert response.status == 200
        assert await api.wait_until(lambda: bool(api.calls_to("sendMessage")), 60)
        assert "250" in api.calls_to("sendMessage")[0].params["text"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = await asyncio.wait_for(proc.communicate(), 30)
        except TimeoutError:
            proc.kill()
            rest, _ = await proc.communicate()
        await api.stop()
    output = "".join(lines) + rest.decode()
    assert proc.returncode == 0, output[-2000:]
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any(r["message"].startswith("monitorbot: stopping") for r in records)
    assert any(r.get("update_id") == 42 for r in records)  # the answer's log line names its update
    assert not api.calls_to("deleteWebhook")
