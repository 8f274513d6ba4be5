"""Ingest from real inputs: raw HTML kept, the CLI, and resuming after a SIGKILL."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.cli import main
from unspin.read import read_inputs
from unspin.store import open_store

REPO = Path(__file__).resolve().parents[1]


def page(title: str, body: str) -> str:
    return (f"<html lang=\"en\"><head><title>{title}</title></head><body><nav>Home | News</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>")


HARBOUR = ("The town council met on Wednesday to discuss the harbour wall, which engineers "
           "say needs repairs before the winter storms arrive.")
FERRY = "Ferry crews on the island route stopped work at six this morning over new rosters."


def warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "unspin-tests"}))
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
        css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url + ".css", "response",
                                                      payload=io.BytesIO(b"p { }"), http_headers=css))
    return buffer.getvalue()


# -- raw inputs -----------------------------------------------------------------------


def test_raw_html_of_html_files_warc_records_and_jsonl_pages(store, tmp_path):
    html_page = page("Harbour wall", HARBOUR)
    (tmp_path / "harbour.html").write_text(html_page, encoding="utf-8")
    (tmp_path / "plain.txt").write_text(FERRY, encoding="utf-8")
    first, second = page("Story one", HARBOUR + " One."), page("Story two", FERRY + " Two.")
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes([("https://a.example/1", first),
                                                         ("https://a.example/2", second)]))
    jsonl_page = page("From JSON", "Officials said the bridge would reopen on Friday after checks.")
    (tmp_path / "rows.jsonl").write_text(
        json.dumps({"id": "row-text", "text": "A record with text only, no page."}) + "\n\n"
        + json.dumps({"id": "row-html", "html": jsonl_page}) + "\n", encoding="utf-8")

    report = store.ingest(read_inputs([tmp_path]))
    assert (report.added, report.errors) == (6, 0)
    assert store.raw_html("harbour") == html_page
    assert store.raw_html("plain") is None
    by_url = {a.url: a for a in store.iter_articles()}
    assert store.raw_html(by_url["https://a.example/1"].id) == first
    assert store.raw_html(by_url["https://a.example/2"].id) == second
    assert store.raw_html("row-html") == jsonl_page
    assert store.raw_html("row-text") is None


def test_no_raw_kept_when_asked_not_to(store, tmp_path):
    (tmp_path / "harbour.html").write_text(page("Harbour wall", HARBOUR), encoding="utf-8")
    store.ingest(read_inputs([tmp_path]), keep_raw=False)
    assert store.count() == 1 and store.raw_html("harbour") is None


# -- the command --------------------------------------------------------------------


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "harbour.html").write_text(page("Harbour wall", HARBOUR), encoding="utf-8")
    (folder / "rows.jsonl").write_text(
        json.dumps({"id": "r1", "text": "The bridge reopens on Friday.", "published": "2024-03-05"})
        + "\n{not json\n" + json.dumps({"id": "r2", "text": FERRY}) + "\n", encoding="utf-8")


def test_ingest_command_summary_errors_and_rerun(store_url, tmp_path, capsys):
    write_corpus(tmp_path / "in")
    status = main(["ingest", str(tmp_path / "in"), "--db", store_url, "--no-progress",
                   "--published", "2024-06-01", "--batch-size", "2"])
    err = capsys.readouterr().err
    assert status == 1
    assert "rows.jsonl:2: not valid JSON" in err
    assert "added 3, skipped 1 duplicate(s), 1 error(s)" in err  # r2 repeats ferry.txt
    with open_store(store_url) as opened:
        assert opened.count() == 3
        assert opened.article("ferry").published == date(2024, 6, 1)
        assert opened.article("ferry").metadata["published_from"] == "--published"
        assert opened.article("r1").published == date(2024, 3, 5)
        assert [e["source"] for e in opened.errors()] == [f"{tmp_path / 'in' / 'rows.jsonl'}:2"]

    status = main(["ingest", str(tmp_path / "in" / "ferry.txt"), "--db", store_url, "--no-progress"])
    assert status == 0
    assert "added 0, skipped 1 duplicate(s), 0 error(s)" in capsys.readouterr().err


def test_ingest_command_uses_unspin_db(monkeypatch, tmp_path, capsys):
    write_corpus(tmp_path / "in")
    monkeypatch.setenv("UNSPIN_DB", str(tmp_path / "env.db"))
    main(["ingest", str(tmp_path / "in" / "ferry.txt"), "--no-progress"])
    with open_store(str(tmp_path / "env.db")) as opened:
        assert opened.count() == 1


def test_ingest_command_usage_errors(tmp_path, capsys):
    assert main(["ingest", "--db", str(tmp_path / "x.db")]) == 2
    assert "name at least one PATH" in capsys.readouterr().err
    assert main(["ingest", "x.txt", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none",
                 "--no-progress"]) == 2
    assert "cannot open the store" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "x.txt", "--batch-size", "0"])
    assert exit_info.value.code == 2


def test_ingest_command_analyze_and_reindex(tmp_path, capsys):
    write_corpus(tmp_path / "in")
    db = str(tmp_path / "a.db")
    assert main(["ingest", str(tmp_path / "in" / "ferry.txt"), "--db", db, "--analyze",
                 "--no-progress"]) == 0
    assert "analysed 1 article(s)" in capsys.readouterr().err
    with open_store(db) as opened:
        stored = opened.analysis("ferry")
    assert stored["article"]["id"] == "ferry" and "analyzers" in stored
    assert main(["ingest", "--analyze", "--reindex", "--db", db, "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "fingerprinted 1 article(s)" in err and "analysed 0 article(s)" in err


# -- killed and resumed -------------------------------------------------------------

DRIVER = """
import sys, time
from unspin.read import read_inputs
from unspin.store import open_store

def slowly(items):
    for item in items:
        time.sleep(0.003)  # a slow reader, so the kill lands mid-run
        yield item

store = open_store(sys.argv[1])
store.ingest(slowly(read_inputs([sys.argv[2]])), batch_size=int(sys.argv[3]))
"""

TOTAL = 1500


def synthetic_jsonl(path: Path) -> set[str]:
    """TOTAL distinct articles, some lines repeated and some broken; returns the ids."""
    ids = set()
    with path.open("w", encoding="utf-8") as out:
        for i in range(TOTAL):
            record = {"id": f"n{i}", "url": f"https://news{i % 7}.example/item/{i}",
                      "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                      "text": f"Item {i}: the council of district {i % 31} approved {i * 7} "
                              f"new homes on {1 + i % 28} March, officials said. Story {i}."}
            out.write(json.dumps(record) + "\n")
            ids.add(record["id"])
            if i % 100 == 0:
                out.write(json.dumps(record) + "\n")  # a duplicate
                out.write("{broken\n")
    return ids


def test_killed_ingest_run_again_stores_every_article_once(store_url, tmp_path):
    data = tmp_path / "rows.jsonl"
    ids = synthetic_jsonl(data)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", DRIVER, store_url, str(data), "50"],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        with open_store(store_url) as watcher:
            while time.monotonic() < deadline and child.poll() is None:
                stored = watcher.count()
                if stored >= 200:
                    break
                time.sleep(0.05)
        assert child.poll() is None, child.communicate()[1].decode()[-2000:]
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    with open_store(store_url) as opened:
        killed_at = opened.count()
        assert 0 < killed_at < TOTAL  # really killed mid-run
        assert opened.runs()[0]["finished"] is None
        report = opened.ingest(read_inputs([str(data)]), batch_size=50)
        assert report.added == TOTAL - killed_at
        assert opened.count() == TOTAL
        assert {a.id for a in opened.iter_articles()} == ids
        from sqlalchemy import func, select

        from unspin.store import tables as t

        with opened.engine.connect() as connection:
            fingerprinted = connection.scalar(select(func.count()).select_from(t.fingerprints))
            hashes = connection.scalar(select(func.count(t.articles.c.content_hash.distinct())))
        assert fingerprinted == TOTAL and hashes == TOTAL
