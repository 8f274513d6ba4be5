"""``unspin eval machine-text`` and the detection metrics, on a team-written JSONL with bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.style.metrics import auroc, f1_at, summarise, tpr_at_fpr

FIXTURE = Path(__file__).parent / "fixtures" / "style" / "machine_text.jsonl"


def test_auroc_by_hand():
    assert auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1.0
    assert auroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert auroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5  # ties count half
    # one machine text (0.3) below one human text (0.4): 3 of 4 pairs ordered right
    assert auroc([0.1, 0.4, 0.3, 0.9], [0, 0, 1, 1]) == 0.75
    assert auroc([0.1, 0.2], [0, 0]) is None


def test_tpr_at_fpr_never_counts_ties_with_a_human_as_caught():
    humans = [i / 100 for i in range(100)]  # 0.00 .. 0.99
    machines = [0.985, 0.995, 0.5]
    scores, labels = humans + machines, [0] * 100 + [1] * 3
    # 1% FPR: one human may be flagged -> threshold above 0.98 -> 0.985 and 0.995 caught
    assert tpr_at_fpr(scores, labels, 0.01) == pytest.approx(2 / 3)
    # 0% FPR: above the top human (0.99) -> only 0.995
    assert tpr_at_fpr(scores, labels, 0.0) == pytest.approx(1 / 3)


def test_f1_at_threshold_counts():
    result = f1_at([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], 0.5)
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (1, 1, 1, 1)
    assert result["f1"] == 0.5
    assert summarise([0.9, 0.1], [1, 0], 0.5)["auroc"] == 1.0


@pytest.fixture()
def cliche_model(tmp_path: Path) -> Path:
    """A one-feature model: more clichés per 100 words, more 'machine'."""
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"model": "cliche-only", "features": ["cliche_rate"], "mean": [0.0], "scale": [1.0],
                                "coef": [2.0], "intercept": -1.0, "threshold": 0.5}))
    return path


def test_cli_scores_good_lines_and_names_bad_ones(cliche_model, tmp_path, capsys):
    predictions = tmp_path / "out" / "scores.tsv"
    out = tmp_path / "out" / "metrics.json"
    code = main(["eval", "machine-text", "--data", str(FIXTURE), "--model", str(cliche_model),
                 "--predictions", str(predictions), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)
    assert f"{FIXTURE}:3: not JSON" in captured.err
    assert f"{FIXTURE}:5: label must be 'human' or 'machine'" in captured.err
    assert result["skipped_lines"] == 2
    assert (result["n"], result["human"], result["machine"]) == (4, 2, 2)
    assert result["auroc"] == 1.0  # the machine fixtures are full of clichés, the human ones have none
    assert result["at_threshold"]["tp"] == 2 and result["at_threshold"]["fp"] == 0
    assert result["model"] == "cliche-only"
    rows = [line.split("\t") for line in predictions.read_text().splitlines()]
    assert [r[0] for r in rows] == ["h1", "m1", "h2", "m2"]
    assert [r[2] for r in rows] == ["human", "machine", "human", "machine"]
    assert float(rows[1][1]) > float(rows[0][1])
    assert json.loads(out.read_text()) == result


def test_cli_missing_file_and_missing_model(cliche_model, tmp_path, capsys):
    assert main(["eval", "machine-text", "--data", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl: no such file" in capsys.readouterr().err
    assert main(["eval", "machine-text", "--data", str(FIXTURE), "--model", str(tmp_path / "none.json")]) == 1
    assert "cannot load the style model" in capsys.readouterr().err


def test_cli_no_usable_lines(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n')
    assert main(["eval", "machine-text", "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:" in err and f"{bad}:2:" in err and "no usable lines" in err
