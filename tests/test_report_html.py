"""The HTML report's structure: well-formed, exact highlights, every finding in the panel."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from test_report_fixtures import TEXT, find, sample_analysis, skipped_analysis

from unspin.model import Analysis, AnalyzerResult, AnalyzerRun, Article, Finding, Severity, Span
from unspin.report.html import render_html, safe_http_url, script_json, segment_text, Mark

VOID = {"meta", "br", "img", "input", "hr", "link", "col", "wbr", "source", "area", "base", "embed", "track"}


class ReportParser(HTMLParser):
    """Checks nesting and collects the highlighted text segments and panel findings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[tuple[dict, str]]] = {}  # text div id -> [(segment attrs, text)]
        self.findings: dict[str, dict] = {}  # panel li id -> attrs
        self.scripts: list[tuple[dict, str]] = []
        self.ids: list[str] = []

    def _text_owner(self) -> str | None:
        for tag, attrs in reversed(self.stack):
            if tag == "div" and "text" in (attrs.get("class") or "").split():
                return attrs["id"]
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "li" and "finding" in (attrs.get("class") or "").split():
            self.findings[attrs["id"]] = attrs
        if tag not in VOID:
            self.stack.append((tag, attrs))
            if tag == "div" and "text" in (attrs.get("class") or "").split():
                self.texts[attrs["id"]] = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"unexpected </{tag}> with open {[t for t, _ in self.stack]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append((self.stack[-1][1], data))
            return
        owner = self._text_owner()
        if owner is not None:
            top_tag, top_attrs = self.stack[-1]
            segment = top_attrs if top_tag == "span" else {}
            self.texts[owner].append((segment, data))


def parse(document: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(document)
    parser.close()
    assert not parser.errors, parser.errors
    assert [t for t, _ in parser.stack] == [], "unclosed elements"
    assert len(parser.ids) == len(set(parser.ids)), "duplicate element ids"
    return parser


def covered_text(pieces: list[tuple[dict, str]], mark_id: str) -> tuple[int, str]:
    """Start offset and concatenated text of the segments carrying ``mark_id`` (asserting they are contiguous)."""
    offset, start, collected, last_end = 0, None, [], None
    for attrs, data in pieces:
        if mark_id in (attrs.get("data-spans") or "").split():
            assert int(attrs["data-at"]) == offset
            if start is None:
                start = offset
            else:
                assert last_end == offset, f"{mark_id} is not contiguous"
            collected.append(data)
            last_end = offset + len(data)
        offset += len(data)
    assert start is not None, f"{mark_id} not highlighted"
    return start, "".join(collected)


def test_html_is_well_formed_and_text_is_complete():
    analysis = sample_analysis()
    parser = parse(render_html([analysis, skipped_analysis()]))
    assert "".join(data for _, data in parser.texts["art-0-text"]) == TEXT
    assert "".join(data for _, data in parser.texts["art-1-text"]) == skipped_analysis().article.text


def test_every_evidence_and_annotation_span_is_highlighted_at_its_offsets():
    analysis = sample_analysis()
    pieces = parse(render_html([analysis])).texts["art-0-text"]
    for n, finding in enumerate(analysis.findings):
        for e, span in enumerate(finding.evidence):
            start, text = covered_text(pieces, f"f0-{n}-e{e}")
            assert (start, text) == (span.start, TEXT[span.start:span.end])
    for n, span in enumerate(analysis.spans):
        start, text = covered_text(pieces, f"s0-{n}")
        assert (start, text) == (span.start, TEXT[span.start:span.end])


def test_overlapping_spans_share_segments():
    analysis = sample_analysis()
    pieces = parse(render_html([analysis])).texts["art-0-text"]
    severansk = find(TEXT, "Severansk")
    by_offset = {int(a["data-at"]): a for a, _ in pieces if a}
    segment = by_offset[severansk[0]]
    # "Severansk": place annotation, quote annotation, unknown-place evidence and loaded-term evidence.
    findings = segment["data-findings"].split()
    kinds = [analysis.findings[int(f.split("-")[1])].kind for f in findings]
    assert kinds == ["unknown-place", "loaded-term"]  # most severe first
    assert "sev-high" in segment["class"] and "multi" in segment["class"]
    assert {"ann-place", "ann-quote"} <= set(segment["class"].split())
    # "capture of " is only in loaded-term (info) and the quote.
    capture = by_offset[find(TEXT, "capture of ")[0]]
    assert capture["data-findings"].split() == [findings[1]] and "sev-info" in capture["class"]


def test_every_finding_is_in_the_panel_with_escaped_details():
    analysis = sample_analysis()
    document = render_html([analysis])
    parser = parse(document)
    assert sorted(parser.findings) == sorted(f"f0-{n}" for n in range(len(analysis.findings)))
    assert "Siversk (Donetsk Oblast, UA) 0.91" in document
    assert "computed days" in document
    assert "&#x27;Severansk&#x27; is not a known place" in document


def test_embedded_json_cannot_close_its_script():
    payload = "</script><script>alert(1)</script>\u2028\u2029 & <!--"
    encoded = script_json({"m": payload})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == {"m": payload}


def test_only_plain_http_urls_become_links():
    assert safe_http_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    for url in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                "https://x.example/\"><script>", "http://", "//evil.example/x", "https://a b.example/",
                "vbscript:x", None, ""):
        assert safe_http_url(url) is None, url


def test_csp_hashes_match_the_inline_script_and_style():
    import base64
    import hashlib

    document = render_html([sample_analysis()])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', document).group(1)
    csp = csp.replace("&#x27;", "'")
    script = re.search(r"<script>(.*?)</script>", document, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", document, re.S).group(1)

    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    assert f"script-src {digest(script)};" in csp
    assert f"style-src {digest(style)};" in csp
    assert csp.startswith("default-src 'none';") and "img-src data:" in csp
    assert "http://" not in document.split("<body>")[0] and "https://" not in document.split("<body>")[0]


def test_segment_text_handles_nesting_zero_length_and_out_of_range():
    marks = [Mark("a", 0, 10), Mark("b", 2, 5), Mark("c", 5, 5), Mark("d", 8, 40), Mark("e", 20, 30)]
    segments = segment_text(12, marks)
    assert [(s.start, s.end, [m.id for m in s.marks]) for s in segments] == [
        (0, 2, ["a"]), (2, 5, ["a", "b"]), (5, 8, ["a"]), (8, 10, ["a", "d"]), (10, 12, ["d"])]
    # the renderer clamps offsets to the text before segmenting
    article = Article(text="short text", id="x")
    bad = Span(3, 99, "place", "rt text")
    finding = Finding("odd", Severity.LOW, "offsets beyond the text", [bad, Span(-5, 2, "x")], 0.5, "test")
    analysis = Analysis(article, {"test": AnalyzerRun("test", "ran", None, AnalyzerResult([bad], [finding]))})
    parser = parse(render_html([analysis]))
    assert "".join(d for _, d in parser.texts["art-0-text"]) == "short text"


def test_index_only_for_several_articles_and_errors_listed():
    single = render_html([sample_analysis()])
    assert 'class="index"' not in single
    several = render_html([sample_analysis(), skipped_analysis()],
                          errors=[{"source": "in/bad.jsonl:7", "reason": "invalid JSON"}])
    parse(several)
    assert 'class="index"' in several and 'href="#art-1"' in several
    assert "in/bad.jsonl:7" in several and "invalid JSON" in several
    assert "not analysed: language de" in several


def test_a_russian_article_keeps_its_cyrillic_text_evidence_and_place_readings():
    from unspin.pipeline import Pipeline

    text = ("Как сообщил источник в штабе, во вторник, 10 декабря 2025 года, бои шли под Северском в ДНР. "
            "Жители <b>Горловки</b> сообщили об обстрелах.")
    analysis = Pipeline(["sources", "places", "dates"]).analyze(Article(text=text, language="ru"))
    document = render_html([analysis])
    parser = parse(document)
    assert "".join(data for _, data in parser.texts["art-0-text"]) == text  # whole, in order, escaped
    assert "<b>Горловки</b>" not in document and "&lt;b&gt;Горловки&lt;/b&gt;" in document
    for n, finding in enumerate(analysis.findings):  # the weekday mismatch, the anonymous source
        for e, span in enumerate(finding.evidence):
            assert covered_text(parser.texts["art-0-text"], f"f0-{n}-e{e}")[1] == text[span.start:span.end]
    assert {"weekday-mismatch", "anonymous-source"} <= {f.kind for f in analysis.findings}
    assert "Siversk (Donetsk Oblast, UA)" in document and "Seversk" in document  # reading and romanisation
