"""The corpus store on SQLite and PostgreSQL: articles, ids, queries, analyses."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from unspin.model import Article
from unspin.read import ReadError
from unspin.store import content_hash, default_url, open_store
from unspin.store import ingest as ingest_module
from unspin.store.engine import normalise_url
from unspin.trace.fingerprint import NUM_PERM, Fingerprint


def fake_fingerprint(article: Article) -> Fingerprint:
    """Fingerprints the tests control: ``metadata["bands"]`` and ``metadata["terms"]``."""
    minhash = np.arange(NUM_PERM, dtype=np.uint64) + np.uint64(len(article.text))
    return Fingerprint(minhash=minhash, bands=list(article.metadata.get("bands", [])),
                       terms=list(article.metadata.get("terms", [])),
                       skeleton={"numbers": article.metadata.get("numbers", [])})


@pytest.fixture
def fake_fp(monkeypatch):
    monkeypatch.setattr(ingest_module, "_fingerprint", fake_fingerprint)


def art(text: str, **fields) -> Article:
    return Article(text=text, language=fields.pop("language", "en"), **fields)


# -- URLs ---------------------------------------------------------------------------


def test_default_url_is_unspin_db_here_unless_env(monkeypatch, tmp_path):
    monkeypatch.delenv("UNSPIN_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_url() == f"sqlite:///{tmp_path / 'unspin.db'}"
    monkeypatch.setenv("UNSPIN_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"


def test_plain_paths_and_postgres_urls_are_normalised(tmp_path):
    assert normalise_url(str(tmp_path / "a.db")).render_as_string() == f"sqlite:///{tmp_path / 'a.db'}"
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_open_store_creates_the_default_file(monkeypatch, tmp_path):
    monkeypatch.delenv("UNSPIN_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    with open_store() as opened:
        assert opened.count() == 0
    assert (tmp_path / "unspin.db").is_file()


# -- ingest and read back ---------------------------------------------------------


def test_articles_round_trip(store, fake_fp):
    original = art("Ferry crews stopped work at six.", id="ferry", url="https://a.example/ferry",
                   domain="a.example", title="Ferry strike", published=date(2024, 5, 14),
                   source="in.txt", metadata={"author": "M. Osei"})
    report = store.ingest([original])
    assert (report.added, report.skipped_duplicates, report.errors) == (1, 0, 0)
    by_id = store.article("ferry")
    assert by_id == original
    assert store.article("https://a.example/ferry") == original
    assert store.article("nope") is None
    assert store.count() == 1


def test_articles_in_the_order_asked_and_iteration_in_batches(store, fake_fp):
    store.ingest([art(f"Article number {i} text.", id=f"a{i}") for i in range(7)], batch_size=3)
    assert [a.id for a in store.articles(["a5", "a1", "missing", "a3"])] == ["a5", "a1", "a3"]
    assert [a.id for a in store.iter_articles(batch=2)] == [f"a{i}" for i in range(7)]


def test_same_url_or_same_content_is_stored_once(store, fake_fp):
    first = store.ingest([
        art("One text.", id="one", url="https://x.example/1"),
        art("Another text, same URL.", id="two", url="https://x.example/1"),   # same URL
        art("  One\r\ntext. ", id="three"),                                     # same normalised text
        art("Fresh text.", id="four"),
    ])
    assert (first.added, first.skipped_duplicates) == (2, 2)
    again = store.ingest([art("Fresh text.", id="four"), art("One text.", url="https://x.example/1")])
    assert (again.added, again.skipped_duplicates) == (0, 2)
    assert sorted(a.id for a in store.iter_articles()) == ["four", "one"]


def test_taken_id_with_other_content_gets_the_content_hash(store, fake_fp):
    store.ingest([art("First story.", id="story")])
    store.ingest([art("Second story, other folder.", id="story", source="b/story.txt")])
    ids = sorted(a.id for a in store.iter_articles())
    second_id = content_hash("Second story, other folder.")[:16]
    assert ids == sorted(["story", second_id])
    assert store.article(second_id).metadata["input_id"] == "story"


def test_taken_id_within_one_batch(store, fake_fp):
    report = store.ingest([art("Alpha text.", id="same"), art("Beta text.", id="same")])
    assert report.added == 2
    assert store.article("same").text == "Alpha text."


def test_read_errors_are_counted_and_kept(store, fake_fp):
    report = store.ingest([art("Good one."), ReadError("bad.jsonl:3", "not valid JSON"),
                           ReadError("gone.txt", "no such file or directory")])
    assert (report.added, report.errors) == (1, 2)
    errors = store.errors()
    assert [(e["source"], e["reason"]) for e in errors] == [
        ("bad.jsonl:3", "not valid JSON"), ("gone.txt", "no such file or directory")]
    assert all(e["run_id"] == report.run_id and e["at"] for e in errors)
    assert store.errors(run_id=report.run_id + 1) == []


def test_progress_counts_every_item_and_runs_are_recorded(store, fake_fp):
    seen: list[int] = []
    items = [art(f"Text {i}.") for i in range(5)] + [ReadError("x", "bad")]
    report = store.ingest(items, batch_size=2, progress=seen.append, args={"paths": ["x"]})
    assert sum(seen) == 6 and len(seen) >= 3
    [run] = store.runs()
    assert run["id"] == report.run_id and run["finished"] and run["args"] == {"paths": ["x"]}
    assert run["counts"]["added"] == 5 and run["counts"]["errors"] == 1


def test_language_is_detected_when_missing(store, fake_fp):
    store.ingest([Article(text="Паромщики на островной линии остановили работу в шесть утра, "
                               "требуя изменить график смен.", id="ru")])
    assert store.article("ru").language == "ru"


def test_batch_size_must_be_positive(store):
    with pytest.raises(ValueError):
        store.ingest([], batch_size=0)


# -- raw inputs ----------------------------------------------------------------------


def test_raw_html_given_by_the_caller(store, fake_fp):
    store.ingest([art("Page text.", id="p", source="page.html")], raw={"page.html": "<p>Page text.</p>"})
    assert store.raw_html("p") == "<p>Page text.</p>"
    store.ingest([art("Plain text.", id="t")])
    assert store.raw_html("t") is None


# -- fingerprints and candidates ----------------------------------------------------


def test_fingerprint_is_stored(store, fake_fp):
    store.ingest([art("Some text.", id="x", metadata={"numbers": ["42"]})])
    minhash, skeleton = store.stored_fingerprint("x")
    assert minhash.dtype == np.uint64 and len(minhash) == NUM_PERM
    assert np.array_equal(minhash, fake_fingerprint(art("Some text.")).minhash)
    assert skeleton == {"numbers": ["42"]}
    assert store.stored_fingerprint("nope") is None
    batch = store.stored_fingerprints(["x", "nope"])
    assert list(batch) == ["x"] and np.array_equal(batch["x"][0], minhash) and batch["x"][1] == skeleton


def test_real_fingerprint_is_stored(store):
    from unspin.trace.fingerprint import fingerprint

    article = art("The ferry to Kucherovka carried 214 passengers on 12 May, officials said.", id="k")
    store.ingest([article])
    minhash, skeleton = store.stored_fingerprint("k")
    expected = fingerprint(art(article.text))
    assert np.array_equal(minhash, np.asarray(expected.minhash, dtype=np.uint64))
    assert store.term_df(expected.terms) == {term: 1 for term in expected.terms}


BIG = 2**63 - 1
SMALL = -(2**63)


def test_band_candidates_count_shared_bands(store, fake_fp):
    store.ingest([
        art("Query.", id="q", metadata={"bands": [1, 2, 3, BIG]}),
        art("Shares three.", id="a", metadata={"bands": [1, 2, BIG, 9]}),
        art("Shares one.", id="b", metadata={"bands": [3, SMALL]}),
        art("Shares none.", id="c", metadata={"bands": [7]}),
    ])
    assert store.band_candidates([1, 2, 3, BIG], exclude="q") == {"a": 3, "b": 1}
    found = store.band_candidates([1, 2, 3, BIG])
    assert list(found) == ["q", "a", "b"] and found["q"] == 4
    assert store.band_candidates([1, 2, 3, BIG], exclude="q", limit=1) == {"a": 3}
    assert store.band_candidates([SMALL]) == {"b": 1}
    assert store.band_candidates([]) == {}


def idf(n: int, df: int) -> float:
    return math.log(1 + n / df)


def test_term_candidates_rank_by_idf_within_a_date_window(store, fake_fp):
    store.ingest([
        art("Query.", id="q", published=date(2024, 5, 10), metadata={"terms": [10, 20, 30]}),
        art("Rare match.", id="rare", published=date(2024, 5, 11), metadata={"terms": [30]}),
        art("Common matches.", id="common", published=date(2024, 5, 12), metadata={"terms": [10, 20]}),
        art("Old, common.", id="old", published=date(2020, 1, 1), metadata={"terms": [10, 20]}),
        art("Undated.", id="undated", metadata={"terms": [10]}),
        art("Unrelated.", id="other", published=date(2024, 5, 10), metadata={"terms": [99]}),
    ])
    n = 6
    df = {10: 4, 20: 3, 30: 2}
    ranked = store.term_candidates([10, 20, 30], exclude="q")
    expected = {"rare": idf(n, df[30]), "common": idf(n, df[10]) + idf(n, df[20]),
                "old": idf(n, df[10]) + idf(n, df[20]), "undated": idf(n, df[10])}
    assert [i for i, _ in ranked] == sorted(expected, key=lambda i: (-expected[i], i))
    for article_id, score in ranked:
        assert score == pytest.approx(expected[article_id])

    window = store.term_candidates([10, 20, 30], published_from=date(2024, 5, 1),
                                   published_to=date(2024, 5, 31), exclude="q")
    assert {i for i, _ in window} == {"rare", "common", "undated"}
    after = store.term_candidates([10, 20, 30], published_from=date(2024, 5, 12))
    assert {i for i, _ in after} == {"common", "undated"}
    assert [i for i, _ in store.term_candidates([10, 20, 30], exclude="q", limit=2)] == \
        [i for i, _ in ranked][:2]
    capped = store.term_candidates([10, 20, 30], exclude="q", max_df=3)
    assert {i for i, _ in capped} == {"rare", "common", "old"}  # term 10 (df 4) left out
    assert store.term_candidates([]) == []
    assert store.term_df([10, 30, 12345]) == {10: 4, 30: 2, 12345: 0}


def test_reindex_recomputes_fingerprints(store, fake_fp, monkeypatch):
    store.ingest([art(f"Text {i}.", id=f"t{i}", metadata={"bands": [i]}) for i in range(5)])
    assert store.band_candidates([0]) == {"t0": 1}

    def shifted(article: Article) -> Fingerprint:
        fp = fake_fingerprint(article)
        fp.bands = [b + 100 for b in fp.bands]
        return fp

    monkeypatch.setattr(ingest_module, "_fingerprint", shifted)
    assert store.reindex(batch=2) == 5
    assert store.band_candidates([0]) == {}
    assert store.band_candidates([104]) == {"t4": 1}
    assert store.reindex(missing_only=True) == 0


# -- analyses -----------------------------------------------------------------------


def test_analyses_are_kept_newest_first(store, fake_fp):
    store.ingest([art("Some text.", id="x")])
    assert store.analysis("x") is None
    store.save_analysis("x", {"unspin_version": "0.1.0", "findings": [1]})
    store.save_analysis("x", {"unspin_version": "0.1.0", "findings": [2]})
    assert store.analysis("x") == {"unspin_version": "0.1.0", "findings": [2]}
    assert list(store.iter_unanalysed(version="0.1.0")) == []
    assert [a.id for a in store.iter_unanalysed(version="9.9")] == ["x"]


def test_term_document_frequencies_follow_the_postings(store, fake_fp, monkeypatch):
    from sqlalchemy import func, select

    from unspin.store import tables as t

    def stats_and_counts():
        with store.engine.connect() as connection:
            stats = dict(connection.execute(select(t.term_stats.c.term, t.term_stats.c.df)).all())
            counted = dict(connection.execute(select(t.terms.c.term, func.count())
                                              .group_by(t.terms.c.term)).all())
        return stats, counted

    store.ingest([art(f"Text {i}.", metadata={"terms": [1, 2, i, i, 100 + i % 2]}) for i in range(6)],
                 batch_size=4)
    stats, counted = stats_and_counts()
    assert stats == counted and stats[1] == 6 and stats[100] == 3 and stats[2] == 6  # once per article

    monkeypatch.setattr(ingest_module, "_fingerprint", lambda a: Fingerprint(
        minhash=np.zeros(NUM_PERM, dtype=np.uint64), terms=[7]))
    store.reindex(batch=4)
    assert stats_and_counts() == ({7: 6}, {7: 6})


def test_nul_characters_are_refused_alike_on_every_backend(store, fake_fp):
    report = store.ingest([art("Bad\x00text.", source="x.jsonl:1"),
                           art("Fine text.", metadata={"note": "nul\x00here", "when": date(2024, 1, 2)}),
                           art("Good text.", metadata={"when": date(2024, 1, 2)}, id="good")])
    assert (report.added, report.errors) == (1, 2)
    assert store.errors()[0]["source"] == "x.jsonl:1"
    assert "NUL" in store.errors()[0]["reason"]
    assert store.article("good").metadata == {"when": "2024-01-02"}


def test_idf_count_is_refreshed_after_ingest(store):
    store.ingest([art("The ferry carried 214 passengers to Kucherovka.", id="a")])
    assert store.idf_total() == 1
    store.ingest([art("A second text about 214 passengers and a ferry.", id="b")])
    assert store.idf_total() == 2  # ingest drops the cached count


# -- the read path a trace uses ---------------------------------------------------------


def test_one_connection_serves_every_read_of_its_block_and_thread(store, fake_fp):
    import threading

    from sqlalchemy import event

    store.ingest([art("First text here.", id="a1"), art("Second text there.", id="a2")])
    checkouts = []
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(threading.get_ident()))
    store.article("a1")
    store.articles(["a1", "a2"])
    assert len(checkouts) == 2  # outside a block: a connection per read
    checkouts.clear()
    seen_elsewhere = []
    with store.one_connection():
        store.article("a1")
        with store.one_connection():  # nested: the same connection
            store.stored_fingerprints(["a1", "a2"])
        store.term_df([1, 2])
        worker = threading.Thread(target=lambda: seen_elsewhere.append(store.article("a2")))
        worker.start()
        worker.join()
    assert [a.id for a in seen_elsewhere] == ["a2"]
    main = threading.get_ident()
    assert checkouts.count(main) == 1  # the block's reads shared one checkout
    assert len(checkouts) == 2  # the other thread took its own
    store.article("a1")  # after the block: pooled again
    assert len(checkouts) == 3


def test_pool_rows_give_what_the_three_single_reads_give(store, fake_fp):
    store.ingest([art("A first article text.", id="p1", metadata={"numbers": ["7"]}),
                  art("A second article, with vectors.", id="p2", published=date(2025, 3, 1)),
                  art("A third one.", id="p3")])
    store.save_vector_rows("enc", {"p2": (b"\x00\x3c" * 4, b"\x00\x3c" * 8, [[0, 5], [6, 12]])})
    rows = {article.id: (article, stored, vectors)
            for article, stored, vectors in store.pool_rows(["p3", "p2", "p1", "unknown"], "enc")}
    assert set(rows) == {"p1", "p2", "p3"}
    singles = {a.id: a for a in store.articles(["p1", "p2", "p3"])}
    fingerprints = store.stored_fingerprints(["p1", "p2", "p3"])
    vectors = store.vector_rows(["p1", "p2", "p3"], "enc")
    for key, (article, stored, vector_row) in rows.items():
        assert article == singles[key]
        assert np.array_equal(stored[0], fingerprints[key][0]) and stored[1] == fingerprints[key][1]
        assert vector_row == vectors.get(key)
    assert rows["p2"][2] == (b"\x00\x3c" * 8, [[0, 5], [6, 12]])
    assert rows["p1"][2] is None  # no vectors from this encoder
    assert store.pool_rows(["p2"], "other encoder")[0][2] is None
    assert store.pool_rows([], "enc") == []


def test_wide_vectors_round_trip_apart_from_the_sentence_vectors(store, fake_fp):
    store.ingest([art("One article.", id="w1"), art("Another article.", id="w2")])
    store.save_vector_rows("enc", {"w1": (b"\x00\x3c" * 4, b"\x00\x3c" * 4, [[0, 5]])})
    store.save_wide_vectors("e5", {"w1": b"\x01\x02" * 3, "w2": b"\x03\x04" * 3, "nobody": b"\x00\x00"})
    assert store.wide_vectors(["w1", "w2", "nobody"], "e5") == {"w1": b"\x01\x02" * 3, "w2": b"\x03\x04" * 3}
    assert store.wide_vectors(["w1"], "other encoder") == {} and store.wide_vectors([], "e5") == {}
    store.save_wide_vectors("e5", {"w1": b"\x05\x06" * 3})  # replaced, not added
    assert store.wide_vectors(["w1"], "e5") == {"w1": b"\x05\x06" * 3}
    assert set(store.vector_rows(["w1"], "enc")) == {"w1"}  # the sentence vectors are untouched


def test_the_whole_stores_wide_vectors_with_their_languages(store, fake_fp):
    store.ingest([art("One article.", id="w1"), art("Makala moja.", id="w2", language="sw"),
                  art("Third article.", id="w3")])
    assert store.stored_languages() == {"en", "sw"}
    assert store.ids_without_wide_vectors("e5") == ["w1", "w2", "w3"]
    assert store.ids_without_wide_vectors("e5", limit=1) == ["w1"]
    ids, languages, matrix = store.wide_document_vectors("e5")
    assert ids == [] and languages == [] and matrix.size == 0
    one = np.array([1.0, 0.0], dtype="<f2").tobytes()
    two = np.array([0.0, 1.0], dtype="<f2").tobytes()
    store.save_wide_vectors("e5", {"w1": one, "w2": two})
    ids, languages, matrix = store.wide_document_vectors("e5")
    assert ids == ["w1", "w2"] and languages == ["en", "sw"]
    assert matrix.dtype == np.float32 and np.array_equal(matrix, [[1.0, 0.0], [0.0, 1.0]])
    assert store.wide_document_vectors("e5")[2] is matrix  # cached ...
    store.save_wide_vectors("e5", {"w3": one})
    assert store.wide_document_vectors("e5")[0] == ["w1", "w2", "w3"]  # ... until this store saves
    assert store.ids_without_wide_vectors("e5") == [] and store.ids_without_wide_vectors("other") == ["w1", "w2", "w3"]


def test_long_id_and_term_lists_are_read_alike(store, fake_fp):
    # On PostgreSQL the read path sends such lists as one array parameter (ANY)
    store.ingest([art(f"Article number {i} with its words.", id=f"x{i}", metadata={"terms": [i, 1000 + i % 3]})
                  for i in range(300)])
    ids = [f"x{i}" for i in range(299, -1, -1)] + ["missing"]
    assert [a.id for a in store.articles(ids)] == ids[:-1]
    assert set(store.stored_fingerprints(ids)) == set(ids[:-1])
    df = store.term_df(list(range(300)) + [1000, 1001, 1002, 99999])
    assert all(df[i] == 1 for i in range(300)) and [df[1000], df[1001], df[1002], df[99999]] == [100, 100, 100, 0]


def test_stored_candidates_are_read_only_when_a_batch_run_saved_pairs(store, fake_fp):
    from sqlalchemy import event

    store.ingest([art("One.", id="c1"), art("Two.", id="c2"), art("Three.", id="c3")])
    statements = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    assert store.stored_candidates("c1") == {}
    assert store.stored_candidates("c2") == {}
    assert sum("candidate_pairs" in s for s in statements) == 1  # one check, then none
    store.save_candidate_pairs([("c1", "c2", 3, 0.9), ("c3", "c1", 0, 0.7), ("c2", "c3", 1, None)])
    assert store.stored_candidates("c1") == {"c2": (3, 0.9), "c3": (0, 0.7)}
    assert store.stored_candidates("c3") == {"c1": (0, 0.7), "c2": (1, None)}
    assert store.stored_candidates("c1", limit=1) == {"c2": (3, 0.9)}  # pairs are kept as (lower id, higher)
    assert store.stored_candidates("c2", limit=1) == {"c1": (3, 0.9), "c3": (1, None)}  # up to 1 each way
