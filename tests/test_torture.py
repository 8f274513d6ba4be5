"""Hostile inputs: each gives a counted, named error or a correct analysis, and the rest of
its batch is kept (issue 12). The inputs are generated here, in a temporary folder."""

from __future__ import annotations

import json
import os
import sys

import pytest

from unspin.cli import main
from unspin.model import Article

GOOD = "Shelling hit Kramatorsk and Sloviansk on Tuesday, the governor of Donetsk Oblast said. Two people were hurt."


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["analyze", *args, "--analyzers", "places,dates,sources", "--format", "json", "--no-progress"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _jsonl(path, *lines: str) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")


def test_lone_surrogates_are_replaced_not_fatal(tmp_path, capsys):
    _jsonl(tmp_path / "a.jsonl", json.dumps({"id": "t", "title": "x\ud83d", "text": GOOD}),
           '{"id": "x", "text": "abc \\ud83d def ' + GOOD + '"}', json.dumps({"id": "ok", "text": GOOD}))
    code, report = _run(capsys, str(tmp_path))
    assert code == 0 and report["errors"] == []
    titles = {a["article"]["id"]: a["article"] for a in report["analyses"]}
    assert set(titles) == {"t", "x", "ok"}
    assert titles["t"]["title"] == "x\ufffd" and titles["t"]["metadata"]["replaced_characters"]
    assert "\ufffd" in titles["x"]["text"]


@pytest.mark.parametrize("bad, reason", [
    ('{"id": "deep", "text": ' + "[" * 1000 + "]" * 1000 + "}", "nested more than"),
    ('{"id": "nan", "text": "' + GOOD + '", "score": NaN}', "NaN is not valid JSON"),
    ('{"id": "inf", "text": "' + GOOD + '", "score": -Infinity}', "Infinity is not valid JSON"),
])
def test_bad_json_lines_are_named_errors_and_the_rest_is_read(tmp_path, capsys, bad, reason):
    _jsonl(tmp_path / "a.jsonl", bad, json.dumps({"id": "ok", "text": GOOD}))
    code, report = _run(capsys, str(tmp_path))
    assert code == 1  # some input could not be read
    assert [a["article"]["id"] for a in report["analyses"]] == ["ok"]
    (error,) = report["errors"]
    assert error["source"].endswith("a.jsonl:1") and reason in error["reason"]
    assert "Error" not in error["reason"]  # a plain reason, not an exception name


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs")
def test_link_loops_fifos_and_devices_do_not_hang_or_abort(tmp_path, capsys):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(str(tmp_path), tmp_path / "loop")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    code, report = _run(capsys, str(tmp_path))
    assert [a["article"]["source"].endswith("ok.txt") for a in report["analyses"]] == [True]
    reasons = {os.path.basename(e["source"]): e["reason"] for e in report["errors"]}
    assert set(reasons) == {"pipe.txt", "zero.txt"}
    assert all("not a regular file" in r for r in reasons.values())


def test_long_article_is_analysed_up_to_the_limit_with_a_note(tmp_path, capsys, monkeypatch):
    import unspin.pipeline

    monkeypatch.setattr(unspin.pipeline, "MAX_ANALYSED_CHARS", 5_000)
    (tmp_path / "long.txt").write_text((GOOD + " ") * 400, encoding="utf-8")
    (tmp_path / "short.txt").write_text(GOOD, encoding="utf-8")
    code, report = _run(capsys, str(tmp_path))
    assert code == 0 and len(report["analyses"]) == 2
    long = next(a for a in report["analyses"] if a["article"]["source"].endswith("long.txt"))
    total = len(long["article"]["text"])
    assert total > 40_000  # the text itself is kept whole ...
    assert f"of {total:,}" in long["article"]["metadata"]["analysed_characters"]  # ... and the note says how much
    spans = [s for run in long["analyzers"].values() for s in run.get("spans", [])]
    assert spans and all(s["end"] <= 5_000 for s in spans)


def test_long_punctuation_runs_are_blanked_for_the_tokenizer_only():
    from unspin.pipeline import tokenizer_safe

    text = GOOD + "\n" + "=" * 20_000 + "(" * 100 + "\n" + GOOD
    safe = tokenizer_safe(text)
    assert len(safe) == len(text) and "=" not in safe and "(" not in safe
    assert safe.startswith(GOOD) and safe.endswith(GOOD)
    assert tokenizer_safe("a == b (c) ... --") == "a == b (c) ... --"


def test_reported_speech_work_grows_linearly(nlp, monkeypatch):
    """Operation count, not time: the clause walk runs once per cue, never in a giant sentence."""
    from unspin.sources import reported

    calls = {"n": 0}
    real = reported._clause

    def counting(token, lexicon):
        calls["n"] += 1
        return real(token, lexicon)

    monkeypatch.setattr(reported, "_clause", counting)
    lexicon = reported.lexicon() if hasattr(reported, "lexicon") else __import__(
        "unspin.sources.lexicon", fromlist=["lexicon"]).lexicon()

    def work(text: str) -> int:
        calls["n"] = 0
        list(reported.find_reported(nlp(text), lexicon))
        return calls["n"]

    sentence = "Ivan said that Olga said that the bridge was hit. "
    small, large = work(sentence * 20), work(sentence * 40)
    assert 0 < large <= 2.2 * small
    assert work("said " * 5000) == 0  # one 5,000-token "sentence": skipped, not walked
    assert work(" ".join(f"Person{i} said that" for i in range(400)) + " it rained.") == 0


def test_escape_sequences_never_reach_the_terminal(tmp_path, capsys):
    _jsonl(tmp_path / "a.jsonl",
           json.dumps({"id": "esc", "title": "T\x1b]0;pwned\x07\x1b[2J", "text": GOOD + " \x1b[31mred\x1b[0m"}))
    folder = tmp_path / "[draft] [x]"
    folder.mkdir()
    (folder / "b.txt").write_text(GOOD + " [bold]not markup[/bold] [/x]", encoding="utf-8")
    code = main(["analyze", str(tmp_path), "--analyzers", "places,dates", "--no-progress"])
    out = capsys.readouterr()
    assert code == 0
    assert "\x1b" not in out.out and "\x07" not in out.out
    assert "\u241b" in out.out  # shown as a visible ESC picture
    flat = " ".join(out.out.split())  # rich wraps long lines at the terminal width
    assert "[draft]" in flat and "[x]/b.txt" in flat.replace(" ", "")  # brackets kept, not eaten as markup


def test_bidi_controls_are_shown_not_obeyed_in_html():
    from unspin.report.html import esc, script_json

    assert esc("abc\u202eevil") == "abc\u27e6U+202E\u27e7evil"
    assert "\u202e" not in script_json({"t": "x\u202ey"})


def _open_and_add(url: str, number: int, barrier, results) -> None:
    from unspin.model import Article
    from unspin.store import open_store

    barrier.wait(timeout=120)  # all four open the new store at the same moment
    try:
        store = open_store(url)
        try:
            store.ingest([Article(text=f"{GOOD} Report number {number}.", id=f"race-{number}")])
        finally:
            store.close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


def test_stores_opened_by_several_processes_at_once_lose_nothing(store_url):
    """Four processes create and migrate one new store together; every row is stored."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_open_and_add, args=(store_url, n, barrier, results)) for n in range(4)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["ok"] * 4
    from unspin.store import open_store

    store = open_store(store_url)
    try:
        assert store.count() == 4
    finally:
        store.close()


def test_python_front_door_refuses_paths_and_empty_text(tmp_path):
    import unspin

    path = tmp_path / "article.txt"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ValueError, match="name of a file"):
        unspin.analyze(str(path))
    with pytest.raises(TypeError, match="not a path"):
        unspin.analyze(path)
    with pytest.raises(ValueError, match="empty"):
        unspin.analyze("  \n")


@pytest.mark.parametrize("command", [["stories", "--no-progress"], ["trace", "some-id"]])
def test_reading_commands_refuse_a_store_that_does_not_exist(tmp_path, capsys, command):
    missing = tmp_path / "typo.db"
    code = main([*command, "--db", str(missing)])
    assert code != 0
    assert "no store at" in capsys.readouterr().err
    assert not missing.exists()  # nothing was created


PARA = ("<p>Shelling hit Kramatorsk and Sloviansk on Tuesday, the governor of Donetsk Oblast said. "
        "Two people were hurt in the attack on the city centre.</p>")


def test_deeply_nested_page_keeps_its_text_with_a_note():
    from unspin.read.html import read_html

    article = read_html("<html><body>" + "<div>" * 5000 + PARA * 5 + "</div>" * 5000 + "</body></html>",
                        source="nested.html")
    assert "Kramatorsk" in article.text and len(article.text) > 500
    assert "nested too deep" in article.metadata["extraction"]


def test_page_of_one_repeated_paragraph_says_what_was_left_out():
    from unspin.read.html import read_html

    article = read_html("<html><body><article>" + PARA * 8000 + "</article></body></html>", source="rep.html")
    assert "left out" in article.metadata["extraction"]


def test_an_analyzer_past_the_time_budget_is_skipped_and_the_rest_kept(monkeypatch):
    import time as clock

    import unspin.pipeline
    from unspin.analyzers.base import Analyzer
    from unspin.model import AnalyzerResult
    from unspin.pipeline import Pipeline

    class Slow(Analyzer):
        name = "slow"
        languages = frozenset({"en"})

        def analyze(self, ctx):
            end = clock.monotonic() + 30
            while clock.monotonic() < end:  # pure Python: the alarm can stop it
                pass
            return AnalyzerResult()

    from unspin.analyzers import get_analyzer

    pipeline = Pipeline([get_analyzer("dates"), Slow(), get_analyzer("places")])
    Pipeline(pipeline.analyzers[::2]).analyze(Article(text=GOOD, language="en"))  # models loaded
    monkeypatch.setattr(unspin.pipeline, "TIME_BUDGET_S", 1.0)
    started = clock.monotonic()
    analysis = pipeline.analyze(Article(text=GOOD, language="en"))
    assert clock.monotonic() - started < 20
    runs = {name: (run.status, run.reason) for name, run in analysis.runs.items()}
    assert runs["dates"][0] == "ran"
    assert runs["slow"][0] == "skipped" and "time budget" in runs["slow"][1]
    assert runs["places"][0] == "ran"  # the budget is per analyzer: the one after still runs



def test_a_jsonl_line_over_the_limit_is_an_error_for_that_line_only(tmp_path, monkeypatch):
    import unspin.read.jsonl as jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1_000)
    path = tmp_path / "a.jsonl"
    _jsonl(path, json.dumps({"id": "big", "text": GOOD * 50}), json.dumps({"id": "ok", "text": GOOD}))
    items = list(jsonl.read_jsonl(path))
    assert isinstance(items[0], jsonl.ReadError) and items[0].source.endswith("a.jsonl:1")
    assert "limit" in items[0].reason
    assert items[1].id == "ok"


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, capsys):
    import tracemalloc

    from unspin.read.files import MAX_FILE_BYTES

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: takes no disk, but its size is over the limit
        handle.truncate(MAX_FILE_BYTES + 1024)
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    from unspin.read import read_inputs

    tracemalloc.start()
    items = list(read_inputs([str(huge)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [type(item).__name__ for item in items] == ["ReadError"]
    code, report = _run(capsys, str(tmp_path))
    assert [a["article"]["id"] for a in report["analyses"]] == ["ok"]
    assert len(report["errors"]) == 1 and "limit" in report["errors"][0]["reason"]
    assert peak < MAX_FILE_BYTES // 4  # the file's bytes were never read into memory
