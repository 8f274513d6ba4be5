"""Claim structure (event, actors, places, dates, attribution) from a parse and fake analyzer results."""

from __future__ import annotations

from unspin.claims.events import EVENT_TYPES, match_tokens, primary_event
from unspin.claims.structure import article_evidence, attribution_of, structure
from unspin.model import AnalyzerResult, Span

TEXT = ("The capture of Novoselivka was confirmed on March 3, a local official said. "
        "Snow began to fall over the town. "
        "The army lost 300 tanks, according to General Anna Petrenko.")


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def fake_results(text: str = TEXT) -> dict[str, AnalyzerResult]:
    place = _find(text, "Novoselivka")
    date = _find(text, "March 3")
    places = AnalyzerResult(spans=[Span.of(text, *place, "place", status="unknown",
                                           suggestion="Novoselivka (Kharkiv Oblast, UA)")])
    dates = AnalyzerResult(spans=[Span.of(text, *date, "date", resolved="2025-03-03", granularity="day")])

    def part(needle: str) -> dict:
        start, end = _find(text, needle)
        return {"start": start, "end": end, "text": needle}

    attributions = [
        {"id": "a1", "kind": "indirect", "speaker": part("a local official"), "cue": part("said"),
         "content": part("The capture of Novoselivka was confirmed on March 3"),
         "source": {"class": "unnamed_described", "name": None, "description": "a local official"}},
        {"id": "a2", "kind": "indirect", "speaker": part("General Anna Petrenko"), "cue": part("according to"),
         "content": part("The army lost 300 tanks"),
         "source": {"class": "named_person", "name": "Anna Petrenko", "description": None}},
    ]
    sources = AnalyzerResult(
        spans=[Span.of(text, *_find(text, "a local official"), "speaker", attribution="a1", vague=False)],
        summary={"attributions": attributions})
    return {"places": places, "dates": dates, "sources": sources}


def _sentences(nlp, text=TEXT):
    return list(nlp(text).sents)


def test_event_lexicon_tells_a_capture_from_falling_snow(nlp):
    first, second, third = _sentences(nlp)
    assert primary_event(match_tokens(first)).event == "capture"
    assert primary_event(match_tokens(second)) is None  # "fall" as a verb is weather, not a capture
    assert primary_event(match_tokens(third)).event == "casualties"  # "lost 300 tanks"; "according to" is no accord
    assert set(EVENT_TYPES) >= {"capture", "attack", "casualties", "report", "statement", "other"}


def test_structure_links_places_dates_and_an_unnamed_source(nlp):
    first = _sentences(nlp)[0]
    evidence = article_evidence(fake_results())
    record = structure(evidence, first.start_char, first.end_char, first)
    assert record["event"] == "capture" and record["event_trigger"] == "capture"
    assert [p["text"] for p in record["places"]] == ["Novoselivka"]
    assert record["places"][0]["status"] == "unknown"
    assert [(d["text"], d["resolved"]) for d in record["dates"]] == [("March 3", "2025-03-03")]
    attribution = record["attribution"]
    assert attribution["class"] == "unnamed" and attribution["who"] == "a local official"
    assert attribution["attribution"] == "a1" and attribution["unnamed_only"] is True


def test_structure_with_a_named_source_is_not_unnamed_only(nlp):
    third = _sentences(nlp)[2]
    record = structure(article_evidence(fake_results()), third.start_char, third.end_char, third)
    assert record["attribution"]["class"] == "named"
    assert record["attribution"]["who"] == "Anna Petrenko" and record["attribution"]["unnamed_only"] is False
    assert record["places"] == [] and record["dates"] == []
    assert any(a["role"] == "subject" and a["text"] == "The army" for a in record["actors"])
    assert any(a["text"] == "Anna Petrenko" and a["label"] == "PERSON" for a in record["actors"])


def test_sentence_without_attribution_is_unattributed(nlp):
    second = _sentences(nlp)[1]
    attribution = attribution_of(article_evidence(fake_results()), second.start_char, second.end_char)
    assert attribution["class"] == "unattributed" and attribution["unnamed_only"] is False


def test_vague_speaker_is_its_own_class(nlp):
    results = fake_results()
    results["sources"].spans[0].attributes["vague"] = True
    first = _sentences(nlp)[0]
    attribution = attribution_of(article_evidence(results), first.start_char, first.end_char)
    assert attribution["class"] == "vague" and attribution["unnamed_only"] is True


def test_without_earlier_analyzers_everything_is_empty_and_not_checked(nlp):
    first = _sentences(nlp)[0]
    evidence = article_evidence({})
    assert evidence.checked == {"places": False, "dates": False, "sources": False}
    record = structure(evidence, first.start_char, first.end_char, first)
    assert record["places"] == [] and record["dates"] == []
    assert record["attribution"]["class"] == "not_checked" and record["attribution"]["unnamed_only"] is False
    assert record["event"] == "capture"  # the parse alone still gives the event and actors


def test_orphaned_closing_quote_is_not_part_of_the_next_sentence():
    from unspin.claims.scoring import _trimmed

    text = 'He said it "changes everything."\n" Officials said more troops were coming.'
    start = text.index('"\n')
    s, e = _trimmed(text, start, len(text))
    assert text[s:e] == "Officials said more troops were coming."
    opening = '"We will win," he said.'
    assert _trimmed(opening, 0, len(opening)) == (0, len(opening))
