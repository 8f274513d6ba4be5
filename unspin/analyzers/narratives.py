"""Known narratives: which narratives of the catalog (SemEval-2025 Task 10
taxonomy, plus any user catalog) an English, Russian or Ukrainian article
advances. English articles go through MiniLM and the English model;
Russian and Ukrainian ones through the multilingual encoder (USE-m) and the
model in unspin/models/narratives_multilingual (unspin.narratives.multilingual).
Output, messages and details are the same (messages in English; evidence is
the article's own sentence).

* Every evidence sentence becomes a ``narrative`` span with attributes
  ``narrative``, ``subnarrative`` (None for narrative-level evidence),
  ``similarity`` (cosine to the best catalog prototype), ``example`` (that
  prototype: a catalog example sentence or description) and ``cues``.
* The summary ranks the labels in the task's layout ("Other" when nothing
  fits), with confidences and the thresholds they passed.
* One finding per detected narrative, its carrying sentences as evidence and
  the matched catalog examples and numbers in ``details``. Severity INFO: a
  narrative label is a reading aid, and cross-validated precision is far
  from what a warning would need (docs/narratives.md).
* Russian/Ukrainian: no "narrative echo" (the 0.60 cut and its measured
  share belong to the English encoder's similarity scale).

Config: ``catalogs`` — extra catalog files (also read from the env var
UNSPIN_NARRATIVE_CATALOGS); ``predictor`` — any object with
``predict(text)`` returning a ``NarrativeResult`` (tests pass their own; it
then serves every language).
"""

from __future__ import annotations

from typing import Any, Iterable

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult, Finding, Severity, Span

MODEL_NAME = "minilm-catalog-similarity+logreg"
# Sentences this close to a subnarrative's catalog prototypes are listed in the
# summary even when the article-level decision says no: on the shared training
# set only about a third of such matches have the narrative in the gold labels
# (docs/narratives.md), so they are a pointer for the reader: one INFO finding,
# "reads like", whose confidence is that measured share.
CLOSE_SENTENCE = 0.60
MAX_CLOSE = 3
CLOSE_PRECISION = 0.33


@register("narratives")
class NarrativesAnalyzer(Analyzer):
    languages = frozenset({"en", "ru", "uk"})

    def __init__(self, catalogs: Iterable[str] = (), predictor: Any = None, **_config: Any) -> None:
        if isinstance(catalogs, str):
            catalogs = [catalogs]
        self.catalogs = list(catalogs)
        self._predictor = predictor
        self._given = predictor is not None
        self._multilingual = None
        self._catalog = None
        if predictor is None:
            # read (not embed) the catalogs now, so a malformed user catalog stops the run
            # before any article is read, with the file and entry named (CatalogError)
            from unspin.narratives.catalog import load_catalog

            self._catalog = load_catalog(self.catalogs)

    @property
    def predictor(self) -> Any:
        if self._predictor is None:
            # loaded on first use: embedding the catalog costs about a second, once per process
            from unspin.narratives.predictor import load_predictor

            self._predictor = load_predictor(self.catalogs, catalog=self._catalog)
        return self._predictor

    @property
    def multilingual_predictor(self) -> Any:
        if self._multilingual is None:
            # loaded on first use, once per process (USE-m and the catalog prototypes)
            from unspin.narratives.multilingual import load_multilingual_predictor

            self._multilingual = load_multilingual_predictor(self.catalogs, catalog=self._catalog)
        return self._multilingual

    def analyze(self, ctx: Context) -> AnalyzerResult:
        text = ctx.article.text
        slavic = ctx.language in ("ru", "uk") and not self._given
        predictor = self.multilingual_predictor if slavic else self.predictor
        result = predictor.predict(text, ctx.language) if slavic else predictor.predict(text)
        spans: list[Span] = []
        findings: list[Finding] = []
        narratives = [d for d in result.detected if d.parent is None]
        for narrative in narratives:
            subs = [d for d in result.detected if d.parent == narrative.label]
            evidence: list[Span] = []
            seen: set[tuple[int, int]] = set()
            for detection in (*subs, narrative):
                for ev in detection.evidence:
                    span = Span.of(text, ev.start, ev.end, "narrative", narrative=narrative.label,
                                   subnarrative=detection.label if detection.parent else None,
                                   similarity=ev.similarity, example=ev.example,
                                   example_label=ev.example_label, cues=ev.cues)
                    spans.append(span)
                    if (ev.start, ev.end) not in seen:
                        seen.add((ev.start, ev.end))
                        evidence.append(span)
            evidence.sort(key=lambda s: s.start)
            name = narrative.label
            sub_names = [d.label[len(name) + 2:] for d in subs]
            message = f"Advances the narrative \u201c{name}\u201d"
            if sub_names:
                message += " (" + "; ".join(sub_names) + ")"
            message += f", confidence {narrative.confidence:.2f}"
            findings.append(Finding(
                kind="known-narrative", severity=Severity.INFO, message=message, evidence=evidence,
                confidence=narrative.confidence, analyzer=self.name,
                details={
                    "narrative": name,
                    "subnarratives": [{"label": d.label, "confidence": d.confidence, "method": d.method,
                                       "threshold": d.threshold} for d in subs],
                    "method": narrative.method,
                    "threshold": narrative.threshold,
                    "matched_examples": [{"sentence": [s.start, s.end], "example": s.attributes["example"],
                                          "example_label": s.attributes["example_label"],
                                          "similarity": s.attributes["similarity"], "cues": s.attributes["cues"]}
                                         for s in evidence],
                }))
        spans.sort(key=lambda s: (s.start, s.end, s.attributes["narrative"], s.attributes["subnarrative"] or ""))
        ranked = sorted(result.detected, key=lambda d: -d.confidence)
        close = [] if slavic else _close_sentences(result, text, {d.label for d in result.detected})
        if close:
            findings.append(_echo_finding(text, close, self.name))
        summary = {
            "model": predictor.model_name if slavic else MODEL_NAME,
            "narratives": list(result.labels.narratives),
            "subnarratives": list(result.labels.subnarratives),
            "ranked": [{"label": d.label, "confidence": d.confidence, "method": d.method,
                        "threshold": d.threshold} for d in ranked],
            "close_sentences_below_threshold": close,
            "catalogs": list(getattr(getattr(predictor, "catalog", None), "sources", []) or []),
        }
        return AnalyzerResult(spans=spans, findings=findings, summary=summary)


def _close_sentences(result: Any, text: str, detected: set[str]) -> list[dict[str, Any]]:
    """The best sentence matches of undetected subnarratives (similarity >= CLOSE_SENTENCE)."""
    match = getattr(result, "match", None)
    if match is None or not match.spans:
        return []
    catalog = match.index.catalog
    found = []
    for entry in catalog.subnarratives():
        if entry.label in detected:
            continue
        sims, best = match.label_similarity(entry.label)
        i = int(sims.argmax())
        if sims[i] >= CLOSE_SENTENCE:
            start, end = match.spans[i]
            found.append({"label": entry.label, "similarity": round(float(sims[i]), 3), "start": start,
                          "end": end, "text": text[start:end], "example": match.index.prototype_text[int(best[i])]})
    found.sort(key=lambda r: -r["similarity"])
    return found[:MAX_CLOSE]


def _echo_finding(text: str, close: list[dict[str, Any]], analyzer: str) -> Finding:
    """Sentences that read like a catalogued narrative, though the article as a whole
    was not labelled with it: evidence for the reader to weigh, not a label."""
    evidence = [Span.of(text, row["start"], row["end"], "narrative-echo", subnarrative=row["label"],
                        similarity=row["similarity"], example=row["example"]) for row in close]
    labels = list(dict.fromkeys(row["label"] for row in close))
    n = len({(row["start"], row["end"]) for row in close})
    message = (f"{n} sentence{'s' if n != 1 else ''} read{'' if n != 1 else 's'} like catalogued "
               f"narratives ({'; '.join(labels)}), though the article as a whole is not labelled "
               f"with them; about a third of such matches carried the narrative on the training set")
    return Finding(kind="narrative-echo", severity=Severity.INFO, message=message, evidence=evidence,
                   confidence=CLOSE_PRECISION, analyzer=analyzer,
                   details={"matches": [{"label": row["label"], "similarity": row["similarity"],
                                         "sentence": [row["start"], row["end"]], "example": row["example"]}
                                        for row in close],
                            "similarity_threshold": CLOSE_SENTENCE})
