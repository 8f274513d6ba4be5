"""``unspin eval narratives`` on a tiny team-written SemEval-2025-layout folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.narratives.catalog import ENV_VAR
from unspin.narratives.data import DataError, read_annotations, read_folder
from unspin.narratives.model import MODEL_DIR

TINY = Path(__file__).parent / "fixtures" / "narratives" / "semeval_tiny"
needs_model = pytest.mark.skipif(not (MODEL_DIR / "model.json").is_file(), reason="no shipped narrative model")


@pytest.fixture(autouse=True)
def _no_user_catalogs(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_reads_the_layout():
    docs, labels = read_folder(TINY)
    assert sorted(docs) == ["T_001.txt", "T_002.txt", "T_003.txt", "T_004.txt"]
    assert labels["T_002.txt"].narratives == ("Other",)
    assert len(labels["T_004.txt"].subnarratives) == 2


def test_malformed_annotations_name_file_and_line(tmp_path):
    path = tmp_path / "subtask-2-annotations.txt"
    path.write_text("a.txt\tOther\tOther\nb.txt\tOther\n")
    with pytest.raises(DataError, match=r"subtask-2-annotations.txt:2: expected 3"):
        read_annotations(path)


@needs_model
def test_plain_run_prints_figures_and_writes_predictions(tmp_path, capsys):
    pred = tmp_path / "pred.tsv"
    out = tmp_path / "out.json"
    assert main(["eval", "narratives", "--data", str(TINY), "--predictions", str(pred), "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == json.loads(out.read_text())
    assert result["evaluation"] == "shipped model"  # none of these articles was in the training set
    assert result["overlap_with_training"] == 0
    for key in ("narrative_f1_samples", "subnarrative_f1_samples"):
        assert 0.0 <= result[key] <= 1.0
    assert result["articles"] == 4
    rows = [line.split("\t") for line in pred.read_text().splitlines()]
    assert [r[0] for r in rows] == ["T_001.txt", "T_002.txt", "T_003.txt", "T_004.txt"]
    assert all(len(r) == 3 and r[1] and r[2] for r in rows)
    # the predictions file is itself a valid annotations file
    assert set(read_annotations(pred)) == {r[0] for r in rows}


@needs_model
def test_cross_validation_reports_every_rung(tmp_path, capsys):
    assert main(["eval", "narratives", "--data", str(TINY), "--cv", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["evaluation"].startswith("2-fold cross-validation")
    assert set(result["ablation"]) == {"baseline_always_other", "similarity", "similarity+cues", "classifier"}
    # "Other" for everything: one of the four articles is Other -> 0.25 by hand
    assert result["ablation"]["baseline_always_other"]["narrative_f1_samples"] == pytest.approx(0.25)


def test_bad_command_lines_and_data(tmp_path, capsys):
    assert main(["eval", "narratives", "--data", str(TINY), "--cv", "1"]) == 2
    assert "--cv needs K >= 2" in capsys.readouterr().err
    folder = tmp_path / "no-annotations"
    shutil.copytree(TINY / "raw-documents", folder / "raw-documents")
    assert main(["eval", "narratives", "--data", str(folder)]) == 1
    assert "no annotations file" in capsys.readouterr().err
    (folder / "subtask-2-annotations.txt").write_text("missing.txt\tOther\tOther\n")
    assert main(["eval", "narratives", "--data", str(folder)]) == 1
    assert "missing.txt" in capsys.readouterr().err
