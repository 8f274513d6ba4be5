"""Sources: who is quoted or reported, and how checkable they are.

Finds direct quotations and reported speech, classifies each source (named
person or organisation, described but unnamed, anonymous, or no speaker at
all), resolves back-references ("the soldier" -> the serviceman quoted
earlier) and flags articles whose claims rest mostly on unnamed sources.
The work lives in :mod:`unspin.sources`; this module adapts it to the
analyzer contract.
"""

from __future__ import annotations

from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult
from unspin.sources import analyze_doc


@register("sources")
class SourcesAnalyzer(Analyzer):
    languages = frozenset({"en"})

    def analyze(self, ctx: Context) -> AnalyzerResult:
        if ctx.doc is None:  # no English pipeline ran: nothing to parse
            return AnalyzerResult(summary=analyze_doc(None, ctx.article.text).summary)
        return analyze_doc(ctx.doc, ctx.article.text)
