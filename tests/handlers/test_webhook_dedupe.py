"""A repeated update id is processed once, also across processes sharing one database."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from handlers.webhook import SeenUpdates
from tests.support.webhook import post, question, sent_texts, webhook_bot

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_claim_is_insert_or_skip_and_old_ids_are_pruned(store):
    assert store.updates.claim(123456789012, NOW) is True
    assert store.updates.claim(123456789012, NOW + timedelta(seconds=1)) is False
    assert store.updates.claim(2, NOW + timedelta(hours=30)) is True
    assert store.updates.prune(NOW + timedelta(hours=6)) == 1  # only the old one
    assert store.updates.claim(123456789012, NOW + timedelta(hours=31)) is True  # forgotten: new again
    assert store.updates.claim(2, NOW + timedelta(hours=31)) is False


async def test_two_claims_at_once_give_one_winner(store):
    results = await asyncio.gather(*(asyncio.to_thread(store.updates.claim, 77, NOW) for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]


def test_the_in_process_memory_is_bounded():
    seen = SeenUpdates(size=3)
    assert [seen.claim(i) for i in (1, 2, 3, 1)] == [True, True, True, False]
    seen.claim(4)  # 1 is forgotten first
    assert seen.claim(1) is True and seen.claim(4) is False


async def test_two_instances_on_one_database_answer_a_repeated_update_once(fake_telegram, webhook_settings,
                                                                          chat_store):
    from bot.store import Store

    second_store = Store.open(webhook_settings.database_url)  # the other process's own connection
    update = question(fake_telegram, 4242)
    try:
        async with webhook_bot(webhook_settings, chat_store) as one, \
                webhook_bot(replace(webhook_settings), second_store) as two:
            assert (await post(one, update)).status == 200
            assert (await post(two, update)).status == 200  # Telegram retried; the balancer chose the other
            for server in (one, two):
                await asyncio.wait_for(server.application.update_queue.join(), 15)
            await asyncio.sleep(0.2)
    finally:
        second_store.close()
    texts = sent_texts(fake_telegram)
    assert len(texts) == 1 and "250" in texts[0]
