"""The HTML report in a real headless Chromium: hostile article data stays inert text,
the report's own script runs under its Content-Security-Policy and is usable.

Skipped when no Chromium is installed (CI installs Debian's ``chromium``).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from chromium import CHROMIUM_FLAGS, Browser, chromium_path
from test_report_fixtures import find

from unspin.model import Analysis, AnalyzerResult, AnalyzerRun, Article, Finding, Severity, Span
from unspin.report.html import render_html

pytestmark = pytest.mark.browser

# Every payload, if it ever ran, would leave a trace: window.__pwned, an element
# with id "pwned", or a changed document.title.
MARK_ELEMENT = "document.body.appendChild(Object.assign(document.createElement('i'),{id:'pwned'}))"
PAYLOADS = [
    "<script>window.__pwned=1;document.title='PWNED'</script>",
    f"\"><img src=x onerror=\"window.__pwned=2;{MARK_ELEMENT}\">",
    "'><img src=x onerror=window.__pwned=3>",
    "</script><script>window.__pwned=4;document.title='PWNED'</script>",
    "<svg onload=window.__pwned=5></svg>",
    "<!--<script>window.__pwned=6</script>-->",
    "<iframe srcdoc=\"<script>parent.__pwned=7</script>\"></iframe>",
]
EVIL = " ".join(PAYLOADS)
JS_URL = "javascript:window.__pwned=8;document.title='PWNED'"


def hostile_analysis() -> Analysis:
    text = (f"The mayor of Severansk said\u2028today: {PAYLOADS[0]} and {PAYLOADS[1]}\n"
            f"Then {PAYLOADS[3]} followed by {PAYLOADS[2]} {PAYLOADS[4]} {PAYLOADS[5]} {PAYLOADS[6]}\u2029"
            f"Visit {JS_URL} for more.")
    article = Article(text=text, id="evil-1", title=f"Title {EVIL}", url=JS_URL,
                      source=f"in/{PAYLOADS[3]}.txt", published=date(2025, 12, 1), language="en",
                      metadata={"author": EVIL, PAYLOADS[1]: "key payload", "link": JS_URL})
    place = Span.of(text, *find(text, "Severansk"), "place", note=PAYLOADS[3])
    script_span = Span.of(text, *find(text, PAYLOADS[0]), "quote", speaker=EVIL)
    # Overlaps both the place and the first payload.
    wide = Span.of(text, find(text, "Severansk")[0], find(text, PAYLOADS[0])[1], "claim")
    findings = [
        Finding("unknown-place", Severity.HIGH, f"'Severansk' {PAYLOADS[3]} {PAYLOADS[1]}", [place], 0.9,
                "places", {"suggestions": [{"name": PAYLOADS[0], "admin1": PAYLOADS[1], "country": "UA",
                                            "score": 0.9}], "why": EVIL + "\u2028"}),
        Finding("script-quote", Severity.MEDIUM, f"quote {PAYLOADS[4]}", [script_span, wide], 0.6, "sources",
                {"url": JS_URL}),
        Finding("js-url", Severity.LOW, "a javascript: URL", [Span.of(text, *find(text, JS_URL), "url")], 0.3,
                "places", {}),
    ]
    attribution = {"id": "a1", "kind": "direct",
                   "speaker": {"start": 4, "end": 9, "text": PAYLOADS[1]},
                   "cue": {"start": 23, "end": 27, "text": PAYLOADS[3]},
                   "content": {"start": 0, "end": 10, "text": EVIL},
                   "source": {"class": PAYLOADS[0], "name": PAYLOADS[2], "role": EVIL, "description": None,
                              "refers_to": PAYLOADS[4], "antecedent": {"start": 0, "end": 1, "text": PAYLOADS[5]}}}
    runs = {
        "places": AnalyzerRun("places", "ran", None, AnalyzerResult([place], [findings[0], findings[2]],
                                                                    {"note": EVIL})),
        "sources": AnalyzerRun("sources", "ran", None, AnalyzerResult(
            [script_span], [findings[1]], {"attributions": [attribution], "counts": {"anonymous": 1},
                                           "distinct_sources": [], "unnamed_share": 1.0})),
        PAYLOADS[0]: AnalyzerRun(PAYLOADS[0], "failed", EVIL),
    }
    return Analysis(article, runs, unspin_version="0.1.0")


def render_hostile() -> tuple[str, Analysis]:
    analysis = hostile_analysis()
    second = hostile_analysis()
    second.article.url = 'https://x.example/"><script>window.__pwned=9</script>'
    document = render_html([analysis, second], title=f"report {PAYLOADS[0]}",
                           errors=[{"source": PAYLOADS[3], "reason": EVIL}])
    return document, analysis


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if not path:
        pytest.skip("headless Chromium not installed (apt-get install chromium) - browser tests skipped")
    return path


@pytest.fixture(scope="module")
def browser(chromium):
    pytest.importorskip("websocket", reason="websocket-client is needed for the DevTools protocol")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:  # Chromium may still be writing its cache
        instance = Browser(chromium, Path(profile))
        try:
            yield instance
        finally:
            instance.close()


def write(tmp_path: Path, name: str, document: str) -> Path:
    path = tmp_path / name
    path.write_text(document, encoding="utf-8")
    return path


def without_csp(document: str) -> str:
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", document, count=1)
    assert stripped != document
    return stripped


def assert_inert(browser: Browser, analysis: Analysis) -> None:
    state = browser.eval("""({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        marker: document.getElementById('pwned') !== null,
        title: document.title,
        scripts: document.scripts.length,
        foreign: document.querySelectorAll('img, svg, iframe, object, embed, form, base, link').length,
        jsLinks: [...document.querySelectorAll('[href], [src], [action]')]
            .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
            .filter(u => !/^(#|https?:)/i.test(u)),
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
            .filter(a => a.name.startsWith('on')).length,
        text: document.getElementById('art-0-text').textContent,
        heading: document.querySelector('#art-0 h2').textContent,
        url: document.querySelector('#art-0 dl.fields').textContent,
        urlLinks: document.querySelectorAll('#art-0 dl.fields a, #art-1 dl.fields a').length,
        message: document.querySelector('#f0-0 .message').textContent,
    })""")
    assert state["pwned"] is None
    assert state["marker"] is False
    assert state["title"] == f"report {PAYLOADS[0]}"
    assert state["scripts"] == 2  # the JSON data block and the report's own script
    assert state["foreign"] == 0
    assert state["jsLinks"] == []
    assert state["handlers"] == 0
    assert state["text"] == analysis.article.text  # literally, U+2028/2029 included
    assert state["heading"] == analysis.article.title
    assert JS_URL in state["url"] and state["urlLinks"] == 0
    assert state["message"] == analysis.findings[0].message


def assert_script_works(browser: Browser, analysis: Analysis) -> None:
    # The script announces how many findings it read from the embedded JSON (2 articles x 3).
    assert browser.eval("document.documentElement.getAttribute('data-unspin-ready')") == "6"
    assert browser.eval("document.querySelectorAll('#art-0 li.finding').length") == len(analysis.findings)
    # Clicking a highlight selects its (most severe) finding in the panel.
    selected = browser.eval("""(() => {
        const seg = document.querySelector('#art-0-text .seg[data-findings~="f0-0"]');
        seg.click();
        return {item: [...document.querySelectorAll('li.finding.sel')].map(e => e.id),
                segs: [...document.querySelectorAll('.seg.sel')].map(e => e.textContent).join('')};
    })()""")
    assert selected == {"item": ["f0-0"], "segs": "Severansk"}
    # Clicking again on the same highlight cycles to the next finding covering it.
    again = browser.eval("""(() => {
        document.querySelector('#art-0-text .seg[data-findings~="f0-0"]').click();
        return [...document.querySelectorAll('li.finding.sel')].map(e => e.id);
    })()""")
    assert again == ["f0-1"]
    # Clicking a finding in the panel highlights all of its evidence in the text.
    segs = browser.eval("""(() => {
        document.querySelector('#f0-2').click();
        return [...document.querySelectorAll('#art-0-text .seg.sel')].map(e => e.textContent).join('');
    })()""")
    assert segs == JS_URL
    # Hovering shows a tooltip whose text is the finding message, as text.
    tip = browser.eval("""(() => {
        const seg = document.querySelector('#art-0-text .seg[data-findings~="f0-0"]');
        seg.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 20, clientY: 20}));
        const tip = document.getElementById('unspin-tip');
        return {hidden: tip.hidden, text: tip.textContent, children: tip.querySelectorAll('*:not(div)').length};
    })()""")
    assert tip["hidden"] is False and tip["children"] == 0
    assert analysis.findings[0].message in tip["text"]
    assert "place (note=" + PAYLOADS[3][:40] in tip["text"]  # annotation attributes, shortened


def test_hostile_report_is_inert_and_interactive_under_csp(browser, tmp_path):
    document, analysis = render_hostile()
    browser.load(write(tmp_path, "report.html", document))
    assert_inert(browser, analysis)
    assert_script_works(browser, analysis)
    # Nothing was even blocked: no payload reached a place where it could try,
    # and the report's own script and style match their CSP hashes.
    assert browser.eval("window.__violations") == []


def test_escaping_alone_keeps_payloads_inert_without_csp(browser, tmp_path):
    document, analysis = render_hostile()
    browser.load(write(tmp_path, "report-no-csp.html", without_csp(document)))
    assert_inert(browser, analysis)
    assert_script_works(browser, analysis)


def test_csp_blocks_a_script_it_did_not_hash(browser, tmp_path):
    """Guards the guard: a test page with one extra inline script must see it blocked."""
    document, _ = render_hostile()
    tampered = document.replace("</body>", "<script>window.__pwned='extra'</script></body>")
    browser.load(write(tmp_path, "tampered.html", tampered))
    assert browser.eval("window.__pwned === undefined")
    assert any("script-src" in v for v in browser.eval("window.__violations"))
    assert browser.eval("document.documentElement.getAttribute('data-unspin-ready')") == "6"


def test_dump_dom_shows_no_injected_markup(chromium, tmp_path):
    document, analysis = render_hostile()
    path = write(tmp_path, "dump.html", document)
    profile = tmp_path / "profile"
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", path.as_uri()],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    dom = result.stdout
    assert "<html" in dom, result.stderr[-2000:]
    assert 'data-unspin-ready="6"' in dom  # the report's script ran
    assert 'id="pwned"' not in dom and "PWNED</title>" not in dom
    assert "<img" not in dom and "<svg" not in dom and "<iframe" not in dom
    assert "&lt;script&gt;window.__pwned=1;document.title='PWNED'&lt;/script&gt;" in dom
