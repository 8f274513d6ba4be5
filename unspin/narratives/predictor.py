"""The runtime narrative matcher: catalog + encoder + model -> labels with evidence.

    from unspin.narratives.predictor import load_predictor
    result = load_predictor().predict(text)
    result.labels          # Labels(narratives=(...), subnarratives=(...)), task layout
    result.detected        # [Detection(label, confidence, evidence, ...)], "Other" excluded

User catalogs (config ``catalogs`` or ``UNSPIN_NARRATIVE_CATALOGS``) extend
the built-in one; their new labels are scored by similarity+cues, since the
shipped classifier was trained on the built-in labels only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from unspin.narratives.catalog import Catalog, load_catalog
from unspin.narratives.data import Labels
from unspin.narratives.features import ArticleMatch, CatalogIndex, match_article
from unspin.narratives.model import MODEL_DIR, Evidence, NarrativeModel, decode, evidence


@dataclass
class Detection:
    label: str
    parent: str | None  # the narrative, for a subnarrative
    confidence: float  # classifier probability, or the similarity+cues score for catalog-only labels
    method: str  # "classifier" | "similarity"
    threshold: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class NarrativeResult:
    labels: Labels
    detected: list[Detection]  # narratives and subnarratives, "Other" excluded
    scores: dict[str, float]
    match: ArticleMatch


class NarrativePredictor:
    def __init__(self, catalog: Catalog, model: NarrativeModel, encoder: Any) -> None:
        self.catalog = catalog
        self.model = model
        self.encoder = encoder
        self.index = CatalogIndex.build(catalog, encoder)

    def predict(self, text: str) -> NarrativeResult:
        match = match_article(text, self.index, self.encoder)
        scores, how = self.model.scores(match, self.catalog)
        narratives, subs = decode(scores, self.catalog,
                                  lambda lab: self.model.threshold(lab, self.catalog, how[lab]))
        return result_of(self.model, self.catalog, match, text, narratives, subs, scores, how)


def result_of(model: Any, catalog: Catalog, match: Any, text: str, narratives: Sequence[str],
              subs: Sequence[str], scores: dict[str, float], how: dict[str, str]) -> NarrativeResult:
    """The decided labels as a NarrativeResult, each catalog label with its evidence sentences."""
    detected = []
    for label in (*narratives, *subs):
        if label not in catalog:  # "Other", "<narrative>: Other"
            continue
        entry = catalog[label]
        detected.append(Detection(label, entry.parent, round(scores[label], 3), how[label],
                                  model.threshold(label, catalog, how[label]), evidence(match, label, text)))
    return NarrativeResult(Labels(tuple(narratives), tuple(subs)), detected, scores, match)


def load_predictor(catalogs: Iterable[str | Path] = (), model_dir: Path = MODEL_DIR,
                   catalog: Catalog | None = None) -> NarrativePredictor:
    """A predictor for the built-in catalog plus ``catalogs`` and UNSPIN_NARRATIVE_CATALOGS
    (or for ``catalog``, when the caller has already read them)."""
    if catalog is None:
        catalog = load_catalog(catalogs)
    return _cached(tuple(catalog.sources), str(model_dir), catalog)


_CACHE: dict[tuple[tuple[str, ...], str], NarrativePredictor] = {}


def _cached(sources: tuple[str, ...], model_dir: str, catalog: Catalog) -> NarrativePredictor:
    # one predictor per (catalog files, model) per process: the prototypes are embedded once
    key = (sources, model_dir)
    if key not in _CACHE:
        from unspin.embed import sentence_encoder

        _CACHE[key] = NarrativePredictor(catalog, NarrativeModel.load(Path(model_dir)), sentence_encoder())
    return _CACHE[key]
