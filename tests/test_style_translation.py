"""Translation tells in English (calques, case endings, untranslated words) and machine-writing
leftovers in Russian and Ukrainian: spans that match the text, traps that stay quiet, the style
analyzer's findings, and the evaluation set with its command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from unspin.analyzers import get_analyzer
from unspin.analyzers.base import Context
from unspin.analyzers.style import SLAVIC_CONFIDENCE, TRANSLATION_CONFIDENCE
from unspin.cli import main
from unspin.model import Article, Severity
from unspin.style.features import extract
from unspin.style.slavic import find_slavic_cliches, find_slavic_leftovers
from unspin.style.translation import (
    TranslationLexiconError,
    find_translation_tells,
    load_calques,
)

REPO = Path(__file__).resolve().parents[1]
EVALS = REPO / "evals" / "translation_tells"

# A machine translation of an invented Russian wire item, with one tell of every kind.
TRANSLATED = (
    "On the territory of the Belgorod region, air defense means destroyed three aircraft-type drones "
    "during the night. Two peaceful residents received shrapnel wounds after shelling from the side of "
    "the VSU, and 4,000 subscribers were left without electricity in Bakhmute and near Pokrovska, the "
    "decree of the head of the district Sukhov Andrei Petrovich says. Fighters of the «Sever» group "
    "advanced 2,5 kilometers, according to Sergeya Belova."
)

# Clean English news that must raise nothing: Ukrainian names ending like Russian case forms, women's
# surnames, glossed Russian words, acronyms spelled out, ordinary English uses of calque-like words.
CONTROLS = [
    ("Russian troops advanced on the outskirts of Pokrovsk, while Ukrainian units held the village of "
    "Pokrovske in Dnipropetrovsk Oblast."),
    "Residents of Avdiivka, Kramatorsk and Kurakhove said the oblast administration had ordered evacuations.",
    "Sergey Ivanov, a miner, moved to Dnipro; Maria Zakharova and Olena Zelenska spoke on Monday.",
    "Maria Lvova-Belova, Russia's children's ombudswoman, is wanted by the International Criminal Court.",
    "Russian military bloggers, known as voenkory, or war correspondents, criticised the advance.",
    'In Russian, the operation is called "spetsoperatsiya", a word now common in state media.',
    "Donetska and Luhanska oblasts, as Ukraine's government spells them, have been the focus of the offensive.",
    "In the course of the investigation, prosecutors found that the liquidated company's contracts were void.",
    "The Telegram channel, which has more than 200,000 subscribers, is run by a former police officer.",
    "Marburg virus disease (MVD) causes severe fever; MVD is in the same family as Ebola.",
    "The FSB said it had detained a man spying for the SBU; the DNR and LNR were annexed in 2022.",
    "Moscow says Kinzhal missiles cannot be intercepted; a BMP-2 and a T-72 were destroyed near Robotyne.",
    "Imprisoned in connection with a fire, the ranchers were pardoned. On the eve of the summit, talks stalled.",
    "She was informed that the flight was cancelled, and he was well informed.",
    "The former deputy chief of the Security Council Vladimir Sivkovich fled to Russia.",
]


def _english_context(text: str) -> Context:
    return Context(article=Article(text=text, language="en"), doc=None, language="en")


def _slavic_context(text: str, language: str) -> Context:
    return Context(article=Article(text=text, language=language), doc=None, language=language)


class FakeClassifier:
    name = "fake"
    threshold = 0.5

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def score(self, text, features):
        from unspin.style.classifier import Score

        return Score(self.probability, [("sentence_len_std", 3.0, 1.2)], features)


def test_every_kind_of_english_tell_is_found_with_its_span():
    tells = find_translation_tells(TRANSLATED)
    for tell in tells:
        assert TRANSLATED[tell.start:tell.end] == tell.matched
    by_kind: dict[str, set[str]] = {}
    for tell in tells:
        by_kind.setdefault(tell.kind, set()).add(tell.matched)
    assert {"On the territory of", "air defense means", "aircraft-type", "peaceful residents",
            "received shrapnel wounds", "from the side of", "subscribers"} <= by_kind["calque"]
    assert by_kind["untranslated"] == {"VSU"}
    assert {"Bakhmute", "Pokrovska", "Sergeya Belova"} <= by_kind["case_ending"]
    assert by_kind["name_order"] == {"Sukhov Andrei Petrovich"}
    assert by_kind["typography"] == {"«Sever»", "2,5"}


@pytest.mark.parametrize("text", CONTROLS)
def test_clean_english_controls_raise_nothing(text):
    flagged = [(t.kind, t.matched) for t in find_translation_tells(text) if not t.attributes.get("glossed")]
    assert flagged == []


def test_ambiguous_village_name_needs_another_tell():
    # "Donetske" is a village too: alone it says nothing, beside a calque it is a case ending
    assert find_translation_tells("Shelling was reported in Donetske on Monday.") == []
    tells = find_translation_tells("Two peaceful residents were hurt in Donetske on Monday.")
    assert {(t.kind, t.matched) for t in tells} == {("calque", "peaceful residents"), ("case_ending", "Donetske")}
    assert find_translation_tells("Peaceful residents fled the village of Donetske.")[-1].kind == "calque"


def test_style_analyzer_reports_translation_findings_with_evidence():
    result = get_analyzer("style", classifier=FakeClassifier(0.1)).analyze(_english_context(TRANSLATED))
    kinds = {f.kind: f for f in result.findings}
    assert {"translation-calque", "translation-untranslated", "translation-case-ending",
            "translation-name-order", "translation-typography"} <= set(kinds)
    assert kinds["translation-calque"].severity is Severity.LOW  # several different calques
    assert kinds["translation-calque"].confidence == TRANSLATION_CONFIDENCE["calque"]
    assert "“VSU” (ВСУ" in kinds["translation-untranslated"].message
    for finding in result.findings:
        for span in finding.evidence:
            assert TRANSLATED[span.start:span.end] == span.text
    assert result.summary["translation"]["calque"] >= 7


def test_translation_tells_do_not_feed_the_classifier():
    features = extract(TRANSLATED)
    assert not [name for name in features.names if "translat" in name or "calque" in name]
    # a confident score with only translation tells behind it stays LOW: tells are no leftovers
    text = TRANSLATED + " " + " ".join(["The committee met again on Tuesday and discussed the budget."] * 6)
    result = get_analyzer("style", classifier=FakeClassifier(0.99)).analyze(_english_context(text))
    machine = [f for f in result.findings if f.kind == "machine-style"]
    assert machine and machine[0].severity is Severity.LOW


# An invented Russian state-media item rewritten by a model that left its traces.
RUSSIAN = (
    "Конечно! Вот переписанный текст новости.\n\n"
    "Заголовок: Беспилотники атаковали Белгородскую область\n\n"
    "Как сообщил губернатор Белгородской области в своём Telegram-канале, ночью силы ПВО сбили над регионом "
    "восемь беспилотников. В Шебекине повреждены два частных дома и автомобиль, пострадавших нет. "
    "Минобоpоны России сообщило, что ВСУ продолжают attacks на приграничные сёла. "
    "В современном мире эта атака служит суровым напоминанием о хрупкости мирной жизни."
)

UKRAINIAN = (
    "Звісно! Ось переписаний текст: уночі ворог атакував Харків ударними безпілотниками, повідомив "
    "очільник ОВА у своєму Telegram-каналі. Вибухи також пролунали у Києвi. За словами spokesperson "
    "Повітряних сил, збито 40 дронів. Значення цієї допомоги неможливо переоцінити."
)


@pytest.mark.parametrize("text,language,homoglyph,english", [
    (RUSSIAN, "ru", "Минобоpоны", "attacks"),
    (UKRAINIAN, "uk", "Києвi", "spokesperson"),
])
def test_russian_and_ukrainian_articles_get_findings_with_cyrillic_evidence(text, language, homoglyph, english):
    analyzer = get_analyzer("style")
    assert analyzer.supports(language)
    result = analyzer.analyze(_slavic_context(text, language))
    kinds = {f.kind: f for f in result.findings}
    assert kinds["leftover-assistant"].severity is Severity.HIGH
    assert kinds["leftover-assistant"].evidence[0].text.startswith(("Конечно! Вот", "Звісно! Ось"))
    assert [s.text for s in kinds["leftover-homoglyph"].evidence] == [homoglyph]
    assert [s.text for s in kinds["leftover-english"].evidence] == [english]
    assert kinds["style-cliches"].severity is Severity.INFO
    for finding in result.findings:
        assert finding.evidence
        for span in finding.evidence:
            assert text[span.start:span.end] == span.text
    cyrillic = [s for f in result.findings for s in f.evidence if any("\u0400" <= c <= "\u04ff" for c in s.text)]
    assert cyrillic
    assert result.summary["probability"] is None and "no machine-text classifier" in result.summary["note"]
    if language == "ru":
        assert "leftover-persona" in kinds  # the "Заголовок:" label
        assert kinds["leftover-homoglyph"].confidence == SLAVIC_CONFIDENCE["homoglyph"]


@pytest.mark.parametrize("text,language", [
    (("Губернатор сообщил в своём Telegram-канале, что IT-компании региона получат льготы. Издание "
     "The Wall Street Journal сообщило о санкциях; по данным Минобороны, сбиты снаряды HIMARS."), "ru"),
    ("Президент США написал: «We will end this war», однако подробностей не привёл. Подробнее — на ria.ru.", "ru"),
    ("Компания Apple прекратила продажи iPhone в России; каналы SHAMANа заблокированы.", "ru"),
    ("Як пише The Guardian, IT-армія України атакувала сайти банків; Мінцифри запустило e-сервіси.", "uk"),
    ("Стоит отметить, что мост уже ремонтировали. Логістика відіграє ключову роль.", "ru"),
])
def test_clean_russian_and_ukrainian_news_raises_nothing(text, language):
    result = get_analyzer("style").analyze(_slavic_context(text, language))
    assert result.findings == [], [f.message for f in result.findings]
    assert find_slavic_leftovers(text) == [] and find_slavic_cliches(text) == []


def test_a_bad_lexicon_line_is_named(tmp_path):
    path = tmp_path / "calques.tsv"
    path.write_text("# comment\nok\ton the territory of\t-\tна территории\nbad\t(unclosed\t-\tnote\n", encoding="utf-8")
    with pytest.raises(TranslationLexiconError, match=r"calques.tsv:3: bad pattern"):
        load_calques(path)
    path.write_text("x\tfoo\tnowhere\tnote\n", encoding="utf-8")
    with pytest.raises(TranslationLexiconError, match=r"calques.tsv:1: unknown context"):
        load_calques(path)


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (EVALS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_eval_set_split_and_spans():
    everything = _records("all.jsonl")
    dev, test = _records("dev.jsonl"), _records("test.jsonl")
    assert len(everything) >= 250 and sorted(r["id"] for r in dev + test) == sorted(r["id"] for r in everything)
    for record in test:
        assert int(hashlib.sha256(record["id"].encode("utf-8")).hexdigest(), 16) % 2 == 1
    for record in dev:
        assert int(hashlib.sha256(record["id"].encode("utf-8")).hexdigest(), 16) % 2 == 0
    for record in everything:
        for tell in record["tells"]:
            at = tell.get("start", record["text"].find(tell["text"]))
            assert record["text"][at:at + len(tell["text"])] == tell["text"], record["id"]


def test_eval_command_on_dev_backs_the_analyzer_confidences(capsys):
    assert main(["eval", "translation-tells", "--data", str(EVALS / "dev.jsonl")]) == 0
    result = json.loads(capsys.readouterr().out)
    english = result["languages"]["en"]
    assert english["controls"]["false_flags"] == 0 and english["overall"]["recall"] >= 0.9
    for kind, confidence in TRANSLATION_CONFIDENCE.items():
        figures = english["by_kind"].get(kind)
        if figures and figures["predicted"]:
            # a confidence may not claim more than the dev split measures (re-measure after a lexicon change)
            assert figures["precision"] >= confidence, kind
    for language in ("ru", "uk"):
        for kind in ("latin_word", "homoglyph"):
            figures = result["languages"][language]["by_kind"].get(kind)
            if figures and figures["predicted"]:
                assert figures["precision"] >= SLAVIC_CONFIDENCE[kind]


def test_eval_command_names_a_bad_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "mt-1", "language": "en", "text": "VSU", "tells": []}\nnot json\n', encoding="utf-8")
    assert main(["eval", "translation-tells", "--data", str(path)]) == 2
    assert f"{path}:2" in capsys.readouterr().err
