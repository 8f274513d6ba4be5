"""``unspin trace``: where did this article come from, and who rewrote it?"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from unspin.commands.argtypes import non_negative_int, positive_int
from unspin.report.safe_text import safe_markup
from unspin.trace.report import trace_to_dict

DESCRIPTION = """\
Find the relatives of an article in the corpus store: near-verbatim copies,
rewrites (paraphrases of the same text), cross-language rewrites
(translations matched through numbers, dates, transliterated names and
quotes), and independent reports of the same event (a weaker relation, never
counted as a rewrite). Each relative comes with its score, time lag,
direction (is it the older text, a candidate origin?), the aligned sentence
pairs that support the relation, and what the rewrite added or changed:
inserted passages, invented quotes, changed numbers and names.

ARTICLE_OR_ID is a stored article id, a stored URL, or a file (any input
format unspin reads) whose articles are traced against the store without
being stored. See docs/tracing.md.
"""

EPILOG = """\
examples:
  unspin trace enr-r1                          # a stored id, store ./unspin.db
  unspin trace https://example.com/2025/12/22/story --db corpus.db
  unspin trace suspicious.html -k 5 --format json
  unspin trace rewrite.txt --window-days 7 --db postgresql://me@localhost/unspin

store URL: --db, else $UNSPIN_DB, else the SQLite file unspin.db here.
exit status: 0 traced, 1 the article was not found or could not be read,
2 bad command line or the store could not be opened.
"""

RELATION_STYLE = {"copy": "bold red", "rewrite": "red", "cross_language_rewrite": "magenta",
                  "independent": "green"}






def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "trace", help="find copies, rewrites and translations of an article in the store",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", metavar="ARTICLE_OR_ID",
                        help="stored article id or URL, or a file to trace without storing it")
    parser.add_argument("--db", metavar="URL",
                        help="store: sqlite:///path.db, a plain file path, or postgresql://... "
                             "(default: $UNSPIN_DB, else ./unspin.db)")
    parser.add_argument("-k", type=positive_int, default=10, metavar="N",
                        help="report at most N relatives (default 10)")
    parser.add_argument("--window-days", type=non_negative_int, default=30, metavar="N",
                        help="rewrite candidates must be published within N days of the article "
                             "(undated articles always qualify; copies ignore the window; "
                             "default 30)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: terminal report (default); json: one JSON document")
    parser.add_argument("--no-independent", action="store_true",
                        help="leave out independent reports of the same event")
    parser.add_argument("--no-siblings", action="store_true",
                        help="do not add the other rewrites of the article's most certain relative "
                             "(its hub); faster (one candidate pool instead of two)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    store = _open_store(args.db, err)
    if store is None:
        return 2
    try:
        queries = _queries(store, args.target, err)
        if queries is None:
            return 1
        from unspin.trace.trace import trace

        results = []
        for query in queries:
            relatives = trace(store, query, k=args.k, window_days=args.window_days,
                              include_independent=not args.no_independent, siblings=not args.no_siblings)
            results.append(trace_to_dict(store, query, relatives))
    finally:
        store.close()
    if args.format == "json":
        json.dump({"traces": results}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        on_terminal = sys.stdout.isatty()
        out = Console(width=None if on_terminal else 120, highlight=False, no_color=not on_terminal)
        for result in results:
            render_text(result, out)
    return 0


def _open_store(db: str | None, err: Any) -> Any:
    from unspin.commands.store_open import open_command_store

    return open_command_store(db, err)


def _queries(store: Any, target: str, err: Any) -> list | None:
    """The article(s) to trace: from the store by id/URL, else read from a file."""
    found = store.article(target)
    if found is not None:
        return [found]
    if os.path.isfile(target):
        from unspin.read import ReadError, read_inputs

        articles = []
        for item in read_inputs([target]):
            if isinstance(item, ReadError):
                err.print(f"[yellow]skipped[/] {safe_markup(item.source)}: {safe_markup(item.reason)}")
            else:
                articles.append(item)
        if not articles:
            err.print(f"[red]error:[/] {safe_markup(target)}: no readable article")
            return None
        return articles
    err.print(f"[red]error:[/] {safe_markup(repr(target))} is neither a stored article id or URL nor a file")
    return None


def _evidence_line(ev: dict[str, Any]) -> str:
    """The pair's main numbers; a relative added through the hub has only the hub to show."""
    if "char_tfidf_cosine" not in ev:
        return f"via {ev.get('via', '?')}: {ev.get('relation_reason', '')}"
    line = (f"cos {ev['char_tfidf_cosine']:.2f} · minhash {ev['minhash_jaccard']:.2f} · "
            f"facts {ev['skeleton_overlap']:.2f} ({len(ev['shared_terms'])} shared, "
            f"order {ev['order_agreement']:.2f})")
    if "query_aligned_loose" in ev:
        line += f" · sentences {ev['query_aligned_loose']:.2f}/{ev['relative_aligned_loose']:.2f}"
    if "via" in ev:
        line += f" · via {ev['via']}"
    return line


def _why(contributions: list) -> str:
    """The top reasons of a model decision in words, with their weight in the decision."""
    from unspin.trace.features import describe

    return ", ".join(f"{describe(name)} {value:+.1f}" for name, value in contributions[:3]) or "no reasons"


def _lag(hours: float | None) -> str:
    if hours is None:
        return "—"
    days = hours / 24
    return f"{days:+.0f} d" if days else "same day"


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def render_text(result: dict[str, Any], console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    q = result["query"]
    console.print(f"[bold]{safe_markup(q['title'] or q['id'])}[/]  [dim]{safe_markup(q['domain'] or '')} {q['published'] or 'undated'} "
                  f"{q['language'] or ''} id={q['id']}[/]")
    if not result["relatives"]:
        console.print("  no relatives found\n")
        return
    origin = result.get("origin")
    if origin and origin["verdict"] == "probable origin":
        console.print(f"  [bold green]probable origin[/]: {escape(origin['article_id'])} "
                      f"(origin probability {origin['probability']:.2f}; {escape(_why(origin['why']))})")
    elif origin:
        console.print(f"  [bold yellow]no origin stored[/]: nearest upstream evidence "
                      f"{escape(origin['nearest_upstream_evidence'])} (origin probability "
                      f"{origin['probability']:.2f}; {escape(_why(origin['why']))})")
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column in ("#", "relation", "score", "P(origin)", "direction", "lag", "article", "evidence"):
        table.add_column(column, overflow="fold")
    for item in result["relatives"]:
        ev = item["evidence"]
        meta = item.get("article") or {"id": item["article_id"]}
        evidence = _evidence_line(ev)
        style = RELATION_STYLE.get(item["relation"], "")
        p_origin = item.get("origin_probability")
        table.add_row(str(item["rank"]), f"[{style}]{item['relation']}[/]", f"{item['score']:.2f}",
                      f"{p_origin:.2f}" if p_origin is not None else "—", item["direction"], _lag(item["lag_hours"]),
                      f"{meta.get('domain') or ''} {meta['id']}".strip(), evidence)
    console.print(table)
    for item in result["relatives"]:
        if item["relation"] == "independent":
            continue
        _render_details(item, console)
    console.print()


def _render_details(item: dict[str, Any], console: Any) -> None:
    from rich.markup import escape

    console.print(f"\n  [bold]#{item['rank']} {safe_markup(item['article_id'])}[/] — {item['relation']}, "
                  f"{item['direction']} ({item['evidence'].get('direction_reason', '')})")
    best = sorted(item["aligned"], key=lambda p: -p["similarity"])[:3]
    for pair in best:
        console.print(f"    [dim]{pair['similarity']:.2f}[/] query:    {escape(_short(pair['query']['text']))}")
        console.print(f"         relative: {escape(_short(pair['relative']['text']))}")
    changes = item["changes"]
    if not changes:
        return
    downstream = changes.get("downstream", "query")
    if changes["inserted"]:
        console.print(f"    [yellow]inserted[/] in the {downstream}: {len(changes['inserted'])} passage(s), "
                      f"e.g. {escape(_short(changes['inserted'][0]['text'], 90))}")
    for change in changes["changed_numbers"][:3]:
        console.print(f"    [yellow]number changed[/]: {', '.join(change['from'])} → {', '.join(change['to'])}")
    for change in changes["changed_names"][:3]:
        console.print(f"    [yellow]name changed[/]: {escape(', '.join(change['from']))} → "
                      f"{escape(', '.join(change['to']))}")
    for quote in changes["invented_quotes"][:3]:
        console.print(f"    [red]quote with no source[/]: “{escape(_short(quote['text'], 90))}” "
                      f"[dim]({quote['reason']})[/]")
