"""A small invented corpus with hand-made tracer relations, shared by the corpus-view tests.

Story "Severansk": a Russian origin (wire-ru.example), two English rewrites
(metro-ledger, capital-wire), a verbatim copy of one rewrite (nynews), and an
independent report of the same event (city-herald).
Story "Kalinovka": three English texts on one day with no direction
verdicts, so no origin can be told. One weak rewrite link joins the two
stories; grouping must not chain them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unspin.model import Article

try:  # the tracer's own record when it is there; the same fields otherwise
    from unspin.trace.trace import Relative  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the other component's progress
    @dataclass
    class Relative:  # type: ignore[no-redef]
        article_id: str
        relation: str
        score: float
        direction: str
        lag_hours: float | None
        evidence: dict = field(default_factory=dict)
        aligned: list = field(default_factory=list)
        changes: dict = field(default_factory=dict)


RU_ORIGIN = (
    "Губернатор Северанской области Игорь Ветров сообщил, что мужчина 1948 года рождения пострадал "
    "при атаке дрона в 14:30. Обломки беспилотника повредили подстанцию «Луч» в Северанске. "
    "Без света остались 2113 абонентов. Ранее, 5 декабря, дрон атаковал двор жилого дома, пострадали 12 человек."
)
EN_REWRITE = (
    "Governor Igor Vetrov of the Severansk region said a man born in 1948 was injured in a drone attack. "
    "Debris from the drone damaged the Ray substation in Severansk. "
    "2,113 subscribers were left without electricity. "
    "“We will not be intimidated,” said local resident Maria Petrova, who watched the fire from her balcony. "
    "Earlier, on December 5, a drone struck a residential courtyard, injuring 12 people."
)
EN_REWRITE_2 = (
    "A man born in 1948 was hurt when a drone attacked Severansk at 14:30, regional governor Igor Vetrov reported. "
    "The Luch substation was damaged by falling debris, cutting power to 2113 customers. "
    "On December 5, another drone hit a courtyard in the city."
)
EN_INDEPENDENT = (
    "Severansk's power company said crews restored electricity to most homes on Tuesday after a substation "
    "fire. The company did not say what caused the fire. Repairs are expected to cost 40,000 dollars."
)
KAL_A = ("Residents of Kalinovka reported three explosions on Sunday night. The village head said a barn "
         "burned down and 40 homes lost power. No one was hurt, he said.")
KAL_B = ("Three blasts shook Kalinovka late on Sunday, residents said. A barn was destroyed and 40 houses "
         "were left without power, according to the village head. There were no casualties.")
DISTRACTOR = "The Severansk football club won 2-1 against Northport on Saturday in front of 8,000 fans."


def corpus_articles() -> list[Article]:
    def art(id_, domain, text, published, language, title):
        return Article(text=text, id=id_, url=f"https://{domain}/news/{id_}", domain=domain, title=title,
                       published=published, language=language)

    return [
        art("ru-1", "wire-ru.example", RU_ORIGIN, date(2025, 12, 22), "ru", "Обломки дрона повредили подстанцию"),
        art("en-1", "metro-ledger.example", EN_REWRITE, date(2025, 12, 23), "en",
            "Drone debris damages Severansk substation"),
        art("en-2", "capital-wire.example", EN_REWRITE_2, date(2025, 12, 23), "en", "Severansk substation hit"),
        art("en-3", "www.nynews.example", EN_REWRITE + "\nRead more on NY News.", date(2025, 12, 23), "en",
            "Drone debris damages Severansk substation"),
        art("ind-1", "city-herald.example", EN_INDEPENDENT, date(2025, 12, 23), "en", "Power restored in Severansk"),
        art("k-1", "metro-ledger.example", KAL_A, date(2025, 11, 3), "en", "Explosions in Kalinovka"),
        art("k-2", "capital-wire.example", KAL_B, date(2025, 11, 3), "en", "Blasts shake Kalinovka"),
        art("k-3", "www.nynews.example", KAL_A, date(2025, 11, 3), "en", "Explosions in Kalinovka"),
        art("d-1", "sports.example", DISTRACTOR, date(2025, 12, 20), "en", "Severansk wins"),
    ]


def span(text: str, sentence: str) -> dict[str, Any]:
    start = text.index(sentence)
    return {"start": start, "end": start + len(sentence), "text": sentence}


def aligned(query_text: str, relative_text: str, pairs: list[tuple[str, str, float]]) -> list[dict]:
    return [{"query": span(query_text, q), "relative": span(relative_text, r), "similarity": s}
            for q, r, s in pairs]


EN1_RU1 = [
    ("Governor Igor Vetrov of the Severansk region said a man born in 1948 was injured in a drone attack.",
     "Губернатор Северанской области Игорь Ветров сообщил, что мужчина 1948 года рождения пострадал при атаке "
     "дрона в 14:30.", 0.71),
    ("Debris from the drone damaged the Ray substation in Severansk.",
     "Обломки беспилотника повредили подстанцию «Луч» в Северанске.", 0.64),
    ("2,113 subscribers were left without electricity.", "Без света остались 2113 абонентов.", 0.77),
    ("Earlier, on December 5, a drone struck a residential courtyard, injuring 12 people.",
     "Ранее, 5 декабря, дрон атаковал двор жилого дома, пострадали 12 человек.", 0.69),
]
EN1_CHANGES = {
    "inserted": ["“We will not be intimidated,” said local resident Maria Petrova, who watched the fire from "
                 "her balcony."],
    "removed": [],
    "changed_numbers": [],
    "changed_names": [{"from": "Луч", "to": "Ray"}],
    "invented_quotes": ["We will not be intimidated"],
}


def corpus_relations() -> list[tuple[str, Relative]]:
    """(query id, Relative) records as the tracer would give them (mostly both directions)."""
    arts = {a.id: a for a in corpus_articles()}

    def rel(query, other, relation, score, direction, lag, pairs=None, changes=None, evidence=None):
        return (query, Relative(article_id=other, relation=relation, score=score, direction=direction,
                                lag_hours=lag, evidence=evidence or {"char_tfidf_cosine": score},
                                aligned=aligned(arts[query].text, arts[other].text, pairs or []),
                                changes=changes or {}))

    flip = [(r, q, s) for q, r, s in EN1_RU1]
    return [
        rel("en-1", "ru-1", "cross_language_rewrite", 0.82, "upstream", -24.0, EN1_RU1, EN1_CHANGES,
            {"skeleton_overlap": 0.8, "shared_terms": ["1948", "2113", "5", "12"]}),
        rel("ru-1", "en-1", "cross_language_rewrite", 0.8, "downstream", 24.0, flip),
        rel("en-2", "ru-1", "cross_language_rewrite", 0.74, "upstream", -24.0),
        rel("ru-1", "en-2", "cross_language_rewrite", 0.7, "downstream", 24.0),
        rel("en-3", "ru-1", "cross_language_rewrite", 0.7, "upstream", -24.0),  # one side only
        rel("en-3", "en-1", "copy", 0.97, "unknown", 0.0),
        rel("en-1", "en-3", "copy", 0.97, "unknown", 0.0),
        rel("en-1", "en-2", "rewrite", 0.6, "unknown", 0.0),
        rel("en-2", "en-1", "rewrite", 0.58, "unknown", 0.0),
        rel("ind-1", "ru-1", "independent", 0.6, "unknown", -24.0),
        rel("ind-1", "en-1", "independent", 0.5, "unknown", 0.0),
        # Story two: one day, no direction verdicts.
        rel("k-3", "k-1", "copy", 0.95, "unknown", 0.0),
        rel("k-1", "k-3", "copy", 0.95, "unknown", 0.0),
        rel("k-2", "k-1", "rewrite", 0.7, "unknown", 0.0),
        rel("k-2", "k-3", "rewrite", 0.66, "unknown", 0.0),
        # The weak bridge between the two stories.
        rel("en-2", "k-2", "rewrite", 0.55, "unknown", -1200.0),
    ]


def test_fixture_relations_point_at_fixture_articles():
    ids = {a.id for a in corpus_articles()}
    for query, relative in corpus_relations():
        assert query in ids and relative.article_id in ids
        for pair in relative.aligned:
            assert pair["query"]["text"]
