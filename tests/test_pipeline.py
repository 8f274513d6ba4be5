from datetime import date

import pytest

from unspin.analyzers.base import Analyzer, Context, get_analyzer, registered
from unspin.model import AnalyzerResult, Article, Finding, Severity
from unspin.pipeline import Pipeline


class Boom(Analyzer):
    name = "boom"

    def analyze(self, ctx: Context) -> AnalyzerResult:
        raise RuntimeError("kaput")


class Echo(Analyzer):
    name = "echo"
    requires = ("places",)

    def analyze(self, ctx: Context) -> AnalyzerResult:
        seen = ctx.results["places"]
        return AnalyzerResult(findings=[Finding("echo", Severity.INFO, "seen", [], 1.0)],
                              summary={"places_spans": len(seen.spans), "published": str(ctx.options["published"])})


def test_builtin_analyzers_are_registered():
    assert {"places", "dates", "sources", "techniques"} <= set(registered())
    with pytest.raises(KeyError, match="unknown analyzer"):
        get_analyzer("nonesuch")


def test_requires_is_checked_at_build_time():
    with pytest.raises(ValueError, match="needs 'places'"):
        Pipeline([Echo()])


def test_failing_analyzer_is_recorded_and_others_still_run():
    analysis = Pipeline(["places", Boom(), Echo()]).analyze(
        Article(text="Officials in Kharkiv said the bridge was repaired."), published=date(2025, 12, 12))
    assert analysis.runs["boom"].status == "failed" and "kaput" in analysis.runs["boom"].reason
    assert analysis.runs["echo"].status == "ran"
    assert analysis.summary("echo")["published"] == "2025-12-12"
    assert analysis.findings[0].analyzer == "echo"
    assert analysis.article.metadata["published_from"] == "--published"


def test_article_date_wins_over_published_option():
    article = Article(text="Officials in Kharkiv said the bridge was repaired.", published=date(2024, 5, 1))
    analysis = Pipeline(["places", Echo()]).analyze(article, published=date(2025, 12, 12))
    assert analysis.summary("echo")["published"] == "2024-05-01"


def test_russian_article_is_read_by_every_analyzer_but_techniques():
    text = ("Власти Белгородской области сообщили в четверг о завершении ремонта дороги "
            "между двумя сёлами. Местные жители ранее жаловались на состояние покрытия.")
    analysis = Pipeline().analyze(Article(text=text), published=date(2025, 12, 12))
    assert analysis.article.language == "ru"
    assert analysis.findings == []
    assert analysis.runs["dates"].status == "ran" and analysis.runs["sources"].status == "ran"
    assert [s.attributes["resolved"] for s in analysis.spans if s.label == "date"] == ["2025-12-11"]
    assert analysis.summary("sources")["counts"]["named_organization"] == 1  # "Власти Белгородской области"
    assert analysis.runs["claims"].status == "ran"  # Russian and Ukrainian through the multilingual model
    assert analysis.summary("claims")["model"] == "checkthat2024-usem-lr"
    assert analysis.runs["style"].status == "ran"  # leftovers and clichés in Russian and Ukrainian; none here
    assert analysis.runs["narratives"].status == "ran" and analysis.runs["places"].status == "ran"
    assert {s.attributes["name"] for s in analysis.spans if s.label == "place"} == {"Belgorod Oblast"}
    others = [run for name, run in analysis.runs.items()
              if name not in ("dates", "sources", "claims", "style", "narratives", "places")]
    assert [name for name in analysis.runs if name not in
            ("dates", "sources", "claims", "style", "narratives", "places")] == ["techniques"]
    assert all(run.status == "skipped" and "'ru'" in run.reason for run in others)
