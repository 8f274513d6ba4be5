"""e5 vectors for the languages USE-m does not cover (unspin.trace.wide), alone and in a trace."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from unspin.model import Article
from unspin.read import read_inputs
from unspin.trace.trace import gather
from unspin.trace import wide as wide_module
from unspin.trace.trace import _wide_candidates
from unspin.trace.wide import (WIDE_ENCODER_NAME, WideIndex, covered, csls, ensure_wide_vectors, fill_wide_vectors,
                               lead, needs_wide, pool_csls, wide_encoder)

CORPUS = Path(__file__).parent / "fixtures" / "trace" / "corpus.jsonl"

# A Swahili machine-translation-style rewrite of the fixture's kuch-r1 (written for this test),
# and a Swahili text about something else.
SWAHILI_REWRITE = (
    "Kijiji kimoja tulivu katika mkoa wa Belgorod nchini Urusi kilitikiswa tarehe 14 Novemba wakati "
    "ndege isiyo na rubani ya Ukraine ilipopiga Kucherovka, katika wilaya ya Volokonovsky, kwa mujibu wa "
    "Gavana Vyacheslav Gladkov. Gladkov alisema watu wawili walijeruhiwa: mwanamume aliyezaliwa mwaka 1967 "
    "na mwanamke aliyezaliwa mwaka 1972. Wote wawili walipelekwa katika hospitali kuu ya Volokonovsky. "
    "Shambulio hilo liliharibu nyumba tatu za watu binafsi, njia ya umeme na magari 15. Wateja wapatao "
    "1,450 waliachwa bila umeme.")
SWAHILI_OTHER = (
    "Serikali ya Tanzania imetangaza mpango mpya wa kujenga shule za sekondari katika mikoa ya Dodoma na "
    "Mwanza. Waziri wa elimu alisema ujenzi utaanza mwezi Januari na utagharimu shilingi bilioni 40. "
    "Wazazi wengi wamekaribisha habari hiyo, wakisema watoto wao walikuwa wakitembea umbali mrefu kwenda shule.")


def test_coverage_follows_the_sentence_encoders_training_languages():
    assert covered("en") and covered("ru") and covered("es")
    assert not covered("sw") and not covered("hi") and not covered("uk") and not covered("vi")
    assert not needs_wide("en", ["en", "ru", "de"])
    assert needs_wide("sw", ["en"]) and needs_wide("en", ["en", "hi"])


def test_lead_cuts_at_a_word_boundary():
    text = "word " * 300
    cut = lead(text, 50)
    assert len(cut) <= 50 and cut.endswith("word") and lead("short  text") == "short text"


def test_pool_csls_prefers_a_pair_closer_than_its_neighbourhood():
    # query 0; candidate 1 is its near copy; 2-4 are a crowd that is close to everything
    rng = np.random.default_rng(0)
    base = rng.normal(size=8)
    crowd = base + 0.3 * rng.normal(size=(4, 8))
    query = base + rng.normal(size=8)
    near = query + 0.1 * rng.normal(size=8)
    rows = np.vstack([query, near, crowd[:3]])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    scores = pool_csls(rows, neighbours=2)
    sim = rows @ rows.T
    np.fill_diagonal(sim, -np.inf)
    r = np.sort(sim, axis=1)[:, ::-1][:, :2].mean(axis=1)
    assert np.allclose(scores, 2 * sim[0, 1:] - r[0] - r[1:])
    assert int(np.argmax(scores)) == 0  # the near copy
    assert pool_csls(rows[:1]).shape == (0,)


def test_e5_puts_a_swahili_rewrite_next_to_its_english_source():
    english = next(a for a in read_inputs([str(CORPUS)]) if getattr(a, "id", "") == "kuch-r1")
    vectors = wide_encoder().encode([SWAHILI_REWRITE, english.text, SWAHILI_OTHER])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.05


def test_a_pool_with_a_swahili_rewrite_gets_wide_similarity_and_keeps_the_vectors(store, monkeypatch):  # noqa: F811
    store.ingest(read_inputs([str(CORPUS)]))
    store.ingest([Article(text=SWAHILI_REWRITE, id="kuch-sw", language="sw",
                          url="https://farm-sw.example.com/kucherovka", title="Kucherovka")])
    query = store.article("kuch-sw")
    pool = {c.article.id: c.evidence for c in gather(store, query)}
    assert "kuch-r1" in pool
    scored = {key: ev.wide_similarity for key, ev in pool.items()}
    assert all(value != 0.0 for value in scored.values())  # a Swahili query: every pair
    story = {"kuch-o1", "kuch-c1", "kuch-r1", "kuch-r2", "kuch-i1"}
    assert max(scored, key=scored.get) in story
    if "kuch-d1" in scored:  # the same village, another event
        assert scored["kuch-r1"] > scored["kuch-d1"]
    stored = store.wide_vectors(["kuch-sw", *pool], WIDE_ENCODER_NAME)
    assert set(stored) == {"kuch-sw", *pool}

    # an English query: only its pairs with the Swahili text are judged by e5
    english = store.article("kuch-r2")
    calls = []
    real_encode = type(wide_encoder()).encode
    monkeypatch.setattr(type(wide_encoder()), "encode", lambda self, texts: calls.append(len(texts)) or
                        real_encode(self, texts))
    pool = {c.article.id: c.evidence for c in gather(store, english)}
    for key, ev in pool.items():
        if key == "kuch-sw":
            assert ev.wide_similarity != 0.0
        else:
            assert ev.wide_similarity == 0.0
    assert sum(calls) <= 1  # every pool member but the query itself was encoded and stored before
    again = ensure_wide_vectors(store, [english])
    assert again["kuch-r2"].shape == (384,)


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_wide_index_gives_an_uncovered_article_its_neighbours_and_them_it():
    # hi1 (Hindi) is close to en1 and ru1; en2, en3 are about something else
    ids = ["en1", "en2", "en3", "hi1", "ru1"]
    matrix = _unit([[1, 0.1, 0], [0, 1, 0], [0, 1, 0.2], [1, 0, 0.1], [0.9, 0.2, 0]])
    index = WideIndex(ids, ["en", "en", "en", "hi", "ru"], matrix, k=2)
    assert index.candidates("hi1", uncovered=True) == ["en1", "ru1"]
    assert index.candidates("en1", uncovered=False) == ["hi1"]  # the reverse lookup
    assert index.candidates("en2", uncovered=False) == []
    # an uncovered article the index has not seen is searched by its vector, asked for only then
    asked = []
    found = index.candidates("hi2", uncovered=True, vector=lambda: asked.append(1) or _unit([[1, 0, 0]])[0])
    assert found == ["en1", "hi1"] and asked == [1]
    assert WideIndex(ids, ["en"] * 5, matrix).nearest == {}  # nothing uncovered: nothing to search


def test_csls_measures_neighbourhoods_over_the_store_not_the_pool():
    rng = np.random.default_rng(1)
    store_rows = _unit(rng.normal(size=(30, 6)))
    pool = store_rows[[0, 1, 2, 3]]
    ids = ["s0", "s1", "s2", "s3"]
    over_store = csls(pool, ids, [f"s{i}" for i in range(30)], store_rows, neighbours=5)
    sim = store_rows @ store_rows.T
    np.fill_diagonal(sim, -np.inf)
    r = np.sort(sim, axis=1)[:, ::-1][:, :5].mean(axis=1)
    assert np.allclose(over_store, 2 * sim[0, 1:4] - r[0] - r[1:4])
    # a pool member the store lacks joins the reference; with no store it is the pool CSLS
    extra = np.vstack([pool, _unit(rng.normal(size=(1, 6)))])
    assert csls(extra, ids + ["new"], [f"s{i}" for i in range(30)], store_rows).shape == (4,)
    assert np.allclose(csls(pool, ids), pool_csls(pool))


class _FakeE5:
    def __init__(self):
        self.calls = []

    def encode(self, texts):
        self.calls.append(len(texts))
        return _unit(np.ones((len(texts), 384)))


def test_fill_encodes_the_whole_store_only_when_an_uncovered_language_is_stored(store, monkeypatch):  # noqa: F811
    fake = _FakeE5()
    monkeypatch.setattr(wide_module, "wide_encoder", lambda: fake)
    store.ingest(read_inputs([str(CORPUS)]))
    assert fill_wide_vectors(store) == 0 and fake.calls == []  # covered languages only: no model
    store.ingest([Article(text=SWAHILI_REWRITE, id="kuch-sw", language="sw",
                          url="https://farm-sw.example.com/kucherovka", title="Kucherovka")])
    seen = []
    made = fill_wide_vectors(store, batch=4, progress=seen.append)
    assert made == store.count() and seen[-1] == made and max(fake.calls) <= 4
    assert store.ids_without_wide_vectors(WIDE_ENCODER_NAME) == []
    assert fill_wide_vectors(store) == 0  # once per store


def test_after_the_fill_a_swahili_rewrite_and_its_english_source_find_each_other(store):  # noqa: F811
    store.ingest(read_inputs([str(CORPUS)]))
    store.ingest([Article(text=SWAHILI_REWRITE, id="kuch-sw", language="sw",
                          url="https://farm-sw.example.com/kucherovka", title="Kucherovka")])
    fill_wide_vectors(store)
    story = {"kuch-o1", "kuch-c1", "kuch-r1", "kuch-r2", "kuch-i1"}
    from unspin.trace.trace import _Fetched

    found = _wide_candidates(store, store.article("kuch-sw"), _Fetched())
    assert "kuch-r1" in found and found[0] in story
    assert "kuch-sw" in _wide_candidates(store, store.article("kuch-r1"), _Fetched())  # and back
