"""Check-worthy claims in Russian and Ukrainian: the multilingual model, the analyzer and
``unspin eval claims-ru``. Texts are written for these tests (not from evals/claims_ru)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from unspin.analyzers.base import Context
from unspin.analyzers.claims import ClaimsAnalyzer
from unspin.claims.multilingual import (
    MODEL_DIR,
    load_multilingual_model,
    shared_multilingual_model,
)
from unspin.claims.scoring import sentences_slavic
from unspin.cli import main
from unspin.evals.claims_ru import score
from unspin.model import Article, Severity
from unspin.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
EVAL_SET = ROOT / "evals" / "claims_ru"

RU_STAT = "По данным областного минздрава, за неделю в больницы региона поступили 240 человек с пневмонией."
RU_OPINION = "Мне кажется, нашему городу просто не везет с начальством."
RU_GREETING = "Всем привет и хорошего воскресенья!"
UK_STAT = "Минулого місяця в області відкрили 12 нових укриттів, повідомили в міській раді."
UK_OPINION = "На мою думку, це найцікавіша подія літа."
UK_GREETING = "Доброго вечора, шановні слухачі!"

RU_ARTICLE = (
    "Доброе утро, друзья! "
    "Как сообщил источник в правоохранительных органах, за месяц в городе задержаны 37 человек по делам о мошенничестве. "
    "По-моему, это очень грустно.\n"
    "Подписывайтесь на наш канал!"
)
UK_ARTICLE = (
    "Вітаємо всіх читачів! "
    "За даними Держстату, у жовтні інфляція в Україні становила 9,7%. "
    "Уряд виділив 3 мільярди гривень на ремонт лікарень у прифронтових областях. "
    "Як на мене, цього замало."
)


class FakeMultilingual:
    """Sentences with a digit 0.9, others 0.1; records what it was asked."""

    name = "fake-multilingual"
    threshold = 0.5

    def __init__(self) -> None:
        self.seen: list[str] = []

    def scores(self, sentences):
        self.seen.extend(sentences)
        return np.array([0.9 if any(c.isdigit() for c in s) else 0.1 for s in sentences])


class Refusing:
    name = "must-not-be-used"
    threshold = 0.5

    def scores(self, sentences):
        raise AssertionError("the wrong model was asked")


def slavic_context(text: str, language: str, results=None) -> Context:
    return Context(article=Article(text=text, language=language), doc=None, language=language,
                   results=dict(results or {}))


@pytest.fixture(scope="module")
def model():
    return shared_multilingual_model()


# --------------------------------------------------------------- the model

def test_statistic_outscores_opinion_and_greeting_in_russian(model):
    stat, opinion, greeting = model.scores([RU_STAT, RU_OPINION, RU_GREETING])
    assert stat > opinion and stat > greeting
    assert stat >= model.threshold > max(opinion, greeting)


def test_statistic_outscores_opinion_and_greeting_in_ukrainian(model):
    stat, opinion, greeting = model.scores([UK_STAT, UK_OPINION, UK_GREETING])
    assert stat > opinion and stat > greeting
    assert max(opinion, greeting) < model.threshold


def test_runtime_reproduces_training_time_probe_scores(model):
    config = json.loads((MODEL_DIR / "multilingual.json").read_text(encoding="utf-8"))
    probes = config["probes"]
    assert {p["language"] for p in probes} >= {"ru", "uk", "en"}
    got = model.scores([p["text"] for p in probes])
    assert np.allclose(got, [p["score"] for p in probes], atol=1e-4)


def test_model_file_is_small_and_well_formed(model):
    assert (MODEL_DIR / "multilingual.npz").stat().st_size < 20_000
    assert model.coef.shape == (512,) and np.isfinite(model.coef).all()
    assert 0.0 < model.threshold < 1.0 and model.name == "checkthat2024-usem-lr"
    assert model.scores([]).shape == (0,)
    assert model.scores(["   "]).tolist() == [0.0]


def test_missing_files_are_a_named_error(tmp_path):
    from unspin.claims.model import ModelUnavailable

    with pytest.raises(ModelUnavailable, match="multilingual.json missing"):
        load_multilingual_model(tmp_path)


# ------------------------------------------------------------ the analyzer

def test_sentences_split_without_a_parser():
    bounds = sentences_slavic(RU_ARTICLE)
    assert [RU_ARTICLE[a:b] for a, b in bounds][-1] == "Подписывайтесь на наш канал!"
    assert len(bounds) == 4


def test_russian_claims_are_cyrillic_spans_of_the_text(model):
    result = ClaimsAnalyzer(model=Refusing()).analyze(slavic_context(RU_ARTICLE, "ru"))
    summary = result.summary
    assert summary["model"] == model.name and summary["counts"]["sentences"] == 4
    claims = [s for s in result.spans if s.label == "claim"]
    assert [c.text for c in claims] == [
        ("Как сообщил источник в правоохранительных органах, за месяц в городе задержаны 37 человек по делам о "
         "мошенничестве.")]
    for span in claims:
        assert RU_ARTICLE[span.start:span.end] == span.text
        assert span.attributes["score"] >= model.threshold and span.attributes["rank"] == 1
    record = summary["claims"][0]
    assert record["event"] == "other" and record["actors"] == []
    assert record["attribution"]["class"] == "not_checked"
    json.dumps(summary, ensure_ascii=False)


def test_ukrainian_works(model):
    result = ClaimsAnalyzer().analyze(slavic_context(UK_ARTICLE, "uk"))
    summary = result.summary
    assert summary["counts"]["sentences"] == 4
    claims = [s for s in result.spans if s.label == "claim"]
    assert claims[0].text == "За даними Держстату, у жовтні інфляція в Україні становила 9,7%."
    assert not any(c.text.startswith(("Вітаємо", "Як на мене")) for c in claims)
    for span in claims:
        assert UK_ARTICLE[span.start:span.end] == span.text
    by_start = {s["start"]: s["score"] for s in summary["sentences"]}
    greeting, statistic = by_start[0], by_start[UK_ARTICLE.index("За даними")]
    assert statistic > greeting
    # (the funding sentence scores 0.13: Ukrainian recall is low, see docs/claims.md)


def test_in_a_pipeline_russian_claims_get_sources_and_a_low_finding():
    fake = FakeMultilingual()
    pipeline = Pipeline(["places", "dates", "sources", ClaimsAnalyzer(model=Refusing(), multilingual_model=fake)])
    analysis = pipeline.analyze(Article(text=RU_ARTICLE, language="ru"))
    run = analysis.runs["claims"]
    assert run.status == "ran", run.reason
    claims = run.result.summary["claims"]
    assert len(claims) == 1 and claims[0]["attribution"]["class"] == "anonymous"
    assert run.result.summary["model"] == "fake-multilingual"
    [finding] = run.result.findings
    assert finding.kind == "claims-on-unnamed-sources" and finding.severity is Severity.LOW
    assert finding.confidence <= 0.6
    assert finding.details["language"] == "ru" and finding.details["model"] == "fake-multilingual"
    assert finding.message.startswith("1 check-worthy claim (#1) rests only on")
    assert any(e.text.startswith("источник в правоохранительных органах") for e in finding.evidence)
    assert all(RU_ARTICLE[e.start:e.end] == e.text for e in finding.evidence)


def test_multilingual_threshold_override():
    fake = FakeMultilingual()
    result = ClaimsAnalyzer(multilingual_model=fake, multilingual_threshold=0.05).analyze(
        slavic_context(RU_ARTICLE, "ru"))
    assert result.summary["threshold"] == 0.05
    assert result.summary["counts"]["claims"] == 3  # "Доброе утро, друзья!": under four words, never listed
    assert fake.seen[0] == "Доброе утро, друзья!"


def test_english_still_uses_the_english_model(make_context):
    class English:
        name = "english-fake"
        threshold = 0.5

        def scores(self, sentences):
            return [0.9] * len(sentences)

    text = "The ministry said 1,200 soldiers were killed in the offensive. Thank you for reading this."
    result = ClaimsAnalyzer(model=English(), multilingual_model=Refusing()).analyze(make_context(text))
    assert result.summary["model"] == "english-fake" and result.summary["counts"]["claims"] == 2


# ---------------------------------------------------------- the evaluation

def test_score_gives_figures_per_language_and_baselines():
    records = [
        {"id": "ru-1", "language": "ru", "text": "Сбито 5 дронов.", "label": "Yes"},
        {"id": "ru-2", "language": "ru", "text": "Доброе утро.", "label": "No"},
        {"id": "uk-1", "language": "uk", "text": "Збито 7 дронів.", "label": "Yes"},
        {"id": "uk-2", "language": "uk", "text": "Це 1 жах.", "label": "No"},
        {"id": "uk-3", "language": "uk", "text": "Слава!", "label": "No"},
    ]
    result = score(records, True, model=FakeMultilingual())
    figures = result["model_figures"]
    assert figures["ru"]["f1"] == 1.0 and figures["uk"]["precision"] == 0.5
    assert figures["all"]["counts"]["false_positive"] == 1
    assert result["baselines"]["all_yes"]["all"]["precision"] == 0.4
    assert result["baselines"]["majority (No)"]["all"]["f1"] == 0.0
    assert [m["id"] for m in result["misses"]] == ["uk-2"]


def test_eval_command_prints_json(tmp_path, capsys):
    data = tmp_path / "few.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "ru-1", "language": "ru", "text": RU_STAT, "label": "Yes"},
        {"id": "ru-2", "language": "ru", "text": RU_GREETING, "label": "No"},
        {"id": "uk-1", "language": "uk", "text": UK_GREETING, "label": "No"}]) + "\n", encoding="utf-8")
    assert main(["eval", "claims-ru", "--data", str(data)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["records"] == 3 and result["model"] == "checkthat2024-usem-lr"
    assert set(result["model_figures"]) == {"all", "ru", "uk"}
    assert result["model_figures"]["all"]["counts"]["true_positive"] == 1
    assert main(["eval", "claims-ru", "--data", str(tmp_path / "none.jsonl")]) == 2


def test_eval_set_follows_its_split_rule():
    records = [json.loads(line) for line in (EVAL_SET / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    dev = [json.loads(line)["id"] for line in (EVAL_SET / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    test = [json.loads(line)["id"] for line in (EVAL_SET / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 200 and sorted(dev + test) == sorted(r["id"] for r in records)
    for rid in test:
        assert int(hashlib.sha256(rid.encode("utf-8")).hexdigest(), 16) % 2 == 1
    for rid in dev:
        assert int(hashlib.sha256(rid.encode("utf-8")).hexdigest(), 16) % 2 == 0
    assert {r["label"] for r in records} == {"Yes", "No"}
    assert all(r["id"].startswith(r["language"] + "-") for r in records)
    assert 0.35 <= sum(r["label"] == "Yes" for r in records) / len(records) <= 0.45


def test_a_claim_on_a_described_but_unnamed_source_raises_no_finding_in_russian():
    text = "По словам местных жителей, за ночь в городе прогремели 12 взрывов. Берегите себя!"
    pipeline = Pipeline(["places", "dates", "sources",
                         ClaimsAnalyzer(model=Refusing(), multilingual_model=FakeMultilingual())])
    run = pipeline.analyze(Article(text=text, language="ru")).runs["claims"]
    [claim] = run.result.summary["claims"]
    assert claim["attribution"]["class"] == "unnamed" and claim["attribution"]["unnamed_only"]
    assert run.result.findings == []
