"""Machine-rewrite signals: was this written by a person, or spun out by a model?

Evidence first, estimate second:

* ``leftover-assistant`` (HIGH) — the model's own voice left in the copy
  ("Here is a rewritten version…", "As an AI language model"); one finding
  per sentence, the span as evidence;
* ``leftover-cyrillic`` (MEDIUM) — untranslated Cyrillic words in English
  text; words given as a gloss ("Kyiv (Київ)") are recorded as spans only;
* ``leftover-homoglyph`` (MEDIUM) — words mixing Latin and Cyrillic letters;
* ``leftover-persona`` (MEDIUM for "As a seasoned journalist", LOW for a
  ``Title:`` label or markdown) — prompt and persona boilerplate;
* ``transliteration-mix`` (LOW) — a Russian-style place name beside the
  standard one (Donbass and Donbas);
* ``style-cliches`` (INFO, LOW from 4 distinct phrases at 3+ per 1,000 words)
  — all cliché matches in ONE finding; people use these phrases too, so they
  only describe the text;
* ``translation-calque``, ``translation-untranslated``, ``translation-case-ending``,
  ``translation-name-order``, ``translation-typography`` (INFO or LOW) — tells of a translation
  from Russian or Ukrainian (:mod:`unspin.style.translation`): "on the territory of", "peaceful
  residents", "VSU", "in Bakhmute", "Sukhov Andrei Petrovich", "№ 12"; one finding per kind, each
  match a span, the confidence the kind's precision measured on ``evals/translation_tells``. They
  say where a text comes from, not that it is false, and they do not feed the classifier;
* ``machine-style`` — the classifier's probability, with its top features.
  INFO at the default threshold, LOW from 0.9, MEDIUM only from 0.97 when a
  leftover or dense clichés back it up: the classifier was trained on two
  research corpora of GPT-3.5/Llama/Vicuna news and has not seen this
  outlet's house style, so a score alone should not accuse anyone.

Texts under 60 words are not scored (the rates are noise there); the
summary says so.

Russian and Ukrainian articles get the leftovers and clichés that can be measured in those
languages (:mod:`unspin.style.slavic`): an assistant's sentence ("Конечно! Вот переписанный
текст", HIGH), persona and ``Заголовок:`` labels, Latin letters inside Cyrillic words
(``leftover-homoglyph``), English words left in the prose (``leftover-english``) and a small
Russian/Ukrainian cliché lexicon (INFO only). No probability: there is no Russian or Ukrainian
machine-text classifier, for want of labelled data to train and test one.

Config: ``classifier`` — an object with ``score(text, features)`` and
``threshold``/``name`` (tests pass a fake); ``model_path``.
"""

from __future__ import annotations

from typing import Any

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult, Finding, Severity, Span
from unspin.style.features import MIN_WORDS, extract
from unspin.style.translation import find_translation_tells

CLICHE_LOW_DISTINCT = 4
CLICHE_LOW_PER_1K = 3.0
LOW_PROBABILITY = 0.9
MEDIUM_PROBABILITY = 0.97

# plain-language names of the features a report may cite
FEATURE_LABELS = {
    "sentence_len_std": "spread of sentence lengths",
    "sentence_len_cv": "relative spread of sentence lengths",
    "sentence_len_mean": "mean sentence length",
    "short_sentence_share": "share of short sentences",
    "long_sentence_share": "share of long sentences",
    "type_token_ratio_100": "vocabulary variety (first 100 words)",
    "hapax_ratio_100": "words used once (first 100 words)",
    "word_len_mean": "mean word length",
    "long_word_rate": "long words per 100",
    "cliche_rate": "clichés per 100 words",
    "cliche_weight_rate": "weighted clichés per 100 words",
    "cliche_distinct": "distinct clichés",
    "fw_said": "'said' per 100 words",
    "punct_double_quote_rate": "quotation marks per 100 words",
}

PERSONA_MEDIUM = {"persona-journalist"}

# Translation tells (English): the precision of each kind, the lower of the dev split of
# evals/translation_tells (`unspin eval translation-tells --data evals/translation_tells/dev.jsonl`)
# and a hand check of every hit on 1,046 real English articles (docs/style.md), rounded down and
# capped at 0.9: both checks are small, and the dev split was written by the team that wrote the rules.
TRANSLATION_CONFIDENCE = {"calque": 0.85, "untranslated": 0.9, "case_ending": 0.85, "name_order": 0.75,
                          "typography": 0.7}
TRANSLATION_FINDINGS = {
    "calque": ("translation-calque", "Phrases that copy a Russian construction word for word"),
    "untranslated": ("translation-untranslated", "Russian words or abbreviations left in Latin letters"),
    "case_ending": ("translation-case-ending", "Names that kept a Russian case ending"),
    "name_order": ("translation-name-order", "Names in the Russian official order (surname, first name, patronymic)"),
    "typography": ("translation-typography", "Russian typography left in English copy (guillemets also come "
                                             "from Polish, French or Italian copy)"),
}
# Russian and Ukrainian leftovers: precision on the dev split (ru and uk records together) and on
# real Russian news (docs/style.md), rounded down and capped at 0.9 as above.
SLAVIC_CONFIDENCE = {"latin_word": 0.8, "homoglyph": 0.8, "cliche": 0.5}


def _describe_tell(span: Span) -> str:
    """“VSU” (ВСУ: the Armed Forces of Ukraine); “Bakhmute” (Bakhmut); “on the territory of” (на территории)."""
    a = span.attributes
    extra = a.get("gloss") or a.get("russian") or a.get("standard") or a.get("reads")
    return f"“{span.text}” ({extra})" if extra else f"“{span.text}”"


def _label(feature: str) -> str:
    if feature in FEATURE_LABELS:
        return FEATURE_LABELS[feature]
    if feature.startswith("fw_"):
        return f"'{feature[3:]}' per 100 words"
    if feature.startswith("punct_"):
        return feature[6:].removesuffix("_rate").replace("_", " ") + " per 100 words"
    return feature.replace("_", " ")


@register("style")
class StyleAnalyzer(Analyzer):
    languages = frozenset({"en", "ru", "uk"})

    def __init__(self, classifier: Any = None, model_path: str | None = None, **_config: Any) -> None:
        self._classifier = classifier
        self._model_path = model_path
        self._model_error: str | None = None

    @property
    def classifier(self) -> Any:
        if self._classifier is None and self._model_error is None:
            from unspin.style.classifier import MODEL_FILE, ModelUnavailable, load_classifier

            try:
                self._classifier = load_classifier(self._model_path or MODEL_FILE)
            except ModelUnavailable as exc:
                self._model_error = str(exc)  # the lexicon checks still run without it
        return self._classifier

    def analyze(self, ctx: Context) -> AnalyzerResult:
        text = ctx.article.text
        if ctx.language in ("ru", "uk"):
            return self._analyze_slavic(text)
        features = extract(text)
        spans: list[Span] = []
        findings: list[Finding] = []

        cliche_spans = [Span.of(text, c.start, c.end, "style-cliche", cliche=c.id, weight=c.weight, note=c.note)
                        for c in features.cliches]
        spans += cliche_spans
        leftover_spans: dict[str, list[Span]] = {}
        for x in features.leftovers:
            span = Span.of(text, x.start, x.end, f"leftover-{x.kind}", rule=x.rule, **x.attributes)
            spans.append(span)
            leftover_spans.setdefault(x.kind, []).append(span)

        findings += self._leftover_findings(leftover_spans)
        per_1k = 1000.0 * len(cliche_spans) / max(features.words, 1)
        distinct = sorted({s.attributes["cliche"] for s in cliche_spans})
        if len(cliche_spans) >= 2:
            low = len(distinct) >= CLICHE_LOW_DISTINCT and per_1k >= CLICHE_LOW_PER_1K
            shown = ", ".join(f"“{s.text}”" for s in cliche_spans[:6])
            more = f" and {len(cliche_spans) - 6} more" if len(cliche_spans) > 6 else ""
            findings.append(Finding(
                kind="style-cliches", severity=Severity.LOW if low else Severity.INFO,
                message=(f"{len(cliche_spans)} phrases that language models over-use ({per_1k:.1f} per 1,000 words): "
                         f"{shown}{more}. People write these too; many together suggest machine-written "
                         "or machine-rewritten copy."),
                evidence=cliche_spans, confidence=min(0.9, 0.3 + 0.05 * len(distinct)), analyzer=self.name,
                details={"count": len(cliche_spans), "distinct": distinct, "per_1000_words": round(per_1k, 2)}))

        translation_spans = self._translation(text, spans, findings)
        summary: dict[str, Any] = {
            "words": features.words,
            "cliches": len(cliche_spans),
            "cliches_per_1000_words": round(per_1k, 2),
            "leftovers": {kind: len(v) for kind, v in sorted(leftover_spans.items())},
            "translation": {kind: len(v) for kind, v in sorted(translation_spans.items())},
        }
        estimate = self._estimate(text, features, findings, leftover_spans, per_1k, len(distinct))
        summary.update(estimate)
        spans.sort(key=lambda s: (s.start, s.end, s.label))
        return AnalyzerResult(spans=spans, findings=findings, summary=summary)

    def _translation(self, text: str, spans: list[Span], findings: list[Finding]) -> dict[str, list[Span]]:
        """Translation tells as spans, and one finding per kind with the tells that are not glosses."""
        by_kind: dict[str, list[Span]] = {}
        for tell in find_translation_tells(text):
            span = Span.of(text, tell.start, tell.end, f"translation-{tell.kind.replace('_', '-')}", rule=tell.rule,
                           **tell.attributes)
            spans.append(span)
            by_kind.setdefault(tell.kind, []).append(span)
        for kind, (finding_kind, what) in TRANSLATION_FINDINGS.items():
            shown = [s for s in by_kind.get(kind, []) if not s.attributes.get("glossed")]
            if not shown:
                continue
            rules = sorted({s.attributes["rule"] for s in shown})
            # one calque alone is a hint (several are ordinary formal English somewhere); two
            # different ones, or any other kind, are worth a look
            severity = Severity.INFO if kind in ("calque", "typography") and len(rules) < 2 else Severity.LOW
            findings.append(Finding(
                kind=finding_kind, severity=severity,
                message=f"{what}: {', '.join(_describe_tell(s) for s in shown[:8])}"
                        + (f" and {len(shown) - 8} more" if len(shown) > 8 else "")
                        + ". A sign of translation from Russian (or Ukrainian), often by machine; it says where "
                          "the copy comes from, not that it is false.",
                evidence=shown, confidence=TRANSLATION_CONFIDENCE[kind], analyzer=self.name,
                details={"count": len(shown), "rules": rules}))
        return by_kind

    def _analyze_slavic(self, text: str) -> AnalyzerResult:
        """Russian and Ukrainian: the leftovers and clichés that can be measured; no classifier."""
        from unspin.slavic import WORD
        from unspin.style.slavic import find_slavic_cliches, find_slavic_leftovers

        spans: list[Span] = []
        by_kind: dict[str, list[Span]] = {}
        for x in find_slavic_leftovers(text):
            span = Span.of(text, x.start, x.end, f"leftover-{x.kind}", rule=x.rule, **x.attributes)
            spans.append(span)
            by_kind.setdefault(x.kind, []).append(span)
        cliche_spans = [Span.of(text, c.start, c.end, "style-cliche", cliche=c.id, weight=c.weight, note=c.note)
                        for c in find_slavic_cliches(text)]
        spans += cliche_spans
        findings = self._leftover_findings({k: v for k, v in by_kind.items() if k in ("assistant", "persona")})
        homoglyphs = by_kind.get("homoglyph", [])
        if homoglyphs:
            findings.append(self._homoglyph_finding(
                homoglyphs, "Words mixing Cyrillic and Latin letters", "Latin", "latin_letters",
                "a keyboard or transliteration slip", SLAVIC_CONFIDENCE["homoglyph"]))
        english = by_kind.get("latin_word", [])
        if english:
            findings.append(Finding(
                kind="leftover-english", severity=Severity.LOW,
                message="English words left untranslated in the text: " + ", ".join(f"“{s.text}”" for s in english[:8])
                + ": a sign of machine translation or of copy rewritten by a model from an English draft.",
                evidence=english, confidence=SLAVIC_CONFIDENCE["latin_word"], analyzer=self.name,
                details={"count": len(english)}))
        words = len(WORD.findall(text))
        per_1k = 1000.0 * len(cliche_spans) / max(words, 1)
        if cliche_spans:
            shown = ", ".join(f"“{s.text}” ({s.attributes['note']})" for s in cliche_spans[:6])
            findings.append(Finding(
                kind="style-cliches", severity=Severity.INFO,
                message=(f"{len(cliche_spans)} phrases that language models over-use in Russian and Ukrainian "
                         f"({per_1k:.1f} per 1,000 words): {shown}. People write these too."),
                evidence=cliche_spans, confidence=SLAVIC_CONFIDENCE["cliche"], analyzer=self.name,
                details={"count": len(cliche_spans), "distinct": sorted({s.attributes["cliche"] for s in cliche_spans}),
                         "per_1000_words": round(per_1k, 2)}))
        spans.sort(key=lambda s: (s.start, s.end, s.label))
        summary = {"words": words, "cliches": len(cliche_spans), "cliches_per_1000_words": round(per_1k, 2),
                   "leftovers": {kind: len(v) for kind, v in sorted(by_kind.items())},
                   "model": None, "probability": None,
                   "note": "no machine-text classifier for Russian or Ukrainian (no labelled data to train or test one); "
                           "leftovers and clichés only"}
        return AnalyzerResult(spans=spans, findings=findings, summary=summary)

    def _homoglyph_finding(self, spans: list[Span], opening: str, foreign: str, letters_key: str, slip: str,
                           confidence: float) -> Finding:
        """One finding for the words that mix scripts, each shown with its letters of the other one."""
        return Finding(
            kind="leftover-homoglyph", severity=Severity.MEDIUM,
            message=f"{opening}: " + ", ".join(f"“{s.text}” ({foreign} {s.attributes[letters_key]})" for s in spans[:8])
            + f": {slip}, or letters swapped to dodge filters.",
            evidence=spans, confidence=confidence, analyzer=self.name, details={"count": len(spans)})

    def _leftover_findings(self, by_kind: dict[str, list[Span]]) -> list[Finding]:
        findings = []
        for span in by_kind.get("assistant", []):
            findings.append(Finding(
                kind="leftover-assistant", severity=Severity.HIGH,
                message=f"An AI assistant's own words left in the text: “{span.text}”.",
                evidence=[span], confidence=0.9, analyzer=self.name, details={"rule": span.attributes["rule"]}))
        cyrillic = [s for s in by_kind.get("cyrillic", []) if not s.attributes.get("glossed")]
        if cyrillic:
            words = ", ".join(f"“{s.text}”" for s in cyrillic[:8])
            findings.append(Finding(
                kind="leftover-cyrillic", severity=Severity.MEDIUM,
                message=f"Untranslated Cyrillic in English text: {words}: a sign of machine translation "
                        "or copy lifted from a Russian- or Ukrainian-language source.",
                evidence=cyrillic, confidence=0.75, analyzer=self.name, details={"count": len(cyrillic)}))
        homoglyphs = by_kind.get("homoglyph", [])
        if homoglyphs:
            findings.append(self._homoglyph_finding(
                homoglyphs, "Words mixing Latin and Cyrillic letters", "Cyrillic", "cyrillic_letters",
                "a transliteration slip", 0.8))
        persona = by_kind.get("persona", [])
        if persona:
            strong = any(s.attributes["rule"] in PERSONA_MEDIUM for s in persona)
            findings.append(Finding(
                kind="leftover-persona", severity=Severity.MEDIUM if strong else Severity.LOW,
                message="Prompt or persona boilerplate: " + ", ".join(f"“{s.text.strip()[:60]}”" for s in persona[:6])
                + (" (a writing persona a model was told to adopt)" if strong else
                   " (labels or markdown that a news page does not normally show)"),
                evidence=persona, confidence=0.7 if strong else 0.4, analyzer=self.name,
                details={"rules": sorted({s.attributes["rule"] for s in persona})}))
        mixed = [s for s in by_kind.get("transliteration", []) if s.attributes.get("mixed")]
        if mixed:
            pairs = sorted({f"{s.text}/{s.attributes['standard']}" for s in mixed})
            findings.append(Finding(
                kind="transliteration-mix", severity=Severity.LOW,
                message=f"Russian-style and standard spellings of the same place side by side ({', '.join(pairs)}): "
                        "copy stitched from Russian-language sources, or a careless rewrite.",
                evidence=mixed, confidence=0.5, analyzer=self.name, details={"pairs": pairs}))
        return findings

    def _estimate(self, text: str, features: Any, findings: list[Finding], leftovers: dict[str, list[Span]],
                  per_1k: float, distinct: int) -> dict[str, Any]:
        classifier = self.classifier
        if classifier is None:
            return {"model": None, "probability": None, "note": self._model_error or "no classifier"}
        if features.words < MIN_WORDS:
            return {"model": classifier.name, "probability": None,
                    "note": f"too short to score ({features.words} words; needs {MIN_WORDS})"}
        scored = classifier.score(text, features)
        p = scored.probability
        top = [{"feature": name, "label": _label(name), "value": round(value, 3), "contribution": round(part, 3)}
               for name, value, part in scored.contributions[:6]]
        estimate = {"model": classifier.name, "probability": round(p, 3), "threshold": classifier.threshold,
                    "machine_like": p >= classifier.threshold, "top_features": top}
        if p >= classifier.threshold:
            backed = bool(leftovers.get("assistant") or leftovers.get("cyrillic") or leftovers.get("homoglyph")
                          or (distinct >= CLICHE_LOW_DISTINCT and per_1k >= CLICHE_LOW_PER_1K))
            severity = Severity.INFO
            if p >= MEDIUM_PROBABILITY and backed:
                severity = Severity.MEDIUM
            elif p >= LOW_PROBABILITY:
                severity = Severity.LOW
            pushing = [t for t in top if t["contribution"] > 0][:3]
            reasons = "; ".join(f"{t['label']} = {t['value']:.3g}" for t in pushing)
            findings.append(Finding(
                kind="machine-style", severity=severity,
                message=(f"Reads as machine-written or machine-rewritten: probability {p:.2f} "
                         f"(model {classifier.name}, threshold {classifier.threshold:g})"
                         + (f"; mainly {reasons}" if reasons else "") + ". An estimate from style, not proof."),
                evidence=[], confidence=p, analyzer=self.name,
                details={"probability": round(p, 3), "model": classifier.name, "top_features": top}))
        return estimate
