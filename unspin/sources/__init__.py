"""Quotes and attribution: who says what in a news text, and how checkable
the source is.

Public API::

    from unspin.sources import analyze_doc, find_attributions, find_quotes
    result = analyze_doc(doc, text)        # AnalyzerResult: spans, findings, summary
    attributions = find_attributions(doc)  # list[Attribution], ids a1, a2 ...
    quotes = find_quotes(text)             # quotation marks only, no parse needed

Modules: ``quotes`` (quotation marks), ``direct`` (speaker and cue of a
quotation), ``reported`` (indirect speech from the parse), ``classify``
(source class), ``backrefs`` (the soldier -> the serviceman), ``summary``
(summary, spans, findings), ``lexicon`` (word lists in unspin/data/sources_*).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.model import AnalyzerResult
from unspin.sources.attributions import find_attributions
from unspin.sources.classify import people_mentioned
from unspin.sources.lexicon import lexicon
from unspin.sources.quotes import Quote, find_quotes
from unspin.sources.references import find_references
from unspin.sources.records import SOURCE_CLASSES, Attribution, Source
from unspin.sources.summary import build_findings, build_spans, build_summary

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SOURCE_CLASSES", "Attribution", "Quote", "Source", "analyze_doc", "find_attributions",
           "find_quotes"]


def analyze_doc(doc: Doc | None, text: str) -> AnalyzerResult:
    """Everything the sources analyzer reports for one parsed text."""
    if doc is None:
        return AnalyzerResult(summary=build_summary(text, [], []))
    lex = lexicon()
    people = people_mentioned(doc, lex)
    attributions = find_attributions(doc, text, people)
    references = find_references(doc, text, attributions, people, lex)
    return AnalyzerResult(spans=build_spans(text, attributions),
                          findings=build_findings(text, attributions),
                          summary=build_summary(text, attributions, references))
