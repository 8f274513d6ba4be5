"""The dates analyzer on the shared example article (skipped when shared data is absent)."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer

pytestmark = pytest.mark.shared


def test_shared_example_flags_both_duration_claims(shared_data, make_context):
    path = shared_data / "examples" / "farm-rewrite-siversk.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    result = get_analyzer("dates").analyze(make_context(path.read_text(encoding="utf-8"), "2025-12-12"))
    dates = {s.text: s.attributes for s in result.spans if s.label == "date"}
    assert dates["December 11"]["resolved"] == "2025-12-11"
    mismatches = {f.details["event"]["id"]: f for f in result.findings if f.kind == "duration-mismatch"}
    assert set(mismatches) == {"battle-of-bakhmut", "full-scale-invasion"}
    bakhmut = mismatches["battle-of-bakhmut"].details
    assert bakhmut["claim"]["claimed_years"] == 2.5
    assert bakhmut["computed"]["event_length"]["years"] == pytest.approx(0.8, abs=0.01)
    assert bakhmut["computed"]["since_end"]["years"] == pytest.approx(2.57, abs=0.01)
    war = mismatches["full-scale-invasion"].details
    assert war["current_ordinal"]["value"] == 4
    assert war["alternatives"][0]["current_ordinal"] == 12
    assert all(f.severity.value == "high" for f in mismatches.values())
    assert not [f for f in result.findings if f.kind in ("future-date", "weekday-mismatch")]
