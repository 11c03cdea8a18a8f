"""End to end over the fake Bot API: hostile input from people (issue 14).

- An upload with hundreds of invalid entries: the first problems, their count and one file with
  all of them, not hundreds of messages.
- Ids that are no ids ("²", twenty digits) in /subscribe, /grant, /allow, /removefeed and in
  forged button data; a press that carries only an inline_message_id; addresses urllib cannot
  take apart in /report and /addfeed. Each gets a clear sentence in the person's language, never
  the generic apology, and the handler raises nothing (no ERROR in the log).
"""

from __future__ import annotations

import logging

import pytest

from bot.config import Settings
from tests.support.chat import team_settings, team_store

ADMIN = 9101
CURATOR = 9102
MEMBER = 9103
APOLOGY_EN = "Sorry, something went wrong"
APOLOGY_RU = "Извините"
NINES_20 = "9" * 20
NINES_23 = "9" * 23


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}), fetch_allow_private=False)


@pytest.fixture
def chat_options() -> dict:
    return {"jobs": False}


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


@pytest.fixture
def no_crash(caplog):
    """After the test: no handler raised (the error handler logs every failure at ERROR)."""
    caplog.set_level(logging.ERROR, logger="handlers.errors")
    yield
    failures = [r for r in caplog.records if r.name == "handlers.errors"]
    assert not failures, [r.getMessage() for r in failures]


def snapshot(store) -> tuple:  # noqa: ANN001
    return store.generation(), store.entries.counts(), store.entries.export_yaml(), [f.url for f in store.feeds.all()]


# --- 4. a file with 500 invalid entries -------------------------------------------------------------

def invalid_file(n: int) -> bytes:
    lines = ["version: 1", "estimates:"]
    for i in range(n):
        lines += [f"  - id: bad-{i}", "    topic: foreign-fighters", "    place: Atlantis", f"    value: {i}"]
    return ("\n".join(lines) + "\n").encode()


async def test_500_invalid_entries_come_as_a_few_messages_and_one_file(chat, chat_store, no_crash):
    before = snapshot(chat_store)
    replies = await chat.document(invalid_file(500), "bad.yaml", user_id=CURATOR, lang="en")
    messages = [r for r in replies if r.method == "sendMessage"]
    documents = [r for r in replies if r.method == "sendDocument"]
    assert 1 <= len(messages) <= 3 and len(documents) == 1, replies.methods
    text = "\n".join(m.plain for m in messages)
    assert text.startswith("bad.yaml: 500 problems, nothing was imported:")
    assert text.count("• ") == 20 and "…and 480 more. Every problem is in the attached file." in text
    assert "estimates[1] (id bad-0): 'place': unknown place Atlantis." in text
    listing = documents[0].document
    assert listing.file_name == "bad-problems.txt" and documents[0].plain == "bad.yaml: 500 problems"
    lines = listing.content.decode("utf-8").splitlines()
    assert len(lines) == 500 and lines[-1] == "estimates[500] (id bad-499): 'place': unknown place Atlantis."
    assert not replies.last.button_texts and snapshot(chat_store) == before


async def test_the_file_of_problems_is_in_the_curators_language(chat, chat_store, no_crash):
    replies = await chat.document(invalid_file(30), "плохой.yaml", user_id=CURATOR, lang="ru")
    (document,) = [r for r in replies if r.method == "sendDocument"]
    content = document.document.content.decode("utf-8")
    assert "неизвестное место Atlantis" in content and len(content.splitlines()) == 30
    assert "…и ещё 10." in replies.plain


async def test_a_short_list_of_problems_needs_no_file(chat, chat_store, no_crash):
    replies = await chat.document(invalid_file(3), "three.yaml", user_id=CURATOR, lang="en")
    assert replies.methods == ["sendMessage"] and replies.plain.count("• ") == 3


# --- 10. ids that are no ids -------------------------------------------------------------------------

NOT_AN_ID = "is not a valid id: ids are whole numbers of up to 19 digits 0-9."


@pytest.mark.parametrize(("command", "user"), [
    ("/subscribe ²", MEMBER),
    (f"/subscribe {NINES_20}", MEMBER),
    ("/grant ² curator", ADMIN),
    (f"/grant {NINES_20} curator", ADMIN),
    (f"/revoke {NINES_20}", ADMIN),
    (f"/allow {NINES_20}", ADMIN),
    (f"/disallow -{NINES_20}", ADMIN),
    ("/removefeed ²", CURATOR),
    (f"/removefeed {NINES_20}", CURATOR),
    ("/pausefeed ٣", CURATOR),
])
async def test_a_number_that_cannot_be_an_id_is_said_to_be_one(chat, chat_store, no_crash, command, user):
    before = snapshot(chat_store)
    replies = await chat.say(command, user_id=user, lang="en")
    assert NOT_AN_ID in replies.plain and APOLOGY_EN not in replies.plain
    assert snapshot(chat_store) == before


async def test_the_sentence_is_in_the_users_language(chat, chat_store, no_crash):
    ru = await chat.say("/grant ² curator", user_id=ADMIN, lang="ru")
    kk = await chat.say(f"/removefeed {NINES_20}", user_id=CURATOR, lang="kk")
    assert ru.plain == "² — недопустимый идентификатор: идентификатор — это целое число до 19 цифр 0–9."
    assert kk.plain.startswith(f"{NINES_20} жарамсыз идентификатор")


async def test_ids_that_are_ids_still_work(chat, chat_store, no_crash):
    granted = await chat.say("/grant 424242 member", user_id=ADMIN, lang="en")
    assert granted.plain == "424242 is now a member."
    chat_store.feeds.add("https://example.org/rss")
    removed = await chat.say("/removefeed 1", user_id=CURATOR, lang="en")
    assert "Feed 1 is removed" in removed.plain


# --- 10. forged button data -------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    f"sub:rm:{NINES_23}", f"sub:on:{NINES_23}", f"sub:chg:{NINES_23}", f"rev:ok:{NINES_23}",
    f"rev:edit:{NINES_23}", "rev:ok:²", "cur:save:abc:²", f"cur:upd:abc:{NINES_23}",
])
async def test_forged_buttons_with_huge_or_odd_numbers_expire_politely(chat, chat_store, no_crash, data):
    shown = await chat.say("/help", user_id=CURATOR, lang="en")
    pressed = await chat.press(shown, data=data, user_id=CURATOR)
    assert pressed.answer is not None and pressed.answer.get("show_alert") is True
    # "Edit first" names a figure under review: its own polite word for one that is gone
    assert pressed.answer.get("text") in {"This button has expired.", "This figure was already reviewed."}
    assert APOLOGY_EN not in pressed.plain


async def test_a_forged_day_button_with_a_superscript_two_in_the_subscribe_flow(chat, chat_store, no_crash):
    step = await chat.say("/subscribe", user_id=MEMBER, lang="en")
    step = await chat.press(step.last, "Weekly", user_id=MEMBER)
    pressed = await chat.press(step.last, data="sub:d:²", user_id=MEMBER)
    assert pressed.answer["text"] == "This button has expired."
    zone = await chat.press(step.last, data="sub:z:²", user_id=MEMBER)
    assert zone.answer["text"] == "This button has expired."


@pytest.mark.parametrize("data", ["sub:rm:1", "rev:ok:1", "feed:imp:abcd", "cur:imp:abcd", "lang:ru"])
async def test_a_press_with_only_an_inline_message_id_expires_politely(chat, chat_store, no_crash, data):
    user = chat.user(CURATOR, lang="en")
    query_id = chat.api.next_query_id()
    query = {"id": query_id, "from": user.to_dict(), "inline_message_id": "BAAAAHhhAAA", "chat_instance": "1",
             "data": data}
    chat.api.callback_queries[query_id] = {"answer": None, "query": query}
    replies = await chat.send_update({"callback_query": query}, chat_id=None, user_id=CURATOR, require_reply=False)
    answer = chat.api.callback_queries[query_id]["answer"]
    assert answer is not None and answer.get("text") == "This button has expired.", answer
    assert not [r for r in replies if r.method == "sendMessage"]


# --- 10. addresses urllib cannot take apart ----------------------------------------------------------

@pytest.mark.parametrize("url", ["http://[::1", "http://example.org:99999/x", "https://exa\uff0fmple.org@evil.example/"])
async def test_report_with_an_unreadable_address_says_so(chat, chat_store, no_crash, url):
    before = snapshot(chat_store)
    replies = await chat.say(f"/report {url}", user_id=CURATOR, lang="en")
    assert replies.plain == "That is not a web address."
    ru = await chat.say(f"/report {url}", user_id=CURATOR, lang="ru")
    assert ru.plain == "Это не веб-адрес."
    assert snapshot(chat_store) == before


@pytest.mark.parametrize("url", ["http://[::1", "http://example.org:99999/rss", "http://[fe80::1%25eth0/rss"])
async def test_addfeed_with_an_unreadable_address_says_so_and_stores_nothing(chat, chat_store, no_crash, url):
    before = snapshot(chat_store)
    replies = await chat.say(f"/addfeed {url}", user_id=CURATOR, lang="en")
    assert replies.plain == f"{url} is not a web address I can poll: check the brackets, the host and the port."
    assert snapshot(chat_store) == before and chat_store.feeds.all() == []
