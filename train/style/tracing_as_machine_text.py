"""Turn the tracing corpus into a machine-text evaluation file (out-of-domain check).

    python train/style/tracing_as_machine_text.py --data ../shared/data/tracing/dev.jsonl \
        --out .devdata/style/tracing_dev.jsonl
    unspin eval machine-text --data .devdata/style/tracing_dev.jsonl

The tracing corpus labels roles, not authorship: English articles whose role is
``rewrite`` (content-farm rewrites, machine-made by every sign we have) become
``machine``; ``origin``, ``independent`` and ``distractor`` articles become
``human``. That proxy is imperfect (an independent outlet may use a model too),
so the figure is a sanity check on real farm copy, never a training signal:
the style model is not trained or tuned on it. Texts are the first ~2,000
characters of each page. The output stays outside git (research data).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="tracing-corpus JSONL (tracing/dev.jsonl)")
    parser.add_argument("--out", type=Path, required=True, help="machine-text JSONL to write")
    args = parser.parse_args()
    written = {"machine": 0, "human": 0}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.data, encoding="utf-8") as source, open(args.out, "w", encoding="utf-8") as out:
        for line in source:
            row = json.loads(line)
            if row.get("language") != "en" or not row.get("text"):
                continue
            label = "machine" if row["role"] == "rewrite" else "human"
            out.write(json.dumps({"id": row["id"], "text": row["text"], "label": label,
                                  "role": row["role"]}, ensure_ascii=False) + "\n")
            written[label] += 1
    print(f"wrote {args.out}: {written['machine']} machine (rewrite), {written['human']} human "
          f"(origin, independent, distractor)")


if __name__ == "__main__":
    main()
