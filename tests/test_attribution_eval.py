"""``unspin eval attribution`` end to end on the hand-written PolNeAR-layout
fixture, and the mapping of analyzer attributions onto PolNeAR relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.evals.attribution import relations_from_summary

TINY = Path(__file__).parent / "fixtures" / "polnear_tiny"


def test_eval_prints_figures_and_writes_predictions(tmp_path: Path, capsys):
    predictions = tmp_path / "pred.jsonl"
    out = tmp_path / "eval.json"
    assert main(["eval", "attribution", "--data", str(TINY), "--predictions", str(predictions),
                 "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == json.loads(out.read_text())
    for part in ("source", "cue", "content", "relation"):
        for view in ("exact", "partial", "overlap"):
            assert set(result[part][view]) >= {"precision", "recall", "f1"}
    counts = result["counts"]
    assert counts["documents"] == 2 and counts["gold_relations"] == 5
    assert counts["documents_with_several_annotators"] == 1
    assert "first .ann file" in result["gold_choice"]
    # "Mayor Anna Kowalski said that …" is plain reported speech: its source must be found exactly.
    assert result["source"]["exact"]["tp"] >= 1
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert [line["document"] for line in lines] == sorted(p.stem for p in (TINY / "text").glob("*.txt"))
    text = (TINY / "text" / f"{lines[0]['document']}.txt").read_text(encoding="utf-8")
    for relation in lines[0]["relations"]:
        for part in ("source", "cue", "content"):
            for fragment in relation[part]:
                assert text[fragment["start"]:fragment["end"]] == fragment["text"]


def test_limit_scores_fewer_documents(capsys):
    assert main(["eval", "attribution", "--data", str(TINY), "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["documents"] == 1


def test_unusable_folder_exits_1_naming_it(tmp_path: Path, capsys):
    assert main(["eval", "attribution", "--data", str(tmp_path)]) == 1
    assert str(tmp_path) in capsys.readouterr().err
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Text.")
    assert main(["eval", "attribution", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "a.txt: no annotation file" in err and "no readable PolNeAR document" in err


def test_bad_limit_is_a_command_line_error():
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "attribution", "--data", str(TINY), "--limit", "0"])
    assert exit_info.value.code == 2


def span(text: str, words: str, nth: int = 0) -> dict:
    i = -1
    for _ in range(nth + 1):
        i = text.index(words, i + 1)
    return {"start": i, "end": i + len(words), "text": words}


def attribution(ident, text, speaker=None, cue=None, content=None, refers_to=None, detail=None):
    return {"id": ident, "kind": "indirect", "speaker": speaker, "cue": cue, "content": content,
            "speaker_detail": detail, "source": {"refers_to": refers_to}}


def parts(text, relation):
    return {role: [text[s:e] for s, e in relation.part(role)] for role in ("source", "cue", "content")}


def test_mapping_adds_that_and_the_speaker_detail():
    text = "Dean Lark, an economist at the bank, said that rates would rise."
    summary = {"attributions": [attribution(
        "a1", text, span(text, "Dean Lark"), span(text, "said"), span(text, "rates would rise"),
        detail=span(text, "an economist at the bank"))]}
    (relation,) = relations_from_summary(summary, text)
    assert parts(text, relation) == {"source": ["Dean Lark, an economist at the bank"], "cue": ["said"],
                                      "content": ["that rates would rise"]}


def test_mapping_cuts_an_inserted_cue_out_of_the_content():
    text = "The flood, the engineer warned, could return next spring."
    summary = {"attributions": [attribution(
        "a1", text, span(text, "the engineer"), span(text, "warned"),
        span(text, "The flood, the engineer warned, could return next spring"))]}
    (relation,) = relations_from_summary(summary, text)
    assert parts(text, relation)["content"] == ["The flood", "could return next spring"]


def test_mapping_joins_continued_quotes_and_quotes_sharing_a_cue():
    text = "“We are ready,” the pilot said, “and we will fly.” “The weather is fine.” Later news."
    summary = {"attributions": [
        attribution("a1", text, span(text, "the pilot"), span(text, "said"), span(text, "We are ready")),
        attribution("a2", text, span(text, "the pilot"), span(text, "said"), span(text, "and we will fly.")),
        attribution("a3", text, None, None, span(text, "The weather is fine."), refers_to="a1"),
    ]}
    (relation,) = relations_from_summary(summary, text)
    assert parts(text, relation)["content"] == ["We are ready", "and we will fly.", "The weather is fine."]


def test_mapping_keeps_an_unattributed_quote_of_someone_else_apart():
    text = "“We are ready,” the pilot said. “Nobody asked us,” one passenger complained later."
    summary = {"attributions": [
        attribution("a1", text, span(text, "the pilot"), span(text, "said"), span(text, "We are ready")),
        attribution("a2", text, None, None, span(text, "Nobody asked us")),
    ]}
    assert len(relations_from_summary(summary, text)) == 2


def test_mapping_makes_the_relative_pronoun_the_source():
    text = "Voters like Ann Lee, who said she would caucus, stayed home."
    summary = {"attributions": [attribution(
        "a1", text, span(text, "Ann Lee"), span(text, "said"), span(text, "she would caucus"))]}
    (relation,) = relations_from_summary(summary, text)
    assert parts(text, relation)["source"] == ["who"]
