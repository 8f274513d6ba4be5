"""Fixtures for the tests of the places and dates checks drawn from the details evaluation
rounds (tests/test_details_round*.py): the two analyzers and their flags on a text."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer


@pytest.fixture(scope="session")
def dates():
    return get_analyzer("dates")


@pytest.fixture(scope="session")
def places():
    return get_analyzer("places")


@pytest.fixture(scope="session")
def duration_flags(dates):
    """The duration-mismatch findings on ``text`` published on ``published`` (ISO date)."""
    def flags(make_context, text, published):
        return [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]
    return flags


@pytest.fixture(scope="session")
def place_flags(places):
    """Name -> finding, for the unknown-place and suspect-place findings on ``text``."""
    def flags(make_context, text):
        return {f.details["name"]: f for f in places.analyze(make_context(text)).findings
                if f.kind in ("unknown-place", "suspect-place")}
    return flags
