"""``unspin ingest``: read articles into the corpus store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from unspin.commands.argtypes import iso_date, positive_int
from unspin.report.safe_text import safe_markup

DESCRIPTION = """\
Read articles into the corpus store, with their raw HTML (HTML files, WARC
records), fingerprints for tracing, and optionally their analyses.

PATH may be a file (.txt, .html, .jsonl, .warc, .warc.gz), a directory (read
recursively), a glob such as 'crawl/**/*.warc.gz' (quote it), or '-' for
standard input; see docs/input-formats.md.

Ingest is idempotent and resumable: an article whose URL or content (SHA-256
of the text, whitespace normalised) is already stored is skipped, and each
batch is committed as a whole, so an interrupted ingest is finished by running
the same command again. Unreadable inputs are skipped, counted and kept with
their reason in the store's errors table. See docs/store.md.
"""

EPILOG = """\
examples:
  unspin ingest news/                                  # into ./unspin.db
  unspin ingest 'crawl/**/*.warc.gz' --db corpus.db
  unspin ingest rows.jsonl --db postgresql://me@localhost/unspin
  UNSPIN_DB=corpus.db unspin ingest extra/ --analyze --published 2025-12-12
  unspin ingest --reindex --db corpus.db               # recompute fingerprints

store URL: --db, else $UNSPIN_DB, else the SQLite file unspin.db here.
exit status: 0 all inputs stored, 1 some input could not be read,
2 bad command line or the store could not be opened.
"""






def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ingest", help="read articles into the corpus store (SQLite or PostgreSQL)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files, directories, globs, or '-' for standard input")
    parser.add_argument("--db", metavar="URL",
                        help="store: sqlite:///path.db, a plain file path, or "
                             "postgresql://user:password@host/database (default: $UNSPIN_DB, "
                             "else ./unspin.db)")
    parser.add_argument("--batch-size", type=positive_int, default=500, metavar="N",
                        help="articles per transaction (default 500)")
    parser.add_argument("--analyze", action="store_true",
                        help="also run the default analysis on every stored article that has "
                             "no analysis by this unspin version, and store it (slow: spaCy)")
    parser.add_argument("--jobs", type=positive_int, metavar="N",
                        help="with --analyze: worker processes for the analysis, each loading the models "
                             "once (default: $UNSPIN_JOBS, else the machine's cores)")
    parser.add_argument("--published", type=iso_date, metavar="DATE",
                        help="publication date (YYYY-MM-DD) stored for articles that carry none")
    parser.add_argument("--encoding", metavar="NAME",
                        help="decode text inputs with this encoding (e.g. cp1251) instead of UTF-8")
    parser.add_argument("--analyses", action="store_true",
                        help="the PATHs are analysis shards (analyze --engine dask output, or analyze "
                             "--format jsonl): store each article with its analysis")
    parser.add_argument("--fingerprints", type=Path, metavar="DIR",
                        help="use the fingerprints an 'unspin candidates' run in DIR computed (on a cluster) "
                             "for the PATHs' articles instead of computing them here")
    parser.add_argument("--candidates", type=Path, metavar="DIR",
                        help="load the candidate pairs and vectors of an 'unspin candidates' run in DIR "
                             "(after the articles themselves are stored)")
    parser.add_argument("--reindex", action="store_true",
                        help="recompute the fingerprints of every stored article (after an "
                             "unspin upgrade changed them); PATHs are optional with it")
    parser.add_argument("--no-progress", action="store_true",
                        help="never show the progress bar (it shows on a terminal by default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from unspin.store.engine import describe_url, normalise_url

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not args.paths and not args.reindex and not args.candidates:
        err.print("[red]error:[/] name at least one PATH to ingest (or use --reindex or --candidates DIR)")
        return 2
    if args.candidates is not None and not (args.candidates / "pairs").is_dir():
        err.print(f"[red]error:[/] --candidates {safe_markup(args.candidates)}: no pairs/ folder there "
                  "(the output of 'unspin candidates')")
        return 2
    try:
        url = normalise_url(args.db)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError on a malformed URL
        err.print(f"[red]error:[/] --db {safe_markup(repr(args.db))} is not a database URL or path ({safe_markup(exc)})")
        return 2
    store = _open(url, err)
    if store is None:
        return 2
    show_progress = not args.no_progress and err.is_terminal
    try:
        status = 0
        if args.paths and args.analyses:
            status = _load_analyses(store, args, err, show_progress)
        elif args.paths:
            status = _ingest(store, args, err, show_progress)
        if args.candidates is not None:
            status = max(status, _load_candidates(store, args.candidates, err, show_progress))
        if args.reindex:
            with _Bar(err, "fingerprinting", show_progress) as advance:
                count = store.reindex(batch=args.batch_size, progress=advance)
            err.print(f"fingerprinted {count} article(s) in {safe_markup(describe_url(url))}")
        if args.analyze:
            _analyze(store, args, err, show_progress)
        return status
    finally:
        store.close()


def _open(url: Any, err: Any) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from unspin.store import open_store
    from unspin.store.engine import describe_url, missing_store

    text = url.render_as_string(hide_password=False)
    if missing_store(text):
        err.print(f"creating a new store at {safe_markup(describe_url(url))}")
    try:
        return open_store(text)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err.print(f"[red]error:[/] cannot open the store {safe_markup(describe_url(url))}: {safe_markup(reason)}")
        return None


def _ingest(store: Any, args: argparse.Namespace, err: Any, show_progress: bool) -> int:
    from unspin.read import ReadError, read_inputs

    def items():
        for item in read_inputs(args.paths, stdin=sys.stdin.buffer, encoding=args.encoding):
            if isinstance(item, ReadError):
                err.print(f"[yellow]skipped[/] {safe_markup(item.source)}: {safe_markup(item.reason)}")
            elif args.published and item.published is None:
                item.published = args.published
                item.metadata.setdefault("published_from", "--published")
            yield item

    precomputed = None
    if args.fingerprints is not None:
        from unspin.engine.candidates import read_fingerprints

        with err.status("reading fingerprints…", spinner="dots"):
            precomputed = read_fingerprints(args.fingerprints)
        err.print(f"{len(precomputed)} precomputed fingerprint(s) from {safe_markup(args.fingerprints)}")
    run_args = {"paths": list(args.paths), "batch_size": args.batch_size,
                "published": args.published.isoformat() if args.published else None,
                "encoding": args.encoding}
    with _Bar(err, "ingesting", show_progress) as advance:
        report = store.ingest(items(), batch_size=args.batch_size, progress=advance,
                              args=run_args, encoding=args.encoding, fingerprints=precomputed)
    err.print(f"added {report.added}, skipped {report.skipped_duplicates} duplicate(s), "
              f"{report.errors} error(s) in {report.seconds:.1f}s ({report.rate:.0f} items/s); "
              f"store holds {store.count()} article(s)")
    if report.errors:
        reasons: dict[str, int] = {}
        for error in report.error_list:
            reasons[error.reason] = reasons.get(error.reason, 0) + 1
        for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
            err.print(f"  [yellow]{count}[/] × {reason}")
    return 1 if report.errors else 0


def _load_analyses(store: Any, args: argparse.Namespace, err: Any, show_progress: bool) -> int:
    from unspin.engine.dask_engine import input_shards
    from unspin.engine.load import load_analyses

    shards, problems = input_shards(args.paths)
    shards = [s for s in shards if not Path(s).name.startswith("errors-") and not s.endswith("manifest.json")]
    for problem in problems:
        err.print(f"[yellow]skipped[/] {safe_markup(problem['source'])}: {safe_markup(problem['reason'])}")
    with _Bar(err, "loading analyses", show_progress) as advance:
        report = load_analyses(store, shards, progress=advance)
    err.print(f"stored {report.analyses} analyses ({report.added} new articles, {report.duplicates} already "
              f"stored) from {len(shards)} shard(s); store holds {store.count()} article(s)")
    for error in report.errors[:20]:
        err.print(f"[yellow]skipped[/] {safe_markup(error['source'])}: {safe_markup(error['reason'])}")
    return 1 if report.errors or problems else 0


def _load_candidates(store: Any, folder: Path, err: Any, show_progress: bool) -> int:
    from unspin.engine.load import load_candidates

    with _Bar(err, "loading candidates", show_progress) as advance:
        report = load_candidates(store, folder, progress=advance)
    err.print(f"stored {report.pairs} candidate pair(s) and the vectors of up to {report.vectors} article(s); "
              f"{report.left_out} pair(s) named articles this store does not hold (ingest the articles first)")
    return 0


def _analyze(store: Any, args: argparse.Namespace, err: Any, show_progress: bool) -> None:
    from unspin.pipeline import Pipeline

    from unspin.places.gazetteer import announce_build

    announce_build(lambda message: err.print(message, markup=False))
    from unspin.parallel import ParallelPipeline

    with err.status("loading models…", spinner="dots"):
        pipeline = ParallelPipeline(jobs=args.jobs, local=Pipeline())
    done = 0
    with _Bar(err, "analysing", show_progress) as advance:
        # Articles without an analysis by this version: an interrupted run resumes.
        for analysis in pipeline.pipe(store.iter_unanalysed(), published=args.published):
            store.save_analysis(analysis.article.id, analysis.to_dict())
            done += 1
            advance(1)
    err.print(f"analysed {done} article(s)")


class _Bar:
    """A rich progress bar with a rate on stderr; ``advance(n)`` moves it."""

    def __init__(self, err: Any, label: str, show: bool) -> None:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn(label), BarColumn(bar_width=None),
                                 TextColumn("{task.completed} items"),
                                 TextColumn("[dim]{task.fields[rate]}"), TimeElapsedColumn(),
                                 console=err, transient=True, disable=not show)

    def __enter__(self):
        self.progress.__enter__()
        task = self.progress.add_task("work", total=None, rate="")

        def advance(count: int) -> None:
            self.progress.advance(task, count)
            state = self.progress.tasks[0]
            if state.elapsed:
                self.progress.update(task, rate=f"{state.completed / state.elapsed:.0f}/s")

        return advance

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)
