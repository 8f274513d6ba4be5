"""Runs analyzers over articles: the core of ``unspin analyze``."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from unspin import __version__
from unspin.analyzers import DEFAULT_ANALYZERS, Analyzer, Context, get_analyzer
from unspin.lang import detect_language
from unspin.model import Analysis, AnalyzerRun, Article
from unspin.nlp import pipeline_for

log = logging.getLogger(__name__)


#: Characters of one article that are analysed; the rest of a longer text is kept (and shown)
#: but not analysed, and the article says so in its metadata. spaCy needs about 1 GB of memory
#: per 100,000 characters at its peak, so the default suits a machine with 8 GB.
#: Override with UNSPIN_MAX_CHARS.
MAX_ANALYSED_CHARS = int(os.environ.get("UNSPIN_MAX_CHARS", 300_000))
#: A run of one punctuation character this long ("=====...", "((((...") is blanked for the
#: tokenizer, whose time grows with the square of such a run; offsets do not move.
LONG_RUN = re.compile(r"([^\w\s])\1{63,}")


def analysed_view(article: Article) -> Article:
    """The article as the analyzers see it: the first MAX_ANALYSED_CHARS characters (cut at a
    space), the same object when it is shorter. Offsets into the view are offsets into the text."""
    text = article.text
    if len(text) <= MAX_ANALYSED_CHARS:
        return article
    cut = text.rfind(" ", MAX_ANALYSED_CHARS // 2, MAX_ANALYSED_CHARS)
    cut = cut if cut > 0 else MAX_ANALYSED_CHARS
    article.metadata["analysed_characters"] = f"the first {cut:,} of {len(text):,} (UNSPIN_MAX_CHARS)"
    return dataclasses.replace(article, text=text[:cut], metadata=dict(article.metadata))


def tokenizer_safe(text: str) -> str:
    """``text`` with long runs of one punctuation character replaced by spaces, one for one."""
    return LONG_RUN.sub(lambda m: " " * len(m.group(0)), text) if len(text) > 64 else text


#: Seconds one analyzer may spend on one article (UNSPIN_TIME_BUDGET; 0 turns the budget off).
#: An analyzer still running when its time ends is stopped and reported "skipped: time budget";
#: the analyzers before and after it run as usual, so one slow path costs one analyzer's
#: findings, not the article's. Stopping a running analyzer needs SIGALRM (POSIX, main thread,
#: no alarm handler of the application's own); elsewhere (a worker thread) the analyzer runs to
#: its end and the overrun is logged.
TIME_BUDGET_S = float(os.environ.get("UNSPIN_TIME_BUDGET", 60))
_BUDGET_REASON = "time budget: the analyzer ran past UNSPIN_TIME_BUDGET seconds on this article"


class TimeBudgetExceeded(Exception):
    """Raised inside an analyzer when the article's time budget runs out."""


@contextlib.contextmanager
def _alarm(deadline: float | None) -> Iterator[None]:
    usable = (deadline is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeBudgetExceeded()

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, deadline - time.monotonic()))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


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
        views = [analysed_view(article) for article in batch]
        for language, indices in by_language.items():
            nlp = pipeline_for(language)
            if nlp is None:
                continue
            texts = [tokenizer_safe(views[i].text) for i in indices]
            try:
                for i, doc in zip(indices, nlp.pipe(texts)):
                    docs[i] = doc
            except Exception:  # noqa: BLE001 - find the one text spaCy cannot take; keep the rest
                for i, text in zip(indices, texts):
                    try:
                        docs[i] = nlp(text)
                    except Exception as exc:  # noqa: BLE001
                        log.warning("spaCy could not parse %s: %s", batch[i].source or batch[i].id, exc)
                        batch[i].metadata["parse_failed"] = type(exc).__name__
        for article, view, doc in zip(batch, views, docs):
            yield self._run_analyzers(article, doc, view)

    def _run_analyzers(self, article: Article, doc: Any, view: Article | None = None) -> Analysis:
        language = article.language or "und"
        ctx = Context(article=view or article, doc=doc, language=language,
                      options={"published": article.published})
        analysis = Analysis(article, unspin_version=__version__)
        for analyzer in self.analyzers:
            if not analyzer.supports(language):
                analysis.runs[analyzer.name] = AnalyzerRun(
                    analyzer.name, "skipped",
                    f"language {language!r} is not supported by this analyzer")
                continue
            started = time.monotonic()
            deadline = started + TIME_BUDGET_S if TIME_BUDGET_S > 0 else None
            try:
                with _alarm(deadline):
                    result = analyzer.analyze(ctx)
            except TimeBudgetExceeded:
                log.warning("analyzer %s ran out of time on %s", analyzer.name, article.source or article.id)
                analysis.runs[analyzer.name] = AnalyzerRun(analyzer.name, "skipped", _BUDGET_REASON)
                continue
            except Exception as exc:  # one analyzer's bug must not lose the others' work
                log.exception("analyzer %s failed on %s", analyzer.name, article.source or article.id)
                analysis.runs[analyzer.name] = AnalyzerRun(analyzer.name, "failed",
                                                           f"{type(exc).__name__}: {exc}")
                continue
            if deadline is not None and time.monotonic() > deadline:  # no alarm in this thread
                log.warning("analyzer %s took %.0f s on %s, past the time budget", analyzer.name,
                            time.monotonic() - started, article.source or article.id)
            for finding in result.findings:
                finding.analyzer = finding.analyzer or analyzer.name
            ctx.results[analyzer.name] = result
            analysis.runs[analyzer.name] = AnalyzerRun(analyzer.name, "ran", None, result)
        return analysis
