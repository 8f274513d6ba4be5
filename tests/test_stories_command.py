"""``unspin stories`` and ``unspin outlets`` on a fake store (the commands' own logic),
and end to end on a real store once the store and tracer are in place."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from test_stories_fixtures import corpus_articles, corpus_relations

from unspin.cli import main
from unspin.corpus import loading

PAGES = Path(__file__).parent / "fixtures" / "corpus"


class FakeStore:
    """The part of ``unspin.store.Store`` the corpus commands use."""

    def __init__(self, articles, raw=None):
        self._articles = {a.id: a for a in articles}
        self._raw = raw or {}
        self.closed = False

    def articles(self, ids):
        return [self._articles[i] for i in ids if i in self._articles]

    def iter_articles(self, batch: int = 1000):
        yield from self._articles.values()

    def article(self, key):
        return self._articles.get(key)

    def raw_html(self, article_id):
        return self._raw.get(article_id)

    def count(self):
        return len(self._articles)

    def stored_fingerprints(self, article_ids):
        return {}  # no tracer skeletons kept: stories fall back to numbers only

    def close(self):
        self.closed = True


@pytest.fixture
def fake_store(monkeypatch):
    raw = {"en-1": (PAGES / "farm_metro_ledger.html").read_text(encoding="utf-8"),
           "k-2": (PAGES / "farm_capital_wire.html").read_text(encoding="utf-8"),
           "ind-1": (PAGES / "city_herald.html").read_text(encoding="utf-8"),
           "d-1": "plain text, not HTML: G-Q1FAKE2345"}
    store = FakeStore(corpus_articles(), raw)
    opened = []

    def open_store(url):
        opened.append(url)
        return store

    def relations(store_, progress=None):
        assert store_ is store
        if progress:
            progress(3)
            progress(9)
        return corpus_relations()

    monkeypatch.setattr(loading, "open_store", open_store)
    monkeypatch.setattr(loading, "relations_for_corpus", relations)
    store.opened = opened
    return store


def test_stories_json(fake_store, tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["stories", "--db", "sqlite:///x.db", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["count"] == 2 and data["articles_in_stories"] == 7
    assert data["stories"][0]["origin"]["article_id"] == "ru-1"
    assert fake_store.opened == ["sqlite:///x.db"] and fake_store.closed
    assert "wrote" in capsys.readouterr().err


def test_stories_text(fake_store, capsys):
    assert main(["stories", "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "2 stories, 7 articles" in text
    assert "origin: wire-ru.example ru-1" in text and "upstream language ru" in text
    assert "copy of metro-ledger.example (0.97)" in text
    assert "origin: none chosen" in text and "linked too weakly to merge" in text
    assert "independent: city-herald.example" in text


def test_stories_html(fake_store, tmp_path):
    out = tmp_path / "stories.html"
    assert main(["stories", "--format", "html", "--out", str(out)]) == 0
    document = out.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>") and document.count('<section class="story"') == 2


def test_min_score_is_checked(fake_store, capsys):
    assert main(["stories", "--min-score", "0"]) == 2
    assert "--min-score" in capsys.readouterr().err


def test_store_errors_are_reported(monkeypatch, capsys):
    def broken(url):
        raise RuntimeError("could not connect to server")

    monkeypatch.setattr(loading, "open_store", broken)
    assert main(["outlets", "--db", "postgresql://nowhere/x"]) == 1
    assert "could not connect to server" in capsys.readouterr().err


def test_outlets_json_with_forensics(fake_store, capsys):
    assert main(["outlets", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    edges = {(e["source"], e["target"]) for e in data["network"]["edges"]}
    assert ("wire-ru.example", "metro-ledger.example") in edges
    forensic = data["forensics"]
    assert set(forensic["domains"]) == {"metro-ledger.example", "capital-wire.example", "city-herald.example"}
    assert forensic["shared"][0]["domains"] == ["capital-wire.example", "metro-ledger.example"]
    assert forensic["operator_groups"] == [["capital-wire.example", "metro-ledger.example"]]
    evidence = forensic["domains"]["metro-ledger.example"][0]["evidence"][0]
    assert evidence["article_id"] == "en-1" and evidence["url"] == "https://metro-ledger.example/news/en-1"
    # Unlinked outlets count for articles but are not listed as linked.
    assert data["network"]["unlinked_outlets"] == 2


def test_outlets_text_and_html(fake_store, tmp_path, capsys):
    assert main(["outlets"]) == 0
    text = capsys.readouterr().out
    assert "wire-ru.example -> metro-ledger.example: 1x (cross-language rewrite 1), median lag 24 h" in text
    assert "[strong] capital-wire.example ~ metro-ledger.example" in text
    assert "Likely one operator" in text
    out = tmp_path / "o.html"
    assert main(["outlets", "--format", "html", "--out", str(out), "--no-forensics"]) == 0
    document = out.read_text(encoding="utf-8")
    assert "<svg" in document and "No stored HTML to read." in document


# ------------------------------------------------------------------ end to end

def _real_modules_ready() -> str | None:
    """Why the end-to-end test cannot run yet (store or tracer still placeholders), or None."""
    try:
        store_module = importlib.import_module("unspin.store")
        trace_module = importlib.import_module("unspin.trace.trace")
    except ImportError as exc:
        return f"store/tracer not importable yet: {exc}"
    if not hasattr(store_module, "open_store") or not hasattr(trace_module, "relations_for_corpus"):
        return "store/tracer interfaces not in place yet"
    from unspin.trace import fingerprint

    if "Placeholder" in (fingerprint.__doc__ or ""):
        return "fingerprint is still the placeholder"
    return None


def test_end_to_end_on_a_real_store(tmp_path, capsys):
    why = _real_modules_ready()
    if why:
        pytest.skip(why)
    rows = tmp_path / "corpus.jsonl"
    with rows.open("w", encoding="utf-8") as handle:
        for article in corpus_articles():
            handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    assert main(["ingest", str(rows), str(PAGES / "farm_metro_ledger.html"), str(PAGES / "farm_capital_wire.html"),
                 "--db", db, "--no-progress"]) in (0, 1)
    capsys.readouterr()

    assert main(["stories", "--db", db, "--format", "json", "--no-progress"]) == 0
    stories = json.loads(capsys.readouterr().out)["stories"]
    groups = [set(m["article_id"] for m in s["members"]) for s in stories]
    # en-3 is a verbatim copy of en-1 (plus one line): any tracer must put them in one story.
    assert any({"en-1", "en-3"} <= g for g in groups), groups
    assert not any({"en-1", "k-1"} <= g for g in groups)  # two events stay apart

    assert main(["outlets", "--db", db, "--format", "json", "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    shared = data["forensics"]["shared"]
    assert any(r["domains"] == ["capital-wire.example", "metro-ledger.example"] and r["tier"] == "strong"
               for r in shared), shared


def test_wide_vectors_fill_the_store_before_tracing(tmp_path, capsys, monkeypatch):
    why = _real_modules_ready()
    if why:
        pytest.skip(why)
    import numpy as np

    from unspin.store import open_store
    from unspin.trace import wide

    class FakeE5:  # the real model is tested in test_trace_wide.py; here only the command's wiring
        def encode(self, texts):
            return np.ones((len(texts), wide.WIDE_DIMENSIONS), dtype=np.float32) / wide.WIDE_DIMENSIONS ** 0.5

    monkeypatch.setattr(wide, "wide_encoder", lambda: FakeE5())
    rows = tmp_path / "corpus.jsonl"
    with rows.open("w", encoding="utf-8") as handle:
        for article in corpus_articles():
            handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        handle.write(json.dumps({"id": "sw-1", "language": "sw", "url": "https://sw.example/1",
                                 "text": "Ndege isiyo na rubani ilipiga kijiji usiku wa kuamkia leo."}) + "\n")
    db = f"sqlite:///{tmp_path / 'wide.db'}"
    assert main(["ingest", str(rows), "--db", db, "--no-progress"]) in (0, 1)
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json", "--no-progress", "--wide-vectors"]) == 0
    assert "e5 vectors made for" in capsys.readouterr().err
    store = open_store(db)
    try:
        assert store.ids_without_wide_vectors(wide.WIDE_ENCODER_NAME) == []
    finally:
        store.close()
