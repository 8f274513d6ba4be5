"""``unspin eval techniques`` and ``evaluate`` with stub predictors on hand-written articles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import unspin.techniques
from unspin.cli import main
from unspin.evals.techniques import evaluate
from unspin.techniques import PredictorMissing
from unspin.techniques.data import read_articles, read_labels

A1 = "They are traitors!\r\nThe cowards ran."   # traitors 9-17, cowards 24-31
A2 = "Nothing to see here."


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "article1.txt").write_bytes(A1.encode())
    (tmp_path / "article2.txt").write_bytes(A2.encode())
    (tmp_path / "labels.tsv").write_text(
        "1\tName_Calling-Labeling\t9\t17\n1\tLoaded_Language\t24\t31\n1\tStraw_Man\t0\t4\n")
    return tmp_path


class Stub:
    """Predicts 'traitors' right, 'cowards' with the wrong technique, and one technique 2020 lacks."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def predict_spans(self, text: str) -> list[tuple[str, int, int, float]]:
        self.texts.append(text)
        if text != A1:
            return []
        return [("Name_Calling-Labeling", 9, 17, 0.9), ("Doubt", 24, 31, 0.6),
                ("Appeal_to_Values", 0, 4, 0.5)]


def test_evaluate_scores_a_stub_predictor(corpus):
    articles, labels = read_articles(corpus), read_labels(corpus / "labels.tsv")
    stub = Stub()
    result, predicted = evaluate(articles, labels, predict=stub.predict_spans)
    assert stub.texts == [A1, A2]  # every article, as stored (\r kept)
    assert result["si"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    # largest overlap: traitors -> Name_Calling (right), cowards -> Doubt, "They" -> Appeal_to_Values
    assert result["tc"]["correct"] == 1 and result["tc"]["micro_f1"] == pytest.approx(0.3333)
    assert result["per_technique"]["Name_Calling-Labeling"]["f1"] == 1.0
    assert result["per_technique"]["Loaded_Language"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}
    assert len(result["span_micro_f1_per_label"]) == 23
    assert result["counts"]["articles"] == 2 and result["tc_method"] == "largest_overlap"
    assert len(predicted) == 3


def test_evaluate_maps_to_ptc2020_and_drops_unmappable(corpus):
    articles = read_articles(corpus)
    (corpus / "ptc.tsv").write_text("1\tName_Calling,Labeling\t9\t17\n1\tWhataboutism,Straw_Men,Red_Herring\t0\t4\n")
    labels = read_labels(corpus / "ptc.tsv")

    def classify(text: str, spans: list[tuple[int, int]]) -> list[str]:
        return ["Name_Calling-Labeling" if start == 9 else "Straw_Man" for start, _ in spans]

    result, predicted = evaluate(articles, labels, predict=Stub().predict_spans, classify=classify,
                                 taxonomy="ptc2020")
    assert result["counts"]["predictions_dropped_unmapped"] == 1  # Appeal_to_Values
    assert {s.technique for s in predicted} == {"Name_Calling,Labeling", "Doubt"}
    assert result["tc"]["micro_f1"] == 1.0 and result["tc_method"] == "classify_spans"
    assert "span_micro_f1_per_label" not in result


def test_gold_spans_mode_never_runs_span_prediction(corpus):
    articles, labels = read_articles(corpus), read_labels(corpus / "labels.tsv")

    def predict(text: str) -> list:
        raise AssertionError("predict_spans called in TC-only mode")

    result, _ = evaluate(articles, labels, predict=predict, classify=lambda t, s: ["Loaded_Language"] * len(s),
                         tc_only=True)
    assert set(result) >= {"tc", "counts"} and "si" not in result
    assert result["tc"]["correct"] == 1


def test_cli_prints_json_and_writes_predictions(corpus, monkeypatch, capsys):
    monkeypatch.setattr(unspin.techniques, "predictor", lambda: Stub())
    out = corpus / "pred.tsv"
    code = main(["eval", "techniques", "--articles", str(corpus), "--labels", str(corpus / "labels.tsv"),
                 "--predictions", str(out)])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["si"]["f1"] == 1.0 and result["layout"] == "tc"
    assert out.read_text().splitlines()[0] == "1\tName_Calling-Labeling\t9\t17"


def test_cli_reports_bad_labels_with_file_and_line(corpus, monkeypatch, capsys):
    monkeypatch.setattr(unspin.techniques, "predictor", lambda: Stub())
    (corpus / "bad.tsv").write_text("1\tDoubt\t0\t4\n1\tDoubt\t30\t400\n")
    code = main(["eval", "techniques", "--articles", str(corpus), "--labels", str(corpus / "bad.tsv")])
    assert code == 1
    assert f"{corpus / 'bad.tsv'}:2: span 30-400 is outside article 1" in capsys.readouterr().err


def test_missing_model_module_is_a_clear_error(corpus, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "unspin.techniques.model", None)
    monkeypatch.delattr(unspin.techniques, "model", raising=False)
    with pytest.raises(PredictorMissing, match="model.py is missing"):
        unspin.techniques.predictor()
    code = main(["eval", "techniques", "--articles", str(corpus), "--labels", str(corpus / "labels.tsv")])
    assert code == 1
    assert "cannot load the technique model" in capsys.readouterr().err
