"""Provenance tracing core: skeleton, fingerprint, similarity, relations, alignment.

Store-dependent tests run on ``FakeStore``, an in-memory stand-in with the
methods of ``unspin.store.Store`` that tracing reads (tests/test_trace_store.py
repeats the main checks on the real store, SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from unspin.model import Article
from unspin.read import read_inputs
from unspin.trace.align import align
from unspin.trace.fingerprint import BANDS, NUM_PERM, fingerprint
from unspin.trace.normalize import latin_key, sentences
from unspin.trace.relate import PairEvidence, classify, direction
from unspin.trace.similarity import (char_tfidf_cosine, minhash_jaccard, order_agreement,
                                     skeleton_overlap)
from unspin.trace.skeleton import extract, hash_term
from unspin.trace.trace import NotFound, Relative, relations_for_corpus, trace

CORPUS = Path(__file__).parent / "fixtures" / "trace" / "corpus.jsonl"


class FakeStore:
    """In-memory stand-in with the methods of unspin.store.Store that tracing uses."""

    def __init__(self, articles=()):
        self._articles: dict[str, Article] = {}
        self._fp = {}
        self._bands: dict[int, set[str]] = {}
        self._terms: dict[int, set[str]] = {}
        for article in articles:
            self.add(article)

    def add(self, article: Article) -> None:
        fp = fingerprint(article)
        self._articles[article.id] = article
        self._fp[article.id] = fp
        for band in fp.bands:
            self._bands.setdefault(band, set()).add(article.id)
        for term in fp.terms:
            self._terms.setdefault(term, set()).add(article.id)

    def article(self, key):
        if key in self._articles:
            return self._articles[key]
        return next((a for a in self._articles.values() if a.url == key), None)

    def articles(self, ids):
        return [self._articles[i] for i in ids if i in self._articles]

    def iter_articles(self, batch=1000):
        return iter(sorted(self._articles.values(), key=lambda a: a.id))

    def count(self):
        return len(self._articles)

    def idf_total(self) -> int:
        return self.count()

    def stored_fingerprint(self, article_id):
        fp = self._fp.get(article_id)
        return (fp.minhash, fp.skeleton) if fp else None

    def stored_fingerprints(self, article_ids):
        return {i: found for i in article_ids if (found := self.stored_fingerprint(i))}

    def band_candidates(self, bands, *, exclude=None, limit=200):
        hits: dict[str, int] = {}
        for band in bands:
            for aid in self._bands.get(band, ()):
                if aid != exclude:
                    hits[aid] = hits.get(aid, 0) + 1
        return dict(sorted(hits.items(), key=lambda kv: -kv[1])[:limit])

    def term_candidates(self, terms, *, published_from=None, published_to=None, exclude=None, limit=200):
        n = len(self._articles)
        scores: dict[str, float] = {}
        for term in set(terms):
            holders = self._terms.get(term, set())
            for aid in holders:
                published = self._articles[aid].published
                if aid == exclude or (published and (
                        (published_from and published < published_from)
                        or (published_to and published > published_to))):
                    continue
                scores[aid] = scores.get(aid, 0.0) + math.log(1 + n / len(holders))
        return sorted(scores.items(), key=lambda kv: -kv[1])[:limit]

    def term_df(self, terms):
        return {t: len(self._terms[t]) for t in terms if t in self._terms}

    # multilingual vectors, kept in memory like the store keeps them in a table
    def vector_rows(self, article_ids, encoder):
        rows = getattr(self, "_vectors", {})
        return {i: (rows[i][1], rows[i][2]) for i in article_ids if i in rows}

    def save_vector_rows(self, encoder, rows):
        self._vectors = {**getattr(self, "_vectors", {}),
                         **{k: v for k, v in rows.items() if k in self._articles}}

    def document_vectors(self, encoder):
        rows = getattr(self, "_vectors", {})
        ids = sorted(rows)
        if not ids:
            return [], np.zeros((0, 512), dtype=np.float32)
        matrix = np.frombuffer(b"".join(rows[i][0] for i in ids), dtype="<f2").astype(np.float32)
        matrix = matrix.reshape(len(ids), -1)
        return ids, matrix

    def close(self):
        pass


def corpus_articles() -> list[Article]:
    return [a for a in read_inputs([str(CORPUS)]) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def fake_store() -> FakeStore:
    return FakeStore(corpus_articles())


def relation_to(relatives: list[Relative], article_id: str) -> Relative | None:
    return next((r for r in relatives if r.article_id == article_id), None)


# --- skeleton ----------------------------------------------------------------

def test_numbers_are_normalised_and_trivial_ones_skipped():
    terms = extract("2,113 subscribers; 2 113 абонентов; 1,5 млн рублей; 10 million; 7 dead; 2.5 km").terms
    assert "n:2113" in terms
    assert "n:1500000" in terms and "n:10000000" in terms
    assert "n:2.5" in terms
    assert "n:7" not in terms


def test_russian_and_english_dates_meet():
    assert extract("5 декабря во дворе").terms == extract("On December 5, in the courtyard").terms == ["d:12-05"]
    assert "d:12-05" in extract("Dec. 5th").terms and "d:01-02" in extract("on 2025-01-02").terms


def test_cyrillic_names_meet_their_transliteration():
    assert latin_key("Кучеровке") == latin_key("Kucherovka") == "kucer"
    assert latin_key("Энергодара") == latin_key("Enerhodar")
    assert latin_key("Пухов") == latin_key("Puhov")
    ru = extract("Беспилотник атаковал село Кучеровка, сообщил Гладков.")
    en = extract("A drone struck the village of Kucherovka, Gladkov said.")
    assert {"p:kucer", "p:hladk"} <= set(ru.terms) & set(en.terms)  # g/h folded


def test_sentence_initial_words_are_names_only_when_seen_mid_sentence():
    terms = extract("However, the drone fell. Gladkov said so. Officials thanked Gladkov.").terms
    assert "p:hladk" in terms
    assert "p:howev" not in terms


def test_quotes_are_terms_and_keep_their_text():
    skeleton = extract("“We will rebuild every house,” he said. «Мы восстановим каждый дом», — сказал он.")
    quotes = [i.text for i in skeleton.items if i.kind == "quote"]
    assert quotes == ["We will rebuild every house,", "Мы восстановим каждый дом"]
    assert skeleton.to_json()["quotes"] == quotes


def test_term_hashes_are_signed_64_bit_and_stable():
    value = hash_term("p:kucer")
    assert value == hash_term("p:kucer")
    assert -(2 ** 63) <= value < 2 ** 63


# --- fingerprint -------------------------------------------------------------

def test_fingerprint_shapes_and_types():
    article = corpus_articles()[0]
    fp = fingerprint(article)
    assert fp.minhash.dtype == np.uint64 and fp.minhash.shape == (NUM_PERM,)
    assert len(fp.bands) == BANDS and all(-(2 ** 63) <= b < 2 ** 63 for b in fp.bands)
    assert len(fp.terms) == len(set(fp.terms)) > 5
    json.dumps(fp.skeleton)  # JSON-able
    assert fp.skeleton["order"][0].startswith(("p:", "n:", "d:", "q:"))


def test_identical_texts_share_all_bands_and_different_ones_none():
    a = Article(text="The quick brown fox jumps over the lazy dog near the river bank today.")
    b = Article(text=a.text, id="other")
    c = Article(text="Completely different words appear in this sentence about markets and prices.")
    assert fingerprint(a).bands == fingerprint(b).bands
    assert not set(fingerprint(a).bands) & set(fingerprint(c).bands)


def test_empty_text_has_no_bands():
    fp = fingerprint(Article(text="  ", id="blank"))
    assert fp.bands == [] and fp.terms == []


# --- similarity --------------------------------------------------------------

def test_char_tfidf_prefers_the_paraphrase():
    source = "The governor said two people were wounded and taken to the central hospital."
    paraphrase = "Two people were wounded, the governor said, and were taken to the central hospital."
    unrelated = "Oil prices rose on Monday as traders weighed new supply data from the cartel."
    para, other = char_tfidf_cosine(source, [paraphrase, unrelated])
    assert para > 0.5 > other


def test_minhash_jaccard_and_order():
    assert minhash_jaccard(np.arange(4), np.array([0, 1, 9, 9])) == 0.5
    assert order_agreement(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == 1.0
    assert order_agreement(["a", "b", "c", "d"], ["d", "c", "b", "a"]) == 0.25
    assert order_agreement(["a", "b"], ["a", "b"]) == 0.0  # too few shared terms to say
    jac, cover_a, cover_b = skeleton_overlap(["a", "b"], ["b", "c", "d"], {"a": 1, "b": 1, "c": 1, "d": 1})
    assert (jac, cover_a, cover_b) == (0.25, 0.5, pytest.approx(1 / 3))


def _reference_ngram_hashes(text):
    """The n-gram hashes as first written: each size hashed from scratch."""
    from unspin.trace.similarity import _BASE, _MIX, _NON_WORD, HASH_BITS, NGRAM_SIZES

    flat = " " + _NON_WORD.sub(" ", text.casefold()).strip() + " "
    codes = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    pieces = []
    with np.errstate(over="ignore"):
        for n in NGRAM_SIZES:
            if len(codes) < n:
                continue
            h = np.full(len(codes) - n + 1, np.uint64(n), dtype=np.uint64)
            for j in range(n):
                h = h * _BASE + codes[j:len(codes) - n + 1 + j]
            pieces.append((h * _MIX) >> np.uint64(64 - HASH_BITS))
    return np.concatenate(pieces).astype(np.int64) if pieces else np.zeros(0, dtype=np.int64)


SIMILARITY_TEXTS = ["", "a", "ab", "abc", "abcd", "!!! ?", "The governor said two people were wounded.",
                    "Губернатор сообщил: двое раненых доставлены в больницу №3.", "Straße İstanbul ǅ 😀 x 😀",
                    "Two people were wounded, the governor said, and were taken to the central hospital. " * 3,
                    "Oil prices rose on Monday as traders weighed new supply data from the cartel."]


def test_ngram_hashes_and_counts_match_the_plain_computation():
    from unspin.trace.similarity import _ngram_hashes, char_ngram_counts

    for text in SIMILARITY_TEXTS:
        reference = _reference_ngram_hashes(text)
        hashes = _ngram_hashes(text)
        assert hashes.dtype == np.int64 and np.array_equal(hashes, reference)
        buckets, counts = char_ngram_counts(text)
        expected_buckets, expected_counts = np.unique(reference, return_counts=True)
        assert np.array_equal(buckets, expected_buckets) and np.array_equal(counts, expected_counts)


def test_char_tfidf_matches_the_sparse_computation():
    """cosine_to (bincounts over the bucket space) gives the numbers of the plain sparse
    TF-IDF (np.unique vocabulary, sparse product), bit for bit."""
    from scipy import sparse

    from unspin.trace.similarity import CharTfidf

    pools = [SIMILARITY_TEXTS, SIMILARITY_TEXTS[::-1], SIMILARITY_TEXTS[4:6], [""], ["", ""]]
    for texts in pools:
        n = len(texts)
        distinct = [np.unique(_reference_ngram_hashes(t), return_counts=True) for t in texts]
        model = CharTfidf(texts)
        if not sum(len(b) for b, _ in distinct):
            assert not model.cosine_to(0).any() and model.pairwise().shape == (n, n)
            continue
        rows = np.repeat(np.arange(n), [len(b) for b, _ in distinct])
        counts = np.concatenate([c for _, c in distinct])
        vocab, columns = np.unique(np.concatenate([b for b, _ in distinct]), return_inverse=True)
        df = np.bincount(columns, minlength=len(vocab))
        values = (1.0 + np.log(counts)) * (np.log((1.0 + n) / (1.0 + df)) + 1.0)[columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
        norms[norms == 0] = 1.0
        values = values / norms[rows]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        matrix = sparse.csr_matrix((values, columns, indptr), shape=(n, len(vocab)))
        for index in range(n):
            expected = np.asarray(matrix @ matrix[index].toarray().ravel()).ravel()
            assert np.array_equal(model.cosine_to(index), expected)
        assert np.array_equal(model.pairwise(), (matrix @ matrix.T).toarray())
        assert np.array_equal(model.cosine_to(-1), model.cosine_to(n - 1))
        with pytest.raises(IndexError):
            model.cosine_to(n)


def test_query_skeleton_compare_matches_the_pairwise_functions():
    from unspin.trace.similarity import QuerySkeleton

    rng = np.random.default_rng(3)
    vocabulary = [f"p:t{i}" for i in range(30)] + [f"n:{i}" for i in range(10)]
    idf = {t: float(rng.uniform(0.5, 9.0)) for t in vocabulary}
    lists = [[], ["p:t1"], ["p:t1", "p:t2", "p:t1"]] + [
        list(rng.choice(vocabulary, size=int(rng.integers(1, 40)))) for _ in range(40)]
    for query in lists:
        for weights in (idf, None):
            prepared = QuerySkeleton(query, weights)
            for other in lists:
                jac, q_cov, r_cov, order, shared = prepared.compare(other)
                assert (jac, q_cov, r_cov) == skeleton_overlap(query, other, weights)
                assert order == order_agreement(query, other)
                assert shared == [t for t in dict.fromkeys(query) if t in set(other)]


# --- relations ---------------------------------------------------------------

def test_classify_orders_relations_by_strength():
    assert classify(PairEvidence(same_language=True, minhash_jaccard=0.8))[0] == "copy"
    rewrite = PairEvidence(same_language=True, char_tfidf_cosine=0.6, skeleton_overlap=0.5,
                           query_covered=0.7, relative_covered=0.6, order_agreement=0.9,
                           shared_terms=["n:1948", "p:puhov", "d:12-05", "p:enerh"])
    assert classify(rewrite)[0] == "rewrite"
    independent = PairEvidence(same_language=True, char_tfidf_cosine=0.28, skeleton_overlap=0.2,
                               query_covered=0.3, relative_covered=0.3, order_agreement=0.6,
                               shared_terms=["n:1948", "p:puhov", "d:12-05", "p:enerh"])
    relation, score = classify(independent)
    assert relation == "independent" and score <= 0.5
    xlang = PairEvidence(same_language=False, skeleton_overlap=0.35, order_agreement=0.9,
                         shared_terms=["n:1948", "p:puhov", "d:12-05", "p:enerh", "p:balic", "p:zapor"])
    assert classify(xlang)[0] == "cross_language_rewrite"
    assert classify(PairEvidence(same_language=True, char_tfidf_cosine=0.15))[0] is None


def test_direction_prefers_dates_then_source_language():
    from datetime import date

    ev = PairEvidence(same_language=False)
    assert direction(date(2025, 1, 2), date(2025, 1, 1), "en", "en", ev)[0] == "upstream"
    assert direction(date(2025, 1, 1), date(2025, 1, 2), "en", "ru", ev)[0] == "downstream"
    assert direction(None, None, "en", "ru", ev)[0] == "upstream"
    assert direction(None, None, "en", "en", ev)[0] == "unknown"


# --- trace on the fixture story ----------------------------------------------

def test_verbatim_copy_is_a_copy(fake_store):
    rel = relation_to(trace(fake_store, "kuch-c1"), "kuch-o1")
    assert rel is not None and rel.relation == "copy"
    assert rel.evidence["minhash_jaccard"] > 0.7


def test_english_rewrite_finds_its_russian_origin_upstream(fake_store):
    relatives = trace(fake_store, "kuch-r1")
    rel = relation_to(relatives, "kuch-o1")
    assert rel.relation == "cross_language_rewrite"
    assert rel.direction == "upstream" and rel.lag_hours == -24.0
    assert {"p:kucer", "n:1967", "n:1972", "n:1450", "d:11-14"} <= set(rel.evidence["shared_terms"])


def test_rewrites_of_one_origin_are_siblings(fake_store):
    rel = relation_to(trace(fake_store, "kuch-r1"), "kuch-r2")
    assert rel.relation == "rewrite" and rel.score > 0.6
    assert rel.evidence["minhash_jaccard"] < 0.2  # a paraphrase shares few 5-shingles


def test_independent_report_is_never_a_rewrite(fake_store):
    for rel in trace(fake_store, "kuch-i1"):
        assert rel.relation == "independent"
    for query in ("kuch-o1", "kuch-r1", "kuch-r2", "kuch-c1"):
        rel = relation_to(trace(fake_store, query), "kuch-i1")
        assert rel is None or rel.relation == "independent"


def test_distractor_is_unrelated(fake_store):
    assert trace(fake_store, "kuch-d1") == []


def test_changes_show_invented_quote_and_changed_number(fake_store):
    rel = relation_to(trace(fake_store, "kuch-r1"), "kuch-o1")
    changes = rel.changes
    assert changes["downstream"] == "query"
    assert any("buzzing" in q["text"] for q in changes["invented_quotes"])
    assert {"from": ["12"], "to": ["15"]}.items() <= changes["changed_numbers"][0].items()
    assert any("Analysts say" in p["text"] for p in changes["inserted"])
    assert rel.aligned and all(0 <= p["similarity"] <= 1 for p in rel.aligned)
    text = fake_store.article("kuch-r1").text
    for pair in rel.aligned:
        span = pair["query"]
        assert text[span["start"]:span["end"]] == span["text"]


def test_trace_an_unstored_article(fake_store):
    article = fake_store.article("kuch-r2")
    fresh = Article(text=article.text + "\nShare this story.", language="en")
    relatives = trace(fake_store, fresh)
    assert relation_to(relatives, "kuch-r2").relation == "copy"


def test_unknown_key_raises(fake_store):
    with pytest.raises(NotFound):
        trace(fake_store, "no-such-id")


def test_relatives_are_json_able(fake_store):
    for rel in trace(fake_store, "kuch-r2"):
        json.dumps(rel.to_dict(), ensure_ascii=False)


def test_relations_for_corpus_covers_every_article(fake_store):
    relations = relations_for_corpus(fake_store)
    queries = {q for q, _ in relations}
    assert queries == {"kuch-o1", "kuch-c1", "kuch-r1", "kuch-r2", "kuch-i1"}
    assert all(rel.aligned == [] for _, rel in relations)  # no alignment at corpus scale


# --- alignment ---------------------------------------------------------------

def test_same_language_alignment_is_monotone_and_finds_inserted_paragraph():
    origin = ("The mayor opened the new bridge on Monday. It cost 40 million dollars. "
              "Traffic is expected to fall by 30 percent.")
    rewrite = ("On Monday the mayor opened the new bridge. Critics called it a vanity project. "
               "The bridge cost 45 million dollars. Traffic is expected to fall by 30 percent.")
    aligned, changes = align(rewrite, origin, same_language=True)
    pairs = [(sentences(rewrite).index(next(s for s in sentences(rewrite) if s.start == p["query"]["start"])))
             for p in aligned]
    assert pairs == sorted(pairs) and len(aligned) == 3
    assert [p["text"] for p in changes["inserted"]] == ["Critics called it a vanity project."]
    assert changes["changed_numbers"][0]["from"] == ["40 million"]
    assert changes["changed_numbers"][0]["to"] == ["45 million"]


def test_changed_name_is_a_one_for_one_swap():
    origin = "Drones hit the village of Nikolskoye on June 3. Power lines were cut."
    rewrite = "Drones hit the village of Nikologorsk on June 3. Power lines were cut."
    _, changes = align(rewrite, origin, same_language=True)
    assert changes["changed_names"][0]["from"] == ["Nikolskoye"]
    assert changes["changed_names"][0]["to"] == ["Nikologorsk"]
