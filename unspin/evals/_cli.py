"""What every ``unspin eval`` sub-command shares: its parser, its stderr
console and how it hands over the figures (JSON on stdout, ``--out`` too)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_eval_parser(subparsers: Any, name: str, *, help: str, description: str, epilog: str,
                    run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """A sub-command parser with the common ``--out`` option; the caller adds its own."""
    parser = subparsers.add_parser(name, help=help, description=description, epilog=epilog,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, metavar="PATH", help="write the JSON to PATH as well")
    parser.set_defaults(func=run)
    return parser


def stderr_console():
    """Where progress, warnings and errors go, so stdout stays pure JSON."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def emit(result: dict[str, Any], out: Path | None) -> int:
    """Print the figures as JSON, write them to ``out`` as well; the exit status 0."""
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    return 0


def run_on_records(args: argparse.Namespace, score: Callable[[list[dict[str, Any]], bool], dict[str, Any]]) -> int:
    """Read ``args.data`` (JSON Lines), score it with ``score(records, args.misses)`` and emit the
    figures; a missing file or a line that is not JSON is a plain error naming the file and line."""
    err = stderr_console()
    if not args.data.is_file():
        err.print(f"[red]error:[/] {args.data}: no such file")
        return 2
    records = []
    for number, line in enumerate(args.data.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                err.print(f"[red]error:[/] {args.data}:{number}: not JSON ({exc})")
                return 2
    result = score(records, args.misses)
    result["data"] = str(args.data)
    return emit(result, args.out)

