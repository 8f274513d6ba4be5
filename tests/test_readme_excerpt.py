"""The README's report excerpt is the demo's report: every line of it appears in the text
report of the bundled article, rendered at the excerpt's width (issue 12: it had drifted)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 118


def demo_report() -> str:
    from rich.console import Console

    import unspin
    from unspin.read import ReadError, read_inputs
    from unspin.report import render_text

    (article,) = [a for a in read_inputs([str(ROOT / "examples" / "corpus" / "01-frontline-rewrite.txt")])
                  if not isinstance(a, ReadError)]
    analysis = unspin.analyze(article, published=date(2025, 12, 12))
    buffer = io.StringIO()
    render_text([analysis], Console(file=buffer, width=WIDTH, color_system=None, highlight=False))
    return buffer.getvalue()


def readme_excerpt() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## What the report looks like\n.*?```text\n(.*?)```", text, re.S)
    assert block, "README: no report excerpt under 'What the report looks like'"
    return block.group(1).splitlines()


def test_readme_excerpt_matches_the_demo_report():
    report = [line.rstrip() for line in demo_report().splitlines()]
    missing = [line for line in readme_excerpt()
               if line.strip() and line.strip() != "…" and line.rstrip() not in report]
    assert not missing, "README excerpt lines not in the demo report (re-generate it):\n" + "\n".join(missing)
