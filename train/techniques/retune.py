"""Re-tune thresholds.json for an existing ONNX model on CPU (no torch), and
print its dev scores:

    python train/techniques/retune.py --data ../shared/data/persuasion/semeval2023_en \
        --model-dir unspin/models/techniques [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from data import read_split  # noqa: E402
from tuning import LABELS, article_probs, tune  # noqa: E402
from unspin.techniques import model as tm  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--model-dir", type=Path, default=tm.MODEL_DIR)
    ap.add_argument("--max-gap", type=int, default=1)
    ap.add_argument("--write", action="store_true", help="overwrite thresholds.json")
    args = ap.parse_args()
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(args.model_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    texts, gold = read_split(args.data / "dev")
    enc = {a: (e.ids, e.offsets) for a, e in ((a, tok.encode(t, add_special_tokens=False))
                                               for a, t in texts.items())}
    sess = ort.InferenceSession(str(args.model_dir / tm.MODEL_FILE), providers=["CPUExecutionProvider"])
    probs = article_probs(lambda x, m: sess.run(["logits"], {"input_ids": x, "attention_mask": m})[0], enc)
    ths, sc = tune(probs, enc, gold, args.max_gap)
    print(json.dumps({"si": sc["si"], "span_micro": sc["span_micro"]}, indent=1))
    if args.write:
        (args.model_dir / "thresholds.json").write_text(json.dumps(
            {"thresholds": dict(zip(LABELS, ths)), "max_gap": args.max_gap}, indent=1))


if __name__ == "__main__":
    main()
