"""detect_language: the language of a question from its script, letters and function words."""

import pytest

from bot.understanding import detect_language

CASES = [
    # Kazakh letters
    ("Қазақстан 2014 жылы қандай заң қабылдады?", "kk"),
    ("Қазақстаннан қанша адам ИМ жағында соғысып жүр?", "kk"),
    ("өзбек содырларының саны", "kk"),
    # Kazakh typed on a Russian keyboard (no Kazakh letters)
    ("Казакстаннан канша адам", "kk"),
    ("кыргызстандык содырлар канша", "kk"),
    ("былтыр канша содыр кетти", "kk"),
    ("Германия содырлары", "kk"),
    ("экстремизм туралы заны", "kk"),
    # Kazakh in Latin script
    ("Qazaqstannan qansha adam", "kk"),
    ("Kyrgyzstanda neshe adam bar", "kk"),
    ("zandar ekstremizm Qazaqstan", "kk"),
    ("Ozbekstannan qansha jihadshy bar", "kk"),
    # Russian
    ("Сколько казахстанцев воюет за ИГ?", "ru"),
    ("Казахстан", "ru"),
    ("законы Кыргызстана об экстремизме", "ru"),
    ("боевики из Туркмении", "ru"),
    ("что есть по Ошу?", "ru"),
    # English
    ("How many fighters from Iraq?", "en"),
    ("kazakhstan fighters 2014", "en"),
    ("al-Qaeda in Iraq", "en"),
    ("KZ fighters", "en"),
    ("Qatar", "en"),
    # no letters
    ("😀🔥", None),
    ("2014 250 %", None),
    ("", None),
    ("   \n\t", None),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text, lang", [
    ("сколько fighters из KZ", "ru"), ("KZ fighters сколько?", "ru"), ("қанша fighters KZ-тен", "kk"),
    ("UZ fighters, latest?", "en"), ("what does МВД say", "en"),
])
def test_mixed_input_is_in_the_language_of_its_grammar_words(text, lang):
    from bot.understanding.language import detect_language

    assert detect_language(text) == lang
