"""Known narratives in Russian and Ukrainian: sentence spans, decoding, tuning, the shipped
multilingual model on team-written texts, and `unspin eval narratives` on a tiny invented folder.

Every text here was written for these tests (none comes from any data set)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from unspin.analyzers import get_analyzer
from unspin.analyzers.base import Context
from unspin.model import Article, Severity
from unspin.narratives.catalog import ENV_VAR, load_catalog
from unspin.narratives.data import Labels
from unspin.narratives.multilingual import MODEL_DIR, decode, slavic_sentences
from unspin.narratives.training_multilingual import macro_f1, tune

PRAISE = "URW: Praise of Russia"
DISCREDIT_UA = "URW: Discrediting Ukraine"
DISCREDIT_WEST = "URW: Discrediting the West, Diplomacy"

RU_PUSHING = (
    "Российская армия продолжает уверенное наступление на всех направлениях.\n\n"
    "Наши войска за неделю освободили ещё три населённых пункта и уничтожили десятки единиц "
    "западной техники. Даже иностранные эксперты признают, что российская армия сегодня "
    "сильнейшая в мире. Украинские подразделения в панике бегут с позиций, бросая оружие, а "
    "командиры ВСУ скрывают от солдат реальные потери. Киевский режим гонит на фронт "
    "необученных мобилизованных, чтобы угодить своим западным хозяевам."
)
RU_WEATHER = (
    "В выходные в Москве ожидается тёплая погода без осадков. Днём воздух прогреется до "
    "двадцати двух градусов, ночью будет около двенадцати. Синоптики советуют взять зонт только "
    "в понедельник, когда в регион придёт атмосферный фронт. Ветер слабый, давление в пределах нормы."
)
RU_SPORT = (
    "Футбольный клуб «Ротор» обыграл «Факел» со счётом 2:1 в матче первой лиги. Оба гола хозяева "
    "забили во втором тайме после стандартных положений. Главный тренер поблагодарил болельщиков "
    "за поддержку и отдельно отметил игру вратаря. Следующий матч команда проведёт в субботу на выезде."
)
RU_WEST = (
    "Западные политики давно забыли об обещаниях, которые давали Украине. Вашингтон и Брюссель думают "
    "только о собственных интересах и прибылях своих оружейных компаний. Европейские правительства ссорятся "
    "между собой и не могут договориться даже об общей позиции по переговорам. Союзники поставляют оружие "
    "лишь для того, чтобы затянуть войну как можно дольше, а украинцы для них — расходный материал."
)
UK_PUSHING = (
    "Українське командування приховує справжні втрати на фронті. Солдати скаржаться, що їх кидають у бій "
    "без підготовки та без боєприпасів. Генерали в Києві думають лише про звіти для західних партнерів, "
    "а не про людей."
)
UK_WEATHER = (
    "У суботу у Львові буде сонячно, вдень до двадцяти градусів тепла. У неділю синоптики прогнозують "
    "невеликий дощ і посилення вітру. Наступного тижня в області очікується поступове похолодання."
)


def test_sentences_are_trimmed_cyrillic_substrings():
    text = "  Первое предложение здесь.  Второе — тоже!\nФото: ТАСС\n«Третье» идёт после кавычки."
    spans = slavic_sentences(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces == ["Первое предложение здесь.", "Второе — тоже!", "«Третье» идёт после кавычки."]
    assert all(p == p.strip() for p in pieces)  # "Фото: ТАСС" is under 12 characters: dropped


def test_decode_fallbacks():
    catalog = load_catalog(use_env=False)
    sub = DISCREDIT_UA + ": Discrediting Ukrainian military"
    scores = {PRAISE: 0.2, DISCREDIT_UA: 0.3, sub: 0.05}
    cut = lambda label: 0.5
    assert decode(scores, catalog, cut) == (["Other"], ["Other"])
    assert decode(scores, catalog, cut, top_narrative=True) == ([DISCREDIT_UA], [DISCREDIT_UA + ": Other"])
    assert decode(scores, catalog, cut, top_narrative=True, top_subnarrative=True) == ([DISCREDIT_UA], [sub])
    scores[DISCREDIT_UA] = 0.6
    assert decode(scores, catalog, cut, top_subnarrative=True) == ([DISCREDIT_UA], [sub])


def test_tuning_picks_the_fallback_only_when_it_pays():
    catalog = load_catalog(use_env=False)
    sub = DISCREDIT_UA + ": Discrediting Ukrainian military"
    gold = [Labels((DISCREDIT_UA,), (sub,))] * 4
    # the narrative is right at 0.6; the subnarrative always scores low but is always the best child
    rows = [{DISCREDIT_UA: 0.6, sub: 0.04}] * 4
    grid = np.array([0.1, 0.5, 0.9])
    best = tune(rows, gold, catalog, grid, subnarrative_fallbacks=(False, True))
    assert best["narrative_f1"] == 1.0 and best["top_subnarrative"] and best["subnarrative_f1"] == 1.0
    without = tune(rows, gold, catalog, grid, subnarrative_fallbacks=(False,))
    assert not without["top_subnarrative"] and without["subnarrative_f1"] == 0.0


def test_macro_f1_counts_labels_that_occur():
    gold = [["A"], ["A"], ["B"]]
    assert macro_f1(gold, [["A"], ["A"], ["A"]], ["A", "B", "C"]) == pytest.approx((0.8 + 0.0) / 2)
    assert macro_f1(gold, gold, ["A", "B", "C"]) == 1.0


class Stub:
    def predict(self, text):
        from unspin.narratives.predictor import NarrativeResult

        return NarrativeResult(Labels(("Other",), ("Other",)), [], {}, None)


def context(text: str, language: str) -> Context:
    return Context(article=Article(text=text, language=language), doc=None, language=language)


def test_a_given_predictor_serves_russian_too():
    analyzer = get_analyzer("narratives", predictor=Stub())
    assert analyzer.supports("ru") and analyzer.supports("uk")
    result = analyzer.analyze(context(RU_WEATHER, "ru"))
    assert result.findings == [] and result.summary["narratives"] == ["Other"]


needs_model = pytest.mark.skipif(not (MODEL_DIR / "model.json").is_file(),
                                 reason="no shipped multilingual narrative model")


@pytest.fixture(scope="module")
def analyzer():
    import os

    saved = os.environ.pop(ENV_VAR, None)
    try:
        yield get_analyzer("narratives")
    finally:
        if saved is not None:
            os.environ[ENV_VAR] = saved


@needs_model
def test_russian_article_pushing_narratives_gets_findings(analyzer):
    result = analyzer.analyze(context(RU_PUSHING, "ru"))
    found = {f.details["narrative"] for f in result.findings if f.kind == "known-narrative"}
    assert found & {PRAISE, DISCREDIT_UA}, result.summary["ranked"]
    assert result.summary["model"] == "use-m-catalog-similarity+logreg"
    for finding in result.findings:
        assert finding.severity is Severity.INFO
        assert finding.message.startswith("Advances the narrative \u201cURW: ")  # English message
        assert finding.message.isascii() or "\u201c" in finding.message
        for span in finding.evidence:
            sentence = RU_PUSHING[span.start:span.end]
            assert span.text == sentence and sentence == sentence.strip() and len(sentence) >= 12
            assert any("\u0400" <= ch <= "\u04ff" for ch in sentence)  # the original Cyrillic sentence
    assert result.spans and all(s.attributes["narrative"] in found for s in result.spans)
    assert all(isinstance(s.attributes["example"], str) and s.attributes["example"] for s in result.spans)
    assert result.summary["close_sentences_below_threshold"] == []


@needs_model
@pytest.mark.parametrize("text, language", [(RU_WEATHER, "ru"), (RU_SPORT, "ru"), (UK_WEATHER, "uk")])
def test_neutral_texts_get_no_narrative(analyzer, text, language):
    result = analyzer.analyze(context(text, language))
    assert result.findings == [], result.summary["ranked"]
    assert result.summary["narratives"] == ["Other"]


@needs_model
def test_russian_article_discrediting_the_west(analyzer):
    result = analyzer.analyze(context(RU_WEST, "ru"))
    finding = next((f for f in result.findings if f.details["narrative"] == DISCREDIT_WEST), None)
    assert finding is not None, result.summary["ranked"]
    assert finding.confidence == max(d["confidence"] for d in result.summary["ranked"])
    # the subnarrative names what the text says: the West cares only about its own interests
    assert any("only about its interests" in d["label"] for d in finding.details["subnarratives"])


@needs_model
def test_ukrainian_article_is_read(analyzer):
    result = analyzer.analyze(context(UK_PUSHING, "uk"))
    finding = next((f for f in result.findings if f.details["narrative"] == DISCREDIT_UA), None)
    assert finding is not None, result.summary["ranked"]
    assert DISCREDIT_UA + ": Discrediting Ukrainian military" in {d["label"] for d in finding.details["subnarratives"]}
    assert finding.evidence and all(UK_PUSHING[s.start:s.end] == s.text for s in finding.evidence)
    assert all(s.text[0].isupper() and s.text.strip() == s.text for s in finding.evidence)


@needs_model
def test_the_model_loads_once(analyzer):
    first = analyzer.multilingual_predictor
    assert get_analyzer("narratives").multilingual_predictor is first


ARTICLES = {  # a tiny invented folder for the eval command's plumbing
    "RU-1.txt": (RU_PUSHING, DISCREDIT_UA, DISCREDIT_UA + ": Discrediting Ukrainian military"),
    "RU-2.txt": ("Российские войска успешно продвигаются и освобождают новые сёла. Армия России показывает "
                 "силу и выучку, противник отступает.", PRAISE, PRAISE + ": Praise of Russian military might"),
    "RU-3.txt": ("Командование ВСУ бросает солдат на убой и врёт о потерях. Украинская армия разваливается "
                 "на глазах.", DISCREDIT_UA, DISCREDIT_UA + ": Discrediting Ukrainian military"),
    "RU-4.txt": ("Мощь российского оружия признают во всём мире. Наши лётчики и артиллеристы снова "
                 "доказали своё превосходство.", PRAISE, PRAISE + ": Praise of Russian military might"),
    "RU-5.txt": (RU_WEATHER, "Other", "Other"),
    "RU-6.txt": ("Киевские генералы не способны удержать фронт, а новобранцы сдаются в плен при первой "
                 "возможности.", DISCREDIT_UA, DISCREDIT_UA + ": Discrediting Ukrainian military"),
}


def test_eval_command_on_a_russian_folder(tmp_path, capsys, monkeypatch):
    from unspin.cli import main

    monkeypatch.delenv(ENV_VAR, raising=False)
    (tmp_path / "raw-documents").mkdir()
    lines = []
    for name, (text, narrative, sub) in ARTICLES.items():
        (tmp_path / "raw-documents" / name).write_text(text, encoding="utf-8")
        lines.append(f"{name}\t{narrative}\t{sub}")
    (tmp_path / "subtask-2-annotations.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    negatives = tmp_path / "offdomain.jsonl"
    negatives.write_text("\n".join(json.dumps({"text": t, "language": "ru"}, ensure_ascii=False)
                                   for t in (RU_SPORT, RU_WEATHER)) + "\n", encoding="utf-8")
    code = main(["eval", "narratives", "--data", str(tmp_path), "--cv", "2", "--negatives", str(negatives)])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["language"] == "ru" and out["articles"] == len(ARTICLES)
    assert out["off_domain"]["offdomain"]["articles"] == 2
    for key in ("narrative_f1_samples", "subnarrative_f1_samples", "narrative_f1_macro", "subnarrative_f1_macro"):
        assert 0.0 <= out[key] <= 1.0
        assert set(out["baselines"]) == {"always_other", "most_frequent_label_set"}
        assert 0.0 <= out["baselines"]["always_other"][key] <= 1.0
    # "Other" for everything scores exactly the share of "Other" articles (1 of 6)
    assert out["baselines"]["always_other"]["narrative_f1_samples"] == pytest.approx(1 / 6, abs=1e-4)
    assert "iLostTheCode" in out["published_anchor"]["source"]
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["eval", "narratives", "--data", str(tmp_path), "--cv", "2", "--language", "ru",
                 "--negatives", str(tmp_path / "broken.jsonl")]) == 1
    assert "broken.jsonl:1" in capsys.readouterr().err
