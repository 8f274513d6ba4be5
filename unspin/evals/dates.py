"""``unspin eval dates``: date expressions found and resolved, against team-labelled records.

Each JSON Lines record: ``{"id", "language", "published", "text", "dates": [{"text", "date", "kind"}]}``
(``evals/dates_ru/`` holds the Russian and Ukrainian set). A gold expression is found when a
predicted date span overlaps it; it is resolved right when that prediction's date equals the gold
date (gold ``null``: the prediction must be unresolved or not a single day). Predicted spans that
overlap no gold expression are false alarms.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from unspin.evals._cli import add_eval_parser, run_on_records

HELP = "date expressions found and resolved (any language the dates analyzer supports)"
EPILOG = """\
examples:
  unspin eval dates --data evals/dates_ru/test.jsonl
  unspin eval dates --data evals/dates_ru/dev.jsonl --misses
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "dates", help=HELP, description=__doc__, epilog=EPILOG, run=run)
    parser.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--misses", action="store_true", help="also list every miss and false alarm")


def predict(text: str, language: str, published: date | None) -> list[dict[str, Any]]:
    from unspin.analyzers.base import Context
    from unspin.model import Article
    from unspin.nlp import pipeline_for

    analyzer = _analyzer()
    article = Article(text=text, language=language, published=published)
    nlp = pipeline_for(language)
    ctx = Context(article=article, doc=nlp(text) if nlp is not None else None, language=language,
                  options={"published": published})
    result = analyzer.analyze(ctx)
    return [{"start": s.start, "end": s.end, "text": s.text, "date": s.attributes.get("resolved")}
            for s in result.spans if s.label == "date"]


@lru_cache(maxsize=1)
def _analyzer():
    from unspin.analyzers import get_analyzer

    return get_analyzer("dates")


def score(records: list[dict[str, Any]], with_misses: bool = False) -> dict[str, Any]:
    counts: Counter = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_language: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for record in records:
        text, language = record["text"], record.get("language", "ru")
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        predicted = predict(text, language, published)
        used: set[int] = set()
        for gold in record.get("dates", []):
            start = text.find(gold["text"])
            end = start + len(gold["text"])
            # Any overlapping prediction finds it: one merged span ("в пятницу, 12 декабря") may
            # cover two gold expressions that a labeller marked apart.
            match = next((i for i, p in enumerate(predicted) if p["start"] < end and p["end"] > start), None)
            kind = gold.get("kind", "?")
            for table in (counts, by_kind[kind], by_language[language]):
                table["gold"] += 1
            if match is None:
                misses.append({"id": record["id"], "missed": gold["text"], "kind": kind})
                continue
            used.add(match)
            got = predicted[match]["date"]
            right = (got == gold["date"]) if gold.get("date") else (got is None or len(str(got)) != 10)
            for table in (counts, by_kind[kind], by_language[language]):
                table["found"] += 1
                table["resolved_right"] += int(right)
                table["resolvable"] += int(bool(gold.get("date")))
                table["resolved_right_resolvable"] += int(right and bool(gold.get("date")))
            if not right:
                misses.append({"id": record["id"], "text": gold["text"], "gold": gold["date"], "got": got,
                               "kind": kind})
        for i, p in enumerate(predicted):
            if i not in used:
                counts["false_alarms"] += 1
                by_language[language]["false_alarms"] += 1
                misses.append({"id": record["id"], "false_alarm": p["text"], "got": p["date"]})

    def figures(c: Counter) -> dict[str, Any]:
        recall = c["found"] / c["gold"] if c["gold"] else None
        precision = c["found"] / (c["found"] + c["false_alarms"]) if c["found"] + c["false_alarms"] else None
        return {"gold": c["gold"], "found": c["found"], "recall": _round(recall), "precision": _round(precision),
                "false_alarms": c["false_alarms"],
                "resolved_right_of_found": _round(c["resolved_right"] / c["found"] if c["found"] else None),
                "resolved_right_of_all_resolvable_gold": _round(
                    c["resolved_right_resolvable"] / c["resolvable_gold"] if c.get("resolvable_gold") else None)}

    for record in records:
        for gold in record.get("dates", []):
            if gold.get("date"):
                counts["resolvable_gold"] += 1
                by_language[record.get("language", "ru")]["resolvable_gold"] += 1
                by_kind[gold.get("kind", "?")]["resolvable_gold"] += 1
    result = {"records": len(records), "overall": figures(counts),
              "by_language": {k: figures(v) for k, v in sorted(by_language.items())},
              "by_kind": {k: figures(v) for k, v in sorted(by_kind.items())}}
    if with_misses:
        result["misses"] = misses
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def run(args: argparse.Namespace) -> int:
    return run_on_records(args, score)
