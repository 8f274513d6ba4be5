"""Check-worthy claims: which sentences a fact-checker should look at first,
and what each one claims, about whom, where, when and on whose word.

* Every sentence is scored by the check-worthiness model
  (:mod:`unspin.claims.model`, trained on CheckThat! 2024 English; its dev
  and dev-test figures are in ``unspin/models/claims/train_report.json``).
* Sentences at or above the model's threshold (and of at least four words)
  become ``claim`` spans, ranked by score, with their structure
  (:mod:`unspin.claims.structure`): event type, actors, places (from
  ``places``), resolved dates (from ``dates``) and the attribution (from
  ``sources``): named / unnamed / vague / anonymous / unattributed.
* The summary holds the ranked claims (JSON-ready) and counts, and the score
  of every sentence.
* One finding at most: the check-worthy claims that rest only on unnamed,
  vague or anonymous sources. It is a triage aid (the model is right about
  four times in five on held-out debate sentences, less on news prose), so
  it is LOW for one such claim and never above MEDIUM.

Runs alone too: without ``places``/``dates``/``sources`` results those parts
stay empty and the attribution class is ``not_checked``.

Russian and Ukrainian (``ru``, ``uk``): sentences come from
:func:`unspin.slavic.sentences` and are scored by the multilingual model
(:mod:`unspin.claims.multilingual`: USE multilingual v3 vectors, a logistic
regression trained on the same English data, threshold tuned on the dev
split of ``evals/claims_ru``). Spans, summary and finding have the English
shape; dates and attributions come from the ``dates`` and ``sources``
analyzers, which read Russian and Ukrainian. There is no parse, so
``event`` is ``other`` and ``actors`` is empty. The unnamed-sources finding
lists only the claims resting on anonymous sources (the one class the
Russian/Ukrainian sources analyzer raises findings on: its source classes are
right for about seven attributions in ten, and named people are read as
unnamed too often), is LOW and its confidence is capped at 0.6 (the model is
weaker there, Ukrainian especially).

Config: ``model`` -- any object with ``scores(sentences)``, ``threshold`` and
``name`` (tests pass a fake); ``threshold`` -- override the model's.
``multilingual_model`` and ``multilingual_threshold`` -- the same for
Russian and Ukrainian.
"""

from __future__ import annotations

from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.claims.scoring import score_sentences, score_sentences_slavic
from unspin.claims.structure import article_evidence, structure
from unspin.model import AnalyzerResult, Finding, Severity, Span

FINDING_CONFIDENCE_CAP = 0.8
SLAVIC = frozenset({"ru", "uk"})
SLAVIC_FINDING_CONFIDENCE_CAP = 0.6


@register("claims")
class ClaimsAnalyzer(Analyzer):
    languages = frozenset({"en", "ru", "uk"})
    requires = ("places", "dates", "sources")

    def __init__(self, model: Any = None, threshold: float | None = None, multilingual_model: Any = None,
                 multilingual_threshold: float | None = None, **_config: Any) -> None:
        self._model = model
        self._threshold = None if threshold is None else float(threshold)
        self._multilingual_model = multilingual_model
        self._multilingual_threshold = None if multilingual_threshold is None else float(multilingual_threshold)

    @property
    def multilingual_model(self) -> Any:
        if self._multilingual_model is None:
            # loaded on first use, once per process
            from unspin.claims.multilingual import shared_multilingual_model

            self._multilingual_model = shared_multilingual_model()
        return self._multilingual_model

    @property
    def model(self) -> Any:
        if self._model is None:
            from unspin.claims.model import shared_model  # loaded on first use, once per process

            self._model = shared_model()
        return self._model

    @property
    def threshold(self) -> float:
        return self._threshold if self._threshold is not None else float(self.model.threshold)

    def analyze(self, ctx: Context) -> AnalyzerResult:
        text = ctx.article.text
        slavic = ctx.language in SLAVIC
        if slavic:
            model = self.multilingual_model
            scored = score_sentences_slavic(text, model)
            threshold = (self._multilingual_threshold if self._multilingual_threshold is not None
                         else float(model.threshold))
        else:
            model = self.model
            scored = score_sentences(text, ctx.doc, model)
            threshold = self.threshold
        evidence = article_evidence(ctx.results)
        selected = sorted((s for s in scored if s.eligible and s.score >= threshold),
                          key=lambda s: (-s.score, s.start))
        claims: list[dict[str, Any]] = []
        spans: list[Span] = []
        for rank, sentence in enumerate(selected, 1):
            record = {"rank": rank, "score": round(sentence.score, 3), "start": sentence.start,
                      "end": sentence.end, "text": sentence.text,
                      **structure(evidence, sentence.start, sentence.end, sentence.span)}
            claims.append(record)
            attribution = record["attribution"]
            spans.append(Span.of(
                text, sentence.start, sentence.end, "claim", rank=rank, score=record["score"],
                event=record["event"], actors=[a["text"] for a in record["actors"]],
                places=[p["text"] for p in record["places"]],
                dates=[_date_label(d) for d in record["dates"]],
                attribution_class=attribution["class"], source=attribution["who"],
                attribution=attribution["attribution"], unnamed_only=attribution["unnamed_only"]))
        spans.sort(key=lambda s: (s.start, s.end))
        counts = {"sentences": len(scored), "claims": len(claims),
                  "by_attribution": _count(c["attribution"]["class"] for c in claims),
                  "by_event": _count(c["event"] for c in claims),
                  "unnamed_only": sum(1 for c in claims if c["attribution"]["unnamed_only"])}
        summary = {
            "model": getattr(model, "name", "unknown"),
            "threshold": round(threshold, 3),
            "counts": counts,
            "sources_checked": evidence.checked,
            "claims": claims,
            "sentences": [{"start": s.start, "end": s.end, "score": round(s.score, 3)} for s in scored],
        }
        if slavic:
            # only anonymous sources ("источник в…", "джерело в…"): the one Russian/Ukrainian class the
            # sources analyzer raises findings on; named people are read as unnamed too often
            finding = _unnamed_only_finding(text, [c for c in claims if c["attribution"]["class"] == "anonymous"])
        else:
            finding = _unnamed_only_finding(text, claims)
        if finding is not None and slavic:
            finding.severity = Severity.LOW
            finding.confidence = round(min(SLAVIC_FINDING_CONFIDENCE_CAP, finding.confidence), 3)
            finding.details["model"] = summary["model"]
            finding.details["language"] = ctx.language
        return AnalyzerResult(spans=spans, findings=[finding] if finding else [], summary=summary)


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _date_label(date: dict[str, Any]) -> str:
    resolved = date.get("resolved")
    if isinstance(resolved, dict):
        resolved = f"{resolved.get('start')}..{resolved.get('end')}"
    return f"{date['text']} = {resolved}" if resolved else str(date["text"])


def _unnamed_only_finding(text: str, claims: list[dict[str, Any]]) -> Finding | None:
    resting = [c for c in claims if c["attribution"]["unnamed_only"]]
    if not resting:
        return None
    evidence: list[Span] = []
    for claim in resting:
        evidence.append(Span.of(text, claim["start"], claim["end"], "claim", rank=claim["rank"],
                                score=claim["score"], attribution=claim["attribution"]["attribution"]))
    for claim in resting:
        speaker = claim["attribution"].get("speaker")
        if speaker and all((speaker[0], speaker[1]) != (e.start, e.end) for e in evidence):
            evidence.append(Span.of(text, speaker[0], speaker[1], "speaker",
                                    attribution=claim["attribution"]["attribution"],
                                    source_class=claim["attribution"]["source_class"]))
    sources = list(dict.fromkeys(c["attribution"]["who"] or c["attribution"]["class"] for c in resting))
    n = len(resting)
    ranks = ", ".join(f"#{c['rank']}" for c in resting)
    message = (f"{n} check-worthy claim{'s' if n != 1 else ''} ({ranks}) rest{'s' if n == 1 else ''} only on "
               f"unnamed, vague or anonymous sources ({', '.join(sources[:4])}"
               f"{f' and {len(sources) - 4} more' if len(sources) > 4 else ''}): "
               f"no named person, organisation or document stands behind {'them' if n != 1 else 'it'}.")
    return Finding(
        kind="claims-on-unnamed-sources",
        severity=Severity.MEDIUM if n >= 2 else Severity.LOW,
        message=message, evidence=evidence,
        confidence=round(min(FINDING_CONFIDENCE_CAP, max(c["score"] for c in resting)), 3),
        details={"claims": [c["rank"] for c in resting], "sources": sources,
                 "events": list(dict.fromkeys(c["event"] for c in resting)),
                 "attributions": [c["attribution"]["attribution"] for c in resting]})

