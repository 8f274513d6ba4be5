import pytest

from unspin.analyzers import DEFAULT_ANALYZERS, Context, get_analyzer
from unspin.model import Article, Severity
from unspin.techniques import model as tm

TEXT = "These traitors will destroy us. Take notice! Take notice! The vote is on Monday."


class FakePredictor:
    def predict_spans(self, text):
        return [("Name_Calling-Labeling", 6, 14, 0.9), ("Repetition", 32, 43, 0.5),
                ("Repetition", 45, 56, 0.4), ("Appeal_to_Time", 0, 5, 0.05),
                ("Not_A_Technique", 0, 5, 0.9), ("Doubt", 70, 999, 0.9)]


def run(**config):
    return get_analyzer("techniques", predictor=FakePredictor(), **config).analyze(
        Context(Article(TEXT), None, "en"))


def test_registered_and_run_by_default_for_english_only():
    assert "techniques" in DEFAULT_ANALYZERS
    assert get_analyzer("techniques").supports("en") and not get_analyzer("techniques").supports("de")


def test_spans_carry_technique_confidence_and_ptc2020_label():
    result = run()
    labels = [(s.text, s.attributes["technique"], s.attributes["ptc2020"]) for s in result.spans]
    assert labels[0] == ("These", "Appeal_to_Time", None)  # new in 2023: no 2020 label
    assert ("traitors", "Name_Calling-Labeling", "Name_Calling,Labeling") in labels
    assert all(s.label == "technique" for s in result.spans)
    # unknown labels and out-of-range offsets are dropped, not crashed on
    assert len(result.spans) == 4


def test_summary_and_one_info_finding_per_technique():
    result = run(min_confidence=0.1)
    assert result.summary["counts"] == {"Name_Calling-Labeling": 1, "Repetition": 2}
    assert result.summary["total"] == 3
    assert result.summary["ptc2020_counts"] == {"Name_Calling,Labeling": 1, "Repetition": 2}
    kinds = [(f.details["technique"], len(f.evidence)) for f in result.findings]
    assert kinds == [("Repetition", 2), ("Name_Calling-Labeling", 1)]
    assert all(f.severity is Severity.INFO and f.kind == "persuasion-technique" for f in result.findings)
    assert result.findings[0].confidence == pytest.approx(0.5)


@pytest.mark.skipif(not tm.model_available(), reason="technique model files absent")
def test_real_model_end_to_end():
    text = "The radical left's insane, disastrous plan will wreck America. Patriots must stand up now!"
    result = get_analyzer("techniques").analyze(Context(Article(text), None, "en"))
    assert result.summary["model"] and result.spans
    for span in result.spans:
        assert text[span.start:span.end] == span.text


def test_a_few_words_are_not_tagged(make_context):
    from unspin.analyzers import get_analyzer

    class Everywhere:
        def predict_spans(self, text):
            return [("Slogans", 0, len(text), 0.9)]

    analyzer = get_analyzer("techniques", predictor=Everywhere())
    short = analyzer.analyze(make_context("Short."))
    assert short.spans == [] and short.findings == []
    assert "skipped" in short.summary
    longer = analyzer.analyze(make_context("Victory will be ours, whatever the cost may be."))
    assert [s.attributes["technique"] for s in longer.spans] == ["Slogans"]
