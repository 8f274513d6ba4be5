"""The Claims section of the text and HTML reports."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from rich.console import Console

from unspin.analyzers.claims import ClaimsAnalyzer
from unspin.model import Article
from unspin.pipeline import Pipeline
from unspin.report.common import other_summaries
from unspin.report.tables import claim_rows, claims_overview
from unspin.report.html import render_html
from unspin.report.json_report import render_json
from unspin.report.text import render_text

TEXT = ("Russian troops captured the town of Kupiansk on December 3, a source in the defence ministry said. "
        "The weather was cold. "
        "At least 40 <script>alert(1)</script> civilians were killed, according to Mayor Ihor Terekhov.")


class FakeModel:
    name = "fake"
    threshold = 0.5

    def scores(self, sentences):
        return [0.9 if "Kupiansk" in s else 0.7 if any(c.isdigit() for c in s) else 0.1 for s in sentences]


@pytest.fixture(scope="module")
def analysis():
    pipeline = Pipeline(["places", "dates", "sources", ClaimsAnalyzer(model=FakeModel())])
    return pipeline.analyze(Article(text=TEXT, title="Test article"), published=date(2025, 12, 12))


def test_claim_rows_are_ranked_with_structure(analysis):
    rows = claim_rows(analysis)
    assert [r.rank for r in rows] == [1, 2]
    first = rows[0]
    assert "Kupiansk" in first.text and first.score == 0.9 and first.event == "capture"
    assert "Kupiansk" in first.where and first.when == "December 3 = 2025-12-03"
    assert first.unnamed_only and first.attribution.startswith(("unnamed", "anonymous"))
    assert "Ihor Terekhov" in rows[1].attribution and not rows[1].unnamed_only
    overview = claims_overview(analysis)
    assert overview.startswith("2 check-worthy of 3 sentences") and "1 rests only on unnamed" in overview
    assert "claims" not in [name for name, _ in other_summaries(analysis)]


def test_text_report_has_a_ranked_claims_section(analysis):
    out = io.StringIO()
    render_text([analysis], Console(file=out, width=120, color_system=None))
    text = out.getvalue()
    claims = text[text.index("Claims"):text.index("Findings")]
    assert claims.index("#1") < claims.index("#2")
    assert "capture" in claims and "unnamed sources only" in claims
    assert "when: December 3 = 2025-12-03" in claims
    assert "<script>alert(1)</script>" in claims  # printed as written, not interpreted


def test_html_report_claims_table_is_escaped_and_not_highlighted(analysis):
    page = render_html([analysis])
    section = page[page.index("<h3>Claims</h3>"):]
    section = section[:section.index("</table>")]
    assert section.count('<tr class="claim') == 2
    assert "unnamed sources only" in section and 'class="claim unnamed-only"' in section
    assert "<script>alert" not in page.split('<script type="application/json"')[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "ann-claim" not in page and "ann-other" not in page  # claim spans are listed, not underlined
    legend = page[page.index('<div class="legend">'):]
    assert "claim (" not in legend[:legend.index("</div>")]


def test_json_report_carries_the_claims_summary(analysis):
    document = json.loads(json.dumps(render_json([analysis])))["analyses"][0]
    claims = document["analyzers"]["claims"]["summary"]["claims"]
    assert claims[0]["rank"] == 1 and claims[0]["attribution"]["unnamed_only"] is True
    assert {s["label"] for s in document["analyzers"]["claims"]["spans"]} == {"claim"}


def test_reports_without_claims_have_no_claims_section():
    analysis = Pipeline(["places"]).analyze(Article(text="Nothing to see in Kyiv."))
    assert claim_rows(analysis) == [] and claims_overview(analysis) is None
    assert "<h3>Claims</h3>" not in render_html([analysis])


def test_json_report_with_claims_validates_against_the_schema(analysis):
    from pathlib import Path

    import unspin

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(unspin.__file__).parent / "schema" / "analysis.schema.json").read_text("utf-8"))
    report = json.loads(json.dumps(render_json([analysis])))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)
