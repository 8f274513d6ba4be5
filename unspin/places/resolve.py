"""Reading place names against the article's own geography.

A name such as "Alexandria" or a misspelling such as "Severansk" is judged
by the other places of the same article: the countries it names, the
regions it names (and the regions its curated areas cover), and how far a
candidate lies from the towns it mentions. Population is a weak prior.

:class:`GeoContext` holds that geography; :func:`rank_candidates` turns a
list of same-name candidates into probabilities; :func:`suggest` ranks
"did you mean" places for an unknown name.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from unspin.places.build import haversine_km
from unspin.places.gazetteer import AREA_KINDS, CORE_COUNTRIES, SETTLEMENT_KINDS, Gazetteer, Place
from unspin.places.text import name_key

#: Distance (km) at which a mentioned town's support for a candidate falls to 1/e.
PROXIMITY_SCALE_KM = 150.0
#: How much each kind of mentioned place says about where the article is.
ANCHOR_WEIGHT = {"city": 1.0, "town": 1.0, "village": 1.0, "region": 0.9, "area": 0.8, "entity": 0.8,
                 "water": 0.5}
#: How the three context cues add up (see GeoContext.score).
CONTEXT_WEIGHTS = {"proximity": 0.45, "region": 0.35, "country": 0.2}
#: Strength of article context against the population prior (posterior ~ prior * exp(k * context)).
CONTEXT_STRENGTH = 5.0
#: Prior weight of a curated area (see prior()).
CURATED_AREA_WEIGHT = 3.0 * 1e7 ** 0.7
#: Weights of the "did you mean" score.
SUGGESTION_WEIGHTS = {"string": 0.6, "context": 0.3, "population": 0.1}


@dataclass
class Anchor:
    place: Place
    key: str  # name key of the mention, so a name never supports itself
    mentions: float  # how many times it is named (times how sure its reading is)


@dataclass
class GeoContext:
    """The geography an article establishes through the places it names unambiguously."""

    anchors: list[Anchor] = field(default_factory=list)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # per excluded name: (regions, countries, total country weight, located anchors)
    _memo: dict[str, tuple[dict[str, float], dict[str, float], float, list[tuple[Place, float]]]] = field(
        default_factory=dict, repr=False)

    def add(self, place: Place, key: str, mentions: float = 1.0) -> None:
        self.anchors.append(Anchor(place, key, mentions))
        self._memo.clear()

    def _view(self, exclude_key: str) -> tuple[dict[str, float], dict[str, float], float, list[tuple[Place, float]]]:
        """What the article says about geography, leaving out one name (computed once per name)."""
        view = self._memo.get(exclude_key)
        if view is None:
            countries = self._countries(exclude_key)
            located = [(a.place, ANCHOR_WEIGHT.get(a.place.kind, 0.0)) for a in self.anchors
                       if a.key != exclude_key and a.place.lat is not None and ANCHOR_WEIGHT.get(a.place.kind)]
            view = (self._regions(exclude_key), countries, sum(countries.values()), located)
            self._memo[exclude_key] = view
        return view

    def core_share(self) -> float:
        """Share of the article's place mentions that lie in the core countries (UA, RU, BY, MD, GE)."""
        total = core = 0.0
        for anchor in self.anchors:
            place = anchor.place
            countries = {place.country} if place.country else {
                c.split(":", 1)[1] for c in place.covers if c.startswith("country:")}
            if not countries:
                continue  # continents
            total += anchor.mentions
            if countries & CORE_COUNTRIES:
                core += anchor.mentions
        return core / total if total else 0.0

    def _countries(self, exclude_key: str) -> dict[str, float]:
        weights: dict[str, float] = defaultdict(float)
        for anchor in self.anchors:
            if anchor.key == exclude_key:
                continue
            place = anchor.place
            if place.kind == "country":
                weights[place.country] += anchor.mentions
            elif place.kind in AREA_KINDS:
                countries = [c.split(":", 1)[1] for c in place.covers if c.startswith("country:")]
                for country in countries:
                    weights[country] += 0.5 * anchor.mentions / len(countries)
            elif place.country:
                weights[place.country] += 0.5 * anchor.mentions
        return weights

    def _regions(self, exclude_key: str) -> dict[str, float]:
        """admin1 codes the article names, directly or through an area that covers them."""
        regions: dict[str, float] = {}
        for anchor in self.anchors:
            if anchor.key == exclude_key:
                continue
            place = anchor.place
            if place.kind == "region":
                regions[place.admin1_code] = 1.0
            elif place.kind in AREA_KINDS:
                for code in place.covers:
                    if not code.startswith("country:"):
                        regions[code] = max(regions.get(code, 0.0), ANCHOR_WEIGHT.get(place.kind, 0.5))
        return regions

    def score(self, place: Place, exclude_key: str = "") -> tuple[float, dict[str, float]]:
        """How well ``place`` fits the article (0..1), with the parts that made it.

        A weighted sum of three cues, each 0..1: proximity to the towns, regions
        and areas the article names; lying in a region the article names (or one
        a named area covers); and the share of the article's country mentions
        that are the place's country.
        """
        parts = {"proximity": 0.0, "region": 0.0, "country": 0.0}
        regions, countries, total, located = self._view(exclude_key)
        if place.lat is not None:
            # countries and continents are too large to locate anything: not in ``located``
            for other, weight in located:
                if other.id == place.id:
                    continue
                distance = haversine_km(place.lat, place.lon, other.lat, other.lon)
                reach = (other.radius_km if other.kind not in SETTLEMENT_KINDS else 0.0) + (
                    place.radius_km if place.kind not in SETTLEMENT_KINDS else 0.0)
                support = weight * math.exp(-max(0.0, distance - reach) / PROXIMITY_SCALE_KM)
                parts["proximity"] = max(parts["proximity"], support)
        if place.admin1_code in regions:
            parts["region"] = regions[place.admin1_code]
        if total:
            mine = [place.country] if place.country else [
                c.split(":", 1)[1] for c in place.covers if c.startswith("country:")]
            share = max((countries.get(c, 0.0) for c in mine), default=0.0) / total
            if place.kind == "country" and not share and set(self.neighbours.get(place.country, ())) & set(countries):
                share = 0.4  # Georgia next to Russia and Ukraine is the country, not the US state
            parts["country"] = share
        combined = sum(CONTEXT_WEIGHTS[name] * value for name, value in parts.items())
        return min(1.0, combined), {k: round(v, 3) for k, v in parts.items()}


def prior(place: Place, query_key: str = "") -> float:
    """How likely a bare mention means ``place`` before reading the article.

    Population, flattened (a 10x larger town is ~5x likelier); countries,
    curated areas and capitals favoured; towns of the core countries (the news
    this tool is built for) favoured; a region less likely than the city it is
    named after; and a town that only carries the name as an alternate (Culpeper
    was once "Fairfax") less likely than one whose own name it is.
    """
    # +100: katottg villages without a population figure still count, a little
    weight = (place.population + 100) ** 0.7
    if place.kind in AREA_KINDS:
        # curated areas have no population figure; the team listed them because
        # news names them: as likely as a city of ~10 million
        weight = CURATED_AREA_WEIGHT
    elif place.kind == "country":
        weight *= 3.0
    elif place.kind == "region":
        weight *= 0.3
    else:
        if place.capital:
            weight *= 5.0
        if place.country in CORE_COUNTRIES:
            weight *= 2.0
        own = {name_key(place.name), name_key(place.geonames_name)}
        if query_key and query_key not in own:
            weight *= 0.3
    return weight


def population_score(place: Place) -> float:
    return min(1.0, math.log10(max(place.population, 300)) / 7.0)


def dedupe(places: list[Place]) -> list[Place]:
    """Drop near-duplicates (GeoNames and katottg entries of one village):
    same name, kind, country and region, within 40 km of each other."""
    kept: list[Place] = []
    groups: dict[tuple[str, str, str, str], list[Place]] = defaultdict(list)
    for place in sorted(places, key=lambda p: (p.geonameid is None, -p.population, p.id)):
        same = groups[(name_key(place.name), place.kind, place.country, place.admin1_code)]
        if any(place.lat is None or other.lat is None
               or haversine_km(place.lat, place.lon, other.lat, other.lon) < 40.0 for other in same):
            continue
        same.append(place)
        kept.append(place)
    return kept


@dataclass
class Ranked:
    place: Place
    probability: float
    context: float
    parts: dict[str, float]


def rank_candidates(candidates: list[Place], context: GeoContext, exclude_key: str = "",
                    query_key: str = "") -> list[Ranked]:
    """Same-name candidates, most probable first (probabilities sum to 1).

    ``exclude_key``: the mention's own name, which must not count as its own
    context; ``query_key``: the name as written (see :func:`prior`).
    """
    if not candidates:
        return []
    scored = []
    for place in candidates:
        ctx, parts = context.score(place, exclude_key)
        scored.append((place, prior(place, query_key) * math.exp(CONTEXT_STRENGTH * ctx), ctx, parts))
    total = sum(weight for _, weight, _, _ in scored) or 1.0
    ranked = [Ranked(place, weight / total, ctx, parts) for place, weight, ctx, parts in scored]
    return sorted(ranked, key=lambda r: -r.probability)


def suggest(name: str, gazetteer: Gazetteer, context: GeoContext, *, limit: int = 5,
            min_similarity: float = 0.7) -> list[dict[str, Any]]:
    """Ranked "did you mean" places for a name the gazetteer does not know."""
    found = gazetteer.fuzzy(name, min_similarity=min_similarity)
    if not found:
        return []
    similarity = {place.id: (sim, surface) for place, sim, surface in found}
    places = dedupe([place for place, _, _ in found])
    weights = SUGGESTION_WEIGHTS
    rows = []
    for place in places:
        sim, surface = similarity[place.id]
        ctx, parts = context.score(place, name_key(name))
        score = (weights["string"] * sim + weights["context"] * ctx
                 + weights["population"] * population_score(place))
        rows.append((score, sim, ctx, parts, surface, place))
    rows.sort(key=lambda row: (-row[0], -row[1]))
    chosen = rows[:limit]
    # Always show the closest spellings too (the other "Seversk"), so the analyst
    # sees what context outvoted.
    top_similarity = max(row[1] for row in rows)
    chosen += [row for row in rows[limit:] if row[1] >= top_similarity - 1e-9][:2]
    suggestions = []
    for score, sim, ctx, parts, surface, place in chosen:
        entry = place.to_dict()
        entry.update({
            "matched_spelling": surface,
            "string_similarity": round(sim, 3),
            "context_score": round(ctx, 3),
            "context_parts": parts,
            "score": round(score, 3),
        })
        suggestions.append(entry)
    return suggestions
