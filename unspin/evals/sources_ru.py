"""``unspin eval sources-ru``: Russian and Ukrainian attributions found and their sources classed,
against team-labelled records (``evals/sources_ru/``).

A gold attribution is found when a predicted one's cue overlaps its cue (every prediction of the
Russian and Ukrainian finder carries its cue); its class is right when the prediction's source
class equals the gold class. Predictions that match no gold attribution are false alarms.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from unspin.evals._cli import add_eval_parser, run_on_records


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "sources-ru", help="Russian/Ukrainian attributions and source classes",
                             description=__doc__,
                             epilog="example:\n  unspin eval sources-ru --data evals/sources_ru/test.jsonl\n", run=run)
    parser.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--misses", action="store_true")


def _span(text: str, value: str | None, start: int | None) -> tuple[int, int] | None:
    if not value:
        return None
    at = start if start is not None else text.find(value)
    return (at, at + len(value)) if at >= 0 else None


def score(records: list[dict[str, Any]], with_misses: bool = False) -> dict[str, Any]:
    from unspin.sources.slavic import find_attributions_slavic

    totals: Counter = Counter()
    by_class: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    misses = []
    for record in records:
        text = record["text"]
        predicted = find_attributions_slavic(text, record.get("language", "ru"))
        used: set[int] = set()
        for gold in record.get("attributions", []):
            cue = _span(text, gold.get("cue"), gold.get("cue_start"))
            totals["gold"] += 1
            by_class[gold["class"]]["gold"] += 1
            match = None
            for i, p in enumerate(predicted):
                if i in used:
                    continue
                if cue and p.cue and p.cue.start < cue[1] and p.cue.end > cue[0]:
                    match = i
                    break
            if match is None:
                misses.append({"id": record["id"], "missed": gold.get("cue"), "class": gold["class"]})
                continue
            used.add(match)
            got = predicted[match].source.cls
            totals["found"] += 1
            by_class[gold["class"]]["found"] += 1
            confusion[(gold["class"], got)] += 1
            if got == gold["class"]:
                totals["class_right"] += 1
                by_class[gold["class"]]["class_right"] += 1
            elif with_misses:
                misses.append({"id": record["id"], "cue": gold.get("cue"), "gold": gold["class"], "got": got,
                               "source": gold.get("source")})
        for i, p in enumerate(predicted):
            if i not in used:
                totals["false_alarms"] += 1
                misses.append({"id": record["id"], "false_alarm": text[p.cue.start:p.cue.end] if p.cue else None})

    def figures(c: Counter) -> dict[str, Any]:
        found = c["found"]
        return {"gold": c["gold"], "found": found, "recall": round(found / c["gold"], 3) if c["gold"] else None,
                "class_right_of_found": round(c["class_right"] / found, 3) if found else None}

    overall = figures(totals)
    overall["false_alarms"] = totals["false_alarms"]
    predicted_total = totals["found"] + totals["false_alarms"]
    overall["precision"] = round(totals["found"] / predicted_total, 3) if predicted_total else None
    result = {"records": len(records), "overall": overall,
              "by_class": {k: figures(v) for k, v in sorted(by_class.items())},
              "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())}}
    if with_misses:
        result["misses"] = misses
    return result


def run(args: argparse.Namespace) -> int:
    return run_on_records(args, score)
