"""The style analyzer: evidence spans, finding severities, the classifier in numpy, quiet on clean copy."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from unspin.analyzers import get_analyzer
from unspin.model import Severity
from unspin.style.classifier import MODEL_FILE, ModelUnavailable, StyleClassifier, load_classifier
from unspin.style.features import extract

REPO = Path(__file__).resolve().parents[1]

WIRE = (
    "Repair crews restored electricity to most of the port city on Thursday after an overnight storm "
    "damaged a substation, the regional governor said. \"About 90 percent of households have power "
    "again,\" he told reporters. The energy ministry said in a statement that a second substation had "
    "also been hit and that repairs there would take until Sunday. Schools stayed closed. Two people "
    "were treated for minor injuries, the hospital said, and both went home the same day. The city "
    "council will meet on Monday to discuss the cost of the damage, a spokeswoman said."
)

REWRITE = (
    "Certainly! Here is a rewritten version of the article. In the shadow of the storm, a new chapter "
    "is unfolding. The significance of the blackout cannot be overstated. It is a stark reminder of "
    "the city's fragile balance, and the tension is palpable. Residents of Kharkiv and Kharkov alike "
    "waited in the dark, calling the crews герои. The world watches."
)


class FakeClassifier:
    name = "fake"
    threshold = 0.5

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def score(self, text, features):
        from unspin.style.classifier import Score

        return Score(self.probability, [("sentence_len_std", 3.0, 1.2), ("fw_said", 0.0, 0.4)], features)


def run(text: str, make_context, probability: float = 0.1):
    return get_analyzer("style", classifier=FakeClassifier(probability)).analyze(make_context(text))


def test_clean_wire_copy_is_quiet(make_context):
    result = run(WIRE, make_context)
    assert result.findings == []
    assert result.summary["cliches"] == 0 and result.summary["probability"] == pytest.approx(0.1)


def test_rewrite_shows_each_kind_of_evidence(make_context):
    result = run(REWRITE, make_context)
    kinds = {f.kind: f for f in result.findings}
    assert kinds["leftover-assistant"].severity is Severity.HIGH
    assert "Certainly! Here is" in kinds["leftover-assistant"].evidence[0].text
    assert kinds["leftover-cyrillic"].severity is Severity.MEDIUM
    assert [s.text for s in kinds["leftover-cyrillic"].evidence] == ["герои"]
    assert kinds["transliteration-mix"].details["pairs"] == ["Kharkov/Kharkiv"]
    cliches = kinds["style-cliches"]
    # one finding for all clichés, every phrase a span
    assert sum(1 for f in result.findings if f.kind == "style-cliches") == 1
    assert {"cannot be overstated", "palpable", "The world watches"} <= {s.text for s in cliches.evidence}
    for span in result.spans:
        assert REWRITE[span.start:span.end] == span.text
    assert "machine-style" not in kinds  # the fake classifier said 0.1


def test_classifier_score_severity_ladder(make_context):
    def severity(p, text=WIRE):
        found = [f for f in run(text, make_context, p).findings if f.kind == "machine-style"]
        return found[0].severity if found else None

    assert severity(0.3) is None
    assert severity(0.6) is Severity.INFO
    assert severity(0.95) is Severity.LOW
    assert severity(0.99) is Severity.LOW  # very high, but nothing backs it up
    assert severity(0.99, REWRITE) is Severity.MEDIUM  # leftovers back it up


def test_short_text_is_not_scored(make_context):
    result = run("Crews restored power on Thursday, officials said.", make_context, 0.99)
    assert result.summary["probability"] is None and "too short" in result.summary["note"]
    assert not [f for f in result.findings if f.kind == "machine-style"]


def test_numpy_inference_matches_coefficients():
    rng = np.random.default_rng(0)
    names = extract(WIRE).names
    spec = {"model": "t", "features": names, "mean": rng.normal(size=len(names)).tolist(),
            "scale": rng.uniform(0.5, 2, size=len(names)).tolist(),
            "coef": rng.normal(scale=0.1, size=len(names)).tolist(), "intercept": -0.3}
    clf = StyleClassifier(spec)
    x = extract(WIRE).values
    z = (x - np.array(spec["mean"])) / np.array(spec["scale"])
    expected = 1 / (1 + math.exp(-(float(z @ np.array(spec["coef"])) - 0.3)))
    scored = clf.score(WIRE)
    assert scored.probability == pytest.approx(expected, rel=1e-9)
    assert sum(c for _, _, c in scored.contributions) - 0.3 == pytest.approx(math.log(expected / (1 - expected)))


def test_malformed_model_is_reported():
    with pytest.raises(ModelUnavailable):
        StyleClassifier({"model": "t", "features": ["a", "b"], "mean": [0], "scale": [1], "coef": [1, 2],
                         "intercept": 0})
    with pytest.raises(ModelUnavailable, match="features this code does not compute"):
        StyleClassifier({"model": "t", "features": ["no_such_feature"], "mean": [0], "scale": [1],
                         "coef": [1], "intercept": 0}).score(WIRE)


@pytest.mark.skipif(not MODEL_FILE.is_file(), reason="no shipped style model")
def test_shipped_model_uses_saved_coefficients_and_has_a_report():
    spec = json.loads(MODEL_FILE.read_text())
    clf = load_classifier()
    x = np.array([dict(zip(extract(WIRE).names, extract(WIRE).values))[n] for n in spec["features"]])
    z = (x - np.array(spec["mean"])) / np.where(np.array(spec["scale"]) == 0, 1, np.array(spec["scale"]))
    expected = 1 / (1 + np.exp(-(z @ np.array(spec["coef"]) + spec["intercept"])))
    assert clf.score(WIRE).probability == pytest.approx(float(expected), rel=1e-9)
    report = json.loads((MODEL_FILE.parent / "train_report.json").read_text())
    assert report["cv_all_rows"] and "StratifiedGroupKFold" in report["split"]


@pytest.mark.skipif(not MODEL_FILE.is_file(), reason="no shipped style model")
def test_example_corpus_control_is_quiet(make_context):
    from unspin.read import read_text_file  # strips the front matter, as `unspin analyze` does

    article = read_text_file(str(REPO / "examples" / "corpus" / "04-wire-control.txt"))
    result = get_analyzer("style").analyze(make_context(article.text))
    assert result.findings == [], [f.message for f in result.findings]


def test_farm_rewrite_shows_cliches(make_context, shared_data):
    path = shared_data / "examples" / "farm-rewrite-siversk.txt"
    if not path.is_file():
        pytest.skip("farm-rewrite example not in shared data")
    text = path.read_text(encoding="utf-8")
    result = get_analyzer("style").analyze(make_context(text))
    cliches = [f for f in result.findings if f.kind == "style-cliches"]
    assert cliches and cliches[0].severity is Severity.LOW
    assert {"cannot be overstated", "palpable", "The world watches"} <= {s.text for s in cliches[0].evidence}


def test_evidence_still_reported_without_a_model(make_context, tmp_path):
    analyzer = get_analyzer("style", model_path=str(tmp_path / "missing.json"))
    result = analyzer.analyze(make_context(REWRITE))
    assert result.summary["probability"] is None and "no style model" in result.summary["note"]
    assert {"leftover-assistant", "style-cliches"} <= {f.kind for f in result.findings}
