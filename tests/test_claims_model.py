"""The check-worthiness scorer: featurizer, numpy inference, and the shipped files."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from unspin.claims.features import block_terms, char_terms, idf_from_df, weigh, word_terms
from unspin.claims.model import MODEL_DIR, CheckworthinessModel, load_model, shared_model
from unspin.claims.probes import PROBE_SENTENCES


def test_word_and_char_terms():
    assert word_terms("The  ARMY lost") == ["w:the", "w:army", "w:lost", "w:the army", "w:army lost"]
    assert char_terms("Ab") == ["c: a", "c:ab", "c:b ", "c: ab", "c:ab ", "c: ab "]
    assert "c:50%" in char_terms("rose 50%")


def test_weigh_is_sublinear_idf_and_unit_length():
    vocabulary = {"w:a": 0, "w:b": 1}
    idf = [1.0, 2.0]
    weights = weigh({"w:a": 3, "w:b": 1, "w:unknown": 5}, vocabulary, idf)
    raw = np.array([1 + math.log(3), 2.0])
    assert list(weights) == [0, 1]
    assert np.allclose([weights[0], weights[1]], raw / np.linalg.norm(raw))
    assert weigh({"w:zzz": 1}, vocabulary, idf) == {}
    assert idf_from_df(9, 9) == pytest.approx(1.0)


def _tiny_model(threshold=0.5):
    vocabulary = {"word": ["w:killed", "w:thank"], "char": []}
    arrays = {"idf_word": np.array([1.0, 1.0]), "idf_char": np.array([]),
              "coef_word": np.array([3.0, -2.0]), "coef_char": np.array([]), "intercept": np.float64(-1.0)}
    config = {"name": "tiny", "threshold": threshold, "blocks": ["word", "char"]}
    return CheckworthinessModel(config, vocabulary, arrays)


def test_numpy_inference_is_the_logistic_of_the_linear_score():
    model = _tiny_model()
    decision = model.decision(["Ten were killed", "thank you", "nothing here"])
    assert decision.tolist() == [2.0, -3.0, -1.0]  # one known word each: unit weight times its coefficient
    assert model.scores(["Ten were killed"])[0] == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert model.predict(["Ten were killed", "thank you"]) == [True, False]


def test_shipped_model_reproduces_the_training_time_scores_bit_for_bit():
    report = json.loads((MODEL_DIR / "train_report.json").read_text(encoding="utf-8"))
    probes = report["probes"]
    assert [p["text"] for p in probes] == PROBE_SENTENCES
    model = load_model()
    if model.blocks == ["embedding"]:
        pytest.skip("an embedding-only model is a dense product: equal to rounding, not to the bit")
    scores = model.scores([p["text"] for p in probes])
    assert scores.tolist() == [p["score"] for p in probes]


def test_shipped_model_files_are_consistent_and_small():
    config = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    vocabulary = json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"))
    with np.load(MODEL_DIR / "weights.npz") as weights:
        for block in ("word", "char"):
            assert weights[f"idf_{block}"].shape == (len(vocabulary[block]),)
            if block in config["blocks"]:
                assert weights[f"coef_{block}"].shape == (len(vocabulary[block]),)
    assert 0.0 < config["threshold"] < 1.0
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert total < 5_000_000


def test_shipped_model_ranks_claims_above_pleasantries():
    """Team-written sentences: each factual claim should outscore each courtesy."""
    claims = ["Unemployment rose to 7.2 percent in the second quarter.",
              "The bridge was destroyed by two missiles on Monday morning.",
              "Our government cut taxes for 30 million families."]
    courtesies = ["Thank you very much for having me.", "It is good to see you all.", "Well, let me answer that."]
    scores = shared_model().scores(claims + courtesies)
    assert min(scores[:3]) > max(scores[3:])
    assert shared_model().predict(claims) == [True, True, True]


def test_missing_model_files_raise_a_clear_error(tmp_path):
    from unspin.claims.model import ModelUnavailable

    with pytest.raises(ModelUnavailable, match="make train-claims"):
        load_model(tmp_path)


def test_block_terms_of_empty_text_are_empty():
    assert block_terms("") == {"word": {}, "char": {}}
    assert _tiny_model().decision([""]).tolist() == [-1.0]
