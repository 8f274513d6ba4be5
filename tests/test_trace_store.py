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


def test_vectors_are_kept_in_the_store_and_reused(store):  # noqa: F811
    from unspin.trace.encoder import ENCODER_NAME
    from unspin.trace.vectors import ensure_vectors, nearest

    store.ingest(read_inputs([str(CORPUS)]))
    assert len(store.ids_without_vectors(ENCODER_NAME)) == store.count()
    articles = list(store.iter_articles())
    made = ensure_vectors(store, articles)
    assert store.ids_without_vectors(ENCODER_NAME) == []
    rows = store.vector_rows([a.id for a in articles], ENCODER_NAME)
    assert set(rows) == {a.id for a in articles}
    again = ensure_vectors(store, articles[:2])  # read back, not re-encoded
    for article in articles[:2]:
        assert again[article.id].spans == made[article.id].spans
        assert float(again[article.id].document @ made[article.id].document) > 0.999
    ids, matrix = store.document_vectors(ENCODER_NAME)
    assert sorted(ids) == sorted(a.id for a in articles) and matrix.shape == (len(ids), 512)
    # the Russian origin is the English rewrite's nearest neighbour but for its own siblings
    query = made["kuch-r1"].document
    near = [i for i, _ in nearest(store, query, k=4, exclude="kuch-r1")]
    assert "kuch-o1" in near and "kuch-d1" not in near[:2]
    # vectors of an unknown id are not stored
    store.save_vector_rows(ENCODER_NAME, {"no-such-id": (b"", b"", [])})
    assert store.vector_rows(["no-such-id"], ENCODER_NAME) == {}


def test_trace_command_names_the_origin(tmp_path, capsys):
    db = _ingested(tmp_path)
    assert main(["trace", "kuch-r1", "--db", db, "--format", "json"]) == 0
    origin = json.loads(capsys.readouterr().out)["traces"][0]["origin"]
    assert origin["verdict"] == "probable origin" and origin["article_id"] == "kuch-o1"
    assert 0.5 <= origin["probability"] <= 1.0 and origin["why"]
    assert main(["trace", "kuch-r1", "--db", db]) == 0
    assert "probable origin: kuch-o1" in capsys.readouterr().out


def test_text_report_shows_relatives_added_through_the_hub():
    from io import StringIO

    from rich.console import Console

    from unspin.commands.trace import render_text

    result = {"query": {"id": "q", "title": "T", "domain": "a.example", "published": None, "language": "en"},
              "origin": None,
              "relatives": [{"rank": 1, "article_id": "s", "relation": "rewrite", "score": 0.9,
                             "origin_probability": None, "direction": "unknown", "lag_hours": None,
                             "evidence": {"via": "hub-1", "relation_reason": "in the same lineage as hub-1",
                                          "same_language": True},
                             "aligned": [], "changes": {}}]}
    out = StringIO()
    render_text(result, Console(file=out, width=120))
    assert "via hub-1" in out.getvalue()


def test_a_trace_searches_the_vectors_once_and_reads_on_one_connection(store, monkeypatch):  # noqa: F811
    # the hub's pool reuses the query's nearest documents (the hub is the query's near copy), and
    # every read of the trace shares one pooled connection
    from sqlalchemy import event

    import unspin.trace.vectors as vectors_module

    store.ingest(read_inputs([str(CORPUS)]))
    trace(store, "kuch-r1")  # vectors made and stored on first use
    searches, checkouts, hubs = [], [], []
    real_nearest = vectors_module.nearest
    monkeypatch.setattr(vectors_module, "nearest", lambda *a, **k: searches.append(1) or real_nearest(*a, **k))
    import unspin.trace.trace as trace_module

    real_hub_of = trace_module.hub_of
    monkeypatch.setattr(trace_module, "hub_of", lambda rels: hubs.append(real_hub_of(rels)) or hubs[-1])
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(1))
    relatives = trace(store, "kuch-r1")
    assert hubs and hubs[0] is not None  # the sibling step ran: two pools
    assert len(searches) == 1
    assert len(checkouts) == 1
    assert _relation(relatives, "kuch-o1") == "cross_language_rewrite"
