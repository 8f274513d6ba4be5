"""The Dask engine on a local cluster of 2 worker processes gives the single-process analyses,
shard by shard in input order; its shards load into a store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from unspin.engine.dask_engine import analyse_shards  # noqa: E402
from unspin.engine.shards import read_analyses  # noqa: E402
from unspin.pipeline import Pipeline  # noqa: E402
from unspin.read import ReadError, read_inputs  # noqa: E402

EXAMPLES = Path(__file__).parents[1] / "examples"
PUBLISHED = date(2025, 12, 12)


def records() -> list[dict]:
    base = [a for a in read_inputs([str(EXAMPLES / "corpus"), str(EXAMPLES / "workbench")])
            if not isinstance(a, ReadError)]
    return [{"id": a.id, "text": a.text, "title": a.title, "url": a.url,
             "published": a.published.isoformat() if a.published else None} for a in base]


@pytest.fixture(scope="module")
def engine_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    rows = records()
    (folder / "in").mkdir()
    (folder / "in" / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:5]) + "\n{broken\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows[5:]), folder / "in" / "b.parquet", row_group_size=2)
    report = analyse_shards([str(folder / "in")], folder / "out", workers=2, published=PUBLISHED)
    return folder, report


def test_local_cluster_output_equals_the_single_process_output(engine_run):
    folder, report = engine_run
    assert report.shards == 2 and report.articles == len(records()) and report.errors == 1
    assert report.failed == []
    got = [a for shard in sorted((folder / "out").glob("part-*.jsonl")) for a in read_analyses(shard)]
    local = Pipeline()
    want = []
    for path in (folder / "in" / "a.jsonl", folder / "in" / "b.parquet"):
        articles = [a for a in read_inputs([str(path)]) if not isinstance(a, ReadError)]
        want += [a.to_dict() for a in local.pipe(articles, published=PUBLISHED)]
    assert [a["article"]["id"] for a in got] == [a["article"]["id"] for a in want]
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    errors = (folder / "out" / "errors-00000.jsonl").read_text()
    assert "a.jsonl:6" in errors
    manifest = json.loads((folder / "out" / "manifest.json").read_text())
    assert manifest["articles"] == len(records())


def test_a_repeated_run_skips_finished_shards(engine_run):
    folder, _ = engine_run
    again = analyse_shards([str(folder / "in")], folder / "out", workers=1, published=PUBLISHED)
    assert again.skipped_done == 2 and again.articles == 0


def test_parquet_output_and_loading_shards_into_a_store(engine_run, store, tmp_path):
    from unspin.engine.load import load_analyses

    folder, _ = engine_run
    parquet = analyse_shards([str(folder / "in" / "b.parquet")], tmp_path / "pq", workers=1,
                             fmt="parquet", analyzers=["dates", "places"], published=PUBLISHED)
    assert parquet.articles == len(records()) - 5
    shards = sorted(str(p) for p in (folder / "out").glob("part-*.jsonl"))
    report = load_analyses(store, shards)
    assert report.analyses == store.count() == len(records()) and report.errors == []
    first = next(read_analyses(shards[0]))
    assert store.analysis(first["article"]["id"]) == first
    assert load_analyses(store, shards).added == 0  # loading again adds nothing
    pq_rows = list(read_analyses(next((tmp_path / "pq").glob("part-*.parquet"))))
    assert [set(a["analyzers"]) for a in pq_rows][0] == {"dates", "places"}
