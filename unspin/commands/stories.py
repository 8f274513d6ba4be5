"""``unspin stories``: the stored corpus grouped into stories, each with its origin."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from unspin.report.safe_text import safe_markup

HELP = """\
Group the stored corpus into stories: articles that share one text lineage
(copies, rewrites, cross-language rewrites). For each story: the origin and
the reasons for it (earliest published, upstream language, content superset,
upstream in the tracer's direction verdicts) with a confidence, or no origin
when the evidence is weak; every member with its relation to the origin or to
the member it was copied from; outlets; time span; independent coverage of
the same event (never counted as a rewrite).

Grouping needs links strong enough that one weak link cannot chain two
stories together; see docs/stories-and-outlets.md.
"""

EPILOG = """\
examples:
  unspin ingest crawl/ && unspin stories
  unspin stories --db postgresql://localhost/news --format json --out stories.json
  unspin stories --format html --out stories.html

The HTML file is self-contained: an index, then one section per story with
the origin and each rewrite side by side, aligned sentence by sentence.

exit status: 0 done, 1 the store could not be read, 2 bad command line.
"""


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL",
                        help="store to read: a SQLAlchemy URL (sqlite:///file.db, postgresql://…); "
                             "default $UNSPIN_DB, else unspin.db in the current directory")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text",
                        help="text: terminal listing (default); json: one JSON document; "
                             "html: one self-contained page")
    parser.add_argument("--out", type=Path, metavar="PATH",
                        help="write to PATH instead of standard output")
    parser.add_argument("--min-score", type=float, default=None, metavar="S",
                        help="link score a pair of single articles needs to be grouped; larger groups "
                             "need proportionally more support (default: the value learned with the "
                             "trace models, 0.5 without them); for outlets also the least score of an "
                             "outlet edge (default 0.5)")
    parser.add_argument("--wide-vectors", action="store_true",
                        help="first give every stored article a multilingual-e5 vector when the store "
                             "holds a language the main encoder lacks (Ukrainian, Hindi, Swahili, "
                             "Vietnamese, ...): machine translations into those languages then meet "
                             "their siblings; about 8 articles/s on 2 cores, once per store "
                             "(docs/tracing.md)")
    parser.add_argument("--no-progress", action="store_true",
                        help="never show the progress bar (it shows on a terminal by default)")


def register(subparsers) -> None:
    parser = subparsers.add_parser("stories", help="group stored articles into stories and pick their origins",
                                   description=HELP, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.set_defaults(func=run)


@contextmanager
def relation_progress(err, show: bool, total: int | None = None) -> Iterator:
    """A progress bar fed by ``relations_for_corpus``, which reports the running
    number of articles traced."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("tracing relations"), BarColumn(bar_width=None),
                        TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show)
    with progress:
        task = progress.add_task("trace", total=total)
        yield lambda done: progress.update(task, completed=done)


def fill_wide(store, err, show: bool, total: int | None) -> None:
    """``--wide-vectors``: e5 vectors for the whole store (trace.wide.fill_wide_vectors)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from unspin.trace.wide import fill_wide_vectors

    progress = Progress(SpinnerColumn(), TextColumn("e5 vectors"), BarColumn(bar_width=None),
                        TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show)
    with progress:
        task = progress.add_task("e5", total=total)
        done = fill_wide_vectors(store, progress=lambda n: progress.update(task, completed=n))
    if done:
        err.print(f"e5 vectors made for {done} articles", highlight=False)


def open_out(path: Path | None) -> IO[str]:
    if path is None:
        return sys.stdout
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")


def load(args, err):
    """(store, corpus) or raises with a readable message."""
    from unspin.corpus import loading

    store = loading.open_store(args.db)
    show = not args.no_progress and err.is_terminal
    total = store.count() if show and callable(getattr(store, "count", None)) else None
    if getattr(args, "wide_vectors", False) and hasattr(store, "ids_without_wide_vectors"):
        fill_wide(store, err, show, total)
    with relation_progress(err, show, total) as progress:
        corpus = loading.load_corpus(store, progress=progress, with_unlinked=args.command == "outlets")
    return store, corpus


def prepare(args, err):
    """Check --min-score, read the store and group its stories.

    Returns (store, corpus, stories, min_score) — the caller closes the store —
    or an exit status when that could not be done."""
    from unspin.corpus.loading import load_skeletons
    from unspin.corpus.stories import build_stories
    from unspin.trace.grouping import story_link_share

    min_score = story_link_share() if args.min_score is None else args.min_score
    if not 0 < min_score <= 1:
        err.print("[red]error:[/] --min-score must be in (0, 1]")
        return 2
    try:
        store, corpus = load(args, err)
    except Exception as exc:  # the store's own errors (bad URL, no server) end here, readably
        err.print(f"[red]error:[/] cannot read the store: {type(exc).__name__}: {safe_markup(exc)}", highlight=False)
        return 1
    try:
        stories = build_stories(corpus.articles, corpus.relations, link_share=min_score,
                                skeletons=load_skeletons(store, corpus.linked_ids))
    except BaseException:
        store.close()
        raise
    return store, corpus, stories, min_score


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    err = Console(stderr=True)
    prepared = prepare(args, err)
    if isinstance(prepared, int):
        return prepared
    store, corpus, stories, min_score = prepared
    try:
        out = open_out(args.out)
        try:
            if args.format == "json":
                json.dump({"stories": [s.to_dict() for s in stories], "count": len(stories),
                           "articles_in_stories": sum(len(s.members) for s in stories),
                           "min_score": min_score}, out, ensure_ascii=False, indent=2)
                out.write("\n")
            elif args.format == "html":
                from unspin.corpus.alignment import with_alignments
                from unspin.corpus.loading import tracer_aligner
                from unspin.report.trace_html import render_stories_html

                relations = with_alignments(stories, corpus.articles, corpus.relations, tracer_aligner())
                out.write(render_stories_html(stories, corpus.articles, relations))
            else:
                from unspin.corpus.text import stories_text

                out.write(stories_text(stories))
        finally:
            if out is not sys.stdout:
                out.close()
    finally:
        store.close()
    if args.out:
        err.print(f"wrote {safe_markup(args.out)}")
    return 0
