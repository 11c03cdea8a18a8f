"""Answerer.warm_up (run in the background when the bot starts): afterwards the questions of
every kind are answered from memory, without a read of the store beyond the generation check,
so the first members to ask after a start or a deploy do not wait for an index to be built."""

from __future__ import annotations

from sqlalchemy import event

from bot.answering import Answerer
from bot.store import Store

QUESTIONS = [
    ("how many Kazakhstanis fight for IS?", "en"),
    ("сколько казахстанцев воюет за ИГ?", "ru"),
    ("Қазақстан 2014 жылы қандай заң қабылдады?", "kk"),
    ("UZ fighters, latest?", "en"),
    ("what about penguins in Antarctica?", "en"),  # nothing in the store: the report scan
    ("who said 300?", "en"),
    ("laws of Tajikistan", "en"),
]


def test_after_warm_up_no_question_reads_more_than_the_generation(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'warm.db'}")
    store.entries.load_starter_if_empty()
    statements: list[str] = []
    event.listen(store.db.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, *rest: statements.append(sql))
    try:
        cold = Answerer(store)
        cold.ask(*QUESTIONS[4])  # without a warm-up, a question needing the reports reads them
        assert any("report" in sql for sql in statements)

        answerer = Answerer(store)
        answerer.warm_up()
        for text, lang in QUESTIONS:
            statements.clear()
            assert answerer.ask(text, lang=lang).kind
            assert all("generation" in sql for sql in statements), (text, statements)
    finally:
        store.close()
