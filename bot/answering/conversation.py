"""Questions in a chat: a short message that only changes part of the person's previous question
("а киргизов?", "and in 2015?") is read as a follow-up of it (bot.understanding.followup).

The context is kept in the store for CONTEXT_WINDOW, per person per chat, so any instance answers
the follow-up. `Conversation.ask(chat_id, user_id, text, lang)` is what the handlers call: the
answer is computed in a store thread, and the new context is written off the reply path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from bot.answering.model import Answer, reason
from bot.i18n import N_
from bot.store.context import CONTEXT_WINDOW
from bot.store.offload import from_memory_or_off_loop, off_loop
from bot.understanding import Query, followup

if TYPE_CHECKING:
    from bot.answering.answerer import Answerer
    from bot.store import Store

log = logging.getLogger(__name__)

# (chat id, user id, the question as read, when): one row of store.context.remember_many
ContextRow = tuple[int, int, dict[str, Any], datetime]


class Conversation:
    """Answers questions in their chat's context (see the module docstring)."""

    def __init__(self, answerer: Answerer, store: Store, clock: Callable[[], datetime]):
        self.answerer, self.store, self.clock = answerer, store, clock

    async def ask(self, chat_id: int, user_id: int | None, text: str, lang: str) -> Answer:
        """The answer to `text` in `lang`; the question is kept for this person's next message.
        The core answers from memory (the index of this generation; the generation and the
        context from the update's view): then here, on the loop — a thread hop costs more than
        most answers. When it would read the database or build a part of the index, it gives
        way at that point (nothing done yet) and runs in a store thread instead, so a database
        that stops answering never freezes the loop."""
        answer, keep = await from_memory_or_off_loop(self.store, self.answer, chat_id, user_id, text, lang)
        if keep:  # the next update need not wait for it: this process knows it already (note_query)
            ContextWriter.of(self.store).add(keep)
        return answer

    def answer(self, chat_id: int, user_id: int | None, text: str, lang: str) -> tuple[Answer, ContextRow | None]:
        """Answer `text`, read as a follow-up of this person's previous question in this chat when
        it is one, and the context row to keep for their next message (None: nothing to keep).
        Anything that is not a follow-up is answered exactly as `answerer.ask` would. If the
        context cannot be read, the question is answered on its own."""
        answerer, store = self.answerer, self.store
        # stand-in cores and stores (handler tests) answer without context
        if not hasattr(answerer, "answer_query") or not hasattr(store, "context") or user_id is None:
            return answerer.ask(text, lang=lang), None
        now = self.clock()
        merged = parsed = None
        if followup.may_be_follow_up(text):  # a long message is never one: no parse, no read
            index = answerer.index()
            parsed = answerer.parse(text, index)
            if followup.could_follow(parsed):
                try:
                    previous = followup.from_dict(store.context.last(chat_id, user_id, since=now - CONTEXT_WINDOW))
                except SQLAlchemyError:
                    log.warning("chat context of %s in %s could not be read; answering on its own", user_id,
                                chat_id, exc_info=True)
                    previous = None
                merged = followup.follow_up(previous, parsed)
        if merged is not None:
            answer = answerer.answer_query(merged, lang, index)
            answer.reasons.insert(0, reason(N_("read as a follow-up to: {question}"), question=merged.follow_up_of))
            if answer.kind == "no_data" and (parsed.places or parsed.topics):
                # "KZ vs UZ" after a 2013 question: the old year must not hide what it gets on its own
                alone = answerer.answer_query(parsed, lang, index)
                if alone.has_figures:
                    answer, merged = alone, None
        elif parsed is not None:
            answer = answerer.answer_query(parsed, lang, index)  # parsed once: the same as ask()
        else:
            answer = answerer.ask(text, lang=lang)
        effective = merged or answer.query
        if not (isinstance(effective, Query) and followup.worth_remembering(effective)):
            return answer, None
        remembered = followup.to_dict(effective)
        store.context.note(chat_id, user_id, remembered, now)
        return answer, (chat_id, user_id, remembered, now)


class ContextWriter:
    """Writes the follow-up contexts behind the replies: what updates asked while one write was
    under way goes in the next, as one statement (store.context.remember_many) in a worker thread —
    one round trip and one thread hop for many questions, none on any reply's path.

    A question on a quiet bot is written at once; then for GATHER the writer waits, and what comes
    meanwhile goes in the next statement — under load a burst is one write. A write costs 2–3 ms
    of CPU on SQLite whatever its size (plus ~0.04 ms a row): at one per 50 ms they took 0.13 ms
    per question in bench/e2e_throughput.py, at one per half second 0.04 ms. Another instance
    sees a context at most GATHER later — a person does not type a follow-up within half a
    second, and this process knows it at once anyway (store.context.note). At shutdown what
    waits is written at once (flush), so a restart loses no context."""

    GATHER = 0.5  # seconds

    _writers: dict[int, ContextWriter] = {}

    def __init__(self, store: Store):
        self.store = store
        self.waiting: list[ContextRow] = []
        self.task: asyncio.Task | None = None
        self._hurry: asyncio.Event | None = None  # set by flush: the wait between writes ends

    @classmethod
    def of(cls, store: Store) -> ContextWriter:
        writer = cls._writers.get(id(store))
        if writer is None or writer.store is not store:
            writer = cls._writers[id(store)] = cls(store)
        return writer

    def add(self, row: ContextRow) -> None:
        self.waiting.append(row)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._write())

    async def flush(self) -> None:
        """Write what waits now, without the pause (at shutdown)."""
        if self.task is None or self.task.done():
            if not self.waiting:
                return
            self.task = asyncio.ensure_future(self._write())
        if self._hurry is not None:
            self._hurry.set()
        await self.task

    async def _write(self) -> None:
        self._hurry = hurry = asyncio.Event()  # one per run: an Event belongs to one event loop
        while self.waiting:
            rows, self.waiting = self.waiting, []
            try:
                await off_loop(self.store, self.store.context.remember_many, rows)
            except SQLAlchemyError:
                log.warning("chat context of %d questions could not be kept", len(rows), exc_info=True)
            if hurry.is_set():
                continue
            # at most one write per GATHER: what comes meanwhile joins the next statement
            try:
                await asyncio.wait_for(hurry.wait(), self.GATHER)
            except TimeoutError:
                pass
