"""The summaries that the text and HTML reports draw as tables of their own:
the sources analyzer's attributions and the claims analyzer's ranked claims.

Rows are plain strings (the renderers escape them); the summary layouts are
documented in docs/json-output.md and docs/claims.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unspin.model import Analysis
from unspin.report.common import format_number, humanize_key, shorten

SOURCE_CLASS_LABELS = {
    "named_person": "named person",
    "named_organization": "named organisation",
    "unnamed_described": "unnamed (described)",
    "anonymous": "anonymous",
    "unattributed": "unattributed",
}


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
    if place.get("status") in ("unknown", "suspect"):
        suggestion = place.get("suggestion")
        return (f"{place.get('text')} ({place.get('status')} place"
                + (f"; did you mean {suggestion}?)" if suggestion else ")"))
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
