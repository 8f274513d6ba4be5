"""Why planted wrong durations go unflagged, counted without reading the texts.

    python evals/details/miss_categories.py evals/details/fresh47.jsonl [more.jsonl ...] [--list]

For each planted wrong duration (``bad_durations``) that the dates analyzer does not flag, the
duration check overlapping its phrase says why:

* no claim found: the claim finder reads no duration claim there (an unread shape);
* read, not checked: a claim is read but set aside before linking, with the gate that did it (no
  word of fighting near a bare "for N", a person's own span, a stay with no dated start);
* no event linked: a claim is read, but no timeline event or text date starts it;
* no reference: linked, but told as a past narrative with no moment to measure to;
* linked, judged right: linked and measured, and found within tolerance (a wrong link or a
  wrong reading of the amount);
* other: unchecked for another reason (the reason is printed).

Counts only by default, so that a held-out set can be diagnosed without being read; ``--list``
prints the phrases too (for sets already read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="print each missed phrase and its category")
    args = parser.parse_args()

    from unspin import analyze
    from unspin.analyzers import dates
    from unspin.dates.duration_claims import find_duration_claims

    checks: list = []
    inner = dates.DatesAnalyzer._duration_checks

    def recorded(self, ctx, mentions, published):
        found = inner(self, ctx, mentions, published)
        checks.extend(found)
        return found

    dates.DatesAnalyzer._duration_checks = recorded  # see every check, flagged or not
    counts: Counter[str] = Counter()
    planted = 0
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if not row.get("bad_durations"):
                continue
            checks.clear()
            analyze(row["text"], published=row["published"])
            for bad in row["bad_durations"]:
                planted += 1
                start = row["text"].find(bad["phrase"])
                end = start + len(bad["phrase"])
                over = [c for c in checks if c.claim.start < end and c.claim.end > start]
                if any(c.status == "mismatch" for c in over):
                    continue
                if over:
                    category = _category(over[0])
                elif read := [c for c in find_duration_claims(row["text"]) if c.start < end and c.end > start]:
                    category = f"read, not checked: {_set_aside_because(read[0], row['text'])}"
                else:
                    category = "no claim found"
                counts[category] += 1
                if args.list:
                    print(f"{path.name}\t{row['id']}\t{category}\t{bad['phrase']}")
    missed = sum(counts.values())
    print(f"{planted} planted wrong durations, {missed} not flagged:")
    for category, count in counts.most_common():
        print(f"  {count:4d}  {category}")


def _set_aside_because(claim, text: str) -> str:
    """Which gate of the dates analyzer set the claim aside, tested in the analyzer's order and
    told from the claim and its sentence (split here at a sentence end before a capital or at a
    line end, as a diagnostic, not as the analyzer splits)."""
    import re

    from unspin.dates.duration_claims import CONFLICT_CUES, personal_span

    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z\"\u201c])|\n", text)]
    start = max([e for e in ends if e <= claim.start], default=0)
    sentence = (start, min([e for e in ends if e > claim.end], default=len(text)))
    if claim.stay:
        return "a stay with no dated start"
    if claim.needs_conflict_cue and not CONFLICT_CUES.search(text, *sentence):
        return "a bare 'for N' with no word of fighting"
    if personal_span(claim, text, sentence):
        return "a person's own span"
    return "another gate (a word of fighting is near, but something else held it back)"


def _category(check) -> str:
    if check.status == "ok":
        return "linked, judged right"
    if check.link is None:
        return "no event linked"
    if check.reference is None:
        return "no reference (past narrative)"
    return f"other: {check.reason}"


if __name__ == "__main__":
    main()
