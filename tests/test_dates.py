"""Date resolution and impossible-date findings (texts written for these tests)."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer
from unspin.dates.expressions import find_dates


@pytest.fixture(scope="module")
def dates():
    return get_analyzer("dates")


def date_spans(result):
    return {s.text: s.attributes for s in result.spans if s.label == "date"}


def kinds(result):
    return [f.kind for f in result.findings]


def test_month_day_resolves_to_most_recent_not_after_publication(dates, make_context):
    text = "The minister visited the port on December 11 and left the same evening."
    after = date_spans(dates.analyze(make_context(text, "2025-12-12")))["December 11"]
    assert after["resolved"] == "2025-12-11"
    assert after["rule"] == "month-day-most-recent"
    assert after["relative_to"] == "2025-12-12"
    before = date_spans(dates.analyze(make_context(text, "2025-12-10")))["December 11"]
    assert before["resolved"] == "2024-12-11"


def test_month_day_in_future_tense_looks_forward(dates, make_context):
    spans = date_spans(dates.analyze(make_context("The delegations will meet on March 3.", "2025-12-12")))
    assert spans["March 3"]["resolved"] == "2026-03-03"
    assert spans["March 3"]["rule"] == "month-day-upcoming"


@pytest.mark.parametrize("text, expected, granularity", [
    ("The council met on 11 December 2025 in Lviv.", "2025-12-11", "day"),
    ("The order was signed on Dec. 11, 2025.", "2025-12-11", "day"),
    ("The log entry is dated 2025-12-11.", "2025-12-11", "day"),
    ("Sanctions were widened in March 2022.", {"start": "2022-03-01", "end": "2022-03-31"}, "month"),
    ("The regional office opened in 2014.", {"start": "2014-01-01", "end": "2014-12-31"}, "year"),
])
def test_absolute_dates(dates, make_context, text, expected, granularity):
    spans = [s for s in dates.analyze(make_context(text, "2025-12-12")).spans if s.label == "date"]
    assert len(spans) == 1
    assert spans[0].attributes["resolved"] == expected
    assert spans[0].attributes["granularity"] == granularity
    assert "relative_to" not in spans[0].attributes


@pytest.mark.parametrize("phrase, expected, rule", [
    ("yesterday", "2025-12-11", "yesterday"),
    ("last week", {"start": "2025-12-01", "end": "2025-12-07"}, "last-week"),
    ("this week", {"start": "2025-12-08", "end": "2025-12-14"}, "this-week"),
    ("last month", {"start": "2025-11-01", "end": "2025-11-30"}, "last-month"),
    ("two days ago", "2025-12-10", "days-ago"),
    ("earlier this year", {"start": "2025-01-01", "end": "2025-12-11"}, "earlier-this-year"),
    ("on Monday", "2025-12-08", "weekday-most-recent"),
])
def test_relative_dates(dates, make_context, phrase, expected, rule):
    # 2025-12-12 is a Friday.
    result = dates.analyze(make_context(f"The mayor said the depot was hit {phrase}.", "2025-12-12"))
    spans = [s for s in result.spans if s.label == "date"]
    assert len(spans) == 1, spans
    assert spans[0].attributes["resolved"] == expected
    assert spans[0].attributes["rule"] == rule
    assert spans[0].attributes["relative_to"] == "2025-12-12"


def test_days_after_a_resolved_date(dates, make_context):
    text = "The bridge was damaged on 3 March 2022. Two days after March 3, 2022, engineers closed it."
    spans = date_spans(dates.analyze(make_context(text, "2025-12-12")))
    assert spans["Two days after"]["resolved"] == "2022-03-05"
    assert spans["Two days after"]["relative_to"] == "2022-03-03"
    assert spans["Two days after"]["rule"] == "offset-after-date"


def test_days_after_a_clause_is_a_range_before_the_narrative_date(dates, make_context):
    text = ("The commander briefed the president on November 20. "
            "The briefing came days after the militia leader announced the assault.")
    spans = date_spans(dates.analyze(make_context(text, "2025-12-12")))
    days_after = spans["days after"]
    assert days_after["resolved"] == {"start": "2025-11-10", "end": "2025-11-19"}
    assert days_after["relative_to"] == "2025-11-20"
    assert days_after["describes"] == "subordinate-event"


def test_later_is_relative_to_the_previous_date(dates, make_context):
    text = "Talks opened on 14 May 2023. Three days later the delegations walked out."
    spans = date_spans(dates.analyze(make_context(text, "2025-12-12")))
    assert spans["Three days later"]["resolved"] == "2023-05-17"


def test_durations_are_not_dates(make_context, nlp):
    text = "After 2.5 years of fighting and 18 months of talks, the daily shelling goes on."
    mentions = find_dates(text, nlp(text), None)
    assert mentions == []


def test_future_date_told_in_past_tense_is_flagged(dates, make_context):
    result = dates.analyze(make_context("Engineers reopened the bridge on March 3, 2026.", "2025-12-12"))
    flagged = [f for f in result.findings if f.kind == "future-date"]
    assert len(flagged) == 1
    assert flagged[0].severity.value == "high"
    assert flagged[0].details["resolved"] == "2026-03-03"
    assert flagged[0].details["days_after_publication"] == 81


@pytest.mark.parametrize("text", [
    "Engineers will reopen the bridge on March 3, 2026.",
    "The reopening was scheduled for March 3, 2026.",
    "The curfew was extended until March 2026.",
    "Engineers reopened the bridge on March 3, 2025.",
])
def test_future_or_past_dates_not_flagged_when_fine(dates, make_context, text):
    assert "future-date" not in kinds(dates.analyze(make_context(text, "2025-12-12")))


def test_weekday_mismatch(dates, make_context):
    result = dates.analyze(make_context("The envoys met on Monday, December 11, 2025, in Geneva.", "2025-12-12"))
    flagged = [f for f in result.findings if f.kind == "weekday-mismatch"]
    assert len(flagged) == 1
    assert flagged[0].severity.value == "medium"
    assert flagged[0].details["weekday_actual"] == "Thursday"
    assert flagged[0].details["weekday_stated"] == "Monday"


def test_matching_weekday_not_flagged_and_picks_the_year(dates, make_context):
    ok = dates.analyze(make_context("The envoys met on Thursday, December 11, 2025.", "2025-12-12"))
    assert "weekday-mismatch" not in kinds(ok)
    # Without a year the stated weekday chooses it: 15 December is a Monday in 2025.
    upcoming = dates.analyze(make_context("The envoys meet again on Monday, December 15.", "2025-12-12"))
    assert date_spans(upcoming)["Monday, December 15"]["resolved"] == "2025-12-15"
    assert "weekday-mismatch" not in kinds(upcoming)


def test_impossible_calendar_date(dates, make_context):
    result = dates.analyze(make_context("The decree is dated February 30, 2024.", "2025-12-12"))
    assert "invalid-date" in kinds(result)


def test_without_publication_date_only_absolute_dates_resolve(dates, make_context):
    text = "Officials met yesterday and again on December 11. The decree dates from 11 December 2025."
    result = dates.analyze(make_context(text, None))
    spans = date_spans(result)
    assert spans["yesterday"]["resolved"] is None
    assert spans["December 11"]["resolved"] is None
    assert spans["11 December 2025"]["resolved"] == "2025-12-11"
    info = [f for f in result.findings if f.kind == "no-publication-date"]
    assert len(info) == 1 and info[0].severity.value == "info"
    assert result.summary["counts"]["unresolved"] == 2
    assert "no-publication-date" not in kinds(dates.analyze(make_context(text, "2025-12-12")))


def test_summary_lists_resolved_dates(dates, make_context):
    result = dates.analyze(make_context("The port reopened yesterday, years after it closed in 2014.",
                                        "2025-12-12"))
    summary = result.summary
    assert summary["published"] == "2025-12-12"
    assert [d["text"] for d in summary["dates"]] == ["yesterday", "2014"]
    assert summary["counts"]["resolved"] == 2 and summary["counts"]["relative"] == 1


def test_no_publication_date_note_only_when_something_waits_on_it(dates, make_context):
    result = dates.analyze(make_context("The bridge over the river was repaired by volunteers.", None))
    assert "no-publication-date" not in kinds(result)
