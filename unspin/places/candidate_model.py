"""The trained "is this unknown name a place" model: weights and threshold.

``unspin/models/places/candidates.json`` holds the logistic-regression weights
over :data:`unspin.places.candidates.FEATURES` and the report threshold, both
chosen by grouped cross-validation on the team's dev split (see
``unspin.places.training`` and ``make train-places``). Without the file the
hand-set defaults apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from unspin.places.candidates import DEFAULT_WEIGHTS, FEATURES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "places" / "candidates.json"
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class CandidateModel:
    weights: dict[str, float]
    threshold: float = DEFAULT_THRESHOLD
    info: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "weights": self.weights, "threshold": self.threshold,
                           **self.info}, indent=2, sort_keys=False) + "\n"


def read_model(path: Path) -> CandidateModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(data["weights"]) - set(FEATURES) - {"bias"}
    if unknown:
        raise ValueError(f"{path}: weights for unknown features {sorted(unknown)}")
    info = {k: v for k, v in data.items() if k not in ("features", "weights", "threshold")}
    return CandidateModel(dict(data["weights"]), float(data["threshold"]), info)


@lru_cache(maxsize=1)
def shipped_model() -> CandidateModel:
    if MODEL_PATH.exists():
        return read_model(MODEL_PATH)
    return CandidateModel(dict(DEFAULT_WEIGHTS), DEFAULT_THRESHOLD, {"source": "hand-set defaults"})
