"""Threshold tuning on dev with the shipped windowing and decoder (numpy only,
so it runs for a torch model during training and for the ONNX file on CPU)."""

from __future__ import annotations

import numpy as np

from spanf1 import scores
from unspin.techniques import model as tm
from unspin.techniques.taxonomy import SEMEVAL2023

LABELS = list(SEMEVAL2023)
GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]
OFF = 2.0  # threshold no sigmoid reaches: technique never predicted


def article_probs(run_batch, encoded) -> dict[str, np.ndarray]:
    """Per-token probabilities for each article, through the shipped windowing."""
    out = {}
    for art, (ids, offsets) in encoded.items():
        if not ids:
            out[art] = np.zeros((0, len(LABELS)), np.float32)
            continue
        spans = tm.windows(len(ids))
        chunks = []
        for i in range(0, len(spans), 32):
            x, m = tm.batch_inputs(ids, spans[i:i + 32])
            logits = run_batch(x, m)
            pad = np.zeros((logits.shape[0], tm.MAX_LEN - logits.shape[1], logits.shape[2]), np.float32)
            chunks.append(np.concatenate([logits, pad], 1))
        out[art] = tm.merge_windows(len(ids), spans, 1 / (1 + np.exp(-np.concatenate(chunks))))
    return out


def predict(probs, encoded, thresholds, max_gap):
    return {art: [(lab, a, b) for lab, a, b, _ in
                  tm.decode(probs[art], encoded[art][1], LABELS, thresholds, max_gap)]
            for art in probs if encoded[art][0]}


def tune(probs, encoded, gold, max_gap: int) -> tuple[list[float], dict]:
    """Per-technique threshold maximising that technique's partial-overlap F1 on dev."""
    best = [OFF] * len(LABELS)
    for c, lab in enumerate(LABELS):
        # a technique whose best dev F1 is 0 is switched off (threshold above any sigmoid):
        # predicting it would only add false positives
        top = (0.0, OFF)
        for th in GRID:
            ths = [2.0] * len(LABELS)  # only class c decoded
            ths[c] = th
            pred = predict(probs, encoded, ths, max_gap)
            f = scores(pred, {a: [s for s in g if s[0] == lab] for a, g in gold.items()})["span_micro"]["f1"]
            if f > top[0] + 1e-9:
                top = (f, th)
        best[c] = top[1]
    return best, scores(predict(probs, encoded, best, max_gap), gold)
