"""Who is quoted or cited in Russian and Ukrainian text, without a parser: quotes in «…», „…“ and
"…", dialogue dashes, speech verbs (by their pymorphy3 lemma) with their subject before or after
them, "по словам / по данным / как сообщает X" and "за словами / за даними / як повідомляє X",
and reported claims with no source ("сообщается", "повідомляється"). Each source is classed like
the English ones: a person named (pymorphy3 knows first names and surnames), a named body
(capitalised names, acronyms), anonymous ("источник", "джерело", "собеседник"), or described but
unnamed ("местные жители", "военный эксперт"); a pronoun takes the class of the source before it.
"""

from __future__ import annotations

import re

from unspin.morph import require_morph_analyzer
from unspin.slavic import sentences
from unspin.sources.records import (ANONYMOUS, NAMED_ORGANIZATION, NAMED_PERSON, UNATTRIBUTED, UNNAMED_DESCRIBED,
                                    Attribution, SpeakerMention, Source, TextSpan)

SPEECH_LEMMAS = frozenset("""
заявить заявлять сообщить сообщать сказать говорить отметить отмечать подчеркнуть подчёркивать добавить
рассказать рассказывать передать передавать пояснить уточнить признать признавать написать считать указать
заверить предупредить констатировать призвать объявить цитировать утверждать заметить напомнить уверять
сообщиться
писать добавлять объяснить объяснять информировать назвать обратиться попросить исключить
заявити заявляти повідомити повідомляти сказати казати говорити зазначити наголосити додати розповісти
розповідати передати пояснити уточнити визнати написати вважати вказати запевнити попередити закликати
оголосити цитувати стверджувати нагадати писати додавати пояснювати інформувати назвати звернутися
попросити виключити
""".split())
# "по его словам", "за його словами", "на його думку": the source is the pronoun (the last speaker)
POSSESSIVE_CUE = re.compile(
    r"(?<![\w-])(?P<cue>(?:по|за)\s+(?P<pronoun>его|её|ее|их|його|її|їх)\s+(?:словам|словами|данным|даними|"
    r"информации|інформацією|оценкам|оценке|оцінками|оцінкою|мнению)|на\s+(?P<pronoun2>его|її|його|їх)\s+думку)"
    r"(?![\w-])", re.IGNORECASE)
PHRASE_CUE = re.compile(
    r"(?<![\w-])(?P<cue>(?:по|за)\s+(?:словам|словами|данным|даними|информации|інформацією|мнению|оценке|оцінкою)"
    r"|как\s+(?:сообщает|сообщил[аи]?|передает|передаёт|пишет|заявил[аи]?)|як\s+(?:повідомляє|повідомив|повідомила|"
    r"передає|пише|заявив|заявила)|со\s+ссылкой\s+на|з\s+посиланням\s+на|на\s+думку)\s+(?P<source>[^,.;:!?«»\"“”]+)",
    re.IGNORECASE)
HEDGE = re.compile(r"(?<![\w-])(?:сообщается|по\s+имеющимся\s+данным|как\s+стало\s+известно|говорят|пишут|"
                   r"повідомляється|як\s+стало\s+відомо|кажуть|пишуть)(?![\w-])", re.IGNORECASE)
QUOTE = re.compile(r"«(?P<a>[^«»]{3,})»|„(?P<b>[^„“”]{3,})[“”]|\"(?P<c>[^\"]{3,})\"")
ANONYMOUS_MARKERS = re.compile(r"(?<![\w-])(?:источник\w*|собеседник\w*|джерел\w*|співрозмовник\w*|пожелавш\w*|"
                               r"неназванн\w*|анонимн\w*|анонімн\w*)", re.IGNORECASE)
PRONOUNS = frozenset("он она они оно он. він вона вони воно его её их його її їх".split())
ORIGIN_PREPOSITIONS = frozenset({"из", "с", "со", "от", "в", "во", "у", "з", "із", "зі", "від"})
def classify(phrase: str, language: str, previous: Source | None) -> Source:
    words = re.findall(r"[^\W\d_][\w'’ʼ-]*", phrase)
    if not words:
        return Source(UNATTRIBUTED)
    if ANONYMOUS_MARKERS.search(phrase):
        return Source(ANONYMOUS, description=phrase)
    if re.search(r"позывн|позивн", phrase, re.IGNORECASE):  # a call sign names a person
        return Source(NAMED_PERSON, name=phrase.strip(), description=phrase)
    if len(words) <= 2 and words[0].lower() in PRONOUNS:  # "он добавил": the source before it
        if previous is not None:
            return Source(previous.cls, name=previous.name, description=previous.description,
                          refers_to=previous.name or previous.description)
        return Source(UNNAMED_DESCRIBED, description=phrase)
    morph = require_morph_analyzer(language)
    unquoted = re.sub(r"«[^»]*»|\"[^\"]*\"|„[^“”]*[“”]", " ", phrase)
    names = [w for w in re.findall(r"[^\W\d_][\w'’ʼ-]*", unquoted) if w[:1].isupper() and _is_name(morph, w)]
    acronym = any(w.isupper() and len(w) > 1 for w in words)
    # Beside an acronym ("МЗС України", "представитель МЧС России Марина Глебова") only a first name
    # makes a person: a surname-like word there is usually part of the body's name.
    if names and (not acronym or any(_is_name(morph, w, first_only=True) for w in names)):
        return Source(NAMED_PERSON, name=" ".join(names), description=phrase)
    if unquoted != phrase or any(w.isupper() and len(w) > 1 for w in words):
        return Source(NAMED_ORGANIZATION, name=phrase.strip(), description=phrase)  # a quoted name, an acronym
    # A capital opening a sentence is no evidence of a name ("Врачи сообщили"), nor is a place
    # the speakers come from ("Підписники з Павлограда"); a place after a body's name is part of
    # it ("Минобороны России").
    # "жители Горловки": a place after a lowercase noun says where the people are from.
    capitalised = [w for i, w in enumerate(words) if i > 0 and w[:1].isupper()
                   and not ("Geox" in str(morph.parse(w)[0].tag)
                            and (words[i - 1].lower() in ORIGIN_PREPOSITIONS or words[i - 1].islower()))]
    if capitalised or (words[0][:1].isupper() and not morph.word_is_known(words[0].lower())):
        return Source(NAMED_ORGANIZATION, name=phrase.strip(), description=phrase)
    return Source(UNNAMED_DESCRIBED, description=phrase)


def _is_name(morph, word: str, first_only: bool = False) -> bool:
    """A first name (or, unless ``first_only``, a surname) the dictionary knows; guesses for unknown
    words do not count."""
    wanted = ("Name",) if first_only else ("Name", "Surn")
    for parse in morph.parse(word)[:2]:
        grammemes = str(parse.tag)  # the Ukrainian tag set lacks some Russian grammemes: compare as text
        if any(g in grammemes for g in wanted) and parse.is_known:
            return True
    return False


def _no_subject(sentence: str, at: int) -> bool:
    """"Говорят, что…" hedges; "Ребята говорят…" has a subject and is an ordinary attribution."""
    clause = re.split(r"[,—;:]", sentence[:at])[-1]
    return not re.search(r"[^\W\d_]{3,}", clause.replace("как", "").replace("як", ""))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,—–-:\"«»„“”\n":
        start += 1
    while end > start and text[end - 1] in " ,.—–-:;\"«»„“”!?\n":
        end -= 1
    return start, end


def _speech_verbs(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    morph = require_morph_analyzer(language)
    found = []
    for word in re.finditer(r"[^\W\d_][\w'’ʼ-]*", text[start:end]):
        parse = morph.parse(word.group())[0]
        if parse.normal_form in SPEECH_LEMMAS and parse.tag.POS in ("VERB", "GRND", "PRTS"):
            found.append((start + word.start(), start + word.end()))
    return found


def find_attributions_slavic(text: str, language: str) -> list[Attribution]:
    attributions: list[Attribution] = []
    previous: Source | None = None
    previous_attribution: Attribution | None = None
    back_references: list[tuple[Attribution, Attribution]] = []  # (pronoun's attribution, its antecedent's)

    def remember(attribution: Attribution, phrase: str) -> None:
        nonlocal previous, previous_attribution
        words = re.findall(r"[^\W\d_]+", phrase)
        if previous_attribution is not None and len(words) <= 2 and words and words[0].lower() in PRONOUNS:
            back_references.append((attribution, previous_attribution))
        if attribution.source.cls != UNATTRIBUTED:
            previous, previous_attribution = attribution.source, attribution
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        claimed: list[tuple[int, int]] = []
        for m in POSSESSIVE_CUE.finditer(sentence):
            cue = TextSpan(s_start + m.start("cue"), s_start + m.end("cue"))
            pronoun = m.group("pronoun") or m.group("pronoun2")
            at = s_start + (m.start("pronoun") if m.group("pronoun") else m.start("pronoun2"))
            content = _trim(text, s_start + m.end(), s_end)
            if content[1] - content[0] < 3:
                content = _trim(text, s_start, s_start + m.start())
            source = classify(pronoun.replace("его", "он").replace("його", "він"), language, previous)
            attributions.append(Attribution("indirect", TextSpan(*content), cue,
                                            SpeakerMention(TextSpan(at, at + len(pronoun)), -1), source=source))
            remember(attributions[-1], "он")
            claimed.append((cue.start, cue.end))
        for m in PHRASE_CUE.finditer(sentence):
            if any(a <= s_start + m.start() < b for a, b in claimed):
                continue
            cue = TextSpan(s_start + m.start("cue"), s_start + m.end("cue"))
            src = _trim(text, s_start + m.start("source"), s_start + m.end("source"))
            content = _trim(text, s_start + m.end(), s_end)
            if content[1] - content[0] < 3:  # "…, по словам X." closes the sentence: the claim is before
                content = _trim(text, s_start, s_start + m.start())
            source = classify(text[src[0]:src[1]], language, previous)
            attributions.append(Attribution("indirect", TextSpan(*content), cue,
                                            SpeakerMention(TextSpan(*src), -1), source=source))
            claimed.append((cue.start, cue.end))
            remember(attributions[-1], text[src[0]:src[1]])
        hedges = [(s_start + m.start(), s_start + m.end()) for m in HEDGE.finditer(sentence) if _no_subject(sentence, m.start())]
        quote = QUOTE.search(sentence)
        for verb_start, verb_end in _speech_verbs(text, s_start, s_end, language):
            if any(a <= verb_start < b for a, b in hedges):
                continue
            if any(a <= verb_start < b for a, b in claimed):
                continue
            before = text[s_start:verb_start]
            after_end = min([i for i in (text.find(c, verb_end, s_end) for c in ",.;!?«\"") if i != -1] or [s_end])
            after = text[verb_end:after_end]
            # The speaker: the words after an inverted verb ("…, — заявил губернатор"), else the
            # subject before it, from the last clause boundary
            left_cut = max(before.rfind(","), before.rfind("—"), before.rfind("»"), before.rfind("\""), -1) + 1
            if (re.search(r"[,—]\s*$", before) or re.fullmatch(r"\s*(?:как|як)\s*", before[left_cut:], re.IGNORECASE)) \
                    and re.search(r"[^\W\d_]", after):
                speaker = _trim(text, verb_end, after_end)
                content = _trim(text, s_start, s_start + left_cut - 1 if left_cut else verb_start)
            else:
                speaker = _trim(text, s_start + left_cut, verb_start)
                rest_start = verb_end
                that = re.search(r"(?<![\w-])(?:что|що|о|об|про)\s", text[verb_end:s_end])
                if that:
                    rest_start = verb_end + that.end()
                content = _trim(text, rest_start, s_end)
            if quote and quote.start() + s_start >= verb_end - 2:
                group = next(g for g in ("a", "b", "c") if quote.group(g))
                content = (s_start + quote.start(group), s_start + quote.end(group))
            elif quote and quote.end() + s_start <= verb_start:
                group = next(g for g in ("a", "b", "c") if quote.group(g))
                content = (s_start + quote.start(group), s_start + quote.end(group))
            if content[1] - content[0] < 3:
                continue
            phrase = text[speaker[0]:speaker[1]]
            source = classify(phrase, language, previous) if phrase.strip() else Source(UNATTRIBUTED)
            kind = "direct" if quote else "indirect"
            attributions.append(Attribution(kind, TextSpan(*content), TextSpan(verb_start, verb_end),
                                            SpeakerMention(TextSpan(*speaker), -1) if phrase.strip() else None,
                                            source=source))
            remember(attributions[-1], phrase)
        for m in HEDGE.finditer(sentence):
            start = s_start + m.start()
            if any(a <= start < b for a, b in claimed) or not _no_subject(sentence, m.start()):
                continue
            after = re.match(r"[\s,]*(?:что|що)\s", text[s_start + m.end():s_end])  # "Сообщается, что …"
            content = _trim(text, s_start + m.end() + (after.end() if after else 0), s_end)
            if content[1] - content[0] < 3:
                content = _trim(text, s_start, start)
            attributions.append(Attribution("indirect", TextSpan(*content), TextSpan(start, s_start + m.end()),
                                            None, source=Source(UNATTRIBUTED)))
    for number, attribution in enumerate(sorted(attributions, key=lambda a: (a.cue or a.content).start), 1):
        attribution.id = f"a{number}"
    for pronoun, antecedent in back_references:  # "он добавил" joins the source it points back to
        pronoun.source.refers_to = antecedent.source.name or antecedent.source.refers_to or antecedent.id
    return sorted(attributions, key=lambda a: (a.cue or a.content).start)
