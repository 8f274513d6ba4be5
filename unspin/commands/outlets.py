"""``unspin outlets``: the outlet network and domain forensics from stored HTML."""

from __future__ import annotations

import argparse
import json
import sys

from unspin.commands.stories import add_common_arguments, open_out, prepare
from unspin.report.safe_text import safe_markup

HELP = """\
Show the outlet network of the stored corpus: which domains republish or
rewrite which (A -> B: B takes from A), how often, with the median lag, and
per outlet its share of rewrites, typical lag and sibling outlets (outlets
that carry the same stories downstream).

Domain forensics read the raw HTML kept at ingest (HTML and WARC inputs):
analytics and tag IDs (Google Analytics UA-/G-, Tag Manager GTM-, Yandex
Metrica, Mail.ru counter), ad IDs (AdSense ca-pub-, Facebook pixel), site
verification tokens, meta generator, WordPress theme and plugins, feed URLs,
author names, asset hosts and IP addresses. Each indicator has an evidence
tier: strong (unique account IDs), medium (uncommon theme or plugin stack,
same author name, a feed on another domain), weak (common themes,
generator, shared CDN or hosting). Domains sharing indicators are paired.
"""

EPILOG = """\
examples:
  unspin outlets
  unspin outlets --format html --out outlets.html
  unspin outlets --db postgresql://localhost/news --format json > outlets.json

exit status: 0 done, 1 the store could not be read, 2 bad command line.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser("outlets", help="outlet network and domain forensics from stored HTML",
                                   description=HELP, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--no-forensics", action="store_true",
                        help="skip reading stored HTML (network only)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from unspin.corpus.forensics import operator_groups, shared_indicators
    from unspin.corpus.loading import corpus_forensics
    from unspin.corpus.outlets import outlet_network
    from unspin.trace.grouping import DEFAULT_LINK_SHARE

    err = Console(stderr=True)
    prepared = prepare(args, err)
    if isinstance(prepared, int):
        return prepared
    store, corpus, stories, _ = prepared
    # the edges' least score is its own setting: the learned link share tunes grouping only
    min_score = DEFAULT_LINK_SHARE if args.min_score is None else args.min_score
    try:
        network = outlet_network(corpus.articles, corpus.relations, stories=stories, min_score=min_score)
        per_domain = {}
        if not args.no_forensics:
            progress = Progress(TextColumn("reading stored HTML"), BarColumn(bar_width=None),
                                TextColumn("{task.completed}/{task.total} articles"), TimeElapsedColumn(),
                                console=err, transient=True,
                                disable=args.no_progress or not err.is_terminal)
            with progress:
                task = progress.add_task("forensics", total=len(corpus.articles))
                per_domain = corpus_forensics(store, corpus.articles, advance=lambda: progress.advance(task))
    finally:
        store.close()
    shared = shared_indicators(per_domain)
    groups = operator_groups(shared)

    out = open_out(args.out)
    try:
        if args.format == "json":
            json.dump({"network": network,
                       "forensics": {"domains": {d: [i.to_dict() for i in items] for d, items in per_domain.items()},
                                     "shared": shared, "operator_groups": groups}},
                      out, ensure_ascii=False, indent=2, default=str)
            out.write("\n")
        elif args.format == "html":
            from unspin.report.trace_html import render_outlets_html

            out.write(render_outlets_html(network, per_domain, shared=shared))
        else:
            from unspin.corpus.text import outlets_text

            out.write(outlets_text(network, per_domain, shared, groups))
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out:
        err.print(f"wrote {safe_markup(args.out)}")
    return 0
