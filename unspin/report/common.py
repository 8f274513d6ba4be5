"""Report-independent views of an Analysis, shared by the text and HTML reports.

Everything here turns model data into plain strings and records; the
renderers decide how to show them (and, for HTML, how to escape them).
Nothing here knows a particular analyzer; the sources and claims tables are in
``unspin.report.tables``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Iterable

from unspin.model import Analysis, Finding, Severity, Span

ELLIPSIS = "…"

# Severity order for display: the most worrying first.
SEVERITIES_DESC: list[Severity] = sorted(Severity, key=lambda s: -s.rank)


# --------------------------------------------------------------------- errors

def normalize_errors(errors: Iterable[Any] | None) -> list[dict[str, str]]:
    """Input errors as ``{"source", "reason"}`` dicts, whatever shape the reader used.

    Readers may hand over dicts, small objects with ``source``/``reason``
    attributes, ``(source, reason)`` pairs, exceptions or plain strings; the
    reports should not care which.
    """
    normalized: list[dict[str, str]] = []
    for error in errors or []:
        if isinstance(error, dict):
            source, reason = error.get("source"), error.get("reason")
        elif isinstance(error, (tuple, list)) and len(error) == 2:
            source, reason = error
        elif hasattr(error, "source") and hasattr(error, "reason"):
            source, reason = error.source, error.reason
        elif isinstance(error, BaseException):
            source = getattr(error, "filename", None)
            reason = f"{type(error).__name__}: {error}"
        else:
            source, reason = None, error
        normalized.append({"source": "" if source is None else str(source),
                           "reason": "" if reason is None else str(reason)})
    return normalized


# -------------------------------------------------------------------- article

def not_analysed_reason(analysis: Analysis) -> str | None:
    """``"language xx"`` when no analyzer ran because of the article's language."""
    runs = list(analysis.runs.values())
    if runs and all(run.status == "skipped" for run in runs):
        language = analysis.article.language or "und"
        reasons = {run.reason or "" for run in runs}
        if all("language" in reason for reason in reasons):
            return f"language {language}"
        return "; ".join(sorted(r for r in reasons if r)) or "all analyzers skipped"
    return None


def published_text(analysis: Analysis) -> str | None:
    article = analysis.article
    if article.published is None:
        return None
    text = article.published.isoformat()
    origin = article.metadata.get("published_from") if isinstance(article.metadata, dict) else None
    if origin:
        text += f" (from {origin})"
    return text


def article_heading(analysis: Analysis) -> str:
    return analysis.article.title or f"article {analysis.article.id}"


def header_fields(analysis: Analysis) -> list[tuple[str, str]]:
    """The article's identity as label/value pairs, skipping what is unknown."""
    article = analysis.article
    fields: list[tuple[str, str]] = [("id", article.id)]
    for label, value in (("source", article.source), ("url", article.url),
                         ("domain", article.domain if article.domain and not article.url else None),
                         ("published", published_text(analysis)),
                         ("language", article.language)):
        if value:
            fields.append((label, str(value)))
    return fields


def metadata_items(analysis: Analysis) -> list[tuple[str, str]]:
    """Article metadata except what the header already shows."""
    metadata = analysis.article.metadata if isinstance(analysis.article.metadata, dict) else {}
    return [(str(key), format_value(value)) for key, value in metadata.items()
            if key != "published_from"]


def run_notes(analysis: Analysis) -> list[str]:
    """One line per analyzer that did not run normally (skipped or failed)."""
    return [f"{name} {run.status}" + (f": {run.reason}" if run.reason else "")
            for name, run in analysis.runs.items() if run.status != "ran"]


# ------------------------------------------------------------------- evidence

def evidence_context(text: str, span: Span, width: int = 40) -> tuple[str, str, str]:
    """``(before, evidence, after)`` with about ``width`` characters either side.

    The context is cut at whitespace where possible and marked with an
    ellipsis; newlines become spaces so a quote stays on one line.
    """
    start, end = clamp_offsets(len(text), span.start, span.end)
    if start == end and span.text:  # offsets unusable: fall back to the recorded text
        return "", _one_line(span.text), ""
    before = text[max(0, start - width):start]
    if start - width > 0:
        cut = before.find(" ")
        before = ELLIPSIS + (before[cut + 1:] if 0 <= cut < len(before) - 1 else before)
    after = text[end:end + width]
    if end + width < len(text):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > 0 else after) + ELLIPSIS
    return _one_line(before), _one_line(text[start:end]), _one_line(after)


def clamp_offsets(length: int, start: int, end: int) -> tuple[int, int]:
    start = min(max(int(start), 0), length)
    end = min(max(int(end), start), length)
    return start, end


_LINE_BREAKS = re.compile(r"[\s\u2028\u2029]+")


def _one_line(text: str) -> str:
    """Line breaks and runs of whitespace become one space; edges are kept, so
    evidence joined to its context keeps the spaces around it."""
    return _LINE_BREAKS.sub(" ", text)


def shorten(text: str, limit: int = 60) -> str:
    text = _one_line(text or "")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


# -------------------------------------------------------------------- details

def format_number(value: float | int) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.0f}"


def format_record(record: dict[str, Any]) -> str:
    """One dict as a short phrase.

    Place-like records (``name`` + ``admin1``/``country`` + ``score``) read as
    ``Siversk (Donetsk Oblast, UA) 0.91``; anything else as ``key=value``.
    """
    if "name" in record or "display" in record:
        # A ranked candidate: its readable name and score; the rest is in the JSON.
        text = str(record.get("display") or "")
        if not text:
            where = ", ".join(str(record[k]) for k in ("admin1", "country") if record.get(k))
            text = str(record["name"]) + (f" ({where})" if where else "")
        score = record.get("score")
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            text += f" {score:.2f}"
        return text
    if "label" in record and ("url" in record or "source" in record):
        # A reference record (a timeline event): what it is, its dates and where to check it.
        when = " – ".join(str(record[k]) for k in ("start", "end") if record.get(k))
        cited = " ".join(str(record[k]) for k in ("source", "url") if record.get(k))
        return f"{record['label']}" + (f" ({when})" if when else "") + (f"; {cited}" if cited else "")
    # Nested records are left to the JSON and HTML reports: one line stays readable.
    return ", ".join(f"{k}={format_value(v, 40)}" for k, v in record.items()
                     if not isinstance(v, (dict, list)) and v not in (None, ""))


def format_value(value: Any, limit: int = 200) -> str:
    """Any JSON-like value as one readable line (long values shortened)."""
    if value is None:
        text = "—"
    elif isinstance(value, (int, float)):
        text = format_number(value)
    elif isinstance(value, str):
        text = value
    elif isinstance(value, dict):
        text = format_record(value)
    elif isinstance(value, (list, tuple)):
        text = "; ".join(format_value(item, limit) for item in value)
    else:
        text = json.dumps(value, default=str, ensure_ascii=False)
    return shorten(text, limit)


def humanize_key(key: str) -> str:
    return str(key).replace("_", " ").replace("-", " ")


def detail_items(details: dict[str, Any]) -> list[tuple[str, str]]:
    """A finding's details as label/value lines, in the order the analyzer chose.

    Lists of records (ranked suggestions) are kept in their order; empty
    values are left out because they only add noise to a report.
    """
    items: list[tuple[str, str]] = []
    for key, value in (details or {}).items():
        if value in (None, "", [], {}):
            continue
        items.append((humanize_key(key), format_value(value)))
    return items


def summary_items(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """A generic analyzer summary as label/value lines.

    Scalars and small records are shown; long lists are counted, so a
    summary written by a future analyzer still reads sensibly.
    """
    items: list[tuple[str, str]] = []
    for key, value in (summary or {}).items():
        if isinstance(value, (list, tuple)) and value and len(value) <= 8 and all(isinstance(v, str) for v in value):
            items.append((humanize_key(key), "; ".join(value)))  # a few labels: show them
            continue
        if isinstance(value, (list, tuple)) or value in (None, "", {}):
            continue  # records are for JSON/HTML; the terminal shows counts
        if isinstance(value, dict):
            numbers = {k: v for k, v in value.items()
                       if isinstance(v, (int, float)) and not isinstance(v, bool)}
            if numbers:
                items.append((humanize_key(key),
                              ", ".join(f"{humanize_key(k)} {format_number(v)}" for k, v in numbers.items())))
        else:
            items.append((humanize_key(key), format_value(value)))
    return items


# ------------------------------------------------------------------- findings

def findings_by_severity(analysis: Analysis) -> list[tuple[Severity, list[Finding]]]:
    """Findings grouped by severity, most severe group first; empty groups left out."""
    findings = analysis.findings
    return [(severity, [f for f in findings if f.severity == severity])
            for severity in SEVERITIES_DESC if any(f.severity == severity for f in findings)]


def severity_counts(analyses: Iterable[Analysis]) -> dict[Severity, int]:
    counts = {severity: 0 for severity in SEVERITIES_DESC}
    for analysis in analyses:
        for finding in analysis.findings:
            counts[finding.severity] += 1
    return counts


OWN_SECTIONS = frozenset({"sources", "claims"})  # summaries drawn as their own tables


def other_summaries(analysis: Analysis) -> list[tuple[str, list[tuple[str, str]]]]:
    """Summaries of analyzers other than sources and claims (which have their own tables)."""
    out = []
    for name, run in analysis.runs.items():
        if name in OWN_SECTIONS or run.status != "ran" or not run.result.summary:
            continue
        items = summary_items(run.result.summary)
        if items:
            out.append((name, items))
    return out
