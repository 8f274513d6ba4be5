"""Known narratives in Russian and Ukrainian articles: the catalog matcher in a multilingual space.

The English path (``unspin.narratives.predictor``) embeds sentences with
MiniLM, an English-only encoder. Russian and Ukrainian articles go through
the same steps with two substitutions:

* sentences are cut by ``unspin.slavic.sentences`` (Cyrillic capitals,
  «guillemets» and dashes);
* sentences and the catalog's English prototypes are embedded with the
  multilingual Universal Sentence Encoder (USE-m v3, 512-d, numpy; the
  encoder provenance tracing ships, ``unspin.trace.encoder``), so a Russian
  sentence is compared with the English catalog examples directly.

Catalog cues (English phrases) are not used: they never match Cyrillic text,
and in the training data, which adds English articles, they would give the
English rows a signal the Russian ones never have.

The features (per label: best and top-3 mean sentence similarity; the
article's mean sentence vector) and the per-label logistic regressions are
those of the English model; the model in ``unspin/models/narratives_multilingual``
was trained by ``train/narratives/train_multilingual.py`` on the SemEval-2025
Russian training set, the English Ukraine-war articles and off-domain texts
labelled "Other" (docs/narratives.md, "Russian and Ukrainian"). Decoding may
fall back to a narrative's best-scoring subnarrative instead of
"<narrative>: Other" (and, off in the shipped model, to the best narrative
instead of "Other"): chosen by inner cross-validation, stored in
``model.json`` (``info.decode``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from unspin.narratives.catalog import OTHER, SEPARATOR, Catalog, load_catalog
from unspin.narratives.features import MIN_SENTENCE_CHARS, ArticleMatch, CatalogIndex, article_sentences, match_article
from unspin.narratives.model import NarrativeModel

LANGUAGES = ("ru", "uk")
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "narratives_multilingual"
MODEL_NAME = "use-m-catalog-similarity+logreg"
MAX_SENTENCE_CHARS = 600  # as in tracing: a 5,000-character "sentence" (a list, a table) is cut for the encoder


def slavic_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a Russian/Ukrainian text, trimmed of surrounding blanks; pieces under
    MIN_SENTENCE_CHARS (bylines, "Фото:") are dropped, as in the English path."""
    from unspin.slavic import sentences

    out = []
    for a, b in sentences(text):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        a, b = a + lead, b - trail
        if b - a >= MIN_SENTENCE_CHARS:
            out.append((a, b))
    return out


def splitter_for(language: str) -> Callable[[str], list[tuple[int, int]]]:
    """The sentence splitter for an article's language (English rules for anything not ru/uk)."""
    return slavic_sentences if language in LANGUAGES else article_sentences


class MultilingualSentenceEncoder:
    """``encode(texts)`` with USE-m v3: unit float32 rows of 512; long pieces are cut."""

    name = "use-m-v3"

    def __init__(self, encoder: Any = None) -> None:
        if encoder is None:
            from unspin.trace.encoder import multilingual_encoder

            encoder = multilingual_encoder()
        self._encoder = encoder

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._encoder.encode([t[:MAX_SENTENCE_CHARS] for t in texts])


def without_cues(catalog: Catalog) -> Catalog:
    """A copy of ``catalog`` whose entries have no cues (see the module docstring)."""
    out = copy.deepcopy(catalog)
    for entry in out.entries.values():
        entry.cues = []
    return out


_INDEXES: dict[tuple[tuple[str, ...], str], CatalogIndex] = {}


def catalog_index(catalog: Catalog, encoder: Any) -> CatalogIndex:
    """The cue-less catalog's prototypes embedded by ``encoder``, once per (catalog files, encoder)
    per process (the predictor and cross-validation share them; embedding them takes seconds)."""
    key = (tuple(catalog.sources), getattr(encoder, "name", type(encoder).__name__))
    index = _INDEXES.get(key)
    if index is None or list(index.catalog.entries) != list(catalog.entries):
        index = _INDEXES[key] = CatalogIndex.build(without_cues(catalog), encoder)
    return index


def decode(scores: Mapping[str, float], catalog: Catalog, threshold: Callable[[str], float], *,
           top_narrative: bool = False, top_subnarrative: bool = False) -> tuple[list[str], list[str]]:
    """``unspin.narratives.model.decode`` with two optional fallbacks, chosen in training:
    ``top_narrative``: when no narrative reaches its threshold, the best-scoring one instead of
    "Other"; ``top_subnarrative``: under a predicted narrative with no subnarrative over the
    threshold, its best-scoring subnarrative instead of "<narrative>: Other"."""
    narratives = [e.label for e in catalog.narratives if scores.get(e.label, 0.0) >= threshold(e.label)]
    if not narratives and top_narrative and catalog.narratives:
        narratives = [max(catalog.narratives, key=lambda e: scores.get(e.label, 0.0)).label]
    narratives.sort(key=lambda label: -scores.get(label, 0.0))
    if not narratives:
        return [OTHER], [OTHER]
    subs: list[str] = []
    for narrative in narratives:
        children = catalog.subnarratives(narrative)
        chosen = [e.label for e in children if scores.get(e.label, 0.0) >= threshold(e.label)]
        if not chosen and top_subnarrative and children:
            chosen = [max(children, key=lambda e: scores.get(e.label, 0.0)).label]
        chosen.sort(key=lambda label: -scores.get(label, 0.0))
        subs.extend(chosen or [narrative + SEPARATOR + OTHER])
    return narratives, subs


def decode_flags(model: NarrativeModel) -> dict[str, bool]:
    flags = model.info.get("decode", {})
    return {"top_narrative": bool(flags.get("top_narrative", False)),
            "top_subnarrative": bool(flags.get("top_subnarrative", False))}


def predict_labels(model: NarrativeModel, match: ArticleMatch, catalog: Catalog) -> tuple[
        tuple[list[str], list[str]], dict[str, float], dict[str, str]]:
    """((narratives, subnarratives), scores, methods) of one matched article."""
    scores, how = model.scores(match, catalog)
    pair = decode(scores, catalog, lambda lab: model.threshold(lab, catalog, how[lab]), **decode_flags(model))
    return pair, scores, how


class MultilingualNarrativePredictor:
    """Catalog + USE-m + the multilingual model: ``predict(text, language)`` -> NarrativeResult."""

    model_name = MODEL_NAME

    def __init__(self, catalog: Catalog, model: NarrativeModel, encoder: Any) -> None:
        self.catalog = catalog
        self.model = model
        self.encoder = encoder
        self.index = catalog_index(catalog, encoder)

    def match(self, text: str, language: str = "ru") -> ArticleMatch:
        return match_article(text, self.index, self.encoder, splitter=splitter_for(language))

    def predict(self, text: str, language: str = "ru") -> Any:
        from unspin.narratives.predictor import result_of

        match = self.match(text, language)
        (narratives, subs), scores, how = predict_labels(self.model, match, self.catalog)
        return result_of(self.model, self.catalog, match, text, narratives, subs, scores, how)


_CACHE: dict[tuple[tuple[str, ...], str], MultilingualNarrativePredictor] = {}


def load_multilingual_predictor(catalogs: Iterable[str | Path] = (), model_dir: Path = MODEL_DIR,
                                catalog: Catalog | None = None) -> MultilingualNarrativePredictor:
    """One predictor per (catalog files, model folder) per process: the model is read and the
    catalog prototypes embedded once."""
    if catalog is None:
        catalog = load_catalog(catalogs)
    key = (tuple(catalog.sources), str(model_dir))
    if key not in _CACHE:
        model = NarrativeModel.load(Path(model_dir))
        _CACHE[key] = MultilingualNarrativePredictor(catalog, model, MultilingualSentenceEncoder())
    return _CACHE[key]
