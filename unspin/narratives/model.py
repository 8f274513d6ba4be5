"""Scoring and decoding narrative labels, and the shipped classifier (numpy only).

Three scorers, the rungs of the ablation in docs/narratives.md:

* ``similarity``: a label's score is its best sentence-to-prototype cosine.
* ``similarity+cues``: that plus ``cue_weight`` per cue hit (at most three).
* ``classifier``: one logistic regression per label over the article's
  feature vector (``ArticleMatch.vector``); labels the classifier was not
  trained on (a user's own catalog entries) fall back to similarity+cues.

Decoding follows the task's label structure: narratives scoring at least the
narrative threshold are predicted ("Other" when none is); under each, the
subnarratives at or above the subnarrative threshold, or "<narrative>: Other".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from unspin.narratives.catalog import OTHER, SEPARATOR, Catalog
from unspin.narratives.data import Labels
from unspin.narratives.features import ArticleMatch

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "narratives"
MAX_CUES = 3
EVIDENCE_FLOOR = 0.40  # below this, only the single best sentence is shown as evidence
EVIDENCE_MARGIN = 0.08  # further sentences must be nearly as close as the best one
MAX_EVIDENCE = 3


@dataclass
class RuleParams:
    """Thresholds of the similarity(+cues) scorer."""

    cue_weight: float = 0.0
    narrative: float = 0.5
    subnarrative: float = 0.5

    def score(self, match: ArticleMatch, label: str) -> float:
        return match.max_similarity(label) + self.cue_weight * min(match.cue_count(label), MAX_CUES)


@dataclass
class LogisticModel:
    """Per-label logistic regressions over standardised features."""

    labels: list[str]  # output labels (columns of weights)
    feature_labels: list[str]  # the labels whose similarities make up the features
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(features) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    @classmethod
    def fit(cls, features: np.ndarray, targets: np.ndarray, labels: Sequence[str],
            feature_labels: Sequence[str], *, l2: float = 1.0, steps: int = 400,
            learning_rate: float = 0.05, seed: int = 13) -> LogisticModel:
        """Full-batch Adam on the mean log-loss plus ``l2/(2n)``·|W|²; deterministic for a seed."""
        x = np.asarray(features, dtype=np.float64)
        y = np.asarray(targets, dtype=np.float64)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-6] = 1.0
        xs = (x - mean) / scale
        n, d = xs.shape
        rng = np.random.default_rng(seed)
        w = rng.normal(0, 1e-3, size=(d, y.shape[1]))
        prior = np.clip(y.mean(axis=0), 1e-3, 1 - 1e-3)
        b = np.log(prior / (1 - prior))
        m_w = np.zeros_like(w); v_w = np.zeros_like(w); m_b = np.zeros_like(b); v_b = np.zeros_like(b)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for t in range(1, steps + 1):
            p = 1.0 / (1.0 + np.exp(-np.clip(xs @ w + b, -30, 30)))
            grad_z = (p - y) / n
            g_w = xs.T @ grad_z + (l2 / n) * w
            g_b = grad_z.sum(axis=0)
            m_w = beta1 * m_w + (1 - beta1) * g_w; v_w = beta2 * v_w + (1 - beta2) * g_w ** 2
            m_b = beta1 * m_b + (1 - beta1) * g_b; v_b = beta2 * v_b + (1 - beta2) * g_b ** 2
            w -= learning_rate * (m_w / (1 - beta1 ** t)) / (np.sqrt(v_w / (1 - beta2 ** t)) + eps)
            b -= learning_rate * (m_b / (1 - beta1 ** t)) / (np.sqrt(v_b / (1 - beta2 ** t)) + eps)
        return cls(list(labels), list(feature_labels), w.astype(np.float32), b.astype(np.float32),
                   mean.astype(np.float32), scale.astype(np.float32))


@dataclass
class NarrativeModel:
    """What ``unspin/models/narratives`` holds: the classifier, its thresholds, the rule fallback."""

    classifier: LogisticModel | None
    narrative_threshold: float
    subnarrative_threshold: float
    rule: RuleParams = field(default_factory=RuleParams)
    info: dict[str, Any] = field(default_factory=dict)

    def scores(self, match: ArticleMatch, catalog: Catalog) -> tuple[dict[str, float], dict[str, str]]:
        """({label: score}, {label: "classifier" | "similarity"}) for every catalog label."""
        scores: dict[str, float] = {}
        method: dict[str, str] = {}
        if self.classifier is not None:
            probs = self.classifier.probabilities(match.vector(self.classifier.feature_labels))[0]
            for label, p in zip(self.classifier.labels, probs):
                if label in catalog:
                    scores[label] = float(p)
                    method[label] = "classifier"
        for label in catalog.entries:
            if label not in scores:
                scores[label] = self.rule.score(match, label)
                method[label] = "similarity"
        return scores, method

    def threshold(self, label: str, catalog: Catalog, method: str) -> float:
        sub = catalog[label].is_subnarrative
        if method == "classifier":
            return self.subnarrative_threshold if sub else self.narrative_threshold
        return self.rule.subnarrative if sub else self.rule.narrative

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"narrative_threshold": self.narrative_threshold,
                "subnarrative_threshold": self.subnarrative_threshold,
                "rule": vars(self.rule), "info": self.info}
        if self.classifier is not None:
            c = self.classifier
            np.savez_compressed(folder / "classifier.npz", weights=c.weights, bias=c.bias,
                                mean=c.mean, scale=c.scale)
            meta["labels"] = c.labels
            meta["feature_labels"] = c.feature_labels
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> NarrativeModel:
        meta_path = folder / "model.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"no narrative model at {meta_path} (make train-narratives)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        classifier = None
        if "labels" in meta:
            arrays = np.load(folder / "classifier.npz")
            classifier = LogisticModel(meta["labels"], meta["feature_labels"], arrays["weights"],
                                       arrays["bias"], arrays["mean"], arrays["scale"])
        return cls(classifier, float(meta["narrative_threshold"]), float(meta["subnarrative_threshold"]),
                   RuleParams(**meta["rule"]), meta.get("info", {}))


def decode(scores: Mapping[str, float], catalog: Catalog,
           threshold: Any) -> tuple[list[str], list[str]]:
    """Predicted (narratives, subnarratives) in the task's layout; ``threshold(label)`` gives each cut."""
    narratives = [e.label for e in catalog.narratives if scores.get(e.label, 0.0) >= threshold(e.label)]
    narratives.sort(key=lambda label: -scores[label])
    if not narratives:
        return [OTHER], [OTHER]
    subs: list[str] = []
    for narrative in narratives:
        chosen = [e.label for e in catalog.subnarratives(narrative)
                  if scores.get(e.label, 0.0) >= threshold(e.label)]
        chosen.sort(key=lambda label: -scores[label])
        subs.extend(chosen or [narrative + SEPARATOR + OTHER])
    return narratives, subs


def as_labels(pair: tuple[list[str], list[str]]) -> Labels:
    return Labels(tuple(pair[0]), tuple(pair[1]))


@dataclass
class Evidence:
    start: int
    end: int
    similarity: float
    example: str  # the catalog prototype the sentence matched best
    example_label: str  # the entry that prototype belongs to
    cues: list[str]


def evidence(match: ArticleMatch, label: str, text: str, limit: int = MAX_EVIDENCE) -> list[Evidence]:
    """The sentences that carry ``label``: its best-matching sentence always, then others close
    to it (within EVIDENCE_MARGIN of the best, and at least EVIDENCE_FLOOR), then those holding
    its cues; at most ``limit``, in text order."""
    sims, best = match.label_similarity(label)
    if not len(sims):
        return []
    catalog = match.index.catalog
    cue_spans = list(match.cue_hits.get(label, []))
    if label in catalog and not catalog[label].is_subnarrative:
        for sub in catalog.subnarratives(label):
            cue_spans += match.cue_hits.get(sub.label, [])
    top = float(sims.max())
    floor = max(EVIDENCE_FLOOR, top - EVIDENCE_MARGIN)
    order = [int(i) for i in np.argsort(-sims, kind="stable")]
    picked = [order[0]] + [i for i in order[1:] if sims[i] >= floor]
    with_cues = [i for i, (a, b) in enumerate(match.spans) if any(a <= s < b for s, _, _ in cue_spans)]
    chosen = list(dict.fromkeys(picked[:limit] + with_cues))[:limit]
    out: list[Evidence] = []
    for i in sorted(chosen, key=lambda i: match.spans[i][0]):
        a, b = match.spans[i]
        proto = int(best[i])
        out.append(Evidence(a, b, round(float(sims[i]), 3), match.index.prototype_text[proto],
                            match.index.prototype_owner[proto],
                            sorted({c for s, e, c in cue_spans if a <= s < b})))
    return out
