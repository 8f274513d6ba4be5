"""Russian and Ukrainian attributions (team-written sentences)."""

from __future__ import annotations

import pytest

from unspin.model import Article
from unspin.pipeline import Pipeline
from unspin.sources.slavic import find_attributions_slavic


def found(text: str, language: str = "ru") -> list[tuple[str, str, str]]:
    return [(text[a.cue.start:a.cue.end] if a.cue else "", a.source.cls, text[a.content.start:a.content.end])
            for a in find_attributions_slavic(text, language)]


@pytest.mark.parametrize("text, language, expected", [
    ("Мэр Курска Андрей Белов заявил, что отопление восстановят к вечеру.", "ru",
     [("заявил", "named_person", "отопление восстановят к вечеру")]),
    ("По словам местных жителей, обстрел длился около часа.", "ru",
     [("По словам", "unnamed_described", "обстрел длился около часа")]),
    ("«Ситуация под контролем», — сообщил источник в оборонном ведомстве.", "ru",
     [("сообщил", "anonymous", "Ситуация под контролем")]),
    ("Сообщается, что в районе вокзала слышали взрывы.", "ru",
     [("Сообщается", "unattributed", "в районе вокзала слышали взрывы")]),
    ("Голова громади Олена Ткач повідомила, що школу відновлять до осені.", "uk",
     [("повідомила", "named_person", "школу відновлять до осені")]),
    ("За даними джерела в СБУ, затримано двох агентів.", "uk",
     [("За даними", "anonymous", "затримано двох агентів")]),
    ("Сообщение о взрыве не подтвердилось.", "ru", []),
])
def test_attributions_and_classes(text, language, expected):
    assert found(text, language) == expected


def test_a_pronoun_joins_the_anonymous_source_it_points_back_to():
    text = ("Источник в силовых структурах сообщил агентству, что атака была массированной. "
            "«Мы готовы к любому развитию событий», — подчеркнул он.")
    analysis = Pipeline(["sources"]).analyze(Article(text=text, language="ru"))
    summary = analysis.summary("sources")
    assert summary["counts"]["anonymous"] == 2
    assert [f.kind for f in analysis.findings] == ["anonymous-source"]  # one source, one finding
    assert not [f for f in analysis.findings if f.kind == "unnamed-sourcing"]  # withheld for ru/uk
