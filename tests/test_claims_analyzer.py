"""The claims analyzer: alone, in a pipeline, and on the shared example article."""

from __future__ import annotations

import json
from datetime import date

import pytest

from unspin.analyzers import get_analyzer
from unspin.analyzers.claims import ClaimsAnalyzer
from unspin.model import Article, Severity
from unspin.pipeline import Pipeline

ARTICLE = (
    "Russian troops captured the town of Kupiansk on December 3, a source in the defence ministry said. "
    "The weather was cold. "
    "The city council reported that 40 civilians were killed in the shelling, according to Mayor Ihor Terekhov. "
    "Thank you for reading."
)


class FakeModel:
    """Scores sentences with a digit 0.9, others 0.1."""

    name = "fake"
    threshold = 0.5

    def scores(self, sentences):
        return [0.9 if any(c.isdigit() for c in s) else 0.1 for s in sentences]


def test_registered_with_its_requirements():
    analyzer = get_analyzer("claims", model=FakeModel())
    assert analyzer.name == "claims" and analyzer.requires == ("places", "dates", "sources")


def test_alone_every_sentence_is_scored_and_attribution_is_not_checked(make_context):
    result = ClaimsAnalyzer(model=FakeModel()).analyze(make_context(ARTICLE, "2025-12-12"))
    summary = result.summary
    assert summary["counts"]["sentences"] == 4 and summary["counts"]["claims"] == 2
    assert len(summary["sentences"]) == 4
    assert summary["sources_checked"] == {"places": False, "dates": False, "sources": False}
    assert [c["attribution"]["class"] for c in summary["claims"]] == ["not_checked", "not_checked"]
    assert result.findings == []  # nothing known about sources: nothing to say
    assert [s.label for s in result.spans] == ["claim", "claim"]
    json.dumps(summary)  # JSON-ready


def test_in_a_pipeline_claims_get_places_dates_and_sources():
    pipeline = Pipeline(["places", "dates", "sources", ClaimsAnalyzer(model=FakeModel())])
    analysis = pipeline.analyze(Article(text=ARTICLE), published=date(2025, 12, 12))
    run = analysis.runs["claims"]
    assert run.status == "ran", run.reason
    claims = run.result.summary["claims"]
    assert [c["rank"] for c in claims] == [1, 2]
    first = next(c for c in claims if "Kupiansk" in c["text"])
    assert first["event"] == "capture"
    assert [p["text"] for p in first["places"]] == ["Kupiansk"]
    assert [d["resolved"] for d in first["dates"]] == ["2025-12-03"]
    assert first["attribution"]["class"] in ("unnamed", "anonymous")
    assert first["attribution"]["unnamed_only"] is True
    second = next(c for c in claims if "civilians" in c["text"])
    assert second["event"] == "casualties"
    assert second["attribution"]["unnamed_only"] is False
    findings = [f for f in analysis.findings if f.analyzer == "claims"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.kind == "claims-on-unnamed-sources" and finding.severity == Severity.LOW
    assert finding.evidence[0].label == "claim" and "Kupiansk" in finding.evidence[0].text
    assert any(e.label == "speaker" for e in finding.evidence)
    assert finding.severity.rank <= Severity.MEDIUM.rank
    json.dumps(analysis.to_dict())


def test_threshold_option_and_short_sentences(make_context):
    text = "Prices rose 5%. Inflation reached 9 percent in October, the statistics office said."
    result = ClaimsAnalyzer(model=FakeModel(), threshold=0.95).analyze(make_context(text))
    assert result.summary["counts"]["claims"] == 0 and result.summary["threshold"] == 0.95
    result = ClaimsAnalyzer(model=FakeModel()).analyze(make_context(text))
    # "Prices rose 5%." has three words: too short to list as a claim, though scored
    assert [c["text"][:9] for c in result.summary["claims"]] == ["Inflation"]
    assert result.summary["counts"]["sentences"] == 2


def test_pipeline_refuses_claims_before_its_requirements():
    with pytest.raises(ValueError, match="needs 'places'"):
        Pipeline(["claims"])


@pytest.mark.shared
def test_shipped_model_on_the_example_article(shared_data):
    path = shared_data / "examples" / "farm-rewrite-siversk.txt"
    if not path.is_file():
        pytest.skip("example article not in the shared data")
    pipeline = Pipeline(["places", "dates", "sources", "claims"])
    analysis = pipeline.analyze(Article(text=path.read_text(encoding="utf-8")), published=date(2025, 12, 12))
    claims = analysis.summary("claims")["claims"]
    assert claims, "no check-worthy claim found"
    scores = [c["score"] for c in claims]
    assert scores == sorted(scores, reverse=True)
    severansk = [c for c in claims if any(p["text"] == "Severansk" for p in c["places"])]
    assert any(c["attribution"]["unnamed_only"] for c in severansk), \
        "a claim about Severansk resting on unnamed sources was expected"
    assert any(c["event"] == "capture" for c in severansk)
    findings = [f for f in analysis.findings if f.kind == "claims-on-unnamed-sources"]
    assert len(findings) == 1 and findings[0].severity.rank <= Severity.MEDIUM.rank


def test_without_a_parse_sentences_come_from_punctuation():
    from unspin.analyzers.base import Context

    article = Article(text="Officials said 12 people died. It rained!\nPrices rose 4 percent in May", language="en")
    result = ClaimsAnalyzer(model=FakeModel()).analyze(Context(article=article, doc=None, language="en"))
    sentences = [article.text[s["start"]:s["end"]] for s in result.summary["sentences"]]
    assert sentences == ["Officials said 12 people died.", "It rained!", "Prices rose 4 percent in May"]
    assert [c["rank"] for c in result.summary["claims"]] == [1, 2]
    assert all(c["actors"] == [] and c["event"] == "other" for c in result.summary["claims"])
