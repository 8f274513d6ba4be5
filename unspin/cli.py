"""The ``unspin`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from unspin import __version__
from unspin.analyzers import DEFAULT_ANALYZERS
from unspin.commands.argtypes import iso_date, positive_int

FORMATS = ("text", "json", "jsonl", "html", "parquet")

ANALYZE_HELP = """\
Analyse articles: who is speaking, which places and dates they name, and
whether those hold. Every finding carries its evidence (character spans),
the computed numbers and a confidence.

PATH may be a file (.txt, .html, .jsonl, .warc, .warc.gz), a directory
(read recursively), a glob such as 'crawl/**/*.warc.gz' (quote it), or '-'
for standard input. Unreadable inputs are reported by file and line or
record and skipped; the exit status is then 1.
"""

ANALYZE_EPILOG = """\
examples:
  unspin analyze article.txt --published 2025-12-12
  unspin analyze crawl.warc.gz --format html --out report.html
  cat rows.jsonl | unspin analyze - --format jsonl > analyses.jsonl
  unspin analyze news/ --timeline my-events.tsv --format json --out report.json
  unspin analyze big/ --jobs 2 --format jsonl --out analyses.jsonl
  unspin analyze 'shards/*.jsonl' --engine dask --scheduler tcp://head:8786 --format parquet --out analyses/

exit status: 0 all inputs analysed, 1 some input could not be read,
2 bad command line.
"""




def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unspin",
        description="unspin reads news the way a fact-checker does, and shows its evidence.",
    )
    parser.add_argument("--version", action="version", version=f"unspin {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    analyze = commands.add_parser(
        "analyze", help="analyse articles and report findings with evidence",
        description=ANALYZE_HELP, epilog=ANALYZE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    analyze.add_argument("paths", nargs="+", metavar="PATH",
                         help="files, directories, globs, or '-' for standard input")
    analyze.add_argument("--published", type=iso_date, metavar="DATE",
                         help="publication date (YYYY-MM-DD) for articles that carry none; "
                              "relative dates ('December 11', 'last week') and durations are "
                              "resolved against it")
    analyze.add_argument("--format", choices=FORMATS, default="text",
                         help="text: terminal report (default); json: one JSON document "
                              "(schema: unspin/schema/analysis.schema.json); jsonl: one analysis "
                              "per line, streamed; html: self-contained page with evidence "
                              "highlighted; parquet: with --engine dask only (one shard per input)")
    analyze.add_argument("--out", type=Path, metavar="PATH",
                         help="write the report to PATH instead of standard output")
    analyze.add_argument("--analyzers", metavar="NAMES",
                         help="comma-separated analyzers to run, in order "
                              f"(default: all built-in: {','.join(DEFAULT_ANALYZERS)})")
    analyze.add_argument("--timeline", action="append", type=Path, default=[], metavar="FILE",
                         help="extra reference-timeline file (same format as the shipped one, "
                              "see docs/timeline.md); repeatable")
    analyze.add_argument("--narrative-catalog", action="append", type=Path, default=[], metavar="FILE",
                         help="extra narrative catalog (TOML, same format as the shipped one, see "
                              "docs/narratives.md): its entries extend or replace the built-in "
                              "ones; repeatable; also read from $UNSPIN_NARRATIVE_CATALOGS")
    analyze.add_argument("--encoding", metavar="NAME",
                         help="decode text inputs with this encoding (e.g. cp1251) instead of "
                              "UTF-8")
    analyze.add_argument("--show-spans", action="store_true",
                         help="text format: also list every annotation span (places, dates, quotes)")
    analyze.add_argument("--no-progress", action="store_true",
                         help="never show the progress bar (it shows on a terminal by default)")
    analyze.add_argument("--jobs", type=positive_int, metavar="N",
                         help="worker processes, each loading the models once (about 700 MB each); "
                              "output keeps the input order (default: $UNSPIN_JOBS, else the machine's "
                              "cores; inputs of fewer than 6 articles per worker run in one process)")
    analyze.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="local: this machine (default); dask: a Dask cluster, one task per input "
                              "file, one output shard per input in --out DIR (see docs/scale-out.md)")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: the scheduler (tcp://host:8786); without it a local "
                              "cluster of --jobs worker processes runs here")
    analyze.set_defaults(func=run_analyze)

    from unspin.commands import register_all

    register_all(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _pipeline_config(args: argparse.Namespace) -> dict:
    config: dict = {}
    if args.timeline:
        config["dates"] = {"timeline_paths": [str(p) for p in args.timeline]}
    if args.narrative_catalog:
        config["narratives"] = {"catalogs": [str(p) for p in args.narrative_catalog]}
    return config


def run_analyze(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from unspin.analyzers import DEFAULT_ANALYZERS, registered
    from unspin.report.safe_text import terminal_safe
    from unspin.pipeline import Pipeline
    from unspin.read import ReadError, read_inputs

    err = Console(stderr=True)
    names = tuple(n.strip() for n in args.analyzers.split(",")) if args.analyzers else DEFAULT_ANALYZERS
    unknown = [n for n in names if n not in registered()]
    if unknown:
        err.print(f"[red]error:[/] unknown analyzer(s) {', '.join(unknown)}; "
                  f"known: {', '.join(registered())}")
        return 2
    for option, paths in (("--timeline", args.timeline), ("--narrative-catalog", args.narrative_catalog)):
        for path in paths:
            if not path.is_file():
                err.print(f"[red]error:[/] {option} {escape(terminal_safe(str(path)))}: no such file")
                return 2

    if args.engine == "dask" or args.format == "parquet" or args.scheduler:
        from unspin.commands.engine_run import run_on_engine

        return run_on_engine(args, names, _pipeline_config(args), err)

    from unspin.parallel import ParallelPipeline

    with err.status("loading models…", spinner="dots"):
        try:
            local = Pipeline(names, config=_pipeline_config(args))
        except (OSError, ValueError) as exc:
            err.print(f"[red]error:[/] {escape(terminal_safe(str(exc)))}")
            return 2
        # Small inputs run in this process, with the models just loaded; larger ones in workers.
        pipeline = ParallelPipeline(names, config=_pipeline_config(args), jobs=args.jobs, local=local)
        from unspin.nlp import english
        from unspin.places.gazetteer import announce_build

        announce_build(lambda message: err.print(message, markup=False))
        english()  # load once, before the progress bar starts timing

    errors: list[ReadError] = []

    def articles():
        for item in read_inputs(args.paths, stdin=sys.stdin.buffer, encoding=args.encoding):
            if isinstance(item, ReadError):
                errors.append(item)
                err.print(f"[yellow]skipped[/] {escape(terminal_safe(item.source))}: "
                          f"{escape(terminal_safe(item.reason))}", highlight=False)
            else:
                yield item

    show_progress = not args.no_progress and err.is_terminal
    out = _open_out(args.out)
    try:
        analyses = _analyze_all(pipeline, articles(), args, out, err, show_progress)
        _write_report(analyses, errors, args, out)
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out:
        err.print(f"wrote {escape(terminal_safe(str(args.out)))}")
    if errors:
        err.print(f"[yellow]{len(errors)} input(s) could not be read[/]")
    return 1 if errors else 0


def _open_out(path: Path | None) -> IO[str]:
    if path is None:
        return sys.stdout
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")


def _analyze_all(pipeline, articles, args, out, err, show_progress) -> list:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    analyses = []
    progress = Progress(SpinnerColumn(), TextColumn("analysing"), BarColumn(bar_width=None),
                        TextColumn("{task.completed} articles"),
                        TextColumn("[dim]{task.fields[rate]}"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not show_progress)
    with progress:
        task = progress.add_task("analyse", total=None, rate="")
        for analysis in pipeline.pipe(articles, published=args.published):
            if args.format == "jsonl":  # streamed: nothing held in memory
                out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            else:
                analyses.append(analysis)
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed:
                progress.update(task, rate=f"{progress.tasks[0].completed / elapsed:.1f}/s")
    return analyses


def _write_report(analyses, errors, args, out) -> None:
    if args.format == "jsonl":
        return
    if args.format == "json":
        from unspin.report.json_report import render_json

        json.dump(render_json(analyses, errors=errors), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "html":
        from unspin.report.html import render_html

        out.write(render_html(analyses, errors=errors))
    else:
        from rich.console import Console

        from unspin.report.text import render_text

        on_terminal = out is sys.stdout and sys.stdout.isatty()
        # Files and pipes get a fixed, roomy width so tables don't wrap at 80 columns.
        console = Console(file=out, width=None if on_terminal else 120,
                          no_color=out is not sys.stdout, highlight=False)
        render_text(analyses, console, errors=errors, show_spans=args.show_spans)


if __name__ == "__main__":
    sys.exit(main())
