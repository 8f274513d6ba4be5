"""The SemEval-2025 Task 10 subtask 2 measure, against values computed by hand."""

from __future__ import annotations

import pytest

from unspin.narratives.metrics import instance_f1, per_label, samples_f1, score

CLASSES = {"A", "B", "C", "Other"}


def test_instance_f1_by_hand():
    # gold {A, B}, predicted {B, C}: 2*1/(2+2) = 0.5
    assert instance_f1(["A", "B"], ["B", "C"], CLASSES) == pytest.approx(0.5)
    # exact match
    assert instance_f1(["A"], ["A"], CLASSES) == 1.0
    # "Other" is an ordinary class: Other vs Other scores 1, Other vs A scores 0
    assert instance_f1(["Other"], ["Other"], CLASSES) == 1.0
    assert instance_f1(["Other"], ["A"], CLASSES) == 0.0
    # labels outside the class list are ignored; an empty side scores 0 (zero_division=0)
    assert instance_f1(["A", "Z"], ["A"], CLASSES) == 1.0
    assert instance_f1(["A"], [], CLASSES) == 0.0
    assert instance_f1(["Z"], ["Z"], CLASSES) == 0.0


def test_samples_f1_mean_and_std_by_hand():
    gold = [["A", "B"], ["Other"], ["C"]]
    pred = [["B", "C"], ["Other"], ["A"]]
    # per article 0.5, 1.0, 0.0 -> mean 0.5, population std sqrt(((0)^2 + 0.5^2 + 0.5^2)/3)
    mean, std = samples_f1(gold, pred, CLASSES)
    assert mean == pytest.approx(0.5)
    assert std == pytest.approx((0.5 / 3) ** 0.5)


def test_samples_f1_rejects_misaligned_rows():
    with pytest.raises(ValueError):
        samples_f1([["A"]], [], CLASSES)


def test_per_label_by_hand():
    gold = [["A", "B"], ["A"], ["C"]]
    pred = [["A"], ["B"], ["C", "A"]]
    table = per_label(gold, pred, ["A", "B", "C"])
    # A: tp 1 (row 1), fp 1 (row 3), fn 1 (row 2) -> P = R = 0.5
    assert table["A"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "predicted": 2}
    # B: tp 0, fp 1, fn 1 -> 0
    assert table["B"]["f1"] == 0.0 and table["B"]["support"] == 1
    assert table["C"]["f1"] == 1.0


def test_score_pairs_by_file_and_counts_missing_predictions():
    gold = {"a.txt": (["A"], ["A: x"]), "b.txt": (["Other"], ["Other"])}
    pred = {"b.txt": (["Other"], ["Other"])}  # a.txt missing, and order differs from gold
    result = score(gold, pred, ["A", "Other"], ["A: x", "A: Other", "Other"])
    assert result["narrative_f1_samples"] == pytest.approx(0.5)
    assert result["subnarrative_f1_samples"] == pytest.approx(0.5)
    assert result["missing_predictions"] == 1
    assert result["articles"] == 2
