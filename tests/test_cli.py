"""End-to-end tests of `unspin analyze` through its real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from unspin.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "unspin" / "schema" / "analysis.schema.json").read_text())
CORPUS = ROOT / "examples" / "corpus"

CLEAN = ("---\ntitle: Repairs in Kharkiv\npublished: 2025-12-12\n---\n"
         "Repair crews restored power in Kharkiv on Thursday, the governor said.\n")


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["analyze", *args, "--format", "json", "--no-progress"])
    out = capsys.readouterr().out
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    return code, report


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = capsys.readouterr().out
    for option in ("--published", "--format", "--out", "--analyzers", "--timeline", "--encoding",
                   "--show-spans", "--no-progress", "exit status"):
        assert option in text


def test_json_report_validates_against_schema(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    code, report = run_json(capsys, str(tmp_path / "a.txt"))
    assert code == 0 and report["errors"] == []
    (analysis,) = report["analyses"]
    assert analysis["article"]["published"] == "2025-12-12"
    assert set(analysis["analyzers"]) == {"places", "dates", "sources", "claims", "techniques",
                                          "narratives", "style"}


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "image.bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "rows.jsonl").write_text('{"text": "Officials in Kyiv said the talks would resume."}\n'
                                         '{"text": broken\n', encoding="utf-8")
    code, report = run_json(capsys, str(tmp_path), "--published", "2025-12-12")
    assert code == 1
    assert len(report["analyses"]) == 2
    sources = sorted(e["source"] for e in report["errors"])
    assert any(s.endswith("image.bin.txt") for s in sources)
    assert any(s.endswith("rows.jsonl:2") for s in sources)


def test_unknown_analyzer_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "a.txt"), "--analyzers", "places,nope"]) == 2
    assert "unknown analyzer" in capsys.readouterr().err


def test_bad_published_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["analyze", "x.txt", "--published", "12/12/2025"])
    assert exit_.value.code == 2


def test_stdin_html_and_text_outputs(tmp_path):
    cmd = [sys.executable, "-m", "unspin.cli", "analyze", "-", "--published", "2025-12-12"]
    text = subprocess.run(cmd, input=CLEAN.encode(), capture_output=True, check=True).stdout.decode()
    assert "Kharkiv" in text
    out = tmp_path / "r.html"
    subprocess.run(cmd + ["--format", "html", "--out", str(out)], input=CLEAN.encode(),
                   capture_output=True, check=True)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Kharkiv" in page


def test_jsonl_streams_one_analysis_per_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN.replace("Kharkiv", "Odesa"), encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--format", "jsonl", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate(json.loads(line), {**SCHEMA["$defs"]["analysis"], "$defs": SCHEMA["$defs"]})


def test_bundled_corpus_analyses_cleanly(capsys):
    code, report = run_json(capsys, str(CORPUS))
    assert code == 0
    by_file = {Path(a["article"]["source"]).name: a for a in report["analyses"]}
    control = next(a for name, a in by_file.items() if name.startswith("04-"))
    assert [f for f in control["findings"] if f["severity"] in ("medium", "high")] == []
    russian = next(a for name, a in by_file.items() if name.startswith("05-"))
    assert russian["article"]["language"] == "ru" and russian["findings"] == []
    problems = [a for name, a in by_file.items() if name.startswith(("01-", "02-", "03-", "06-"))]
    assert all(any(f["severity"] in ("medium", "high") for f in a["findings"]) for a in problems)
    state = next(a for name, a in by_file.items() if name.startswith("07-"))
    assert {"weekday-mismatch", "anonymous-source"} <= {f["kind"] for f in state["findings"]}
    ukrainian = next(a for name, a in by_file.items() if name.startswith("08-"))
    assert ukrainian["article"]["language"] == "uk"
    assert "anonymous-source" in {f["kind"] for f in ukrainian["findings"]}
