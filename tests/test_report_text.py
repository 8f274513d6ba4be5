"""The terminal report, rendered without colour at a fixed width."""

from __future__ import annotations

import io

from rich.console import Console
from test_report_fixtures import sample_analysis, skipped_analysis

from unspin.model import Analysis, AnalyzerResult, AnalyzerRun, Article, Finding, Severity, Span
from unspin.report.text import render_text


def render(analyses, **kwargs) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, width=100, force_terminal=False)
    render_text(analyses, console, **kwargs)
    return buffer.getvalue()


def test_header_shows_identity_and_published_origin():
    out = render([sample_analysis()])
    assert "Front line report" in out
    assert "source: corpus/front.txt" in out and "url: https://news.example/front" in out
    assert "2025-12-12 (from --published)" in out
    assert "language: en" in out


def test_sources_table_rows():
    out = render([sample_analysis()])
    lines = out.splitlines()
    table_start = next(i for i, line in enumerate(lines) if line.startswith("Sources"))
    row = next(line for line in lines[table_start:] if line.startswith("a3 "))
    block = "\n".join(lines[lines.index(row): lines.index(row) + 5])
    assert "She" in block and "named" in block and "added" in block and "→" in block
    assert "(a2)" in block
    assert "50% not named" in out.replace("\n", " ")
    assert "regional" in out and "commander" in out
    assert "unnamed (described)" in out


def test_findings_are_grouped_most_severe_first():
    out = render([sample_analysis()])
    positions = [out.index(f"{name} (") for name in ("HIGH", "MEDIUM", "LOW", "INFO")]
    assert positions == sorted(positions)
    assert out.index("unknown-place") < out.index("weekday-mismatch") < out.index("duration-mismatch")
    assert out.index("duration-mismatch") < out.index("loaded-term")


def test_evidence_is_quoted_in_context_and_details_are_shown():
    out = render([sample_analysis()])
    assert "the recent capture of [Severansk] is a stark" in out
    assert "Siversk (Donetsk Oblast, UA) 0.91; Sievierodonetsk (Luhansk Oblast, UA) 0.64" in out
    assert "computed days: 19" in out and "stated days: 21" in out
    assert "confidence 0.82" in out


def test_markup_in_article_text_is_printed_literally():
    text = "The [bold red]mayor[/] said :thumbs_up: that the bridge is closed."
    article = Article(text=text, id="m1", title="[blink]Title[/blink]", language="en")
    evidence = Span.of(text, 4, 21, "term")
    finding = Finding("loaded-term", Severity.LOW, "Check [italic]this[/italic] :smile:", [evidence], 0.5, "x",
                      {"note": "[red]x[/red]"})
    analysis = Analysis(article, {"x": AnalyzerRun("x", "ran", None, AnalyzerResult([evidence], [finding]))})
    out = render([analysis], show_spans=True)
    assert "[blink]Title[/blink]" in out
    assert "The [[bold red]mayor[/]] said :thumbs_up:" in out
    assert "Check [italic]this[/italic] :smile:" in out
    assert "note: [red]x[/red]" in out


def test_not_analysed_article_and_final_summary():
    out = render([sample_analysis(), skipped_analysis()],
                 errors=[{"source": "in/bad.warc#3", "reason": "no text extracted"}])
    assert "not analysed: language de" in out
    summary = out[out.index("Summary"):]
    assert "1 article analysed, 1 not analysed" in summary
    assert "1 high, 2 medium, 1 low, 1 info" in summary
    assert "1 input error" in summary and "in/bad.warc#3: no text extracted" in summary


def test_single_article_has_no_summary_and_spans_on_request():
    out = render([sample_analysis()])
    assert "Summary" not in out and "Spans (" not in out
    out = render([sample_analysis()], show_spans=True)
    assert "Spans (7)" in out and "79-88" in out
