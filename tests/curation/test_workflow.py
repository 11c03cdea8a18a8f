"""The curation workflow as a core service (bot.curation.workflow), without Telegram: a proposal
gets its id, is checked as typed and by the import's rules, names likely duplicates; confirming
saves it, validated again, and never overwrites another entry."""

from __future__ import annotations

import pytest

from bot.curation import workflow
from bot.i18n import error_text
from bot.store import ImportError_

KISI = "kz-is-fighters-2014-kisi"


def estimate(**over) -> dict:
    data = {"topic": "foreign-fighters", "place": "KZ", "value": 300, "unit": "people", "as_of": "2014-09",
            "estimator": {"en": "KISI"}, "source": {"publication": {"en": "Azattyq"}}}
    data.update(over)
    return data


def test_a_new_estimate_gets_a_free_id_and_its_likely_duplicates(starter_store) -> None:
    proposal = workflow.propose(starter_store, "estimate", estimate())
    assert proposal.ready and proposal.data["id"].startswith("kz-")
    assert starter_store.entries.get("estimate", proposal.data["id"], include_retracted=True) is None
    assert proposal.duplicates == [KISI]  # same place, topic, estimator (by its acronym) and date
    other_year = workflow.propose(starter_store, "estimate", estimate(as_of="2016"))
    assert other_year.ready and other_year.duplicates == []
    assert workflow.propose(starter_store, "estimate", estimate(), mode="update").duplicates == []


def test_what_was_typed_is_checked_before_the_store_rules(starter_store) -> None:
    html = workflow.propose(starter_store, "estimate", estimate(note="<b>bold</b>", as_of="2014-13"))
    assert not html.ready and html.problems == []
    assert error_text(html.typed, "en") == "Note: HTML tags are not allowed; please write plain text."
    bad_date = workflow.propose(starter_store, "estimate", estimate(as_of="2014-13"))
    assert bad_date.typed is None and [p.code for p in bad_date.problems] == ["bad_date"]
    assert workflow.typed_problem("reason", "x" * 2001).code == "too_long"
    assert workflow.typed_problem("estimator", "a\x07b").code == "bad_char"
    assert workflow.typed_problem("note", "plain words") is None


def test_confirm_saves_and_a_taken_id_gets_a_fresh_one(starter_store) -> None:
    proposal = workflow.propose(starter_store, "estimate", estimate(as_of="2016"))
    first = workflow.confirm(starter_store, "estimate", proposal.data, "tg:1")
    assert first.action == "create" and first.id == proposal.data["id"]
    again = workflow.confirm(starter_store, "estimate", proposal.data, "tg:1")  # the same proposal twice
    assert again.action == "create" and again.id != first.id


def test_confirm_over_a_duplicate_updates_it_and_validates_again(starter_store) -> None:
    proposal = workflow.propose(starter_store, "estimate", estimate())
    updated = workflow.confirm(starter_store, "estimate", proposal.data, "tg:1", target=KISI)
    assert updated.id == KISI and updated.action == "update" and updated.record.value == 300
    with pytest.raises(KeyError):
        workflow.confirm(starter_store, "estimate", proposal.data, "tg:1", target="kz-gone")
    with pytest.raises(ImportError_) as refused:
        workflow.confirm(starter_store, "estimate", {**proposal.data, "place": "XX"}, "tg:1")
    assert "unknown place XX" in error_text(refused.value, "en")
