"""Turn the shared machine-text folders into one JSON Lines file for training.

Output lines: {"id", "text", "label": "human"|"machine", "group", "source"}.
``group`` names the source article: a human article and every model rewrite of
it share one group, so grouped cross-validation never puts a rewrite in test
while its original (or a sibling rewrite) is in train.

Sources (research data: the output goes OUTSIDE git, default .devdata/style/):

* ``iu_human_ai_news_corpus`` — human articles, each with four GPT-3.5
  versions, matched by ``title_en``;
* ``llmfake_chen_shu_iclr2024`` — per CSV, ``news_text`` (human) and
  ``synthetic_misinformation`` (a model's rewrite or invention). A human text
  repeats in every CSV, so it is kept once per (dataset, news_id); rows whose
  output equals the source (the model left it unchanged) are dropped. CSVs
  without ``news_text`` (prompt-only generations) become machine-only groups.
  CoAID is left out by default (``--include-coaid`` brings it back): its human
  side is lower-cased with commas stripped, so a style classifier would learn
  that preprocessing instead of authorship.

Mac-Roman mojibake of curly quotes in the PolitiFact human texts (Ò Ó Õ) is
repaired, for the same reason: otherwise "has Ò" would mean "human".

    .venv-train/bin/python train/style/build_dataset.py --data ../shared/data/machine_text \
        --out .devdata/style/machine_text.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

MIN_CHARS = 400  # the analyzer scores articles, not one-line claims
MOJIBAKE = str.maketrans({"Ò": "“", "Ó": "”", "Õ": "’", "Ô": "‘", "Ð": "–", "Ñ": "—"})


def clean(text: str) -> str:
    return text.translate(MOJIBAKE).strip()


def read_iu(folder: Path) -> list[dict]:
    rows = []
    for name, label in (("news_human_generated.jsonl", "human"), ("news_chatgpt_generated.jsonl", "machine")):
        counter: Counter[str] = Counter()
        with open(folder / name, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                title = record.get("title_en") or record.get("title_language") or ""
                counter[title] += 1
                rows.append({"id": f"iu-{label}-{len(rows)}", "text": clean(record["text"]), "label": label,
                             "group": f"iu:{title}", "source": f"iu/{record.get('source', label)}"})
    return rows


def read_llmfake(folder: Path, include_coaid: bool) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    humans: dict[tuple[str, str], str] = {}
    rows = []
    for path in sorted(folder.glob("*.csv")):
        generator, dataset = path.name.split("__")[:2]
        if dataset == "coaid" and not include_coaid:
            continue
        method = path.name.split("_" + dataset + "_", 1)[-1].removesuffix("_processed.csv")
        with open(path, encoding="utf-8", newline="") as handle:
            for number, record in enumerate(csv.DictReader(handle)):
                output = record.get("synthetic_misinformation") or record.get("synthetic misinformation") or ""
                source_text = record.get("news_text")
                if source_text is None:  # prompt-only generation: no human original
                    group = f"{dataset}:{path.stem}:{number}"
                else:
                    group = f"{dataset}:{record['news_id']}"
                    humans.setdefault(group, source_text)
                    if output.strip() == source_text.strip():
                        continue  # the model returned its input: not a machine text
                rows.append({"id": f"llmfake-{generator}-{dataset}-{method}-{number}", "text": clean(output),
                             "label": "machine", "group": group, "source": f"llmfake/{generator}/{method}"})
    for group, text in humans.items():
        rows.append({"id": f"llmfake-human-{group}", "text": clean(text), "label": "human", "group": group,
                     "source": f"llmfake/human/{group.split(':')[0]}"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/machine_text"))
    parser.add_argument("--out", type=Path, default=Path(".devdata/style/machine_text.jsonl"))
    parser.add_argument("--include-coaid", action="store_true")
    parser.add_argument("--min-chars", type=int, default=MIN_CHARS)
    args = parser.parse_args(argv)
    rows = read_iu(args.data / "iu_human_ai_news_corpus") + read_llmfake(
        args.data / "llmfake_chen_shu_iclr2024", args.include_coaid)
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = row["text"]
        if len(key) < args.min_chars or key in seen:
            continue
        seen.add(key)
        kept.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in kept:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter((r["source"].split("/")[0], r["label"]) for r in kept)
    print(json.dumps({"out": str(args.out), "rows": len(kept), "groups": len({r["group"] for r in kept}),
                      "by_corpus_label": {f"{a}/{b}": n for (a, b), n in sorted(counts.items())}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
