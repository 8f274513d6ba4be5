"""Speed of `unspin analyze` on Russian and Ukrainian articles against the languages' own
backbone pass, in one process.

    python bench/bench_russian.py [--articles 215] [--json OUT.json]

unspin reads Russian and Ukrainian without a parser: its backbone is pymorphy3 (lemmas and tags of
every word) over its own sentence splitter. The baseline is therefore that pass alone: every
sentence found and every word analysed by pymorphy3 once (what the analyzers build on). Then:

  * ru: the full default analysis of the Russian articles of
    ``$UNSPIN_DATA/narratives/semeval2025_ru_train/raw-documents`` (real articles; the run is
    skipped, with a message, when the shared data are absent);
  * uk: the same over the team-written Ukrainian texts of ``evals/*_ru/all.jsonl`` (short: one to
    three sentences each; no real Ukrainian corpus is in the shared data).

Reported: articles/s for both, the cost ratio, the time inside each analyzer (ms per article) and
the process's peak memory. Model loading is timed separately from the per-article work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_analyze import time_each_analyzer  # noqa: E402


def russian_articles(limit: int):
    data = Path(os.environ.get("UNSPIN_DATA", ROOT.parent / "shared" / "data"))
    folder = data / "narratives" / "semeval2025_ru_train" / "raw-documents"
    if not folder.is_dir():
        return None
    from unspin.model import Article

    files = sorted(folder.glob("*.txt"))[:limit]
    return [Article(text=f.read_text(encoding="utf-8"), language="ru", id=f.stem) for f in files]


def ukrainian_articles():
    from unspin.model import Article

    out = []
    for path in sorted((ROOT / "evals").glob("*_ru/all.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if record.get("language") == "uk":
                out.append(Article(text=record["text"], language="uk", id=f"{path.parent.name}/{record['id']}"))
    return out


def backbone_pass(texts: list[str], language: str) -> int:
    """pymorphy3 over every word of every sentence: the backbone the analyzers read."""
    from unspin.morph import require_morph_analyzer
    from unspin.slavic import WORD, sentences

    morph = require_morph_analyzer(language)
    words = 0
    for text in texts:
        for start, end in sentences(text):
            for match in WORD.finditer(text, start, end):
                morph.parse(match.group())
                words += 1
    return words


def measure(articles, language: str, pipeline) -> dict:
    texts = [a.text for a in articles]
    backbone_pass(texts[:3], language)  # load the dictionary outside the timing
    start = time.perf_counter()
    words = backbone_pass(texts, language)
    base_s = time.perf_counter() - start
    seconds = time_each_analyzer(pipeline)
    for name in seconds:
        seconds[name] = 0.0
    fresh = [deepcopy(a) for a in articles]
    start = time.perf_counter()
    analyses = list(pipeline.pipe(fresh))
    unspin_s = time.perf_counter() - start
    return {
        "articles": len(texts), "characters": sum(map(len, texts)), "words": words,
        "backbone_pymorphy3": {"seconds": round(base_s, 2), "articles_per_s": round(len(texts) / base_s, 1)},
        "unspin_analyze": {"seconds": round(unspin_s, 2), "articles_per_s": round(len(texts) / unspin_s, 1),
                           "findings": sum(len(a.findings) for a in analyses),
                           "spans": sum(len(a.spans) for a in analyses)},
        "cost_ratio_vs_backbone": round(unspin_s / base_s, 2),
        "analyzer_ms_per_article": {name: round(1000 * sec / len(texts), 2) for name, sec in seconds.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=215, help="Russian articles to read (at most 215)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from unspin.pipeline import Pipeline

    start = time.perf_counter()
    pipeline = Pipeline()
    # warm the lazily loaded models and tables on one short text of each language
    from unspin.model import Article

    pipeline.analyze(Article(text="В Харькове заявили, что удар нанесли 3 марта.", language="ru"))
    pipeline.analyze(Article(text="У Харкові заявили, що удар завдали 3 березня.", language="uk"))
    load_s = time.perf_counter() - start

    figures: dict = {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                     "load_s": round(load_s, 2)}
    russian = russian_articles(args.articles)
    if russian is None:
        print("bench_russian: no shared data (set UNSPIN_DATA); the Russian run is skipped", file=sys.stderr)
    else:
        figures["ru"] = measure(russian, "ru", pipeline)
    figures["uk"] = measure(ukrainian_articles(), "uk", pipeline)
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
