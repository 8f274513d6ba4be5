from datetime import date

from unspin.model import Analysis, AnalyzerResult, AnalyzerRun, Article, Finding, Severity, Span


def test_article_gets_stable_content_id():
    a, b = Article(text="Same words."), Article(text="Same words.")
    assert a.id == b.id and len(a.id) == 16
    assert Article(text="Other words.").id != a.id


def test_span_of_takes_exact_text():
    text = "Line one\r\nthe town of Siversk"
    span = Span.of(text, 22, 29, "place", status="known")
    assert span.text == "Siversk" and span.attributes == {"status": "known"}


def test_findings_sorted_by_severity_then_confidence():
    article = Article(text="abc def", published=date(2025, 12, 12))
    low = Finding("x", Severity.LOW, "low", [Span.of(article.text, 0, 3, "e")], 0.9)
    high = Finding("y", Severity.HIGH, "high", [Span.of(article.text, 4, 7, "e")], 0.5)
    high2 = Finding("z", Severity.HIGH, "high2", [], 0.8)
    analysis = Analysis(article, runs={"a": AnalyzerRun("a", "ran", None, AnalyzerResult(findings=[low, high, high2]))})
    assert [f.kind for f in analysis.findings] == ["z", "y", "x"]


def test_analysis_round_trips_through_dict():
    article = Article(text="Kyiv said so.", url="https://x.example/a", published=date(2025, 1, 2))
    span = Span.of(article.text, 0, 4, "place", status="known")
    finding = Finding("unknown-place", Severity.MEDIUM, "m", [span], 0.7, analyzer="places",
                      details={"suggestions": [{"name": "Kyiv"}]})
    analysis = Analysis(article, runs={"places": AnalyzerRun("places", "ran", None,
                                                             AnalyzerResult([span], [finding], {"n": 1}))})
    again = Analysis.from_dict(analysis.to_dict())
    assert again.to_dict() == analysis.to_dict()
    assert again.article.published == date(2025, 1, 2)
