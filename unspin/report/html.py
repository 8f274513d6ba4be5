"""One self-contained HTML file: highlighted text, a findings panel, sources.

Safety model: every article-derived string (text, title, URL, metadata,
finding messages and details, span attributes) is untrusted.

* In markup it only ever passes through :func:`esc` (``html.escape`` with
  quotes), and attribute values are always double-quoted.
* Element ids and class names are generated here, never taken from the
  article (span labels become classes only after :func:`_css_token`).
* Data for tooltips travels as JSON in a ``<script type="application/json">``
  block with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX``,
  so it cannot close the script element; it is read with ``JSON.parse`` and
  written into the page only with ``textContent``.
* URLs are links only when they are plain http(s) URLs; otherwise text.
* Unicode bidi controls are shown as visible markers, so text cannot reorder itself
  on screen ("gro.elpmaxe" shown as "example.org").
* A Content-Security-Policy meta admits nothing but the report's own script
  and stylesheet, by their sha256 hashes, and ``data:`` images; so even a
  missed escape could not run script or load anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from unspin import __version__
from unspin.model import Analysis, Finding, Severity, Span
from unspin.report.common import (
    SEVERITIES_DESC,
    article_heading,
    clamp_offsets,
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
)
from unspin.review import MARKS, finding_key
from unspin.report.safe_text import visible_bidi
from unspin.report.tables import claim_rows, claims_overview, source_rows, sources_overview

KNOWN_LABELS = {"place", "date", "duration", "quote", "speaker", "cue"}
# Whole-sentence annotations listed in their own section rather than underlined:
# underlining every check-worthy sentence would bury the place/date/quote marks.
SECTION_ONLY_LABELS = frozenset({"claim"})


# ------------------------------------------------------------------- escaping

def esc(value: Any) -> str:
    """Text for an HTML body or a double-quoted attribute value; bidi controls are shown
    as visible markers ("⟦U+202E⟧"), never obeyed (see ``safe_text``)."""
    return html.escape(visible_bidi("" if value is None else str(value)), quote=True)


def script_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``.

    Escaping ``<`` stops ``</script>`` and ``<!--`` from changing how the
    HTML parser reads the block; ``>``/``&`` for good measure; U+2028/2029
    because older JavaScript treats them as line breaks.
    """
    text = visible_bidi(json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


def safe_http_url(url: Any) -> str | None:
    """The URL if it is a plain absolute http(s) URL, else None (then shown as text only)."""
    if not isinstance(url, str) or not url or _UNSAFE_URL_CHARS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


def _css_token(value: str) -> str:
    """A span label as a class-name fragment; unknown or odd labels share ``other``."""
    return value if value in KNOWN_LABELS else "other"


def _hash_source(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    folder = resources.files("unspin.report") / "assets"
    return (folder / "report.css").read_text(encoding="utf-8"), (folder / "report.js").read_text(encoding="utf-8")


def content_security_policy(css: str, js: str) -> str:
    return ("default-src 'none'; "
            f"script-src {_hash_source(js)}; "
            f"style-src {_hash_source(css)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


# --------------------------------------------------------------- segmentation

@dataclass
class Mark:
    """A stretch of text to highlight: one finding's evidence span or one annotation span."""

    id: str
    start: int
    end: int
    finding_id: str | None = None  # set for evidence spans
    severity: Severity | None = None
    label: str | None = None  # set for annotation spans


@dataclass
class Segment:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)


def segment_text(length: int, marks: list[Mark]) -> list[Segment]:
    """Cut ``[0, length)`` at every mark boundary; each piece lists the marks covering it.

    This is what makes overlapping and nested spans render correctly: no
    element ever has to straddle another, each piece just carries ids.
    """
    usable = [m for m in marks if m.start < m.end and m.start < length and m.end > 0]
    boundaries = sorted({0, length, *(max(m.start, 0) for m in usable), *(min(m.end, length) for m in usable)})
    starting: dict[int, list[Mark]] = {}
    for mark in usable:
        starting.setdefault(max(mark.start, 0), []).append(mark)
    active: dict[str, Mark] = {}
    segments: list[Segment] = []
    for start, end in zip(boundaries, boundaries[1:]):
        for mark_id in [i for i, m in active.items() if m.end <= start]:
            del active[mark_id]
        for mark in starting.get(start, []):
            active[mark.id] = mark
        segments.append(Segment(start, end, list(active.values())))
    return segments


def _marks_for(analysis: Analysis, prefix: int, finding_ids: dict[int, str]) -> tuple[list[Mark], dict[str, Span]]:
    length = len(analysis.article.text)
    marks: list[Mark] = []
    for index, finding in enumerate(analysis.findings):
        finding_id = finding_ids[id(finding)]
        for number, span in enumerate(finding.evidence):
            start, end = clamp_offsets(length, span.start, span.end)
            marks.append(Mark(f"{finding_id}-e{number}", start, end, finding_id=finding_id,
                              severity=finding.severity))
    annotation_spans: dict[str, Span] = {}
    for index, span in enumerate(analysis.spans):
        if span.label in SECTION_ONLY_LABELS:
            continue
        start, end = clamp_offsets(length, span.start, span.end)
        span_id = f"s{prefix}-{index}"
        annotation_spans[span_id] = span
        marks.append(Mark(span_id, start, end, label=str(span.label)))
    return marks, annotation_spans


def _segment_html(text: str, segment: Segment) -> str:
    piece = esc(text[segment.start:segment.end])
    if not segment.marks:
        return piece
    finding_marks = [m for m in segment.marks if m.finding_id]
    annotation_marks = [m for m in segment.marks if m.label is not None]
    # Most severe finding first, so a click selects it before the others.
    finding_marks.sort(key=lambda m: -(m.severity.rank if m.severity else 0))
    finding_ids = list(dict.fromkeys(m.finding_id for m in finding_marks))
    classes = ["seg"]
    if finding_marks:
        classes += ["hl", f"sev-{finding_marks[0].severity.value}"]
        if len(finding_ids) > 1:
            classes.append("multi")
    if annotation_marks:
        classes.append("ann")
        classes += list(dict.fromkeys(f"ann-{_css_token(m.label or '')}" for m in annotation_marks))
    attributes = [f'class="{" ".join(classes)}"', f'data-at="{segment.start}"',
                  f'data-spans="{" ".join(m.id for m in segment.marks)}"']
    if finding_ids:
        attributes.append(f'data-findings="{" ".join(finding_ids)}"')
    return f"<span {' '.join(attributes)}>{piece}</span>"


# ------------------------------------------------------------------ rendering

def render_html(analyses: list[Analysis], *, title: str = "unspin report", errors: list | None = None,
                marks: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None) -> str:
    """The whole report as one HTML document (inline CSS/JS, no external resources).

    ``marks``: analysts' review marks by article id, then by ``unspin.review.finding_key``;
    each marked finding shows its mark and note."""
    css, js = _assets()
    normalized_errors = normalize_errors(errors)
    counts = severity_counts(analyses)
    summary = ", ".join(f"{count} {severity.value}" for severity, count in counts.items())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(css, js))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        '<header class="report">',
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{len(analyses)} article{"s" if len(analyses) != 1 else ""}; '
        f"findings: {esc(summary)}; {len(normalized_errors)} input error"
        f'{"s" if len(normalized_errors) != 1 else ""}; unspin {esc(__version__)}</p>',
        "</header>",
    ]
    if len(analyses) > 1:
        parts.append(_index_html(analyses))
    if normalized_errors:
        parts.append(_errors_html(normalized_errors))
    parts += [report_body(analyses, marks), f"<script>{js}</script>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def report_body(analyses: list[Analysis],
                marks: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None) -> str:
    """The articles with their highlights and findings panels, the tooltip and the data block the
    report script reads: what a page embedding the report needs besides report.css and report.js."""
    data: dict[str, dict[str, Any]] = {"findings": {}, "spans": {}}
    marks = marks or {}
    articles_html = [_article_html(analysis, index, data, marks.get(analysis.article.id) or {})
                     for index, analysis in enumerate(analyses)]
    return "\n".join([*articles_html, '<div id="unspin-tip" class="tip" hidden></div>',
                      f'<script type="application/json" id="unspin-data">{script_json(data)}</script>'])


def _index_html(analyses: list[Analysis]) -> str:
    rows = []
    for index, analysis in enumerate(analyses):
        reason = not_analysed_reason(analysis)
        counts = {severity: 0 for severity in SEVERITIES_DESC}
        for finding in analysis.findings:
            counts[finding.severity] += 1
        cells = "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES_DESC)
        status = f"not analysed: {reason}" if reason else ""
        rows.append(f'<tr><td>{index + 1}</td><td><a href="#art-{index}">{esc(article_heading(analysis))}</a>'
                    f'</td><td class="muted">{esc(analysis.article.source or "")}</td>{cells}'
                    f'<td class="muted">{esc(status)}</td></tr>')
    head = "".join(f"<th>{s.value}</th>" for s in SEVERITIES_DESC)
    return ('<nav class="index"><h3>Articles</h3><table><thead><tr><th>#</th><th>title</th><th>source</th>'
            f'{head}<th></th></tr></thead><tbody>{"".join(rows)}</tbody></table></nav>')


def _errors_html(errors: list[dict[str, str]]) -> str:
    items = "".join(f"<li><strong>{esc(e['source'] or '(unknown input)')}</strong>: {esc(e['reason'])}</li>"
                    for e in errors)
    return f'<section class="errors"><h3>Input errors ({len(errors)})</h3><ul>{items}</ul></section>'


def _fields_html(analysis: Analysis) -> str:
    rows = []
    for label, value in header_fields(analysis):
        if label == "url":
            link = safe_http_url(value)
            shown = (f'<a href="{esc(link)}" rel="noopener noreferrer nofollow" target="_blank">{esc(value)}</a>'
                     if link else esc(value))
            rows.append(f"<dt>url</dt><dd>{shown}</dd>")
        else:
            rows.append(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>")
    for label, value in metadata_items(analysis):
        rows.append(f'<dt>{esc(label)}</dt><dd class="muted">{esc(value)}</dd>')
    return f'<dl class="fields">{"".join(rows)}</dl>'


def _article_html(analysis: Analysis, index: int, data: dict[str, dict[str, Any]],
                  review_marks: Mapping[str, Mapping[str, Any]]) -> str:
    parts = [f'<article class="article" id="art-{index}">',
             f"<h2>{esc(article_heading(analysis))}</h2>", _fields_html(analysis)]
    reason = not_analysed_reason(analysis)
    if reason:
        parts.append(f'<p class="notes">not analysed: {esc(reason)}</p>')
    for note in run_notes(analysis) if not reason else []:
        parts.append(f'<p class="notes">note: {esc(note)}</p>')

    findings = analysis.findings
    finding_ids = {id(f): f"f{index}-{n}" for n, f in enumerate(findings)}
    marks, annotation_spans = _marks_for(analysis, index, finding_ids)
    for finding in findings:
        data["findings"][finding_ids[id(finding)]] = {
            "kind": finding.kind, "severity": finding.severity.value, "message": finding.message,
            "analyzer": finding.analyzer, "confidence": round(float(finding.confidence), 3)}
    for span_id, span in annotation_spans.items():
        data["spans"][span_id] = {"label": span.label, "attributes": span.attributes}

    text = analysis.article.text
    segments = segment_text(len(text), marks)
    text_html = "".join(_segment_html(text, segment) for segment in segments)
    main = [_legend_html(analysis),
            f'<div class="text" id="art-{index}-text">{text_html}</div>',
            _sources_html(analysis),
            _claims_html(analysis, index)]
    for name, items in other_summaries(analysis):
        rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in items)
        main.append(f'<h3>{esc(name)}</h3><dl class="fields">{rows}</dl>')
    parts.append('<div class="layout">')
    parts.append(f'<div class="main">{"".join(main)}</div>')
    parts.append(_panel_html(analysis, finding_ids, review_marks))
    parts.append("</div></article>")
    return "\n".join(parts)


def _legend_html(analysis: Analysis) -> str:
    severities = [s for s, _ in findings_by_severity(analysis)]
    labels: dict[str, int] = {}
    for span in analysis.spans:
        if span.label not in SECTION_ONLY_LABELS:
            labels[str(span.label)] = labels.get(str(span.label), 0) + 1
    if not severities and not labels:
        return ""
    items = [f'<span class="seg hl sev-{s.value}">{s.value}</span>' for s in severities]
    items += [f'<span class="seg ann ann-{_css_token(label)}">{esc(label)} ({count})</span>'
              for label, count in labels.items()]
    toggle = ('<label><input type="checkbox" class="toggle-annotations" checked> underline annotations</label>'
              if labels else "")
    return f'<div class="legend">{"".join(items)}{toggle}</div>'


def _sources_html(analysis: Analysis) -> str:
    rows = source_rows(analysis)
    if not rows:
        return ""
    overview = sources_overview(analysis) or ""
    head = "".join(f"<th>{c}</th>" for c in ("#", "speaker", "class", "name / description", "role",
                                               "resolved", "cue", "content"))
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in (
            row.id, row.speaker or "—", row.source_class, row.who or "—", row.role, row.resolved,
            row.cue, f"“{row.content}”" if row.content else "")) + "</tr>"
        for row in rows)
    return (f'<h3>Sources</h3><p class="muted">{esc(overview)}</p>'
            f'<table class="sources"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def _claims_html(analysis: Analysis, index: int) -> str:
    """Ranked check-worthy claims: rank, score, sentence, event, who, where, when, attribution."""
    overview = claims_overview(analysis)
    if overview is None:
        return ""
    rows = claim_rows(analysis)
    if not rows:
        return f'<h3>Claims</h3><p class="muted">{esc(overview)}</p>'
    head = "".join(f"<th>{c}</th>" for c in ("#", "score", "claim", "event", "who", "where", "when",
                                               "attribution"))
    body = []
    for row in rows:
        flag = ('<br><span class="badge sev-medium claim-flag" title="every source of this claim is unnamed, '
                'vague or anonymous">unnamed sources only</span>' if row.unnamed_only else "")
        offsets = f' <span class="muted">@{row.start}-{row.end}</span>' if row.start is not None else ""
        cells = [esc(row.rank), esc(format_number(row.score)), f"“{esc(row.text)}”{offsets}", esc(row.event),
                 esc(row.who or "—"), esc(row.where or "—"), esc(row.when or "—"), esc(row.attribution) + flag]
        classes = "claim unnamed-only" if row.unnamed_only else "claim"
        body.append(f'<tr class="{classes}" id="claim-{index}-{int(row.rank)}">'
                    + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return (f'<h3>Claims</h3><p class="muted">{esc(overview)}</p>'
            f'<table class="claims"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _panel_html(analysis: Analysis, finding_ids: dict[int, str], marks: Mapping[str, Mapping[str, Any]]) -> str:
    findings = analysis.findings
    items = [_finding_html(analysis.article.text, finding, finding_ids[id(finding)],
                           marks.get(finding_key(finding)) if marks else None) for finding in findings]
    body = f'<ol class="findings">{"".join(items)}</ol>' if items else '<p class="muted">No findings.</p>'
    return f'<aside class="panel"><h3>Findings ({len(findings)})</h3>{body}</aside>'


def _finding_html(text: str, finding: Finding, finding_id: str, mark: Mapping[str, Any] | None = None) -> str:
    severity = finding.severity.value
    parts = [f'<li class="finding sev-{severity}" id="{finding_id}" tabindex="0">',
             f'<span class="badge sev-{severity}">{severity}</span> ',
             f'<span class="kind">{esc(finding.kind)}</span>']
    if finding.analyzer:
        parts.append(f' <span class="muted">[{esc(finding.analyzer)}]</span>')
    parts.append(f' <span class="muted">confidence {esc(format_number(round(float(finding.confidence), 2)))}'
                 "</span>")
    parts.append(f'<p class="message">{esc(finding.message)}</p>')
    for span in finding.evidence:
        before, inner, after = evidence_context(text, span)
        parts.append(f'<p class="evidence">“{esc(before)}<mark>{esc(inner)}</mark>{esc(after)}”</p>')
    details = detail_items(finding.details)
    if details:
        rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in details)
        parts.append(f'<dl class="details">{rows}</dl>')
    if mark and mark.get("mark") in MARKS:
        who = f" by {mark['analyst']}" if mark.get("analyst") else ""
        note = f": {mark['note']}" if mark.get("note") else ""
        parts.append(f'<p class="review review-{mark["mark"]}">reviewed{esc(who)}: '
                     f'<strong>{esc(mark["mark"])}</strong>{esc(note)}</p>')
    parts.append("</li>")
    return "".join(parts)
