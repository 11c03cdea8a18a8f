"""End to end: bulk files from curators (preview, Import / Cancel, atomic import), bad files
(not YAML, too large, invalid entries) leave the store unchanged; /export re-imports identically;
/report adds a report from a link (fetched from a local page) or from pasted/forwarded text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiohttp import web

from bot.config import Settings
from tests.support.chat import team_settings, team_store

ADMIN = 6001
CURATOR = 6002
MEMBER = 6003
EXTRA = (Path(__file__).parents[1] / "data" / "extra.yaml").read_bytes()


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}), fetch_allow_private=True)


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


def snapshot(store) -> tuple:
    return store.generation(), store.entries.counts(), store.entries.export_yaml()


async def send(chat, content: bytes, name: str, user=CURATOR, lang="en", **kw):
    return await chat.document(content, name, user_id=user, lang=lang, **kw)


# --- files ---------------------------------------------------------------------------------------------

async def test_yaml_file_preview_then_import(chat, chat_store):
    before = snapshot(chat_store)
    preview = await send(chat, EXTRA, "extra.yaml")
    assert "extra.yaml is valid." in preview.plain and "Added: " in preview.plain
    assert preview.last.button_texts == ["Import", "Cancel"]
    assert snapshot(chat_store) == before  # a preview changes nothing
    imported = await chat.press(preview.last, "Import")
    assert "Imported extra.yaml." in imported.last.plain
    assert chat_store.entries.get("estimate", "kz-is-fighters-2015-06-tmga") is not None
    answer = await chat.say("How many Kazakhstanis fought for the Islamic State in 2015?", user_id=MEMBER, lang="en")
    assert "300" in answer.plain and "Test Monitoring Group A" in answer.plain
    again = await send(chat, EXTRA, "extra.yaml")
    assert "nothing to change" in again.plain and not again.last.button_texts


async def test_json_file_and_cancel(chat, chat_store):
    doc = {"version": 1, "estimates": [{
        "id": "tj-test-2015", "topic": "foreign-fighters", "place": "TJ", "value": 412, "as_of": "2015",
        "estimator": "Test Estimator", "source": {"publication": "Test Daily", "date": "2015-05-01"}}]}
    before = snapshot(chat_store)
    preview = await send(chat, json.dumps(doc).encode(), "one.json")
    assert "Added: 1" in preview.plain
    cancelled = await chat.press(preview.last, "Cancel")
    assert cancelled.last.plain == "Cancelled. Nothing was saved."
    assert snapshot(chat_store) == before


async def test_file_is_revalidated_at_confirm_time(chat, chat_store):
    doc = {"version": 1, "estimates": [{
        "id": "kz-new-2016", "topic": "foreign-fighters", "place": "KZ-AKM", "value": 12, "as_of": "2016",
        "estimator": "X", "source": {"publication": "Y"}}],
        "places": [{"code": "KZ-AKM", "name": {"en": "Akmola Region"}}]}
    preview = await send(chat, json.dumps(doc).encode(), "akm.json")
    assert "Added: 2" in preview.plain
    # between preview and confirm another curator retracts the topic the file relies on
    chat_store.entries.retract("topic", "foreign-fighters", "test", "test")
    before = snapshot(chat_store)
    imported = await chat.press(preview.last, "Import")
    assert "Nothing was imported" in imported.last.plain and "foreign-fighters" in imported.last.plain
    assert snapshot(chat_store) == before


@pytest.mark.parametrize("content,name,expected", [
    (b"version: 1\nestimates: [\n  - id: x\n", "broken.yaml", "not valid YAML"),
    (b"\xff\xfe\x00garbage", "binary.yaml", "not UTF-8"),
    (b"version: 2\n", "v2.yaml", "version must be 1"),
    (b"version: 1\nestimates:\n  - id: a\n    topic: foreign-fighters\n    place: KZ\n    low: 500\n    high: 300\n"
     b"    as_of: 2014-13\n  - id: b\n    topic: foreign-fighters\n    place: Atlantis\n    value: -4\n",
     "bad.yaml", "4 problems"),
])
async def test_bad_file_is_refused_with_every_error_and_the_store_unchanged(chat, chat_store, content, name, expected):
    before = snapshot(chat_store)
    replies = await send(chat, content, name)
    assert expected in replies.plain
    assert not replies.last.button_texts
    assert snapshot(chat_store) == before
    if name == "bad.yaml":
        for field in ("'as_of'", "low (500) is above high (300)", "'place'", "'value'"):
            assert field in replies.plain, field


async def test_a_file_that_is_not_yaml_or_json(chat, chat_store):
    before = snapshot(chat_store)
    replies = await send(chat, b"%PDF-1.4 ...", "report.pdf")
    assert replies.plain == "I import .yaml, .yml or .json files in the store's format; report.pdf is neither."
    assert chat.api.calls_to("getFile") == []
    assert snapshot(chat_store) == before


async def test_20_mb_file_is_refused_before_downloading(chat, chat_store):
    before = snapshot(chat_store)
    record = chat.api.put_file(b"version: 1\n", "huge.yaml", "application/x-yaml")
    document = {**record.as_document(), "file_size": 20 * 1024 * 1024}
    replies = await chat._media("document", document, user_id=CURATOR, chat_id=None, lang="en",
                                chat_type="private", caption=None, timeout=None)
    assert replies.plain == "huge.yaml is too large: the limit is 5 MiB. Nothing was imported."
    assert chat.api.calls_to("getFile") == []
    assert snapshot(chat_store) == before


async def test_member_file_is_not_imported(chat, chat_store):
    before = snapshot(chat_store)
    replies = await send(chat, EXTRA, "extra.yaml", user=MEMBER)
    assert "Import" not in replies.button_texts
    assert chat.api.calls_to("getFile") == []
    assert snapshot(chat_store) == before


async def test_forged_import_press_from_a_member(chat, chat_store):
    preview = await send(chat, EXTRA, "extra.yaml")
    before = snapshot(chat_store)
    forged = await chat.press(preview.last, "Import", user_id=MEMBER)
    assert forged.answer["show_alert"] is True
    assert snapshot(chat_store) == before


async def test_export_reimports_identically(chat, chat_store, tmp_path):
    from bot.store import Store

    replies = await chat.say("/export", user_id=CURATOR, lang="en")
    assert replies.method == "sendDocument" and replies.document.file_name.endswith(".yaml")
    assert "estimates" in replies.plain
    content = replies.document.content
    other = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    try:
        other.entries.import_document(content, actor="test")
        assert other.entries.export_yaml() == chat_store.entries.export_yaml()
    finally:
        other.close()


# --- reports -------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="en"><head><title>Kazakhstan tightens extremism law</title>
<meta property="article:published_time" content="2014-11-17T10:00:00Z">
<meta property="og:site_name" content="Test Monitor"></head>
<body><article><h1>Kazakhstan tightens extremism law</h1>
<p>Astana signed amendments to the law on countering extremism, widening asset seizure.</p>
<p>Officials said about 300 Kazakhstanis had joined armed groups abroad.</p></article></body></html>"""


@pytest.fixture
async def page_url():
    app = web.Application()

    async def page(request):
        return web.Response(text=PAGE, content_type="text/html")

    app.router.add_get("/news/kz-law", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/news/kz-law"
    await runner.cleanup()


async def finish_report(chat, step):
    while "Save" not in step.last.button_texts:
        step = await chat.press(step.last, "Skip")
    return step


async def test_report_by_url_is_fetched_extracted_and_confirmed(chat, chat_store, page_url):
    before = snapshot(chat_store)
    step = await chat.say(f"/report {page_url}", user_id=CURATOR, lang="en")
    confirm = await finish_report(chat, step)
    assert "Kazakhstan tightens extremism law" in confirm.plain and "2014-11-17" in confirm.plain
    assert snapshot(chat_store) == before
    saved = await chat.press(confirm.last, "Save")
    assert "Saved: new report" in saved.last.plain
    report = chat_store.entries.report_by_url(page_url)
    assert report is not None and "asset seizure" in (report.text or {}).get("en", "")
    again = await chat.say(f"/report {page_url}", user_id=CURATOR, lang="en")
    assert "in the store already" in again.plain


async def test_report_from_a_private_address_is_refused_without_the_setting(chat, chat_store, page_url):
    from dataclasses import replace

    from handlers.services import SERVICES_KEY

    services = chat.application.bot_data[SERVICES_KEY]
    services.settings = replace(services.settings, fetch_allow_private=False)
    before = snapshot(chat_store)
    replies = await chat.say(f"/report {page_url}", user_id=CURATOR, lang="en")
    assert "127.0.0.1" in replies.plain or "private" in replies.plain
    assert snapshot(chat_store) == before


async def test_report_from_pasted_text(chat, chat_store):
    step = await chat.say("/report", user_id=CURATOR, lang="en")
    assert "link" in step.plain
    text = "Kyrgyz court bans group\nA court in Bishkek banned the group. https://example.org/kg-ban"
    step = await chat.say(text, user_id=CURATOR, lang="en")
    confirm = await finish_report(chat, step)
    assert "Kyrgyz court bans group" in confirm.plain and "https://example.org/kg-ban" in confirm.plain
    saved = await chat.press(confirm.last, "Save")
    assert "Saved: new report" in saved.last.plain
    assert chat_store.entries.report_by_url("https://example.org/kg-ban") is not None
