"""Sentence alignment between two related articles, and what the rewrite changed.

Same-language pairs are aligned on sentence-level char n-gram TF-IDF cosine;
cross-language pairs on multilingual sentence vectors (USE-m) and shared
skeleton facts (numbers, dates, latinised names) per sentence, whichever is
stronger. The alignment is monotone (a rewrite keeps the origin's
order; that is what makes it a rewrite), found by dynamic programming.

From the alignment, going from the upstream text to the downstream one:
inserted passages (downstream sentences with no counterpart), removed
passages, changed numbers and names inside aligned sentences, and quotations
that have no counterpart upstream ("invented quotes").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from unspin.trace.normalize import Sentence, latin_key, sentences
from unspin.trace.similarity import CharTfidf
from unspin.trace.skeleton import Item, extract

MAX_SENTENCES = 150          # per side; longer texts are aligned on their first sentences
SAME_LANGUAGE_MIN = 0.25     # sentence cosine for an aligned pair
CROSS_LANGUAGE_MIN = 0.2     # Jaccard of per-sentence fact terms
NAME_SAME_RATIO = 80         # rapidfuzz ratio above which two name keys are one name (inflection)


@dataclass
class _Side:
    text: str
    sentences: list[Sentence]
    items: list[list[Item]]  # skeleton items per sentence


@lru_cache(maxsize=64)
def _side(text: str) -> _Side:
    """Sentences and per-sentence facts of a text (cached: a trace aligns one query
    against up to k relatives)."""
    sents = sentences(text)[:MAX_SENTENCES]
    skeleton = extract(text)
    per: list[list[Item]] = [[] for _ in sents]
    i = 0
    for item in skeleton.items:
        while i < len(sents) and sents[i].end <= item.start:
            i += 1
        if i < len(sents) and sents[i].start <= item.start < sents[i].end:
            per[i].append(item)
    return _Side(text, sents, per)


def _similarity(a: _Side, b: _Side, same_language: bool) -> np.ndarray:
    if not a.sentences or not b.sentences:
        return np.zeros((len(a.sentences), len(b.sentences)))
    if same_language:
        model = CharTfidf([s.text for s in a.sentences] + [s.text for s in b.sentences])
        full = model.pairwise()
        return full[:len(a.sentences), len(a.sentences):]
    sim = _sentence_cosines(a, b)
    terms_b = [{i.term for i in items} for items in b.items]
    for i, items in enumerate(a.items):
        ta = {it.term for it in items}
        if not ta:
            continue
        for j, tb in enumerate(terms_b):
            shared = ta & tb
            if shared:
                sim[i, j] = max(sim[i, j], len(shared) / len(ta | tb))
    return sim


def _sentence_cosines(a: _Side, b: _Side) -> np.ndarray:
    """Multilingual sentence-vector cosines (USE-m), kept where they reach
    LOOSE_COSINE: a translated or paraphrased sentence whose facts were all
    changed still meets its source. Zeros when the encoder is unavailable."""
    from unspin.trace.encoder import EncoderUnavailable, multilingual_encoder
    from unspin.trace.features import LOOSE_COSINE

    try:
        encoder = multilingual_encoder()
    except EncoderUnavailable:
        return np.zeros((len(a.sentences), len(b.sentences)))
    va = _sentence_vectors(encoder, a.text)
    vb = _sentence_vectors(encoder, b.text)
    cos = va @ vb.T
    return np.where(cos >= LOOSE_COSINE, cos, 0.0)


@lru_cache(maxsize=64)
def _sentence_vectors(encoder: Any, text: str) -> np.ndarray:
    return encoder.encode([s.text[:600] for s in _side(text).sentences])


def _monotone_alignment(sim: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Order-preserving pairs maximising the summed similarity (pairs below threshold never match)."""
    n, m = sim.shape
    if not n or not m:
        return []
    gain = np.where(sim >= threshold, sim, -1.0)
    score = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row_prev, row = score[i - 1], score[i]
        g = gain[i - 1]
        for j in range(1, m + 1):
            best = row_prev[j] if row_prev[j] > row[j - 1] else row[j - 1]
            diag = row_prev[j - 1] + g[j - 1]
            row[j] = diag if diag > best else best
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if gain[i - 1, j - 1] > 0 and score[i, j] == score[i - 1, j - 1] + gain[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1, j] >= score[i, j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _span(s: Sentence) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "text": s.text}


def _passages(side: _Side, unmatched: list[int]) -> list[dict[str, Any]]:
    """Runs of consecutive unmatched sentences, as text spans."""
    runs: list[list[int]] = []
    for i in unmatched:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        start, end = side.sentences[run[0]].start, side.sentences[run[-1]].end
        out.append({"start": start, "end": end, "text": side.text[start:end], "sentences": len(run)})
    return out


def _names_differ(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) < NAME_SAME_RATIO


def align(query_text: str, relative_text: str, *, same_language: bool,
          query_is_downstream: bool = True) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(aligned sentence pairs, changes). Changes read from upstream to downstream:
    ``inserted`` is what the downstream text has and the upstream one lacks."""
    q, r = _side(query_text), _side(relative_text)
    sim = _similarity(q, r, same_language)
    pairs = _monotone_alignment(sim, SAME_LANGUAGE_MIN if same_language else CROSS_LANGUAGE_MIN)
    aligned = [{"query": _span(q.sentences[i]), "relative": _span(r.sentences[j]),
                "similarity": round(float(sim[i, j]), 3)} for i, j in pairs]

    down, up = (q, r) if query_is_downstream else (r, q)
    down_pairs = [(i, j) if query_is_downstream else (j, i) for i, j in pairs]
    matched_down = {d for d, _ in down_pairs}
    matched_up = {u for _, u in down_pairs}
    changes: dict[str, Any] = {
        "downstream": "query" if query_is_downstream else "relative",
        "inserted": _passages(down, [i for i in range(len(down.sentences)) if i not in matched_down]),
        "removed": _passages(up, [i for i in range(len(up.sentences)) if i not in matched_up]),
        "changed_numbers": [],
        "changed_names": [],
        "invented_quotes": [],
    }
    up_of = dict(down_pairs)
    everywhere = {kind: (_keys(down, kind), _keys(up, kind)) for kind in ("number", "name")}
    previous = (-1, -1)
    for d, u in sorted(down_pairs) + [(len(down.sentences), len(up.sentences))]:
        # the unaligned stretch before this pair, on both sides (a rewritten sentence
        # whose only shared fact was changed aligns with nothing)
        _compare_facts(down, up, list(range(previous[0] + 1, d)), list(range(previous[1] + 1, u)),
                       changes, everywhere)
        if d < len(down.sentences):
            _compare_facts(down, up, [d], [u], changes, everywhere)
        previous = (d, u)
    for d, items in enumerate(down.items):
        for item in items:
            if item.kind != "quote":
                continue
            u = up_of.get(d)
            if u is None:
                reason = "no counterpart sentence upstream"
            elif not any(it.kind == "quote" for it in up.items[u]):
                reason = "the counterpart sentence upstream quotes no one"
            else:
                continue
            changes["invented_quotes"].append({"start": item.start, "end": item.end, "text": item.text,
                                               "reason": reason})
    return aligned, changes


def _keys(side: _Side, kind: str) -> set[str]:
    return {(latin_key(it.text, 0) if kind == "name" else it.term) for items in side.items
            for it in items if it.kind == kind}


def _compare_facts(down: _Side, up: _Side, downs: list[int], ups: list[int], changes: dict[str, Any],
                   everywhere: dict[str, tuple[set[str], set[str]]]) -> None:
    """Facts that differ between matching stretches (an aligned sentence pair, or the
    unaligned sentences between the same two aligned pairs). A number or name counts
    as changed only when neither text has the other's version anywhere (a moved fact
    is not a change), and a name only as a one-for-one swap (Nikolskoye -> Nikologorsk)."""
    if not downs or not ups:
        return
    down_items = [it for d in downs for it in down.items[d]]
    up_items = [it for u in ups for it in up.items[u]]
    spans = {"upstream": _stretch(up, ups), "downstream": _stretch(down, downs)}
    numbers_down, numbers_up = everywhere["number"]
    new = list(dict.fromkeys(it.text for it in down_items if it.kind == "number" and it.term not in numbers_up))
    gone = list(dict.fromkeys(it.text for it in up_items if it.kind == "number" and it.term not in numbers_down))
    if new and gone:
        changes["changed_numbers"].append({"from": gone, "to": new, **spans})
    names_down, names_up = everywhere["name"]
    new_names = list(dict.fromkeys(
        it.text for it in down_items if it.kind == "name"
        and all(_names_differ(latin_key(it.text, 0), o) for o in names_up)))
    gone_names = list(dict.fromkeys(
        it.text for it in up_items if it.kind == "name"
        and all(_names_differ(latin_key(it.text, 0), o) for o in names_down)))
    if len(new_names) == 1 and len(gone_names) == 1:
        changes["changed_names"].append({"from": gone_names, "to": new_names, **spans})


def _stretch(side: _Side, indices: list[int]) -> dict[str, Any]:
    start, end = side.sentences[indices[0]].start, side.sentences[indices[-1]].end
    return {"start": start, "end": end, "text": side.text[start:end]}
