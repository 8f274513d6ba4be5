"""Self-contained HTML pages for corpus views: stories and the outlet network.

Same safety model as :mod:`unspin.report.html`: every string that comes from
an article, a relation record or a page's HTML (titles, domains, texts,
indicator values and snippets) only reaches markup through :func:`esc`,
attribute values are double-quoted, ids and classes are generated here
(relation kinds and tiers become classes only through fixed tables), links
are made only for plain http(s) URLs. These pages need no script at all:
the Content-Security-Policy admits only the page's own stylesheet (by hash)
and ``data:`` images, so nothing can run or load from the network.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import math
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from unspin import __version__
from unspin.corpus.forensics import TIER_RANK, Indicator
from unspin.corpus.graph import circular_layout, curve
from unspin.trace.links import Link, field_of, merge_links, pair_key
from unspin.corpus.stories import Story, StoryMember
from unspin.model import Article
from unspin.report.common import format_number, format_value, shorten
from unspin.report.html import esc, safe_http_url

RELATION_CLASSES = {"copy": "rel-copy", "rewrite": "rel-rewrite",
                    "cross_language_rewrite": "rel-cross_language_rewrite", "independent": "rel-independent"}
RELATION_LABELS = {"copy": "copy", "rewrite": "rewrite", "cross_language_rewrite": "cross-language rewrite",
                   "independent": "independent"}
TIER_CLASSES = {"strong": "tier-strong", "medium": "tier-medium", "weak": "tier-weak"}
CHANGE_LABELS = {"inserted": "inserted (not in the upstream text)", "removed": "removed (dropped from the upstream text)",
                 "changed_numbers": "changed numbers", "changed_names": "changed names",
                 "invented_quotes": "invented quotes"}
MAX_GRAPH_NODES = 80
MIN_GAP_CHARS = 12  # unaligned text shorter than this is punctuation or a dangling word, not a sentence


# ------------------------------------------------------------------ the page

@lru_cache(maxsize=1)
def _css() -> str:
    return (resources.files("unspin.report") / "assets" / "trace.css").read_text(encoding="utf-8")


def content_security_policy(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _page(title: str, meta: str, body: Iterable[str]) -> str:
    css = _css()
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(css))}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
        '<header class="report">', f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{meta}; unspin {esc(__version__)}</p>', "</header>",
        *body, "</body>", "</html>",
    ]
    return "\n".join(parts) + "\n"


def _link(url: str | None, text: str) -> str:
    safe = safe_http_url(url)
    if safe:
        return f'<a href="{esc(safe)}" rel="noopener noreferrer nofollow" target="_blank">{esc(text)}</a>'
    return esc(text)


def _relation_badge(relation: str | None) -> str:
    if not relation:
        return ""
    css = RELATION_CLASSES.get(relation, "")
    return f'<span class="badge {css}">{esc(RELATION_LABELS.get(relation, relation))}</span>'


def _tier_badge(tier: str) -> str:
    return f'<span class="badge {TIER_CLASSES.get(tier, "")}">{esc(tier)}</span>'


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 48:
        return f"{format_number(round(value / 24, 1))} d"
    return f"{format_number(round(value, 1))} h"


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


# --------------------------------------------------------------- stories

def render_story_html(story: Story, articles: Sequence[Article], relations: Sequence[tuple[str, Any]], *,
                      title: str | None = None) -> str:
    """One story on one page: origin and reasons, members, each rewrite beside its upstream text."""
    by_id = {a.id: a for a in articles}
    links = merge_links(relations)
    heading = title or f"story: {story.title or story.id}"
    meta = (f"{len(story.members)} articles; {len(story.outlets)} outlets; "
            f"{'origin chosen' if story.origin else 'no origin chosen'}")
    return _page(heading, esc(meta), [_legend(), _story_section(story, 0, by_id, links)])


def story_body(story: Story, articles: Sequence[Article], relations: Sequence[tuple[str, Any]]) -> str:
    """The story's legend and section without the page around it (for pages that embed it with
    trace.css)."""
    return "\n".join([_legend(), _story_section(story, 0, {a.id: a for a in articles}, merge_links(relations))])


def render_stories_html(stories: Sequence[Story], articles: Sequence[Article],
                        relations: Sequence[tuple[str, Any]], *, title: str = "unspin stories") -> str:
    """All stories in one file: an index, then one section per story."""
    by_id = {a.id: a for a in articles}
    links = merge_links(relations)
    body = [_stories_index(stories), _legend()]
    body += [_story_section(story, n, by_id, links) for n, story in enumerate(stories)]
    members = sum(len(s.members) for s in stories)
    with_origin = sum(1 for s in stories if s.origin)
    meta = f"{len(stories)} stories; {members} articles in stories; {with_origin} with a chosen origin"
    return _page(title, esc(meta), body)


def _stories_index(stories: Sequence[Story]) -> str:
    if not stories:
        return '<nav class="index"><p class="muted">No stories: no copy or rewrite relations found.</p></nav>'
    rows = []
    for n, story in enumerate(stories):
        origin = story.member(story.origin.article_id) if story.origin else None
        origin_text = (f"{origin.domain or origin.article_id} ({format_number(round(story.origin.confidence, 2))})"
                       if origin and story.origin else "—")
        span = f"{_date(story.first_published)} – {_date(story.last_published)}" if story.first_published else "—"
        rows.append(f'<tr><td>{n + 1}</td><td><a href="#story-{n}">{esc(story.title or story.id)}</a></td>'
                    f'<td class="num">{len(story.members)}</td><td>{esc(origin_text)}</td>'
                    f'<td>{esc(", ".join(story.outlets[:6]) + (" …" if len(story.outlets) > 6 else ""))}</td>'
                    f'<td>{esc(span)}</td><td>{esc(", ".join(story.languages))}</td></tr>')
    return ('<nav class="index"><h3>Stories</h3><table><thead><tr><th>#</th><th>story</th><th>articles</th>'
            '<th>origin (confidence)</th><th>outlets</th><th>time span</th><th>languages</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></nav>')


def _legend() -> str:
    return ('<div class="legend"><span><del>removed words</del></span><span><ins>inserted words</ins></span>'
            '<span class="numdiff">number not on the other side</span>'
            '<span>green row: only in the rewrite; red row: only upstream; red edge: invented quote</span></div>')


def _member_label(member: StoryMember | None, article_id: str) -> str:
    if member is None:
        return article_id
    return member.domain or member.title or article_id


def _story_section(story: Story, index: int, by_id: Mapping[str, Article],
                   links: Mapping[tuple[str, str], Link]) -> str:
    parts = [f'<section class="story" id="story-{index}">', f"<h2>{esc(story.title or story.id)}</h2>"]
    fields = [("story id", esc(story.id)), ("articles", str(len(story.members))),
              ("outlets", esc(", ".join(story.outlets) or "—")),
              ("languages", esc(", ".join(story.languages) or "—")),
              ("time span", esc(f"{_date(story.first_published)} – {_date(story.last_published)}"
                                + (f" ({story.span_days} day{'s' if story.span_days != 1 else ''})"
                                   if story.span_days is not None else ""))),
              ("relations", " ".join(f"{_relation_badge(k)} {n}" for k, n in story.relation_counts.items())),
              ("cohesion", esc(format_number(round(story.cohesion, 2))) + ' <span class="muted">(mean link score)'
                           "</span>")]
    parts.append('<dl class="fields">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in fields) + "</dl>")
    parts.append(_origin_html(story))
    parts.append(_members_table(story))
    root = story.origin.article_id if story.origin else None
    compared = 0
    for member in story.members:
        if member.linked_to is None or member.article_id == root:
            continue
        link = links.get(pair_key(member.article_id, member.linked_to))
        upstream, downstream = member.linked_to, member.article_id
        if link and link.upstream == member.article_id:
            upstream, downstream = member.article_id, member.linked_to  # the tracer says it's the other way round
        if upstream not in by_id or downstream not in by_id or link is None:
            continue
        parts.append(_pair_html(story, index, compared, by_id[upstream], by_id[downstream], link))
        compared += 1
    if story.independent:
        items = "".join(
            f"<li>{esc(c.domain or c.article_id)}: {esc(c.title or c.article_id)} "
            f'<span class="muted">({esc(_date(c.published))}; same event as '
            f"{esc(_member_label(story.member(c.linked_to), c.linked_to))}; score "
            f"{esc(format_number(round(c.score, 2)))}"
            + (f"; in story {esc(c.story_id)}" if c.story_id else "") + ")</span></li>"
            for c in story.independent)
        parts.append(f"<h3>Independent coverage ({len(story.independent)})</h3>"
                     f'<p class="muted">Same event, different text lineage: not rewrites.</p><ul>{items}</ul>')
    if story.related:
        items = "".join(f"<li>{esc(r['story_id'])}: {int(r['links'])} link(s), best score "
                        f"{esc(format_number(r['best_score']))}</li>" for r in story.related)
        parts.append("<h3>Linked too weakly to merge</h3>"
                     f'<p class="muted">Lineage links to other stories that did not meet the grouping rule.</p>'
                     f"<ul>{items}</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _origin_html(story: Story) -> str:
    if story.origin:
        member = story.member(story.origin.article_id)
        reasons = "".join(f"<li>{esc(r)}</li>" for r in story.origin.reasons)
        return (f'<h3>Origin: <span class="role-origin">{esc(_member_label(member, story.origin.article_id))}'
                f"</span> <span class=\"muted\">confidence {esc(format_number(round(story.origin.confidence, 2)))}"
                f"</span></h3><ul class=\"reasons\">{reasons}</ul>")
    text = '<h3>Origin: none chosen</h3><p class="muted">The evidence is too weak or split'
    if story.candidates:
        listed = "; ".join(f"{_member_label(story.member(c['article_id']), c['article_id'])} "
                           f"({format_number(c['score'])}: {', '.join(c['reasons'])})" for c in story.candidates)
        text += f". Candidates: {esc(listed)}"
    return text + ".</p>"


def _members_table(story: Story) -> str:
    rows = []
    for member in story.members:
        role = '<span class="role-origin">origin</span>' if member.role == "origin" else "member"
        linked = ""
        if member.linked_to:
            linked = (f"{_relation_badge(member.relation)} of "
                      f"{esc(_member_label(story.member(member.linked_to), member.linked_to))}")
            if member.direction == "upstream":
                linked += ' <span class="muted">(upstream of it)</span>'
        score = esc(format_number(round(member.score, 2))) if member.score is not None else "—"
        rows.append(f"<tr><td>{role}</td><td>{esc(member.domain or '—')}</td>"
                    f"<td>{_link(member.url, member.title or member.article_id)}</td>"
                    f"<td>{esc(_date(member.published))}</td><td>{esc(member.language or '—')}</td>"
                    f'<td>{linked}</td><td class="num">{score}</td><td class="num">{esc(_hours(member.lag_hours))}'
                    "</td></tr>")
    return ("<table><thead><tr><th>role</th><th>outlet</th><th>title</th><th>published</th><th>lang</th>"
            "<th>relation</th><th>score</th><th>lag after origin</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


# ------------------------------------------------------ side-by-side pairs

def _span_offsets(text: str, span: Any) -> tuple[int, int, str] | None:
    """``(start, end, text)`` of an aligned sentence; offsets checked against the article text."""
    if isinstance(span, str):
        found = text.find(span)
        return (found, found + len(span), span) if found >= 0 else (-1, -1, span)
    if not isinstance(span, Mapping):
        return None
    shown = str(span.get("text") or "")
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        if not shown or text[start:end] == shown:
            return start, end, text[start:end]
    if shown:
        found = text.find(shown)
        return (found, found + len(shown), shown) if found >= 0 else (-1, -1, shown)
    return None


def _aligned_rows(link: Link, upstream: Article, downstream: Article) -> list[tuple[Any, Any, float | None]]:
    """Aligned pairs as ``(upstream span, downstream span, similarity)``, read from the
    record whose query side is the downstream article when there is one."""
    record, swapped = link.record_from(downstream.id)
    rows = []
    for pair in field_of(record, "aligned") or []:
        if not isinstance(pair, Mapping):
            continue
        query, relative = pair.get("query"), pair.get("relative")
        down_span, up_span = (relative, query) if swapped else (query, relative)
        similarity = pair.get("similarity")
        rows.append((_span_offsets(upstream.text, up_span), _span_offsets(downstream.text, down_span),
                     similarity if isinstance(similarity, (int, float)) and not isinstance(similarity, bool)
                     else None))
    return rows


# After . ! ? or …, possibly closed by a quote mark; not after a quote that ends a clause ("…,” said).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"”»])\s+|\n+")


def _gaps(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence-sized stretches of ``text`` that no aligned span covers."""
    out: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(covered) + [(len(text), len(text))]:
        if start > position:
            piece_start = position
            for match in list(_SENTENCE_BREAK.finditer(text, position, start)) + [None]:
                piece_end = match.start() if match else start
                piece = text[piece_start:piece_end]
                if sum(ch.isalnum() for ch in piece) >= MIN_GAP_CHARS:
                    lead = len(piece) - len(piece.lstrip())
                    out.append((piece_start + lead, piece_start + len(piece.rstrip())))
                if match:
                    piece_start = match.end()
        position = max(position, end)
    return out


_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", m.group()) for m in _DIGITS.finditer(text)}


def _mark_numbers(text: str, other_numbers: set[str]) -> str:
    """Escaped text with numbers missing from the other side marked."""
    out, position = [], 0
    for match in _DIGITS.finditer(text):
        if re.sub(r"\D", "", match.group()) in other_numbers:
            continue
        out.append(esc(text[position:match.start()]))
        out.append(f'<span class="numdiff">{esc(match.group())}</span>')
        position = match.end()
    out.append(esc(text[position:]))
    return "".join(out)


def _word_diff(left: str, right: str) -> tuple[str, str]:
    """Both sentences escaped, with words only on one side wrapped in del/ins
    (and changed numbers also marked)."""
    a, b = _TOKEN.findall(left), _TOKEN.findall(right)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left_out, right_out = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pieces_a, pieces_b = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left_out.append(esc(pieces_a))
            right_out.append(esc(pieces_b))
            continue
        numbers_changed = bool(_numbers(pieces_a) ^ _numbers(pieces_b))
        css = ' class="numdiff"' if numbers_changed else ""
        if pieces_a.strip():
            left_out.append(f"<del{css}>{esc(pieces_a)}</del>")
        else:
            left_out.append(esc(pieces_a))
        if pieces_b.strip():
            right_out.append(f"<ins{css}>{esc(pieces_b)}</ins>")
        else:
            right_out.append(esc(pieces_b))
    return "".join(left_out), "".join(right_out)


#: Largest product of the two sides' token counts diffed word by word. difflib's matcher grows far
#: faster than linearly on repetitive runs (a crafted pair of 3 KB sentences took 25 s); real
#: aligned sentences are a few dozen tokens a side, so this bound never touches them.
MAX_DIFF_TOKEN_PRODUCT = 40_000


def _cells(left: str, right: str, same_language: bool) -> tuple[str, str]:
    if same_language and len(_TOKEN.findall(left)) * len(_TOKEN.findall(right)) <= MAX_DIFF_TOKEN_PRODUCT:
        return _word_diff(left, right)
    return _mark_numbers(left, _numbers(right)), _mark_numbers(right, _numbers(left))


def _change_texts(changes: Mapping[str, Any], key: str) -> list[str]:
    texts = []
    for item in changes.get(key) or []:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, Mapping) and isinstance(item.get("text"), str):
            texts.append(item["text"])
    return [t for t in texts if t.strip()]


def _pair_html(story: Story, story_index: int, number: int, upstream: Article, downstream: Article,
               link: Link) -> str:
    same_language = (upstream.language or "") == (downstream.language or "") or not (
        upstream.language and downstream.language)
    record, _ = link.record_from(downstream.id)
    changes = field_of(record, "changes") or {}
    changes = changes if isinstance(changes, Mapping) else {}
    invented = [q.strip(" \"“”«»'") for q in _change_texts(changes, "invented_quotes")]

    aligned = _aligned_rows(link, upstream, downstream)
    # rows: (sort position in the downstream text, left html, sim, right html, css class)
    rows: list[tuple[float, str, str, str, str]] = []
    up_covered, down_covered = [], []
    last_down_for_up: list[tuple[int, float]] = []
    for up_span, down_span, similarity in aligned:
        if up_span is None or down_span is None:
            continue
        left_text, right_text = up_span[2], down_span[2]
        left_html, right_html = _cells(left_text, right_text, same_language)
        position = down_span[0] if down_span[0] >= 0 else len(downstream.text)
        css = "invented" if any(q and q in right_text for q in invented) else ""
        sim = esc(format_number(round(float(similarity), 2))) if similarity is not None else ""
        rows.append((position, left_html, sim, right_html, css))
        if up_span[0] >= 0:
            up_covered.append((up_span[0], up_span[1]))
            last_down_for_up.append((up_span[1], position + 0.5))
        if down_span[0] >= 0:
            down_covered.append((down_span[0], down_span[1]))
    if aligned:
        for start, end in _gaps(downstream.text, down_covered):
            piece = downstream.text[start:end]
            css = "only-rewrite invented" if any(q and q in piece for q in invented) else "only-rewrite"
            rows.append((start, '<span class="muted">—</span>', "", esc(piece), css))
        for start, end in _gaps(upstream.text, up_covered):
            # Place an upstream-only sentence after the row holding the upstream text just before it.
            before = [pos for up_end, pos in last_down_for_up if up_end <= start]
            position = max(before) + 0.25 if before else -1.0
            rows.append((position, esc(upstream.text[start:end]), "", '<span class="muted">—</span>',
                         "only-upstream"))
    else:
        left_html, right_html = _cells(upstream.text, downstream.text, same_language)
        rows.append((0, left_html, "", right_html, ""))
    rows.sort(key=lambda r: r[0])

    body = "".join(
        f'<tr class="{css}"><td class="side left{" empty" if "only-rewrite" in css else ""}">{left}</td>'
        f'<td class="sim">{sim}</td><td class="side right{" empty" if css == "only-upstream" else ""}">{right}</td></tr>'
        for _, left, sim, right, css in rows)
    up_member, down_member = story.member(upstream.id), story.member(downstream.id)
    head_left = (f"upstream: {_member_label(up_member, upstream.id)} ({_date(upstream.published)}, "
                 f"{upstream.language or '?'})")
    head_right = (f"{_member_label(down_member, downstream.id)} ({_date(downstream.published)}, "
                  f"{downstream.language or '?'})")
    summary = (f"{esc(_member_label(down_member, downstream.id))} {_relation_badge(link.relation)} of "
               f"{esc(_member_label(up_member, upstream.id))} "
               f'<span class="muted">score {esc(format_number(round(link.score, 2)))}; '
               f"{len(aligned)} aligned sentence pairs</span>")
    evidence = field_of(record, "evidence") or {}
    evidence_html = ""
    if isinstance(evidence, Mapping) and evidence:
        evidence_html = ('<p class="muted">evidence: ' + esc("; ".join(
            f"{k.replace('_', ' ')} {format_value(v, 60)}" for k, v in evidence.items())) + "</p>")
    return (f'<details class="pair" id="story-{story_index}-pair-{number}" open><summary>{summary}</summary>'
            f"{evidence_html}"
            '<table class="compare"><thead><tr>'
            f'<th>{esc(head_left)}</th><th class="sim">sim.</th><th>{esc(head_right)}</th></tr></thead>'
            f"<tbody>{body}</tbody></table>{_changes_html(changes)}</details>")


def _change_item(item: Any) -> str:
    if isinstance(item, str):
        return esc(shorten(item, 300))
    if isinstance(item, Mapping):
        for a, b in (("from", "to"), ("origin", "rewrite"), ("upstream", "downstream"), ("before", "after"),
                     ("relative", "query"), ("old", "new")):
            if a in item and b in item:
                return f"<del>{esc(format_value(item[a], 120))}</del> → <ins>{esc(format_value(item[b], 120))}</ins>"
        if isinstance(item.get("text"), str):
            return esc(shorten(item["text"], 300))
    return esc(format_value(item, 300))


def _changes_html(changes: Mapping[str, Any]) -> str:
    blocks = []
    # Lists of changes only: scalar bookkeeping (which side is downstream) is not a change.
    keys = [k for k in CHANGE_LABELS if isinstance(changes.get(k), list) and changes[k]]
    keys += [k for k in changes if k not in CHANGE_LABELS and isinstance(changes[k], list) and changes[k]]
    for key in keys:
        items = changes[key]
        lis = "".join(f"<li>{_change_item(item)}</li>" for item in items[:50])
        label = CHANGE_LABELS.get(key, str(key).replace("_", " "))
        blocks.append(f"<dt>{esc(label)} ({len(items)})</dt><dd><ul>{lis}</ul></dd>")
    if not blocks:
        return ""
    return f'<h3>What the tracer found changed</h3><dl class="changes">{"".join(blocks)}</dl>'


# ----------------------------------------------------------------- outlets

def _indicator_list(items: Sequence[Indicator | Mapping[str, Any]]) -> list[Indicator]:
    return [i if isinstance(i, Indicator) else Indicator.from_dict(i) for i in items]


def render_outlets_html(network: Mapping[str, Any],
                        indicators: Mapping[str, Sequence[Indicator | Mapping[str, Any]]] | None = None, *,
                        shared: Sequence[Mapping[str, Any]] | None = None,
                        title: str = "unspin outlets") -> str:
    """The outlet graph (inline SVG), its tables, and the forensic indicators per domain.

    ``network`` is :func:`unspin.corpus.outlets.outlet_network`'s output;
    ``indicators`` maps domain -> indicators; ``shared`` defaults to
    :func:`unspin.corpus.forensics.shared_indicators` of them.
    """
    from unspin.corpus.forensics import shared_indicators

    per_domain = {d: _indicator_list(items) for d, items in (indicators or {}).items()}
    if shared is None:
        shared = shared_indicators(per_domain)
    body = [_graph_html(network, shared), _outlets_table(network), _edges_table(network),
            _shared_table(shared), _indicators_table(per_domain)]
    meta = (f"{len(network.get('outlets', []))} linked outlets; {len(network.get('edges', []))} directed links; "
            f"{network.get('stories', 0)} stories; {len(per_domain)} domains with stored HTML; "
            f"{len(shared)} domain pairs sharing indicators")
    return _page(title, esc(meta), body)


def outlet_tables(network: Mapping[str, Any], indicators: Mapping[str, Sequence[Indicator]],
                  shared: Sequence[Mapping[str, Any]]) -> str:
    """The outlets page's tables without its static graph (for pages that draw their own)."""
    per_domain = {d: _indicator_list(items) for d, items in indicators.items()}
    return "\n".join([_outlets_table(network), _edges_table(network), _shared_table(shared),
                      _indicators_table(per_domain)])


def _node_class(outlet: Mapping[str, Any]) -> str:
    """Colour: mostly a source (it has origins or is upstream more than it rewrites), mostly a rewriter, or both."""
    share = float(outlet.get("rewrite_share") or 0)
    if share >= 0.5:
        return "rewriter"
    if outlet.get("origins") or outlet.get("downstream"):
        return "origin"
    return "mixed"


def _graph_html(network: Mapping[str, Any], shared: Sequence[Mapping[str, Any]]) -> str:
    outlets = {o["domain"]: o for o in network.get("outlets", [])}
    edges = list(network.get("edges", []))
    undirected = list(network.get("undirected", []))
    forensic = [s for s in shared if TIER_RANK.get(s.get("tier"), 0) >= TIER_RANK["medium"]]
    pairs = ([(e["source"], e["target"]) for e in edges] + [tuple(u["domains"]) for u in undirected]
             + [tuple(s["domains"]) for s in forensic])
    degree: dict[str, int] = {}
    for a, b in pairs:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    nodes = sorted(degree, key=lambda d: (-degree[d], d))
    if not nodes:
        return ('<section class="panel"><h2>Outlet graph</h2><p class="muted">No links between outlets '
                "(no copy/rewrite relations across domains, no shared indicators).</p></section>")
    dropped = max(0, len(nodes) - MAX_GRAPH_NODES)
    nodes = nodes[:MAX_GRAPH_NODES]
    shown = set(nodes)
    size = max(560, min(1400, 320 + 26 * len(nodes)))
    positions = circular_layout(sorted(nodes), [p for p in pairs if p[0] in shown and p[1] in shown], size=size)

    def radius(domain: str) -> float:
        articles = (outlets.get(domain) or {}).get("articles", 1) or 1
        return round(min(16.0, 4 + 2 * math.sqrt(articles)), 1)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
           f'height="{size}" role="img" aria-label="outlet graph">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for record in forensic:
        a, b = record["domains"]
        if a in shown and b in shown:
            path, _ = curve(positions[a], positions[b], bend=-0.08)
            kinds = ", ".join(f"{s['kind']} {s['value']}" for s in record["shared"][:4])
            svg.append(f'<path class="edge forensic" d="{path}"><title>{esc(a)} and {esc(b)} share '
                       f"{esc(record['tier'])} indicators: {esc(kinds)}</title></path>")
    for record in undirected:
        a, b = record["domains"]
        if a in shown and b in shown:
            path, _ = curve(positions[a], positions[b], bend=0.0)
            svg.append(f'<path class="edge undirected" d="{path}"><title>{esc(a)} – {esc(b)}: '
                       f"{int(record['count'])} link(s), direction unknown</title></path>")
    labels = []
    for record in edges:
        a, b = record["source"], record["target"]
        if a not in shown or b not in shown:
            continue
        width = round(min(6.0, 1 + math.log2(1 + int(record["count"]))), 1)
        path, mid = curve(positions[a], positions[b], shorten_by=radius(b) + 2)
        text = f"{int(record['count'])}×"
        if record.get("median_lag_hours") is not None:
            text += f" · {_hours(record['median_lag_hours'])}"
        kinds = ", ".join(f"{RELATION_LABELS.get(k, k)} {n}" for k, n in record.get("relations", {}).items())
        svg.append(f'<path class="edge" d="{path}" stroke-width="{width}" marker-end="url(#arrow)">'
                   f"<title>{esc(b)} republishes/rewrites {esc(a)}: {esc(text)} ({esc(kinds)})</title></path>")
        labels.append(f'<text class="edge-label" x="{mid[0]}" y="{mid[1]}" text-anchor="middle">{esc(text)}</text>')
    svg += labels
    centre = size / 2
    for domain in nodes:
        x, y = positions[domain]
        outlet = outlets.get(domain) or {}
        css = _node_class(outlet) if outlet else "mixed"
        info = (f"{domain}: {outlet.get('articles', 0)} articles, {outlet.get('origins', 0)} origins, "
                f"{outlet.get('rewrites', 0)} rewrites") if outlet else f"{domain}: shares indicators"
        svg.append(f'<circle class="node {css}" cx="{x}" cy="{y}" r="{radius(domain)}"><title>{esc(info)}'
                   "</title></circle>")
        # Labels point outwards along the radius, so neighbours on the circle never overlap.
        angle = math.atan2(y - centre, x - centre) if (x, y) != (centre, centre) else 0.0
        gap = radius(domain) + 4
        lx, ly = round(x + gap * math.cos(angle), 1), round(y + gap * math.sin(angle), 1)
        degrees = math.degrees(angle)
        anchor = "start"
        if abs(degrees) > 90:  # left half: turn the text the right way up
            degrees, anchor = degrees - 180 if degrees > 0 else degrees + 180, "end"
        svg.append(f'<text x="{lx}" y="{ly}" dy="4" text-anchor="{anchor}" '
                   f'transform="rotate({round(degrees, 1)} {lx} {ly})">{esc(shorten(domain, 30))}</text>')
    svg.append("</svg>")
    note = f'<p class="muted">{dropped} less-connected outlets not drawn (see the tables).</p>' if dropped else ""
    legend = ('<div class="legend"><span>arrow A → B: B republishes or rewrites A (label: count · median lag)'
              '</span><span>dashed grey: linked, direction unknown</span><span>dashed red: shared strong/medium '
              'forensic indicators</span><span>blue: mostly origin; orange: mostly rewrites</span></div>')
    return (f'<section class="panel"><h2>Outlet graph</h2>{legend}<div class="graph">{"".join(svg)}</div>{note}'
            "</section>")


def _domain_list(items: Sequence[Mapping[str, Any]], key: str = "count", limit: int = 4) -> str:
    shown = ", ".join(f"{i['domain']} ({i[key]})" for i in items[:limit])
    return shown + (f" +{len(items) - limit}" if len(items) > limit else "")


def _outlets_table(network: Mapping[str, Any]) -> str:
    rows = []
    for o in network.get("outlets", []):
        rows.append(
            f"<tr><td>{esc(o['domain'])}</td><td class=\"num\">{int(o['articles'])}</td>"
            f"<td class=\"num\">{int(o['stories'])}</td><td class=\"num\">{int(o['origins'])}</td>"
            f"<td class=\"num\">{int(o['rewrites'])}</td>"
            f"<td class=\"num\">{esc(format_number(round(float(o['rewrite_share']) * 100)))}%</td>"
            f"<td class=\"num\">{esc(_hours(o.get('median_lag_hours')))}</td>"
            f"<td>{esc(_domain_list(o.get('upstream', [])))}</td>"
            f"<td>{esc(_domain_list(o.get('siblings', []), 'stories'))}</td></tr>")
    if not rows:
        return '<section class="panel"><h2>Outlets</h2><p class="muted">No linked outlets.</p></section>'
    return ('<section class="panel"><h2>Outlets</h2><table><thead><tr><th>outlet</th><th>articles</th>'
            "<th>stories</th><th>origins</th><th>rewrites</th><th>rewrite share</th><th>typical lag</th>"
            "<th>takes from</th><th>siblings (shared stories)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def _edges_table(network: Mapping[str, Any]) -> str:
    rows = []
    for e in network.get("edges", []):
        kinds = " ".join(f"{_relation_badge(k)} {int(n)}" for k, n in e.get("relations", {}).items())
        rows.append(f"<tr><td>{esc(e['source'])}</td><td>{esc(e['target'])}</td>"
                    f"<td class=\"num\">{int(e['count'])}</td><td>{kinds}</td>"
                    f"<td class=\"num\">{esc(_hours(e.get('median_lag_hours')))}</td></tr>")
    for u in network.get("undirected", []):
        kinds = " ".join(f"{_relation_badge(k)} {int(n)}" for k, n in u.get("relations", {}).items())
        rows.append(f"<tr><td>{esc(u['domains'][0])}</td><td>{esc(u['domains'][1])} "
                    '<span class="muted">(direction unknown)</span></td>'
                    f"<td class=\"num\">{int(u['count'])}</td><td>{kinds}</td><td class=\"num\">—</td></tr>")
    if not rows:
        return ""
    return ('<section class="panel"><h2>Who republishes whom</h2><table><thead><tr><th>upstream outlet</th>'
            "<th>republished / rewritten by</th><th>articles</th><th>relations</th><th>median lag</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></section>")


def _shared_table(shared: Sequence[Mapping[str, Any]]) -> str:
    if not shared:
        return ('<section class="panel"><h2>Shared forensic indicators</h2><p class="muted">No two domains '
                "share an indicator.</p></section>")
    rows = []
    for record in shared:
        items = "".join(f"<li>{_tier_badge(s['tier'])} {esc(s['kind'].replace('_', ' '))}: "
                        f"<code>{esc(s['value'])}</code></li>" for s in record["shared"])
        rows.append(f"<tr><td>{esc(record['domains'][0])}</td><td>{esc(record['domains'][1])}</td>"
                    f"<td>{_tier_badge(record['tier'])}</td><td><ul>{items}</ul></td></tr>")
    return ('<section class="panel"><h2>Shared forensic indicators</h2><p class="muted">strong: unique account '
            "IDs (analytics, tag manager, Metrica, ads, pixel, site verification); medium: uncommon theme or "
            "theme+plugin stack, same author name, foreign feed; weak: common theme, generator, plugin, "
            "shared CDN or IP.</p><table><thead><tr><th>domain</th><th>domain</th><th>tier</th><th>shared</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def _snippet_html(evidence: Mapping[str, Any]) -> str:
    snippet = str(evidence.get("snippet") or "")
    text = str(evidence.get("text") or "")
    flat = re.sub(r"\s+", " ", text).strip()
    at = snippet.find(flat) if flat else -1
    if at < 0:
        return f'<code class="snippet">{esc(snippet)}</code>'
    return (f'<code class="snippet">{esc(snippet[:at])}<mark>{esc(flat)}</mark>'
            f"{esc(snippet[at + len(flat):])}</code>")


def _indicators_table(per_domain: Mapping[str, Sequence[Indicator]]) -> str:
    if not per_domain:
        return ('<section class="panel"><h2>Forensic indicators per domain</h2><p class="muted">No stored HTML '
                "to read.</p></section>")
    rows = []
    for domain, indicators in per_domain.items():
        for n, indicator in enumerate(indicators):
            evidence = _snippet_html(indicator.evidence[0]) if indicator.evidence else ""
            where = indicator.evidence[0].get("url") if indicator.evidence else None
            rows.append(f"<tr><td>{esc(domain) if n == 0 else ''}</td><td>{_tier_badge(indicator.tier)}</td>"
                        f"<td>{esc(indicator.kind.replace('_', ' '))}</td><td><code>{esc(indicator.value)}</code>"
                        + (f' <span class="muted">{esc(indicator.note)}</span>' if indicator.note else "")
                        + f"</td><td class=\"num\">{int(indicator.count)}</td><td>{evidence}"
                        + (f'<span class="muted">{esc(where)}</span>' if where else "") + "</td></tr>")
    return ('<section class="panel"><h2>Forensic indicators per domain</h2><table><thead><tr><th>domain</th>'
            "<th>tier</th><th>kind</th><th>value</th><th>pages</th><th>evidence (raw HTML)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")
