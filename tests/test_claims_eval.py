"""``unspin eval checkworthiness`` and the CheckThat!-layout reader, on team-written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import unspin.claims.model as claims_model
from unspin.claims.data import DataError, read_checkworthiness, unquote
from unspin.cli import main
from unspin.evals.checkworthiness import evaluate, metrics

FIXTURES = Path(__file__).parent / "fixtures" / "claims"


class KeywordModel:
    """Scores 0.9 for sentences with a digit, 0.1 otherwise: predictable figures."""

    name = "keyword-stub"
    threshold = 0.5

    def scores(self, sentences):
        return [0.9 if any(ch.isdigit() for ch in s) else 0.1 for s in sentences]


def test_reader_unquotes_csv_fields_and_reports_bad_lines_by_line_number():
    data = read_checkworthiness(FIXTURES / "small.tsv")
    assert [s.id for s in data.sentences] == ["1", "2", "3", "4", "5", "8"]
    assert data.sentences[2].text == 'He told us: "the bridge was destroyed on Monday."'
    problems = [str(p) for p in data.problems]
    assert problems[0].startswith(f"{FIXTURES / 'small.tsv'}:7: expected 3 tab-separated fields")
    assert problems[1] == f"{FIXTURES / 'small.tsv'}:8: sentence 7: class_label 'Maybe' is not Yes or No"
    assert data.labels == [1, 0, 1, 0, 1, 0]


def test_unquote_leaves_unquoted_fields_alone():
    assert unquote('"a ""b"" c"') == 'a "b" c'
    assert unquote('say "x"') == 'say "x"'


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_checkworthiness(tmp_path / "nope.tsv")


def test_metrics_count_the_yes_class():
    result = metrics([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])
    assert result["counts"]["true_positive"] == 2 and result["counts"]["false_positive"] == 1
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["accuracy"] == pytest.approx(0.6)


def test_evaluate_with_a_stub_model():
    data = read_checkworthiness(FIXTURES / "small.tsv")
    result, scores = evaluate(data, KeywordModel())
    # digits in 1 and 5 (Yes) -> predicted Yes; 3 (Yes, no digit) missed; no false positive
    assert result["counts"]["true_positive"] == 2 and result["counts"]["false_negative"] == 1
    assert result["counts"]["false_positive"] == 0 and result["counts"]["skipped_lines"] == 2
    assert result["precision"] == 1.0 and result["f1"] == pytest.approx(0.8)
    assert result["model"] == "keyword-stub" and result["threshold"] == 0.5
    assert scores[0] == 0.9


def test_cli_prints_json_writes_predictions_and_warns_per_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(claims_model, "shared_model", lambda: KeywordModel())
    predictions, out = tmp_path / "pred.tsv", tmp_path / "figures.json"
    code = main(["eval", "checkworthiness", "--data", str(FIXTURES / "small.tsv"),
                 "--predictions", str(predictions), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)
    assert result["f1"] == pytest.approx(0.8) and json.loads(out.read_text()) == result
    assert f"{FIXTURES / 'small.tsv'}:7:" in captured.err and "line skipped" in captured.err
    lines = predictions.read_text().splitlines()
    assert lines[0] == "1\tYes\t0.900000" and lines[1] == "2\tNo\t0.100000" and len(lines) == 6


def test_cli_threshold_overrides_the_models(monkeypatch, capsys):
    monkeypatch.setattr(claims_model, "shared_model", lambda: KeywordModel())
    assert main(["eval", "checkworthiness", "--data", str(FIXTURES / "small.tsv"), "--threshold", "0.05"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["threshold"] == 0.05 and result["recall"] == 1.0


def test_cli_exits_1_when_nothing_is_usable(capsys):
    code = main(["eval", "checkworthiness", "--data", str(FIXTURES / "unusable.tsv")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{FIXTURES / 'unusable.tsv'}:2: expected 3 tab-separated fields" in err
    assert "no usable" in err


def test_cli_rejects_a_threshold_outside_0_1(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "checkworthiness", "--data", str(FIXTURES / "small.tsv"), "--threshold", "1.5"])
    assert exit_info.value.code == 2


def test_missing_model_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(claims_model, "shared_model", lambda: claims_model.load_model(tmp_path))
    assert main(["eval", "checkworthiness", "--data", str(FIXTURES / "small.tsv")]) == 1
    assert "no check-worthiness model" in capsys.readouterr().err


@pytest.mark.shared
def test_runtime_figures_match_the_training_report(shared_data):
    """The shipped numpy model, scored by the eval command's code, gives the F1 the trainer recorded."""
    folder = shared_data / "checkworthiness" / "checkthat2024_en"
    if not folder.is_dir():
        pytest.skip("CheckThat! 2024 data not in the shared data")
    report = json.loads((claims_model.MODEL_DIR / "train_report.json").read_text(encoding="utf-8"))
    for split in ("dev", "dev-test"):
        result, _ = evaluate(read_checkworthiness(folder / f"{split}.tsv"), claims_model.shared_model())
        assert result["f1"] == report["chosen"][split]["f1"]
        assert result["precision"] == report["chosen"][split]["precision"]
