"""End to end: the console user is a local admin over the real store (curating from a terminal),
curators' menus are set at start from the store, and the curator's flow in Russian and Kazakh."""

from __future__ import annotations

import io

import pytest

from app.console import run_console
from bot.config import Settings
from bot.i18n import tr
from tests.support.chat import team_settings, team_store

ADMIN = 5001
CURATOR = 5002


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator"}) as store:
        yield store


async def test_curator_menus_are_set_at_start_from_the_store(chat):
    menus = chat.command_menus()
    assert set(menus[(f"chat:{CURATOR}", "kk")]) >= {"add", "est", "edit", "retract", "history", "export"}
    assert "grant" not in menus[(f"chat:{CURATOR}", "kk")]
    assert "grant" in menus[(f"chat:{ADMIN}", "")]
    assert menus[("all_private_chats", "")]["why"] == "Sources of the last answer"  # everyone's menu stays


@pytest.mark.parametrize("lang", ["ru", "kk"])
async def test_guided_estimate_speaks_the_curators_language(chat, chat_store, lang):
    t = tr(lang)
    step = await chat.say("/add estimate", user_id=CURATOR, lang=lang)
    assert t.gettext("Which place? A country code (KZ) or a name in any language.") in step.plain
    assert t.gettext("Cancel") in step.last.button_texts
    bad = await chat.say("Атлантида", user_id=CURATOR, lang=lang)
    assert "Атлантида" in bad.plain and t.gettext("Please send it again, or /cancel.") in bad.plain
    step = await chat.say("Кыргызстан" if lang == "ru" else "Қырғызстан", user_id=CURATOR, lang=lang)
    assert t.gettext("Which topic does the figure count?") in step.plain
    done = await chat.say("/cancel", user_id=CURATOR, lang=lang)
    assert done.plain == t.gettext("Cancelled. Nothing was saved.")


async def test_forwarded_channel_post_becomes_a_report(chat, chat_store):
    await chat.say("/report", user_id=CURATOR, lang="en")
    user = chat.user(CURATOR)
    private = chat.chat(CURATOR, "private", user=user)
    origin = {"type": "channel", "date": 1416182400, "message_id": 77,
              "chat": {"id": -100777, "type": "channel", "title": "Asia Watch", "username": "asiawatch"}}
    message = chat._message(private, user, "Tajik police detain recruiters\nDushanbe police said on Monday...",
                            forward_origin=origin)
    step = await chat.send_update({"message": message}, chat_id=CURATOR, user_id=CURATOR, require_reply=True)
    while "Save" not in step.last.button_texts:
        step = await chat.press(step.last, "Skip")
    assert "Tajik police detain recruiters" in step.plain and "https://t.me/asiawatch/77" in step.plain
    saved = await chat.press(step.last, "Save")
    assert "Saved: new report" in saved.last.plain
    report = chat_store.entries.report_by_url("https://t.me/asiawatch/77")
    assert report is not None and report.published == "2014-11-17"


def test_console_user_is_a_local_admin_and_curates(tmp_path, monkeypatch):
    from bot.store import Store

    monkeypatch.chdir(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'console.db'}")
    store.entries.load_starter_if_empty()
    lines = ("/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20\n1\n"
             "How many Kyrgyzstanis are fighting for the Islamic State?\n"
             "/grant 4242 curator\n/export\n")
    out = io.StringIO()
    try:
        code = run_console(Settings(), store, stdin=io.StringIO(lines), stdout=out, language="en")
        assert store.people.role(4242) == "curator"
    finally:
        store.close()
    text = out.getvalue()
    assert code == 0
    assert "Saved: new estimate" in text and "350" in text.split("Saved: new estimate", 1)[1]
    assert "4242 is now a curator." in text
    exported = list(tmp_path.glob("monitorbot-*.yaml"))
    assert len(exported) == 1 and b"kg-foreign-fighters-2015-icg" in exported[0].read_bytes()
