"""Analysis on every local core: worker processes that each load the models once.

``ParallelPipeline(names, config, jobs=N).pipe(articles)`` yields the same analyses, in the same
order, as ``Pipeline(names, config).pipe(articles)``. Articles go to the workers in small chunks;
at most ``2 * jobs`` chunks are in flight, so memory stays bounded on any input size. Workers are
started with ``spawn`` (a fresh interpreter: no inherited ONNX thread pools or locks) and each
gives its ONNX sessions ``cores // jobs`` threads, so N workers do not fight over the cores.

Small inputs are analysed in this process: starting a worker costs a model load (2-4 s and
about 700 MB), which only pays off over many articles.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from unspin.model import Analysis, Article

log = logging.getLogger(__name__)

CHUNK = 8            # articles per task: large enough to batch spaCy, small enough to keep order cheap
MIN_PER_WORKER = 6   # below jobs * this many articles, one process is faster than starting workers

_worker_pipeline: Any = None


def default_jobs() -> int:
    """$UNSPIN_JOBS, else the cores this process may use (the affinity mask where the OS has one)."""
    if os.environ.get("UNSPIN_JOBS", "").strip().isdigit():
        return max(1, int(os.environ["UNSPIN_JOBS"]))
    return available_cores()


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _start_worker(names: Sequence[str], config: dict, threads: int) -> None:
    global _worker_pipeline
    os.environ["UNSPIN_ORT_THREADS"] = str(threads)
    from unspin.pipeline import Pipeline

    _worker_pipeline = Pipeline(names, config=config)


def _analyse_chunk(chunk: list[Article], published: date | None) -> list[Analysis]:
    return list(_worker_pipeline.pipe(chunk, published=published))


class ParallelPipeline:
    """A :class:`unspin.pipeline.Pipeline` spread over ``jobs`` worker processes."""

    def __init__(self, analyzers: Sequence[str] | None = None, config: dict | None = None,
                 jobs: int | None = None, local: Any = None) -> None:
        """``local``: an already built Pipeline with the same analyzers and config, used for small
        inputs (else one is built on first need)."""
        from unspin.analyzers import DEFAULT_ANALYZERS

        self.names = tuple(analyzers or DEFAULT_ANALYZERS)
        self.config = config or {}
        self.jobs = max(1, jobs or default_jobs())
        self._local: Any = local
        self.workers_used = 0  # how many worker processes the last pipe() started (0: ran here)

    def local(self) -> Any:
        """The in-process pipeline (for small inputs and ``jobs == 1``), built on first use."""
        if self._local is None:
            from unspin.pipeline import Pipeline

            self._local = Pipeline(self.names, config=self.config)
        return self._local

    def pipe(self, articles: Iterable[Article], published: date | None = None) -> Iterator[Analysis]:
        stream = iter(articles)
        head = list(itertools.islice(stream, self.jobs * MIN_PER_WORKER))
        if self.jobs == 1 or len(head) < self.jobs * MIN_PER_WORKER:
            self.workers_used = 0
            yield from self.local().pipe(itertools.chain(head, stream), published=published)
            return
        yield from self._pipe_workers(itertools.chain(head, stream), published)

    def _pipe_workers(self, articles: Iterator[Article], published: date | None) -> Iterator[Analysis]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from unspin.places.gazetteer import ensure_cache

        ensure_cache()  # build the place index once here, not once per worker at the same time
        threads = max(1, available_cores() // self.jobs)
        self.workers_used = self.jobs
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(self.names, self.config, threads)) as pool:
            pending: deque = deque()
            broken = False
            while True:
                chunk = list(itertools.islice(articles, CHUNK))
                if chunk:
                    if broken:
                        yield from self.local().pipe(chunk, published=published)
                    else:
                        pending.append((pool.submit(_analyse_chunk, chunk, published), chunk))
                if pending and (not chunk or broken or len(pending) >= 2 * self.jobs):
                    future, sent = pending.popleft()
                    try:
                        yield from future.result()
                    except BrokenProcessPool:
                        # A worker died (killed, out of memory): its chunk and the rest are analysed
                        # here, so the run still ends with every article.
                        log.warning("an analysis worker died; going on in this process")
                        broken = True
                        self.workers_used = 0
                        yield from self.local().pipe(sent, published=published)
                if not chunk and not pending:
                    return
