"""``unspin eval details``: planted place and duration errors, and false flags on real ones.

The data is JSONL, one short article a line::

    {"id": "A-001", "published": "2025-03-14", "text": "...",
     "bad_places": [{"name": "Kramatorks", "expect": "Kramatorsk"}],
     "good_places": ["Sloviansk", "Donetsk Oblast"],
     "bad_durations": [{"phrase": "after four years of occupation"}]}

:func:`score_details` turns the analyses of those articles into the figures;
the command runs the ``places`` and ``dates`` analyzers and prints them.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from unspin.commands.argtypes import positive_int
from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Run the places and dates analyzers over labelled short articles and print
JSON with:
  * bad places flagged: planted invented or misspelt names that got a
    place finding (unknown-place / suspect-place) over their text;
  * right top-1: of the flagged ones whose "expect" names a real town, how
    many had that town as the first "did you mean" suggestion;
  * bad durations flagged: planted wrong durations/anniversaries that got a
    duration-mismatch finding over their phrase;
  * false flags: real places (good_places) that got a place finding, and
    clean articles (nothing planted) with any place or duration finding.
INFO notes (ambiguous place, old spelling) are not flags.

--data FILE.jsonl (repeatable): fields id, published (ISO date), text,
bad_places [{name, expect}], good_places [names], bad_durations [{phrase}].
Names and phrases must occur verbatim in the text. A bad line is reported as
FILE:LINE on standard error and skipped.
"""

EPILOG = """\
examples:
  unspin eval details --data evals/details/test.jsonl
  unspin eval details --data evals/details/dev.jsonl --misses
exit status: 0 evaluated, 1 no usable data, 2 bad command line.
"""

#: Place findings that say "this name is wrong"; INFO notes are not flags.
PLACE_FLAG_KINDS = frozenset({"unknown-place", "suspect-place"})
DURATION_FLAG_KINDS = frozenset({"duration-mismatch"})


class DetailsDataError(ValueError):
    pass


@dataclass
class Labelled:
    id: str
    text: str
    published: date | None
    bad_places: list[dict[str, Any]] = field(default_factory=list)
    good_places: list[str] = field(default_factory=list)
    bad_durations: list[str] = field(default_factory=list)
    where: str = ""

    @property
    def clean(self) -> bool:
        return not self.bad_places and not self.bad_durations


def parse_record(obj: Any, where: str) -> Labelled:
    if not isinstance(obj, dict):
        raise DetailsDataError(f"{where}: expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DetailsDataError(f"{where}: no text")
    published = None
    if obj.get("published"):
        try:
            published = date.fromisoformat(str(obj["published"])[:10])
        except ValueError:
            raise DetailsDataError(f"{where}: published {obj['published']!r} is not an ISO date") from None
    record = Labelled(id=str(obj.get("id") or where), text=text, published=published, where=where)
    for bad in obj.get("bad_places") or []:
        if not isinstance(bad, dict) or not isinstance(bad.get("name"), str):
            raise DetailsDataError(f"{where}: bad_places entries need a name")
        record.bad_places.append({"name": bad["name"], "expect": bad.get("expect")})
    record.good_places = [str(name) for name in obj.get("good_places") or []]
    for bad in obj.get("bad_durations") or []:
        phrase = bad.get("phrase") if isinstance(bad, dict) else bad
        if not isinstance(phrase, str):
            raise DetailsDataError(f"{where}: bad_durations entries need a phrase")
        record.bad_durations.append(phrase)
    for name in [b["name"] for b in record.bad_places] + record.good_places + record.bad_durations:
        if name not in text:
            raise DetailsDataError(f"{where}: {name!r} does not occur in the text")
    return record


def read_details(path: Path, err: Any = None) -> tuple[list[Labelled], int]:
    """The labelled articles of one file, and how many lines were skipped."""
    records: list[Labelled] = []
    skipped = 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                records.append(parse_record(json.loads(line), where))
            except (json.JSONDecodeError, DetailsDataError) as exc:
                skipped += 1
                if err is not None:
                    err.print(f"skipped {where}: {exc}", markup=False)
    return records, skipped


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` stands as a whole name: "Energodar" is not inside "Yuzhno-Energodarsk"."""
    pattern = re.compile(r"(?<![\w\-‐‑])" + re.escape(needle) + r"(?![\w‐‑]|-\w)")
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:  # a phrase that starts or ends inside a word: fall back to plain search
        start = text.find(needle)
        while start >= 0:
            found.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return found


def _overlaps(finding: Any, ranges: list[tuple[int, int]]) -> bool:
    return any(s.start < end and start < s.end for s in finding.evidence for start, end in ranges)


def _top_suggestion(finding: Any) -> dict[str, Any] | None:
    suggestions = finding.details.get("suggestions") or []
    return suggestions[0] if suggestions else None


def _names_match(suggestion: dict[str, Any] | None, expect: str) -> bool:
    if not suggestion:
        return False
    from unspin.places.text import name_key

    # a writer's note after the name ("Dnipro (Russian-era Dnepropetrovsk)") is not part of it
    expect = re.sub(r"\s*\([^)]*\)\s*$", "", expect) or expect
    want = name_key(expect)
    names = [suggestion.get("name", ""), suggestion.get("geonames_name", ""), suggestion.get("matched_spelling", "")]
    if any(name and name_key(name) == want for name in names):
        return True
    # the same town under another official name (Sievierodonetsk, renamed Siverskodonetsk)
    from unspin.places.build import haversine_km
    from unspin.places.gazetteer import shared_gazetteer

    from unspin.places.candidates import ukrainian_forms

    if suggestion.get("lat") is None:
        return False
    gazetteer = shared_gazetteer()
    # the expected name as the analyzer reads it: another romanisation, or a Russian-style form
    # of the Ukrainian name (Rabotino is Robotyne)
    places = list(gazetteer.lookup(expect)) + [gazetteer.place(pid) for pid in gazetteer.variant_ids(expect)]
    places += [gazetteer.place(pid) for form in ukrainian_forms(expect)
               for pid in gazetteer.ids(form) + gazetteer.variant_ids(form)]
    return any(p.lat is not None and p.kind in ("city", "town", "village")
               and haversine_km(p.lat, p.lon, suggestion["lat"], suggestion["lon"]) < 5
               for p in places)


def score_details(records: list[Labelled], analyses: list[Any]) -> dict[str, Any]:
    """Figures and per-item outcomes for ``records`` and their ``analyses`` (same order)."""
    counts = {"bad_places": 0, "bad_places_flagged": 0, "expect_real": 0, "expect_real_flagged": 0,
              "top1_right": 0, "bad_durations": 0, "bad_durations_flagged": 0, "good_places": 0,
              "good_places_flagged": 0, "clean_texts": 0, "clean_texts_flagged": 0,
              "other_place_flags": 0, "other_duration_flags": 0}
    misses: list[dict[str, Any]] = []
    for record, analysis in zip(records, analyses):
        place_flags = [f for f in analysis.findings if f.kind in PLACE_FLAG_KINDS]
        duration_flags = [f for f in analysis.findings if f.kind in DURATION_FLAG_KINDS]
        used: set[int] = set()
        for bad in record.bad_places:
            counts["bad_places"] += 1
            ranges = _occurrences(record.text, bad["name"])
            hits = [f for f in place_flags if _overlaps(f, ranges)]
            used.update(id(f) for f in hits)
            if bad["expect"]:
                counts["expect_real"] += 1
            if hits:
                counts["bad_places_flagged"] += 1
                if bad["expect"]:
                    counts["expect_real_flagged"] += 1
                    top = _top_suggestion(hits[0])
                    if _names_match(top, bad["expect"]):
                        counts["top1_right"] += 1
                    else:
                        misses.append({"id": record.id, "miss": "wrong top-1", "name": bad["name"],
                                       "expect": bad["expect"], "got": top and top.get("display")})
            else:
                misses.append({"id": record.id, "miss": "bad place not flagged", "name": bad["name"]})
        for name in record.good_places:
            counts["good_places"] += 1
            hits = [f for f in place_flags if _overlaps(f, _occurrences(record.text, name))]
            used.update(id(f) for f in hits)
            if hits:
                counts["good_places_flagged"] += 1
                misses.append({"id": record.id, "miss": "real place flagged", "name": name,
                               "message": hits[0].message})
        for f in place_flags:
            if id(f) not in used:
                counts["other_place_flags"] += 1
                misses.append({"id": record.id, "miss": "unlabelled place flag", "message": f.message})
        used_durations: set[int] = set()
        for phrase in record.bad_durations:
            counts["bad_durations"] += 1
            hits = [f for f in duration_flags if _overlaps(f, _occurrences(record.text, phrase))]
            used_durations.update(id(f) for f in hits)
            if hits:
                counts["bad_durations_flagged"] += 1
            else:
                misses.append({"id": record.id, "miss": "bad duration not flagged", "phrase": phrase})
        for f in duration_flags:
            if id(f) not in used_durations:
                counts["other_duration_flags"] += 1
                misses.append({"id": record.id, "miss": "unlabelled duration flag", "message": f.message})
        if record.clean:
            counts["clean_texts"] += 1
            if place_flags or duration_flags:
                counts["clean_texts_flagged"] += 1

    def ratio(part: str, whole: str) -> float | None:
        return round(counts[part] / counts[whole], 3) if counts[whole] else None

    figures = {
        "bad_places_flagged": ratio("bad_places_flagged", "bad_places"),
        "top1_right": ratio("top1_right", "expect_real_flagged"),
        "top1_right_of_all_meant": ratio("top1_right", "expect_real"),
        "bad_durations_flagged": ratio("bad_durations_flagged", "bad_durations"),
        "good_places_false_flag_rate": ratio("good_places_flagged", "good_places"),
        "clean_texts_false_flag_rate": ratio("clean_texts_flagged", "clean_texts"),
    }
    return {"articles": len(records), "figures": figures, "counts": counts, "misses": misses}


def analyze_records(records: list[Labelled], progress: bool = True, model: Any = None,
                    record_candidates: bool = False, analyzers: tuple[str, ...] = ("places", "dates"),
                    jobs: int = 1) -> list[Any]:
    """The analyses of ``records`` in order; ``jobs`` > 1 spreads them over worker processes (the
    shipped model only: a model trained in this process stays here)."""
    from unspin.model import Article
    from unspin.parallel import ParallelPipeline
    from unspin.pipeline import Pipeline

    places_config: dict[str, Any] = {"record_candidates": record_candidates}
    if model is not None:
        places_config["model"] = model
    config = {"places": places_config}
    pipeline: Any = (ParallelPipeline(list(analyzers), config=config, jobs=jobs) if jobs > 1 and model is None
                     else Pipeline(list(analyzers), config=config))
    articles = [Article(text=r.text, id=r.id, published=r.published, language="en") for r in records]
    if not progress:
        return list(pipeline.pipe(articles))
    from rich.progress import Progress

    analyses = []
    with Progress(console=stderr_console(), transient=True) as bar:
        task = bar.add_task("analysing", total=len(articles))
        for analysis in pipeline.pipe(articles):
            analyses.append(analysis)
            bar.advance(task)
    return analyses


def register(subparsers: Any) -> None:
    parser = add_eval_parser(
        subparsers, "details", help="planted place/duration errors flagged, and false flags on real ones",
        description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, action="append", type=Path, metavar="FILE.jsonl",
                        help="labelled articles (repeatable)")
    parser.add_argument("--misses", action="store_true",
                        help="list every miss and false flag in the JSON (for error analysis on a dev split)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    parser.add_argument("--jobs", type=positive_int, default=1, metavar="N",
                        help="worker processes for the analysis (default 1; the figures do not depend on it)")
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="re-fit the unknown-name model K times (folds by article) and score each article "
                             "with the model that did not see it: out-of-fold figures for a dev split")
    parser.add_argument("--negatives", action="append", default=[], type=Path, metavar="PATH",
                        help="unlabelled real articles for training (a folder of .txt files or a JSONL file "
                             "with a text field): every unknown name in them counts as a non-error")
    parser.add_argument("--max-negatives", type=int, default=400, metavar="N",
                        help="read at most N articles from --negatives (default 400)")
    parser.add_argument("--train", type=Path, metavar="DIR",
                        help="fit the unknown-name model on --data (+ --negatives) and write DIR/candidates.json")
    parser.add_argument("--seed", type=int, default=0, help="fold assignment seed for --cv and --train")
    parser.add_argument("--unlabelled", action="append", default=[], type=Path, metavar="PATH",
                        help="real articles with no planted errors (folder of .txt or JSONL with text): report "
                             "every place or duration flag raised on them, for a false-flag audit")


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    records: list[Labelled] = []
    skipped = 0
    for path in args.data:
        try:
            got, bad = read_details(path, err)
        except OSError as exc:
            err.print(f"error: cannot read {path}: {exc.strerror or exc}", markup=False)
            return 1
        records.extend(got)
        skipped += bad
    if not records:
        err.print("error: no usable labelled article in --data", markup=False)
        return 1
    progress = not args.no_progress
    if args.cv or args.train:
        if args.cv == 1 or args.cv < 0:
            err.print("error: --cv needs K >= 2", markup=False)
            return 2
        negatives = read_negatives(args.negatives, args.max_negatives, err)
        rows = gather_rows(records, negatives, progress)
    if args.cv:
        analyses = cross_validated_analyses(records, rows, args.cv, args.seed, progress)
        result = score_details(records, analyses)
        result["evaluation"] = f"{args.cv}-fold cross-validation by article (seed {args.seed}), out-of-fold"
    else:
        result = score_details(records, analyze_records(records, progress=progress, jobs=args.jobs))
        result["evaluation"] = "shipped model"
    if args.train:
        from unspin.places.training import train

        model, report = train(rows, k=args.cv or 5, seed=args.seed)
        args.train.mkdir(parents=True, exist_ok=True)
        (args.train / "candidates.json").write_text(model.to_json(), encoding="utf-8")
        result["trained"] = {"path": str(args.train / "candidates.json"), **report,
                             "threshold": model.threshold, "weights": model.weights}
    if args.unlabelled:
        result["unlabelled"] = audit_unlabelled(read_negatives(args.unlabelled, args.max_negatives, err), progress)
    if not args.misses:
        result.pop("misses")
    result["data"] = [str(p) for p in args.data]
    result["skipped_lines"] = skipped
    return emit(result, args.out)


def read_negatives(paths: list[Path], limit: int, err: Any = None) -> list[tuple[str, str]]:
    """(id, text) of unlabelled real articles: .txt files of a folder, or JSONL rows with "text"."""
    found: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.glob("*.txt")):
                found.append((f"{path.name}/{file.name}", file.read_text(encoding="utf-8", errors="replace")))
        else:
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    try:
                        row = json.loads(line)
                        if row.get("language", "en") == "en" and isinstance(row.get("text"), str):
                            found.append((f"{path.name}:{row.get('id', number)}", row["text"]))
                    except (json.JSONDecodeError, AttributeError):
                        if err is not None:
                            err.print(f"skipped {path}:{number}: not a JSON object", markup=False)
    return found[:limit]


def gather_rows(records: list[Labelled], negatives: list[tuple[str, str]], progress: bool) -> list[Any]:
    """Training rows for the unknown-name model (see ``unspin.places.training``)."""
    from unspin.places.training import candidate_rows

    unlabelled = [Labelled(id=f"neg:{i}", text=t, published=None) for i, t in negatives]
    analyses = analyze_records(records + unlabelled, progress, record_candidates=True, analyzers=("places",))
    rows = []
    for record, analysis in zip(records + unlabelled, analyses):
        candidates = analysis.runs["places"].result.summary.get("candidates", [])
        bad = [span for b in record.bad_places for span in _occurrences(record.text, b["name"])]
        rows.extend(candidate_rows(record.id, candidates, bad))
    return rows


def cross_validated_analyses(records: list[Labelled], rows: list[Any], k: int, seed: int,
                             progress: bool) -> list[Any]:
    """Every article analysed with a model fitted on the other folds (its own rows left out)."""
    from unspin.places.candidate_model import CandidateModel
    from unspin.places.training import best_threshold, fit_weights, fold_of, out_of_fold

    import numpy as np

    analyses: list[Any] = [None] * len(records)
    for fold in range(k):
        train_rows = [r for r in rows if fold_of(r.group, k, seed) != fold]
        inner_scores = out_of_fold(train_rows, k, seed + 1)
        threshold, _ = best_threshold(inner_scores, np.array([r.label for r in train_rows]))
        model = CandidateModel(fit_weights(train_rows), threshold)
        members = [i for i, r in enumerate(records) if fold_of(r.id, k, seed) == fold]
        for i, analysis in zip(members, analyze_records([records[i] for i in members], progress, model=model)):
            analyses[i] = analysis
    return analyses


def audit_unlabelled(articles: list[tuple[str, str]], progress: bool) -> dict[str, Any]:
    """Flags raised on real articles nobody planted errors in: each is a false flag or
    a real error of the source, for a person to tell apart (the list is in the output)."""
    records = [Labelled(id=i, text=t, published=None) for i, t in articles]
    flags = []
    for record, analysis in zip(records, analyze_records(records, progress)):
        for finding in analysis.findings:
            if finding.kind in PLACE_FLAG_KINDS | DURATION_FLAG_KINDS:
                flags.append({"id": record.id, "kind": finding.kind, "name": finding.details.get("name"),
                              "message": finding.message})
    return {"articles": len(records), "flags": len(flags),
            "flags_per_100_articles": round(100 * len(flags) / len(records), 1) if records else None,
            "listed": flags}
