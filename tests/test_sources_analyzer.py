"""The sources analyzer through the analyzer contract: summary layout,
counts, spans and findings; plus the shared example article."""

from __future__ import annotations

import json

import pytest

from unspin.analyzers import get_analyzer
from unspin.model import Severity
from unspin.sources.lexicon import lexicon

UNNAMED_TEXT = (
    "‘The dam will not hold another week,’ a local engineer said. "
    "Sources said the repairs had been delayed. "
    "Critics argue that the budget was spent elsewhere. "
    "The ministry of water of Ruritania said the dam was safe.\n"
    "‘Nobody ever told us anything about the danger.’\n"
)


@pytest.fixture(scope="module")
def analyze(make_context):
    analyzer = get_analyzer("sources")
    return lambda text: analyzer.analyze(make_context(text))


def test_summary_layout_and_counts(analyze):
    result = analyze(UNNAMED_TEXT)
    summary = result.summary
    json.dumps(summary)  # must be JSON-serialisable
    assert set(summary) == {"attributions", "counts", "distinct_sources", "unnamed_share", "references"}
    assert summary["counts"] == {"named_person": 0, "named_organization": 1, "unnamed_described": 2,
                                 "anonymous": 1, "unattributed": 1}
    assert summary["unnamed_share"] == pytest.approx(4 / 5, abs=1e-3)
    first = summary["attributions"][0]
    assert set(first) == {"id", "kind", "speaker", "speaker_detail", "cue", "content", "source"}
    assert set(first["source"]) == {"class", "name", "role", "description", "refers_to", "antecedent"}
    assert [d["class"] for d in summary["distinct_sources"]] == [
        "unnamed_described", "anonymous", "unnamed_described", "named_organization", "unattributed"]
    assert all(("name" in d) != ("description" in d) for d in summary["distinct_sources"])


def test_spans_link_to_attributions(analyze):
    result = analyze(UNNAMED_TEXT)
    ids = {a["id"] for a in result.summary["attributions"]}
    labels = {s.label for s in result.spans}
    assert labels == {"quote", "speaker", "cue"}
    for span in result.spans:
        assert span.attributes["attribution"] in ids
        assert UNNAMED_TEXT[span.start:span.end] == span.text


def test_findings_for_unnamed_anonymous_and_unattributed(analyze):
    findings = analyze(UNNAMED_TEXT).findings
    kinds = [f.kind for f in findings]
    assert kinds.count("unnamed-sourcing") == 1
    assert kinds.count("anonymous-source") == 1
    assert kinds.count("unattributed-quote") == 1
    overall = next(f for f in findings if f.kind == "unnamed-sourcing")
    assert overall.severity is Severity.MEDIUM  # one named organisation
    assert overall.details["claims"] == 4 and overall.details["unnamed_claims"] == 3
    assert {e.text for e in overall.evidence} == {"a local engineer", "Sources", "Critics"}
    anonymous = next(f for f in findings if f.kind == "anonymous-source")
    assert anonymous.severity is Severity.LOW and "Sources said" in anonymous.message


def test_no_named_source_at_all_is_high(analyze):
    text = ("A resident said the water was brown. Sources said the plant had failed. "
            "Experts warn that the pipes are old.")
    overall = next(f for f in analyze(text).findings if f.kind == "unnamed-sourcing")
    assert overall.severity is Severity.HIGH


def test_named_sourcing_gets_no_unnamed_finding(analyze):
    text = ("Mayor Anna Kowalski said the water was clean. TASS confirmed the test results. "
            "Kowalski added that the plant would be inspected.")
    result = analyze(text)
    assert not [f for f in result.findings if f.kind == "unnamed-sourcing"]
    assert result.summary["unnamed_share"] == 0.0


def test_text_without_attributions(analyze):
    result = analyze("The river froze early this year.")
    assert result.summary["attributions"] == [] and result.findings == []
    assert result.summary["unnamed_share"] == 0.0


def test_word_lists_load():
    lex = lexicon()
    assert lex.cue_lemma("say", "said") == "say"
    assert lex.roles["serviceman"].group == lex.roles["soldier"].group
    assert lex.is_organization("TASS") and not lex.is_organization("who")


# --- the shared example ----------------------------------------------------------------------

EXAMPLE = "examples/farm-rewrite-siversk.txt"


@pytest.fixture(scope="module")
def example(shared_data, analyze):
    path = shared_data / EXAMPLE
    if not path.is_file():
        pytest.skip(f"{path} not found")
    text = path.read_text(encoding="utf-8")
    return text, analyze(text)


def _by_speaker(summary: dict, words: str) -> list[dict]:
    return [a for a in summary["attributions"] if a["speaker"] and words in a["speaker"]["text"].lower()]


@pytest.mark.shared
def test_example_unnamed_sources(example):
    _, result = example
    summary = result.summary
    unnamed = [d for d in summary["distinct_sources"] if d["class"] == "unnamed_described"]
    descriptions = " | ".join(d["description"].lower() for d in unnamed)
    for who in ("serviceman", "cossack leader", "senior kremlin advisor", "military analyst based in moscow"):
        assert who in descriptions
    assert len(unnamed) >= 4


@pytest.mark.shared
def test_example_back_references(example):
    _, result = example
    summary = result.summary
    serviceman = _by_speaker(summary, "serviceman")[0]
    soldier = _by_speaker(summary, "soldier")[0]
    assert soldier["source"]["refers_to"] == serviceman["id"]
    assert "serviceman" in soldier["source"]["antecedent"]["text"].lower()
    analyst = _by_speaker(summary, "military analyst")[0]
    later = _by_speaker(summary, "the analyst")[0]
    assert later["source"]["refers_to"] == analyst["id"]


@pytest.mark.shared
def test_example_no_unnamed_speaker_quote_is_named(example):
    _, result = example
    summary = result.summary
    chains = {}
    for a in summary["attributions"]:
        chains.setdefault(a["source"]["refers_to"] or a["id"], []).append(a)
    for who in ("serviceman", "cossack leader", "kremlin advisor", "military analyst"):
        first = _by_speaker(summary, who)[0]
        for a in chains[first["id"]]:
            assert a["source"]["class"] == "unnamed_described", a
            assert a["source"]["name"] is None


@pytest.mark.shared
def test_example_gerasimov_is_named_with_role(example):
    text, result = example
    described = [a for a in result.summary["attributions"] if a["cue"] and a["cue"]["text"].startswith("described")]
    assert described and described[0]["source"]["class"] == "named_person"
    assert "Gerasimov" in described[0]["source"]["name"] and described[0]["source"]["role"] == "General"


@pytest.mark.shared
def test_example_findings(example):
    _, result = example
    overall = [f for f in result.findings if f.kind == "unnamed-sourcing"]
    assert len(overall) == 1 and overall[0].severity in (Severity.MEDIUM, Severity.HIGH)
    assert overall[0].details["unnamed_share"] > 0.5
    assert not [f for f in result.findings if f.kind == "unattributed-quote"]
