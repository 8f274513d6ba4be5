"""Runs analyzers over articles: the core of ``unspin analyze``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from unspin import __version__
from unspin.analyzers import DEFAULT_ANALYZERS, Analyzer, Context, get_analyzer
from unspin.lang import detect_language
from unspin.model import Analysis, AnalyzerRun, Article
from unspin.nlp import pipeline_for

log = logging.getLogger(__name__)


class Pipeline:
    """An ordered set of analyzers sharing one NLP backbone.

    Analyzers are built once; ``analyze``/``pipe`` can then be called for
    any number of articles.
    """

    def __init__(self, analyzers: Sequence[str | Analyzer] = DEFAULT_ANALYZERS,
                 config: dict[str, dict[str, Any]] | None = None) -> None:
        config = config or {}
        self.analyzers: list[Analyzer] = [
            a if isinstance(a, Analyzer) else get_analyzer(a, **config.get(a, {})) for a in analyzers
        ]
        names = [a.name for a in self.analyzers]
        for analyzer in self.analyzers:
            for needed in analyzer.requires:
                if needed not in names[: names.index(analyzer.name)]:
                    raise ValueError(f"analyzer {analyzer.name!r} needs {needed!r} to run before it")

    def analyze(self, article: Article, published: date | None = None) -> Analysis:
        return next(self.pipe([article], published=published))

    def pipe(self, articles: Iterable[Article], published: date | None = None,
             batch_size: int = 32) -> Iterator[Analysis]:
        """Analyse articles in order; spaCy runs batched through ``nlp.pipe``."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, published)
                batch = []
        if batch:
            yield from self._run_batch(batch, published)

    def _run_batch(self, batch: list[Article], published: date | None) -> Iterator[Analysis]:
        for article in batch:
            if not article.language:
                article.language = detect_language(article.text)[0]
            if article.published is None and published is not None:
                article.published = published
                article.metadata.setdefault("published_from", "--published")
        by_language: dict[str, list[int]] = {}
        for i, article in enumerate(batch):
            by_language.setdefault(article.language or "und", []).append(i)
        docs: list[Any] = [None] * len(batch)
        for language, indices in by_language.items():
            nlp = pipeline_for(language)
            if nlp is None:
                continue
            for i, doc in zip(indices, nlp.pipe(batch[i].text for i in indices)):
                docs[i] = doc
        for article, doc in zip(batch, docs):
            yield self._run_analyzers(article, doc)

    def _run_analyzers(self, article: Article, doc: Any) -> Analysis:
        language = article.language or "und"
        ctx = Context(article=article, doc=doc, language=language,
                      options={"published": article.published})
        analysis = Analysis(article, unspin_version=__version__)
        for analyzer in self.analyzers:
            if not analyzer.supports(language):
                analysis.runs[analyzer.name] = AnalyzerRun(
                    analyzer.name, "skipped",
                    f"language {language!r} is not supported by this analyzer")
                continue
            try:
                result = analyzer.analyze(ctx)
            except Exception as exc:  # one analyzer's bug must not lose the others' work
                log.exception("analyzer %s failed on %s", analyzer.name, article.source or article.id)
                analysis.runs[analyzer.name] = AnalyzerRun(analyzer.name, "failed",
                                                           f"{type(exc).__name__}: {exc}")
                continue
            for finding in result.findings:
                finding.analyzer = finding.analyzer or analyzer.name
            ctx.results[analyzer.name] = result
            analysis.runs[analyzer.name] = AnalyzerRun(analyzer.name, "ran", None, result)
        return analysis
