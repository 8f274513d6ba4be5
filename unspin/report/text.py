"""The terminal report, drawn with rich.

Article-derived strings never go through rich's markup parser: every piece
is a :class:`rich.text.Text`, so a ``[bold]`` or ``:emoji:`` inside an
article is printed as written. The layout stays readable without colour
(evidence is bracketed, severities are spelled out).
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from unspin.report.safe_text import terminal_safe_copy
from unspin.model import Analysis, Finding, Severity
from unspin.report.common import (
    article_heading,
    detail_items,
    evidence_context,
    findings_by_severity,
    format_number,
    header_fields,
    metadata_items,
    normalize_errors,
    not_analysed_reason,
    other_summaries,
    run_notes,
    severity_counts,
    shorten,
)
from unspin.report.tables import claim_rows, claims_overview, source_rows, sources_overview

SEVERITY_STYLES = {
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def render_text(analyses: list[Analysis], console: Console, *, errors: list | None = None,
                show_spans: bool = False) -> None:
    """Print one section per article, then (for several articles or any error) a summary.

    Every string from the input is made terminal-safe first (``safe_text``)."""
    analyses = [terminal_safe_copy(a) for a in analyses]
    errors = terminal_safe_copy(list(errors or [])) or None
    for analysis in analyses:
        _render_article(analysis, console, show_spans=show_spans)
    normalized = normalize_errors(errors)
    if len(analyses) > 1 or normalized:
        _render_summary(analyses, normalized, console)


# ------------------------------------------------------------------- article

def _render_article(analysis: Analysis, console: Console, *, show_spans: bool) -> None:
    console.print(Rule(Text(shorten(article_heading(analysis), 90), style="bold"), align="left"))
    for label, value in header_fields(analysis):
        console.print(_label_line(label, value))
    for label, value in metadata_items(analysis):
        console.print(_label_line(label, value, style="dim"))

    reason = not_analysed_reason(analysis)
    if reason:
        console.print(Text(f"not analysed: {reason}", style="yellow"))
        console.print()
        return
    for note in run_notes(analysis):
        console.print(Text(f"note: {note}", style="yellow"))

    _render_sources(analysis, console)
    _render_claims(analysis, console)
    for name, items in other_summaries(analysis):
        line = Text(f"{name}: ", style="bold")
        line.append("; ".join(f"{label} {value}" for label, value in items))
        console.print(line)
    _render_findings(analysis, console)
    if show_spans:
        _render_spans(analysis, console)
    console.print()


def _label_line(label: str, value: str, style: str = "") -> Text:
    line = Text(f"{label}: ", style="dim")
    line.append(value, style=style)
    return line


def _source_cell(row) -> str:
    """class, who, role and back-reference in one cell: "unnamed (described): the serviceman → a1"."""
    cell = f"{row.source_class}: {row.who or '—'}"
    if row.role and row.role.lower() not in (row.who or "").lower():
        cell += f", {row.role}"
    return cell + (f" {row.resolved}" if row.resolved else "")


def _render_sources(analysis: Analysis, console: Console) -> None:
    rows = source_rows(analysis)
    if not rows:
        return
    console.print()
    title = Text("Sources", style="bold")
    overview = sources_overview(analysis)
    if overview:
        title.append(f"  ({overview})", style="")
    console.print(title)
    cells = [[row.id, row.speaker or "—", _source_cell(row), row.cue,
              f"“{row.content}”" if row.content else ""] for row in rows]
    headers = ["#", "speaker (as written)", "source", "cue", "content"]
    widths = _column_widths(headers, cells, console.width, last_min=24)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, width in zip(headers, widths):
        table.add_column(Text(header), width=width, overflow="fold")
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


UNNAMED_MARK = "⚠ unnamed sources only"


def _render_claims(analysis: Analysis, console: Console) -> None:
    """Ranked check-worthy claims, each with what, who, where, when and on whose word."""
    overview = claims_overview(analysis)
    if overview is None:
        return
    console.print()
    title = Text("Claims", style="bold")
    title.append(f"  ({overview})", style="")
    console.print(title)
    for row in claim_rows(analysis):
        head = Text(f"  #{row.rank} ", style="bold")
        head.append(f"score {format_number(row.score)}", style="dim")
        head.append(f"  {row.event}", style="bold")
        if row.unnamed_only:
            head.append(f"  {UNNAMED_MARK}", style="bold yellow")
        console.print(head)
        sentence = Text("“", style="dim")
        sentence.append(row.text)
        sentence.append("”", style="dim")
        if row.start is not None:
            sentence.append(f"  @{row.start}-{row.end}", style="dim")
        console.print(_indented(sentence))
        for label, value in (("who", row.who), ("where", row.where), ("when", row.when),
                             ("attribution", row.attribution)):
            if value:
                console.print(_indented(_label_line(label, value)))


def _column_widths(headers: list[str], cells: list[list[str]], total: int, last_min: int) -> list[int]:
    """Widths so the table fits ``total`` columns without cutting any word short.

    Every column but the last starts at its full (capped) length and gives
    way, widest first, down to its longest word; the last column (content)
    takes what is left (``last_min`` or more when the others allow it).
    """
    columns = list(zip(*cells)) if cells else [() for _ in headers]
    longest_word = [max([len(w) for w in header.split()] + [len(w) for c in col for w in c.split()] + [1])
                    for header, col in zip(headers, columns)]
    full = [max([len(header)] + [len(c) for c in col]) for header, col in zip(headers, columns)]
    widths = [min(f, max(24, lw)) for f, lw in zip(full[:-1], longest_word[:-1])]
    floor = [min(w, lw) for w, lw in zip(widths, longest_word[:-1])]
    available = total - 3 * (len(headers) - 1) - last_min
    while sum(widths) > available:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    last = max(12, total - 3 * (len(headers) - 1) - sum(widths))
    return [*widths, min(last, max(full[-1], last_min))]


def _render_findings(analysis: Analysis, console: Console) -> None:
    groups = findings_by_severity(analysis)
    console.print()
    if not groups:
        console.print(Text("No findings.", style="green"))
        return
    total = sum(len(findings) for _, findings in groups)
    console.print(Text(f"Findings ({total})", style="bold"))
    for severity, findings in groups:
        console.print(Text(f"{severity.value.upper()} ({len(findings)})",
                           style=SEVERITY_STYLES[severity]))
        for finding in findings:
            _render_finding(analysis.article.text, finding, console)


def _render_finding(text: str, finding: Finding, console: Console) -> None:
    style = SEVERITY_STYLES[finding.severity]
    head = Text("  • ", style=style)
    head.append(finding.kind, style="bold")
    if finding.analyzer:
        head.append(f" [{finding.analyzer}]", style="dim")
    head.append(f"  confidence {format_number(round(float(finding.confidence), 2))}", style="dim")
    console.print(head)
    console.print(_indented(Text(finding.message)))
    for span in finding.evidence:
        before, inner, after = evidence_context(text, span)
        quote = Text("“", style="dim")
        quote.append(before)
        quote.append("[")
        quote.append(inner, style=f"{style} underline")
        quote.append("]")
        quote.append(after)
        quote.append("”", style="dim")
        quote.append(f"  @{span.start}-{span.end}", style="dim")
        console.print(_indented(quote))
    for label, value in detail_items(finding.details):
        console.print(_indented(_label_line(label, value)))


def _indented(text: Text, indent: int = 4) -> Padding:
    return Padding(text, (0, 0, 0, indent), expand=False)


def _render_spans(analysis: Analysis, console: Console) -> None:
    spans = analysis.spans
    if not spans:
        return
    console.print()
    console.print(Text(f"Spans ({len(spans)})", style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("label", "offsets", "text", "attributes"):
        table.add_column(Text(column))
    for span in spans:
        attributes = ", ".join(f"{k}={shorten(str(v), 40)}" for k, v in span.attributes.items())
        table.add_row(Text(span.label), Text(f"{span.start}-{span.end}"),
                      Text(shorten(span.text, 60)), Text(attributes))
    console.print(table)


# ------------------------------------------------------------------- summary

def _render_summary(analyses: list[Analysis], errors: list[dict[str, str]], console: Console) -> None:
    console.print(Rule(Text("Summary", style="bold"), align="left"))
    analysed = sum(1 for a in analyses if not not_analysed_reason(a))
    skipped = len(analyses) - analysed
    counts = severity_counts(analyses)
    line = Text(f"{analysed} article{'s' if analysed != 1 else ''} analysed")
    if skipped:
        line.append(f", {skipped} not analysed")
    line.append("; findings: ")
    for i, (severity, count) in enumerate(counts.items()):
        if i:
            line.append(", ")
        line.append(f"{count} {severity.value}", style=SEVERITY_STYLES[severity] if count else "dim")
    line.append(f"; {len(errors)} input error{'s' if len(errors) != 1 else ''}")
    console.print(line)
    for error in errors:
        entry = Text("  ✗ ", style="red")
        entry.append(error["source"] or "(unknown input)")
        entry.append(": ", style="dim")
        entry.append(error["reason"])
        console.print(entry)
