"""Property tests: no input makes a reader or the analysis raise, and every report is valid JSON.

Bounded so ``make test`` stays fast (UNSPIN_FUZZ_EXAMPLES, default 20 per property);
``make fuzz`` runs the same properties for about ten minutes. A crash found either way
becomes a fixture in tests/test_torture.py.
"""

from __future__ import annotations

import json
import os

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is a test dependency (requirements-test.lock)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from unspin.model import Article  # noqa: E402
from unspin.read import ReadError  # noqa: E402
from unspin.read.inputs import read_bytes  # noqa: E402

EXAMPLES = int(os.environ.get("UNSPIN_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="UNSPIN_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Building blocks of hostile text: controls, surrogate-adjacent and bidi characters, markup.
HOSTILE = st.sampled_from(["\x1b[2J", "\u202e", "\ufffe", "\x00", "said ", "that ", "=" * 70, "[/x]", "<div>",
                           "</script>", '"', "\n", "Kramatorks", "since 2014", "for 9 years", "\u0301"])
TEXTS = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=30).map("".join)


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       fmt=st.sampled_from([None, "text", "html", "jsonl", "warc"]))
def test_readers_never_raise(data, fmt):
    for item in read_bytes(data, "fuzz", format=fmt):
        assert isinstance(item, (Article, ReadError))
        if isinstance(item, Article):
            item.text.encode("utf-8")  # always writable


@FUZZ
@given(record=st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXTS,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
                           max_leaves=20),
       text=TEXTS)
def test_jsonl_records_never_raise(record, text):
    line = json.dumps({"id": "r", "text": text or "x", "extra": record}, allow_nan=True).encode("utf-8", "surrogatepass")
    for item in read_bytes(line + b"\n", "fuzz.jsonl", format="jsonl"):
        assert isinstance(item, (Article, ReadError))


@pytest.fixture(scope="module")
def pipeline():
    from unspin.pipeline import Pipeline

    return Pipeline()  # every default analyzer


@FUZZ
@given(text=TEXTS.filter(lambda t: t.strip()))
def test_analysis_never_raises_and_reports_are_valid_json(pipeline, text):
    analysis = pipeline.analyze(Article(text=text, language="en"))
    assert all(run.status == "ran" for run in analysis.runs.values()), {n: r.reason for n, r in analysis.runs.items()}
    payload = json.dumps(analysis.to_dict(), allow_nan=False, ensure_ascii=False)
    payload.encode("utf-8")
    for span in analysis.spans:
        assert 0 <= span.start <= span.end <= len(analysis.article.text)
