"""Tracing candidates on a Dask local cluster of 2 workers: the pairs equal a brute-force
single-process computation over the same articles, load into a store (SQLite and PostgreSQL) and
reach trace's candidate pool."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest

pytest.importorskip("distributed")
pytest.importorskip("usearch.index")  # after conftest loaded onnxruntime (unspin/ann.py says why)

from unspin.engine.candidates import find_candidates, read_pairs  # noqa: E402
from unspin.model import Article  # noqa: E402
from unspin.trace.encoder import multilingual_encoder  # noqa: E402
from unspin.trace.fingerprint import band_keys, minhash_values  # noqa: E402

WIRE = ("The regional governor said on Tuesday that air defences shot down eleven drones over the port city "
        "overnight, and that falling debris damaged a warehouse and two cars near the grain terminal. Nobody "
        "was hurt, he said, and the terminal kept working through the night while crews cleared the road.")
COPY = WIRE.replace("on Tuesday", "on Tuesday morning")
OTHER = ("A new bakery opened on the main square, selling rye bread to a queue that stretched around the "
         "block; the owner said she had saved for six years and hired four people from the neighbourhood.")
TRANSLATION = ("Губернатор области заявил во вторник, что ПВО ночью сбила одиннадцать беспилотников над портовым "
               "городом, а обломки повредили склад и две машины у зернового терминала.")


def corpus() -> list[dict]:
    texts = {"wire": WIRE, "copy": COPY, "bakery": OTHER, "ru": TRANSLATION}
    return [{"id": key, "text": text, "published": "2025-12-09"} for key, text in texts.items()]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("candidates")
    rows = corpus()
    (folder / "in").mkdir()
    (folder / "in" / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n")
    (folder / "in" / "b.jsonl").write_text("\n".join(json.dumps(r) for r in rows[2:]) + "\n")
    report = find_candidates([str(folder / "in")], folder / "out", workers=2, neighbours=2)
    return folder, report


def brute_force(rows: list[dict], neighbours: int) -> dict[tuple[str, str], tuple[int, float | None]]:
    bands = {r["id"]: set(band_keys(minhash_values(r["text"]))) for r in rows}
    docs = dict(zip([r["id"] for r in rows],
                    (v.document for v in multilingual_encoder().many_article_vectors([r["text"] for r in rows]))))
    pairs: dict[tuple[str, str], list] = {}
    for a, b in combinations(sorted(bands), 2):
        shared = len(bands[a] & bands[b])
        if shared:
            pairs[(a, b)] = [shared, None]
    for a in docs:
        scores = sorted(((float(np.dot(docs[a], docs[b])), b) for b in docs if b != a), reverse=True)[:neighbours]
        for cosine, b in scores:
            key = tuple(sorted((a, b)))
            pairs.setdefault(key, [0, None])[1] = cosine
    return {k: (v[0], v[1]) for k, v in pairs.items()}


def test_the_cluster_finds_the_pairs_a_single_process_finds(run):
    folder, report = run
    assert report.articles == 4 and report.failed == [] and report.errors == 0
    got = {(a, b): (shared, cosine) for a, b, shared, cosine in read_pairs(folder / "out")}
    want = brute_force(corpus(), neighbours=2)
    assert set(got) == set(want)
    for key, (shared, cosine) in want.items():
        assert got[key][0] == shared
        assert (got[key][1] is None) == (cosine is None)
        if cosine is not None:
            assert abs(got[key][1] - cosine) < 0.01  # float16 vectors in the index
    assert got[("copy", "wire")][0] > 0  # the near-verbatim copy shares bands
    assert ("ru", "wire") in got  # the translation is a vector neighbour
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    assert manifest["pairs"] == len(got)


def test_pairs_load_into_the_store_and_reach_the_trace_pool(run, store):
    from unspin.engine.load import load_candidates
    from unspin.trace.trace import _candidate_ids

    folder, _ = run
    store.ingest([Article(text=r["text"], id=r["id"]) for r in corpus() if r["id"] != "bakery"])

    report = load_candidates(store, folder / "out")
    assert report.pairs > 0 and report.left_out > 0  # the pairs with "bakery", not stored
    stored = store.stored_candidates("ru")
    assert "wire" in stored and stored["wire"][1] is not None
    assert "bakery" not in stored  # not in the store: left out
    # a loaded pair joins trace's pool even where the store's own indexes would not find it
    ids, _ = _candidate_ids(store, store.article("ru"), bands=[], terms=[], window_days=None)
    assert "wire" in ids
    # loading again adds nothing twice
    load_candidates(store, folder / "out")
    assert store.stored_candidates("ru") == stored


def test_fingerprints_made_on_the_cluster_are_the_ones_ingest_would_make(run, store, tmp_path):
    from unspin.engine.candidates import read_fingerprints
    from unspin.store import open_store

    folder, _ = run
    precomputed = read_fingerprints(folder / "out")
    assert len(precomputed) == 4
    articles = [Article(text=r["text"], id=r["id"]) for r in corpus()]
    report = store.ingest([Article(text=a.text, id=a.id) for a in articles], fingerprints=precomputed)
    assert report.added == 4
    reference = open_store(str(tmp_path / "reference.db"))
    try:
        reference.ingest([Article(text=a.text, id=a.id) for a in articles])
        ids = [a.id for a in articles]
        got, want = store.stored_fingerprints(ids), reference.stored_fingerprints(ids)
        assert set(got) == set(want) == set(ids)
        for key in ids:
            assert np.array_equal(got[key][0], want[key][0]) and got[key][1] == want[key][1]
        assert store.band_candidates(list(band_keys(minhash_values(WIRE))), exclude="wire") == \
            reference.band_candidates(list(band_keys(minhash_values(WIRE))), exclude="wire")
        assert [store.article(i).language for i in ids] == [reference.article(i).language for i in ids]
    finally:
        reference.close()


def test_the_command_line_round_trip(tmp_path, capsys):
    from unspin.cli import main
    from unspin.store import open_store

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in corpus()) + "\n")
    out = tmp_path / "cand"
    assert main(["candidates", str(feed), "--out", str(out), "--workers", "1", "--no-vectors", "--no-progress"]) == 0
    db = tmp_path / "s.db"
    assert main(["ingest", str(feed), "--db", str(db), "--fingerprints", str(out), "--no-progress"]) == 0
    assert main(["ingest", "--db", str(db), "--candidates", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "4 precomputed fingerprint(s)" in err and "stored 1 candidate pair(s)" in err
    with open_store(str(db)) as store:
        assert set(store.stored_candidates("wire")) == {"copy"}
    assert main(["ingest", "--db", str(db), "--candidates", str(tmp_path)]) == 2  # no pairs/ there
