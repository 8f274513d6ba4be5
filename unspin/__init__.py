"""unspin: reads news the way a fact-checker does, and shows its evidence.

The plain front door::

    import unspin
    analysis = unspin.analyze("text of an article ...", published="2025-12-12")
    for finding in analysis.findings:
        print(finding.severity.value, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

from datetime import date  # noqa: E402
from functools import lru_cache  # noqa: E402

from unspin.model import Analysis, Article, Finding, Severity, Span  # noqa: E402


@lru_cache(maxsize=1)
def _default_pipeline():
    from unspin.pipeline import Pipeline

    return Pipeline()


def analyze(article: Article | str, published: date | str | None = None) -> Analysis:
    """Analyse one article (an :class:`Article` or plain text) with the default analyzers."""
    if isinstance(article, str):
        article = Article(text=article)
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return _default_pipeline().analyze(article, published=published)


__all__ = ["Analysis", "Article", "Finding", "Severity", "Span", "analyze", "__version__"]
