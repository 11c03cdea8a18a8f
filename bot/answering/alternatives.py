"""The few best cited answers for one question, ranked — for inline mode, where a person picks one
to insert (as rules-bot offers its best few search hits, not one).

First the answer itself; then narrower answers drawn from what it considered:
  * a comparison: each place's figures on their own;
  * several competing figures: each estimator's figure on its own; then the same topic's
    figures for the other places that have them;
  * no data: the figures the store has for the places and the topic asked (what the reply
    suggests), each as a cited answer.
Each alternative is rebuilt from entry ids (`answer_by_ids`), so it carries the full citation;
nothing here changes which figures the answer itself chooses.
"""

from __future__ import annotations

from bot.answering.index import newest_first_key
from bot.answering.model import Answer

MAX_ALTERNATIVES = 5  # the answer included


def _figures_answer(answerer, estimates) -> Answer | None:
    """A "figures" answer of some estimates (newest first), or None when none is left."""
    ids = [f"estimate:{e.id}" for e in sorted(estimates, key=newest_first_key)]
    if not ids:
        return None
    try:
        rebuilt = answerer.answer_by_ids(ids)
    except (KeyError, LookupError, ValueError):
        return None
    if not rebuilt.estimates:
        return None
    rebuilt.kind = "figures"
    rebuilt.reasons = []
    return rebuilt


def _groups(answer: Answer, answerer) -> list[list]:
    """Groups of estimates, each a narrower answer, in the order the answer ranks them."""
    if answer.kind == "comparison":
        return [row.estimates for row in answer.rows if row.estimates]
    if answer.kind in ("figures", "trend", "sources"):
        shown = [*answer.estimates, *answer.earlier]
        groups = [[est] for est in shown] if len(shown) > 1 else []
        return groups + _same_topic_elsewhere(answer, answerer.index())
    if answer.kind == "no_data":
        index = answerer.index()
        pairs = [(c.place, c.topic) for c in answer.suggestions if c.place and c.topic]
        if answer.topic:
            pairs += [(c.place, answer.topic) for c in answer.topic_places if c.place]
        return [index.figures(place, topic) for place, topic in dict.fromkeys(pairs)]
    return []


def _same_topic_elsewhere(answer: Answer, index) -> list[list]:
    """The figures on the answer's topic for the other places that have them (each titled with
    its place, never passed off as the place asked)."""
    if not answer.topic or not answer.estimates:
        return []
    asked = {code for place in answer.places for code in index.descendants(place)}
    asked |= {est.place for est in answer.estimates}
    others = sorted(set(index.place_counts(answer.topic)) - asked)
    return [index.figures(place, answer.topic) for place in others]


def ranked_answers(answerer, answer: Answer, limit: int = MAX_ALTERNATIVES) -> list[Answer]:
    """`answer` first, then up to `limit` - 1 narrower cited answers, no two of the same entries."""
    out, seen = [answer], {tuple(answer.used)}
    for group in _groups(answer, answerer):
        if len(out) >= limit:
            break
        alternative = _figures_answer(answerer, group)
        if alternative is None or tuple(alternative.used) in seen:
            continue
        seen.add(tuple(alternative.used))
        out.append(alternative)
    return out
