"""Tracing's two learned decisions and the files they ship in.

* the **relation model** (``relation.json``): unrelated / independent /
  lineage for a (query, candidate) pair, from ``features.RELATION_FEATURES``;
* the **origin model** (``origin.json``): for a rewrite and one of its
  lineage relatives, the probability that the relative is the origin, from
  ``features.ORIGIN_FEATURES``.

Both are multinomial logistic regressions (``logistic.LogisticModel``),
trained by ``make train-trace`` (``unspin eval trace --train``) with folds
grouped by cluster; the training report beside them gives the data and the
out-of-fold figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unspin.logistic import LogisticModel

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "trace"
RELATION_CLASSES = ["unrelated", "independent", "lineage"]
ORIGIN_CLASSES = ["not_origin", "origin"]
# Below this origin probability trace says no origin is stored, and names the
# nearest upstream evidence instead (chosen with the models; see docs/tracing.md).
ORIGIN_MIN_PROBABILITY = 0.5


@dataclass
class TraceModels:
    relation: LogisticModel
    origin: LogisticModel

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.relation.save(directory / "relation.json")
        self.origin.save(directory / "origin.json")


def load_models(directory: Path = MODEL_DIR) -> TraceModels:
    return TraceModels(LogisticModel.load(directory / "relation.json"),
                       LogisticModel.load(directory / "origin.json"))


@lru_cache(maxsize=1)
def shipped_models() -> TraceModels | None:
    """The models in unspin/models/trace, or None when they are absent (the hand-set rule is used)."""
    try:
        return load_models()
    except ValueError:
        return None
