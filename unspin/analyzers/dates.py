"""Dates and durations: resolves date expressions and checks time claims.

* Every date expression becomes a ``date`` span with its resolution against
  the publication date (``ctx.options["published"]``).
* Impossible dates are findings: a date after publication told in the past
  tense (``future-date``), a weekday that does not match its date
  (``weekday-mismatch``), a calendar date that does not exist (``invalid-date``).
* Duration and anniversary claims become ``duration`` spans and are checked
  against the reference timeline (``duration-mismatch``).

Config: ``timeline_paths`` — user timeline files (same format as
``unspin/data/timeline.tsv``) that extend or override the reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.dates.duration_claims import (CONFLICT_CUES, DurationClaim, find_duration_claims, ordinal_word,
                                          personal_span)
from unspin.dates.durations import DurationCheck, amount, check_claim, explain, past_bound, severity_of
from unspin.dates.ago_links import (ago_date_link, ago_link, border_crossing_link, event_anaphor_link,
                                    first_shells_link, heading_date_link, since_place_noun_link)
from unspin.dates.event_links import (
    DAY_AND_MONTH,
    Link,
    anniversary_date_link,
    battle_for_the_town_link,
    before_link,
    counts_from_end,
    date_link,
    definite_battle_link,
    donbas_war_link,
    event_phrase,
    fighting_in_ukraine_link,
    generic_war_reading,
    free_since_link,
    held_for,
    held_now_link,
    holds_now,
    held_place_link,
    held_since_link,
    is_generic,
    later_date_link,
    link_claim,
    occupation_span_link,
    occupied_place_link,
    on_anniversary_day,
    since_event_link,
    since_then_link,
    sole_event_link,
    starting_date_link,
    tells_of_freedom,
    tells_of_holding,
    tells_of_war_conditions,
    unless_second_world_war,
    with_donbas_war,
    war_conditions_link,
    words_link,
    year_of_earlier_date,
)
from unspin.dates.expressions import WEEKDAYS, DateMention, find_dates
from unspin.dates.occupation_bounds import occupation_bound, places_in, taking_bound
from unspin.dates.tense import after_governor, attachment, span_tense, speech_heads, verb_tense
from unspin.dates.event_anchors import told_event_link
from unspin.dates.custody_links import custody_link
from unspin.dates.independence_links import counts_from_independence, independence_link
from unspin.dates.stay_links import check_stay, stay_link
from unspin.dates.table_claims import table_claims, table_reference
from unspin.dates.timeline import EventMention, Timeline, find_event_mentions, load_timeline
from unspin.model import AnalyzerResult, Finding, Severity, Span

# Verbs whose past tense sets or announces a date rather than reporting it as done.
PROSPECTIVE_VERBS = {"schedule", "plan", "set", "slate", "expect", "postpone", "delay", "move", "reschedule",
                     "push", "announce", "promise", "pledge", "extend", "call", "agree", "propose", "fix",
                     "book", "target", "aim", "vow", "threaten", "warn", "predict", "forecast", "estimate",
                     "project", "order", "say", "tell", "decide", "due", "intend", "hope", "want", "prepare"}
FUTURE_GRACE_DAYS = 1
# A date after these words is where a span starts ("since 2014"), not when the claim is made.
_STARTING_POINT = re.compile(r"(?i)\b(?:since|from|after|before|until|till)\s+(?:the\s+)?$")
# Prepositions that introduce deadlines and spans ("extended until March 2026").
DEADLINE_PREPOSITIONS = {"until", "till", "by", "through", "before", "to", "from", "for", "within", "beyond",
                         "after", "toward", "towards", "ahead"}


def _published(ctx: Context) -> date | None:
    value = ctx.options.get("published", ctx.article.published)
    if isinstance(value, str):
        return date.fromisoformat(value)
    if value is not None and value == ctx.article.published and \
            ctx.article.metadata.get("published_precision") in ("month", "year"):
        # "2025-10" is not 1 October: relative dates cannot be resolved against it
        return None
    return value


@register("dates")
class DatesAnalyzer(Analyzer):
    languages = frozenset({"en", "ru", "uk"})

    def __init__(self, timeline_paths: Sequence[str] = (), **_config: Any) -> None:
        self.timeline_paths = tuple(str(p) for p in timeline_paths)
        # Loaded now so a malformed user file fails at start-up, naming file and line.
        self.timeline: Timeline = load_timeline(self.timeline_paths)

    def analyze(self, ctx: Context) -> AnalyzerResult:
        if ctx.language in ("ru", "uk"):
            return self._analyze_slavic(ctx)
        text, doc, published = ctx.article.text, ctx.doc, _published(ctx)
        mentions = find_dates(text, doc, published)
        spans = [Span.of(text, m.start, m.end, "date", **m.attributes()) for m in mentions]
        span_of = {id(m): s for m, s in zip(mentions, spans)}
        findings: list[Finding] = []
        for m in mentions:
            findings.extend(self._date_findings(ctx, m, span_of[id(m)], published))

        checks = self._duration_checks(ctx, mentions, published)
        for check in checks:
            span = Span.of(text, check.claim.start, check.claim.end, "duration", **_duration_attributes(check))
            spans.append(span)
            if check.status == "mismatch":
                findings.append(_mismatch_finding(check, span))

        unresolved = [m for m in mentions if m.rule == "unresolved-no-publication-date"]
        unchecked = [c for c in checks if c.status == "unchecked" and c.link is not None]
        if published is None and (unresolved or unchecked):  # nothing to say when nothing waits on it
            findings.append(Finding(
                "no-publication-date", Severity.INFO,
                f"The article has no publication date, so {len(unresolved)} relative date expression(s) "
                f"could not be resolved and {len(unchecked)} elapsed-time claim(s) were not checked; "
                "pass --published to resolve them.",
                [span_of[id(m)] for m in unresolved][:10], 1.0,
                details={"unresolved": [m.text for m in unresolved],
                         "unchecked_claims": [c.claim.text for c in unchecked]}))

        spans.sort(key=lambda s: (s.start, s.end))
        return AnalyzerResult(spans, findings, _summary(published, mentions, checks, findings, self))

    def _analyze_slavic(self, ctx: Context) -> AnalyzerResult:
        """Russian and Ukrainian: date expressions, impossible dates, weekdays that do not match,
        and dates after publication told in the past tense (duration claims: English only)."""
        from unspin.dates.slavic import find_dates_slavic, tense_near

        text, published = ctx.article.text, _published(ctx)
        mentions = find_dates_slavic(text, published, ctx.language)
        spans = [Span.of(text, m.start, m.end, "date", **m.attributes()) for m in mentions]
        findings: list[Finding] = []
        for m, span in zip(mentions, spans):
            findings.extend(_calendar_findings(m, span))
            if (published is not None and m.start_date is not None and m.granularity == "day"
                    and (m.start_date - published).days > FUTURE_GRACE_DAYS and m.anchor_text is None
                    and m.rule == "explicit" and tense_near(text, m.start, m.end, ctx.language) == "past"):
                findings.append(Finding(
                    "future-date", Severity.HIGH,
                    f"\u201c{m.text}\u201d ({m.start_date.isoformat()}) is after the publication date "
                    f"{published.isoformat()}, yet the sentence tells it in the past tense.",
                    [span], 0.6, details={"resolved": m.resolved_value(), "published": published.isoformat(),
                                          "tense": "past", "days_after_publication": (m.start_date - published).days}))
        return AnalyzerResult(spans, findings, _summary(published, mentions, [], findings, self))

    # --- impossible dates ---------------------------------------------------------------

    def _date_findings(self, ctx: Context, m: DateMention, span: Span, published: date | None) -> list[Finding]:
        found = _calendar_findings(m, span)
        if m.invalid:
            return found
        # One day of grace: a late-evening story carries the next day's date in other time zones.
        if (published is not None and m.start_date is not None
                and (m.start_date - published).days > FUTURE_GRACE_DAYS
                and m.describes == "main-clause" and m.anchor_text is None):
            link = attachment(ctx.doc, m.start, m.end)
            if (link.direct and link.verb is not None and link.tense in ("past", "perfect")
                    and link.verb.lemma_.lower() not in PROSPECTIVE_VERBS
                    and (link.preposition or "") not in DEADLINE_PREPOSITIONS):
                found.append(Finding(
                    "future-date", Severity.HIGH,
                    f"\u201c{m.text}\u201d ({m.resolved_value() if m.granularity == 'day' else m.start_date.isoformat()}"
                    f") is after the publication date {published.isoformat()}, yet \u201c{link.verb.text}\u201d "
                    "tells it as already past.",
                    [span], 0.8 if m.explicit_year else 0.6,
                    details={"resolved": m.resolved_value(), "published": published.isoformat(),
                             "verb": link.verb.text, "tense": link.tense,
                             "days_after_publication": (m.start_date - published).days}))
        return found

    # --- duration claims ----------------------------------------------------------------

    def _duration_checks(self, ctx: Context, mentions: list[DateMention],
                         published: date | None) -> list[DurationCheck]:
        text, doc = ctx.article.text, ctx.doc
        event_mentions = find_event_mentions(text, self.timeline)
        checks = []
        claims = find_duration_claims(text)
        located = ctx.results.get("places")  # (when the places analyzer ran first)
        places = places_in(located.spans) if located is not None else []
        for claim in claims:
            if any(e.start <= claim.start and claim.end <= e.end for e in event_mentions):
                continue  # "the five-day war" of 2008: the name of an event, no claim about it
            sentence = _sentence(doc, text, claim.start)
            stay = stay_link(claim, text, sentence, mentions) if published is not None else None
            if stay is not None:  # "left Kupiansk in March 2022. They spent 30 months in Poland"
                checks.append(check_stay(claim, stay, published))
                continue
            custody = custody_link(claim, text, sentence, mentions) if published is not None else None
            if custody is not None:  # "was detained in June 2017 ... He spent nearly four years in custody"
                check = check_stay(claim, custody, published)
                # a past span within its bound may still be one the timeline knows ("captured in
                # March 2022 and held for eight months"): the links below judge it then
                if custody.perfect or check.status == "mismatch" or claim.stay:
                    checks.append(check)
                    continue
            starting = (starting_date_link(claim, sentence, mentions, text)
                        or since_then_link(claim, text, sentence, mentions))
            if claim.stay and starting is None:
                continue  # "spent ten years in Mariupol": a person's life, with no start the text dates
            # (but "has not played there since May 2014 and has now spent seven years in exile")
            since_event = None if starting is not None else since_event_link(claim, text, self.timeline, sentence)
            if since_event is not None:
                claim.kind, claim.preposition = "since", "since"  # "for nine years, since <event>"
                starting = since_event
            conditions_only = False
            if (claim.needs_conflict_cue and starting is None
                    and not CONFLICT_CUES.search(text[sentence[0]:sentence[1]])
                    and not tells_of_holding(text, sentence) and not held_for(claim, text, sentence)
                    and not holds_now(text, sentence) and not tells_of_freedom(claim, text, sentence)):
                if not (tells_of_war_conditions(text, sentence)
                        and span_tense(doc, claim.start, claim.end) in ("present", "perfect")):
                    continue  # "for 18 months" in a sentence about something other than fighting
                conditions_only = True  # "has been on the front line for seven years": only the war's start
            if personal_span(claim, text, sentence) and not (starting is not None and starting.how == "date in sentence"):
                # "he worked at Azovstal for eleven years and then defended it" (but "Since August 6,
                # residents have lived for three weeks without power" counts from its own date)
                continue
            if claim.preposition == "ago":  # "Debaltseve, which fell six years ago": until publication
                link = (ago_date_link(claim, text, mentions) or independence_link(claim, text, sentence, self.timeline)
                        or ago_link(claim, text, sentence, event_mentions, self.timeline)
                        or event_anaphor_link(claim, text, event_mentions)
                        or first_shells_link(claim, text, event_mentions, self.timeline)
                        or sole_event_link(claim, text, sentence, _not_named_by_others(claim, claims, event_mentions))
                        or words_link(claim, text, sentence, self.timeline)
                        or _unless_told_for_another(
                            told_event_link(claim, text, sentence, self.timeline, event_mentions), claim, claims)
                        or heading_date_link(claim, text, mentions, published))
                link = unless_second_world_war(link, claim, text, sentence)
                bound = taking_bound(claim, text, sentence, places, published) if link is None else None
                checks.append(bound or check_claim(claim, link, published, "publication date"))
                continue
            if claim.preposition == "before":  # "in February 2015, five years before the invasion"
                found = before_link(claim, text, sentence, mentions, event_mentions)
                checks.append(check_claim(claim, found[0], found[1], found[2]) if found is not None
                              else check_claim(claim, None, published, "publication date"))
                continue
            claim.from_end = claim.kind in ("since", "anniversary") and counts_from_end(claim, text)
            if claim.preposition in ("later", "on"):
                # "Eight years later she fled again, after a missile struck the station": an event
                # of this sentence ends the count; only the sentence before can start it
                link = (later_date_link(claim, sentence, mentions, text)
                        or words_link(claim, text, sentence, self.timeline))
            elif conditions_only:
                link = war_conditions_link(claim, text, sentence, event_mentions, self.timeline)
            else:
                link = independence_link(claim, text, sentence, self.timeline)
                if link is None and starting is None and counts_from_independence(claim, text):
                    continue  # "India marks 75 years of independence": no country the timeline has
                link = (link or fighting_in_ukraine_link(claim, text, sentence, self.timeline)
                        or occupied_place_link(claim, text, sentence, self.timeline)
                        or held_place_link(claim, text, sentence, self.timeline)
                        or held_now_link(claim, text, sentence, self.timeline)
                        or free_since_link(claim, text, sentence, self.timeline)
                        or battle_for_the_town_link(claim, text, sentence, self.timeline)
                        or link_claim(claim, text, self.timeline, sentence, event_mentions)
                        or definite_battle_link(claim, text, sentence, self.timeline)
                        or event_anaphor_link(claim, text, event_mentions)
                        or since_place_noun_link(claim, text, self.timeline)
                        or border_crossing_link(claim, text, event_mentions)
                        or occupation_span_link(claim, text, sentence, self.timeline))
                if link is None and claim.kind == "anniversary":
                    link = anniversary_date_link(claim, text, sentence, mentions, published)
                if link is None:
                    link = (sole_event_link(claim, text, sentence, _not_named_by_others(claim, claims, event_mentions))
                            or held_since_link(claim, text, sentence, event_mentions)
                            or (span_tense(doc, claim.start, claim.end) in ("present", "perfect")
                                and (donbas_war_link(claim, text, sentence, self.timeline)
                                     or war_conditions_link(claim, text, sentence, event_mentions, self.timeline)))
                            or words_link(claim, text, sentence, self.timeline)
                            or _unless_told_for_another(
                                told_event_link(claim, text, sentence, self.timeline, event_mentions), claim, claims))
            link = unless_second_world_war(link, claim, text, sentence)
            if link is None and starting is None and not conditions_only:
                # "Tokmak, under Russian occupation for 30 months": no row for the town and no start
                # in the text, but its oblast bounds the time (``occupation_bounds``)
                bound = occupation_bound(claim, text, sentence, places, published)
                if bound is not None:
                    checks.append(bound)
                    continue
            if (link is not None and claim.kind == "span" and claim.unit in ("day", "week") and is_generic(link.mention)
                    and re.search(r"-(?:day|week)\b", claim.text)):
                continue  # "the five-day conflict" of 2008: a short war's name, not the war in Ukraine
            if link is not None and link.how in ("claim phrase", "war noun in claim"):
                _widen_to_subject(claim, link.mention.start, link.mention.end, text)
            if starting is not None and (link is None or link.how != "claim phrase" or is_generic(link.mention)
                                         or not _any_event_near(link, starting)
                                         # "three days after the Minsk ceasefire was supposed to take
                                         # effect on 15 February 2015": for a count of days, the day
                                         # the text gives (not the treaty's signing three days before)
                                         or (claim.unit in ("day", "week") and len(starting.events) == 1)):
                # "for nine years, since February 2022": the text names its own start; so does
                # "three decades since a brief war in 1992", where "war" alone names no event, and
                # "after X was liberated in the counteroffensive of September 2022", which is not
                # the counteroffensive of 2023 the keyword alone would name
                link = starting
            elif starting is not None and len(link.events) > 1:
                # "liberated in the counteroffensive of September 2022": of the events a keyword
                # names (three counteroffensives), the ones the text's own date fits
                link = Link(link.mention, _events_near(link, starting), link.how)
            link = with_donbas_war(generic_war_reading(link, text, event_mentions), claim, self.timeline, published)
            reference, source = self._reference(ctx, claim, sentence, mentions, event_mentions, published, link)
            if source == "hypothetical or future" and claim.kind == "anniversary" and link is not None \
                    and published is not None:
                # "will hold a service tonight for the 40th anniversary": the count names an
                # anniversary in the coming year (today's, when the sentence says today)
                check = check_claim(claim, link, *_future_anniversary_reference(text[sentence[0]:sentence[1]],
                                                                                published))
            elif source == "hypothetical or future":  # "should not have lasted one week"
                check = DurationCheck(claim, link, None, source,
                                      reason="a hypothetical or future statement, not a claim of fact")
            else:
                check = check_claim(claim, link, reference, source)
            if source == "past narrative" and link is not None and claim.unit not in ("day", "week") \
                    and on_anniversary_day(link, published, claim.kind):
                # (not a count of days: "two days after a referendum", in a piece published on the
                # treaty's anniversary, tells of the treaty's week, not of today)
                # "gathered ... two years after the airstrike of 16 March 2022", published on 16 March
                check = check_claim(claim, link, published, "publication date (the event's anniversary day)")
            if source == "past narrative" and published is not None and link is not None:
                check = past_bound(check, claim, link, published)
            checks.append(check)
        # "Izium | liberated | 10 Sep 2022 | 2 years 1 month": the cells of elapsed-time tables
        reference = table_reference(text, published, mentions)
        for row in table_claims(text, mentions):
            checks.append(check_claim(row.claim, date_link(row.start), reference,
                                      "publication date" if reference == published else "the table's date"))
        return checks

    @staticmethod
    def _reference(ctx: Context, claim: DurationClaim, sentence: tuple[int, int], mentions: list[DateMention],
                   event_mentions: list[EventMention], published: date | None,
                   link: Link | None = None) -> tuple[Any, str]:
        """The date a claim is measured to: an explicit date in its sentence, else publication."""
        if not (claim.kind == "since" and claim.preposition == "since"):  # "N years since X" means until now
            text = ctx.article.text
            if claim.preposition == "after":
                # "which Putin opened in 2018, four years after Moscow annexed the peninsula": the
                # date the claim stands in apposition to is its moment
                for m in mentions:
                    if m.start_date is not None and m.explicit_year and not m.is_relative and \
                            m.end <= claim.start <= m.end + 40 and _APPOSED.fullmatch(text, m.end, claim.start):
                        return (m.start_date, m.end_date or m.start_date), f"date in the same sentence (\u201c{m.text}\u201d)"
            topic = event_phrase(text, claim.topic) if claim.kind == "since" else None
            in_sentence = [m for m in mentions if sentence[0] <= m.start < sentence[1] and m.end_date
                           and not (claim.start <= m.start < claim.end)
                           # "a year ago", "last year": counted back from publication, and coarser
                           and not (m.is_relative and m.granularity in ("year", "range"))
                           # the linked event's own date ("... the strike, which killed 22 people on
                           # 27 June 2022"; "the famine of 1932-33") dates the event, not the claim
                           and not (link is not None and m.start_date is not None
                                    and any(_dates_event(m, e.start) for e in link.events))
                           # "three years after Kupiansk's liberation in September 2022": the event's date
                           and not (topic and topic[0] <= m.start < topic[1])
                           and not _STARTING_POINT.search(text[max(0, m.start - 16):m.start])
                           # "comes more than a year into the invasion and a year after the
                           # prosecutor opened an investigation in early March 2022": a date
                           # after a later "after" or "since" dates that clause, not the claim
                           and not (m.start >= claim.end and _LATER_CLAUSE.search(text, claim.end, m.start))
                           # ("Nine months later, in January 2025, Kurakhove also fell": the
                           # date of what happened later is the moment a "later" counts to)
                           and not (claim.preposition != "later"
                                    and any(0 <= e.start - m.end <= 2 for e in event_mentions))]
            after = claim.kind == "since" and claim.preposition == "after"
            claim_verb = (after_governor(ctx.doc, claim.start, claim.end) if after else
                          attachment(ctx.doc, claim.start, claim.end).verb) if ctx.doc is not None else None
            if claim_verb is not None and (after or claim_verb.dep_ in ("relcl", "acl")):
                # "seized X a week after Y, officials said on Monday", or a claim inside a relative
                # clause: a date on another verb dates the telling, not the claim
                allowed = {claim_verb}
                if verb_tense(claim_verb) in ("present", "perfect"):
                    allowed.update(speech_heads(claim_verb))  # "... are clearing mines, officials said on Thursday"
                in_sentence = [m for m in in_sentence
                               if attachment(ctx.doc, m.start, m.end).verb in (None, *allowed)]
            elif claim.kind == "span" and claim_verb is not None and verb_tense(claim_verb) == "perfect":
                # "Nova Kakhovka has been occupied for almost two years, and was flooded when the dam
                # burst six months ago": a span in the present perfect runs until now; a date on
                # another verb dates that verb's clause
                in_sentence = [m for m in in_sentence
                               if attachment(ctx.doc, m.start, m.end).verb in (None, claim_verb)]
            if in_sentence:
                chosen = in_sentence[-1]
                dated = year_of_earlier_date(chosen, mentions, sentence)
                if dated is not None:
                    return dated, f"date in the same sentence (\u201c{chosen.text}\u201d, in the year of an earlier date)"
                return (_yearless_range(chosen, published) or (chosen.start_date, chosen.end_date),
                        f"date in the same sentence (\u201c{chosen.text}\u201d)")
            tense = span_tense(ctx.doc, claim.start, claim.end)
            if after:
                # "Three months after the siege was lifted, the city is still clearing rubble": the
                # claim dates the clause it modifies, not the one inside it ("was lifted")
                tense = verb_tense(claim_verb) if claim_verb is not None else tense
                if tense not in ("present", "perfect"):
                    # "seized a week after Sievierodonetsk": the time between two events, not until now
                    return None, "past narrative"
            if tense == "past":
                return None, "past narrative"
            if tense in ("modal", "future") and not (claim.kind == "ordinal" and claim.text.lower().startswith("now ")):
                # ("Shelling could be heard, as the war, now in its fourth year, ...": "now" tells the
                # ordinal of today whatever the verb it hangs on)
                return None, "hypothetical or future"
        return published, "publication date"



_LATER_CLAUSE = re.compile(r"(?i)\b(?:after|since)\b")


#: How far a date the text gives may lie from a linked event and still be that event's date.
EVENT_DATE_SLACK = timedelta(days=62)


def _events_near(link: Link, starting: Link) -> tuple:
    """The linked events that run near the date the text gives for them."""
    first = min(e.start for e in starting.events)
    last = max(e.start for e in starting.events)
    return tuple(e for e in link.events
                 if e.start - EVENT_DATE_SLACK <= last and first <= (e.end or e.start) + EVENT_DATE_SLACK)


def _any_event_near(link: Link, starting: Link) -> bool:
    """Whether one of the linked events runs near the date the text gives for it."""
    return bool(_events_near(link, starting))


def _dates_event(mention: DateMention, start: date) -> bool:
    """The mention is the event's own date: it overlaps the event's first days (3) or the year
    before them ("the famine of 1932-33" for a row dated 1933: the row keeps the day the
    anniversaries count from)."""
    assert mention.start_date is not None
    return (mention.start_date <= start + timedelta(days=3)
            and (mention.end_date or mention.start_date) >= start - timedelta(days=366))




#: between a date and an "after" claim in apposition to it: ", " or ", a verdict delivered "
_APPOSED = re.compile(r",\s*(?:(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+){0,2}\s+)?")


def _yearless_range(mention: DateMention, published: date | None) -> tuple[date, date] | None:
    """"On 24 August" in an article of 21 August: read as the past 24 August, but the coming
    one is as likely (a programme, an announcement); the claim is measured to both and fits
    if it fits either. None for dates that carry their year or are not near publication."""
    day = mention.start_date
    if published is None or day is None or mention.end_date not in (None, day) \
            or not DAY_AND_MONTH.fullmatch(mention.text.strip()) or day >= published:
        return None
    try:
        coming = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None
    return (day, coming) if (coming - published).days <= 183 else None


def _calendar_findings(m: DateMention, span: Span) -> list[Finding]:
    """A date that does not exist, and a stated weekday that is not the date's (any language)."""
    found: list[Finding] = []
    if m.invalid:
        found.append(Finding("invalid-date", Severity.MEDIUM,
                             f"\u201c{m.text}\u201d is not a calendar date: {m.invalid}.", [span], 0.9,
                             details={"reason": m.invalid}))
        return found
    if m.weekday and m.start_date and m.granularity == "day":
        actual = WEEKDAYS[m.start_date.weekday()]
        if actual != m.weekday:
            year_note = "" if m.explicit_year else " (year inferred from the publication date)"
            # With an inferred year the mismatch may be the inference's fault: say so, softly.
            found.append(Finding(
                "weekday-mismatch", Severity.MEDIUM if m.explicit_year else Severity.LOW,
                f"\u201c{m.text}\u201d: {m.start_date.isoformat()} was a {actual}, not a {m.weekday}{year_note}.",
                [span], 0.9 if m.explicit_year else 0.6,
                details={"date": m.start_date.isoformat(), "weekday_stated": m.weekday,
                         "weekday_actual": actual, "year_explicit": m.explicit_year}))
    return found


_TODAY = re.compile(r"(?i)\b(?:today|tonight|this\s+(?:morning|afternoon|evening|week|weekend))\b")
_NEXT_YEAR = re.compile(r"(?i)\bnext\s+year\b")


def _future_anniversary_reference(sentence: str, published: date) -> tuple[Any, str]:
    """The dates a future anniversary claim may fall on: publication day when the sentence
    says "today" or "tonight", else the year ahead (the year after, for "next year")."""
    if _TODAY.search(sentence):
        return published, "publication date (a commemoration the text sets for today)"
    ahead = 1 if _NEXT_YEAR.search(sentence) else 0
    return ((published + timedelta(days=round(365.25 * ahead)), published + timedelta(days=round(365.25 * (ahead + 1)))),
            "the year after publication (an anniversary still to come)")


def _sentence(doc: Any, text: str, offset: int) -> tuple[int, int]:
    bounds = None
    if doc is not None:
        for sent in doc.sents:
            if sent.start_char <= offset < sent.end_char:
                bounds = sent.start_char, sent.end_char
                break
    if bounds is None:
        starts = [m.end() for m in re.finditer(r"[.!?]\s+", text[:offset])]
        end = re.search(r"[.!?](\s|$)", text[offset:])
        bounds = (starts[-1] if starts else 0), (offset + end.end() if end else len(text))
    return _within_block(text, bounds, offset)


#: A blank line: always the end of a sentence (a heading with no full stop, "PROTECTION UPDATE,
#: 1-14 OCTOBER 2024", is not part of the paragraph after it). The items of one list are left
#: as the tagger joins them: an item often names what the next one is about. (Cutting after an
#: item that ends with a full stop was tried in the sixteenth session: it lost three right flags
#: whose event or date the item before gave, for one false flag removed.)
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def _within_block(text: str, bounds: tuple[int, int], offset: int) -> tuple[int, int]:
    """``bounds`` cut at the block breaks around ``offset`` (the tagger's sentences can run on
    across a heading or from one list item into the next)."""
    start, end = bounds
    for found in _BLOCK_BREAK.finditer(text, start, end):
        if found.end() <= offset:
            start = found.end()
        elif found.start() >= offset:
            end = found.start()
            break
    return start, end


def _widen_to_subject(claim: DurationClaim, start: int, end: int, text: str) -> None:
    """Make "enters its third year" read "the war enters its third year" when the event names its subject."""
    if end <= claim.start and claim.start - end <= 40:
        head = text.rfind("the ", max(0, start - 4), start)
        claim.start = head if head != -1 and head + 4 == start else start
    elif start >= claim.end and start - claim.end <= 40 and claim.kind in ("since", "anniversary", "ordinal"):
        claim.end = end
    claim.text = text[claim.start:claim.end]


def _duration_attributes(check: DurationCheck) -> dict[str, Any]:
    claim = check.claim
    attributes: dict[str, Any] = {key: value for key, value in claim.describe().items() if key != "text"}
    attributes["claim_kind"] = attributes.pop("kind")
    attributes["status"] = check.status
    attributes["event"] = check.event.id if check.event else None
    if check.link:
        attributes["link"] = check.link.how
    if check.reason:
        attributes["reason"] = check.reason
    return attributes


def _mismatch_finding(check: DurationCheck, span: Span) -> Finding:
    assert check.primary is not None and check.link is not None
    measure, verdict = check.primary
    event = measure.event
    details: dict[str, Any] = {
        "claim": check.claim.describe(),
        "event": {**event.to_dict(), "note": event.note},
        "link": {"how": check.link.how, "keyword": check.link.mention.keyword,
                 "start": check.link.mention.start, "end": check.link.mention.end},
        "reference_date": measure.reference.isoformat(),
        "reference_source": check.reference_source,
        "computed": measure.to_dict(),
        "compared_with": verdict.basis,
        "difference": amount(verdict.difference_days),
        "tolerance_days": round(verdict.tolerance_days, 1),
    }
    if check.claim.kind in ("ordinal", "anniversary") and verdict.ordinal_current is not None:
        key = "current_ordinal" if check.claim.kind == "ordinal" else "last_anniversary"
        details[key] = {"unit": check.claim.unit, "value": verdict.ordinal_current,
                        "word": ordinal_word(verdict.ordinal_current)}
    details["alternatives"] = [
        {"event": m.event.to_dict(), "computed": m.to_dict(), "compared_with": v.basis,
         "difference": amount(v.difference_days),
         **({"current_ordinal": v.ordinal_current} if v.ordinal_current is not None else {})}
        for m, v in check.measures[1:]]
    severity = Severity.HIGH if severity_of(check) == "high" else Severity.MEDIUM
    evidence = [span]
    return Finding("duration-mismatch", severity, explain(check), evidence,
                   check.link.confidence, details=details)


#: How close after an event told in a sentence another claim must stand to be that event's own.
TOLD_FOR_ANOTHER_CHARS = 40


def _unless_told_for_another(link: Link | None, claim: DurationClaim, claims: list[DurationClaim]) -> Link | None:
    """``link`` unless another claim of the sentence stands right after its event ("The Nord
    Stream pipelines, blown up three years ago, ..., halted since Russia cut off supplies more
    than two and a half years ago": the pipelines are the first claim's event, not the second's)."""
    if link is None:
        return None
    end = link.mention.end
    # (only an "ago" dates the event itself: in "his plane came down two months later, five years
    # ago" the "later" counts from another event, and the crash is the "ago" claim's)
    if any(c is not claim and c.preposition == "ago" and 0 <= c.start - end <= TOLD_FOR_ANOTHER_CHARS
           and c.start < claim.start for c in claims):
        return None
    return link


def _not_named_by_others(claim: DurationClaim, claims: list[DurationClaim],
                         mentions: list[EventMention]) -> list[EventMention]:
    """``mentions`` without the events another claim names as its own ("two and a half years
    after the full-scale invasion began, before the order to withdraw came exactly one year ago":
    the invasion is the first claim's; the second is not about it just because the sentence
    names nothing else)."""
    owned = [c.topic[0] for c in claims if c is not claim and c.topic is not None]
    return [m for m in mentions if not any(start <= m.start <= start + 4 for start in owned)]


def _summary(published: date | None, mentions: list[DateMention], checks: list[DurationCheck],
             findings: list[Finding], analyzer: DatesAnalyzer) -> dict[str, Any]:
    resolved = [m for m in mentions if m.resolved]
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    return {
        "published": published.isoformat() if published else None,
        "dates": [{"text": m.text, "start": m.start, "end": m.end, **m.attributes()} for m in resolved],
        "unresolved": [{"text": m.text, "start": m.start, "end": m.end, "rule": m.rule} for m in mentions
                       if not m.resolved],
        "durations": [_duration_summary(c) for c in checks],
        "counts": {
            "dates": len(mentions),
            "resolved": len(resolved),
            "relative": sum(1 for m in resolved if m.relative_to is not None),
            "unresolved": len(mentions) - len(resolved),
            "duration_claims": len(checks),
            "duration_ok": sum(1 for c in checks if c.status == "ok"),
            "duration_mismatch": sum(1 for c in checks if c.status == "mismatch"),
            "duration_unchecked": sum(1 for c in checks if c.status == "unchecked"),
            "findings": kinds,
        },
        "timeline": {"events": len(analyzer.timeline.events), "user_files": list(analyzer.timeline_paths)},
    }


def _duration_summary(check: DurationCheck) -> dict[str, Any]:
    out: dict[str, Any] = {"text": check.claim.text, "start": check.claim.start, "end": check.claim.end,
                           "claimed": check.claim.describe(), "status": check.status,
                           "event": check.event.id if check.event else None}
    if check.reason:
        out["reason"] = check.reason
    if check.primary is not None:
        measure, verdict = check.primary
        out["checked_against"] = measure.event.id
        out["compared_with"] = verdict.basis
        out["computed"] = measure.to_dict()
    return out
