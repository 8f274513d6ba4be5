"""Could the narratives share a transformer pass? Two cheaper sentence representations, measured.

Issue 14 asks for the full analysis at no more than twice spaCy's cost, and names the way: embed
each sentence once and share the vectors. Two transformer passes dominate the analysis (the
technique tagger, MiniLM fine-tuned per token, and the narratives' sentence encoder, MiniLM
as trained for sentence similarity). This script measures, with the narrative matcher's own
5-fold cross-validation (``unspin.narratives.training.cross_validate``, seed 13, the split the
shipped figures use), what the narratives would lose by giving up their own pass:

* ``technique-layer-N``: each sentence's vector is the mean of the technique tagger's hidden
  states after layer N (N = 2..5), read from the tagger's one pass over the article (windows of
  256 word pieces, as at runtime), so the narratives would cost no transformer pass of their own;
  the catalog's prototypes go through the same model one by one.
* ``static``: no transformer at run time: each word piece gets the sentence encoder's output for
  that word piece alone (a distilled static table, model2vec-style), a sentence the mean of its
  word pieces' vectors.

Two steps, because adding outputs to an ONNX graph needs the ``onnx`` package, which is not a
runtime dependency:

    .venv-train/bin/pip install -r train/minilm/requirements.txt
    .venv-train/bin/python train/narratives/one_pass_ablation.py expose --out /tmp/technique_layers.onnx
    .venv/bin/python train/narratives/one_pass_ablation.py measure --layers-model /tmp/technique_layers.onnx \
        --data ../shared/data/narratives/semeval2025_en_train

(``make ablate-narrative-encoders`` runs both.) Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LAYERS = (2, 3, 4, 5)


def layer_output(layer: int) -> str:
    return f"/layer.{layer}/output/LayerNorm/LayerNormalization_output_0"


def expose(out: Path) -> None:
    """The shipped technique model with each layer's hidden states as extra outputs."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(ROOT / "unspin" / "models" / "techniques" / "model.int8.onnx"))
    produced = {name for node in model.graph.node for name in node.output}
    for layer in LAYERS:
        if layer_output(layer) not in produced:
            sys.exit(f"the technique graph has no tensor {layer_output(layer)}")
        model.graph.output.append(helper.make_tensor_value_info(layer_output(layer), TensorProto.FLOAT, None))
    onnx.save(model, str(out))
    print(f"wrote {out}")


def measure(layers_model: Path, data: Path, folds: int, seed: int, baseline: bool = False) -> dict:
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from unspin.embed import SentenceEncoder
    from unspin.narratives.catalog import load_catalog
    from unspin.narratives.data import read_folder
    from unspin.narratives.features import article_sentences
    from unspin.narratives.training import cross_validate, prepare
    from unspin.techniques.model import MODEL_DIR, batch_inputs, windows

    docs, gold = read_folder(data)
    catalog = load_catalog(use_env=False)
    prototypes = [text for entry in catalog.entries.values()
                  for text in ([entry.description] if entry.description else []) + entry.examples]
    session = ort.InferenceSession(str(layers_model), providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    names = [layer_output(layer) for layer in LAYERS]

    def hidden(text: str):
        """(layers, tokens, 384) hidden states, each token averaged over the windows that saw it."""
        enc = tokenizer.encode(text, add_special_tokens=False)
        if not enc.ids:
            return np.zeros((len(LAYERS), 0, 384), np.float32), []
        spans = windows(len(enc.ids))
        total = np.zeros((len(LAYERS), len(enc.ids), 384), np.float32)
        count = np.zeros((len(enc.ids), 1), np.float32)
        for i in range(0, len(spans), 8):
            chunk = spans[i:i + 8]
            ids, mask = batch_inputs(enc.ids, chunk)
            outputs = session.run(names, {"input_ids": ids, "attention_mask": mask})
            for row, (a, b) in enumerate(chunk):
                for li, out in enumerate(outputs):
                    total[li, a:b] += out[row, 1:1 + b - a]
                count[a:b] += 1
        return total / np.maximum(count, 1), enc.offsets

    def pooled(states, offsets, spans):
        starts = np.array([a for a, _ in offsets])
        ends = np.array([b for _, b in offsets])
        out = np.zeros((states.shape[0], len(spans), 384), np.float32)
        for j, (a, b) in enumerate(spans):
            inside = (starts >= a) & (ends <= b) & (ends > starts)
            if not inside.any():
                inside = (starts < b) & (ends > a)
            if inside.any():
                out[:, j] = states[:, inside].mean(1)
        return out / np.maximum(np.linalg.norm(out, axis=2, keepdims=True), 1e-12)

    started = time.time()
    article_vectors = {}
    for ident, text in docs.items():
        states, offsets = hidden(text)
        article_vectors[ident] = pooled(states, offsets, article_sentences(text))
    prototype_vectors = {}
    for text in prototypes:
        states, offsets = hidden(text)
        prototype_vectors[text] = pooled(states, offsets, [(0, len(text))])[:, 0]
    print(f"technique passes: {time.time() - started:.0f} s", file=sys.stderr)

    class Table:
        """Sentence vectors looked up per text (the cross-validation's ``encoder``)."""

        def __init__(self, vectors):
            self.vectors = vectors

        def encode(self, texts):
            return (np.stack([self.vectors(t) for t in texts]) if texts
                    else np.zeros((0, 384), np.float32))

    def run(name: str, encoder, vectors=None) -> dict:
        prepared = prepare(docs, gold, catalog, encoder, vectors=vectors)
        results = cross_validate(prepared, k=folds, seed=seed, methods=("similarity", "classifier"))["results"]
        row = {method: {"narrative_f1": round(r["narrative_f1_samples"], 4),
                        "subnarrative_f1": round(r["subnarrative_f1_samples"], 4)}
               for method, r in results.items() if method in ("similarity", "classifier")}
        print(name, json.dumps(row), file=sys.stderr)
        return row

    report = {"data": str(data), "articles": len(docs), "folds": folds, "seed": seed}
    if baseline:
        report["minilm-sentence-encoder (shipped)"] = run("shipped", SentenceEncoder())
    else:
        # the same cross-validation, as `make train-narratives` recorded it for the shipped model
        shipped = json.loads((ROOT / "unspin" / "models" / "narratives" / "train_report.json").read_text())
        report["minilm-sentence-encoder (shipped, from train_report.json)"] = {
            method: {"narrative_f1": round(r["narrative_f1_samples"], 4),
                     "subnarrative_f1": round(r["subnarrative_f1_samples"], 4)}
            for method, r in shipped["cross_validation"]["results"].items() if method in ("similarity", "classifier")}
    for li, layer in enumerate(LAYERS):
        report[f"technique-layer-{layer}"] = run(
            f"technique-layer-{layer}", Table(lambda t, li=li: prototype_vectors[t][li]),
            vectors=lambda ident, _text, li=li: article_vectors[ident][li])

    encoder = SentenceEncoder()
    vocabulary = encoder.tokenizer.get_vocab()
    table = np.zeros((max(vocabulary.values()) + 1, 384), np.float32)
    for start in range(0, len(table), 256):
        ids = np.array([[101, i, 102] for i in range(start, min(start + 256, len(table)))], np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in encoder._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        table[start:start + len(ids)] = encoder.session.run(None, feed)[0].mean(1)
    pieces = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    pieces.no_padding()

    def static(text: str):
        ids = pieces.encode(text, add_special_tokens=False).ids[:128] or [100]
        vector = table[ids].mean(0)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    report["static"] = run("static", Table(static))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("expose", help="write the technique model with its layers as outputs (needs onnx)")
    step.add_argument("--out", type=Path, required=True)
    step = steps.add_parser("measure", help="cross-validate the narratives on each representation")
    step.add_argument("--layers-model", type=Path, required=True)
    step.add_argument("--data", type=Path, required=True, help="SemEval-2025 layout folder (English training set)")
    step.add_argument("--folds", type=int, default=5)
    step.add_argument("--seed", type=int, default=13)
    step.add_argument("--baseline", action="store_true",
                      help="re-run the shipped encoder's cross-validation too (about 10 minutes) instead of "
                           "reading it from unspin/models/narratives/train_report.json")
    step.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.step == "expose":
        expose(args.out)
        return
    report = measure(args.layers_model, args.data, args.folds, args.seed, args.baseline)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
