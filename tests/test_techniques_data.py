"""Reading articles and technique labels in both shared-task layouts (tiny hand-written fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.techniques.data import (LabelError, Span, check_labels, read_articles, read_labels,
                                    write_spans)
from unspin.techniques.taxonomy import SEMEVAL2023

TEXT_CRLF = "Line one.\r\nThey are traitors!\r\nEnd.\n"  # "traitors" starts at 20 only if \r is kept


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def test_articles_keep_carriage_returns_so_offsets_match(tmp_path):
    write(tmp_path / "article1.txt", TEXT_CRLF)
    write(tmp_path / "article22.txt", "Plain.\rOld Mac line end.")
    write(tmp_path / "notes.txt", "not an article")
    write(tmp_path / "article.txt", "no id")
    articles = read_articles(tmp_path)
    assert list(articles) == ["1", "22"]
    assert articles["1"] == TEXT_CRLF
    assert articles["1"][20:28] == "traitors"
    assert articles["22"] == "Plain.\rOld Mac line end."


def test_articles_folder_errors(tmp_path):
    with pytest.raises(LabelError, match="no article<ID>.txt"):
        read_articles(tmp_path)
    with pytest.raises(LabelError, match="no such folder"):
        read_articles(tmp_path / "missing")
    write(tmp_path / "article9.txt", b"caf\xe9")
    with pytest.raises(LabelError, match=r"article9\.txt: not UTF-8"):
        read_articles(tmp_path)


def test_single_tc_file_with_blank_and_crlf_lines(tmp_path):
    labels_file = write(tmp_path / "labels-spans.tsv",
                        "1\tName_Calling-Labeling\t20\t28\r\n\n22\tDoubt\t0\t5\n")
    labels = read_labels(labels_file, SEMEVAL2023)
    assert labels.layout == "tc"
    assert labels.spans == [Span("1", "Name_Calling-Labeling", 20, 28), Span("22", "Doubt", 0, 5)]
    assert labels.sources == [f"{labels_file}:1", f"{labels_file}:3"]
    assert labels.by_article() == {"1": [labels.spans[0]], "22": [labels.spans[1]]}


def test_folder_of_per_article_si_files(tmp_path):
    folder = tmp_path / "labels"
    write(folder / "article1.task-si.labels", "1\t20\t28\n1\t0\t4\n")
    write(folder / "article2.task-si.labels", "")  # an article without spans
    write(folder / "README.md", "ignored: not a label file")
    labels = read_labels(folder)
    assert labels.layout == "si"
    assert labels.spans == [Span("1", None, 20, 28), Span("1", None, 0, 4)]


def test_empty_label_folder_is_an_error(tmp_path):
    (tmp_path / "labels").mkdir()
    with pytest.raises(LabelError, match="no label files"):
        read_labels(tmp_path / "labels")
    with pytest.raises(LabelError, match="no such file or folder"):
        read_labels(tmp_path / "nope.tsv")


@pytest.mark.parametrize("line, message", [
    ("1\t20", "expected 3 columns"),
    ("1\tDoubt\t20\t28\textra", "got 5"),
    ("1\tDoubt\tten\t28", "offsets must be integers"),
    ("1\tDoubt\t28\t20", "bad span 28-20"),
    ("1\tDoubt\t5\t5", "bad span 5-5"),
    ("1\t\t5\t8", "empty technique"),
    ("\tDoubt\t5\t8", "empty article id"),
    ("1\tFlag-Waving\t5\t8", "'Flag-Waving' is not a technique of semeval2023"),
])
def test_malformed_lines_name_file_and_line(tmp_path, line, message):
    labels_file = write(tmp_path / "bad.tsv", f"1\tDoubt\t0\t4\n{line}\n")
    with pytest.raises(LabelError, match=message) as excinfo:
        read_labels(labels_file, SEMEVAL2023, "semeval2023")
    assert str(excinfo.value).startswith(f"{labels_file}:2:")


def test_mixed_layouts_are_refused(tmp_path):
    labels_file = write(tmp_path / "mixed.tsv", "1\tDoubt\t0\t4\n1\t5\t9\n")
    with pytest.raises(LabelError, match=r"mixed.tsv:2: SI line among TC lines"):
        read_labels(labels_file)


def test_offsets_are_checked_against_the_text(tmp_path):
    write(tmp_path / "article1.txt", TEXT_CRLF)
    articles = read_articles(tmp_path)
    end = len(TEXT_CRLF)
    ok = read_labels(write(tmp_path / "ok.tsv", f"1\tDoubt\t0\t{end}\n"))
    check_labels(ok, articles)  # a span may end at the last character
    outside = read_labels(write(tmp_path / "out.tsv", f"1\tDoubt\t0\t4\n1\tDoubt\t10\t{end + 1}\n"))
    with pytest.raises(LabelError, match=rf"out.tsv:2: span 10-{end + 1} is outside article 1"):
        check_labels(outside, articles)
    stranger = read_labels(write(tmp_path / "stranger.tsv", "7\tDoubt\t0\t4\n"))
    with pytest.raises(LabelError, match=r"stranger.tsv:1: no article7.txt"):
        check_labels(stranger, articles)


def test_written_predictions_read_back(tmp_path):
    spans = [Span("1", "Doubt", 0, 4), Span("2", "Loaded_Language", 10, 18)]
    out = tmp_path / "sub" / "pred.tsv"
    write_spans(out, spans)
    assert out.read_text() == "1\tDoubt\t0\t4\n2\tLoaded_Language\t10\t18\n"
    assert read_labels(out).spans == spans


def test_every_technique_has_a_short_explanation():
    from unspin.techniques.explanations import display_name, explain, explanations

    table = explanations()
    assert set(table) == set(SEMEVAL2023)
    assert all(10 < len(text) < 200 for text in table.values())
    assert "two options" in explain("False_Dilemma-No_Choice")
    assert display_name("Name_Calling-Labeling") == "Name calling / labeling"
    with pytest.raises(KeyError):
        explain("Flag-Waving")  # a 2020 label, not a 2023 one
