"""A second round of questions nobody tuned for: analysts' questions in en/ru/kk over a third store
(tests/data/third_store.yaml: a Kyrgyzstan/Tajikistan desk with regions, prisons, repatriated women
and children, attacks, closed mosques, competing fighter counts), asserted like
tests/answering/test_generalisation.py: kind, entries drawn on, facts shown, no figure for what is not there.
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
    table,
    table_answerer,
)

STORE_FILE = Path(__file__).resolve().parents[1] / "data" / "third_store.yaml"

TJ_FF = ["tj-ff-2015-05-mvd", "tj-ff-2015-12-soufan", "tj-ff-2016-01-mvd", "tj-ff-2018-07-icsr"]
KG_FF = ["kg-ff-2015-12-soufan", "kg-ff-2017-03-mvd", "kg-ff-2018-07-icsr"]
OSH, SUGHD, KHATLON = "kg-osh-ff-2016-uvd", "tj-sughd-ff-2016-uvd", "tj-khatlon-ff-2016-police"
KG_PRISON = ["kg-prison-2019-gsin", "kg-prison-2021-gsin"]
TJ_PRISON = ["tj-prison-2020-pri"]
TJ_RWC_NEW = ["tj-rwc-2022-10-mfa", "tj-rwc-2022-10-unicef"]
KG_RWC = ["kg-rwc-2021-03-ombudsman", "kg-rwc-2023-02-mfa"]
TJ_ATT = ["tj-attacks-2018", "tj-attacks-2019"]
BISHKEK_ATT = "kg-bishkek-attacks-2016"
TJ_MOSQ = ["tj-mosques-2016-forum18", "tj-mosques-2017-cra"]
SUGHD_MOSQ = "tj-sughd-mosques-2017-test"
RECRUITED = "tj-recruited-russia-2017-icg"
KG_DRAFT = "kg-2023-draft-reintegration"
KG_OLD_LAW = "kg-2005-08-17-extremist-activity"
TJ_AMNESTY = "tj-2015-criminal-code-401"



FIG_OR_CMP = ["figures", "comparison"]

EN = [
    Q("what does ICSR say about Tajik fighters?", "figures", ["tj-ff-2018-07-icsr"], ["1,750", "ICSR"],
      not_used=TJ_FF[:3]),
    Q("Soufan Group figures on Kyrgyz fighters", "figures", ["kg-ff-2015-12-soufan"], ["500", "Soufan"],
      not_used=KG_FF[1:]),
    Q("what does the Tajik MVD say about fighters", "figures", ["tj-ff-2016-01-mvd", "tj-ff-2015-05-mvd"],
      ["1,100", "500"], not_used=["tj-ff-2015-12-soufan", "tj-ff-2018-07-icsr"]),
    Q("how many fighters from Tajikistan", "figures", TJ_FF, ["1,750", "386", "МВД Таджикистана (ru)"]),
    Q("fighters from Batken", **NONE),
    Q("foreign fighters from Osh region", "figures", [OSH], ["350", "УВД Ошской области"]),
    Q("militants in Sughd", "figures", [SUGHD], ["290"]),
    Q("compare fighters from Sughd and Khatlon", "comparison", [SUGHD, KHATLON], ["290", "410"]),
    Q("what is the range of estimates for Kyrgyz fighters?", "figures", KG_FF, ["700", "860", "863"]),
    Q("how many attacks in 2016", FIG_OR_CMP, [BISHKEK_ATT], ["Bishkek"], not_used=TJ_ATT),
    Q("attacks in Tajikistan in 2017", **NONE, not_used=TJ_ATT, says=["2018", "2019"]),
    Q("terrorist attacks in Tajikistan over the years", "trend", TJ_ATT, ["2018", "2019"]),
    Q("how many mosques were closed in Tajikistan", "figures", TJ_MOSQ,
      ["1,938", "more than 1,500", "Комитет по делам религии Таджикистана"]),
    Q("mosques closed in Sughd", "figures", [SUGHD_MOSQ], ["430"], not_used=TJ_MOSQ),
    Q("how many inmates convicted of extremism in Kyrgyz prisons", "figures", KG_PRISON, ["310", "220", "GSIN"]),
    Q("prison radicalisation in Tajikistan", "figures", TJ_PRISON, ["more than 1,000", "Penal Reform International"]),
    Q("latest figures on women returned to Tajikistan", "figures", TJ_RWC_NEW, ["146", "140", "160", "UNICEF"]),
    Q("how many children were repatriated to Kyrgyzstan", "figures", KG_RWC, ["79", "up to 110"]),
    Q("is there a law on repatriation in Kyrgyzstan?", "laws", [KG_DRAFT], ["draft"]),
    Q("what's the status of the KG draft law on reintegration", "laws", [KG_DRAFT], ["draft"]),
    Q("which Kyrgyz law was repealed", "laws", [KG_OLD_LAW], ["repealed", "Kurmanbek Bakiyev"]),
    Q("how many Kyrgyz fighters in Afghanistan?", **NONE, not_used=KG_FF),
    Q("Tajik law on fighters who come back voluntarily", "laws", [TJ_AMNESTY], ["Emomali Rahmon"]),
    Q("share of Tajik fighters recruited in Russia", "figures", [RECRUITED], ["up to 80"]),
    Q("fighters in the Fergana Valley", "comparison", [OSH, SUGHD], ["350", "290"]),
    Q("compare Kyrgyzstan and Tajikistan on foreign fighters", "comparison",
      ["tj-ff-2018-07-icsr", "kg-ff-2018-07-icsr"], ["1,750"]),
    Q("attacks in Dushanbe", **NONE, not_used=TJ_ATT),
    Q("where does the 1,938 figure come from", ["sources", "figures"], ["tj-mosques-2017-cra"], ["Радио Озоди"]),
    Q("KG fighters", "figures", KG_FF, ["863", "ICSR"]),
    Q("fighters from Bishkek", **NONE, not_used=KG_FF),
    Q("prisoners in Kyrgyzstan in 2020", **NONE, not_used=KG_PRISON, says=["2019", "2021"]),
    Q("what does Forum 18 say about mosques in Tajikistan", "figures", ["tj-mosques-2016-forum18"],
      ["more than 1,500"], not_used=["tj-mosques-2017-cra"]),
    Q("returned women and children by country", "comparison", [*KG_RWC, *TJ_RWC_NEW], ["79", "146"]),
    Q("what do UNICEF figures say on Tajikistan", "figures", ["tj-rwc-2022-10-unicef"], ["140", "160"],
      not_used=["tj-rwc-2022-10-mfa"]),
    Q("Soufan vs ICSR on Kyrgyzstan", "figures", ["kg-ff-2015-12-soufan", "kg-ff-2018-07-icsr"], ["500", "860"],
      not_used=["kg-ff-2017-03-mvd"]),
]

RU = [
    Q("по данным МВД Киргизии сколько боевиков", "figures", ["kg-ff-2017-03-mvd"], ["863"],
      not_used=["kg-ff-2015-12-soufan", "kg-ff-2018-07-icsr"]),
    Q("что говорит ICSR о таджикских боевиках", "figures", ["tj-ff-2018-07-icsr"], ["1 750"], not_used=TJ_FF[:3]),
    Q("сколько боевиков из Таджикистана", "figures", TJ_FF, ["1 750", "МВД Таджикистана", "The Soufan Group (en)"]),
    Q("боевики из Баткена", **NONE),
    Q("боевики из Ошской области", "figures", [OSH], ["350"]),
    Q("сколько боевиков в Согдийской области", "figures", [SUGHD], ["290"]),
    Q("сравни Согд и Хатлон по боевикам", "comparison", [SUGHD, KHATLON], ["290", "410"]),
    Q("сколько терактов было в Таджикистане в 2018 году", "figures", ["tj-attacks-2018"], ["2018"],
      not_used=["tj-attacks-2019"]),
    Q("теракты в Таджикистане в 2017 году", **NONE, not_used=TJ_ATT, says=["2018", "2019"]),
    Q("сколько мечетей закрыли в Таджикистане", "figures", TJ_MOSQ, ["1 938", "более 1 500"]),
    Q("закрытые мечети в Согдийской области", "figures", [SUGHD_MOSQ], ["430"]),
    Q("сколько заключенных осуждено за экстремизм в Кыргызстане", "figures", KG_PRISON, ["310", "220"]),
    Q("радикализация в тюрьмах Таджикистана", "figures", TJ_PRISON, ["более 1 000"]),
    Q("последние данные о женщинах, возвращенных в Таджикистан", "figures", TJ_RWC_NEW, ["146"]),
    Q("сколько детей вернули в Кыргызстан", "figures", KG_RWC, ["79", "до 110"]),
    Q("есть ли закон о репатриации в Кыргызстане", "laws", [KG_DRAFT]),
    Q("статус законопроекта о реинтеграции в Кыргызстане", "laws", [KG_DRAFT]),
    Q("какой закон Кыргызстана утратил силу", "laws", [KG_OLD_LAW], ["Курманбек Бакиев"]),
    Q("сколько киргизских боевиков в Афганистане", **NONE, not_used=KG_FF),
    Q("боевики в Ферганской долине", "comparison", [OSH, SUGHD], ["350", "290"]),
    Q("сравни Кыргызстан и Таджикистан по боевикам", "comparison", ["tj-ff-2018-07-icsr"], ["1 750"]),
    Q("теракты в Бишкеке", "figures", [BISHKEK_ATT], ["2016"]),
    Q("откуда цифра 1938", ["sources", "figures"], ["tj-mosques-2017-cra"], ["Радио Озоди"]),
    Q("доля таджикских боевиков, завербованных в России", "figures", [RECRUITED], ["до 80"]),
    Q("какой разброс оценок по боевикам из Киргизии", "figures", KG_FF, ["700", "860", "863"]),
    Q("сколько женщин и детей вернули в Таджикистан в 2019 году", "figures", ["tj-rwc-2019-04-mfa"], ["84"],
      not_used=TJ_RWC_NEW),
    Q("сколько таджиков завербовали в России", "figures", [RECRUITED], ["до 80"]),
    Q("что говорит Forum 18 о Таджикистане", "figures", ["tj-mosques-2016-forum18"], ["более 1 500"]),
]

KK = [
    Q("қанша мешіт жабылды", FIG_OR_CMP, ["tj-mosques-2017-cra"], ["1 938"]),
    Q("Тәжікстанда қанша мешіт жабылды", "figures", TJ_MOSQ, ["1 938"]),
    Q("Tajikstanda qansha meshit jabyldy", "figures", TJ_MOSQ, ["1 938"]),
    Q("Соғды облысында жабылған мешіттер", "figures", [SUGHD_MOSQ], ["430"]),
    Q("Тәжікстаннан қанша содыр кетті", "figures", TJ_FF, ["1 750"]),
    Q("ICSR бойынша тәжік содырлары", "figures", ["tj-ff-2018-07-icsr"], ["1 750"], not_used=TJ_FF[:3]),
    Q("МВД Киргизии деректері бойынша содырлар саны", "figures", ["kg-ff-2017-03-mvd"], ["863"],
      not_used=["kg-ff-2015-12-soufan", "kg-ff-2018-07-icsr"]),
    Q("Ош облысынан шыққан содырлар", "figures", [OSH], ["350"]),
    Q("Хатлон облысы содырлар", "figures", [KHATLON], ["410"]),
    Q("Баткен облысындағы содырлар", **NONE),
    Q("2018 жылы Тәжікстанда қанша террорлық акт болды", "figures", ["tj-attacks-2018"], ["2018"],
      not_used=["tj-attacks-2019"]),
    Q("2017 жылы Тәжікстандағы террорлық актілер", **NONE, not_used=TJ_ATT, says=["2018"]),
    Q("Бішкектегі террорлық актілер", "figures", [BISHKEK_ATT], ["2016"]),
    Q("Қырғызстанға қанша әйел мен бала қайтарылды", "figures", KG_RWC, ["79"]),
    Q("Тәжікстанға қайтарылған әйелдер туралы соңғы деректер", "figures", TJ_RWC_NEW, ["146"]),
    Q("Қырғызстан түрмелеріндегі экстремистер", "figures", KG_PRISON, ["310"]),
    Q("Қырғызстанда репатриация туралы заң бар ма?", "laws", [KG_DRAFT]),
    Q("Ауғанстандағы қырғыз содырлары", **NONE, not_used=KG_FF),
    Q("Ферғана алқабындағы содырлар", "comparison", [OSH, SUGHD], ["350", "290"]),
    Q("Қырғызстан мен Тәжікстандағы содырларды салыстыр", "comparison", ["tj-ff-2018-07-icsr"], ["1 750"]),
    Q("Тәжікстанның өз еркімен оралған содырлар туралы заңы", "laws", [TJ_AMNESTY]),
    Q("Душанбедегі террорлық актілер", **NONE, not_used=TJ_ATT),
    Q("Тәжікстандағы содырлар туралы МВД Таджикистана не дейді", "figures", ["tj-ff-2016-01-mvd"], ["1 100"],
      not_used=["tj-ff-2015-12-soufan", "tj-ff-2018-07-icsr"]),
    Q("Қырғызстанның күшін жойған заңы", "laws", [KG_OLD_LAW], ["Kurmanbek Bakiyev"]),
    Q("Тәжікстандағы түрмелердегі экстремистер саны", "figures", TJ_PRISON, ["1 000"]),
]

QUESTIONS, IDS = table(EN, RU, KK)


answerer = table_answerer(STORE_FILE, "third-store")


def test_the_table_has_enough_questions_each_once_and_only_known_ids(answerer: Any) -> None:
    assert_sound_table(answerer, (EN, RU, KK), QUESTIONS, minimum=20)


@pytest.mark.parametrize("lang,item", QUESTIONS, ids=IDS)
def test_question(lang: str, item: dict[str, Any], answerer: Any) -> None:
    check_question(answerer, lang, item)


# --- the rules behind some of the table's rows, asserted on the answer itself -----------------

@pytest.mark.parametrize("lang,question,estimator", [
    ("en", "what does ICSR say about Tajik fighters?", "International Centre for the Study of Radicalisation"),
    ("ru", "по данным МВД Киргизии сколько боевиков", "МВД Киргизии"),
    ("en", "what does the Kyrgyz MVD say about fighters", "МВД Киргизии"),
    ("kk", "Soufan Group бойынша қырғыз содырлары", "The Soufan Group"),
])
def test_a_named_estimator_gets_only_its_figures(answerer: Any, lang: str, question: str, estimator: str) -> None:
    from bot.answering import render

    answer = answerer.ask(question, lang=lang)
    assert answer.kind == "figures" and answer.estimates
    for est in answer.estimates:
        assert estimator in " ".join(est.estimator.values())
    assert estimator in render(answer, lang, fmt="text")


def test_an_estimator_without_figures_here_narrows_nothing(answerer: Any) -> None:
    """UNICEF counts repatriated children, not fighters: its name must not empty the answer."""
    answer = answerer.ask("what does UNICEF say about Kyrgyz fighters", lang="en")
    assert {e.id for e in answer.estimates} >= set(KG_FF)


def test_a_country_question_names_its_regions_but_never_shows_their_figures_as_its_own(answerer: Any) -> None:
    from bot.answering import render

    text = render(answerer.ask("how many fighters from Tajikistan", lang="en"), "en", fmt="text")
    assert "410" not in text
    assert "Places within Tajikistan have figures of their own: Khatlon Region" in text
    text = render(answerer.ask("how many fighters from Khatlon", lang="en"), "en", fmt="text")
    assert "410" in text


@pytest.mark.parametrize("lang,question", [("en", "which Kyrgyz law was repealed"),
                                           ("ru", "какой закон Кыргызстана утратил силу")])
def test_a_named_status_picks_the_laws_with_it(answerer: Any, lang: str, question: str) -> None:
    answer = answerer.ask(question, lang=lang)
    assert [hit.law.id for hit in answer.laws] == [KG_OLD_LAW]


@pytest.mark.parametrize("question", ["where does the 1,938 figure come from", "откуда цифра 1938"])
def test_a_figure_that_looks_like_a_year_is_a_figure(answerer: Any, question: str) -> None:
    q = answerer.parse(question)
    assert q.year_from is None and q.year_to is None
    assert [e.id for e in answerer.ask(question, lang="en").estimates] == ["tj-mosques-2017-cra"]


def test_lowercase_codes_and_domains_are_not_places(answerer: Any) -> None:
    assert "KZ" not in answerer.parse("fighters according to tengrinews.kz").places
    assert answerer.parse("Batken region fighters").places == ["KG-B"]
