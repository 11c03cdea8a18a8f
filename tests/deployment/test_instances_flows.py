"""Two `monitorbot run --webhook` processes on one PostgreSQL database are one bot for conversations
too (issue 12): every multi-step flow walked with each step posted to the other instance than the
step before — guided /add with Edit before Save, /report, /est's Save and Update existing, /review's
Accept and Edit first, a file's Import, /subscribe and its Change — ends as it does on one instance;
a flow goes on after its instance is restarted between two steps; a stale button still gets
"expired"; /language, /grant and /revoke on one instance apply on the other for the very next update.

One cluster for all of it (a start-up costs seconds of CPU). Each step waits until the bot has
answered and gone quiet, then the next goes to the other instance. PostgreSQL only (as
tests/deployment/test_instances.py).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fakebotapi.harness import Replies, Reply, _find_button
from tests.support.instances import Cluster

pytestmark = pytest.mark.usefixtures("postgres_reachable")  # skip-or-fail, once per module
ADMIN = 881_001
CURATOR = 881_002
MEMBER = 881_003
QUIET = 0.25  # seconds without a Bot API call: the step is over
STEP_TIMEOUT = 20.0

IMPORT_YAML = b"""version: 1
estimates:
  - id: tj-is-fighters-2016-import
    place: TJ
    topic: foreign-fighters
    value: 1100
    unit: people
    as_of: "2016"
    estimator: {en: Ministry of Internal Affairs of Tajikistan}
    source: {publication: {en: Asia-Plus}, date: "2016-02-01"}
"""


class Walker:
    """Talks to the cluster as Telegram would, each step to the other instance than the last."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.api = cluster.api
        self.tg = cluster.tg
        self.turn = 0
        self.visits: list[int] = []

    def _next(self, instance: int | None) -> int:
        if instance is None:
            instance = self.turn
            self.turn = 1 - self.turn
        self.visits.append(instance)
        return instance

    async def _send(self, update: dict, chat_id: int, user_id: int, instance: int | None,
                    query_id: str | None = None) -> Replies:
        i = self._next(instance)
        since = self.api.seq
        update = {"update_id": self.cluster.next_update_id(), **update}
        assert await self.cluster.post(i, update) == 200

        def mine() -> list:
            return [c for c in self.api.calls if c.seq > since and c.name != "getupdates"
                    and (c.params.get("chat_id") == chat_id or c.params.get("callback_query_id") == query_id)]

        assert await self.api.wait_until(lambda: bool(mine()), STEP_TIMEOUT), \
            f"instance {i} did not answer {update}\n{self.cluster.logs()}"
        while True:  # until the bot goes quiet
            seen = self.api.seq
            await asyncio.sleep(QUIET)
            if self.api.seq == seen:
                break
        replies, calls = self.tg._collect(chat_id, since, user_id)
        result = Replies(replies, calls=calls, request=update, update_id=update["update_id"])
        if query_id is not None:
            result.answer = self.api.callback_queries[query_id]["answer"]
        return result

    async def say(self, text: str, user_id: int = CURATOR, *, instance: int | None = None) -> Replies:
        update = self.tg.message_update(text, user_id=user_id, lang="en")
        return await self._send(update, user_id, user_id, instance)

    async def press(self, reply: Reply | Replies, button: str | None = None, *, data: str | None = None,
                    user_id: int = CURATOR, instance: int | None = None) -> Replies:
        target, found = _find_button(reply, button, data)
        message = target.message
        query_id = self.api.next_query_id()
        query = {"id": query_id, "from": self.tg.user(user_id, lang="en").to_dict(), "message": message,
                 "chat_instance": str(message["chat"]["id"]), "data": found}
        self.api.callback_queries[query_id] = {"answer": None, "query": query}
        return await self._send({"callback_query": query}, message["chat"]["id"], user_id, instance, query_id)

    async def document(self, content: bytes, name: str, user_id: int = CURATOR, *,
                       instance: int | None = None) -> Replies:
        record = self.api.put_file(content, name, "application/x-yaml")
        user = self.tg.user(user_id, lang="en")
        chat = self.tg.chat(user_id, "private", user=user)
        message = self.tg._message(chat, user, None, document=record.as_document())
        return await self._send({"message": message}, user_id, user_id, instance)


async def skip_to_confirmation(walk: Walker, step: Replies) -> Replies:
    while "Save" not in step.last.button_texts:
        assert "Skip" in step.last.button_texts, step.plain
        step = await walk.press(step.last, "Skip")
    return step


async def walk_guided_add(walk: Walker, store) -> None:
    """/add estimate, a field per step, Edit one field from the confirmation, then Save."""
    step = await walk.say("/add estimate")
    assert "Which place?" in step.plain
    step = await walk.press(step.last, "Kyrgyzstan")
    assert "Which topic" in step.plain
    step = await walk.press(step.last, next(b for b in step.last.button_texts if "Islamic State" in b))
    assert "The figure" in step.plain
    step = await walk.say("up to 80")
    assert "What does it count?" in step.plain
    step = await walk.press(step.last, "people")
    step = await walk.say("2015-03")
    assert "estimator" in step.plain
    step = await walk.say("Soufan Group")
    step = await walk.say("The Soufan Group report")
    confirm = await skip_to_confirmation(walk, step)
    assert "80" in confirm.plain and confirm.last.button_texts == ["Save", "Edit", "Cancel"]
    pick = await walk.press(confirm.last, "Edit")
    assert "Which field do you want to change?" in pick.plain
    asked = await walk.press(pick.last, next(b for b in pick.last.button_texts if b.startswith("Estimator")))
    assert "estimator" in asked.plain
    confirm = await walk.say("Soufan Center")
    assert "Soufan Center" in confirm.plain and "Save" in confirm.last.button_texts
    saved = await walk.press(confirm.last, "Save")
    assert "Saved: new estimate" in saved.plain, saved.plain
    assert any(e.value is None and e.high == 80 and "Soufan Center" in e.estimator.get("en", "")
               for e in store.entries.estimates(places=["KG"]))


async def walk_report(walk: Walker, store) -> None:
    """/report, then the pasted text on the other instance (no link needed), the rest skipped, Save."""
    from bot.ingest.extract import pasted_url

    asked = await walk.say("/report")
    assert "Send the report's link" in asked.plain
    text = ("Almaty court jails two recruiters\nThe court in Almaty sentenced two men for "
            "recruiting fighters for the Islamic State in Syria.")
    step = await walk.say(text)
    assert "Which publication?" in step.plain
    confirm = await skip_to_confirmation(walk, step)
    saved = await walk.press(confirm.last, "Save")
    assert "Saved: new report" in saved.plain, saved.plain
    assert store.entries.report_by_url(pasted_url(text)) is not None


async def walk_est_save_and_update(walk: Walker, store) -> None:
    preview = await walk.say("/est KG; foreign-fighters; 350; 2015-01; ICG; Reuters 2015-01-20")
    assert "Save" in preview.last.button_texts
    saved = await walk.press(preview.last, "Save")
    assert "Saved: new estimate" in saved.plain, saved.plain
    [created] = [e for e in store.entries.estimates(places=["KG"]) if e.value == 350]
    again = await walk.say("/est KG; foreign-fighters; 360; 2015-01; ICG; Reuters 2015-01-20")
    update_button = f"Update existing: {created.id}"
    assert update_button in again.last.button_texts, again.last.button_texts
    updated = await walk.press(again.last, update_button)
    assert "revision 2" in updated.plain, updated.plain
    assert store.entries.get("estimate", created.id).value == 360


async def walk_review(walk: Walker, store) -> None:
    shown = await walk.say("/review")
    assert "Spotted figure 1 of 2" in shown.plain
    accepted = await walk.press(shown.last, "Accept")
    assert any("Saved: new estimate" in r.plain for r in accepted)
    editing = await walk.press(accepted.last, "Edit first")
    assert editing.last.button_texts == ["Figure", "Estimator", "As of", "Save", "Cancel"]
    asked = await walk.press(editing.last, "Figure")
    assert "250, >500" in asked.plain
    changed = await walk.say("620")
    assert "620 people" in changed.plain
    saved = await walk.press(changed.last, "Save")
    assert any("Saved: new estimate" in r.plain for r in saved), saved.plain
    assert sorted(c.place for c in store.candidates.find(status="accepted")) == ["KZ", "UZ"]
    assert any(e.value == 620 for e in store.entries.estimates(places=["UZ"]))


async def walk_import(walk: Walker, store) -> None:
    preview = await walk.document(IMPORT_YAML, "tajik.yaml")
    assert "Import" in preview.last.button_texts, preview.plain
    imported = await walk.press(preview.last, "Import")
    assert "Imported tajik.yaml" in imported.plain, imported.plain
    assert store.entries.get("estimate", "tj-is-fighters-2016-import").value == 1100


async def walk_subscribe_and_change(walk: Walker, store) -> None:
    step = await walk.say("/subscribe")
    step = await walk.press(step.last, "As soon as something arrives")
    assert "In which language?" in step.plain
    step = await walk.press(step.last, next(b for b in step.last.button_texts if b.endswith("English")))
    step = await walk.press(step.last, "Next")  # places: all
    step = await walk.press(step.last, "Next")  # topics: all
    assert "Your digest:" in step.plain
    done = await walk.press(step.last, "Save")
    assert "Subscribed." in done.plain, done.plain
    [sub] = store.subscriptions.all(chat_id=CURATOR)
    assert sub.kind == "instant"
    listed = await walk.say("/subscriptions")
    step = await walk.press(listed.last, "Change")
    step = await walk.press(step.last, "Daily")
    step = await walk.press(step.last, "09:00")
    step = await walk.say("Asia/Tashkent")
    assert "In which language?" in step.plain
    step = await walk.press(step.last, next(b for b in step.last.button_texts if b.endswith("English")))
    step = await walk.press(step.last, "Next")
    step = await walk.press(step.last, "Next")
    done = await walk.press(step.last, "Save")
    assert "Subscription changed." in done.plain, done.plain
    [sub] = store.subscriptions.all(chat_id=CURATOR)
    assert (sub.kind, sub.at, sub.tz) == ("daily", "09:00", "Asia/Tashkent")


async def restart(cluster: Cluster, i: int) -> None:
    """Stop instance i (SIGTERM) and start a new process in its place (same index for post())."""
    await cluster.instances[i].terminate()
    fresh = await cluster.add_instance()
    cluster.instances[i] = cluster.instances.pop()  # the new process answers as instance i
    assert fresh is cluster.instances[i]


@pytest.mark.asyncio
async def test_every_flow_goes_on_across_instances_and_a_restart_and_roles_and_languages_apply_at_once():
    started = time.monotonic()
    async with Cluster(2, env={"MONITORBOT_ADMINS": str(ADMIN)}) as cluster:
        store = cluster.open_store()
        store.people.set_role(CURATOR, "curator", "test")
        store.people.set_role(MEMBER, "member", "test")
        report = store.feeds.ingest([{
            "url": "https://news.example.org/instances/spotted", "title": {"en": "Spotted figures"},
            "publication": {"en": "News Example"}, "published": "2026-03-01", "language": "en",
            "places": ["KZ", "UZ"], "tags": ["foreign-fighters"]}]).added[0]
        report_id = getattr(report, "id", report)
        store.candidates.add(report_id, {"place": "KZ", "topic": "foreign-fighters", "value": 300, "unit": "people",
                                        "sentence": "About 300 Kazakhstanis fight in Syria.", "language": "en"})
        store.candidates.add(report_id, {"place": "UZ", "topic": "foreign-fighters", "low": 500, "unit": "people",
                                        "qualifier": "more-than", "sentence": "More than 500 Uzbeks fight in Syria.",
                                        "language": "en"})
        walk = Walker(cluster)

        for flow in (walk_guided_add, walk_report, walk_est_save_and_update, walk_review, walk_import,
                     walk_subscribe_and_change):
            await flow(walk, store)
        assert set(walk.visits) == {0, 1}
        assert all(a != b for a, b in zip(walk.visits, walk.visits[1:], strict=False))  # always the other

        # a stale button (its flow saved) still gets "expired", on either instance
        preview = await walk.say("/est KZ; foreign-fighters; 410; 2016; KNB; Tengri News 2016-05-01", instance=0)
        saved = await walk.press(preview.last, "Save", instance=1)
        assert "Saved" in saved.plain
        stale = await walk.press(preview.last, "Save", instance=0)
        assert stale.answer and stale.answer["show_alert"] is True and "expired" in stale.answer["text"]
        # a foreign press on someone else's pending Save: expired too, nothing saved
        preview = await walk.say("/est KZ; foreign-fighters; 420; 2016; KNB; Tengri News 2016-05-02", instance=1)
        await walk.say("/grant 881004 curator", user_id=ADMIN, instance=0)
        foreign = await walk.press(preview.last, "Save", user_id=881_004, instance=0)
        assert foreign.answer and "expired" in foreign.answer["text"]
        assert not any(e.value == 420 for e in store.entries.estimates(places=["KZ"]))

        # a restart between two steps: the flow goes on in the new process
        step = await walk.say("/add estimate", instance=0)
        await restart(cluster, 0)
        step = await walk.press(step.last, "Tajikistan", instance=0)
        assert "Which topic" in step.plain, step.plain
        step = await walk.press(step.last, next(b for b in step.last.button_texts if "Islamic State" in b),
                                instance=1)
        step = await walk.say("1900", instance=0)
        step = await walk.press(step.last, "people", instance=1)
        step = await walk.say("2017", instance=0)
        step = await walk.say("International Crisis Group", instance=1)
        step = await walk.say("Crisis Group report", instance=0)
        confirm = await skip_to_confirmation(walk, step)
        saved = await walk.press(confirm.last, "Save")
        assert "Saved: new estimate" in saved.plain
        assert any(e.value == 1900 for e in store.entries.estimates(places=["TJ"]))

        # /language on one instance: the other answers in it at once
        await walk.say("/language ru", user_id=MEMBER, instance=0)
        answer = await walk.say("How many Kazakhs fight for ISIS?", user_id=MEMBER, instance=1)
        assert "250 человек" in answer.plain, answer.plain
        await walk.say("/language en", user_id=MEMBER, instance=1)
        answer = await walk.say("Сколько казахстанцев воюет за ИГ?", user_id=MEMBER, instance=0)
        assert "250 people" in answer.plain, answer.plain

        # /grant on one instance: the other lets the new curator curate at once; /revoke likewise
        refused = await walk.say("/est KG; foreign-fighters; 10; 2015; X; Y 2015-01-01", user_id=MEMBER, instance=0)
        assert "Only curators" in refused.plain
        await walk.say(f"/grant {MEMBER} curator", user_id=ADMIN, instance=0)
        allowed = await walk.say("/est KG; foreign-fighters; 10; 2015; X; Y 2015-01-01", user_id=MEMBER, instance=1)
        assert "Save" in allowed.last.button_texts, allowed.plain
        await walk.say(f"/revoke {MEMBER}", user_id=ADMIN, instance=1)
        pressed = await walk.press(allowed.last, "Save", user_id=MEMBER, instance=0)
        assert pressed.answer and "Only curators" in pressed.answer["text"]
        assert not any(e.value == 10 for e in store.entries.estimates(places=["KG"]))

        errors = [r for inst in cluster.instances for r in inst.errors()]
        assert not errors, cluster.logs()
    print(f"walked {len(walk.visits)} steps in {time.monotonic() - started:.1f} s")
