"""Persuasion techniques: spans of the 23 SemEval-2023 techniques, found by
the MiniLM tagger in ``unspin.techniques.model`` (plus the Repetition rule).

* Every predicted span becomes a ``technique`` span with attributes
  ``technique``, ``confidence`` and ``ptc2020`` (the SemEval-2020 label, or None).
* The summary counts spans per technique, for text/JSON output.
* One INFO finding per technique present, its spans as evidence: a technique
  in a news article is a reading aid, not an error, so it never ranks above
  the checks that catch factual problems. (Dev span F1 is about 0.2: single
  spans are often wrong, which is why nothing here is more than INFO.)

Config: ``predictor`` — any object with ``predict_spans(text)`` (tests pass a
fake); ``min_confidence`` — drop spans scored below it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult, Finding, Severity, Span
from unspin.techniques.taxonomy import SEMEVAL2023, to_ptc2020

MODEL_NAME = "minilm-l6-token-tagger-int8"
MIN_WORDS = 5
_WORD = re.compile(r"\w+")


def _explain(technique: str) -> tuple[str, str]:
    """(display name, explanation); the plain label when the table is unavailable."""
    try:
        from unspin.techniques.explanations import display_name, explain

        return display_name(technique), explain(technique)
    except (ImportError, KeyError, ValueError, FileNotFoundError):
        return technique.replace("_", " "), ""


@register("techniques")
class TechniquesAnalyzer(Analyzer):
    languages = frozenset({"en"})

    def __init__(self, predictor: Any = None, min_confidence: float = 0.0, **_config: Any) -> None:
        self._predictor = predictor
        self.min_confidence = float(min_confidence)

    @property
    def predictor(self) -> Any:
        if self._predictor is None:
            # loaded on first use (once per process, lru_cache), so registering the
            # analyzer costs nothing when it is not run
            from unspin.techniques.model import load_predictor

            self._predictor = load_predictor()
        return self._predictor

    def analyze(self, ctx: Context) -> AnalyzerResult:
        text = ctx.article.text
        spans: list[Span] = []
        # the tagger learned from whole articles; on a handful of words its scores are noise
        too_short = len(_WORD.findall(text)) < MIN_WORDS
        for technique, start, end, conf in ([] if too_short else self.predictor.predict_spans(text)):
            if technique not in SEMEVAL2023 or conf < self.min_confidence or not 0 <= start < end <= len(text):
                continue
            spans.append(Span.of(text, start, end, "technique", technique=technique,
                                 confidence=round(float(conf), 3), ptc2020=to_ptc2020(technique)))
        spans.sort(key=lambda s: (s.start, s.end, s.attributes["technique"]))
        counts = Counter(s.attributes["technique"] for s in spans)
        ptc = Counter(s.attributes["ptc2020"] for s in spans if s.attributes["ptc2020"])
        findings = []
        for technique in sorted(counts, key=lambda t: (-counts[t], SEMEVAL2023.index(t))):
            evidence = [s for s in spans if s.attributes["technique"] == technique]
            name, explanation = _explain(technique)
            n = len(evidence)
            message = f"{name}: {n} passage{'s' if n != 1 else ''}"
            findings.append(Finding(
                kind="persuasion-technique", severity=Severity.INFO,
                message=f"{message}. {explanation}".strip() if explanation else message,
                evidence=evidence, confidence=max(s.attributes["confidence"] for s in evidence),
                analyzer=self.name, details={"technique": technique, "count": n,
                                             "ptc2020": to_ptc2020(technique)}))
        summary = {
            "model": MODEL_NAME,
            "total": len(spans),
            "counts": {t: counts[t] for t in SEMEVAL2023 if counts[t]},
            "ptc2020_counts": dict(sorted(ptc.items())),
        }
        if too_short:
            summary["skipped"] = f"fewer than {MIN_WORDS} words"
        return AnalyzerResult(spans=spans, findings=findings, summary=summary)
