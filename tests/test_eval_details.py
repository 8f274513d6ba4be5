"""``unspin eval details``: reading the labelled file and scoring flags against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.evals.details import DetailsDataError, parse_record, read_details, score_details
from unspin.model import Analysis, Article, AnalyzerRun, AnalyzerResult, Finding, Severity, Span

TEXT = "Shelling hit Kramatorks and Sloviansk. For nine years, since 2022, the town has suffered."


def _analysis(text: str, findings: list[Finding]) -> Analysis:
    analysis = Analysis(Article(text=text))
    analysis.runs["x"] = AnalyzerRun("x", "ran", result=AnalyzerResult(findings=findings))
    return analysis


def _flag(kind: str, text: str, needle: str, **details) -> Finding:
    start = text.index(needle)
    return Finding(kind, Severity.MEDIUM, "m", [Span.of(text, start, start + len(needle), "x")], 0.8,
                   details=details)


def test_parse_record_checks_that_names_occur():
    with pytest.raises(DetailsDataError, match="does not occur"):
        parse_record({"id": "a", "text": "Kyiv.", "good_places": ["Lviv"]}, "f:1")
    with pytest.raises(DetailsDataError, match="ISO date"):
        parse_record({"id": "a", "text": "Kyiv.", "published": "May"}, "f:1")


def test_read_details_skips_bad_lines_and_names_them(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Kyiv.", "good_places": ["Kyiv"]}) + "\n{not json\n",
                    encoding="utf-8")
    records, skipped = read_details(path)
    assert [r.id for r in records] == ["ok"] and skipped == 1


def test_score_counts_flags_misses_and_false_flags():
    record = parse_record({"id": "a", "published": "2025-01-01", "text": TEXT,
                           "bad_places": [{"name": "Kramatorks", "expect": "Kramatorsk"}],
                           "good_places": ["Sloviansk"], "bad_durations": [{"phrase": "For nine years"}]}, "f:1")
    clean = parse_record({"id": "b", "text": "Fighting near Sloviansk.", "good_places": ["Sloviansk"]}, "f:2")
    suggestion = {"name": "Kramatorsk", "display": "Kramatorsk", "lat": 48.72, "lon": 37.56}
    analyses = [
        _analysis(TEXT, [_flag("unknown-place", TEXT, "Kramatorks", suggestions=[suggestion]),
                         _flag("duration-mismatch", TEXT, "For nine years")]),
        _analysis(clean.text, [_flag("unknown-place", clean.text, "Sloviansk", suggestions=[])]),
    ]
    result = score_details([record, clean], analyses)
    figures, counts = result["figures"], result["counts"]
    assert figures["bad_places_flagged"] == 1.0 and figures["top1_right"] == 1.0
    assert figures["bad_durations_flagged"] == 1.0
    assert counts["good_places_flagged"] == 1 and figures["clean_texts_false_flag_rate"] == 1.0
    # a name inside a longer one is not an occurrence of it
    inner = parse_record({"id": "c", "text": "Yuzhno-Energodarsk and Energodar.", "good_places": ["Energodar"],
                          "bad_places": [{"name": "Yuzhno-Energodarsk", "expect": None}]}, "f:3")
    text = inner.text
    result = score_details([inner], [_analysis(text, [_flag("unknown-place", text, "Yuzhno-Energodarsk")])])
    assert result["counts"]["good_places_flagged"] == 0 and result["counts"]["bad_places_flagged"] == 1


def test_command_runs_end_to_end(tmp_path):
    path = tmp_path / "d.jsonl"
    rows = [{"id": "1", "published": "2024-05-01", "good_places": ["Kharkiv"], "bad_places": [],
             "text": "Russian troops stormed Zlatopolyevka near Kharkiv, the ministry in Moscow said.",
             "bad_durations": []}]
    rows[0]["bad_places"] = [{"name": "Zlatopolyevka", "expect": None}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import sys; from unspin.cli import main; sys.exit(main())",
                           "eval", "details", "--data", str(path), "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["articles"] == 1 and result["counts"]["bad_places"] == 1
    assert result["figures"]["bad_places_flagged"] == 1.0


def test_team_eval_files_are_valid():
    root = Path(__file__).resolve().parents[1] / "evals" / "details"
    for name in ("dev.jsonl", "test.jsonl"):
        records, skipped = read_details(root / name)
        assert skipped == 0 and len(records) >= 90
