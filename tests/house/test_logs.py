"""Logs: plain or JSON lines with the update id, and the bot token in none of them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.logs import setup_logging, update_id_var

TOKEN = "424242:AAE-logs-test-secret-token"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything logged during the test, as the process would print it (plain format)."""
    buffer = io.StringIO()
    handler = setup_logging("DEBUG", False, stream=buffer, token=TOKEN)
    try:
        yield buffer
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(logging.WARNING)


@pytest.fixture
def captured_json() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = setup_logging("DEBUG", True, stream=buffer, token=TOKEN)
    try:
        yield buffer
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(logging.WARNING)


def test_json_lines_carry_time_level_logger_message_update_id_and_the_traceback(captured_json):
    log = logging.getLogger("monitorbot.test")
    log.info("answered %s", "kz/fighters")
    token = update_id_var.set(31337)
    try:
        try:
            raise ValueError("bad figure")
        except ValueError:
            log.exception("update failed")
    finally:
        update_id_var.reset(token)
    first, second = (json.loads(line) for line in captured_json.getvalue().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "monitorbot.test"
    assert first["message"] == "answered kz/fighters" and "update_id" not in first
    assert first["time"].startswith("20") and first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and second["update_id"] == 31337
    assert "ValueError: bad figure" in second["exc"] and "Traceback" in second["exc"]


def test_plain_lines_mask_the_token_in_messages_and_tracebacks(captured):
    log = logging.getLogger("monitorbot.test")
    log.info("calling https://api.telegram.org/bot%s/sendMessage", TOKEN)
    try:
        raise RuntimeError(f"refused: /bot{TOKEN}/getMe")
    except RuntimeError:
        log.exception("request failed")
    log.warning("secret half alone: %s", TOKEN.split(":")[1])
    text = captured.getvalue()
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert "bot<token>/sendMessage" in text and "RuntimeError: refused: /bot<token>/getMe" in text


async def test_httpx_debug_logs_never_show_the_token(captured_json, fake_telegram):
    # Someone turns httpx DEBUG on to chase a network problem: the URL it logs holds the token.
    for name in ("httpx", "httpcore"):  # protect_token quietened them; turn them back on
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        async with httpx.AsyncClient() as client:
            await client.post(f"{fake_telegram.api_url}/bot{TOKEN}/getMe")
    finally:
        for name in ("httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.WARNING)
    text = captured_json.getvalue()
    assert "getMe" in text  # the request was logged...
    assert TOKEN not in text and TOKEN.split(":")[1] not in text  # ...without the token
    for line in text.splitlines():
        json.loads(line)  # every line one JSON object


async def test_a_failing_handler_logs_its_traceback_without_the_token_and_apologises(chat, captured):
    from bot import metrics

    bot_token = chat.token
    # build_application registered the bot's own token for masking

    async def broken(update: Update, context) -> None:
        raise RuntimeError(f"upstream said no to https://api.telegram.org/bot{bot_token}/sendMessage")

    before = metrics.REGISTRY.get_sample_value("monitorbot_errors_total", {"handler": "update:message"}) or 0
    chat.application.add_handler(TypeHandler(Update, broken), group=-300)
    replies = await chat.say("Сколько казахстанцев воюет за ИГ?", lang="ru")
    assert replies.text.startswith("Извините, что-то пошло не так")  # the apology, in Russian
    assert bot_token not in replies.text
    text = captured.getvalue()
    assert "RuntimeError: upstream said no to https://api.telegram.org/bot<token>/sendMessage" in text
    assert bot_token not in text and bot_token.split(":")[1] not in text
    after = metrics.REGISTRY.get_sample_value("monitorbot_errors_total", {"handler": "update:message"})
    assert after == before + 1
