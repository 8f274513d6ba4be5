"""Russian and Ukrainian date expressions (team-written sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from unspin.dates.slavic import find_dates_slavic
from unspin.model import Article
from unspin.pipeline import Pipeline


def resolved(text: str, published: date, language: str = "ru") -> list[tuple[str, str | None]]:
    return [(m.text, m.start_date.isoformat() if m.start_date else None)
            for m in find_dates_slavic(text, published, language)]


@pytest.mark.parametrize("text, published, language, expected", [
    ("Взрывы прогремели 30 декабря.", date(2026, 1, 5), "ru", [("30 декабря", "2025-12-30")]),
    ("Саммит состоится 20 января.", date(2026, 1, 5), "ru", [("20 января", "2026-01-20")]),
    ("В ночь с 4 на 5 марта беспилотники атаковали нефтебазу.", date(2025, 3, 6), "ru",
     [("В ночь с 4 на 5 марта", "2025-03-05")]),
    ("Обстріл почався у ніч на 2 березня, повідомили вчора.", date(2025, 3, 3), "uk",
     [("у ніч на 2 березня", "2025-03-02"), ("вчора", "2025-03-02")]),
    ("Нараду провели у п'ятницю.", date(2025, 3, 3), "uk", [("у п'ятницю", "2025-02-28")]),
    ("Во вторник пройдут переговоры.", date(2025, 3, 3), "ru", [("Во вторник", "2025-03-04")]),
    ("Данные на 15.03.2024; встреча в 10.05 по Москве.", date(2024, 5, 1), "ru", [("15.03.2024", "2024-03-15")]),
    ("Митинг прошел на улице 8 Марта, в 14:30.", date(2024, 5, 1), "ru", []),
    ("Бои идут уже 12 дней.", date(2024, 5, 1), "ru", []),
    ("С 24 лютого 2022 року триває війна.", date(2024, 5, 1), "uk", [("24 лютого 2022 року", "2022-02-24")]),
    ("Накануне губернатор сообщил об атаке.", date(2024, 6, 1), "ru", [("Накануне", "2024-05-31")]),
    ("Минулого тижня було тихо.", date(2024, 6, 1), "uk", [("Минулого тижня", None)]),
])
def test_expressions_resolve(text, published, language, expected):
    assert resolved(text, published, language) == expected


def test_a_russian_article_gets_dates_and_a_weekday_finding_through_the_pipeline():
    text = ("Во вторник, 10 декабря 2025 года, губернатор Белгородской области сообщил об атаке. "
            "Накануне в городе объявили воздушную тревогу.")
    analysis = Pipeline(["dates"]).analyze(Article(text=text, language="ru", published=date(2025, 12, 15)))
    assert analysis.runs["dates"].status == "ran"
    dates = [s for s in analysis.spans if s.label == "date"]
    assert [s.text for s in dates] == ["Во вторник, 10 декабря 2025 года", "Накануне"]
    mismatch = [f for f in analysis.findings if f.kind == "weekday-mismatch"]
    assert mismatch and "Wednesday" in mismatch[0].message  # 10 December 2025 was a Wednesday


def test_a_future_date_told_in_the_past_is_flagged():
    text = "Глава области заявил, что 20 декабря 2025 года ракета уничтожила склад."
    analysis = Pipeline(["dates"]).analyze(Article(text=text, language="ru", published=date(2025, 12, 1)))
    assert [f.kind for f in analysis.findings] == ["future-date"]
