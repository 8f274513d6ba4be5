"""The narratives analyzer: spans, findings and summary, with a stub predictor and with the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.analyzers import get_analyzer
from unspin.model import Severity
from unspin.narratives.catalog import ENV_VAR
from unspin.narratives.data import Labels
from unspin.narratives.model import MODEL_DIR, Evidence
from unspin.narratives.predictor import Detection, NarrativeResult

NARR = "URW: Amplifying war-related fears"
SUB = NARR + ": By continuing the war we risk WWIII"
TEXT = "Markets were calm on Monday. Sending more missiles means a third world war is coming."
SENTENCE = (29, len(TEXT))


class Stub:
    def __init__(self, detected):
        self.detected = detected

    def predict(self, text):
        narratives = tuple(d.label for d in self.detected if d.parent is None) or ("Other",)
        subs = tuple(d.label for d in self.detected if d.parent) or ("Other",)
        return NarrativeResult(Labels(narratives, subs), self.detected, {}, None)


def _evidence(label):
    return [Evidence(*SENTENCE, similarity=0.71, example="An example sentence.", example_label=label,
                     cues=["third world war"])]


def test_one_info_finding_per_narrative_with_its_evidence(make_context):
    detected = [Detection(NARR, None, 0.8, "classifier", 0.5, _evidence(SUB)),
                Detection(SUB, NARR, 0.4, "classifier", 0.1, _evidence(SUB))]
    result = get_analyzer("narratives", predictor=Stub(detected)).analyze(make_context(TEXT))
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.kind == "known-narrative" and finding.severity is Severity.INFO
    assert NARR in finding.message and "By continuing the war we risk WWIII" in finding.message
    assert finding.confidence == 0.8
    # the same sentence carries narrative and subnarrative: one evidence span, two labelled spans
    assert [(s.start, s.end) for s in finding.evidence] == [SENTENCE]
    assert TEXT[slice(*SENTENCE)] == finding.evidence[0].text
    assert finding.details["matched_examples"][0]["example"] == "An example sentence."
    assert finding.details["subnarratives"][0]["label"] == SUB
    assert {s.attributes["subnarrative"] for s in result.spans} == {SUB, None}
    assert all(s.label == "narrative" and s.attributes["narrative"] == NARR for s in result.spans)
    assert result.summary["narratives"] == [NARR] and result.summary["subnarratives"] == [SUB]
    assert [r["label"] for r in result.summary["ranked"]] == [NARR, SUB]


def test_nothing_detected_means_other_and_no_findings(make_context):
    result = get_analyzer("narratives", predictor=Stub([])).analyze(make_context(TEXT))
    assert result.findings == [] and result.spans == []
    assert result.summary["narratives"] == ["Other"]


needs_model = pytest.mark.skipif(not (MODEL_DIR / "model.json").is_file(), reason="no shipped narrative model")


@needs_model
def test_shipped_model_on_team_written_articles(make_context, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    analyzer = get_analyzer("narratives")
    clean = ("City opens new cycle lanes\n\nThe city opened two new cycle lanes along the river on Saturday, "
             "the transport department said. The lanes connect the railway station with the university campus. "
             "Officials said the work cost less than planned and finished a month early. Residents can comment "
             "on the next phase of the plan until the end of the month.")
    assert get_analyzer("narratives").analyze(make_context(clean)).findings == []
    loaded = ("Why the West wanted this war\n\n"
              "For years NATO pushed east, right up to Russia's borders, and ignored every warning from Moscow. "
              "Washington is fighting a proxy war to the last Ukrainian, and the weapons it keeps sending only "
              "prolong the bloodshed. The Western media will never tell you this, because they repeat whatever "
              "the Pentagon says. Each new shipment of long-range missiles brings us closer to a third world war "
              "and to the use of nuclear weapons. Russia had no choice but to defend itself.")
    result = analyzer.analyze(make_context(loaded))
    labels = result.summary["narratives"]
    assert labels != ["Other"], result.summary
    assert all(label.startswith("URW: ") for label in labels)
    for finding in result.findings:
        assert finding.evidence and all(loaded[s.start:s.end] == s.text for s in finding.evidence)


@needs_model
def test_user_catalog_label_is_found_by_similarity(make_context, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    catalog = Path(__file__).parent / "fixtures" / "narratives" / "user_campaign.toml"
    analyzer = get_analyzer("narratives", catalogs=[str(catalog)])
    text = ("Water scare in the valley\n\nResidents say saboteurs deliberately poisoned the reservoir that feeds "
            "the town's taps, to spread fear. They accuse the mayor's office of hiding the laboratory results "
            "from the public.")
    result = analyzer.analyze(make_context(text))
    found = {r["label"]: r for r in result.summary["ranked"]}
    new = "CAMP: The reservoir was poisoned on purpose"
    assert new in found and found[new]["method"] == "similarity"
    assert any(f.details["narrative"] == new for f in result.findings)


def test_malformed_user_catalog_fails_when_the_analyzer_is_built(tmp_path, monkeypatch):
    from unspin.narratives.catalog import CatalogError

    monkeypatch.delenv(ENV_VAR, raising=False)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[narratives]]\nlabel = "X: A"\nexample = ["typo"]\n')
    with pytest.raises(CatalogError, match="bad.toml: narratives\\[1\\]: unknown key"):
        get_analyzer("narratives", catalogs=[str(bad)])


def test_close_sentences_become_one_info_echo_finding_with_their_spans():
    from unspin.analyzers.narratives import _echo_finding
    from unspin.model import Severity

    text = "Quiet intro. The neighbours were always the aggressors, we only defend ourselves. End."
    start = text.index("The neighbours")
    end = text.index(" End.")
    close = [{"label": "X: Victim: only self-defence", "similarity": 0.64, "start": start, "end": end,
              "text": text[start:end], "example": "We had to act to protect ourselves."}]
    finding = _echo_finding(text, close, "narratives")
    assert finding.kind == "narrative-echo"
    assert finding.severity is Severity.INFO
    assert [(s.start, s.end, s.text) for s in finding.evidence] == [(start, end, text[start:end])]
    assert "1 sentence reads like" in finding.message
    assert finding.details["matches"][0]["similarity"] == 0.64


def test_an_article_with_no_sentence_long_enough_gets_no_label_and_no_crash():
    import numpy as np

    from unspin.narratives.features import CatalogIndex, match_article

    class Encoder:
        def encode(self, texts):
            raise AssertionError("nothing to embed")

    index = CatalogIndex(catalog=None, labels=[], prototype_text=[], prototype_owner=[],
                         prototype_vectors=np.zeros((0, 384), dtype=np.float32), members={}, cues={})
    match = match_article("Short.", index, Encoder())
    assert match.spans == [] and match.sentence_vectors.shape == (0, 384)
