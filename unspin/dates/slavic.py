"""Date expressions in Russian and Ukrainian, resolved against the publication date.

Month names in every case ("12 декабря", "в декабре", "до 9 мая", "2 березня", "у грудні"), full
and numeric dates, "в ночь на 5 марта" / "в ніч на 5 березня", the relative days ("вчера",
"накануне", "позавчора", "напередодні", "сьогодні") and weekdays ("в пятницу", "у п'ятницю"),
and vague spans ("на прошлой неделе", "минулого місяця") kept unresolved. The tense that decides
"the last Friday" or "the next one", and past or future for a date without a year, comes from the
verb nearest the expression in its sentence (pymorphy3's Russian and Ukrainian dictionaries).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from unspin.dates.expressions import WEEKDAYS, DateMention
from unspin.morph import morph_analyzer

# Month stems: the stem is followed by any case ending (января, январе, январь; січня, січні).
# Each month with its case endings spelt out, so that "Липецке", "травма" or "червоний" are no months.
_RU_SOFT, _RU_HARD, _UK = "(?:ь|я|е|ю|ём|ем)", "(?:|а|е|у|ом)", "(?:ень|ня|ні|нем|нею)"
MONTH_STEMS = [
    (f"январ{_RU_SOFT}", f"січ{_UK}"), (f"феврал{_RU_SOFT}", "лют(?:ий|ого|ому|им)"), (f"март{_RU_HARD}", f"берез{_UK}"),
    (f"апрел{_RU_SOFT}", f"квіт{_UK}"), ("ма(?:й|я|е|ю|ем)", f"трав{_UK}"), (f"июн{_RU_SOFT}", f"черв{_UK}"),
    (f"июл{_RU_SOFT}", f"лип{_UK}"), (f"август{_RU_HARD}", f"серп{_UK}"), (f"сентябр{_RU_SOFT}", f"верес{_UK}"),
    (f"октябр{_RU_SOFT}", f"жовт{_UK}"), (f"ноябр{_RU_SOFT}", "листопад(?:|а|і|ом)"), (f"декабр{_RU_SOFT}", f"груд{_UK}"),
]
_MONTH_ALTERNATIVES = "|".join(f"(?P<m{i}>(?:{ru}|{uk})(?![\\w-]))" for i, (ru, uk) in enumerate(MONTH_STEMS, 1))
MONTH = f"(?:{_MONTH_ALTERNATIVES})"
YEAR_WORD = r"(?:\s*(?:года|году|год|г\.|року|рік|р\.))?"
NIGHT = r"(?:(?:в|у)\s+ночь\s+(?:с\s+\d{1,2}\s+)?на|(?:в|у)\s+ніч\s+(?:з\s+\d{1,2}\s+)?на|(?:в|у)\s+ніч\s+проти)\s+"
DAY_MONTH = re.compile(
    rf"(?P<night>{NIGHT})?\b(?P<day>[0-3]?\d)(?:-?(?:го|е|ого))?\s+{MONTH}"
    rf"(?:\s+(?P<year>(?:19|20)\d\d)\b{YEAR_WORD})?", re.IGNORECASE)
NUMERIC = re.compile(r"(?<![\d.:])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)?\d\d)(?![\d.]\d)")
RELATIVE = {
    "позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2, "накануне": -1,
    "позавчора": -2, "вчора": -1, "учора": -1, "сьогодні": 0, "післязавтра": 2, "напередодні": -1,
}
RELATIVE_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(RELATIVE, key=len, reverse=True)) + r")(?![\w-])",
                         re.IGNORECASE)
WEEKDAY_FORMS = [  # Monday .. Sunday, the accusative after в/у/во
    ("понедельник", "понеділок"), ("вторник", "вівторок"), ("среду", "середу"), ("четверг", "четвер"),
    ("пятницу", "п['’ʼ]?ятницю"), ("субботу", "суботу"), ("воскресенье", "неділю"),
]
WEEKDAY_GENITIVE = [  # after "с"/"з" in "в ночь с субботы на воскресенье", and "прошлой среды"
    ("понедельника", "понеділка"), ("вторника", "вівторка"), ("среды", "середи"), ("четверга", "четверга"),
    ("пятницы", "п['’ʼ]?ятниці"), ("субботы", "суботи"), ("воскресенья", "неділі"),
]
_ANY_GENITIVE = "|".join(f"{ru}|{uk}" for ru, uk in WEEKDAY_GENITIVE)
WEEKDAY_RE = re.compile(
    r"(?<![\w-])(?:(?P<night>(?:в|у)\s+(?:ночь|ніч)\s+(?:(?:с|з)\s+(?:" + _ANY_GENITIVE + r")\s+)?на)\s+|"
    r"(?:в|во|у|на)\s+|(?<=\sи\s)|(?<=\sі\s)|(?<=\sй\s)|(?<=\sта\s))"
    r"(?P<last>(?:прошл(?:ый|ую|ое)|минувш(?:ий|ую|ее)|минул(?:ий|у|ого)|минулої)\s+)?(?:"
    + "|".join(f"(?P<w{i}>{ru}|{uk})" for i, (ru, uk) in enumerate(WEEKDAY_FORMS)) + r")(?![\w-])", re.IGNORECASE)
# "прошлой среды", "минулого четверга", "минулої неділі": the last such day, in the genitive
WEEKDAY_PAST_GENITIVE = re.compile(
    r"(?<![\w-])(?:прошл(?:ого|ой)|минувш(?:его|ей)|минулого|минулої)\s+(?:"
    + "|".join(f"(?P<w{i}>{ru}|{uk})" for i, (ru, uk) in enumerate(WEEKDAY_GENITIVE)) + r")(?![\w-])", re.IGNORECASE)
VAGUE_RE = re.compile(
    r"(?<![\w-])(?:на\s+прошлой\s+неделе|в\s+прошлом\s+месяце|в\s+прошлом\s+году|на\s+этой\s+неделе|"
    r"минулого\s+тижня|на\s+минулому\s+тижні|минулого\s+місяця|минулого\s+року|цього\s+тижня|"
    r"на\s+цьому\s+тижні|(?:за|в|на)\s+(?:минувшие\s+|прошлые\s+|эти\s+)?выходные|на\s+(?:минулих\s+)?вихідних|"
    r"за\s+вихідні|с\s+начала\s+(?:года|месяца|недели)|з\s+початку\s+(?:року|місяця|тижня)|"
    r"до\s+конца\s+(?:недели|месяца|года)|до\s+кінця\s+(?:тижня|місяця|року|(?:19|20)\d\d-го)|"
    r"в\s+этом\s+(?:году|месяце)|цього\s+(?:року|місяця))(?![\w-])", re.IGNORECASE)
# A month without a day: "в январе", "у грудні", "с октября прошлого года", "Ноябрь" opening a sentence.
# Май and Март(а) stand alone only after a preposition: as bare words they are names and call signs.
MONTH_ONLY_RE = re.compile(
    rf"(?<![\w-])(?:(?:(?:в|во|у|с|з|до|к|по)\s+){MONTH}(?:\s+(?:прошлого|этого|следующего|минулого|цього)\s+(?:года|року))?"
    rf"(?:\s+(?:19|20)\d\d{YEAR_WORD})?)(?![\w-])", re.IGNORECASE)
MONTH_NOMINATIVE_RE = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))(?:Январь|Февраль|Апрель|Июнь|Июль|Август|Сентябрь|Октябрь|Ноябрь|Декабрь|"
    r"Січень|Березень|Квітень|Травень|Червень|Липень|Серпень|Вересень|Жовтень|Грудень)(?![\w-])")
# Nights without a date: "минувшей ночью", "сегодня ночью" (the night before publication day), and
# New Year's night (1 January).
NIGHT_WORDS_RE = re.compile(
    r"(?<![\w-])(?P<last>минувшей\s+ночью|прошлой\s+ночью|этой\s+ночью|сегодня\s+ночью|минулої\s+ночі|"
    r"сьогодні\s+вночі|цієї\s+ночі|минулої\s+ночі)|(?P<newyear>(?:в|у)\s+(?:новогоднюю\s+ночь|новорічну\s+ніч))(?![\w-])",
    re.IGNORECASE)
NUMERIC_SHORT = re.compile(r"(?<![\w.])(?P<prep>с|со|на|до|по|от|к|з|від|за)\s+(?P<day>[0-3]?\d)\.(?P<month>[01]\d)(?!\d|\.\d)",
                           re.IGNORECASE)
DEADLINE_BEFORE = re.compile(r"(?<![\w-])(?:до|на|к|не\s+позднее|не\s+пізніше)\s*$", re.IGNORECASE)
AS_OF_BEFORE = re.compile(r"(?:станом|состоянию|по\s+данным\s+на)\s+на?\s*$", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![\w.-])(?:(?:в|у|с|з|до)\s+)?(?P<year>(?:19|20)\d\d)\s*(?:году|года|год|році|року|рік|г\.|р\.)",
                     re.IGNORECASE)
# "улица 8 Марта", "площадь 1 Мая": a holiday in a street name, not a date.
STREET_BEFORE = re.compile(r"(?:улиц[аеуы]|ул\.|площад[ьи]|проспект[аеу]?|переул[оке]к?|вулиц[яіюї]|вул\.)\s*$",
                           re.IGNORECASE)
FUTURE_WORDS = re.compile(r"(?<![\w-])(?:будет|будут|буде|будуть|планиру\w*|плану\w*|намечен\w*|"
                          r"состоится|відбудеться|пройдет|пройде|ожида\w*|очіку\w*)(?![\w-])", re.IGNORECASE)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(mark, 0, start) for mark in (".", "!", "?", "\n")) + 1
    rights = [i for i in (text.find(mark, end) for mark in (". ", "!", "?", "\n")) if i != -1]
    return left, (min(rights) + 1 if rights else len(text))


def tense_near(text: str, start: int, end: int, language: str) -> str | None:
    """"past", "future" or None: the tense of the verb nearest the expression in its sentence."""
    left, right = sentence_bounds(text, start, end)
    sentence = text[left:right]
    if FUTURE_WORDS.search(sentence):
        return "future"
    morph = morph_analyzer(language)
    if morph is None:  # without the dictionaries, read everything as past (news)
        return None
    best: tuple[int, str] | None = None
    for word in re.finditer(r"[^\W\d_][\w'’ʼ-]*", sentence):
        parses = morph.parse(word.group())
        if not parses:
            continue
        tag = parses[0].tag
        if tag.POS not in ("VERB",) or tag.tense is None:
            continue
        tense = "past" if tag.tense == "past" else "future" if tag.tense == "futr" else None
        if tense is None:
            continue
        distance = abs((left + word.start()) - start)
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None


# Verbs of extending, scheduling and postponing: "продлены до 9 мая", "уряд продовжив … до 31
# березня", "назначено на 1 сентября" point ahead whatever their own tense.
PROSPECTIVE_LEMMAS = frozenset({
    "продлить", "продлевать", "продлённый", "продлеваться", "назначить", "назначенный", "назначать",
    "перенести", "перенесённый", "переносить", "запланировать", "запланированный", "отложить", "отложенный",
    "продовжити", "продовжувати", "продовжений", "призначити", "призначений", "перенесений", "запланувати",
    "запланований", "відкласти", "відкладений", "подовжити", "подовжений",
})


def deadline_ahead(text: str, start: int, end: int, language: str) -> bool:
    """For "до"/"на"/"к" + a date without a year: ahead of publication, unless the sentence tells
    it as past ("до 10 января поступило 800 заявлений", "пришлась на 27 ноября")."""
    left, right = sentence_bounds(text, start, end)
    morph = morph_analyzer(language)
    if morph is None:
        return True
    past = False
    for word in re.finditer(r"[^\W\d_][\w'’ʼ-]*", text[left:right]):
        parse = morph.parse(word.group())[0]
        if parse.normal_form in PROSPECTIVE_LEMMAS:
            return True
        if parse.tag.POS == "VERB" and parse.tag.tense == "past":
            past = True
    return not past


def _last_weekday(published: date, weekday: int) -> date:
    """The latest such weekday before publication day ("в пятницу" told in the past)."""
    return published - timedelta(days=(published.weekday() - weekday) % 7 or 7)


def _next_weekday(published: date, weekday: int) -> date:
    return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)


def _month_of(match: re.Match) -> int:
    return next(i for i in range(1, 13) if match.group(f"m{i}"))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date, future: bool) -> date | None:
    """The most recent such day on or before publication, or the next one for a future clause."""
    for year in ((published.year, published.year + 1) if future else (published.year, published.year - 1)):
        candidate = _safe_date(year, month, day)
        if candidate is None:
            continue
        if (future and candidate >= published) or (not future and candidate <= published):
            return candidate
    return _safe_date(published.year, month, day)


def find_dates_slavic(text: str, published: date | None, language: str) -> list[DateMention]:
    """Every date expression in a Russian or Ukrainian text, resolved where it can be."""
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(mention: DateMention) -> None:
        mentions.append(mention)
        taken.append((mention.start, mention.end))

    for m in DAY_MONTH.finditer(text):
        month_word = text[m.start("day"):m.end()].split()[1]
        if month_word[:1].isupper() and STREET_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue  # "улица 8 Марта": a street named after a holiday
        day, month = int(m.group("day")), _month_of(m)
        explicit = m.group("year") is not None
        mention = DateMention(m.start(), m.end(), m.group(0), "night" if m.group("night") else "day-month",
                              explicit_year=explicit)
        if explicit:
            mention.start_date = _safe_date(int(m.group("year")), month, day)
            mention.rule = "explicit"
            if mention.start_date is None:
                mention.invalid = f"{month:02d}-{day:02d} does not exist in {m.group('year')}"
        elif published is not None:
            before = text[max(0, m.start() - 30):m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))]
            lead = m.group(0)[:m.start("day") - m.start()]
            deadline = (not m.group("night") and bool(DEADLINE_BEFORE.search(before + lead))
                        and not AS_OF_BEFORE.search(before + lead))
            future = (deadline_ahead(text, m.start(), m.end(), language) if deadline
                      else tense_near(text, m.start(), m.end(), language) == "future")
            mention.start_date = _infer_year(month, day, published, future)
            mention.relative_to, mention.rule = published, "year-inferred" + ("-deadline" if deadline else "")
        else:
            mention.rule = "unresolved-no-publication-date"
        mention.end_date = mention.start_date
        add(mention)

    for m in NUMERIC.finditer(text):
        if not free(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 3):m.start()].strip().lower()
        if before in ("в", "о", "об"):
            continue  # "в 10.05": a time of day
        year = int(m.group("year"))
        year = year + 2000 if year < 100 else year
        value = _safe_date(year, int(m.group("month")), int(m.group("day")))
        if value is None:
            continue
        add(DateMention(m.start(), m.end(), m.group(0), "numeric", start_date=value, end_date=value,
                        rule="explicit", explicit_year=True))

    for m in NUMERIC_SHORT.finditer(text):
        start = m.start("day")
        if not free(start, m.end()) or published is None:
            continue
        day, month = int(m.group("day")), int(m.group("month"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        prep = m.group("prep").lower()
        deadline = prep in ("до", "на", "к") and not AS_OF_BEFORE.search(text[max(0, m.start() - 20):m.start() + 3])
        future = (deadline_ahead(text, start, m.end(), language) if deadline
                  else tense_near(text, start, m.end(), language) == "future")
        value = _infer_year(month, day, published, future)
        if value is not None:
            add(DateMention(start, m.end(), text[start:m.end()], "numeric", start_date=value, end_date=value,
                            rule="year-inferred", relative_to=published))

    for m in RELATIVE_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        word = m.group(1).lower()
        mention = DateMention(m.start(), m.end(), m.group(0), "relative-day", granularity="day")
        anchor = None
        if word in ("накануне", "напередодні"):
            # "накануне 9 мая": the day before the date that follows it directly; "29 марта …, а
            # накануне": the day before an earlier date of the same sentence; "Накануне, 29 февраля"
            # (a comma: the date restates it) and "накануне" alone: the day before publication
            following = [x for x in mentions if x.start_date and x.start >= m.end()
                         and text[m.end():x.start].strip() == "" and x.start - m.end() <= 3]
            left, _ = sentence_bounds(text, m.start(), m.end())
            preceding = [x for x in mentions if x.start_date and left <= x.start and x.end <= m.start()
                         and x.granularity == "day"]
            anchor = following[0] if following else (preceding[-1] if preceding else None)
        if anchor is not None:
            mention.start_date = anchor.start_date - timedelta(days=1)
            mention.anchor_text, mention.rule = anchor.text, "relative-to-date"
        elif published is not None:
            mention.start_date = published + timedelta(days=RELATIVE[word])
            mention.relative_to, mention.rule = published, "relative-to-publication"
        else:
            mention.rule = "unresolved-no-publication-date"
        mention.end_date = mention.start_date
        add(mention)

    for m in WEEKDAY_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        weekday = next(i for i in range(7) if m.group(f"w{i}"))
        dated = [x for x in mentions if x.start >= m.end() and text[m.end():x.start].strip(" ,") == ""
                 and x.kind in ("day-month", "numeric", "night")]
        if dated:
            # "в пятницу, 12 декабря": one expression; the weekday it states is checked against the date
            target = dated[0]
            taken.remove((target.start, target.end))
            target.start, target.text, target.weekday = m.start(), text[m.start():target.end], WEEKDAYS[weekday]
            taken.append((target.start, target.end))
            continue
        mention = DateMention(m.start(), m.end(), m.group(0), "weekday")
        if published is not None:
            future = not m.group("last") and tense_near(text, m.start(), m.end(), language) == "future"
            mention.start_date = _next_weekday(published, weekday) if future else _last_weekday(published, weekday)
            mention.relative_to, mention.rule = published, "weekday-" + ("next" if future else "last")
            mention.confidence = 0.7
            if m.group("night"):
                mention.kind = "night"
        else:
            mention.rule = "unresolved-no-publication-date"
        mention.end_date = mention.start_date
        add(mention)

    for m in WEEKDAY_PAST_GENITIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        weekday = next(i for i in range(7) if m.group(f"w{i}"))
        value = _last_weekday(published, weekday) if published else None
        add(DateMention(m.start(), m.end(), m.group(0), "weekday", start_date=value, end_date=value,
                        relative_to=published, rule="weekday-last" if value else "unresolved-no-publication-date",
                        confidence=0.7))

    for m in NIGHT_WORDS_RE.finditer(text):
        if not free(m.start(), m.end()) or published is None:
            continue
        if m.group("newyear"):
            value = date(published.year, 1, 1)
        else:
            value = published
        add(DateMention(m.start(), m.end(), m.group(0), "night", start_date=value, end_date=value,
                        relative_to=published, rule="night-before-publication" if not m.group("newyear") else "new-year"))

    for pattern, kind in ((VAGUE_RE, "vague"), (MONTH_ONLY_RE, "month"), (MONTH_NOMINATIVE_RE, "month"),
                          (YEAR_RE, "year")):
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                add(DateMention(m.start(), m.end(), m.group(0).strip(), kind, granularity=kind,
                                rule="not-a-day"))

    mentions.sort(key=lambda x: x.start)
    return mentions
