"""``unspin eval attribution``: the sources analyzer against PolNeAR's gold
Source / Cue / Content relations.

Reading the folders is :mod:`unspin.evals.polnear`, the match definitions
and figures :mod:`unspin.evals.polnear_score`; this module runs the analyzer
(through :class:`unspin.pipeline.Pipeline`, as ``unspin analyze`` does) and
maps its attributions onto relations.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from unspin.evals.polnear import Document, PolnearError, Relation, read_folder
from unspin.evals.polnear_score import Scorer
from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Run the sources analyzer on every DIR/text/<article>.txt and score its
attributions against the gold relations in DIR/attributions/<article>_<annotator>.ann
(PolNeAR layout: ../shared/data/attribution/polnear/{train,dev}). Prints JSON
with precision/recall/F1 for source, cue and content spans and for whole
relations, each in three views:

  exact    aligned relations whose part covers the same words
  partial  aligned relations whose parts share at least one word
  overlap  BBC Citron's overlap metric: shared words / predicted words
           (precision) and / gold words (recall), pooled per part

Words are runs of letters and digits, so punctuation, quote marks and
whitespace at the edges never decide a match. Relations are aligned one to
one: two may pair when their cues share a word (or, when either has no cue,
their contents do), largest shared cue first; nothing is counted twice.
A whole relation matches when all three parts match (a part both lack
matches). Full definitions: docs/attribution.md.

PolNeAR has one annotator per document, except a few articles all
annotators did for agreement checks: there the first .ann file in sorted
name order is the gold, and the JSON says how many documents that was
("documents_with_several_annotators").
"""

EPILOG = """\
examples:
  unspin eval attribution --data ../shared/data/attribution/polnear/dev
  unspin eval attribution --data ../shared/data/attribution/polnear/train --limit 100 \\
      --predictions out/train-pred.jsonl --out out/train-eval.json

--predictions writes one JSON line per document: its name, the gold file,
the predicted relations with character spans (start, end, text) per part,
and which predicted relation was aligned with which gold one.
Predicted relations follow PolNeAR's conventions where unspin's display
differs (span edges move and pieces join; nothing found is dropped):
  - a "that" or "whether" between cue and content joins the content;
  - a speaker or cue written inside the content ("X, he said, is Y") is cut out;
  - the words describing the speaker right after the name (", co-director
    of …,") join the source; in "X, who said …" the source is "who";
  - a cue-less quotation continuing the speaker just quoted, and a second
    quotation sharing the first one's cue ("‘A,’ she said, ‘B.’"), join
    that relation's content.
exit status: 0 evaluated, 1 unusable data (no readable document), 2 bad command line.
Files that cannot be read are named on stderr and left out; the rest is scored.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "attribution", help="evaluate quotes and attribution on PolNeAR-layout folders",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="DIR",
                        help="a PolNeAR compartment: DIR/text/*.txt and DIR/attributions/*.ann")
    parser.add_argument("--predictions", type=Path, metavar="OUT.jsonl",
                        help="write the predicted relations, one JSON line per document")
    parser.add_argument("--limit", type=_positive, metavar="N",
                        help="score only the first N documents (in name order)")
    parser.add_argument("--jobs", type=_positive, default=1, metavar="N",
                        help="worker processes for the analysis (default 1; the figures do not depend on it)")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {value}")
    return number


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        corpus = read_folder(args.data, limit=args.limit)
    except PolnearError as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    for problem in corpus.problems:
        err.print(f"warning: skipped {problem}", markup=False)
    if not corpus.documents:
        err.print(f"error: no readable PolNeAR document in {args.data}", markup=False)
        return 1
    out = None
    if args.predictions:
        args.predictions.parent.mkdir(parents=True, exist_ok=True)
        out = args.predictions.open("w", encoding="utf-8")
    try:
        result = evaluate(corpus.documents, predictions=out, progress=err if sys.stderr.isatty() else None,
                          jobs=args.jobs)
    finally:
        if out is not None:
            out.close()
    result["data"] = str(args.data)
    result["counts"]["documents_skipped"] = len(corpus.problems)
    result["counts"]["documents_with_several_annotators"] = corpus.multi_annotated
    result["gold_choice"] = "first .ann file in sorted name order where a document has several"
    return emit(result, args.out)


def analyse(documents: Sequence[Document], jobs: int = 1) -> Iterator[tuple[Document, dict[str, Any]]]:
    """The sources summary of every document, through the analysis pipeline (over ``jobs``
    worker processes when more than one)."""
    from unspin.model import Article
    from unspin.parallel import ParallelPipeline

    pipeline = ParallelPipeline(["sources"], jobs=jobs)
    articles = (Article(text=d.text, id=d.name, language="en", source=d.name) for d in documents)
    for document, analysis in zip(documents, pipeline.pipe(articles)):
        run = analysis.runs.get("sources")
        summary = run.result.summary if run is not None and run.result is not None else {}
        yield document, summary


def evaluate(documents: Sequence[Document], predictions: Any = None, progress: Any = None,
             jobs: int = 1) -> dict[str, Any]:
    """Analyse and score ``documents``; ``predictions`` is an open text file
    for the JSON lines, ``progress`` a rich Console for a progress bar."""
    scorer = Scorer()
    predicted_total = 0
    started = time.perf_counter()
    stream = analyse(documents, jobs)
    if progress is not None:
        from rich.progress import track

        stream = track(stream, total=len(documents), description="attribution", console=progress)
    for document, summary in stream:
        predicted = relations_from_summary(summary, document.text)
        predicted_total += len(predicted)
        alignment = scorer.add(document.text, predicted, document.relations)
        if predictions is not None:
            record = {"document": document.name, "gold_file": document.annotation_file,
                      "relations": [r.as_dict(document.text) for r in predicted], **alignment}
            predictions.write(json.dumps(record, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    figures = scorer.figures()
    figures["counts"] = {
        "documents": scorer.documents,
        "gold_relations": sum(len(d.relations) for d in documents),
        "predicted_relations": predicted_total,
        "seconds": round(elapsed, 1),
    }
    return figures


_RELATIVE = re.compile(r"\s*,?\s*(who|which|that)\s+(?:[a-z’']+\s+){0,3}$", re.IGNORECASE)
_THAT_BEFORE = re.compile(r"\b(?:that|whether)\s*$", re.IGNORECASE)


def relations_from_summary(summary: dict[str, Any], text: str) -> list[Relation]:
    """The analyzer's attributions as relations in PolNeAR's conventions."""
    relations: list[Relation] = []
    entity_of_last: str | None = None  # the source entity (first mention's id) of relations[-1]
    by_cue: dict[tuple[int, int], int] = {}  # cue span -> index of its relation
    for a in summary.get("attributions", []):
        speaker, cue, content = a.get("speaker"), a.get("cue"), a.get("content")
        if content is None:
            continue
        refers_to = (a.get("source") or {}).get("refers_to")
        if speaker is None and cue is None and refers_to and relations and refers_to == entity_of_last:
            # A cue-less quotation going on from the speaker just quoted: one relation.
            previous = relations[-1]
            merged = tuple(sorted(previous.content + ((content["start"], content["end"]),)))
            relations[-1] = Relation(previous.id, previous.source, previous.cue, merged)
            continue
        if cue is not None and (cue["start"], cue["end"]) in by_cue:
            # "‘A,’ she said, ‘B.’": one cue, one relation with two content parts.
            k = by_cue[(cue["start"], cue["end"])]
            earlier = relations[k]
            merged = tuple(sorted(earlier.content + ((content["start"], content["end"]),)))
            relations[k] = Relation(earlier.id, earlier.source, earlier.cue, merged)
            continue
        inside = [(s["start"], s["end"]) for s in (speaker, cue) if s is not None]
        fragments = _tidy(_cut((content["start"], content["end"]), inside), text) or \
            ((content["start"], content["end"]),)
        cue_end = cue["end"] if cue is not None else None
        start = fragments[0][0]
        that = _THAT_BEFORE.search(text, max(0, start - 12), start)
        if that and (cue_end is not None and cue_end <= that.start()):
            fragments = ((that.start(), fragments[0][1]), *fragments[1:])
        source: tuple[tuple[int, int], ...] = ()
        relative = _RELATIVE.match(text, speaker["end"], cue["start"]) if speaker and cue and \
            speaker["end"] <= cue["start"] else None
        if relative is not None:
            # "Annette Guessford, who said …": PolNeAR's source is the relative pronoun.
            source = ((relative.start(1), relative.end(1)),)
        elif speaker is not None:
            detail = a.get("speaker_detail")
            # PolNeAR's source keeps the apposition or clause describing the speaker.
            end = detail["end"] if detail and 0 <= detail["start"] - speaker["end"] <= 3 else speaker["end"]
            source = ((speaker["start"], end),)
        relations.append(Relation(
            a["id"],
            source,
            ((cue["start"], cue["end"]),) if cue else (),
            fragments))
        entity_of_last = refers_to or a["id"]
        if cue is not None:
            by_cue[(cue["start"], cue["end"])] = len(relations) - 1
    return relations


def _cut(span: tuple[int, int], holes: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``span`` without the parts of ``holes`` strictly inside it."""
    pieces = [span]
    for h_start, h_end in sorted(holes):
        next_pieces = []
        for start, end in pieces:
            if h_start >= end or h_end <= start:
                next_pieces.append((start, end))
                continue
            if start < h_start:
                next_pieces.append((start, h_start))
            if h_end < end:
                next_pieces.append((h_end, end))
        pieces = next_pieces
    return tuple(p for p in pieces if p[1] > p[0])


_EDGE = " \t\n,;:—–-"


def _tidy(fragments: tuple[tuple[int, int], ...], text: str) -> tuple[tuple[int, int], ...]:
    """Fragments without blank or punctuation-only pieces and edge commas/blanks."""
    tidy = []
    for start, end in fragments:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if _WORDLIKE.search(text, start, end):
            tidy.append((start, end))
    return tuple(tidy)


_WORDLIKE = re.compile(r"\w")
