"""Plain-text views of stories and the outlet network (terminal and pipes)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from unspin.corpus.forensics import Indicator
from unspin.corpus.stories import Story
from unspin.report.common import format_number, shorten

RELATION_LABELS = {"copy": "copy", "rewrite": "rewrite", "cross_language_rewrite": "cross-language rewrite",
                   "independent": "independent"}


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{format_number(round(value / 24, 1))} d" if abs(value) >= 48 else f"{format_number(round(value, 1))} h"


def stories_text(stories: Sequence[Story]) -> str:
    if not stories:
        return "No stories: no copy or rewrite relations between stored articles.\n"
    lines = [f"{len(stories)} stories, {sum(len(s.members) for s in stories)} articles\n"]
    for n, story in enumerate(stories, 1):
        span = (f"{story.first_published.isoformat()} – {story.last_published.isoformat()}"
                if story.first_published and story.last_published else "undated")
        lines.append(f"{n}. {shorten(story.title or story.id, 90)}  [{story.id}]")
        lines.append(f"   {len(story.members)} articles, {len(story.outlets)} outlets, {span}, "
                     f"languages {', '.join(story.languages) or '?'}")
        if story.origin:
            origin = story.member(story.origin.article_id)
            lines.append(f"   origin: {origin.domain if origin else ''} {story.origin.article_id} "
                         f"(confidence {format_number(round(story.origin.confidence, 2))})")
            lines += [f"     - {reason}" for reason in story.origin.reasons]
        else:
            lines.append("   origin: none chosen (evidence too weak or split)")
            for candidate in story.candidates:
                lines.append(f"     candidate {candidate['article_id']} {format_number(candidate['score'])}: "
                             + "; ".join(candidate["reasons"]))
        for member in story.members:
            if member.role == "origin":
                how = "origin"
            elif member.linked_to:
                via = story.member(member.linked_to)
                how = (f"{RELATION_LABELS.get(member.relation or '', member.relation)} of "
                       f"{via.domain if via and via.domain else member.linked_to} "
                       f"({format_number(round(member.score or 0, 2))})")
            else:
                how = "member"
            lag = f" +{_hours(member.lag_hours)}" if member.lag_hours is not None else ""
            date_text = member.published.isoformat() if member.published else "undated"
            lines.append(f"   - {member.domain or '?'} {date_text} {member.language or '?'}{lag}: {how} — "
                         f"{shorten(member.title or member.article_id, 70)} [{member.article_id}]")
        for coverage in story.independent:
            lines.append(f"   independent: {coverage.domain or '?'} — {shorten(coverage.title or coverage.article_id, 70)}"
                         f" [{coverage.article_id}]")
        for related in story.related:
            lines.append(f"   linked too weakly to merge: {related['story_id']} ({related['links']} link(s), "
                         f"best {format_number(related['best_score'])})")
        lines.append("")
    return "\n".join(lines)


def outlets_text(network: Mapping[str, Any], per_domain: Mapping[str, Sequence[Indicator]],
                 shared: Sequence[Mapping[str, Any]], groups: Sequence[Sequence[str]]) -> str:
    lines = [f"{len(network['outlets'])} linked outlets, {len(network['edges'])} directed links, "
             f"{network['stories']} stories, {network['articles']} articles", ""]
    if network["edges"] or network["undirected"]:
        lines.append("Who republishes whom (A -> B: B republishes or rewrites A)")
        for edge in network["edges"]:
            kinds = ", ".join(f"{RELATION_LABELS.get(k, k)} {n}" for k, n in edge["relations"].items())
            lines.append(f"  {edge['source']} -> {edge['target']}: {edge['count']}x ({kinds}), "
                         f"median lag {_hours(edge['median_lag_hours'])}")
        for pair in network["undirected"]:
            kinds = ", ".join(f"{RELATION_LABELS.get(k, k)} {n}" for k, n in pair["relations"].items())
            lines.append(f"  {pair['domains'][0]} -- {pair['domains'][1]}: {pair['count']}x ({kinds}), "
                         "direction unknown")
        lines.append("")
    if network["outlets"]:
        lines.append("Outlets (articles, stories, origins, rewrites, rewrite share, typical lag; siblings)")
        for outlet in network["outlets"]:
            siblings = ", ".join(f"{s['domain']} ({s['stories']})" for s in outlet["siblings"][:4])
            lines.append(f"  {outlet['domain']}: {outlet['articles']} articles, {outlet['stories']} stories, "
                         f"{outlet['origins']} origins, {outlet['rewrites']} rewrites "
                         f"({round(outlet['rewrite_share'] * 100)}%), lag {_hours(outlet['median_lag_hours'])}"
                         + (f"; siblings {siblings}" if siblings else ""))
        lines.append("")
    if shared:
        lines.append("Domains sharing forensic indicators")
        for record in shared:
            items = "; ".join(f"{s['tier']} {s['kind']} {s['value']}" for s in record["shared"][:6])
            more = f" (+{len(record['shared']) - 6})" if len(record["shared"]) > 6 else ""
            lines.append(f"  [{record['tier']}] {record['domains'][0]} ~ {record['domains'][1]}: {items}{more}")
        lines.append("")
    if groups:
        lines.append("Likely one operator (joined by strong indicators)")
        lines += [f"  {', '.join(group)}" for group in groups]
        lines.append("")
    if per_domain:
        lines.append(f"Forensic indicators found on {len(per_domain)} domains with stored HTML")
        for domain, indicators in per_domain.items():
            strong = [i for i in indicators if i.tier == "strong"]
            shown = ", ".join(f"{i.kind} {i.value}" for i in strong[:5]) or "no strong indicators"
            lines.append(f"  {domain}: {len(indicators)} indicators; {shown}")
    else:
        lines.append("No stored HTML: domain forensics need HTML or WARC inputs at ingest.")
    return "\n".join(lines) + "\n"
