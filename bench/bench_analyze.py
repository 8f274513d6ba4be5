"""Speed and memory of `unspin analyze` against spaCy's own `nlp.pipe`, in one process.

    python bench/bench_analyze.py [--articles 500] [--json OUT.json]

Reads the English articles of the bundled example corpus, repeats them to N articles, then times:
  1. baseline: en_core_web_sm's own ``nlp.pipe`` over the texts;
  2. unspin: the full default analysis (language id, spaCy + toponym step, all analyzers);
  3. the same without the persuasion-technique model, to show what the model costs;
  4. the full analysis over ``--jobs`` worker processes (default 2), timed with the workers' start
     and model load, its speed-up over one process and each worker's peak memory.
The full run also records the time spent inside each analyzer (ms per article).
Model load times are measured separately from the per-article work. Memory: the process's
peak resident set size after each phase (the phases run in this order, so the second figure
includes the first). No tracing runs while timing, so the ratio is not skewed by it.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_texts(n: int):
    from unspin.read import ReadError, read_inputs

    from unspin.lang import detect_language

    # English only: unspin skips the parse for other languages, which would flatter the ratio.
    base = [a for a in read_inputs([str(ROOT / "examples" / "corpus")])
            if not isinstance(a, ReadError) and detect_language(a.text)[0] == "en"]
    if not base:
        sys.exit("no articles in examples/corpus")
    return [base[i % len(base)] for i in range(n)]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start, peak_rss_mib()


def time_each_analyzer(pipeline) -> dict[str, float]:
    """Wrap every analyzer's ``analyze`` so the full run also says where its time went."""
    seconds: dict[str, float] = {}

    for analyzer in pipeline.analyzers:
        seconds[analyzer.name] = 0.0

        def timed_analyze(ctx, _inner=analyzer.analyze, _name=analyzer.name):
            start = time.perf_counter()
            try:
                return _inner(ctx)
            finally:
                seconds[_name] += time.perf_counter() - start

        analyzer.analyze = timed_analyze
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the --jobs run (0: skip it)")
    args = parser.parse_args()

    from copy import deepcopy

    from unspin.nlp import english, english_base
    from unspin.pipeline import Pipeline

    articles = load_texts(args.articles)
    texts = [a.text for a in articles]
    chars = sum(map(len, texts))

    _, base_load, _ = timed(english_base)
    _, base_s, base_mem = timed(lambda: sum(1 for _ in english_base().pipe(texts)))

    def load_unspin():
        pipeline = Pipeline()
        english()
        # warm the lazily built resources (gazetteer, timeline) on one article
        pipeline.analyze(deepcopy(articles[0]))
        return pipeline

    pipeline, unspin_load, _ = timed(load_unspin)
    analyzer_seconds = time_each_analyzer(pipeline)
    fresh = [deepcopy(a) for a in articles]
    analyses, unspin_s, unspin_mem = timed(lambda: list(pipeline.pipe(fresh)))
    findings = sum(len(a.findings) for a in analyses)
    # a copy: the run without techniques below reuses the same (wrapped) analyzer objects
    analyzer_seconds = dict(analyzer_seconds)

    # The same analysis without the technique model: what the model adds (issue 4 caps it at 2x).
    without = Pipeline([a for a in pipeline.analyzers if a.name != "techniques"])
    fresh = [deepcopy(a) for a in articles]
    _, without_s, _ = timed(lambda: list(without.pipe(fresh)))

    jobs_figures = None
    if args.jobs > 1:
        # The same articles over worker processes (unspin analyze --jobs N), timed from the start
        # of the workers: their model load is part of what a user waits for.
        from unspin.parallel import ParallelPipeline

        parallel = ParallelPipeline(jobs=args.jobs)
        fresh = [deepcopy(a) for a in articles]
        parallel_analyses, jobs_s, _ = timed(lambda: list(parallel.pipe(iter(fresh))))
        same = [a.to_dict() for a in parallel_analyses] == [a.to_dict() for a in analyses]
        worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        jobs_figures = {"jobs": args.jobs, "workers_started": parallel.workers_used, "seconds": round(jobs_s, 2),
                        "articles_per_s": round(len(texts) / jobs_s, 1),
                        "speed_up_vs_one_process": round(unspin_s / jobs_s, 2),
                        "cost_ratio_vs_spacy": round(jobs_s / base_s, 2),
                        "peak_rss_mib_per_worker": round(worker_rss, 1),
                        "same_analyses_as_one_process": same}

    figures = {
        "articles": len(texts),
        "characters": chars,
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "baseline_spacy_pipe": {"load_s": round(base_load, 2), "seconds": round(base_s, 2),
                                "articles_per_s": round(len(texts) / base_s, 1),
                                "peak_rss_mib_after": round(base_mem, 1)},
        "unspin_analyze": {"load_s": round(unspin_load, 2), "seconds": round(unspin_s, 2),
                           "articles_per_s": round(len(texts) / unspin_s, 1),
                           "peak_rss_mib_after": round(unspin_mem, 1), "findings": findings},
        "cost_ratio_vs_spacy": round(unspin_s / base_s, 2),
        # time inside each analyzer's analyze() during the full run; the rest of the full run is
        # language id, the shared spaCy parse and the toponym step
        "analyzer_ms_per_article": {name: round(1000 * sec / len(texts), 2)
                                    for name, sec in analyzer_seconds.items()},
        "without_techniques": {"seconds": round(without_s, 2),
                               "articles_per_s": round(len(texts) / without_s, 1),
                               "cost_ratio_vs_spacy": round(without_s / base_s, 2)},
        "techniques_ms_per_article": round(1000 * (unspin_s - without_s) / len(texts), 1),
        "techniques_cost_factor": round(unspin_s / without_s, 2),
        "with_jobs": jobs_figures,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
