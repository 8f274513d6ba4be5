"""Persuasion techniques (issue 4): span-level detection with the SemEval-2023
Task 3 taxonomy, mapped to the 14 labels of SemEval-2020 Task 11."""

from typing import Any


class PredictorMissing(RuntimeError):
    """No technique model is installed (``unspin/techniques/model.py`` or its files are missing)."""


def predictor() -> Any:
    """The technique predictor: an object with ``predict_spans(text)`` -> list of
    ``(technique, start, end, confidence)`` and, optionally, ``classify_spans(text, spans)``
    -> one technique per ``(start, end)``. Imported lazily: the model is optional."""
    try:
        from unspin.techniques import model
    except ModuleNotFoundError as exc:
        if exc.name != "unspin.techniques.model":
            raise
        raise PredictorMissing("no technique model: unspin/techniques/model.py is missing "
                               "(train one with 'make train-techniques')") from None
    return model.load_predictor()
