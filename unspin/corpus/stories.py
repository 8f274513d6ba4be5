"""Stories: the corpus grouped into text lineages, each with a chosen origin.

Grouping (documented in docs/stories-and-outlets.md):

* Only lineage relations (copy, rewrite, cross_language_rewrite) group
  articles. "independent" (same event, other text) is listed beside a story.
* Grouping is agglomerative under a *support* rule (unspin.trace.grouping):
  two groups merge only when the scores of the lineage links between them add
  up to at least ``link_share`` times the size of the smaller group, so one
  weak or wrong link never chains two stories. ``link_share`` is learned with
  the trace models (the value that groups their training folds' out-of-fold
  relations best); 0.5 when no models are shipped.

Origin choice scores each member on six signals (weights in ``WEIGHTS``, set
by hand): earliest publication date, upstream language, content superset
(holds the facts the other members share), being upstream in the tracer's
direction verdicts, being closest to the other members, and the tracer's
learned origin model (the mean origin probability the other members' traces
give it). The best-scored member is the origin when it has at
least ``MIN_ORIGIN_SCORE`` and a margin of ``MIN_CONFIDENCE`` over the
runner-up; otherwise the story has no origin (evidence too weak) and the
candidates are still listed.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import Any, Mapping, Sequence

from unspin.trace.links import (
    INDEPENDENT,
    LINEAGE_RELATIONS,
    Link,
    domain_of,
    hours_between,
    merge_links,
    pair_key,
)
from unspin.model import Article
from unspin.trace.grouping import group_articles, story_link_share


# Evidence weight of each origin signal; the confidence is the winner's margin
# over the runner-up as a share of their sum (TOTAL_WEIGHT).
WEIGHTS = {"earliest": 1.0, "upstream_language": 0.75, "content_superset": 0.75, "upstream_links": 1.0,
           "central": 0.5, "origin_model": 1.5}
CENTRAL_MARGIN = 0.1
CENTRAL_MIN_MEMBERS = 4
TOTAL_WEIGHT = sum(WEIGHTS.values())
MIN_ORIGIN_SCORE = 1.0
MIN_CONFIDENCE = 0.2

# Observed in content-farm networks (issue 3): Russian items are rewritten into
# English, rarely the other way round. Used only when nothing else orders languages.
SOURCE_LANGUAGE_PRIOR = {"ru": 1}


@dataclass
class OriginChoice:
    article_id: str
    confidence: float  # 0..1: share of the evidence weight that favours this member over the runner-up
    reasons: list[str]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "confidence": round(self.confidence, 3),
                "score": round(self.score, 3), "reasons": list(self.reasons)}


@dataclass
class StoryMember:
    article_id: str
    domain: str | None
    title: str | None
    url: str | None
    published: date | None
    language: str | None
    role: str  # "origin" | "member"
    linked_to: str | None = None  # the origin, or the nearest member it is linked through
    relation: str | None = None  # relation to ``linked_to``
    score: float | None = None
    direction: str | None = None  # "downstream" (copies linked_to), "upstream", or None when unknown
    lag_hours: float | None = None  # publication lag after the origin (dates), None when unknown

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "role": self.role, "domain": self.domain,
                "title": self.title, "url": self.url,
                "published": self.published.isoformat() if self.published else None,
                "language": self.language, "linked_to": self.linked_to, "relation": self.relation,
                "score": None if self.score is None else round(self.score, 3),
                "direction": self.direction, "lag_hours": self.lag_hours}


@dataclass
class IndependentCoverage:
    article_id: str
    domain: str | None
    title: str | None
    published: date | None
    linked_to: str  # the story member it covers the same event as
    score: float
    story_id: str | None = None  # its own story, when it belongs to one

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "domain": self.domain, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "linked_to": self.linked_to, "score": round(self.score, 3), "story_id": self.story_id}


@dataclass
class Story:
    id: str
    title: str | None
    members: list[StoryMember]
    origin: OriginChoice | None
    candidates: list[dict[str, Any]] = field(default_factory=list)  # ranked origin candidates
    outlets: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    first_published: date | None = None
    last_published: date | None = None
    relation_counts: dict[str, int] = field(default_factory=dict)
    cohesion: float = 0.0  # mean score of the lineage links inside the story
    independent: list[IndependentCoverage] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)  # stories linked too weakly to merge

    @property
    def member_ids(self) -> list[str]:
        return [m.article_id for m in self.members]

    @property
    def span_days(self) -> int | None:
        if self.first_published is None or self.last_published is None:
            return None
        return (self.last_published - self.first_published).days

    def member(self, article_id: str) -> StoryMember | None:
        return next((m for m in self.members if m.article_id == article_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "origin": self.origin.to_dict() if self.origin else None,
            "origin_candidates": self.candidates,
            "size": len(self.members),
            "outlets": self.outlets,
            "languages": self.languages,
            "first_published": self.first_published.isoformat() if self.first_published else None,
            "last_published": self.last_published.isoformat() if self.last_published else None,
            "span_days": self.span_days,
            "relation_counts": self.relation_counts,
            "cohesion": round(self.cohesion, 3),
            "members": [m.to_dict() for m in self.members],
            "independent": [i.to_dict() for i in self.independent],
            "related_stories": self.related,
        }


# ------------------------------------------------------------------ grouping

# ------------------------------------------------------------- origin choice

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")


def fact_set(article: Article, skeleton: Mapping[str, Any] | None = None) -> set[str]:
    """Language-independent facts for the superset test: the numbers in the text
    (separators dropped, so 2,113 / 2 113 / 2113 agree) and, when the tracer's
    skeleton is given, its scalar values."""
    facts = {"#" + re.sub(r"\D", "", m.group()).lstrip("0") for m in _NUMBER.finditer(article.text)}
    facts.discard("#")
    skeleton = skeleton or {}
    order = skeleton.get("order")
    if isinstance(order, list):  # the tracer's language-independent terms (latinised names, numbers, quotes)
        facts.update(f"t:{term}" for term in order if isinstance(term, str))
        return facts
    for key, value in skeleton.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                facts.add(f"{key}:{str(item).strip().lower()}")
    return facts


def _signal_earliest(ids: list[str], by_id: Mapping[str, Article]) -> tuple[dict[str, float], dict[str, str]]:
    dated = {i: by_id[i].published for i in ids if by_id[i].published is not None}
    if len(dated) < 2:
        return {}, {}
    first = min(dated.values())
    earliest = [i for i, d in dated.items() if d == first]
    if len(earliest) == len(dated):
        return {}, {}  # all on one day: dates say nothing
    later = min(d for d in dated.values() if d != first)
    weight = WEIGHTS["earliest"] / len(earliest)
    if len(earliest) == 1:
        reason = f"earliest published ({first.isoformat()}; next {later.isoformat()})"
    else:
        reason = f"one of {len(earliest)} earliest published ({first.isoformat()})"
    return {i: weight for i in earliest}, {i: reason for i in earliest}


def _signal_language(ids: list[str], by_id: Mapping[str, Article],
                     links: list[Link]) -> tuple[dict[str, float], dict[str, str]]:
    language = {i: (by_id[i].language or "").lower() or None for i in ids}
    if len({lang for lang in language.values() if lang}) < 2:
        return {}, {}
    cross = [link for link in links if language.get(link.a) and language.get(link.b)
             and language[link.a] != language[link.b]]
    if not cross:
        return {}, {}
    votes: Counter[str] = Counter()
    how = "the tracer's direction on cross-language links"
    for link in cross:
        if link.upstream:
            votes[language[link.upstream]] += 1
            votes[language[link.other(link.upstream)]] -= 1
    scale = 1.0
    if not votes or max(votes.values()) <= 0:
        # No direction verdicts: the language whose earliest member came first.
        firsts: dict[str, date] = {}
        for i in ids:
            d = by_id[i].published
            if language[i] and d is not None:
                firsts[language[i]] = min(d, firsts.get(language[i], d))
        ordered = sorted(firsts.items(), key=lambda kv: kv[1])
        if len(ordered) >= 2 and ordered[0][1] < ordered[1][1]:
            votes = Counter({ordered[0][0]: 1})
            how = "its language was published first"
        else:
            languages = {lang for lang in language.values() if lang}
            prior = [lang for lang in languages if SOURCE_LANGUAGE_PRIOR.get(lang)]
            if len(prior) != 1:
                return {}, {}
            votes = Counter({prior[0]: 1})
            how = "Russian items are the usual source of rewrites in other languages"
            scale = 0.5
    upstream_language, best = votes.most_common(1)[0]
    if best <= 0 or sum(1 for v in votes.values() if v == best) > 1:
        return {}, {}
    holders = [i for i in ids if language[i] == upstream_language]
    if len(holders) == len(ids):
        return {}, {}
    others = sorted({lang for lang in language.values() if lang and lang != upstream_language})
    weight = WEIGHTS["upstream_language"] * scale / len(holders)
    reason = f"upstream language {upstream_language} (rewrites in {', '.join(others)}; {how})"
    return {i: weight for i in holders}, {i: reason for i in holders}


def _signal_superset(ids: list[str], facts: Mapping[str, set[str]]) -> tuple[dict[str, float], dict[str, str]]:
    if len(ids) < 3:
        return {}, {}  # with two members the shared facts are in both by definition
    counts = Counter(f for i in ids for f in facts[i])
    shared = {f for f, n in counts.items() if n >= 2}
    if len(shared) < 3:
        return {}, {}
    coverage = {i: len(facts[i] & shared) / len(shared) for i in ids}
    ranked = sorted(ids, key=lambda i: -coverage[i])
    top, second = coverage[ranked[0]], coverage[ranked[1]]
    if top < 0.8 or top - second < 0.15:
        return {}, {}
    held = len(facts[ranked[0]] & shared)
    reason = (f"content superset: holds {held} of the {len(shared)} facts its story shares "
              f"(next best {round(second * len(shared))})")
    return {ranked[0]: WEIGHTS["content_superset"]}, {ranked[0]: reason}


def _signal_central(ids: list[str], by_id: Mapping[str, Article], links: list[Link]) -> tuple[dict[str, float], dict[str, str]]:
    """Rewrites of one source each resemble the source more than one another, so
    the member closest to all others (mean link score, missing links 0) is the hub."""
    if len(ids) < CENTRAL_MIN_MEMBERS:
        return {}, {}  # in three texts a star (one source) and a chain (copy of a copy) look alike
    if len({(by_id[i].language or "").lower() for i in ids}) > 1:
        return {}, {}  # cross-language link scores are on another scale than same-language ones
    total: Counter[str] = Counter()
    for link in links:
        total[link.a] += link.score
        total[link.b] += link.score
    closeness = {i: total[i] / (len(ids) - 1) for i in ids}
    ranked = sorted(ids, key=lambda i: (-closeness[i], i))
    top, second = closeness[ranked[0]], closeness[ranked[1]]
    if top - second < CENTRAL_MARGIN:
        return {}, {}
    reason = (f"closest to the other members (mean link score {top:.2f}, next {second:.2f}): "
              "rewrites resemble their source more than one another")
    return {ranked[0]: WEIGHTS["central"]}, {ranked[0]: reason}


def _signal_upstream_links(ids: list[str], links: list[Link]) -> tuple[dict[str, float], dict[str, str]]:
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for link in links:
        if link.upstream:
            up[link.upstream] += 1
            down[link.other(link.upstream)] += 1
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for i in ids:
        net = up[i] - down[i]
        if net > 0:
            scores[i] = WEIGHTS["upstream_links"] * net / (len(ids) - 1)
            reasons[i] = f"upstream in {up[i]} of its {up[i] + down[i]} directed relations"
    return scores, reasons


def _signal_origin_model(ids: list[str], links: list[Link]) -> tuple[dict[str, float], dict[str, str]]:
    """The tracer's origin model: how strongly the other members' traces name this one
    their origin (mean origin probability over the members that traced it)."""
    given: dict[str, list[float]] = {}
    for link in links:
        for query, rel in link.records:
            p = getattr(rel, "origin_probability", None)
            if p is not None and query != rel.article_id:
                given.setdefault(rel.article_id, []).append(float(p))
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for i in ids:
        values = given.get(i)
        if values and mean(values) >= 0.25:
            scores[i] = WEIGHTS["origin_model"] * mean(values)
            reasons[i] = (f"named origin by the origin model from {len(values)} member(s) "
                          f"(mean probability {mean(values):.2f})")
    return scores, reasons


def choose_origin(ids: list[str], by_id: Mapping[str, Article], links: list[Link],
                  skeletons: Mapping[str, Mapping[str, Any]] | None = None
                  ) -> tuple[OriginChoice | None, list[dict[str, Any]]]:
    """The origin (or None when the evidence is weak) and the ranked candidates."""
    # The tracer's skeleton terms are compared only within one language: across
    # languages its name keys drift, while digits stay digits.
    one_language = len({(by_id[i].language or "").lower() for i in ids}) == 1
    facts = {i: fact_set(by_id[i], (skeletons or {}).get(i) if one_language else None) for i in ids}
    totals: Counter[str] = Counter()
    reasons: dict[str, list[str]] = {i: [] for i in ids}
    for scores, why in (_signal_earliest(ids, by_id), _signal_language(ids, by_id, links),
                        _signal_superset(ids, facts), _signal_upstream_links(ids, links),
                        _signal_central(ids, by_id, links), _signal_origin_model(ids, links)):
        for i, value in scores.items():
            totals[i] += value
            reasons[i].append(why[i])
    ranked = sorted((i for i in ids if totals[i] > 0), key=lambda i: (-totals[i], i))
    candidates = [{"article_id": i, "score": round(totals[i], 3), "reasons": reasons[i]} for i in ranked[:3]]
    if not ranked:
        return None, candidates
    best = ranked[0]
    runner_up = totals[ranked[1]] if len(ranked) > 1 else 0.0
    # the origin-model signal counts towards the evidence only where the traces carry it
    scored = any(getattr(rel, "origin_probability", None) is not None for link in links for _, rel in link.records)
    total = TOTAL_WEIGHT if scored else TOTAL_WEIGHT - WEIGHTS["origin_model"]
    confidence = min(1.0, (totals[best] - runner_up) / total)
    if totals[best] < MIN_ORIGIN_SCORE or confidence < MIN_CONFIDENCE:
        return None, candidates
    return OriginChoice(best, confidence, reasons[best], totals[best]), candidates


# ------------------------------------------------------------------- members

def _attach_members(ids: list[str], root: str, links: list[Link]) -> dict[str, tuple[str, Link]]:
    """Each member's link towards ``root``: a maximum spanning tree grown from the root
    (Prim), so a member hangs on the origin unless another member's text is closer
    (a copy of a rewrite shows as a copy of that rewrite)."""
    by_member: dict[str, list[Link]] = {i: [] for i in ids}
    for link in links:
        by_member[link.a].append(link)
        by_member[link.b].append(link)
    attached: dict[str, tuple[str, Link]] = {}
    done = {root}
    heap: list[tuple[float, bool, str, str]] = []

    def push_from(x: str) -> None:
        for link in by_member[x]:
            y = link.other(x)
            if y not in done:
                # Ties go to the link with the root, then to the lower id: deterministic.
                heapq.heappush(heap, (-link.score, x != root, y, x))

    push_from(root)
    pair_links = {link.pair: link for link in links}
    while heap:
        _, _, y, x = heapq.heappop(heap)
        if y in done:
            continue
        attached[y] = (x, pair_links[pair_key(x, y)])
        done.add(y)
        push_from(y)
    return attached


def _story_id(ids: Sequence[str]) -> str:
    return "s-" + hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:10]


def build_stories(articles: Sequence[Article], relations: Sequence[tuple[str, Any]], *,
                  link_share: float | None = None,
                  skeletons: Mapping[str, Mapping[str, Any]] | None = None) -> list[Story]:
    """Stories (groups of >= 2 articles in one text lineage), largest first.

    ``relations`` are the tracer's ``(query id, Relative)`` records;
    ``skeletons`` (optional, article id -> the tracer's fact skeleton) sharpen
    the content-superset signal. Articles missing from ``articles`` are
    ignored, so relations may reach outside the set given. ``link_share``
    defaults to the value learned with the shipped trace models.
    """
    by_id = {a.id: a for a in articles}
    links = [link for link in merge_links(relations).values() if link.a in by_id and link.b in by_id]
    groups = group_articles(links, link_share=story_link_share() if link_share is None else link_share)
    story_of: dict[str, int] = {i: n for n, group in enumerate(groups) for i in group}

    stories: list[Story] = []
    for n, ids in enumerate(groups):
        inside = [link for link in links if link.lineage and story_of.get(link.a) == n
                  and story_of.get(link.b) == n]
        stories.append(_make_story(ids, by_id, inside, skeletons))
    story_ids = [story.id for story in stories]

    # Beside each story: independent coverage and stories linked too weakly to merge.
    for link in links:
        sa, sb = story_of.get(link.a), story_of.get(link.b)
        if sa == sb:
            continue
        for here, there, inside_id, outside_id in ((sa, sb, link.a, link.b), (sb, sa, link.b, link.a)):
            if here is None:
                continue
            story = stories[here]
            if link.relation == INDEPENDENT:
                known = next((c for c in story.independent if c.article_id == outside_id), None)
                if known is None:
                    other = by_id[outside_id]
                    story.independent.append(IndependentCoverage(
                        outside_id, domain_of(other), other.title, other.published, inside_id, link.score,
                        story_ids[there] if there is not None else None))
                elif link.score > known.score:  # keep the member it is closest to
                    known.linked_to, known.score = inside_id, link.score
            elif link.lineage and there is not None:
                entry = next((r for r in story.related if r["story_id"] == story_ids[there]), None)
                if entry is None:
                    story.related.append({"story_id": story_ids[there], "links": 1,
                                          "best_score": round(link.score, 3)})
                else:
                    entry["links"] += 1
                    entry["best_score"] = max(entry["best_score"], round(link.score, 3))
    for story in stories:
        story.independent.sort(key=lambda c: (-c.score, c.article_id))
        story.related.sort(key=lambda r: (-r["best_score"], r["story_id"]))
    stories.sort(key=lambda s: (-len(s.members), s.first_published or date.max, s.id))
    return stories


def _make_story(ids: list[str], by_id: Mapping[str, Article], links: list[Link],
                skeletons: Mapping[str, Mapping[str, Any]] | None) -> Story:
    origin, candidates = choose_origin(ids, by_id, links, skeletons)
    # Without an origin, members are still related to one another: through the best candidate,
    # or else the best-connected member.
    if origin:
        root = origin.article_id
    elif candidates:
        root = candidates[0]["article_id"]
    else:
        degree = Counter(x for link in links for x in link.pair)
        root = min(ids, key=lambda i: (-degree[i], i))
    attached = _attach_members(ids, root, links)
    origin_date = by_id[origin.article_id].published if origin else None

    members: list[StoryMember] = []
    for i in ids:
        article = by_id[i]
        member = StoryMember(i, domain_of(article), article.title, article.url, article.published,
                             article.language, "origin" if origin and i == origin.article_id else "member")
        if i in attached:
            via, link = attached[i]
            member.linked_to, member.relation, member.score = via, link.relation, link.score
            if link.upstream == via:
                member.direction = "downstream"
            elif link.upstream == i:
                member.direction = "upstream"
        if origin and member.role == "member":
            member.lag_hours = hours_between(origin_date, article.published)
        members.append(member)
    members.sort(key=lambda m: (m.role != "origin", m.published or date.max, m.domain or "", m.article_id))

    dates = [m.published for m in members if m.published]
    title_source = by_id[origin.article_id] if origin else next(
        (by_id[m.article_id] for m in members if by_id[m.article_id].title), None)
    return Story(
        id=_story_id(ids),
        title=title_source.title if title_source else None,
        members=members,
        origin=origin,
        candidates=candidates,
        outlets=sorted({m.domain for m in members if m.domain}),
        languages=sorted({m.language for m in members if m.language}),
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
        relation_counts=dict(sorted(Counter(link.relation for link in links).items())),
        cohesion=mean(link.score for link in links) if links else 0.0,
    )


__all__ = ["LINEAGE_RELATIONS", "IndependentCoverage", "OriginChoice", "Story", "StoryMember",
           "build_stories", "choose_origin", "group_articles"]
