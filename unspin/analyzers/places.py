"""Placeholder: being written."""
from unspin.analyzers.base import Analyzer, Context, register
from unspin.model import AnalyzerResult


@register("places")
class _Stub(Analyzer):
    def analyze(self, ctx: Context) -> AnalyzerResult:
        return AnalyzerResult()
