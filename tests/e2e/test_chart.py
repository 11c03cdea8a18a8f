"""End to end: the "Chart" button under answers with figures to plot, over the fake Bot API.

The starter store plus three more figures for Kazakhstan (the security service, the Soufan
Group's lower bound, ICSR's range), so a question about Kazakhstan has four competing figures
and a trend; Kyrgyzstan keeps its one figure and gets no Chart button.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.charts import png_size
from bot.config import Settings

EXTRA = Path(__file__).parents[1] / "data" / "chart_extra.yaml"
CHART = {"en": "Chart", "ru": "График", "kk": "График"}
CAPTION = {"en": "Chart: nationals fighting for the Islamic State",
           "ru": "График: граждане, воюющие за «Исламское государство»",
           "kk": "График: «Ислам мемлекеті» жағында соғысып жүрген азаматтар"}
QUESTIONS = {"en": "How many Kazakhstanis are fighting for the Islamic State?",
             "ru": "Сколько казахстанцев воюет за ИГ?",
             "kk": "Қазақстаннан қанша адам ИМ жағында соғысып жүр?"}


@pytest.fixture
def chat_store(chat_settings: Settings) -> Iterator[Any]:
    from bot.store import Store

    store = Store.open(chat_settings.database_url)
    store.entries.load_starter_if_empty()
    store.entries.import_document(EXTRA.read_bytes(), actor="test")
    yield store
    store.close()


def chart_button(reply) -> Any:
    buttons = [b for row in reply.last.buttons for b in row if (b.callback_data or "").startswith("chart:")]
    assert len(buttons) == 1, reply.last.button_texts
    return buttons[0]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_chart_button_sends_the_picture_in_the_askers_language(chat, lang):
    answer = await chat.say(QUESTIONS[lang], lang=lang)
    assert "400–500" in answer.plain  # the competing figures, ICSR's range among them
    button = chart_button(answer)
    assert button.text == CHART[lang] and len(button.callback_data.encode()) <= 64
    pressed = await chat.press(answer.last, data=button.callback_data)
    photo = pressed.last
    assert photo.method == "sendPhoto" and photo.chat_id == answer.last.chat_id
    assert photo.plain == CAPTION[lang] + " — " + {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}[lang]
    assert png_size(photo.photo.content) == (1080, 648)
    (size,) = photo.message["photo"]
    assert (size["width"], size["height"]) == (1080, 648)
    assert pressed.answer is not None and not pressed.answer.get("show_alert")


async def test_chart_button_stands_beside_the_sources_button(chat):
    answer = await chat.say(QUESTIONS["ru"], lang="ru")
    (row,) = answer.last.buttons  # one row: the sources button, then Chart
    assert [b.callback_data.split(":")[0] for b in row] == ["why", "chart"]
    assert row[1].text == CHART["ru"]


async def test_a_trend_gets_a_chart_and_a_comparison_too(chat):
    trend = await chat.say("How did the number of Kazakhstani fighters for the Islamic State change?", lang="en")
    assert "How the figure changed" in trend.plain
    pressed = await chat.press(trend.last, CHART["en"])
    assert pressed.last.method == "sendPhoto" and pressed.last.plain.startswith(CAPTION["en"])
    comparison = await chat.say("Compare fighters from all five republics", lang="en")
    pressed = await chat.press(comparison.last, CHART["en"])
    assert pressed.last.method == "sendPhoto" and pressed.last.plain == CAPTION["en"]  # several places: topic only


async def test_an_answer_with_one_figure_has_no_chart_button(chat):
    answer = await chat.say("How many Kyrgyzstanis fight for the Islamic State?", lang="en")
    assert "100" in answer.plain
    assert [b.callback_data.split(":")[0] for row in answer.last.buttons for b in row] == ["why"]
    assert CHART["en"] not in answer.last.button_texts


async def test_chart_of_a_retracted_figure_redraws_what_the_store_holds(chat, chat_store):
    answer = await chat.say(QUESTIONS["en"], lang="en")
    for ident in ("kz-is-fighters-2015-knb", "kz-is-fighters-2015-soufan", "kz-is-fighters-2016-icsr"):
        chat_store.entries.retract("estimate", ident, reason="test: withdrawn", actor="test")
    pressed = await chat.press(answer.last, CHART["en"])  # one figure left: nothing to chart
    assert pressed.answer["show_alert"] is True and "expired" in pressed.answer["text"]
    assert not [r for r in pressed if r.method == "sendPhoto"]


@pytest.mark.parametrize("data", ["chart:en:e:kz-no-such-figure,e:kg-no-such", "chart:en:#0123456789abcdef",
                                  "chart:en:zz:1", "chart:xx1:e:a"])
async def test_forged_chart_button_gets_an_alert_and_no_picture(chat, data):
    answer = await chat.say(QUESTIONS["en"], lang="en")
    pressed = await chat.press(answer.last, data=data)
    assert pressed.answer["show_alert"] is True
    assert not [r for r in pressed if r.method == "sendPhoto"]


async def test_chart_in_a_group_quotes_the_answer(chat):
    answer = await chat.group_message("/ask сколько казахстанцев воюет за ИГ?")
    pressed = await chat.press(answer.last, CHART["ru"])
    assert pressed.last.method == "sendPhoto"
    assert pressed.last.reply_to_message_id == answer.last.message_id
