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

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult, Finding, Severity, Span
from unspin.places.build import haversine_km
from unspin.places.candidate_model import CandidateModel, shipped_model
from unspin.places.candidates import (
    SLAVIC_QUALIFIERS,
    adjective_stem,
    candidate_features,
    english_vocabulary,
    hyphen_parts,
    is_english_word,
    looks_like_toponym,
    place_score,
    slavic_form,
    surname_form,
    ukrainian_forms,
)
from unspin.places.cues import FOLLOWING_PLACE_NOUNS, looks_toponymic
from unspin.places.gazetteer import CORE_COUNTRIES, SETTLEMENT_KINDS, Gazetteer, Place, shared_gazetteer
from unspin.places.mentions import ADJECTIVE_TAIL, Mention, collect_mentions, core_settlement
from unspin.places.recase import recase_capitals
from unspin.places.resolve import GeoContext, Ranked, dedupe, rank_candidates, suggest
from unspin.places.text import fold_diacritics, name_key, one_slip

#: Below this probability a resolved name gets an INFO "ambiguous-place" finding.
AMBIGUOUS_BELOW = 0.6
#: ... and only when the second reading has at least this probability.
RIVAL_AT = 0.15
#: A name resolved at least this surely (on priors alone) anchors the article's geography.
ANCHOR_AT = 0.8
#: Leading/trailing words that qualify a place without being part of its name.
_QUALIFIERS = frozenset({"eastern", "western", "northern", "southern", "central", "occupied", "greater",
                         "north", "south", "east", "west", "upper", "lower", "rural", "downtown", "nearby"})
_GENERIC_TAILS = FOLLOWING_PLACE_NOUNS | {"city", "town", "village", "settlement", "province", "state",
                                          "county", "municipality", "metropolitan"}



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
    adjective: bool = False  # "Glushkovsky district": read through the town it is named after


@register("places")
class PlacesAnalyzer(Analyzer):
    languages = frozenset({"en", "ru", "uk"})

    def __init__(self, suggestion_limit: int = 5, max_unknown_names: int = 8,
                 record_candidates: bool = False, model: CandidateModel | None = None) -> None:
        self.suggestion_limit = suggestion_limit
        self.max_unknown_names = max_unknown_names
        # Training: search every unknown name and list its features in the summary.
        self.record_candidates = record_candidates
        self.model = model or shipped_model()

    def analyze(self, ctx: Context) -> AnalyzerResult:
        if ctx.language in ("ru", "uk"):
            return analyze_slavic(ctx.article.text, ctx.language)
        doc = ctx.doc
        if doc is None:
            return AnalyzerResult(summary=_summary([], []))
        gazetteer = shared_gazetteer()
        text = ctx.article.text
        recased = recase_capitals(text, _vocabulary(), known=lambda name: bool(gazetteer.ids(name)))
        if recased != text:
            # lines in capitals ("ENEMY STORMED ZORIOGRADIVKA AT DAWN"): names are looked for in
            # the text as prose would write it; offsets are the same, so spans fall on the original
            from unspin.nlp import english

            doc = english()(recased)
        lower_words = {token.text for token in doc if token.is_lower and token.is_alpha}
        groups = _group(collect_mentions(doc, gazetteer, recased), gazetteer, lower_words, _vocabulary())
        known = [g for g in groups.values() if g.candidates]
        unknown = [g for g in groups.values() if not g.candidates]

        context = _resolve(known, gazetteer)
        spans: list[Span] = []
        findings: list[Finding] = []
        doubtful = [g for g in known if _doubtful(g, gazetteer)]
        known = [g for g in known if g not in doubtful]
        core_share = context.core_share()
        suspects = {}
        for group in known if core_share >= CORE_SHARE_FOR_FORM else ():
            if _named_as_feature_or_site(text, group):
                continue  # "the Severnaya mine", "the Belaya river": a named site, not a misspelt town
            rival = _rival_spelling(group, gazetteer, context)
            if rival is not None:
                suspects[group.key] = rival
                findings.append(_suspect_finding(text, group, rival))
        for group in known:
            if group.key in suspects:
                continue
            meant = _doubled_letter_slip(group, gazetteer)
            how = "with a letter doubled"
            if meant is None:
                meant = _scheme_slip(group)
                how = "with one letter changed, added or dropped where no romanisation differs"
            if meant is not None:
                suspects[group.key] = meant
                findings.append(_slip_finding(text, group, meant, how))
        for group in known:
            status = "suspect" if group.key in suspects else _status(group)
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
        model = self.model
        candidates_seen: list[dict[str, Any]] = []
        # An article that names no known place at all ("Air raid alert lifted in X after two
        # drones were shot down") gives no geography to weigh: its Slavic-shaped names are read
        # as in the core countries, as in an article about them, rather than never reported.
        core_article = core_share >= CORE_SHARE_FOR_FORM or not context.anchors
        prepared = [(_evidence(g, core_article), g) for g in unknown]
        # The most place-like names are searched first: the fuzzy search is the costly step.
        prepared.sort(key=lambda item: -place_score(candidate_features(item[0]), model.weights))
        searched = 0
        for evidence_of, group in prepared:
            suggestions: list[dict[str, Any]] = []
            feature = _is_natural_feature(group.lookup) or _named_as_feature_or_site(text, group)
            excluded = (feature or group.common_word or _district_name(group) or _company_name(group.lookup)
                        or _named_vehicle(text, group))
            hopeful = place_score(candidate_features(dict(evidence_of, near_spelling=True, near_spelling_here=True,
                                                          slip_of_city=True)),
                                  model.weights) >= model.threshold
            # outside articles about the core countries only a Slavic-shaped name can be a
            # misspelt town of theirs: the costly search is skipped for the rest
            # (or one spaCy reads as a place: Przemsyl, Daugavplis are a slip from a city anywhere)
            worth_search = (evidence_of["core_article"] or evidence_of["slavic"]
                            or evidence_of["entity"] in ("GPE", "LOC"))
            if (not excluded and ((hopeful and worth_search) or self.record_candidates)
                    and (searched < self.max_unknown_names or self.record_candidates)):
                searched += 1
                suggestions = suggest(group.lookup, gazetteer, context, limit=self.suggestion_limit)
                suggestions = _city_slip_first(suggestions, group.lookup)
            evidence_of["slip_of_city"] = bool(suggestions) and _slip_of_city(suggestions[0], group.lookup)
            evidence_of["near_spelling"] = bool(suggestions) and _near_spelling(suggestions[0], group.lookup)
            evidence_of["near_spelling_here"] = evidence_of["near_spelling"] and suggestions[0]["context_score"] >= 0.5
            features = candidate_features(evidence_of)
            score = place_score(features, model.weights)
            romanised = bool(suggestions) and _romanised_alike(group.lookup, suggestions[0].get("matched_spelling"))
            reported = (not excluded and not romanised and score >= model.threshold
                        and _in_scope(group, evidence_of) and not _named_institution(text, group, suggestions))
            if self.record_candidates:
                candidates_seen.append({"name": group.mentions[0].text, "features": features,
                                        # (an institution's name is decided here, not by the model)
                                        "excluded": excluded or _named_institution(text, group, suggestions),
                                        "in_scope": _in_scope(group, evidence_of),
                                        "spans": [[m.start, m.end] for m in group.mentions]})
            if reported:
                suggestions = _known_stem_first(suggestions, group.lookup, gazetteer, context)
            status = "unknown" if reported else "unresolved"
            evidence = [Span.of(text, m.start, m.end, "place", status=status,
                                suggestion=suggestions[0]["display"] if suggestions else None)
                        for m in group.mentions]
            placed = not excluded and (evidence_of["cue"] or evidence_of["entity"] in ("GPE", "LOC"))
            if reported or placed:
                spans.extend(evidence)
                unknown_records.append({
                    "name": group.mentions[0].text,
                    "status": status,
                    "mentions": len(group.mentions),
                    "top_suggestion": suggestions[0]["display"] if suggestions else None,
                    "place_score": round(score, 3),
                })
            if reported:
                findings.append(_unknown_finding(group, evidence, suggestions, score, evidence_of))
        spans.sort(key=lambda s: (s.start, s.end))
        summary = _summary(known, unknown_records)
        if self.record_candidates:
            summary["candidates"] = candidates_seen
        return AnalyzerResult(spans=spans, findings=findings, summary=summary)


def analyze_slavic(text: str, language: str) -> AnalyzerResult:
    """Russian and Ukrainian: the places the gazetteer knows (``unspin.places.slavic``), resolved
    against each other like English ones. Unknown names are not reported: without a parser a
    capitalised unknown word is as likely a person or a unit as a misspelt town."""
    from unspin.places.slavic import find_places_slavic

    gazetteer = shared_gazetteer()
    groups: dict[str, NameGroup] = {}
    forms: dict[str, str] = {}  # the dictionary form that matched, per name
    for found in find_places_slavic(text, language, gazetteer):
        key = name_key(found.lookup)
        group = groups.get(key)
        if group is None:
            group = groups[key] = NameGroup(key=key, lookup=found.lookup, candidates=dedupe(found.candidates))
            forms[key] = found.form
        group.mentions.append(Mention(found.start, found.end, found.text, key, "", cue=1))
    known = list(groups.values())
    _resolve(known, gazetteer, alternate_names_rarer=False)
    spans: list[Span] = []
    findings: list[Finding] = []
    for group in known:
        status = _status(group)
        # the evidence an analyst checks: "Северском" -> Северск -> Seversk -> Siversk (Donetsk Oblast)
        attributes = {**_place_attributes(group), "dictionary_form": forms[group.key], "romanised": group.lookup}
        for mention in group.mentions:
            spans.append(Span.of(text, mention.start, mention.end, "place", status=status, **attributes))
        if status == "ambiguous":
            findings.append(_ambiguous_finding(text, group))
    spans.sort(key=lambda s: (s.start, s.end))
    return AnalyzerResult(spans=spans, findings=findings, summary=_summary(known, []))


def _vocabulary() -> frozenset[str]:
    from unspin.nlp import english

    return english_vocabulary(english())


def _group(mentions: list[Mention], gazetteer: Gazetteer, lower_words: set[str],
           vocabulary: frozenset[str] = frozenset()) -> OrderedDict[str, NameGroup]:
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
                if not group.candidates:
                    # a Russian-style spelling of a Ukrainian name (Rabotino for Robotyne)
                    group.candidates = dedupe([gazetteer.place(pid) for form in ukrainian_forms(lookup)
                                               for pid in gazetteer.ids(form) + gazetteer.variant_ids(form)
                                               if gazetteer.place(pid).country in CORE_COUNTRIES])
                group.variant = bool(group.candidates)
            else:
                # every place the name can denote in any romanisation (Vasilyevka: all the Vasylivkas)
                extra = [gazetteer.place(pid) for pid in gazetteer.variant_ids(lookup)]
                # ... and the Ukrainian places a Russian-style form stands for (Pavlovka: Pavlivka)
                extra += [gazetteer.place(pid) for form in ukrainian_forms(lookup)
                          for pid in gazetteer.ids(form) if gazetteer.place(pid).country == "UA"]
                group.candidates = dedupe(group.candidates + extra)
            if not group.candidates and mention.before_district:
                group.candidates = _district_towns(lookup, gazetteer)
                group.adjective = bool(group.candidates)
            group.common_word = mention.text.lower() in lower_words or (
                not group.candidates and is_english_word(lookup, vocabulary))
            groups[mention.key] = group
        group.mentions.append(mention)
    return groups


#: Slavic company names end in what the company makes: Zaporizhstal (steel), Kyivenergo,
#: Odesagaz, Rivneazot, Azovmash. Such a name is a firm, however town-like its stem.
_COMPANY_TAIL = re.compile(r"(?i)(?:stal|energo|oblenergo|gaz|azot|khim|mash|vodokanal|teploenergo)$")
#: "the Antonov An-225 Mriya", "a Tu-95 bomber", "the Su-25 Grach": a model number names a machine.
_MODEL_NUMBER = re.compile(r"\b[A-Z][A-Za-z]?-\d{1,3}[A-Z]{0,2}\s+$")


def _company_name(name: str) -> bool:
    return len(name) >= 8 and " " not in name and bool(_COMPANY_TAIL.search(name))


def _named_vehicle(text: str, group: NameGroup) -> bool:
    return any(_MODEL_NUMBER.search(text, max(0, m.start - 12), m.start) for m in group.mentions)


def _district_name(group: NameGroup) -> bool:
    """An adjective listed under a heading of districts ("Districts affected in the first wave:
    Saltivskyi, Industrialnyi, Nemyshlianskyi"): a city's district, which the gazetteer does not
    list; not reported as an unknown town. ("the Glubokovskiy district" alone may be an invented
    town's district: still reported.)"""
    return (not group.candidates and all(m.district_heading for m in group.mentions)
            and len(hyphen_parts(group.lookup)) == 1 and bool(ADJECTIVE_TAIL.search(group.lookup)))


def _district_towns(name: str, gazetteer: Gazetteer) -> list[Place]:
    """Towns of the core countries a district adjective can be formed from."""
    stem = adjective_stem(name)
    if not stem:
        return []
    return dedupe([p for p in gazetteer.by_prefix(stem, max_extra=3)
                   if p.country in CORE_COUNTRIES and p.kind in SETTLEMENT_KINDS])


def _lookup_form(surface: str, gazetteer: Gazetteer) -> str:
    """The name to look up: the surface, or -- when only that is known, and it is a
    prominent place -- the name without qualifiers ("occupied Melitopol",
    "Kherson city", "Erie County" -> Erie)."""
    if gazetteer.ids(surface):
        return surface
    plural = re.sub(r"\s(Region|region|Oblast|oblast|Province|province|Territorie|territorie)s$",
                    lambda m: " " + m.group(1).replace("ie", "y"), surface)
    if plural != surface and gazetteer.ids(plural):
        return plural  # "the Zaporozhye and Kherson Regions": each is a region
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

def _resolve(known: list[NameGroup], gazetteer: Gazetteer, *, alternate_names_rarer: bool = True) -> GeoContext:
    """Resolve every known name against the article's geography; returns that geography.

    Pass 1 takes the names that are clear on their own (a country, a named
    region, a town with no serious namesake) as anchors; pass 2 resolves all
    names against them; pass 3 repeats with every pass-2 reading as context,
    weighted by its probability, so that two towns of one valley settle
    each other. A name never counts as its own context.
    """
    # ``alternate_names_rarer``: in English, a name that is only a place's alternate (Seversk for
    # Siversk) makes that place less likely; a Russian text names Ukrainian towns by their Russian
    # names as a matter of course, so there it does not.
    keys = {group.key: name_key(group.lookup) if alternate_names_rarer else "" for group in known}
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
    if group.adjective:
        attributes["adjective_of"] = best.place.name  # "Glushkovsky district" -> Glushkovo
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


def _unknown_finding(group: NameGroup, evidence: list[Span], suggestions: list[dict[str, Any]],
                     score: float, evidence_of: dict[str, Any]) -> Finding:
    name = group.mentions[0].text
    # HIGH only when a real place spelled almost the same lies where the article is:
    # then the name is most likely a garbled version of it.
    corroborated = bool(suggestions) and _corroborates(suggestions[0])
    confidence = round(min(0.97, score + (0.1 if corroborated else 0.0)), 3)
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
        details={"name": name, "mentions": count, "suggestions": suggestions,
                 "place_evidence": {k: v for k, v in evidence_of.items() if v and k not in ("mentions", "words")},
                 "place_score": round(score, 3)},
    )


def _evidence(group: NameGroup, core_article: bool) -> dict[str, Any]:
    """What makes an unknown name look like a place, gathered over all its mentions."""
    mentions = group.mentions
    labels = [m.label for m in mentions if m.label]
    entities = [m.entity for m in mentions if m.entity]
    return {
        "entity": labels[0] if labels else (entities[0] if entities else ""),
        "cue": max(m.cue for m in mentions),
        "verb": any(m.verb for m in mentions),
        "toponymic": looks_like_toponym(group.lookup),
        "slavic": slavic_form(group.lookup),
        "hyphenated": "-" in group.lookup,
        "mentions": len(mentions),
        "sentence_start": all(m.sentence_start for m in mentions),
        "words": len(group.lookup.replace("-", " ").split()),
        "near_spelling": False,
        "near_spelling_here": False,
        "slip_of_city": False,
        "core_article": core_article,
        "surname": surname_form(group.lookup),
    }


#: Share of an article's places in the core countries above which its unknown
#: Slavic-looking names are reported (the gazetteer lists every settlement there).
CORE_SHARE_FOR_FORM = 0.3


def _in_scope(group: NameGroup, evidence: dict[str, Any]) -> bool:
    """Unknown names are reported where the gazetteer is complete enough for "unknown"
    to mean "wrong": next to a real town of the core countries spelled almost the
    same, or shaped like an East Slavic place name in an article about that region.
    Elsewhere (Balochistan, Maui) an unknown name is more likely a gap in the gazetteer."""
    if evidence["surname"] and not evidence["cue"]:
        return False  # "Reznikov said": a surname with nothing that makes it a place
    if evidence["near_spelling"] or evidence["slip_of_city"]:
        return True
    return evidence["core_article"] and evidence["slavic"]


#: Countries around the core ones whose cities the war's reporting names (refugee routes, aid
#: hubs, the border): a name one slip from a city there is a misspelling of it.
NEIGHBOUR_COUNTRIES = frozenset({"PL", "RO", "SK", "HU", "LT", "LV", "EE", "FI", "AM", "AZ", "KZ", "TR", "BG"})

#: A misspelling is taken for a real town this large even where the article gives no geography.
NEAR_SPELLING_POPULATION = 50_000


#: ... or, for a name one slip from the town (a letter added, dropped, changed or two swapped:
#: Svatvoe, Ladyhzyn), this much context. Chosen on the read sets (fresh3: 28 -> 31 of 40, fresh4:
#: 47 -> 50 of 56, no new flag on 399 real articles; 0.15 added a surname there), checked on fresh5.
NEAR_SLIP_CONTEXT = 0.3


def _near_spelling(suggestion: dict[str, Any], name: str = "") -> bool:
    """The closest real place is one or two letters away, a town of the core countries,
    and either where the article is, or large enough to be meant without context, or
    one slip from ``name`` and not far from the article's places."""
    return (suggestion["string_similarity"] >= 0.8 and suggestion.get("country") in CORE_COUNTRIES
            and suggestion.get("kind") in SETTLEMENT_KINDS | {"region"}
            and (suggestion["context_score"] >= 0.5 or (suggestion.get("population") or 0) >= NEAR_SPELLING_POPULATION
                 or (suggestion["context_score"] >= NEAR_SLIP_CONTEXT and _one_slip_from(suggestion, name))))


def _romanised_alike(name: str, spelling: str | None) -> bool:
    """``name`` is a spelling the gazetteer knows, written in another romanisation only by
    apostrophes and j/i/y ("Olvia" for Ol'vija, the village of Parutyne): a real place."""
    def plain(text: str) -> str:
        text = re.sub(r"[\u2019'\u02bc`]", "", fold_diacritics(text).lower())
        return text.replace("ij", "i").replace("iy", "i").replace("j", "y")
    return bool(spelling) and plain(name) == plain(spelling or "") and name_key(name) != name_key(spelling or "")


def _one_slip_from(suggestion: dict[str, Any], name: str) -> bool:
    """``name`` is the suggested place's name, or the spelling that matched it, with one slip."""
    return any(one_slip(name, suggestion.get(key) or "") for key in ("name", "matched_spelling"))


def _slip_of_city(suggestion: dict[str, Any], name: str) -> bool:
    """The suggestion is a city (NEAR_SPELLING_POPULATION or more) that ``name`` misses by one
    slip: Nikopl/Nikopol, Izmial/Izmail, Klinsty/Klintsy; in a neighbouring country,
    Przemsyl/Przemyśl in an article about Poland (the gazetteer lists every city that large,
    so a name that close and unknown is a misspelling)."""
    return (suggestion.get("kind") in SETTLEMENT_KINDS
            and (suggestion.get("population") or 0) >= NEAR_SPELLING_POPULATION
            and _one_slip_from(suggestion, name)
            # abroad only in the countries around them and where the article is: elsewhere the
            # gazetteer lacks regions and districts ("Zhejiang", "Badung" in Bali are no misspellings)
            and (suggestion.get("country") in CORE_COUNTRIES
                 or suggestion.get("country") in NEIGHBOUR_COUNTRIES
                 and (suggestion.get("context_score") or 0.0) >= NEAR_SLIP_CONTEXT))


#: a first suggestion spelled this close to the whole name is kept before the stem's town
STEM_KEEPS_SIMILAR = 0.9
# the feminine and neuter of a town's adjective ("Novohrodivka-Donetska"; ADJECTIVE_TAIL has the masculine)
REGION_ADJECTIVE = re.compile(r"(?:sk|zk|ck)(?:a|e|aya|oye|oe)$", re.IGNORECASE)


def _known_stem_first(suggestions: list[dict[str, Any]], name: str, gazetteer: Gazetteer,
                      context: GeoContext) -> list[dict[str, Any]]:
    """``suggestions`` led by the known town an unknown name is made of plus a qualifier
    ("Novohrodivka-Donetska" -> Novohrodivka, "Kurakhove-Pivdenne" -> Kurakhove): the writer
    named that town with an invented or wrong part; a town of a similar spelling is a worse
    guess."""
    parts = hyphen_parts(name)
    if len(parts) < 2:
        return suggestions
    tail = parts[-1]
    if not (ADJECTIVE_TAIL.search(tail) or REGION_ADJECTIVE.search(tail) or tail.lower() in SLAVIC_QUALIFIERS):
        return suggestions
    stem = "-".join(parts[:-1])
    if not core_settlement(stem, gazetteer):
        return suggestions
    found = [s for s in suggest(stem, gazetteer, context, limit=3)
             if s["string_similarity"] >= 0.999 and name_key(s["name"]) == name_key(stem)]
    if not found:
        return suggestions
    first = dict(found[0], via="the known town the name is made of")
    if suggestions and (suggestions[0]["string_similarity"] >= STEM_KEEPS_SIMILAR
                        or (suggestions[0].get("population") or 0) > (first.get("population") or 0)):
        # a slip in the whole name ("Kamianets-Podliskyi"), or a larger town than the stem
        # ("Makarivka-Nova": Makariv, not the village Makarivka)
        return suggestions
    return [first] + [s for s in suggestions if s.get("display") != first.get("display")]


def _city_slip_first(suggestions: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """``suggestions`` with a city one slip from ``name`` first, unless the first is itself one
    slip away: the search ranks by fit to the article, and a village two letters off that fits
    it better (Kalynnyk for "Klinsty") is a worse guess than the city the writer mistyped. A
    first suggestion one slip away only through a spelling a city shares (the village
    Chernykhiv, also romanised "Chernihiv", for "Chernihv") gives way to that city too."""
    if not suggestions:
        return suggestions
    first = suggestions[0]
    shared = first.get("matched_spelling")
    if _one_slip_from(first, name) and not (one_slip(name, shared or "") and not one_slip(name, first["name"])):
        return suggestions
    for i, suggestion in enumerate(suggestions[1:], 1):
        if _slip_of_city(suggestion, name) and (not _one_slip_from(first, name)
                                                 or suggestion.get("matched_spelling") == shared):
            return [suggestion] + suggestions[:i] + suggestions[i + 1:]
    return suggestions


#: A known name is doubted when its reading fits the article this badly (context score) ...
SUSPECT_CONTEXT_BELOW = 0.35
#: ... while a place spelled almost the same fits it at least this well ...
RIVAL_CONTEXT_AT = 0.45
#: ... and is spelled this much alike (one letter in six: Tokmok/Tokmak, Buchach/Bucha) ...
RIVAL_SIMILARITY = 0.82
#: ... and the known reading is not a city of the core countries a writer may name from afar.
SUSPECT_MAX_POPULATION = 150_000
#: A city this large, spelled as it is, is never doubted (Almaty named among exiles' destinations).
MAJOR_CITY_POPULATION = 500_000


def _rival_spelling(group: NameGroup, gazetteer: Gazetteer, context: GeoContext) -> dict[str, Any] | None:
    """A real place one or two letters from a known name that fits the article far
    better than every place the name itself denotes: "Tokmok" (Kyrgyzstan) in an
    article about Melitopol and Polohy is most likely Tokmak, Zaporizhzhia Oblast."""
    if group.adjective or all(m.listed_only for m in group.mentions):
        return None  # a name read as a place only for its list gives the article geography, no doubt
    if any(m.before_district for m in group.mentions) and ADJECTIVE_TAIL.search(group.lookup):
        return None  # "the Kievsky district of Donetsk": a city's district, named by its adjective
    fits = max(r.context for r in group.ranked)
    largest = max(r.place.population or 0 for r in group.ranked)
    if fits >= SUSPECT_CONTEXT_BELOW and largest > DOMINATED_MAX_POPULATION:
        return None  # a reading that fits, and a town of some size: what the writer meant
    best = group.ranked[0].place
    if best.kind not in SETTLEMENT_KINDS or best.capital:
        return None
    # "Over the Line" (a podcast's title): an English word read as a far-off place (Lin'e, China)
    # is doubted only for a town the war made known ("cleared Soledad" is Soledar), not for any
    # village one slip away (Lisne)
    english = best.country not in CORE_COUNTRIES and is_english_word(group.lookup, _vocabulary())
    if best.country in CORE_COUNTRIES and best.population >= SUSPECT_MAX_POPULATION:
        return None  # Kharkiv named in an article about Kherson is Kharkiv
    # "donors in Berlin and Leipzig": a large city spelled as it is, named from afar, is
    # doubted only for a town one slip away ("cleared Soledad" north of Bakhmut is Soledar)
    large_as_spelled = best.population >= SUSPECT_MAX_POPULATION and name_key(group.lookup) in (
        name_key(best.name), name_key(best.geonames_name))
    war_place = name_key(group.lookup) in _war_places()
    if large_as_spelled and best.population >= MAJOR_CITY_POPULATION:
        return None  # "left for Tbilisi, Almaty and Yerevan": a major city spelled right is meant
    if war_place and best.country in CORE_COUNTRIES and name_key(group.lookup) in (
            name_key(best.name), name_key(best.geonames_name)):
        # "Pokrovsk direction: the enemy is pushing towards Dnipropetrovsk Oblast": the town the
        # war made known, read as itself and spelled as it is, is not the village one letter off
        # (Pokrovske) that the oblast named nearby fits better
        return None

    for suggestion in suggest(group.lookup, gazetteer, context, limit=4, min_similarity=RIVAL_SIMILARITY):
        if suggestion.get("kind") not in SETTLEMENT_KINDS or _same_as_any(suggestion, group.candidates):
            continue
        if suggestion["string_similarity"] >= 0.99:
            continue  # the same name in another romanisation: a reading, not a misspelling
        if _same_adjective(group.lookup, suggestion["name"]):
            continue  # "the port of Pivdennyi" in the town of Pivdenne: one adjective, two genders
        if best.country in CORE_COUNTRIES and (suggestion.get("population") or 0) < 0.1 * best.population:
            continue  # a city of the region is not taken for a misspelt hamlet (Berdiansk is no "Brianske")
        if suggestion["country"] not in CORE_COUNTRIES:
            continue
        if english and name_key(suggestion["name"]) not in _war_places():
            continue
        if (large_as_spelled or war_place) and not _one_slip_from(suggestion, group.lookup):
            # ("Avdiivka, lost more than a month ago" in an article about Kharkiv region: a town
            # the war made known, spelled as it is, is doubted only for a town one slip away)
            continue
        if (fits < SUSPECT_CONTEXT_BELOW and suggestion["context_score"] >= RIVAL_CONTEXT_AT
                and suggestion["context_score"] - group.ranked[0].context >= 0.3):
            return suggestion
        if _dominates(suggestion, fits, largest):
            return suggestion
    return None


@lru_cache(maxsize=1)
def _war_places() -> frozenset[str]:
    """Places the reference timeline names an event by ("Avdiivka", "Soledar", "Sudzha")."""
    from unspin.dates.timeline import load_timeline

    return frozenset(name_key(keyword) for event in load_timeline().events for keyword in event.keywords
                     if re.fullmatch(r"[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?", keyword))


_GENDER_ENDING = re.compile(r"(?:yi|iy|yy|ij|ii|e|a|aya|oye|oe|ye|ia)$", re.IGNORECASE)


def _same_adjective(name: str, other: str) -> bool:
    """Two names that are one adjective in two genders ("Pivdennyi" / "Pivdenne", "Yuzhny" /
    "Yuzhne"): a port, a station or a district named after its town, not a misspelling."""
    a, b = _GENDER_ENDING.sub("", name_key(name)), _GENDER_ENDING.sub("", name_key(other))
    # only the "-n-" adjectives ports and stations are named with ("Pivdennyi", "Yuzhnyi"); a
    # "-sk-" one is a town's own adjective, and "Siverskiy" for Siversk a misspelling
    return len(a) >= 5 and a == b and a.endswith("n") and name_key(name) != name_key(other)


#: A city this large ...
DOMINANT_MIN_POPULATION = 50_000
#: ... and this many times larger than every place a name denotes, one letter or two from it
#: and fitting the article better, is what "Poltavka" (a hamlet) in a report about Poltava
#: Oblast's capital means, even where some hamlet of that name fits the article a little.
DOMINANT_POPULATION_RATIO = 20
DOMINANT_SIMILARITY = 0.85
#: Only names whose every reading is a village or small town are doubted that way.
DOMINATED_MAX_POPULATION = 10_000
DOMINANT_CONTEXT_MARGIN = 0.2


def _dominates(suggestion: dict[str, Any], fits: float, largest: int) -> bool:
    population = suggestion.get("population") or 0
    return (suggestion["string_similarity"] >= DOMINANT_SIMILARITY and population >= DOMINANT_MIN_POPULATION
            and population >= DOMINANT_POPULATION_RATIO * largest
            and suggestion["context_score"] - fits >= DOMINANT_CONTEXT_MARGIN)


# Doubled letters worth asking about. nn, ss, ii and ll inside a name are left out: real
# romanisations double them (Vinnytsia, Odessa, Avdiivka, Illichevsk) more often than the gazetteer
# lists. A final ll is asked ("Tiraspoll"): no Slavic or Moldovan place name ends in one.
_DOUBLED = re.compile(r"([bcdfghkprtvwxaeou])\1|ll$")


def _known_only_loosely(group: NameGroup) -> bool:
    """The name is known only as another romanisation of a place of the core countries (not as
    one of its spellings, nor as a district adjective): where a one-letter slip is worth asking."""
    return group.variant and not group.adjective and group.ranked[0].place.country in CORE_COUNTRIES


def _doubled_letter_slip(group: NameGroup, gazetteer: Gazetteer) -> str | None:
    """"Kramattorsk", "Nikolaeev": a name known only as another romanisation (doubled letters
    count for nothing there) whose doubled letter no spelling of the place has; the spelling
    meant, with the letter once, or None. "Odessa" is a spelling of its own and never asked."""
    if not _known_only_loosely(group):
        return None
    surface = group.lookup
    places = {p.id for p in group.candidates}
    for match in _DOUBLED.finditer(surface.lower()):
        single = surface[:match.start()] + surface[match.start() + 1:]
        if any(p.id in places for p in gazetteer.lookup(single)):
            return single
    # the doubling on the wrong letter ("Kremmina" for Kreminna): the place's own spelling
    # doubles another letter
    for match in re.finditer(r"([b-df-hj-np-tv-z])\1", surface.lower()):
        single = surface[:match.start()] + surface[match.start() + 1:]
        for i, letter in enumerate(single):
            if i != match.start() and letter.lower() in "lmnrst" and single[i + 1:i + 2].lower() != letter.lower():
                moved = single[:i + 1] + letter.lower() + single[i + 1:]
                if any(p.id in places for p in gazetteer.lookup(moved)):
                    return moved
    return None


#: Single-letter differences that are romanisation, not error (Kharkov/Kharkiv, Luhansk/Lugansk,
#: Izyum/Izium, Debaltsevo/Debaltseve, Dzhankoi/Dzhankoy, Feodosia/Feodosiia): vowels of the
#: Russian and Ukrainian forms, g/h, i/y/j, v/w, and an i, y or j added or dropped.
_SCHEME_PAIRS = frozenset(frozenset(pair) for pair in (
    "ao", "oe", "ei", "oi", "iy", "ey", "yj", "ij", "gh", "vw", "uy", "ae"))
_SCHEME_LETTERS = frozenset("iyj")


def _scheme_slip(group: NameGroup) -> str | None:
    """"Voronesh", "Slovaiansk", "Olesky": a name known only loosely (as another romanisation
    of a place) that is one letter from the place's own spelling, where that letter is no
    difference between romanisations (z/s, an "a" put in, the "h" of "sh" left out): the
    place's spelling, or None. A romanisation of its own (Kharkov, Lugansk) is never asked."""
    if not _known_only_loosely(group):
        return None
    from rapidfuzz.distance import Levenshtein

    place = group.ranked[0].place
    surface = name_key(group.lookup)
    if " " in surface or "-" in surface:
        return None  # compound names: one letter is too little to tell in them
    for spelling in dict.fromkeys(s for s in (place.name, place.geonames_name) if s):
        target = name_key(spelling)
        if surface == target:
            return None
        ops = Levenshtein.editops(surface, target)
        if len(ops) != 1:
            continue
        op = ops[0]
        if op.tag == "replace":
            if frozenset((surface[op.src_pos], target[op.dest_pos])) in _SCHEME_PAIRS:
                return None
        else:
            letter = surface[op.src_pos] if op.tag == "delete" else target[op.dest_pos]
            longer = surface if op.tag == "delete" else target
            pos = op.src_pos if op.tag == "delete" else op.dest_pos
            doubled = longer[max(0, pos - 1):pos] == letter or longer[pos + 1:pos + 2] == letter
            if letter in _SCHEME_LETTERS or doubled:
                return None
        return spelling
    return None


def _slip_finding(text: str, group: NameGroup, meant: str, how: str = "with a letter doubled") -> Finding:
    best = group.ranked[0]
    name = group.mentions[0].text
    message = (f"{_quote(name)} is no spelling of any place; it reads as {best.place.label} "
               f"spelled “{meant}” {how}: a misspelling.")
    suggestion = dict(best.place.to_dict(), matched_spelling=meant, context_score=round(best.context, 3),
                      string_similarity=round(1 - 1 / max(len(name), 2), 3))
    return Finding(
        kind="suspect-place", severity=Severity.LOW, message=message,
        evidence=[Span.of(text, m.start, m.end, "place", status="suspect", suggestion=best.place.label)
                  for m in group.mentions],
        confidence=0.7,
        details={"name": name, "read_as": best.place.to_dict(), "meant_spelling": meant, "suggestions": [suggestion]},
    )


def _same_as_any(suggestion: dict[str, Any], places: list[Place]) -> bool:
    """The suggestion is one of ``places`` (the same entry, or a duplicate within 10 km)."""
    for place in places:
        if suggestion.get("geonameid") and suggestion["geonameid"] == place.geonameid:
            return True
        if suggestion.get("katottg_id") and suggestion["katottg_id"] == place.katottg_id:
            return True
        if (place.lat is not None and suggestion.get("lat") is not None
                and haversine_km(place.lat, place.lon, suggestion["lat"], suggestion["lon"]) < 10):
            return True
    return False


def _suspect_finding(text: str, group: NameGroup, rival: dict[str, Any]) -> Finding:
    best = group.ranked[0]
    name = group.mentions[0].text
    message = (f"{_quote(name)} is {best.place.label}, which fits none of the article's other places "
               f"(context {best.context:.2f}); did you mean {rival['display']} "
               f"(context {rival['context_score']:.2f}, spelling {rival['string_similarity']:.0%} alike)?")
    confidence = round(min(0.9, 0.45 + 0.5 * (rival["context_score"] - best.context)), 3)
    return Finding(
        kind="suspect-place", severity=Severity.MEDIUM, message=message,
        evidence=[Span.of(text, m.start, m.end, "place", status="suspect", suggestion=rival["display"])
                  for m in group.mentions],
        confidence=confidence,
        details={"name": name, "read_as": dict(best.place.to_dict(), context_score=round(best.context, 3),
                                               context_parts=best.parts),
                 "suggestions": [rival]},
    )


#: Words that make a name a natural or man-made feature, or a non-settlement unit,
#: which the gazetteer (settlements, regions, curated areas) does not try to cover.
_FEATURE_WORDS = frozenset({
    "river", "sea", "lake", "ocean", "strait", "island", "islands", "mountain", "mountains", "mount",
    "valley", "bay", "gulf", "peninsula", "county", "state", "park", "desert", "coast", "ice", "sheet",
    "shelf", "glacier", "basin", "range", "plateau", "forest", "zone", "empire", "union", "cap", "reef",
    "canal", "dam", "bridge", "airport", "station", "square", "street", "avenue", "road", "highway",
    "plant", "base", "harbour", "harbor", "port", "channel", "delta", "creek", "hills", "hill", "falls",
    "district", "province", "prefecture", "territory", "belt", "corridor", "age", "war", "front",
    "arena", "stadium", "lavra", "monastery", "cathedral", "church", "abbey", "convent",
})


def _is_natural_feature(name: str) -> bool:
    return any(word.lower().strip("’'s") in _FEATURE_WORDS for word in name.split()[1:]) or any(
        # ("Arena Lviv", "Stadium Kyiv": a venue named after its city)
        word.lower() in ("lake", "mount", "cape", "gulf", "arena", "stadium") for word in name.split()[:1])


# "the Tysa and Latorytsia rivers", "the Cheremosh river": a name that the next words make a
# river, lake or mountain (towns are never called that, so a misspelt town is not hidden)
_FEATURE_AFTER = re.compile(r"\s+(?:and\s+(?:the\s+)?[A-Z][\w\u2019'-]*\s+)?(?:rivers?|lakes?|reservoirs?|"
                            r"mountains?|hills|valleys?|gorges?|creeks?|canals?|deltas?|estuar(?:y|ies)|"
                            r"streams?)\b", re.IGNORECASE)


def _named_as_feature_or_site(text: str, group: NameGroup) -> bool:
    return any(_FEATURE_AFTER.match(text, m.end) or _FACILITY_AFTER.match(text, m.end)
               or _WATER_BEFORE.search(text, max(0, m.start - 40), m.start) for m in group.mentions) \
        or _names_a_power_plant(text, group) or _city_district(text, group)


# "the Mechnikov regional hospital", "the Bogomolets university": an institution named after a
# person. A town's name stands there too ("the Kherson regional hospital"), so a name shaped like a
# town's, or one slip from a sizeable town ("the Kramatorks hospital"), is still reported.
_INSTITUTION_AFTER = re.compile(r"(?i)\s+(?:(?:regional|city|district|children['\u2019]s|military|clinical|state|national|"
                                r"medical|maternity)\s+){0,2}(?:hospital|clinic|university|institute|academy|lyceum|"
                                r"gymnasium|library|museum|theatre|theater|conservatory)\b")
INSTITUTION_TOWN_MIN_POPULATION = 20_000


def _named_institution(text: str, group: NameGroup, suggestions: list[dict[str, Any]]) -> bool:
    if looks_toponymic(group.lookup) or not any(_INSTITUTION_AFTER.match(text, m.end) for m in group.mentions):
        return False  # ("the Starobilovsk academy": a town's ending, Starobilsk misspelt)
    top = suggestions[0] if suggestions else None
    return not (top is not None and (top.get("population") or 0) >= INSTITUTION_TOWN_MIN_POPULATION
                and top["string_similarity"] >= 0.8)


# "near the mouth of the Kalmius", "the east bank of the Oskol": only a river or a sea has these
_WATER_BEFORE = re.compile(r"(?i)\b(?:mouth|banks?|shores?|source|estuary|delta|waters)\s+of\s+the\s+$")
# "a school in the Nikitovsky district of Gorlovka": a city's district, named by its adjective
# (not "the Pokrovsky district of Donetsk region", a rural district an invented town may own)
_DISTRICT_OF_CITY = re.compile(r"\s+district\s+of\s+(?:the\s+city\s+of\s+)?[A-Z][\w\u2019'-]*\w(?![\w\u2019'-])"
                               r"(?!\s+(?i:region|oblast|province)\b)")


def _city_district(text: str, group: NameGroup) -> bool:
    return bool(ADJECTIVE_TAIL.search(group.lookup)) and any(
        _DISTRICT_OF_CITY.match(text, m.end) for m in group.mentions)


# Ukraine's power plants are named with their town's adjective: "the Vuhlehirska power station"
# (Vuhlehirsk), "Trypilska TPP", "thermal plants such as Zmiivska and Trypilska". Only such an
# adjective is let through, so "Kursk power plant" still hides no misspelt town.
_PLANT_ADJECTIVE = re.compile(r"(?i)[a-z\u2019'-]{3,}(?:ska|skaya|zka)$")
_PLANT_AFTER = re.compile(r"(?i)(?:(?:\s*,\s*|\s+(?:and|or)\s+)(?-i:[A-Z])[\w\u2019'-]+){0,3}"  # "the X and Y power plants"
                          r"\s+(?:(?:thermal|hydro(?:electric)?|nuclear|coal-fired|combined\s+heat\s+and)\s+)?"
                          r"(?:power\s+(?:station|plant)s?|(?:thermal|hydroelectric|nuclear)\s+(?:station|plant)s?|"
                          r"TPP|TES|HPP|HES|NPP|AES|CHP|TETs|pumped[-\s]storage)\b")
_PLANTS_BEFORE = re.compile(r"(?i)\b(?:plants|stations|TPPs|HPPs|NPPs|CHPs)\s*,?\s+(?:such\s+as|like|including|among\s+them)\s+"
                            r"(?:(?:the\s+)?(?-i:[A-Z])[\w\u2019'-]+\s*(?:,|and|or)\s*)*(?:the\s+)?$")


def _names_a_power_plant(text: str, group: NameGroup) -> bool:
    if not _PLANT_ADJECTIVE.fullmatch(group.lookup):
        return False
    return any(_PLANT_AFTER.match(text, m.end) or _PLANTS_BEFORE.search(text, max(0, m.start - 120), m.start)
               for m in group.mentions)


# "the Nakhimov monument", "the Tsentralnaya mine", "the Porokhovskoye cemetery", "the Chornobyl
# exclusion zone" (in an article about Crimea, no misspelt Chornopillia): a named site,
# not a settlement. Only nouns that seldom follow a town's own name ("Kursk station", "Avdiivka
# coke plant" do, and would hide a misspelt town).
_FACILITY_AFTER = re.compile(r"\s+(?:monument|memorial|cemetery|graveyard|mine|colliery|square|street|avenue|"
                             r"prospekt|prospect|boulevard|lane|embankment|exclusion\s+zone|"
                             # "the Korabel and Ostriv neighbourhoods" of Kherson: parts of a city
                             r"neighbou?rhoods?|microdistricts?|"
                             # "at the Pogonovo training area", "the Opuk range": a military site
                             r"(?:training|firing|artillery)\s+(?:areas?|grounds?|ranges?)|ranges?|proving\s+grounds?|"
                             # "its Amaq news agency": a name of a newsroom
                             r"news\s+agency)\b", re.IGNORECASE)


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
