"""``unspin eval translation-tells``: translation tells in English and machine-writing leftovers in
Russian and Ukrainian, against team-labelled records (``evals/translation_tells/``).

English records are scored with what the style analyzer reports for English: the translation tells
(:mod:`unspin.style.translation`) and the untranslated Cyrillic and homoglyph leftovers; a tell the
reporter glosses raises nothing and is not counted. Russian and Ukrainian records are scored with
:mod:`unspin.style.slavic` (assistant, persona, homoglyph, English-word leftovers) and the
Russian/Ukrainian cliché lexicon.

A gold tell is found when a prediction overlaps it (any kind; ``kind_right`` counts those where an
overlapping prediction also has the gold kind). A prediction is right when it overlaps a gold tell;
the others are false flags. Precision is per predicted kind, recall per gold kind; the controls
(``group`` control or human) have no tells, so everything flagged there is a false flag.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from unspin.evals._cli import add_eval_parser, run_on_records


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "translation-tells",
                             help="translation tells (English) and machine-writing leftovers (Russian, Ukrainian)",
                             description=__doc__,
                             epilog="example:\n  unspin eval translation-tells --data evals/translation_tells/test.jsonl\n",
                             run=run)
    parser.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--misses", action="store_true", help="list missed tells and false flags")


def predict(text: str, language: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, kind, matched)`` for every piece of evidence the style analyzer would raise."""
    if language in ("ru", "uk"):
        from unspin.style.slavic import find_slavic_cliches, find_slavic_leftovers

        out = [(x.start, x.end, x.kind, x.matched) for x in find_slavic_leftovers(text)]
        return out + [(c.start, c.end, "cliche", c.matched) for c in find_slavic_cliches(text)]
    from unspin.style.leftovers import find_cyrillic, find_homoglyphs
    from unspin.style.translation import find_translation_tells

    out = [(t.start, t.end, t.kind, t.matched) for t in find_translation_tells(text) if not t.attributes.get("glossed")]
    out += [(x.start, x.end, "cyrillic", x.matched) for x in find_cyrillic(text) if not x.attributes.get("glossed")]
    return out + [(x.start, x.end, "homoglyph", x.matched) for x in find_homoglyphs(text)]


def _gold_spans(record: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    spans = []
    for tell in record.get("tells", []):
        at = tell.get("start", record["text"].find(tell["text"]))
        spans.append((at, at + len(tell["text"]), tell["kind"], tell["text"]))
    return spans


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score(records: list[dict[str, Any]], with_misses: bool = False) -> dict[str, Any]:
    langs: dict[str, dict[str, Any]] = {}
    misses: list[dict[str, Any]] = []
    for record in records:
        language = record.get("language", "en")
        lang = langs.setdefault(language, {"gold": defaultdict(Counter), "pred": defaultdict(Counter),
                                           "records": Counter(), "controls": Counter()})
        text = record["text"]
        gold = _gold_spans(record)
        predicted = predict(text, language)
        positive = bool(gold)
        lang["records"]["positive" if positive else "control"] += 1
        if predicted:
            lang["records"]["positive_flagged" if positive else "control_flagged"] += 1
        for g_start, g_end, g_kind, g_text in gold:
            overlapping = [p for p in predicted if p[0] < g_end and p[1] > g_start]
            lang["gold"][g_kind]["gold"] += 1
            if overlapping:
                lang["gold"][g_kind]["found"] += 1
                if any(p[2] == g_kind for p in overlapping):
                    lang["gold"][g_kind]["kind_right"] += 1
            elif with_misses:
                misses.append({"id": record["id"], "missed": g_text, "kind": g_kind})
        for p_start, p_end, p_kind, p_text in predicted:
            right = any(p_start < g_end and p_end > g_start for g_start, g_end, _, _ in gold)
            lang["pred"][p_kind]["predicted"] += 1
            lang["pred"][p_kind]["right" if right else "false"] += 1
            if not positive:
                lang["controls"][p_kind] += 1
            if not right and with_misses:
                misses.append({"id": record["id"], "false_flag": p_text, "kind": p_kind,
                               "group": record.get("group")})
    result: dict[str, Any] = {"records": len(records), "languages": {}}
    for language, lang in sorted(langs.items()):
        kinds = sorted(set(lang["gold"]) | set(lang["pred"]))
        by_kind = {}
        for kind in kinds:
            g, p = lang["gold"][kind], lang["pred"][kind]
            by_kind[kind] = {"gold": g["gold"], "found": g["found"], "recall": _ratio(g["found"], g["gold"]),
                             "kind_right": g["kind_right"], "predicted": p["predicted"], "right": p["right"],
                             "precision": _ratio(p["right"], p["predicted"])}
        gold_total = sum(c["gold"] for c in lang["gold"].values())
        found_total = sum(c["found"] for c in lang["gold"].values())
        pred_total = sum(c["predicted"] for c in lang["pred"].values())
        right_total = sum(c["right"] for c in lang["pred"].values())
        r = lang["records"]
        result["languages"][language] = {
            "overall": {"gold": gold_total, "found": found_total, "recall": _ratio(found_total, gold_total),
                        "predicted": pred_total, "right": right_total, "precision": _ratio(right_total, pred_total)},
            "by_kind": by_kind,
            "records_with_tells": {"records": r["positive"], "flagged": r["positive_flagged"],
                                   "share": _ratio(r["positive_flagged"], r["positive"])},
            "controls": {"records": r["control"], "flagged": r["control_flagged"],
                         "share": _ratio(r["control_flagged"], r["control"]),
                         "false_flags": sum(lang["controls"].values()),
                         "false_flags_by_kind": dict(sorted(lang["controls"].items()))},
        }
    if with_misses:
        result["misses"] = misses
    return result


def run(args: argparse.Namespace) -> int:
    return run_on_records(args, score)
