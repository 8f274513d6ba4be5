"""Hand-built Analysis objects for the report tests (no analyzers involved),
plus tests of the shared report helpers.

Other test_report* modules import the builders from here.
"""

from __future__ import annotations

from datetime import date

from unspin.model import Analysis, AnalyzerResult, AnalyzerRun, Article, Finding, Severity, Span
from unspin.report.common import evidence_context, format_record, normalize_errors, not_analysed_reason
from unspin.report.tables import source_rows

TEXT = (
    "Officials in Kyiv said on Tuesday, 9 December 2025, that the recent capture of Severansk "
    "is a stark warning. \"We will hold the line,\" said General Olena Marchuk, the regional commander. "
    "She added that the siege had lasted three weeks. A source familiar with the matter claimed "
    "that supplies were short."
)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span(text: str, needle: str, label: str, **attributes) -> Span:
    start, end = find(text, needle)
    return Span.of(text, start, end, label, **attributes)


def part(text: str, needle: str, nth: int = 0) -> dict:
    start, end = find(text, needle, nth)
    return {"start": start, "end": end, "text": needle}


def sources_summary(text: str) -> dict:
    return {
        "attributions": [
            {"id": "a1", "kind": "indirect", "speaker": part(text, "Officials in Kyiv"), "cue": part(text, "said"),
             "content": part(text, "the recent capture of Severansk is a stark warning"),
             "source": {"class": "unnamed_described", "name": None, "role": None,
                        "description": "officials in Kyiv", "refers_to": None, "antecedent": None}},
            {"id": "a2", "kind": "direct", "speaker": part(text, "General Olena Marchuk"),
             "cue": part(text, "said", nth=1),
             "content": part(text, "We will hold the line,"),
             "source": {"class": "named_person", "name": "Olena Marchuk", "role": "regional commander",
                        "description": None, "refers_to": None, "antecedent": None}},
            {"id": "a3", "kind": "indirect", "speaker": part(text, "She"), "cue": part(text, "added"),
             "content": part(text, "the siege had lasted three weeks"),
             "source": {"class": "named_person", "name": "Olena Marchuk", "role": None, "description": None,
                        "refers_to": "a2", "antecedent": part(text, "General Olena Marchuk")}},
            {"id": "a4", "kind": "indirect", "speaker": part(text, "A source familiar with the matter"),
             "cue": part(text, "claimed"), "content": part(text, "supplies were short"),
             "source": {"class": "anonymous", "name": None, "role": None,
                        "description": "a source familiar with the matter", "refers_to": None,
                        "antecedent": None}},
        ],
        "counts": {"named_person": 2, "named_organization": 0, "unnamed_described": 1, "anonymous": 1,
                   "unattributed": 0},
        "distinct_sources": [
            {"key": "officials in kyiv", "class": "unnamed_described", "description": "officials in Kyiv",
             "attributions": ["a1"]},
            {"key": "olena marchuk", "class": "named_person", "name": "Olena Marchuk",
             "attributions": ["a2", "a3"]},
            {"key": "source familiar", "class": "anonymous", "description": "a source familiar with the matter",
             "attributions": ["a4"]},
        ],
        "unnamed_share": 0.5,
    }


def sample_analysis(text: str = TEXT, **article_fields) -> Analysis:
    """An article with findings from three analyzers, overlapping spans and a sources summary."""
    fields = {"id": "art-1", "title": "Front line report", "url": "https://news.example/front",
              "source": "corpus/front.txt", "published": date(2025, 12, 12), "language": "en",
              "metadata": {"published_from": "--published"}}
    fields.update(article_fields)
    article = Article(text=text, **fields)
    place = span(text, "Severansk", "place")
    unknown_place = Finding(
        "unknown-place", Severity.HIGH, "'Severansk' is not a known place; did you mean Siversk?",
        [place], 0.82, "places",
        {"suggestions": [
            {"name": "Siversk", "admin1": "Donetsk Oblast", "country": "UA", "score": 0.91},
            {"name": "Sievierodonetsk", "admin1": "Luhansk Oblast", "country": "UA", "score": 0.64}]})
    weekday = Finding(
        "weekday-mismatch", Severity.MEDIUM, "9 December 2025 was a Tuesday? It was a Tuesday; check.",
        [span(text, "Tuesday, 9 December 2025", "date")], 0.7, "dates",
        {"stated_weekday": "Tuesday", "actual_weekday": "Tuesday", "date": "2025-12-09"})
    duration = Finding(
        "duration-mismatch", Severity.LOW, "'three weeks' does not match the 19 days between the dates.",
        [span(text, "three weeks", "duration")], 0.55, "dates",
        {"stated_days": 21, "computed_days": 19})
    # Overlaps the quote span and the unknown-place evidence: "capture of Severansk".
    capture = Finding(
        "loaded-term", Severity.INFO, "'capture' frames the event.", [span(text, "capture of Severansk", "term")],
        0.4, "techniques", {})
    anonymous = Finding(
        "anonymous-source", Severity.MEDIUM, "The claim rests on 'A source familiar with the matter'.",
        [span(text, "A source familiar with the matter", "speaker")], 0.8, "sources", {"attribution": "a4"})
    runs = {
        "places": AnalyzerRun("places", "ran", None, AnalyzerResult(
            spans=[place, span(text, "Kyiv", "place")], findings=[unknown_place], summary={"places": 2})),
        "dates": AnalyzerRun("dates", "ran", None, AnalyzerResult(
            spans=[span(text, "Tuesday, 9 December 2025", "date"), span(text, "three weeks", "duration")],
            findings=[weekday, duration])),
        "sources": AnalyzerRun("sources", "ran", None, AnalyzerResult(
            spans=[span(text, "that the recent capture of Severansk is a stark warning", "quote"),
                   span(text, "Officials in Kyiv", "speaker"), span(text, "said", "cue")],
            findings=[anonymous], summary=sources_summary(text))),
        "techniques": AnalyzerRun("techniques", "ran", None, AnalyzerResult(
            findings=[capture], summary={"counts": {"loaded-term": 1}, "density": 0.25})),
    }
    return Analysis(article, runs, unspin_version="0.1.0")


def skipped_analysis() -> Analysis:
    article = Article(text="Der Bürgermeister sagte am Montag, die Brücke sei gesperrt.", id="de-1",
                      title="Brücke gesperrt", language="de", source="corpus/de.txt")
    runs = {name: AnalyzerRun(name, "skipped", "language 'de' is not supported by this analyzer")
            for name in ("places", "dates", "sources")}
    return Analysis(article, runs, unspin_version="0.1.0")


# ------------------------------------------------------------ helper tests

def test_evidence_context_marks_cuts_with_ellipsis():
    analysis = sample_analysis()
    place = analysis.runs["places"].result.spans[0]
    before, inner, after = evidence_context(analysis.article.text, place, width=25)
    assert inner == "Severansk"
    assert before.startswith("…") and before.endswith("recent capture of ")
    assert after.endswith("…") and after.startswith(" is a stark")


def test_format_record_reads_like_a_place():
    assert format_record({"name": "Siversk", "admin1": "Donetsk Oblast", "country": "UA",
                          "score": 0.912}) == "Siversk (Donetsk Oblast, UA) 0.91"


def test_source_rows_resolve_back_references():
    rows = {row.id: row for row in source_rows(sample_analysis())}
    assert rows["a3"].speaker == "She"
    assert rows["a3"].resolved == "→ General Olena Marchuk (a2)"
    assert rows["a1"].source_class == "unnamed (described)"
    assert rows["a2"].role == "regional commander"


def test_normalize_errors_accepts_many_shapes():
    class ReadError(Exception):  # the readers' error is an exception carrying source and reason
        def __init__(self, source: str, reason: str) -> None:
            super().__init__(source, reason)
            self.source, self.reason = source, reason

    errors = normalize_errors([{"source": "a.txt", "reason": "empty"}, ("c.csv:4", "bad row"), ReadError("b.warc#3", "no text"),
                               FileNotFoundError(2, "No such file", "d.txt")])
    assert errors[0] == {"source": "a.txt", "reason": "empty"}
    assert errors[1] == {"source": "c.csv:4", "reason": "bad row"}
    assert errors[2] == {"source": "b.warc#3", "reason": "no text"}
    assert errors[3]["source"] == "d.txt" and "FileNotFoundError" in errors[3]["reason"]


def test_not_analysed_reason_names_the_language():
    assert not_analysed_reason(skipped_analysis()) == "language de"
    assert not_analysed_reason(sample_analysis()) is None
