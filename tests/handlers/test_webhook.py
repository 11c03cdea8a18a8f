"""`run --webhook`: our aiohttp server in front of the real Application, the fake Bot API behind it.

Updates are POSTed as Telegram would; replies are read at the fake Bot API.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import aiohttp
import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.config import Settings
from handlers.webhook import SECRET_HEADER
from tests.support.webhook import (
    SECRET,
    get,
    post,
    processed,
    question,
    sent_texts,
    webhook_bot,
)


async def test_start_sets_the_webhook_with_the_secret_and_all_update_types(fake_telegram, webhook_settings,
                                                                         chat_store):
    async with webhook_bot(webhook_settings, chat_store):
        hook = fake_telegram.api.webhook
        assert hook["url"] == "https://bot.example.org/telegram"
        assert hook["secret_token"] == SECRET
        assert "callback_query" in hook["allowed_updates"] and "inline_query" in hook["allowed_updates"]
        assert hook.get("drop_pending_updates") is True
    # stopping leaves the webhook in place: the next process (or another instance) keeps receiving
    assert not fake_telegram.api.calls_to("deleteWebhook")
    assert fake_telegram.api.webhook["url"] == "https://bot.example.org/telegram"


async def test_a_question_posted_with_the_secret_is_answered_with_the_figure(fake_telegram, webhook_settings,
                                                                            chat_store):
    async with webhook_bot(webhook_settings, chat_store) as server:
        response = await post(server, question(fake_telegram, 500))
        assert response.status == 200
        await processed(server)
    texts = sent_texts(fake_telegram)
    assert len(texts) == 1
    assert "250" in texts[0] and "КИСИ" in texts[0]  # the figure and its estimator
    fake_telegram.assert_no_api_errors()


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
async def test_a_request_without_the_right_secret_gets_403_and_is_not_processed(fake_telegram, webhook_settings,
                                                                                chat_store, secret):
    async with webhook_bot(webhook_settings, chat_store) as server:
        response = await post(server, question(fake_telegram, 600), secret=secret)
        assert response.status == 403
        await processed(server)
        await asyncio.sleep(0.2)
        assert not fake_telegram.api.calls_to("sendMessage")
        # the same update, now with the secret, is still taken: the refused one was not recorded as seen
        assert (await post(server, question(fake_telegram, 600))).status == 200
        await processed(server)
    assert len(fake_telegram.api.calls_to("sendMessage", ok=True)) == 1


async def test_the_same_update_id_twice_gets_one_reply(fake_telegram, webhook_settings, chat_store):
    update = question(fake_telegram, 700)
    async with webhook_bot(webhook_settings, chat_store) as server:
        first, second = await post(server, update), await post(server, update)
        assert first.status == second.status == 200  # Telegram must not retry it again
        await processed(server)
        await asyncio.sleep(0.2)
    texts = sent_texts(fake_telegram)
    assert len(texts) == 1 and "250" in texts[0]


async def test_a_body_that_is_not_an_update_gets_400(fake_telegram, webhook_settings, chat_store):
    async with webhook_bot(webhook_settings, chat_store) as server:
        assert (await post(server, {"message": "no update_id"})).status == 400
    assert not fake_telegram.api.calls_to("sendMessage")


async def test_healthz_and_readyz(fake_telegram, webhook_settings, chat_store):
    async with webhook_bot(webhook_settings, chat_store) as server:
        assert await get(server, "/healthz") == (200, "ok")
        assert await get(server, "/readyz") == (200, "ready")


async def test_readyz_is_503_when_the_store_is_unreachable(fake_telegram, webhook_settings, chat_store, tmp_path):
    from bot.store import Store
    from bot.store.engine import make_engine

    broken = Store(make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}"))
    from handlers.app import build_application

    application = build_application(webhook_settings, chat_store, updater=False, jobs=False)
    async with webhook_bot(webhook_settings, broken, application=application) as server:
        assert await get(server, "/healthz") == (200, "ok")  # alive, but not ready
        status, text = await get(server, "/readyz")
        assert status == 503 and "store" in text


async def test_metrics_count_the_question_and_its_latency(fake_telegram, webhook_settings, chat_store):
    from bot import metrics

    def sample(name: str, **labels: str) -> float:
        return metrics.REGISTRY.get_sample_value(name, labels or None) or 0.0

    before_messages = sample("monitorbot_updates_total", kind="message")
    before_answers = sample("monitorbot_answer_latency_seconds_count")
    async with webhook_bot(webhook_settings, chat_store) as server:
        await post(server, question(fake_telegram, 800))
        await processed(server)
        status, text = await get(server, "/metrics")
    assert status == 200
    assert sample("monitorbot_updates_total", kind="message") == before_messages + 1
    assert sample("monitorbot_answer_latency_seconds_count") == before_answers + 1
    lines = text.splitlines()
    assert f'monitorbot_updates_total{{kind="message"}} {before_messages + 1}' in lines
    assert f"monitorbot_answer_latency_seconds_count {before_answers + 1}" in lines
    for name in ("monitorbot_digest_parts_sent_total", "monitorbot_digest_parts_failed_total",
                 'monitorbot_updates_total{kind="callback"}', "# TYPE monitorbot_feed_polls_total counter",
                 "# TYPE monitorbot_errors_total counter"):
        assert any(line.startswith(name) for line in lines), name


async def test_shutdown_finishes_an_update_in_flight(fake_telegram, webhook_settings, chat_store):
    from handlers.app import build_application

    application = build_application(webhook_settings, chat_store, updater=False, jobs=False)
    started = asyncio.Event()

    async def slow(update: Update, context: Any) -> None:  # before the real handlers run
        started.set()
        await asyncio.sleep(0.7)

    application.add_handler(TypeHandler(Update, slow), group=-200)
    async with webhook_bot(webhook_settings, chat_store, application=application) as server:
        assert (await post(server, question(fake_telegram, 900))).status == 200
        await asyncio.wait_for(started.wait(), 10)
        assert not fake_telegram.api.calls_to("sendMessage")  # still in flight
        server.stop_event.set()  # what SIGTERM does
        await asyncio.sleep(0.1)
        # no longer listening: a new connection is refused
        with pytest.raises(aiohttp.ClientError):
            await post(server, question(fake_telegram, 901))
        await asyncio.wait_for(server.task, 30)
        texts = sent_texts(fake_telegram)
        assert len(texts) == 1 and "250" in texts[0]  # the in-flight update was answered before exit
        assert not application.running


def test_webhook_settings_from_the_environment():
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "MONITORBOT_WEBHOOK_URL": "https://b.example/tg",
                                  "MONITORBOT_WEBHOOK_SECRET": "abc_DEF-123", "MONITORBOT_LISTEN": "127.0.0.1:9090"})
    assert (settings.listen_host, settings.listen_port, settings.webhook_path) == ("127.0.0.1", 9090, "/telegram")
    assert settings.webhook_problems() == []
    assert Settings.from_env({}).listen_port == 8080


def test_instance_timings_from_the_environment():
    settings = Settings.from_env({"MONITORBOT_DIGEST_INTERVAL": "2", "MONITORBOT_FEED_CHECK_INTERVAL": "0.5",
                                  "MONITORBOT_FEED_INTERVAL": "30", "MONITORBOT_LEASE_SECONDS": "5",
                                  "MONITORBOT_INSTANCE": "web-1"})
    assert (settings.digest_interval, settings.feed_check_interval, settings.feed_interval,
            settings.lease_seconds, settings.instance) == (2.0, 0.5, 30.0, 5.0, "web-1")
    defaults = Settings.from_env({})
    assert (defaults.digest_interval, defaults.feed_interval, defaults.lease_seconds) == (60.0, 900.0, 120.0)
    assert defaults.instance.endswith(f":{os.getpid()}")  # host:pid unless named


@pytest.mark.parametrize("env, field", [
    ({"MONITORBOT_LISTEN": "localhost"}, "MONITORBOT_LISTEN"),
    ({"MONITORBOT_WEBHOOK_SECRET": "has space"}, "MONITORBOT_WEBHOOK_SECRET"),
    ({"MONITORBOT_DIGEST_INTERVAL": "soon"}, "MONITORBOT_DIGEST_INTERVAL: expected a number of seconds"),
    ({"MONITORBOT_LEASE_SECONDS": "0"}, "MONITORBOT_LEASE_SECONDS: expected at least 1 seconds"),
    ({"MONITORBOT_FEED_CHECK_INTERVAL": "-3"}, "MONITORBOT_FEED_CHECK_INTERVAL"),
])
def test_bad_webhook_settings_name_the_variable(env, field):
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match=field):
        Settings.from_env(env)


def test_run_webhook_refuses_to_start_without_url_or_secret(monkeypatch, capsys):
    from app.cli import main

    for name in ("MONITORBOT_WEBHOOK_URL", "MONITORBOT_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert main(["run", "--webhook", "--webhook-url", "http://insecure.example/tg"]) == 2
    err = capsys.readouterr().err
    assert "MONITORBOT_WEBHOOK_URL: Telegram needs an https URL" in err
    assert "MONITORBOT_WEBHOOK_SECRET is not set" in err


# --- hostile requests (issue 14) -----------------------------------------------------------------

async def raw_post(server: Any, body: bytes, secret: bytes) -> int:
    """A POST written byte by byte: a secret header that is not ASCII (clients refuse to send one)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        writer.write(b"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     + SECRET_HEADER.encode() + b": " + secret + b"\r\n"
                     + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
        return int(status_line.split()[1])
    finally:
        writer.close()


def rejected(reason: str) -> float:
    from bot import metrics

    return metrics.REGISTRY.get_sample_value("monitorbot_webhook_rejected_total", {"reason": reason}) or 0.0


@pytest.mark.parametrize("secret", ["сек рет".encode(), SECRET.encode() + "é".encode(), b"\xff\xfe" + SECRET.encode(),
                                    "ß".encode("latin-1")])
async def test_a_secret_header_that_is_not_ascii_is_refused_with_403(fake_telegram, webhook_settings, chat_store,
                                                                      secret, caplog):
    import json

    before = rejected("secret")
    async with webhook_bot(webhook_settings, chat_store) as server:
        status = await raw_post(server, json.dumps(question(fake_telegram, 1000)).encode(), secret)
        assert status == 403
        assert await get(server, "/healthz") == (200, "ok")
    assert rejected("secret") == before + 1
    assert not fake_telegram.api.calls_to("sendMessage")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("update_id", [10**25, 2**63, -1, True, "²", 1.5, None, [1]])
async def test_an_update_id_the_store_cannot_keep_is_a_clean_400(fake_telegram, webhook_settings, chat_store,
                                                                update_id, caplog):
    before = rejected("malformed")
    async with webhook_bot(webhook_settings, chat_store) as server:
        response = await post(server, {**question(fake_telegram, 1), "update_id": update_id})
        assert response.status == 400
        # and the next real update is still taken
        assert (await post(server, question(fake_telegram, 1001))).status == 200
        await processed(server)
    assert rejected("malformed") == before + 1
    assert len(fake_telegram.api.calls_to("sendMessage", ok=True)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
