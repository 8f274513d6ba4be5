"""CPU inference for the persuasion-technique tagger (onnxruntime, no torch).

The model is MiniLM-L6 fine-tuned as a per-token multi-label tagger: for every
word piece it gives one sigmoid score per SemEval-2023 technique, because
gold spans of different techniques overlap. Long articles are cut into
overlapping windows; a token seen by several windows gets the mean of its
scores. Runs of consecutive tokens above a technique's own threshold (tuned
on dev, see ``thresholds.json``) become character spans.

The windowing and decoding helpers are plain numpy so that the training code
(train/techniques/) tunes thresholds with exactly the decoder that ships.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "techniques"
MODEL_FILE = "model.int8.onnx"
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0  # BERT uncased vocabulary ids
MAX_LEN = 256   # window length in tokens, [CLS] and [SEP] included
STRIDE = 128    # tokens between window starts: every token is seen by ~2 windows

SpanTuple = tuple[str, int, int, float]


def windows(n_tokens: int, max_len: int = MAX_LEN, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Token ranges [a, b) covering 0..n_tokens, each at most max_len-2 long."""
    width = max_len - 2
    if n_tokens <= width:
        return [(0, n_tokens)]
    starts = list(range(0, n_tokens - width, stride)) + [n_tokens - width]
    return [(a, a + width) for a in sorted(set(starts))]


def batch_inputs(ids: Sequence[int], spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """input_ids and attention_mask (int64, right-padded) for the windows."""
    length = max(b - a for a, b in spans) + 2
    input_ids = np.full((len(spans), length), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(spans), length), dtype=np.int64)
    for row, (a, b) in enumerate(spans):
        piece = [CLS_ID, *ids[a:b], SEP_ID]
        input_ids[row, :len(piece)] = piece
        mask[row, :len(piece)] = 1
    return input_ids, mask


def merge_windows(n_tokens: int, spans: list[tuple[int, int]], probs: np.ndarray) -> np.ndarray:
    """Per-token scores [n_tokens, C]: the mean over the windows that saw each token.

    ``probs`` is [n_windows, length, C] including the [CLS] position.
    """
    total = np.zeros((n_tokens, probs.shape[-1]), dtype=np.float32)
    count = np.zeros((n_tokens, 1), dtype=np.float32)
    for row, (a, b) in enumerate(spans):
        total[a:b] += probs[row, 1:1 + b - a]
        count[a:b] += 1
    return total / np.maximum(count, 1)


def decode(token_probs: np.ndarray, offsets: Sequence[tuple[int, int]], labels: Sequence[str],
           thresholds: Sequence[float], max_gap: int = 1) -> list[SpanTuple]:
    """Runs of tokens above threshold -> (technique, start, end, confidence).

    A dip of up to ``max_gap`` tokens inside a run is bridged: a single
    low-scoring word piece in the middle of a phrase should not split it.
    Confidence is the mean score of the run's tokens.
    """
    out: list[SpanTuple] = []
    for c, label in enumerate(labels):
        above = np.flatnonzero(token_probs[:, c] >= thresholds[c])
        if above.size == 0:
            continue
        runs: list[list[int]] = [[int(above[0]), int(above[0])]]
        for t in above[1:]:
            if t - runs[-1][1] <= max_gap + 1:
                runs[-1][1] = int(t)
            else:
                runs.append([int(t), int(t)])
        for first, last in runs:
            start, end = offsets[first][0], offsets[last][1]
            if end > start:
                conf = float(token_probs[first:last + 1, c].mean())
                out.append((label, int(start), int(end), conf))
    return sorted(out, key=lambda s: (s[1], s[2], s[0]))


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words: the tagger scores word pieces, and a span that
    ends inside a word ("reign" of "reignited") would show the analyst a word
    the article does not contain."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


class Predictor:
    """Loaded once (see :func:`load_predictor`); ``predict_spans`` is thread-safe."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.labels: list[str] = json.loads((model_dir / "labels.json").read_text())
        cfg = json.loads((model_dir / "thresholds.json").read_text())
        self.thresholds = [float(cfg["thresholds"][lab]) for lab in self.labels]
        self.max_gap = int(cfg.get("max_gap", 1))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        threads = threads or int(os.environ.get("UNSPIN_ORT_THREADS", 0) or 0)  # set for worker processes
        if threads:
            options.intra_op_num_threads = threads
        # idle threads sleep rather than spin, as in unspin.embed: the two ONNX sessions of the
        # analysis run one after the other, and a pool spinning after its run slows the next
        # (techniques 11.6-12.1 against 13.4-15.0 ms an article in the nineteenth session's bench)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_dir / MODEL_FILE), options,
                                            providers=["CPUExecutionProvider"])

    def token_probs(self, text: str, batch_size: int = 8) -> tuple[np.ndarray, list[tuple[int, int]]]:
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets = enc.ids, enc.offsets
        if not ids:
            return np.zeros((0, len(self.labels)), dtype=np.float32), []
        spans = windows(len(ids))
        chunks = []
        for i in range(0, len(spans), batch_size):
            input_ids, mask = batch_inputs(ids, spans[i:i + batch_size])
            logits = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})[0]
            pad = np.zeros((logits.shape[0], MAX_LEN - logits.shape[1], logits.shape[2]), np.float32)
            chunks.append(np.concatenate([logits, pad], axis=1))
        probs = 1.0 / (1.0 + np.exp(-np.concatenate(chunks)))
        return merge_windows(len(ids), spans, probs), list(offsets)

    def predict_spans(self, text: str, repetition_rule: bool = True) -> list[SpanTuple]:
        """(technique, start, end, confidence), sorted by position.

        With ``repetition_rule``, every other occurrence of a phrase the tagger
        marked as Repetition is marked too (see unspin.techniques.repetition):
        the tagger sees one window, the rule sees the article.
        """
        probs, offsets = self.token_probs(text)
        if not offsets:
            return []
        spans = [(label, *snap_to_words(text, a, b), conf)
                 for label, a, b, conf in decode(probs, offsets, self.labels, self.thresholds, self.max_gap)]
        if repetition_rule:
            from unspin.techniques.repetition import repetition_spans

            tagged = [(a, b) for lab, a, b, _ in spans if lab == "Repetition"]
            if tagged:
                have = set(tagged)
                spans += [s for s in repetition_spans(text, anchors=tagged) if (s[1], s[2]) not in have]
                spans.sort(key=lambda s: (s[1], s[2], s[0]))
        return spans


    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]],
                       scale: bool = False) -> list[str]:
        """One technique per given character span (TC): the label whose mean
        token score over the span is highest. ``scale`` divides each score by
        its threshold first; on dev that is worse (TC 0.356 against 0.429), so
        raw scores are the default."""
        probs, offsets = self.token_probs(text)
        if not offsets:
            return [self.labels[0]] * len(spans)
        starts = np.array([a for a, _ in offsets])
        ends = np.array([b for _, b in offsets])
        weights = 1.0 / np.asarray(self.thresholds, np.float32) if scale else np.ones(len(self.labels), np.float32)
        out = []
        for start, end in spans:
            inside = (starts < end) & (ends > start)
            if not inside.any():  # span between tokens (whitespace): nearest token
                inside = np.zeros(len(starts), bool)
                inside[int(np.argmin(np.abs(starts - start)))] = True
            out.append(self.labels[int(np.argmax(probs[inside].mean(0) * weights))])
        return out


def model_available(model_dir: Path = MODEL_DIR) -> bool:
    return all((model_dir / f).is_file() for f in (MODEL_FILE, "labels.json", "thresholds.json",
                                                    "tokenizer.json"))


@lru_cache(maxsize=1)
def load_predictor() -> Predictor:
    """The shared predictor; raises FileNotFoundError when the model files are absent."""
    if not model_available():
        raise FileNotFoundError(f"technique model files missing under {MODEL_DIR}")
    return Predictor()


def predict_many(texts: Iterable[str]) -> list[list[SpanTuple]]:
    predictor = load_predictor()
    return [predictor.predict_spans(t) for t in texts]
