"""Russian and Ukrainian place mentions: found in any case form, resolved through the Russian
and Ukrainian names, and people, streets, plants and adjectives kept out. Texts written for
these tests."""

from __future__ import annotations

import pytest

from unspin.analyzers.places import analyze_slavic
from unspin.model import Article
from unspin.pipeline import Pipeline

pytest.importorskip("pymorphy3")


def places(text: str, language: str) -> dict[str, str]:
    return {s.text: s.attributes["name"] for s in analyze_slavic(text, language).spans}


def test_inflected_russian_names_meet_their_towns():
    found = places("Под Угледаром и у Новомихайловки идут бои, а в Курахове нет света.", "ru")
    assert found == {"Угледаром": "Vuhledar", "Новомихайловки": "Novomykhailivka", "Курахове": "Kurakhove"}


def test_russian_era_names_are_the_ukrainian_towns():
    found = places("Колонна прошла через Днепропетровск в сторону Артёмовска и Кировограда.", "ru")
    assert found == {"Днепропетровск": "Dnipro", "Артёмовска": "Bakhmut", "Кировограда": "Kropyvnytskyi"}


def test_the_article_geography_chooses_between_namesakes():
    # Северск alone is the larger Seversk in Tomsk Oblast; beside Донецкой области it is Siversk
    near_front = analyze_slavic("Штурмовики продвинулись у Северска в Донецкой области.", "ru").spans
    siberia = analyze_slavic("В Северске Томской области открыли новый каток.", "ru").spans
    assert near_front[0].attributes["name"] == "Siversk"
    assert siberia[0].attributes["name"] == "Seversk"


def test_regions_as_adjectives_and_shchyna_nouns():
    found = places("Над Курской и Брянской областями сбиты дроны; на Запоріжжі тихо.", "ru")
    assert found.get("Брянской областями") == "Bryansk Oblast"
    uk = places("На Сумщині та в Чернігівській області оголосили тривогу.", "uk")
    assert uk == {"Сумщині": "Sumy Oblast", "Чернігівській області": "Chernihiv Oblast"}


def test_multi_word_names_in_oblique_cases():
    assert places("Жители Новой Каховки и Кривого Рога остались без воды.", "ru") == {
        "Новой Каховки": "Nova Kakhovka", "Кривого Рога": "Kryvyi Rih"}
    assert places("Волонтери з Білої Церкви поїхали до Часового Яру.", "uk") == {
        "Білої Церкви": "Bila Tserkva", "Часового Яру": "Chasiv Yar"}


@pytest.mark.parametrize("text,language", [
    ("Блогер Михаил Курский и генерал Сумской выступили на форуме.", "ru"),
    ("Пожар начался на улице Херсонской, сообщили спасатели.", "ru"),
    ("Рабочие «Запорожстали» получили премии.", "ru"),
    ("Київська міська влада та харківські волонтери провели збір.", "uk"),
    ("Олег Полтавський повідомив, що ЗСУ та ОВА готові.", "uk"),
    ("По данным Минобороны, Победа близка, сказал Песков.", "ru"),
])
def test_people_streets_plants_and_adjectives_are_not_places(text, language):
    assert places(text, language) == {}


def test_the_analyzer_runs_on_russian_articles_and_keeps_cyrillic_evidence():
    text = "Мэр Николаева сообщил о взрывах в Очакове. Жители Одессы слышали сирены."
    analysis = Pipeline(["places"]).analyze(Article(text=text, language="ru"))
    spans = [s for s in analysis.spans if s.label == "place"]
    assert {s.text for s in spans} == {"Николаева", "Очакове", "Одессы"}
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert {s.attributes["country"] for s in spans} == {"UA"}
    # the chain of evidence: the form as written, its dictionary form, the spelling looked up
    ochakiv = next(s for s in spans if s.text == "Очакове")
    assert (ochakiv.attributes["dictionary_form"], ochakiv.attributes["name"]) == ("Очаков", "Ochakiv")
    assert ochakiv.attributes["romanised"].isascii()
