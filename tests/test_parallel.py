"""Analysis over worker processes gives what one process gives, in the input order."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from unspin.model import Article
from unspin.parallel import MIN_PER_WORKER, ParallelPipeline
from unspin.pipeline import Pipeline
from unspin.read import ReadError, read_inputs

EXAMPLES = Path(__file__).parents[1] / "examples"


def team_articles(copies: int) -> list[Article]:
    base = [a for a in read_inputs([str(EXAMPLES / "corpus"), str(EXAMPLES / "workbench")])
            if not isinstance(a, ReadError)]
    out = []
    for n in range(copies):
        for article in base:
            out.append(Article(text=f"{article.text}\nCopy {n}.", id=f"{article.id}-{n}", title=article.title,
                               url=article.url, published=article.published, source=article.source))
    return out


def test_two_workers_give_the_single_process_analyses_in_order():
    articles = team_articles(2)  # 24 articles: enough to start workers
    assert len(articles) >= 2 * MIN_PER_WORKER
    published = date(2025, 12, 12)
    parallel = ParallelPipeline(jobs=2)
    got = [a.to_dict() for a in parallel.pipe(iter(articles), published=published)]
    assert parallel.workers_used == 2
    want = [a.to_dict() for a in Pipeline().pipe(team_articles(2), published=published)]
    assert [a["article"]["id"] for a in got] == [a.id for a in articles]
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)


def test_a_small_input_is_analysed_in_this_process():
    parallel = ParallelPipeline(["dates"], jobs=2)
    out = list(parallel.pipe(team_articles(1)[:3]))
    assert parallel.workers_used == 0 and len(out) == 3


def test_ingest_analyses_with_workers(tmp_path, capsys):
    from unspin.cli import main
    from unspin.store import open_store

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": a.id, "text": a.text, "url": f"https://x.example/{a.id}",
                                          "published": "2025-12-01"}) for a in team_articles(2)) + "\n")
    db = tmp_path / "s.db"
    assert main(["ingest", "--db", str(db), str(feed), "--analyze", "--jobs", "2", "--no-progress"]) == 0
    with open_store(str(db)) as store:
        assert store.count() == len(team_articles(2))
        assert list(store.iter_unanalysed()) == []


def test_eval_details_gives_the_same_figures_over_two_workers(tmp_path, capsys):
    from unspin.cli import main

    rows = (Path(__file__).parents[1] / "evals" / "details" / "dev.jsonl").read_text().splitlines()[:24]
    data = tmp_path / "few.jsonl"
    data.write_text("\n".join(rows) + "\n")
    figures = []
    for jobs in ("1", "2"):
        assert main(["eval", "details", "--data", str(data), "--no-progress", "--jobs", jobs]) == 0
        figures.append(json.loads(capsys.readouterr().out))
    assert figures[0]["counts"] == figures[1]["counts"] and figures[0]["counts"]["bad_places"] > 0
