"""Reading a SemEval-style split: article<ID>.txt files + id<TAB>technique<TAB>start<TAB>end."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


def read_split(split_dir: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, int, int]]]]:
    texts = {}
    for path in sorted((split_dir / "articles").glob("article*.txt")):
        # newline='' keeps \r\n as stored: gold offsets count those characters
        with open(path, encoding="utf-8", newline="") as fh:
            texts[path.stem[len("article"):]] = fh.read()
    gold: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with open(split_dir / "labels-spans.tsv", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4 and parts[2].isdigit():
                gold[parts[0]].append((parts[1], int(parts[2]), int(parts[3])))
    return texts, dict(gold)
