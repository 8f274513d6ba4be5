"""Attributions -> the sources summary, annotation spans and findings
(layout in docs/json-output.md, "Spans and summaries per analyzer")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from unspin.model import Finding, Severity, Span
from unspin.sources.records import (ANONYMOUS, NAMED_CLASSES, NAMED_ORGANIZATION, NAMED_PERSON,
                                    SOURCE_CLASSES, UNATTRIBUTED, UNNAMED_DESCRIBED, Attribution)

MIN_CLAIMS_FOR_SHARE = 3  # below this, "most claims are unnamed" says little
UNNAMED_MAJORITY = 0.5


def source_key(a: Attribution) -> str:
    """One key per source entity: named sources by name, others by the
    attribution that first mentioned them."""
    source = a.source
    if source.cls in NAMED_CLASSES and source.name:
        name = source.name.lower()
        name = name[4:] if name.startswith("the ") else name
        return f"{'person' if source.cls == NAMED_PERSON else 'org'}:{name}"
    return f"{source.cls}:{source.refers_to or a.id}"


def _label(a: Attribution) -> str:
    return a.source.name or a.source.description or "no speaker"


def build_summary(text: str, attributions: Sequence[Attribution],
                  references: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    counts = {cls: 0 for cls in SOURCE_CLASSES}
    distinct: dict[str, dict[str, Any]] = {}
    for a in attributions:
        counts[a.source.cls] += 1
        key = source_key(a)
        entry = distinct.get(key)
        if entry is None:
            entry = {"key": key, "class": a.source.cls}
            if a.source.cls in NAMED_CLASSES:
                entry["name"] = a.source.name
            else:
                entry["description"] = a.source.description
            entry["attributions"] = []
            distinct[key] = entry
        entry["attributions"].append(a.id)
    total = len(attributions)
    named = counts[NAMED_PERSON] + counts[NAMED_ORGANIZATION]
    return {
        "attributions": [a.as_dict(text) for a in attributions],
        "counts": counts,
        "distinct_sources": list(distinct.values()),
        "unnamed_share": round((total - named) / total, 3) if total else 0.0,
        "references": list(references),
    }


def build_spans(text: str, attributions: Sequence[Attribution]) -> list[Span]:
    spans: list[Span] = []
    for a in attributions:
        common = {"attribution": a.id, "kind": a.kind, "source_class": a.source.cls}
        spans.append(Span.of(text, a.content.start, a.content.end, "quote", **common))
        if a.speaker is not None:
            spans.append(Span.of(text, a.speaker.span.start, a.speaker.span.end, "speaker", **common,
                                 name=a.source.name, role=a.source.role, description=a.source.description,
                                 refers_to=a.source.refers_to, vague=a.source.vague))
        if a.cue is not None:
            spans.append(Span.of(text, a.cue.start, a.cue.end, "cue", **common))
    return spans


def _speaker_span(text: str, a: Attribution) -> Span | None:
    if a.speaker is None:
        return None
    return Span.of(text, a.speaker.span.start, a.speaker.span.end, "speaker", attribution=a.id,
                   source_class=a.source.cls)


def _listing(labels: list[str], limit: int = 4) -> str:
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def unnamed_sourcing(text: str, attributions: Sequence[Attribution]) -> Finding | None:
    """Article-level: most attributed claims rest on sources the reader cannot check."""
    claims = [a for a in attributions if a.source.cls != UNATTRIBUTED]
    unnamed = [a for a in claims if a.source.cls in (UNNAMED_DESCRIBED, ANONYMOUS)]
    named = len(claims) - len(unnamed)
    if len(claims) < MIN_CLAIMS_FOR_SHARE or len(unnamed) / len(claims) <= UNNAMED_MAJORITY:
        return None
    share = len(unnamed) / len(claims)
    sources: dict[str, str] = {}
    for a in unnamed:
        sources.setdefault(source_key(a), _label(a))
    none_named = named == 0
    message = (f"{len(unnamed)} of {len(claims)} attributed claims rest on unnamed or anonymous sources "
               f"({_listing(list(sources.values()))}); "
               + ("none is named." if none_named else f"only {named} cite{'s' if named == 1 else ''} "
                                                        "a named person or organisation."))
    evidence: list[Span] = []
    for span in (_speaker_span(text, a) for a in unnamed):
        if span is not None and all((span.start, span.end) != (e.start, e.end) for e in evidence):
            evidence.append(span)  # one speaker with two cues is shown once
    return Finding(
        kind="unnamed-sourcing",
        severity=Severity.HIGH if none_named else Severity.MEDIUM,
        message=message,
        evidence=evidence,
        confidence=round(min(0.9, 0.5 + 0.4 * share), 3),
        details={
            "claims": len(claims),
            "unnamed_claims": len(unnamed),
            "named_claims": named,
            "unnamed_share": round(share, 3),
            "anonymous_claims": sum(1 for a in unnamed if a.source.cls == ANONYMOUS),
            "unnamed_sources": list(sources.values()),
            "attributions": [a.id for a in unnamed],
        },
    )


def anonymous_sources(text: str, attributions: Sequence[Attribution]) -> list[Finding]:
    """One finding per anonymous source (its later back-references join it)."""
    by_source: dict[str, list[Attribution]] = {}
    for a in attributions:
        if a.source.cls == ANONYMOUS:
            by_source.setdefault(source_key(a), []).append(a)
    findings = []
    for group in by_source.values():
        first = group[0]
        evidence = [s for s in (_speaker_span(text, a) for a in group) if s is not None]
        said = text[first.speaker.span.start:first.cue.end] if first.speaker and first.cue and \
            first.cue.start >= first.speaker.span.start else _label(first)
        findings.append(Finding(
            kind="anonymous-source", severity=Severity.LOW,
            message=f"A claim rests on an anonymous source: “{said}”.",
            evidence=evidence, confidence=0.7,
            details={"description": first.source.description, "attributions": [a.id for a in group]},
        ))
    return findings


def unattributed_quotes(text: str, attributions: Sequence[Attribution]) -> list[Finding]:
    findings = []
    for a in attributions:
        if a.kind != "direct" or a.source.cls != UNATTRIBUTED:
            continue
        quoted = text[a.content.start:a.content.end]
        shown = quoted if len(quoted) <= 80 else quoted[:77].rstrip() + "…"
        findings.append(Finding(
            kind="unattributed-quote", severity=Severity.LOW,
            message=f"Quotation with no identifiable speaker: “{shown}”.",
            evidence=[Span.of(text, a.content.start, a.content.end, "quote", attribution=a.id)],
            confidence=0.6, details={"attribution": a.id},
        ))
    return findings


def build_findings(text: str, attributions: Sequence[Attribution]) -> list[Finding]:
    findings: list[Finding] = []
    overall = unnamed_sourcing(text, attributions)
    if overall is not None:
        findings.append(overall)
    findings.extend(anonymous_sources(text, attributions))
    findings.extend(unattributed_quotes(text, attributions))
    return findings
