"""The numpy windowing/decoding always; the shipped ONNX model when present."""

import json

import numpy as np
import pytest

from unspin.techniques import model as tm
from unspin.techniques.taxonomy import SEMEVAL2023


def test_windows_cover_every_token_within_length():
    for n in (1, 10, 254, 255, 600, 1000):
        spans = tm.windows(n)
        seen = np.zeros(n, int)
        for a, b in spans:
            assert 0 <= a < b <= n and b - a <= tm.MAX_LEN - 2
            seen[a:b] += 1
        assert seen.min() >= 1
        if n > tm.MAX_LEN - 2:
            assert seen.min() >= 1 and spans[-1][1] == n


def test_batch_inputs_wrap_windows_in_cls_sep_and_pad():
    ids, mask = tm.batch_inputs([5, 6, 7, 8], [(0, 4), (1, 3)])
    assert ids.tolist() == [[101, 5, 6, 7, 8, 102], [101, 6, 7, 102, 0, 0]]
    assert mask.tolist() == [[1] * 6, [1, 1, 1, 1, 0, 0]]


def test_merge_windows_averages_overlaps():
    probs = np.zeros((2, 5, 1), np.float32)
    probs[0, 1:4, 0] = [0.2, 0.4, 0.6]   # window 0 sees tokens 0..2
    probs[1, 1:4, 0] = [0.8, 0.8, 0.8]   # window 1 sees tokens 1..3
    merged = tm.merge_windows(4, [(0, 3), (1, 4)], probs)
    assert np.allclose(merged[:, 0], [0.2, 0.6, 0.7, 0.8])


def test_decode_runs_thresholds_and_gap_bridging():
    offsets = [(0, 3), (4, 8), (9, 11), (12, 16), (20, 25)]
    probs = np.array([[0.9, 0.1], [0.8, 0.1], [0.3, 0.1], [0.7, 0.6], [0.1, 0.6]], np.float32)
    spans = tm.decode(probs, offsets, ["A", "B"], [0.5, 0.5], max_gap=1)
    assert ("A", 0, 16) in [s[:3] for s in spans]           # one dip bridged
    assert ("B", 12, 25) in [s[:3] for s in spans]
    strict = tm.decode(probs, offsets, ["A", "B"], [0.5, 2.0], max_gap=0)
    assert [s[:3] for s in strict] == [("A", 0, 8), ("A", 12, 16)]  # B switched off
    conf = [s[3] for s in strict]
    assert conf[0] == pytest.approx(0.85)


needs_model = pytest.mark.skipif(not tm.model_available(), reason="technique model files absent")


@needs_model
def test_model_files_are_consistent():
    labels = json.loads((tm.MODEL_DIR / "labels.json").read_text())
    assert labels == list(SEMEVAL2023)
    ths = json.loads((tm.MODEL_DIR / "thresholds.json").read_text())["thresholds"]
    assert set(ths) == set(labels)
    assert (tm.MODEL_DIR / tm.MODEL_FILE).stat().st_size < 25_000_000


@needs_model
def test_predictor_finds_loaded_language_with_valid_offsets():
    text = ("The corrupt, lying elites have betrayed our great nation once again! "
            "These traitors and thugs want to destroy everything we love. ") * 30  # long: several windows
    p = tm.load_predictor()
    assert p is tm.load_predictor()  # loaded once
    spans = p.predict_spans(text)
    assert spans
    for label, start, end, conf in spans:
        assert label in SEMEVAL2023 and 0 <= start < end <= len(text) and 0.0 <= conf <= 1.0
        assert text[start:end].strip() == text[start:end]
    found = {label for label, *_ in spans}
    assert found & {"Loaded_Language", "Name_Calling-Labeling"}, found


@needs_model
def test_predictor_quiet_on_plain_text_and_empty():
    p = tm.load_predictor()
    assert p.predict_spans("") == []
    plain = "The committee met on Tuesday at 10 a.m. in room 4 and approved the minutes of the last meeting."
    assert len(p.predict_spans(plain)) <= 1


@needs_model
def test_classify_spans_gives_one_known_label_per_span():
    text = "These traitors and thugs want to destroy our great nation. The meeting starts at noon."
    p = tm.load_predictor()
    labels = p.classify_spans(text, [(6, 14), (19, 24), (59, 70), (58, 59)])
    assert len(labels) == 4 and all(label in SEMEVAL2023 for label in labels)
    assert labels[0] in {"Name_Calling-Labeling", "Loaded_Language"}, labels


def test_spans_are_widened_to_whole_words():
    from unspin.techniques.model import snap_to_words

    text = "The capture has reignited debates."
    start = text.index("reign")
    assert text[slice(*snap_to_words(text, start, start + 5))] == "reignited"
    assert snap_to_words(text, 0, 3) == (0, 3)  # already whole
    assert text[slice(*snap_to_words(text, 5, 9))] == "capture"
