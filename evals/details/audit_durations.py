"""False-flag audit of the duration checks on real, dated texts.

Runs the places and dates analyzers (the places first, as in the default pipeline, so that a
town's oblast can bound its time under occupation) over the EUvsDisinfo "disproof" texts of 2015-2017 (fact-checkers'
own prose, each dated by its row) and over the dated English articles of the tracing sets,
and prints every duration-mismatch flag: on these texts a flag is most likely false, so the
count should stay at or near zero after every change to the duration checks. The data are read
by path from ``../shared/data`` (or ``UNSPIN_DATA``); the audit says so and exits cleanly
when they are absent. Usage:

    .venv/bin/python evals/details/audit_durations.py [--show N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import date
from pathlib import Path

from unspin.model import Article
from unspin.pipeline import Pipeline

DATA = Path(os.environ.get("UNSPIN_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data"))
EUVS = DATA / "narratives" / "euvsdisinfo_kalkun_2015-2017_summary_disproof.csv"
TRACING = [DATA / "tracing" / "dev.jsonl", DATA / "tracing" / "dev2.jsonl"]


def euvs_texts():
    with EUVS.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                month, day, year = (int(x) for x in row["date"].split("/"))
                published = date(2000 + year, month, day)
            except (KeyError, ValueError):
                continue
            text = row.get("disproof") or ""
            if len(text) >= 40:
                yield f"{EUVS.name}:{number}", text, published


def tracing_texts():
    for path in TRACING:
        if not path.exists():
            continue
        for number, line in enumerate(path.open(encoding="utf-8"), start=1):
            row = json.loads(line)
            published = str(row.get("published") or "")
            if row.get("language", "en") != "en" or len(published) < 10:
                continue
            try:
                yield f"{path.name}:{number}", row["text"], date.fromisoformat(published[:10])
            except ValueError:
                continue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="flags to print (default 20)")
    args = parser.parse_args()
    if not EUVS.exists():
        print(f"skipped: {EUVS} is absent (set UNSPIN_DATA)")
        return 0
    pipeline = Pipeline(["places", "dates"])
    for name, texts in (("EUvsDisinfo disproofs 2015-2017", euvs_texts()), ("tracing sets, dated English", tracing_texts())):
        count, flags = 0, []
        for where, text, published in texts:
            count += 1
            analysis = pipeline.analyze(Article(text=text, id=where, published=published, language="en"))
            flags += [(where, f.message) for f in analysis.findings if f.kind == "duration-mismatch"]
        print(f"{name}: {count} texts, {len(flags)} duration flags")
        for where, message in flags[:args.show]:
            print(f"  {where}: {message[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
