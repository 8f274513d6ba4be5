"""Report-independent views of an Analysis, shared by the text and HTML reports.

Everything here turns model data into plain strings and records; the
renderers decide how to show them (and, for HTML, how to escape them).
Nothing here knows a particular analyzer except the sources summary layout,
which docs/json-output.md documents for every report.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable

from unspin.model import Analysis, Finding, Severity, Span

ELLIPSIS = "…"

SOURCE_CLASS_LABELS = {
    "named_person": "named person",
    "named_organization": "named organisation",
    "unnamed_described": "unnamed (described)",
    "anonymous": "anonymous",
    "unattributed": "unattributed",
}

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


# -------------------------------------------------------------------- sources

@dataclass
class SourceRow:
    """One attribution of the sources summary, flattened for a table."""

    id: str
    kind: str
    speaker: str
    source_class: str
    who: str
    role: str
    resolved: str
    cue: str
    content: str
    content_start: int | None
    content_end: int | None


def _part_text(part: Any) -> str:
    return str(part.get("text") or "") if isinstance(part, dict) else ""


def source_rows(analysis: Analysis, content_limit: int = 70) -> list[SourceRow]:
    """The sources summary's attributions as table rows (empty when sources did not run)."""
    summary = analysis.summary("sources")
    attributions = summary.get("attributions") if isinstance(summary, dict) else None
    if not isinstance(attributions, list):
        return []
    by_id = {a.get("id"): a for a in attributions if isinstance(a, dict)}
    rows: list[SourceRow] = []
    for attribution in attributions:
        if not isinstance(attribution, dict):
            continue
        source = attribution.get("source") if isinstance(attribution.get("source"), dict) else {}
        who = source.get("name") or source.get("description") or ""
        resolved = ""
        refers_to = source.get("refers_to")
        antecedent = _part_text(source.get("antecedent"))
        if antecedent or refers_to:
            target = antecedent
            if not target and refers_to in by_id:
                earlier = by_id[refers_to].get("source") or {}
                target = earlier.get("name") or earlier.get("description") or ""
            resolved = "→ " + (target or "?") + (f" ({refers_to})" if refers_to else "")
        content = attribution.get("content") if isinstance(attribution.get("content"), dict) else {}
        source_class = str(source.get("class") or "")
        rows.append(SourceRow(
            id=str(attribution.get("id") or ""),
            kind=str(attribution.get("kind") or ""),
            speaker=_part_text(attribution.get("speaker")),
            source_class=SOURCE_CLASS_LABELS.get(source_class, source_class),
            who=str(who),
            role=str(source.get("role") or ""),
            resolved=resolved,
            cue=_part_text(attribution.get("cue")),
            content=shorten(_part_text(content), content_limit),
            content_start=content.get("start") if isinstance(content.get("start"), int) else None,
            content_end=content.get("end") if isinstance(content.get("end"), int) else None,
        ))
    return rows


def sources_overview(analysis: Analysis) -> str | None:
    """``"7 attributions: 2 named person, …; 57% from unnamed sources"`` or None."""
    summary = analysis.summary("sources")
    if not isinstance(summary, dict) or not summary.get("attributions"):
        return None
    counts = summary.get("counts") or {}
    total = len(summary["attributions"])
    parts = [f"{n} {SOURCE_CLASS_LABELS.get(k, humanize_key(k))}"
             for k, n in counts.items() if isinstance(n, int) and n]
    text = f"{total} attribution{'s' if total != 1 else ''}"
    if parts:
        text += ": " + ", ".join(parts)
    distinct = summary.get("distinct_sources")
    if isinstance(distinct, list):
        text += f"; {len(distinct)} distinct source{'s' if len(distinct) != 1 else ''}"
    share = summary.get("unnamed_share")
    if isinstance(share, (int, float)) and not isinstance(share, bool):
        text += f"; {share:.0%} not named"
    return text


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


# --------------------------------------------------------------------- claims

CLAIM_CLASS_LABELS = {
    "named": "named",
    "unnamed": "unnamed",
    "vague": "vague",
    "anonymous": "anonymous",
    "unattributed": "unattributed",
    "not_checked": "not checked",
}


@dataclass
class ClaimRow:
    """One ranked claim of the claims summary, flattened for a table."""

    rank: int
    score: float
    text: str
    start: int | None
    end: int | None
    event: str
    who: str
    where: str
    when: str
    attribution_class: str
    source: str
    attribution_id: str
    unnamed_only: bool

    @property
    def attribution(self) -> str:
        """``"unnamed: the serviceman (a3)"``, ``"unattributed"`` ..."""
        text = self.attribution_class
        if self.source:
            text += f": {self.source}"
        if self.attribution_id:
            text += f" ({self.attribution_id})"
        return text


def _place_phrase(place: dict[str, Any]) -> str:
    if place.get("status") == "unknown":
        suggestion = place.get("suggestion")
        return f"{place.get('text')} (unknown place" + (f"; did you mean {suggestion}?)" if suggestion else ")")
    return str(place.get("name") or place.get("text") or "")


def _date_phrase(date: dict[str, Any]) -> str:
    resolved = date.get("resolved")
    if isinstance(resolved, dict):
        resolved = f"{resolved.get('start')} – {resolved.get('end')}"
    text = str(date.get("text") or "")
    return f"{text} = {resolved}" if resolved and str(resolved) != text else text


def _records(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def claim_rows(analysis: Analysis, text_limit: int = 240) -> list[ClaimRow]:
    """The claims summary's ranked claims as table rows (empty when claims did not run)."""
    summary = analysis.summary("claims")
    claims = summary.get("claims") if isinstance(summary, dict) else None
    rows: list[ClaimRow] = []
    for claim in _records(claims):
        attribution = claim.get("attribution") if isinstance(claim.get("attribution"), dict) else {}
        who = list(dict.fromkeys(str(a.get("text")) for a in _records(claim.get("actors")) if a.get("text")))
        where = list(dict.fromkeys(_place_phrase(p) for p in _records(claim.get("places"))))
        when = list(dict.fromkeys(_date_phrase(d) for d in _records(claim.get("dates"))))
        score = claim.get("score")
        attribution_class = str(attribution.get("class") or "")
        rows.append(ClaimRow(
            rank=int(claim.get("rank") or len(rows) + 1),
            score=float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else 0.0,
            text=shorten(str(claim.get("text") or ""), text_limit),
            start=claim.get("start") if isinstance(claim.get("start"), int) else None,
            end=claim.get("end") if isinstance(claim.get("end"), int) else None,
            event=str(claim.get("event") or "other"),
            who="; ".join(who), where="; ".join(where), when="; ".join(when),
            attribution_class=CLAIM_CLASS_LABELS.get(attribution_class, humanize_key(attribution_class)),
            source=str(attribution.get("who") or ""),
            attribution_id=str(attribution.get("attribution") or ""),
            unnamed_only=bool(attribution.get("unnamed_only")),
        ))
    return sorted(rows, key=lambda r: r.rank)


def claims_overview(analysis: Analysis) -> str | None:
    """``"4 check-worthy of 21 sentences (threshold 0.37, model …); 2 rest only on unnamed sources"``."""
    summary = analysis.summary("claims")
    if not isinstance(summary, dict) or not isinstance(summary.get("counts"), dict):
        return None
    counts = summary["counts"]
    claims, sentences = counts.get("claims", 0), counts.get("sentences", 0)
    text = f"{claims} check-worthy of {sentences} sentence{'s' if sentences != 1 else ''}"
    details = []
    threshold = summary.get("threshold")
    if isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
        details.append(f"score ≥ {format_number(threshold)}")
    if summary.get("model"):
        details.append(f"model {summary['model']}")
    if details:
        text += f" ({', '.join(details)})"
    unnamed = counts.get("unnamed_only")
    if isinstance(unnamed, int) and unnamed:
        text += f"; {unnamed} rest{'s' if unnamed == 1 else ''} only on unnamed sources"
    checked = summary.get("sources_checked")
    if isinstance(checked, dict) and not checked.get("sources", True):
        text += "; attribution not checked (sources did not run)"
    return text
