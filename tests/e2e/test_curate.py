"""End to end: curators keep the store from chat — the one-line /est form, duplicate warnings,
/edit, /retract, /restore, /history — and every bad input leaves the store as it was.

Questions asked right after a change must reflect it; a retracted figure never appears.
"""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.support.chat import team_settings, team_store

ADMIN = 8001
CURATOR = 8002
MEMBER = 8003
KZ_ID = "kz-is-fighters-2014-kisi"
Q_KG = "How many Kyrgyzstanis are fighting for the Islamic State?"
Q_KZ = "How many Kazakhstanis are fighting for the Islamic State?"


@pytest.fixture
def chat_settings(fake_telegram, tmp_path) -> Settings:
    return team_settings(fake_telegram, tmp_path, admins=frozenset({ADMIN}))


@pytest.fixture
def chat_store(chat_settings):
    with team_store(chat_settings, {CURATOR: "curator", MEMBER: "member"}) as store:
        yield store


def snapshot(store) -> tuple:
    """What must not move when a change is refused."""
    return store.generation(), store.entries.counts(), store.entries.export_yaml()


async def say(chat, text, user=CURATOR, lang="en"):
    return await chat.say(text, user_id=user, lang=lang)


# --- the one-line form ------------------------------------------------------------------------------

async def test_est_previews_then_saves_and_the_next_answer_has_it(chat, chat_store):
    before = snapshot(chat_store)
    preview = await say(chat, "/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20")
    assert "350" in preview.plain and "ICG" in preview.plain and "Reuters" in preview.plain
    assert preview.last.button_texts == ["Save", "Cancel"]
    assert snapshot(chat_store) == before  # nothing saved before "Save"
    saved = await chat.press(preview.last, "Save")
    assert saved.answer is not None and not saved.answer.get("show_alert")
    assert "Saved: new estimate" in saved.plain
    answer = await say(chat, Q_KG, user=MEMBER)
    assert "350" in answer.plain and "ICG" in answer.plain
    (new_id,) = [e.id for e in chat_store.entries.estimates(places=["KG"]) if e.value == 350]
    (revision,) = chat_store.entries.history("estimate", new_id)
    assert revision.changed_by == f"tg:{CURATOR}" and revision.action == "create"


async def test_est_cancel_saves_nothing(chat, chat_store):
    before = snapshot(chat_store)
    preview = await say(chat, "/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20")
    cancelled = await chat.press(preview.last, "Cancel")
    assert cancelled.last.plain == "Cancelled. Nothing was saved."
    assert cancelled.first.method == "editMessageReplyMarkup"  # the buttons are gone
    assert snapshot(chat_store) == before
    again = await chat.press(preview.last, data=preview.last.buttons[0][0].callback_data)
    assert again.answer["show_alert"] is True and "expired" in again.answer["text"]


async def test_likely_duplicate_is_warned_and_update_existing_replaces_the_figure(chat, chat_store):
    kz_before = len(chat_store.entries.estimates(places=["KZ"]))
    preview = await say(chat, "/est KZ; foreign-fighters; 300; 2014-09; KISI; Tengri News 2014-09-16")
    assert "duplicate" in preview.plain and KZ_ID in preview.plain
    assert f"Update existing: {KZ_ID}" in preview.last.button_texts
    updated = await chat.press(preview.last, f"Update existing: {KZ_ID}")
    assert f"Saved: estimate {KZ_ID}, revision 2." in updated.plain
    answer = await say(chat, Q_KZ, user=MEMBER)
    assert "300" in answer.plain and "250" not in answer.plain
    assert len(chat_store.entries.estimates(places=["KZ"])) == kz_before  # updated, not added


async def test_est_in_russian_and_kazakh(chat, chat_store):
    ru = await say(chat, "/est Кыргызстан; боевики; более 500; 2016; ГКНБ; Азаттык 2016-03-01", lang="ru")
    assert "Сохранить" in ru.last.button_texts and "500" in ru.plain
    kk = await say(chat, "/est", lang="kk")
    assert kk.plain.startswith(tr_kk("Usage:"))


def tr_kk(msgid: str) -> str:
    from bot.i18n import tr

    return tr("kk").gettext(msgid)


@pytest.mark.parametrize("line,field_word", [
    ("KZ; foreign-fighters; 300; 2014-13; KISI; Tengri News 2014-09-16", "date"),
    ("KZ; foreign-fighters; 500-300; 2014-09; KISI; Tengri News 2014-09-16", "Figure"),
    ("KZ; foreign-fighters; -5; 2014-09; KISI; Tengri News 2014-09-16", "Figure"),
    ("Atlantis; foreign-fighters; 300; 2014-09; KISI; Tengri News 2014-09-16", "Place"),
    ("KZ; foreign-fighters; 300; 2014-09; <b>KISI</b>; Tengri News 2014-09-16", "Estimator"),
    ("KZ; foreign-fighters; 300; 2014-09; " + "ж" * 4000 + "; Tengri News 2014-09-16", "Estimator"),
    ("KZ; foreign-fighters; 300", "parts"),
])
async def test_bad_one_line_input_names_the_field_and_changes_nothing(chat, chat_store, line, field_word):
    before = snapshot(chat_store)
    replies = await say(chat, "/est " + line)
    assert field_word.lower() in replies.plain.lower()
    assert "/est place; topic; figure" in replies.plain or "HTML" in replies.plain  # the syntax, to try again
    assert not replies.last.button_texts
    assert snapshot(chat_store) == before


# --- who may ---------------------------------------------------------------------------------------------

async def test_member_cannot_curate(chat, chat_store):
    before = snapshot(chat_store)
    for command in ("/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20",
                    f"/edit {KZ_ID} value 1", f"/retract {KZ_ID} wrong", f"/history {KZ_ID}", "/export", "/add"):
        replies = await say(chat, command, user=MEMBER)
        assert replies.plain == "Only curators can change the store. Ask an admin if you need to.", command
    assert snapshot(chat_store) == before


async def test_forged_save_from_a_non_curator_changes_nothing(chat, chat_store):
    preview = await say(chat, "/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20")
    before = snapshot(chat_store)
    chat.user(MEMBER, lang="en")
    forged = await chat.press(preview.last, "Save", user_id=MEMBER)
    assert forged.answer["show_alert"] is True
    assert forged.answer["text"] == "Only curators can change the store. Ask an admin if you need to."
    assert list(forged) == []  # no message, no edit: only the alert
    assert snapshot(chat_store) == before
    other_curator = 8009
    chat_store.people.set_role(other_curator, "curator", "test")
    stale = await chat.press(preview.last, "Save", user_id=other_curator)  # not their pending change
    assert stale.answer["show_alert"] is True
    assert stale.answer["text"] in {"This button has expired.", "Эта кнопка больше не действует."}
    assert snapshot(chat_store) == before
    saved = await chat.press(preview.last, "Save")  # the curator's own press still works
    assert "Saved" in saved.plain


async def test_revoked_curator_press_is_refused_at_the_moment_of_the_press(chat, chat_store):
    preview = await say(chat, "/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20")
    chat_store.people.revoke_role(CURATOR, "test")
    before = snapshot(chat_store)
    pressed = await chat.press(preview.last, "Save")
    assert pressed.answer["show_alert"] is True
    assert snapshot(chat_store) == before


# --- corrections ------------------------------------------------------------------------------------------

async def test_edit_one_field_is_reflected_at_once(chat, chat_store):
    edited = await say(chat, f"/edit {KZ_ID} value 275")
    assert f"Saved: estimate {KZ_ID}, revision 2." in edited.plain and "275" in edited.plain
    answer = await say(chat, Q_KZ, user=MEMBER)
    assert "275" in answer.plain and "250" not in answer.plain


@pytest.mark.parametrize("field,value,expected", [
    ("as_of", "2014-02-30", "not a date"),
    ("value", "-3", "negative"),
    ("place", "Atlantis", "Atlantis"),
    ("estimator", "<script>x</script>", "HTML"),
    ("estimator", "ы" * 4096, "too long"),
    ("colour", "blue", "colour"),
])
async def test_bad_edit_names_the_field_and_changes_nothing(chat, chat_store, field, value, expected):
    before = snapshot(chat_store)
    replies = await say(chat, f"/edit {KZ_ID} {field} {value}")
    assert expected in replies.plain
    assert snapshot(chat_store) == before


async def test_edit_low_above_high_is_refused(chat, chat_store):
    await say(chat, f"/edit {KZ_ID} figure 100-200")
    before = snapshot(chat_store)
    replies = await say(chat, f"/edit {KZ_ID} low 500")
    assert "low" in replies.plain.lower() and "high" in replies.plain.lower()
    assert snapshot(chat_store) == before


async def test_retract_hides_the_figure_restore_brings_it_back_history_shows_all(chat, chat_store):
    retracted = await say(chat, f"/retract {KZ_ID} superseded by the 2015 count")
    assert f"Retracted estimate {KZ_ID}" in retracted.plain
    answer = await say(chat, Q_KZ, user=MEMBER)
    assert "250" not in answer.plain or "КИСИ" not in answer.plain
    assert "KISI" not in answer.plain
    inline = await chat.inline("KZ fighters", user_id=MEMBER, lang="en")
    # the retracted figure is offered nowhere (the other places' figures may be, each titled with its place)
    assert all("250 people" not in r.plain and "250 people" not in r.title for r in inline)
    again = await say(chat, f"/retract {KZ_ID} twice")
    assert "retracted already" in again.plain
    restored = await say(chat, f"/restore {KZ_ID}")
    assert f"Restored estimate {KZ_ID}" in restored.plain
    answer = await say(chat, Q_KZ, user=MEMBER)
    assert "250" in answer.plain and "KISI" in answer.plain
    await say(chat, f"/edit {KZ_ID} value 260")
    history = await say(chat, f"/history {KZ_ID}")
    text = history.plain
    for expected in ("created", "retracted", "restored", "updated", "superseded by the 2015 count",
                     "exact figure (value): 250 → 260", "starter", f"User{CURATOR}"):
        assert expected in text, expected


async def test_history_names_the_curator_by_username(chat, chat_store):
    chat.user(CURATOR, username="anna_curator")
    await say(chat, f"/edit {KZ_ID} value 251")
    history = await say(chat, f"/history {KZ_ID}")
    assert "@anna_curator" in history.plain and "exact figure (value): 250 → 251" in history.plain


async def test_unknown_id_and_usage(chat):
    assert (await say(chat, "/edit no-such-id value 3")).plain == "There is no entry with the id no-such-id."
    assert (await say(chat, "/retract")).plain.startswith("Usage: /retract")
    assert (await say(chat, "/history")).plain.startswith("Usage: /history")
    assert (await say(chat, "/restore")).plain.startswith("Usage: /restore")
    assert (await say(chat, "/edit x")).plain.startswith("Usage: /edit")


async def test_help_shows_the_one_line_syntax_to_curators_only(chat):
    curator = await say(chat, "/help", lang="ru")
    assert "/est место; тема; число; дата; автор оценки; источник" in curator.plain
    assert "/grant" not in curator.plain  # the admin line is for admins
    member = await say(chat, "/help", user=MEMBER, lang="ru")
    assert "/est" not in member.plain
