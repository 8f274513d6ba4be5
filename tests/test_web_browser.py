"""The workbench in a real headless Chromium against a live server (uvicorn in a thread): every
page loads under its policy with no script error, the analyse flow works from a pasted article,
a review mark survives a reload, an upload runs as a job with live progress, and a hostile
article runs no script on any page.

Set UNSPIN_SCREENSHOTS=DIR to keep screenshots of the main pages (the README's come from here).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from chromium import Browser, chromium_path

pytest.importorskip("uvicorn")
pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).parents[1] / "examples"
PWN = "window.__pwned=1;document.title='PWNED'"
HOSTILE = {
    "id": "evil<b>1</b>",
    "url": "javascript:window.__pwned=2",
    "domain": "<img src=x onerror=\"window.__pwned=3\">.example",
    "title": f"<script>{PWN}</script> Strikes on Odesa region",
    "published": "2025-12-10",
    "text": ("Russian forces struck energy facilities in the Odesa region overnight, governor Oleh Kiper said "
             "on Tuesday. <img src=x onerror=\"" + PWN + "\"> Kiper said 11 drones and two missiles were launched "
             "and a substation near Chornomorsk was damaged. About 60,000 households were left without power, "
             "the regional energy company said. </textarea><script>" + PWN + "</script> No casualties were "
             "reported. \u202eEvil bidi\u202c Ukraine's air force said it shot down 9 of the 11 drones."),
    "metadata": {"author": "<svg onload=\"" + PWN + "\">", "<i onclick=x>": "javascript:alert(1)"},
}
PASTED = ("Residents of Severansk in the Donetsk region described heavy shelling on Tuesday, a local "
          "source who asked not to be named told our correspondent. For ten years, since February 2022, "
          "the town has lived under fire, the source said.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from unspin.pipeline import Pipeline
    from unspin.read import read_inputs
    from unspin.store import open_store
    from unspin.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "hostile.jsonl"
        feed.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
        store = open_store(str(Path(folder) / "workbench.db"))
        store.ingest(read_inputs([str(EXAMPLES / "workbench"), str(feed)]))
        pipeline = Pipeline()
        for analysis in pipeline.pipe(store.iter_unanalysed()):
            store.save_analysis(analysis.article.id, analysis.to_dict())
        app = create_app(store, analyses_per_minute=0)
        port = free_port()
        uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=uv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not uv.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", store, folder
        finally:
            uv.should_exit = True
            thread.join(timeout=10)
            app.state.jobs.stop()
            store.close()


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("websocket", reason="websocket-client is needed for the DevTools protocol")
    path = chromium_path()
    if not path:
        pytest.skip("headless Chromium not installed (apt-get install chromium) - browser tests skipped")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:  # Chromium may still be writing its cache
        instance = Browser(path, Path(profile))
        instance.call("DOM.enable")
        try:
            yield instance
        finally:
            instance.close()


def shot(browser: Browser, name: str) -> None:
    folder = os.environ.get("UNSPIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.screenshot(Path(folder) / f"{name}.png")


def page_state(browser: Browser) -> dict:
    return browser.eval("""({
        pwned: window.__pwned === undefined ? null : window.__pwned,
        title: document.title,
        violations: window.__violations || [],
        h1: (document.querySelector('h1') || {}).textContent || null,
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
            .filter(a => a.name.startsWith('on')).length,
        foreign: document.querySelectorAll('main img, main svg image, main iframe, main object').length,
        jsLinks: [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))
            .filter(u => /^\\s*javascript:/i.test(u)).length,
    })""")


def assert_clean(state: dict, where: str) -> None:
    assert state["pwned"] is None, where
    assert state["title"] != "PWNED", where  # the payload may show as text, never run
    assert state["violations"] == [], (where, state["violations"])
    assert state["handlers"] == 0 and state["foreign"] == 0 and state["jsLinks"] == 0, (where, state)
    assert state["h1"], where


def story_id(store) -> str:
    from unspin.corpus.loading import load_corpus
    from unspin.corpus.stories import build_stories

    corpus = load_corpus(store)
    return build_stories(corpus.articles, corpus.relations)[0].id


def test_every_page_loads_clean_and_a_hostile_article_runs_nothing(server, browser):
    base, store, _ = server
    evil = quote(HOSTILE["id"], safe="")
    pages = {"analyse": "/analyse", "corpus": "/corpus", "search": "/corpus?q=Odesa+strikes",
             "article": f"/articles/{evil}", "clean-article": "/articles/wb-odesa-post",
             "stories": "/stories", "story": f"/stories/{story_id(store)}", "outlets": "/outlets",
             "ingest": "/ingest", "review": "/review", "docs": "/docs"}
    for name, path in pages.items():
        browser.load(base + path)
        if name == "outlets":
            drawn = browser.wait_for("document.documentElement.getAttribute('data-graph-ready')")
            assert int(drawn) >= 4  # the story's four outlets (the hostile one among them)
            labels = browser.eval("[...document.querySelectorAll('#outlet-graph text')].map(t => t.textContent)")
            assert any("<img src=x" in label for label in labels)  # shown as text, not markup
            browser.eval("document.querySelector('#outlet-graph [role=button]')"
                         ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
            assert browser.eval("document.getElementById('outlet-detail').textContent.length") > 0
        if name in ("article", "clean-article"):
            assert browser.wait_for("document.documentElement.getAttribute('data-unspin-ready')")
        assert_clean(page_state(browser), name)
        if name == "article":
            shown = browser.eval("document.querySelector('.report-embed .text').textContent")
            assert "<script>window.__pwned" in shown and "\u202e" not in shown  # bidi shown, not obeyed
        if name in ("corpus", "clean-article", "story", "outlets"):  # the README's screenshots
            shot(browser, name)


def test_analyse_a_pasted_article_end_to_end(server, browser):
    base, _, _ = server
    analyse_pasted(browser, base, PASTED)
    kinds = browser.eval("[...document.querySelectorAll('#result li.finding .kind')].map(e => e.textContent)")
    assert "unknown-place" in kinds and "duration-mismatch" in kinds
    assert "Severansk" in browser.eval("document.querySelector('#result .text').textContent")
    assert_clean(page_state(browser), "analyse result")


@pytest.mark.shared
def test_the_seed_article_pasted_shows_its_place_duration_and_sourcing_findings(server, browser, shared_data):
    seed = shared_data / "examples" / "farm-rewrite-siversk.txt"
    if not seed.exists():
        pytest.skip(f"{seed} not found")
    from unspin.read import read_inputs

    article = next(iter(read_inputs([str(seed)])))
    analyse_pasted(browser, server[0], article.text)
    found = browser.eval("[...document.querySelectorAll('#result li.finding')].map(e => e.textContent)")
    assert any("unknown-place" in f and "Severansk" in f and "Siversk" in f for f in found)
    assert any("duration-mismatch" in f for f in found)
    assert any("unnamed-sourcing" in f for f in found)
    shot(browser, "analyse-seed")


def analyse_pasted(browser: Browser, base: str, text: str) -> None:
    browser.load(base + "/analyse")
    browser.eval(f"document.querySelector('textarea[name=text]').value = {json.dumps(text)};"
                 "document.querySelector('input[name=published]').value = '2025-12-12'; true")
    browser.submit_and_wait("document.querySelector('#analyse-form button[type=submit]').click(); true")
    browser.wait_for("document.getElementById('result') !== null")
    browser.wait_for("document.documentElement.getAttribute('data-unspin-ready')")


def test_a_review_mark_persists_after_reload(server, browser):
    base, store, _ = server
    browser.load(base + "/articles/wb-odesa-herald")
    key = browser.eval("document.querySelector('#review tr[data-key]').getAttribute('data-key')")
    browser.eval(f"""(() => {{
        const row = document.getElementById('review-{key}');
        row.querySelector('select[name=mark]').value = 'dismissed';
        row.querySelector('input[name=note]').value = 'checked: the governor said it <b>';
        row.querySelector('input[name=analyst]').value = 'ana';
        return true; }})()""")
    browser.submit_and_wait(f"document.querySelector('#review-{key} button').click(); true")
    browser.load(base + "/articles/wb-odesa-herald")  # a fresh load, not the redirect's page
    cell = browser.eval(f"document.querySelector('#review-{key} .current-mark').textContent")
    assert "dismissed" in cell and "checked: the governor said it <b>" in cell and "ana" in cell
    assert "dismissed" in browser.eval("document.querySelector('.report-embed p.review').textContent")
    assert store.review_marks("wb-odesa-herald")[key]["mark"] == "dismissed"
    browser.load(base + "/review")
    assert "dismissed" in browser.eval("document.getElementById('review-counts').textContent") or \
        browser.eval("document.querySelector('#review-counts tbody tr td:nth-child(4)').textContent") == "1"


def test_upload_runs_as_a_job_with_progress_and_named_errors(server, browser):
    base, _, folder = server
    upload = Path(folder) / "upload.jsonl"
    upload.write_text(json.dumps({"id": "up-1", "text": "Kyiv and Lviv were calm on Sunday, officials said.",
                                  "published": "2025-12-07"}) + "\n{broken json\n", encoding="utf-8")
    browser.load(base + "/ingest")
    browser.set_files("#ingest-form input[type=file]", [str(upload)])
    browser.submit_and_wait("document.querySelector('#ingest-form button[type=submit]').click(); true")
    assert browser.wait_for("document.documentElement.getAttribute('data-job-status') === 'done' "
                            "|| document.documentElement.getAttribute('data-job-status') === 'failed'", 120)
    assert browser.eval("document.getElementById('job-status').textContent") == "done"
    assert browser.eval("document.getElementById('job-added').textContent") == "1"
    errors = browser.eval("document.getElementById('job-error-list').textContent")
    assert "upload.jsonl:2" in errors and "unspin-upload" not in errors
    shot(browser, "ingest-job")
