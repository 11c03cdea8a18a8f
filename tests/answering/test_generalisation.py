"""Questions nobody tuned for: analysts' questions in en/ru/kk over a store that is NOT the
starter data (tests/data/other_store.yaml: returnees, convictions, banned organisations, blocked
sites, attacks, Hizb ut-Tahrir, regions, laws of four countries), asserted like
tests/answering/test_questions.py: the kind of answer, the entries drawn on, the facts shown, and no
figure at all for what the store does not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.question_tables import (
    NONE,
    Q,
    assert_sound_table,
    check_question,
    plain,
    table,
    table_answerer,
)

STORE_FILE = Path(__file__).resolve().parents[1] / "data" / "other_store.yaml"

# the store's ids, grouped for reading the table
KZ_RET = ["kz-returnees-2019-05-mfa", "kz-returnees-2021-02-knb", "kz-returnees-2021-02-hrw"]
UZ_RET = ["uz-returnees-2019-12-mfa", "uz-returnees-2021-04-mfa"]
KZ_CONV = ["kz-extremism-convictions-2016-gp", "kz-extremism-convictions-2018-gp", "kz-extremism-convictions-2020-gp"]
KG_HUT = ["kg-hut-members-2015-gknb", "kg-hut-members-2019-test"]
BANNED = ["kz-banned-orgs-2021-knb", "kg-banned-orgs-2018-gknb", "tj-banned-orgs-2020-gp"]
FIGHTERS = ["kz-fighters-abroad-2015-knb", "kz-fighters-abroad-2017-soufan", "uz-fighters-abroad-2017-soufan",
            "tj-fighters-abroad-2017-soufan", "kg-fighters-abroad-2017-soufan", "tj-fighters-abroad-gbao-2016-local"]
ALL_RET = KZ_RET + UZ_RET + ["tj-returnees-2019-04-mfa", "kg-returnees-2021-03-ombudsman"]




EN = [
    Q("how many Kazakhs returned from Syria?", "figures", KZ_RET, ["720", "Human Rights Watch", "595"]),
    Q("Kazakhstan returnees", "figures", KZ_RET, ["720", "National Security Committee"]),
    Q("how many uzbeks were repatriated from syria and iraq", "figures", UZ_RET, ["531", "156", "Gazeta.uz"]),
    Q("latest figure on returnees to Kazakhstan", "figures", KZ_RET[1:], ["720", "more than 600", "February 2021"]),
    Q("how many returnees in Kyrgyzstan in 2021", "figures", ["kg-returnees-2021-03-ombudsman"], ["79", "Ombudsman"]),
    Q("returnees to Tajikistan in 2021", **NONE, not_used=["tj-returnees-2019-04-mfa"], says=["April 2019"]),
    Q("how has the number of returnees to Kazakhstan changed", "trend", KZ_RET, ["595", "720"]),
    Q("which country brought back the most citizens from Syria", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("total number of returnees for Central Asia", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("how many children were repatriated to Kazakhstan", "figures", ["kz-returned-children-2019-05-mfa"], ["406"],
      not_used=KZ_RET),
    Q("how many women returned to Uzbekistan", **NONE, not_used=UZ_RET),
    Q("Kazakhs fighting in Ukraine", **NONE, not_used=FIGHTERS),
    Q("how many Tajik fighters went to Syria", "figures", ["tj-fighters-abroad-2017-soufan"], ["1,300", "Soufan"]),
    Q("fighters from GBAO", "figures", ["tj-fighters-abroad-gbao-2016-local"], ["40", "Gorno-Badakhshan"]),
    Q("convictions for extremism in Kazakhstan 2018", "figures", ["kz-extremism-convictions-2018-gp"], ["350"],
      not_used=[KZ_CONV[0], KZ_CONV[2]]),
    Q("extremism convictions in Kazakhstan in 2017", **NONE, not_used=KZ_CONV, says=["2016", "2018", "2020"]),
    Q("how many organisations are banned in Tajikistan", "figures", ["tj-banned-orgs-2020-gp"], ["29"]),
    Q("compare banned organisations in KZ, KG and TJ", "comparison", BANNED, ["21", "20", "29"]),
    Q("how many extremist websites were blocked in Kazakhstan", "figures",
      ["kz-blocked-sites-2017-mic", "kz-blocked-sites-2019-mic"], ["470", "690"]),
    Q("terrorist attacks in Kazakhstan over the years", "trend", ["kz-attacks-2011-test", "kz-attacks-2016-test"],
      ["7", "2011", "2016"]),
    Q("how many Hizb ut-Tahrir members in Kyrgyzstan", "figures", KG_HUT, ["15,000", "GKNB"]),
    Q("HuT membership in the Fergana Valley", "figures", ["fv-hut-members-2016-test"], ["20,000"]),
    Q("Hizb ut-Tahrir in Tajikistan", "figures", ["tj-hut-members-2016-test"], ["800"]),
    Q("Hizb ut-Tahrir members in Kazakhstan", **NONE, not_used=KG_HUT),
    Q("which law lets courts ban an extremist organisation in Uzbekistan?", "laws",
      ["uz-2018-07-30-countering-extremism"], ["Shavkat Mirziyoyev", "ZRU-489"]),
    Q("can Kazakhstan strip citizenship for terrorism?", "laws", ["kz-2017-07-11-citizenship"], ["citizenship"]),
    Q("Tajik law on fighters who return voluntarily", "laws", ["tj-2020-01-02-countering-extremism"],
      ["Emomali Rahmon"]),
    Q("what law did Kazakhstan adopt in 2016", "laws", ["kz-2016-12-22-online-content"], ["2016"],
      not_used=["kz-2017-07-11-citizenship"]),
    Q("Kyrgyzstan law on the return of citizens from conflict zones", "laws", ["kg-2019-03-repatriation-programme"]),
    Q("who estimated the number of returnees in Uzbekistan?", "sources", UZ_RET,
      ["Ministry of Foreign Affairs of Uzbekistan", "Gazeta.uz"]),
    Q("where does the 720 figure come from", ["sources", "figures"], ["kz-returnees-2021-02-knb"], ["Tengri News"]),
    Q("blocked websites in Turkmenistan", **NONE),
    Q("how many IS fighters from Kyrgyzstan", "figures", ["kg-fighters-abroad-2017-soufan"], ["600"]),
    Q("foreign fighters from CA by country", "comparison", FIGHTERS[1:5], ["1,500", "1,300"]),
    Q("an MP proposed stripping citizenship in Kyrgyzstan - is there a law?", "laws", ["kg-2022-citizenship-draft"]),
    Q("attacks in Karakalpakstan", **NONE),
    Q("kazakstan repatriaton figures", "figures", KZ_RET, ["720"]),
    Q("Hizb ut-Tahrir", "overview", ["kg-hut-members-2019-test", "tj-hut-members-2016-test", "fv-hut-members-2016-test"],
      ["Fergana Valley"]),
    Q("Tajikistan amnesty for returning fighters", "laws", ["tj-2020-01-02-countering-extremism"]),
    Q("terror attacks in Tajikistan by Hizb ut-Tahrir", **NONE, not_used=["tj-attacks-2018-test"]),
    Q("fighters in Syria", "comparison", FIGHTERS[1:5], ["1,500"]),
    Q("how many people were convicted in Kyrgyzstan", "figures", ["kg-extremism-convictions-2019-sova"], ["95"]),
    Q("did the number of convictions in Kazakhstan fall after 2018?", "trend", KZ_CONV[1:], ["350", "180"],
      not_used=[KZ_CONV[0]]),
]

RU = [
    Q("сколько казахстанцев вернулось из Сирии", "figures", KZ_RET, ["720", "595"]),
    Q("казахстанцы вернулись из Сирии", "figures", KZ_RET, ["720"]),
    Q("сколько граждан Узбекистана репатриировали из Сирии и Ирака", "figures", UZ_RET, ["531", "156"]),
    Q("последние данные по возвращенцам в Казахстан", "figures", KZ_RET[1:], ["720", "более 600"]),
    Q("сколько вернулось в Кыргызстан в 2021 году", "figures", ["kg-returnees-2021-03-ombudsman"],
      ["79", "Омбудсмен Кыргызстана"]),
    Q("возвращенцы в Таджикистан в 2021 году", **NONE, not_used=["tj-returnees-2019-04-mfa"], says=["2019"]),
    Q("как менялось число возвращенных в Казахстан", "trend", KZ_RET, ["595", "720"]),
    Q("в какой стране больше всего вернувшихся из Сирии", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("общее число возвращенцев по Центральной Азии", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("сколько детей вернули в Казахстан", "figures", ["kz-returned-children-2019-05-mfa"], ["406"],
      not_used=KZ_RET),
    Q("сколько женщин вернулось в Узбекистан", **NONE, not_used=UZ_RET),
    Q("казахстанцы воюют на Украине", **NONE, not_used=FIGHTERS),
    Q("сколько таджикских боевиков в Сирии", "figures", ["tj-fighters-abroad-2017-soufan"], ["1 300"]),
    Q("боевики из ГБАО", "figures", ["tj-fighters-abroad-gbao-2016-local"], ["40"]),
    Q("осужденные за экстремизм в Казахстане в 2018 году", "figures", ["kz-extremism-convictions-2018-gp"],
      ["350", "Генеральная прокуратура Казахстана"], not_used=[KZ_CONV[0], KZ_CONV[2]]),
    Q("сколько осудили за экстремизм в Казахстане в 2017 году", **NONE, not_used=KZ_CONV, says=["2016", "2018"]),
    Q("сколько организаций запрещено в Таджикистане", "figures", ["tj-banned-orgs-2020-gp"], ["29"]),
    Q("сравни запрещенные организации в Казахстане, Кыргызстане и Таджикистане", "comparison", BANNED,
      ["21", "20", "29"]),
    Q("сколько экстремистских сайтов заблокировали в Казахстане", "figures",
      ["kz-blocked-sites-2017-mic", "kz-blocked-sites-2019-mic"], ["470", "690"]),
    Q("динамика терактов в Казахстане", "trend", ["kz-attacks-2011-test", "kz-attacks-2016-test"], ["2011", "2016"]),
    Q("сколько членов Хизб ут-Тахрир в Кыргызстане", "figures", KG_HUT, ["15 000"]),
    Q("сторонники Хизб ут-Тахрир в Ферганской долине", "figures", ["fv-hut-members-2016-test"], ["20 000"]),
    Q("сколько членов Хизб ут-Тахрир в Казахстане", **NONE, not_used=KG_HUT),
    Q("какой закон позволяет лишать гражданства за терроризм в Казахстане", "laws", ["kz-2017-07-11-citizenship"],
      ["лишено гражданства"]),
    Q("закон Узбекистана о противодействии экстремизму", "laws", ["uz-2018-07-30-countering-extremism"],
      ["Шавкат Мирзиёев"]),
    Q("какие законы приняли в Таджикистане в 2020 году", "laws", ["tj-2020-01-02-countering-extremism"],
      ["Эмомали Рахмон"]),
    Q("кто оценил число вернувшихся в Узбекистан", "sources", UZ_RET, ["Gazeta.uz"]),
    Q("откуда цифра 720", ["sources", "figures"], ["kz-returnees-2021-02-knb"], ["Tengri News"]),
    Q("заблокированные сайты в Туркменистане", **NONE),
    Q("сколько боевиков ИГ из Киргизии", "figures", ["kg-fighters-abroad-2017-soufan"], ["600"]),
    Q("теракты в Каракалпакстане", **NONE),
    Q("где больше всего запрещенных организаций", "comparison", BANNED, ["29", "21", "20"]),
    Q("репатриация казахстанцев в 2019 году", "figures", ["kz-returnees-2019-05-mfa"], ["595"],
      not_used=KZ_RET[1:]),
    Q("сколько вернули из Ирака в Таджикистан", "figures", ["tj-returnees-2019-04-mfa"], ["84"]),
    Q("законы о блокировке сайтов", "laws", ["kz-2016-12-22-online-content"], ["без решения суда"]),
    Q("сколько боевиков в Сирии и Ираке", "comparison", FIGHTERS[1:5], ["1 500", "1 300"]),
    Q("лишение гражданства", "laws", ["kz-2017-07-11-citizenship"]),
    Q("сколько казахстанцев вернулось из Сирии в 2020 году", **NONE, not_used=KZ_RET, says=["2019", "2021"]),
    Q("сколько боевиков из Казахстана вернулось", "figures", KZ_RET, ["720"],
      not_used=["kz-returned-children-2019-05-mfa"]),
    Q("Хизб ут-Тахрир в Узбекистане", **NONE, not_used=UZ_RET),
]

KK = [
    Q("Сириядан қанша қазақстандық оралды?", "figures", KZ_RET, ["720", "595"]),
    Q("Қазақстанға қайтарылғандар саны", "figures", KZ_RET, ["720"]),
    Q("Qazaqstanga qaitarylgandar sany", "figures", KZ_RET, ["720"]),
    Q("Өзбекстанға Сириядан қанша адам қайтарылды", "figures", UZ_RET, ["531", "156"]),
    Q("Қазақстанға қайтарылғандар туралы соңғы дерек", "figures", KZ_RET[1:], ["720", "600"]),
    Q("2021 жылы Қырғызстанға қанша адам қайтарылды", "figures", ["kg-returnees-2021-03-ombudsman"], ["79"]),
    Q("Тәжікстанға 2021 жылы қайтарылғандар", **NONE, not_used=["tj-returnees-2019-04-mfa"], says=["2019"]),
    Q("Қазақстанға қайтарылғандар саны қалай өзгерді", "trend", KZ_RET, ["595", "720"]),
    Q("қай елге ең көп адам қайтарылды", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("Орталық Азия бойынша қайтарылғандардың жалпы саны", "comparison", ALL_RET, ["720", "531", "84", "79"]),
    Q("Қазақстанға қанша бала қайтарылды", "figures", ["kz-returned-children-2019-05-mfa"], ["406"],
      not_used=KZ_RET),
    Q("Өзбекстанға қанша әйел оралды", **NONE, not_used=UZ_RET),
    Q("Украинада соғысып жүрген қазақстандықтар", **NONE, not_used=FIGHTERS),
    Q("Тәжікстаннан қанша содыр Сирияға кетті", "figures", ["tj-fighters-abroad-2017-soufan"], ["1 300"]),
    Q("Қазақстандағы тыйым салынған ұйымдар саны", "figures", ["kz-banned-orgs-2021-knb"], ["21"]),
    Q("Тәжікстанда тыйым салынған ұйымдар қанша", "figures", ["tj-banned-orgs-2020-gp"], ["29"]),
    Q("Қазақстан 2014 жылы қандай заң қабылдады?", "laws", ["kz-2014-11-03-extremism-amendments"], ["2014"],
      not_used=["kz-2017-07-11-citizenship", "kz-2016-12-22-online-content"]),
    Q("Qazaqstan 2017 jyly qandai zan qabyldady", "laws", ["kz-2017-07-11-citizenship"], ["азаматтығынан"]),
    Q("азаматтықтан айыру туралы заң", "laws", ["kz-2017-07-11-citizenship"]),
    Q("Қазақстанда бұғатталған экстремистік сайттар", "figures",
      ["kz-blocked-sites-2017-mic", "kz-blocked-sites-2019-mic"], ["470", "690"]),
    Q("Қазақстандағы террорлық актілер", "figures", ["kz-attacks-2011-test", "kz-attacks-2016-test"], ["2011"]),
    Q("Қырғызстандағы Хизб ут-Тахрир мүшелері", "figures", KG_HUT, ["15 000"]),
    Q("Ферғана алқабындағы Хизб ут-Тахрир мүшелері", "figures", ["fv-hut-members-2016-test"], ["20 000"]),
    Q("Қазақстандағы қайтарылғандар санын кім бағалады", "sources", KZ_RET, ["Human Rights Watch", "Kazinform"]),
    Q("Түрікменстанда бұғатталған сайттар", **NONE),
    Q("Kazakstanga qaitarylgandar 2019 jyly", "figures", ["kz-returnees-2019-05-mfa"], ["595"], not_used=KZ_RET[1:]),
    Q("Казакстанга кайтарылгандар 2019 жылы", "figures", ["kz-returnees-2019-05-mfa"], ["595"], not_used=KZ_RET[1:]),
    Q("Өзбекстанның экстремизмге қарсы заңы", "laws", ["uz-2018-07-30-countering-extremism"]),
    Q("ИМ содырлары Қырғызстаннан", "figures", ["kg-fighters-abroad-2017-soufan"], ["600"]),
    Q("Қарақалпақстандағы террорлық актілер", **NONE),
    Q("қазақстандықтар Сириядан оралды", "figures", KZ_RET, ["720"]),
    Q("Қазақстан азаматтығынан айыру", "laws", ["kz-2017-07-11-citizenship"]),
    Q("Qyrgyzstanga qaitarylgandar", "figures", ["kg-returnees-2021-03-ombudsman"], ["79"]),
]

QUESTIONS, IDS = table(EN, RU, KK)


answerer = table_answerer(STORE_FILE, "other-store")


def test_the_table_has_enough_questions_each_once_and_only_known_ids(answerer: Any) -> None:
    assert_sound_table(answerer, (EN, RU, KK), QUESTIONS, minimum=25)


@pytest.mark.parametrize("lang,item", QUESTIONS, ids=IDS)
def test_question(lang: str, item: dict[str, Any], answerer: Any) -> None:
    check_question(answerer, lang, item)


# --- the rules behind some of the table's rows, asserted on the answer itself -----------------

@pytest.mark.parametrize("lang,question", [("en", "latest figure on returnees to Kazakhstan"),
                                           ("ru", "последние данные по возвращенцам в Казахстан"),
                                           ("kk", "Қазақстанға қайтарылғандар туралы соңғы дерек")])
def test_latest_shows_every_estimator_of_the_newest_date(answerer: Any, lang: str, question: str) -> None:
    answer = answerer.ask(question, lang=lang)
    assert {e.id for e in answer.estimates} == {"kz-returnees-2021-02-knb", "kz-returnees-2021-02-hrw"}
    assert [e.id for e in answer.earlier] == ["kz-returnees-2019-05-mfa"]


@pytest.mark.parametrize("lang,question", [("en", "which country brought back the most citizens from Syria"),
                                           ("ru", "в какой стране больше всего вернувшихся из Сирии"),
                                           ("kk", "қай елге ең көп адам қайтарылды")])
def test_most_sorts_the_comparison_by_value_and_says_so(answerer: Any, lang: str, question: str) -> None:
    from bot.answering import render

    answer = answerer.ask(question, lang=lang)
    assert [r.place for r in answer.rows if r.estimates] == ["KZ", "UZ", "TJ", "KG"]
    assert answer.notes, "the reply must say how the rows are ordered"
    note = answer.notes[0].format()
    assert "largest first" in note and note in render(answer, "en", fmt="text")


def test_fewest_sorts_smallest_first(answerer: Any) -> None:
    answer = answerer.ask("which country has the fewest returnees", lang="en")
    assert [r.place for r in answer.rows if r.estimates] == ["KG", "TJ", "UZ", "KZ"]
    assert "smallest first" in answer.notes[0].format()


@pytest.mark.parametrize("lang,question", [("en", "total number of returnees for Central Asia"),
                                           ("ru", "общее число возвращенцев по Центральной Азии"),
                                           ("kk", "Орталық Азия бойынша қайтарылғандардың жалпы саны")])
def test_total_is_never_invented(answerer: Any, lang: str, question: str) -> None:
    from bot.answering import render

    answer = answerer.ask(question, lang=lang)
    text = plain(render(answer, lang, fmt="text"))
    # the sums a careless answer would print: newest per place, or every figure added up
    for invented in ("1414", "1 414", "1,414", "2765", "2 765", "2,765", "1334", "1 334", "1,334"):
        assert invented not in text
    assert any("no total" in n.format() for n in answer.notes)
    assert {r.place for r in answer.rows} == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert [r.estimates for r in answer.rows if r.place == "TM"] == [[]], "Turkmenistan: a 'no data' row"


@pytest.mark.parametrize("lang,question", [("en", "Kazakhs fighting in Ukraine"),
                                           ("ru", "казахстанцы воюют на Украине"),
                                           ("kk", "Украинада соғысып жүрген қазақстандықтар")])
def test_another_war_never_gets_the_syria_figures(answerer: Any, lang: str, question: str) -> None:
    from bot.answering import render

    answer = answerer.ask(question, lang=lang)
    text = render(answer, lang, fmt="text")
    assert not answer.has_figures
    assert "500" not in text and "300" not in text


def test_a_topic_named_place_alone_means_every_place(answerer: Any) -> None:
    """'from Syria' is what the returnees topic is about; it is not a place without figures."""
    answer = answerer.ask("which country brought back the most citizens from Syria", lang="en")
    assert "SY" not in [r.place for r in answer.rows]
    assert answer.kind == "comparison"


@pytest.mark.parametrize("text,place", [("fighters from CA", "central-asia"), ("AQ fighters from Tajikistan", "TJ")])
def test_two_letter_codes_that_are_analysts_words(answerer: Any, text: str, place: str) -> None:
    q = answerer.parse(text)
    assert place in q.places
    assert "CA" not in q.places and "AQ" not in q.places
    assert "MP" not in answerer.parse("an MP from Kyrgyzstan").places


def test_a_ban_counted_is_a_figure_a_ban_enacted_is_a_law(answerer: Any) -> None:
    assert answerer.ask("how many organisations are banned in Tajikistan", lang="en").kind == "figures"
    assert answerer.ask("what did Uzbekistan ban in 2018?", lang="en").kind == "laws"
