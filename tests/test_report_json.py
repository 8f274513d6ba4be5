"""The JSON report: versioned envelope, round-trips, matches the published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_report_fixtures import sample_analysis, skipped_analysis

import unspin
from unspin.model import SCHEMA_VERSION, Analysis
from unspin.report.json_report import render_json

SCHEMA = Path(unspin.__file__).parent / "schema" / "analysis.schema.json"


def test_envelope_and_round_trip():
    report = render_json([sample_analysis(), skipped_analysis()],
                         errors=[("in/a.csv:3", "missing text column")])
    assert report["schema_version"] == SCHEMA_VERSION
    assert report["unspin_version"] == unspin.__version__
    assert report["errors"] == [{"source": "in/a.csv:3", "reason": "missing text column"}]
    data = json.loads(json.dumps(report))  # JSON-serialisable as is
    back = Analysis.from_dict(data["analyses"][0])
    assert [f.kind for f in back.findings] == [f.kind for f in sample_analysis().findings]
    assert back.summary("sources")["attributions"][2]["source"]["refers_to"] == "a2"


def test_validates_against_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    report = json.loads(json.dumps(render_json([sample_analysis(), skipped_analysis()],
                                               errors=[{"source": "x", "reason": "y"}])))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)
