"""Tracing on the real store (SQLite; PostgreSQL when configured) and the ``unspin trace`` command."""

from __future__ import annotations

import json
from pathlib import Path


from unspin.cli import main
from unspin.read import read_inputs
from unspin.trace.trace import relations_for_corpus, trace

CORPUS = Path(__file__).parent / "fixtures" / "trace" / "corpus.jsonl"


def _relation(relatives, article_id):
    return next((r.relation for r in relatives if r.article_id == article_id), None)


def test_trace_on_the_store(store):  # noqa: F811
    store.ingest(read_inputs([str(CORPUS)]))
    relatives = trace(store, "kuch-r1")
    assert _relation(relatives, "kuch-o1") == "cross_language_rewrite"
    assert _relation(relatives, "kuch-r2") == "rewrite"
    assert _relation(trace(store, "kuch-c1"), "kuch-o1") == "copy"
    assert trace(store, "kuch-d1") == []
    by_url = trace(store, "https://farm-one.example.com/2025/11/15/drone-kucherovka")
    assert [r.article_id for r in by_url] == [r.article_id for r in relatives]
    assert {q for q, _ in relations_for_corpus(store)} >= {"kuch-o1", "kuch-r1", "kuch-r2"}


def _ingested(tmp_path) -> str:
    from unspin.store import open_store

    db = str(tmp_path / "trace.db")
    store = open_store(db)
    store.ingest(read_inputs([str(CORPUS)]))
    store.close()
    return db


def test_trace_command_json(tmp_path, capsys):
    db = _ingested(tmp_path)
    assert main(["trace", "kuch-r1", "--db", db, "--format", "json", "-k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    (result,) = data["traces"]
    assert result["query"]["id"] == "kuch-r1"
    assert len(result["relatives"]) <= 3
    first = result["relatives"][0]
    assert {"rank", "article_id", "relation", "score", "direction", "lag_hours", "evidence",
            "aligned", "changes", "article"} <= set(first)


def test_trace_command_text_and_file_input(tmp_path, capsys):
    db = _ingested(tmp_path)
    assert main(["trace", "kuch-r1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "cross_language_rewrite" in out and "kuch-o1" in out
    assert "quote with no source" in out and "12 → 15" in out

    rewrite = tmp_path / "suspicious.txt"
    rewrite.write_text("Drone hits Kucherovka\n\n" + _text("kuch-r2") + "\nRead more on our site.\n",
                       encoding="utf-8")
    assert main(["trace", str(rewrite), "--db", db, "--format", "json"]) == 0
    relatives = json.loads(capsys.readouterr().out)["traces"][0]["relatives"]
    assert any(r["article_id"] == "kuch-r1" and r["relation"] == "rewrite" for r in relatives)


def test_trace_command_unknown_article(tmp_path, capsys):
    db = _ingested(tmp_path)
    assert main(["trace", "no-such-article", "--db", db]) == 1
    assert "neither a stored article" in capsys.readouterr().err


def _text(article_id: str) -> str:
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == article_id:
            return record["text"]
    raise KeyError(article_id)
