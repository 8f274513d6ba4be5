"""``unspin eval places-ru``: Russian and Ukrainian place mentions found and resolved, against
team-labelled records (``evals/places_ru/``).

A gold mention is found when a predicted place span overlaps it; it is resolved right when the
predicted place's name (or its GeoNames name) is the gold English name, spelling variants aside
(``loose_key``: Graivoron = Grayvoron). A name shared by several villages counts as right when
the name matches: the set names the place, not its GeoNames id. Predicted spans that overlap no
gold mention are false alarms, except countries, which the set does not annotate by convention.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from unspin.evals._cli import add_eval_parser, run_on_records


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "places-ru", help="Russian/Ukrainian place mentions found and resolved",
                             description=__doc__,
                             epilog="example:\n  unspin eval places-ru --data evals/places_ru/test.jsonl\n", run=run)
    parser.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--misses", action="store_true", help="list every miss, wrong reading and false alarm")


def _same_name(predicted: dict[str, Any], gold: str) -> bool:
    from unspin.places.text import loose_key

    wanted = loose_key(gold)
    return any(name and loose_key(name) == wanted for name in (predicted.get("name"), predicted.get("geonames_name")))


def score(records: list[dict[str, Any]], with_misses: bool = False) -> dict[str, Any]:
    from unspin.analyzers.places import analyze_slavic

    totals: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for record in records:
        text, language = record["text"], record.get("language", "ru")
        spans = analyze_slavic(text, language).spans
        used: set[int] = set()
        for gold in record.get("places", []):
            start = text.find(gold["text"])
            end = start + len(gold["text"])
            for key in ("all", language):
                totals[key]["gold"] += 1
            match = next((i for i, s in enumerate(spans) if i not in used and s.start < end and s.end > start), None)
            if match is None:
                misses.append({"id": record["id"], "missed": gold["text"], "name": gold["name"]})
                continue
            used.add(match)
            attributes = spans[match].attributes
            right = _same_name(attributes, gold["name"])
            for key in ("all", language):
                totals[key]["found"] += 1
                totals[key]["right"] += right
            if not right:
                misses.append({"id": record["id"], "text": gold["text"], "gold": gold["name"],
                               "read_as": attributes.get("display")})
        for i, span in enumerate(spans):
            if i not in used and span.attributes.get("kind") != "country":
                for key in ("all", language):
                    totals[key]["false_alarms"] += 1
                misses.append({"id": record["id"], "false_alarm": span.text, "read_as": span.attributes.get("display")})

    def figures(c: Counter) -> dict[str, Any]:
        predicted = c["found"] + c["false_alarms"]
        return {"gold": c["gold"], "found": c["found"],
                "recall": round(c["found"] / c["gold"], 3) if c["gold"] else None,
                "precision": round(c["found"] / predicted, 3) if predicted else None,
                "resolved_right_of_found": round(c["right"] / c["found"], 3) if c["found"] else None,
                "resolved_right_of_all": round(c["right"] / c["gold"], 3) if c["gold"] else None,
                "false_alarms": c["false_alarms"]}

    result: dict[str, Any] = {"records": len(records), "overall": figures(totals["all"]),
                              "by_language": {k: figures(v) for k, v in sorted(totals.items()) if k != "all"}}
    if with_misses:
        result["misses"] = misses
    return result


def run(args: argparse.Namespace) -> int:
    return run_on_records(args, score)
