"""Analyzer ``places``: is every place the article names a real place, and which one?

Each place mention -- GPE/LOC entities after the ``unspin_toponyms`` step,
plus capitalised names in a clear place cue ("the capture of X", "the town
of X", "near X" for a place-like name) -- is looked up in the offline
gazetteer:

* known: one "place" span per mention with the resolved place (name, kind,
  country, region, coordinates, GeoNames/katottg ids, population). A name
  with several candidates is resolved by the article's geography (see
  ``unspin.places.resolve``); when the choice stays uncertain an INFO
  ``ambiguous-place`` finding says so;
* unknown: one ``unknown-place`` finding per distinct name, with every
  mention as evidence and ranked "did you mean" suggestions that weigh
  spelling (across romanisation schemes) and the article's geography, so
  "Severansk" next to Bakhmut and Donbas suggests Siversk, Donetsk Oblast,
  before Seversk, Tomsk Oblast.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult, Finding, Severity, Span
from unspin.places.cues import (
    CALENDAR_WORDS,
    FOLLOWING_PLACE_NOUNS,
    looks_toponymic,
    person_cue,
    person_name_parts,
    place_cue,
    strip_span,
)
from unspin.places.gazetteer import CORE_COUNTRIES, SETTLEMENT_KINDS, Gazetteer, Place, shared_gazetteer
from unspin.places.resolve import GeoContext, Ranked, dedupe, rank_candidates, suggest
from unspin.places.text import name_key

#: Below this probability a resolved name gets an INFO "ambiguous-place" finding.
AMBIGUOUS_BELOW = 0.6
#: ... and only when the second reading has at least this probability.
RIVAL_AT = 0.15
#: A name resolved at least this surely (on priors alone) anchors the article's geography.
ANCHOR_AT = 0.8
#: Leading/trailing words that qualify a place without being part of its name.
_QUALIFIERS = frozenset({"eastern", "western", "northern", "southern", "central", "occupied", "greater",
                         "north", "south", "east", "west", "upper", "lower", "rural", "downtown"})
_GENERIC_TAILS = FOLLOWING_PLACE_NOUNS | {"city", "town", "village", "settlement", "province", "state",
                                          "county", "municipality", "metropolitan"}
_DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "ese", "ish", "ans", "ern", "can", "cans", "ic", "ics")
#: Characters a place name may contain besides letters.
_NAME_CHARACTERS = frozenset(" -'’‘.")
#: Name prefixes with an inner capital that are still names (McAllen, MacLeod, O'Neill, DeKalb).
_INNER_CAPITAL_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "La", "Le", "Al-", "El-", "Di", "Du")
_REGION_WORDS = frozenset({"region", "oblast", "province", "krai", "district", "raion", "republic"})


@dataclass
class Mention:
    start: int  # character offsets
    end: int
    text: str
    key: str  # name key the gazetteer is asked with
    label: str  # GPE / LOC, or "" for a name found through a cue only
    cue: int


@dataclass
class NameGroup:
    """All mentions of one name; resolved once, since an article means one place by one name."""

    key: str
    lookup: str  # surface used for lookup (qualifiers removed)
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)
    ranked: list[Ranked] = field(default_factory=list)
    common_word: bool = False  # also written in lower case in the text ("Photo" ... "photo")
    variant: bool = False  # known only through another romanisation


@register("places")
class PlacesAnalyzer(Analyzer):
    languages = frozenset({"en"})

    def __init__(self, suggestion_limit: int = 5, max_unknown_names: int = 8) -> None:
        self.suggestion_limit = suggestion_limit
        self.max_unknown_names = max_unknown_names

    def analyze(self, ctx: Context) -> AnalyzerResult:
        doc = ctx.doc
        if doc is None:
            return AnalyzerResult(summary=_summary([], []))
        gazetteer = shared_gazetteer()
        text = ctx.article.text
        lower_words = {token.text for token in doc if token.is_lower and token.is_alpha}
        groups = _group(collect_mentions(doc, gazetteer), gazetteer, lower_words)
        known = [g for g in groups.values() if g.candidates]
        unknown = [g for g in groups.values() if not g.candidates]

        context = _resolve(known, gazetteer)
        spans: list[Span] = []
        findings: list[Finding] = []
        doubtful = [g for g in known if _doubtful(g, gazetteer)]
        known = [g for g in known if g not in doubtful]
        for group in known:
            status = _status(group)
            for mention in group.mentions:
                spans.append(Span.of(text, mention.start, mention.end, "place", status=status,
                                     **_place_attributes(group)))
            if status == "ambiguous":
                findings.append(_ambiguous_finding(text, group))

        unknown_records = [{"name": g.mentions[0].text, "status": "unresolved", "mentions": len(g.mentions),
                            "top_suggestion": g.ranked[0].place.label} for g in doubtful]
        for group in doubtful:
            spans.extend(Span.of(text, m.start, m.end, "place", status="unresolved",
                                 suggestion=group.ranked[0].place.label) for m in group.mentions)
        core_share = context.core_share()
        searched = 0
        for group in sorted(unknown, key=lambda g: g.mentions[0].start):
            suggestions: list[dict[str, Any]] = []
            feature = _is_natural_feature(group.lookup)
            if not feature and searched < self.max_unknown_names:
                searched += 1
                suggestions = suggest(group.lookup, gazetteer, context, limit=self.suggestion_limit)
            reported = not feature and _worth_reporting(group, suggestions, core_share)
            status = "unknown" if reported else "unresolved"
            evidence = [Span.of(text, m.start, m.end, "place", status=status,
                                suggestion=suggestions[0]["display"] if suggestions else None)
                        for m in group.mentions]
            spans.extend(evidence)
            if reported:
                findings.append(_unknown_finding(group, evidence, suggestions))
            unknown_records.append({
                "name": group.mentions[0].text,
                "status": status,
                "mentions": len(group.mentions),
                "top_suggestion": suggestions[0]["display"] if suggestions else None,
            })
        spans.sort(key=lambda s: (s.start, s.end))
        return AnalyzerResult(spans=spans, findings=findings, summary=_summary(known, unknown_records))


# -- mentions ---------------------------------------------------------------------

def collect_mentions(doc: Any, gazetteer: Gazetteer) -> list[Mention]:
    """Place mentions in the doc: GPE/LOC entities and capitalised names in a place cue."""
    people = person_name_parts(doc)
    mentions: list[Mention] = []
    taken: set[int] = set()
    place_ends: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        start, end = strip_span(ent)
        if start >= end:
            continue
        # "Donetsk region", "Kherson oblast": the region, when the gazetteer has it
        if end < len(doc) and doc[end].lower_ in _REGION_WORDS and gazetteer.ids(doc[start:end + 1].text):
            end += 1
        mention = _mention(doc, start, end, ent.label_, gazetteer, people, place_ends)
        if mention:
            mentions.append(mention)
            taken.update(range(start, end))
            place_ends.add(end - 1)
    mentions.extend(_cued_names(doc, gazetteer, people, taken, place_ends))
    return sorted(mentions, key=lambda m: m.start)


def _mention(doc: Any, start: int, end: int, label: str, gazetteer: Gazetteer, people: set[str],
             place_ends: set[int]) -> Mention | None:
    span = doc[start:end]
    surface = span.text
    if not any(ch.isalpha() for ch in surface) or any(
            not ch.isalpha() and ch not in _NAME_CHARACTERS for ch in surface):
        return None  # digits, "@handles", "#tags"
    if surface.endswith(".") or any(_inner_capital(word) for word in surface.split()):
        return None  # abbreviations ("Calif.") and brand-style names ("BlackRock", "LinkedIn")
    if surface.islower() or gazetteer.is_not_place(surface) or person_cue(doc, start):
        return None
    if end - start == 1 and doc[start].lower_ in people:
        return None
    known = bool(gazetteer.ids(surface))
    if not known:
        if surface.isupper() and len(surface) <= 6:
            return None  # acronyms: organisations far more often than places
        if surface.lower().endswith(_DEMONYM_ENDINGS) and not looks_toponymic(surface):
            return None
    cue = place_cue(doc, start, end, place_ends)
    return Mention(span.start_char, span.end_char, surface, name_key(surface), label, cue)


def _inner_capital(word: str) -> bool:
    if word.isupper() or word.startswith(_INNER_CAPITAL_PREFIXES):
        return False
    return any(ch.isupper() for ch in word[1:])


def _cued_names(doc: Any, gazetteer: Gazetteer, people: set[str], taken: set[int],
                place_ends: set[int]) -> list[Mention]:
    """Capitalised names outside GPE/LOC entities that a cue marks as places and the
    gazetteer does not know ("the capture of Severansk" where the model saw no entity)."""
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or not _could_be_name(token):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i < 3 and j not in taken and doc[j].is_title and doc[j].is_alpha:
            j += 1
        label = token.ent_type_
        if label in ("PERSON", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"):
            i = j
            continue
        cue = place_cue(doc, i, j, place_ends)
        surface = doc[i:j].text
        strong = cue >= 2 or (cue == 1 and looks_toponymic(surface) and _event_or_locative(doc, i))
        # an entity of another type (ORG, PRODUCT ...) needs "the town of X" to be re-read as a place
        if strong and (cue >= 2 or not label) and not gazetteer.ids(surface):
            mention = _mention(doc, i, j, "", gazetteer, people, place_ends)
            if mention:
                found.append(mention)
        i = j
    return found


def _could_be_name(token: Any) -> bool:
    return (token.is_title and token.is_alpha and not token.is_stop and len(token) > 3
            and token.lower_ not in CALENDAR_WORDS and not token.is_sent_start)


def _event_or_locative(doc: Any, start: int) -> bool:
    """"the capture of X" / "near X": a cue on the left (not only "X region" on the right)."""
    return start > 0 and doc[start - 1].lower_ in ("of", "in", "near", "outside", "around", "towards",
                                                   "toward", "into", "across")


def _group(mentions: list[Mention], gazetteer: Gazetteer, lower_words: set[str]) -> OrderedDict[str, NameGroup]:
    groups: OrderedDict[str, NameGroup] = OrderedDict()
    for mention in mentions:
        group = groups.get(mention.key)
        if group is None:
            lookup = _lookup_form(mention.text, gazetteer)
            group = NameGroup(mention.key, lookup)
            group.candidates = dedupe(gazetteer.lookup(lookup))
            if not group.candidates:
                # another romanisation of a known name (Glyboke for Hlyboke) is no error
                group.candidates = dedupe([gazetteer.place(pid) for pid in gazetteer.variant_ids(lookup)])
                group.variant = bool(group.candidates)
            group.common_word = mention.text.lower() in lower_words
            groups[mention.key] = group
        group.mentions.append(mention)
    # A name seen only without a model entity and with a weak cue is dropped
    # unless it is also seen elsewhere: one "near Xsk" is thin evidence.
    for key in [k for k, g in groups.items()
                if not g.candidates and all(not m.label and m.cue < 2 for m in g.mentions) and len(g.mentions) < 2]:
        del groups[key]
    return groups


def _lookup_form(surface: str, gazetteer: Gazetteer) -> str:
    """The name to look up: the surface, or -- when only that is known, and it is a
    prominent place -- the name without qualifiers ("occupied Melitopol",
    "Kherson city", "Erie County" -> Erie)."""
    if gazetteer.ids(surface):
        return surface
    words = surface.split()
    while len(words) > 1 and words[0].lower() in _QUALIFIERS:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _GENERIC_TAILS:
        words = words[:-1]
    shorter = " ".join(words)
    if shorter != surface and gazetteer.prominence(shorter) >= 2 and not gazetteer.is_not_place(shorter):
        return shorter
    return surface


# -- resolution ---------------------------------------------------------------------

def _resolve(known: list[NameGroup], gazetteer: Gazetteer) -> GeoContext:
    """Resolve every known name against the article's geography; returns that geography.

    Pass 1 takes the names that are clear on their own (a country, a named
    region, a town with no serious namesake) as anchors; pass 2 resolves all
    names against them; pass 3 repeats with every pass-2 reading as context,
    weighted by its probability, so that two towns of one valley settle
    each other. A name never counts as its own context.
    """
    keys = {group.key: name_key(group.lookup) for group in known}
    context = GeoContext(neighbours=gazetteer.neighbours)
    for group in known:
        ranked = rank_candidates(group.candidates, GeoContext(), query_key=keys[group.key])
        top = ranked[0]
        if top.probability >= ANCHOR_AT or (top.place.kind not in SETTLEMENT_KINDS and top.probability >= 0.5):
            context.add(top.place, group.key, len(group.mentions))
    for _ in range(2):
        for group in known:
            group.ranked = rank_candidates(group.candidates, context, exclude_key=group.key,
                                           query_key=keys[group.key])
        context = GeoContext(neighbours=gazetteer.neighbours)
        for group in known:
            best = group.ranked[0]
            context.add(best.place, group.key, len(group.mentions) * best.probability)
    return context


def _status(group: NameGroup) -> str:
    """"ambiguous" when the best reading is unsure and a real rival exists."""
    ranked = group.ranked
    if ranked[0].probability < AMBIGUOUS_BELOW and len(ranked) > 1 and ranked[1].probability >= RIVAL_AT:
        return "ambiguous"
    return "known"


def _place_attributes(group: NameGroup) -> dict[str, Any]:
    best = group.ranked[0]
    attributes = best.place.to_dict()
    attributes["confidence"] = round(best.probability, 3)
    if group.variant:
        attributes["spelling_variant"] = True
    return attributes


def _doubtful(group: NameGroup, gazetteer: Gazetteer) -> bool:
    """A name the model called a place that only matches small villages far from
    anything else in the article ("Satan", "Pravda", "Advance"): probably no place."""
    best = group.ranked[0]
    return (gazetteer.prominence(group.lookup) <= 1 and best.context < 0.3
            and max(m.cue for m in group.mentions) == 0
            and not any(p.country in CORE_COUNTRIES and p.kind != "village" for p in group.candidates))


# -- findings ---------------------------------------------------------------------

def _quote(text: str) -> str:
    return f"“{text}”"


def _ambiguous_finding(text: str, group: NameGroup) -> Finding:
    best, alternatives = group.ranked[0], group.ranked[1:4]
    others = "; ".join(f"{r.place.label} ({r.probability:.0%})" for r in alternatives)
    message = (f"{_quote(group.mentions[0].text)} names several places; read as {best.place.label} "
               f"({best.probability:.0%}), but it could be {others}.")
    return Finding(
        kind="ambiguous-place",
        severity=Severity.INFO,
        message=message,
        evidence=[Span.of(text, m.start, m.end, "place") for m in group.mentions],
        confidence=round(1.0 - best.probability, 3),
        details={
            "name": group.mentions[0].text,
            "candidates": [dict(r.place.to_dict(), probability=round(r.probability, 3),
                                context_score=round(r.context, 3), context_parts=r.parts)
                           for r in group.ranked[:5]],
        },
    )


def _unknown_finding(group: NameGroup, evidence: list[Span], suggestions: list[dict[str, Any]]) -> Finding:
    name = group.mentions[0].text
    confidence = _unknown_confidence(group, suggestions)
    # HIGH only when a real place spelled almost the same lies where the article is:
    # then the name is most likely a garbled version of it.
    corroborated = bool(suggestions) and _corroborates(suggestions[0])
    count = len(group.mentions)
    times = f" ({count} mentions)" if count > 1 else ""
    if suggestions:
        top = suggestions[0]
        hint = f"did you mean {top['display']}?"
    else:
        hint = "no similarly spelled place was found."
    message = f"{_quote(name)}{times} is not a place in the offline gazetteer; {hint}"
    return Finding(
        kind="unknown-place",
        severity=Severity.HIGH if confidence >= 0.8 and corroborated else Severity.MEDIUM,
        message=message,
        evidence=evidence,
        confidence=confidence,
        details={"name": name, "mentions": count, "suggestions": suggestions},
    )


def _unknown_confidence(group: NameGroup, suggestions: list[dict[str, Any]]) -> float:
    """How sure we are that an unknown name is a place name that is wrong."""
    mentions = group.mentions
    labels = {m.label for m in mentions}
    confidence = 0.45 if "GPE" in labels else 0.4 if "LOC" in labels else 0.35
    best_cue = max(m.cue for m in mentions)
    confidence += {0: 0.0, 1: 0.15, 2: 0.25}[best_cue]
    if looks_toponymic(group.lookup):
        confidence += 0.1
    if len(mentions) > 1:
        confidence += 0.05
    if suggestions and _corroborates(suggestions[0]):
        confidence += 0.15  # a near-identical real place right where the article is
    else:
        # maybe simply a place too small for the gazetteer
        confidence = min(confidence, 0.75) - (0.0 if suggestions else 0.1)
    if len(group.lookup.split()) > 2:
        confidence -= 0.1
    return round(max(0.2, min(confidence, 0.95)), 3)


#: Words that make a name a natural or man-made feature, or a non-settlement unit,
#: which the gazetteer (settlements, regions, curated areas) does not try to cover.
_FEATURE_WORDS = frozenset({
    "river", "sea", "lake", "ocean", "strait", "island", "islands", "mountain", "mountains", "mount",
    "valley", "bay", "gulf", "peninsula", "county", "state", "park", "desert", "coast", "ice", "sheet",
    "shelf", "glacier", "basin", "range", "plateau", "forest", "zone", "empire", "union", "cap", "reef",
    "canal", "dam", "bridge", "airport", "station", "square", "street", "avenue", "road", "highway",
    "plant", "base", "harbour", "harbor", "port", "channel", "delta", "creek", "hills", "hill", "falls",
    "district", "province", "prefecture", "territory", "belt", "corridor", "age", "war", "front",
})


def _is_natural_feature(name: str) -> bool:
    return any(word.lower().strip("’'s") in _FEATURE_WORDS for word in name.split()[1:]) or any(
        word.lower() in ("lake", "mount", "cape", "gulf") for word in name.split()[:1])


def _worth_reporting(group: NameGroup, suggestions: list[dict[str, Any]], core_share: float) -> bool:
    """Report an unknown name only where an error is likely, not merely a gap in the gazetteer:

    * a near-identical real place lies where the article is (Severansk -> Siversk), or
    * the article is about the countries the gazetteer covers in depth (UA, RU, BY,
      MD, GE: every settlement, from katottg and GeoNames) and the name looks like
      a settlement name there, used as a place.
    """
    if group.common_word:
        return False
    placed = any(m.label for m in group.mentions) or max(m.cue for m in group.mentions) >= 1
    if suggestions and _corroborates(suggestions[0]):
        return placed
    return placed and core_share >= 0.3 and looks_toponymic(group.lookup)


def _corroborates(suggestion: dict[str, Any]) -> bool:
    return suggestion["string_similarity"] >= 0.8 and suggestion["context_score"] >= 0.5


def _summary(known: list[NameGroup], unknown: list[dict[str, Any]]) -> dict[str, Any]:
    by_place: dict[int, dict[str, Any]] = {}
    counts = {"known": 0, "ambiguous": 0, "unknown": 0, "unresolved": 0}
    mention_counts = dict(counts)
    for record in unknown:
        counts[record["status"]] += 1
        mention_counts[record["status"]] += record["mentions"]
    for group in sorted(known, key=lambda g: g.mentions[0].start):
        best = group.ranked[0]
        status = _status(group)
        mention_counts[status] += len(group.mentions)
        entry = by_place.get(best.place.id)
        if entry is None:  # "Donbas" and "Donbass" are one place
            counts[status] += 1
            entry = by_place[best.place.id] = best.place.to_dict()
            entry.update({"status": status, "mentions": 0, "surfaces": [],
                          "confidence": round(best.probability, 3)})
        entry["mentions"] += len(group.mentions)
        entry["surfaces"] = sorted(set(entry["surfaces"]) | {m.text for m in group.mentions})
    places = list(by_place.values())
    return {
        "counts": counts,
        "mention_counts": mention_counts,
        "places": places,
        "unknown": [r for r in unknown if r["status"] == "unknown"],
        "unresolved": [r for r in unknown if r["status"] == "unresolved"],
    }
