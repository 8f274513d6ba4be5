"""Score predicted attribution relations against gold ones (PolNeAR, PARC).

Spans are compared on *words*: the runs of letters and digits (``\\w+``) a
span touches. Whitespace, punctuation and quotation marks never count, so
"said:" and "said", or a content with and without its closing ’”, are the
same span; a discontinuous span is the union of its fragments.

Three views, after BBC Citron's evaluation of PARC 3.0
(github.com/bbc/citron, ``citron/metrics.py``):

* **exact** — counts. Predicted and gold relations are first aligned one to
  one (see :func:`align`). A part (source, cue, content) is a true positive
  when an aligned pair both have it and it covers the same words. Precision
  = true positives / predicted relations that have the part; recall = true
  positives / gold relations that have it. A whole relation matches exactly
  when every part matches (a part both lack counts as matching; one has it,
  the other not, does not).
* **partial** — the same counts with a looser test: the two parts share at
  least one word. The alignment is one to one, so one long predicted span
  can never match two gold spans.
* **overlap** — Citron's "overlap metrics": per document and part, the words
  inside predicted spans (P) and inside gold spans (G), each word counted
  once however many spans cover it; precision = Σ|P∩G| / Σ|P|, recall =
  Σ|P∩G| / Σ|G|. No alignment: it measures how much of the attributed text
  is found. For whole relations the three parts are pooled, as Citron's
  "All Quote Spans" does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from unspin.evals.polnear import ROLES, Fragments, Relation

_WORD = re.compile(r"\w+")
QUOTE_MARKS = "\"'“”‘’«»„"


class Words:
    """Word positions of one text, for turning character spans into word sets."""

    def __init__(self, text: str) -> None:
        matches = list(_WORD.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def of(self, fragments: Fragments) -> frozenset[int]:
        """Indices of the words that any fragment touches."""
        found: set[int] = set()
        for start, end in fragments:
            first = bisect_right(self.ends, start)  # first word ending after ``start``
            last = bisect_left(self.starts, end)  # first word starting at or after ``end``
            found.update(range(first, last))
        return frozenset(found)


@dataclass
class _Parts:
    """One relation as word sets, one per role (empty when the part is absent)."""

    words: dict[str, frozenset[int]]


def _parts(relation: Relation, words: Words) -> _Parts:
    return _Parts({role: words.of(relation.part(role)) for role in ROLES})


def align(predicted: Sequence[_Parts], gold: Sequence[_Parts]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index). Two relations may pair
    when their cues share a word, or, where either has no cue, their contents
    do. Pairs are taken greedily, largest shared cue first, then largest
    shared content, so each relation is used at most once."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            cue = len(p.words["cue"] & g.words["cue"])
            content = len(p.words["content"] & g.words["content"])
            if cue or ((not p.words["cue"] or not g.words["cue"]) and content):
                candidates.append((-cue, -content, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Counts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def as_dict(self) -> dict[str, Any]:
        return prf(self.tp, self.predicted, self.tp, self.gold)


@dataclass
class Overlap:
    shared: int = 0
    predicted: int = 0
    gold: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**prf(self.shared, self.predicted, self.shared, self.gold),
                "shared_words": self.shared, "predicted_words": self.predicted, "gold_words": self.gold}


def prf(p_hits: int, p_total: int, r_hits: int, r_total: int) -> dict[str, Any]:
    precision = p_hits / p_total if p_total else 0.0
    recall = r_hits / r_total if r_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": p_hits, "predicted": p_total, "gold": r_total}


def _same(a: frozenset[int], b: frozenset[int]) -> bool:
    return a == b


def _touch(a: frozenset[int], b: frozenset[int]) -> bool:
    return not a and not b or bool(a & b)


@dataclass
class Scorer:
    """Accumulates figures document by document."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in (*ROLES, "relation")})
    partial: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in (*ROLES, "relation")})
    overlap: dict[str, Overlap] = field(default_factory=lambda: {r: Overlap() for r in (*ROLES, "relation")})
    # Recall of whole relations (partial match) by how the gold content is written.
    by_kind: dict[str, Counts] = field(default_factory=lambda: {"quoted": Counts(), "reported": Counts()})
    documents: int = 0

    def add(self, text: str, predicted: Sequence[Relation], gold: Sequence[Relation]) -> dict[str, Any]:
        """Score one document; returns its alignment for the predictions file."""
        words = Words(text)
        p_parts = [_parts(r, words) for r in predicted]
        g_parts = [_parts(r, words) for r in gold]
        pairs = align(p_parts, g_parts)
        self.documents += 1
        for role in ROLES:
            n_pred = sum(1 for p in p_parts if p.words[role])
            n_gold = sum(1 for g in g_parts if g.words[role])
            exact = sum(1 for i, j in pairs if p_parts[i].words[role] and
                        _same(p_parts[i].words[role], g_parts[j].words[role]))
            partial = sum(1 for i, j in pairs if p_parts[i].words[role] & g_parts[j].words[role])
            self.exact[role].add(Counts(exact, n_pred, n_gold))
            self.partial[role].add(Counts(partial, n_pred, n_gold))
            p_words = frozenset().union(*(p.words[role] for p in p_parts))
            g_words = frozenset().union(*(g.words[role] for g in g_parts))
            shared = len(p_words & g_words)
            for key in (role, "relation"):
                self.overlap[key].shared += shared
                self.overlap[key].predicted += len(p_words)
                self.overlap[key].gold += len(g_words)
        exact_pairs = [(i, j) for i, j in pairs
                       if all(_same(p_parts[i].words[r], g_parts[j].words[r]) for r in ROLES)]
        partial_pairs = [(i, j) for i, j in pairs
                         if all(_touch(p_parts[i].words[r], g_parts[j].words[r]) for r in ROLES)]
        self.exact["relation"].add(Counts(len(exact_pairs), len(predicted), len(gold)))
        self.partial["relation"].add(Counts(len(partial_pairs), len(predicted), len(gold)))
        matched_gold = {j for _, j in partial_pairs}
        for j, g in enumerate(gold):
            kind = "quoted" if is_quoted(g, text) else "reported"
            self.by_kind[kind].gold += 1
            self.by_kind[kind].tp += j in matched_gold
        return {"aligned": [[predicted[i].id, gold[j].id] for i, j in pairs],
                "exact": [predicted[i].id for i, _ in exact_pairs],
                "partial": [predicted[i].id for i, _ in partial_pairs]}

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in (*ROLES, "relation"):
            out[key] = {"exact": self.exact[key].as_dict(), "partial": self.partial[key].as_dict(),
                        "overlap": self.overlap[key].as_dict()}
        total = sum(c.gold for c in self.by_kind.values())
        out["gold_by_kind"] = {
            kind: {"gold": c.gold, "share": round(c.gold / total, 4) if total else 0.0,
                   "recall_partial": round(c.tp / c.gold, 4) if c.gold else 0.0}
            for kind, c in self.by_kind.items()}
        return out


def is_quoted(relation: Relation, text: str) -> bool:
    """Is the content written inside quotation marks (direct speech, or a
    mixed quotation that opens with one)?"""
    if not relation.content:
        return False
    start, end = relation.content[0][0], relation.content[-1][1]
    inner = text[start:end].strip()
    before = text[max(0, start - 2):start].strip()
    return bool(inner) and (inner[0] in QUOTE_MARKS or bool(before) and before[-1] in QUOTE_MARKS)


def score(documents: Iterable[tuple[str, Sequence[Relation], Sequence[Relation]]]) -> dict[str, Any]:
    """Figures for (text, predicted, gold) triples: a convenience for tests
    and for training code that has predictions already."""
    scorer = Scorer()
    for text, predicted, gold in documents:
        scorer.add(text, predicted, gold)
    return scorer.figures()
