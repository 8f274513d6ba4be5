"""Reading PolNeAR-layout folders: the hand-written fixture in
tests/fixtures/polnear_tiny and broken folders made on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.evals.polnear import PolnearError, parse_ann, read_folder

TINY = Path(__file__).parent / "fixtures" / "polnear_tiny"


def texts(document, relation, role):
    return [document.text[s:e] for s, e in relation.part(role)]


def test_reads_relations_with_their_parts():
    corpus = read_folder(TINY)
    assert corpus.problems == []
    harbour = next(d for d in corpus.documents if d.name.startswith("harbour"))
    mayor, master, reported = harbour.relations
    assert texts(harbour, mayor, "source") == ["Mayor Anna Kowalski"]
    assert texts(harbour, mayor, "cue") == ["said"]
    assert texts(harbour, mayor, "content") == ["that the ferry would run again in May"]
    # A discontinuous content: two fragments in text order.
    assert texts(harbour, master, "content") == ["“The engines are fixed,”", "“and the crew is ready.”"]
    # Attribution-no-source: no source part; Discard spans are not relations.
    assert reported.source == () and texts(harbour, reported, "cue") == ["was reported"]


def test_several_annotators_first_file_in_sorted_order():
    corpus = read_folder(TINY)
    coast = next(d for d in corpus.documents if d.name.startswith("coast"))
    assert coast.annotators == ["0c0c", "ffff"]
    assert coast.annotation_file.endswith("_0c0c.ann")
    assert corpus.multi_annotated == 1
    # The 0c0c file has two relations (the ffff one only one, without a source).
    assert len(coast.relations) == 2
    assert texts(coast, coast.relations[0], "source") == ["the weather service"]


def test_content2_joins_the_content_and_wrapped_lines_are_skipped():
    coast = next(d for d in read_folder(TINY).documents if d.name.startswith("coast"))
    added = coast.relations[1]
    assert texts(coast, added, "content") == ["The school board", "will close the schools"]


def test_trigger_stands_in_for_a_missing_cue():
    text = "Officials warned of floods."
    ann = "T1\tAttribution 10 16\twarned\nT2\tContent 17 26\tof floods\nE1\tAttribution:T1 Content:T2\n"
    (relation,) = parse_ann(ann, text, "x.ann")
    assert relation.cue == ((10, 16),) and relation.source == ()


@pytest.mark.parametrize("ann, message", [
    ("T1\tCue 5 99\tsaid\n", "x.ann:1: span 5-99 lies outside the text"),
    ("T1\tCue five six\tsaid\n", "x.ann:1: cannot read this T line"),
    ("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Content:T7\n", "x.ann:2: E1 refers to T7"),
])
def test_bad_annotation_lines_name_file_and_line(ann, message):
    with pytest.raises(PolnearError, match=message):
        parse_ann(ann, "said it", "x.ann")


def test_bad_files_are_named_and_the_rest_is_read(tmp_path: Path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "good.txt").write_text("He said it rained.")
    (tmp_path / "attributions" / "good_abcd.ann").write_text("T1\tCue 3 7\tsaid\nE1\tAttribution:T1\n")
    (tmp_path / "text" / "broken.txt").write_text("Short.")
    (tmp_path / "attributions" / "broken_abcd.ann").write_text("T1\tCue 3 70\tsaid\n")
    (tmp_path / "text" / "lonely.txt").write_text("No annotation file.")
    (tmp_path / "attributions" / "orphan_abcd.ann").write_text("")
    (tmp_path / "text" / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "attributions" / "latin1_abcd.ann").write_text("")
    corpus = read_folder(tmp_path)
    assert [d.name for d in corpus.documents] == ["good"]
    problems = "\n".join(corpus.problems)
    assert "broken_abcd.ann:1: span 3-70" in problems
    assert "lonely.txt: no annotation file" in problems
    assert "orphan_abcd.ann: no text file" in problems
    assert "latin1.txt: not UTF-8" in problems


def test_missing_layout_is_an_error(tmp_path: Path):
    with pytest.raises(PolnearError, match="attributions: no such folder|text: no such folder"):
        read_folder(tmp_path)


def test_limit_stops_after_n_documents():
    assert len(read_folder(TINY, limit=1).documents) == 1


def test_shared_polnear_dev_reads_cleanly(shared_data: Path):
    dev = shared_data / "attribution" / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip("PolNeAR dev not in the shared data")
    corpus = read_folder(dev)
    assert corpus.problems == []
    assert len(corpus.documents) == len(list((dev / "text").glob("*.txt")))
    for document in corpus.documents:
        for relation in document.relations:
            for role in ("source", "cue", "content"):
                assert all(0 <= s < e <= len(document.text) for s, e in relation.part(role))
