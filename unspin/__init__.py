"""unspin: reads news the way a fact-checker does, and shows its evidence.

The plain front door::

    import unspin
    analysis = unspin.analyze("text of an article ...", published="2025-12-12")
    for finding in analysis.findings:
        print(finding.severity.value, finding.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

import os  # noqa: E402
from datetime import date  # noqa: E402
from functools import lru_cache  # noqa: E402

from unspin.model import Analysis, Article, Finding, Severity, Span  # noqa: E402


@lru_cache(maxsize=1)
def _default_pipeline():
    from unspin.pipeline import Pipeline

    return Pipeline()


def analyze(article: Article | str, published: date | str | None = None) -> Analysis:
    """Analyse one article (an :class:`Article` or plain text) with the default analyzers.

    A string is the article's text, never a path: to analyse a file, read it first
    (``unspin.read.read_inputs(["file.txt"])`` yields Articles from any supported format).
    Raises ValueError for an empty text and for a string that is only the name of an
    existing file, which is almost always a mistake.
    """
    if isinstance(article, os.PathLike):
        raise TypeError(f"analyze() takes article text, not a path ({os.fspath(article)!r}); "
                        "read the file with unspin.read.read_inputs")
    if isinstance(article, str):
        if not article.strip():
            raise ValueError("analyze() got an empty text")
        candidate = article.strip()
        if "\n" not in candidate and len(candidate) < 1024 and os.path.isfile(candidate):
            raise ValueError(f"analyze() takes article text, and {candidate!r} is the name of a file; "
                             "read it with unspin.read.read_inputs([path]) and analyse each Article")
        article = Article(text=article)
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return _default_pipeline().analyze(article, published=published)


__all__ = ["Analysis", "Article", "Finding", "Severity", "Span", "analyze", "__version__"]
