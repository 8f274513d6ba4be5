"""Rule: a salient phrase said again and again in one article -> Repetition.

Repetition is the one technique defined by the whole article rather than a
sentence, which a 256-token window cannot see; so it is found by counting.
A phrase is a run of 1..``max_words`` words, compared case-insensitively.
Salient means: it has a content word (not a stop word, at least 4 letters),
it does not start or end on a stop word, and it is not a proper name (names
recur in any news story without being a persuasion technique: a phrase whose
words are all capitalised mid-sentence is skipped). Single words must occur
``min_count_word`` times, longer phrases ``min_count_phrase`` times. Every
occurrence is marked; a phrase inside a longer repeated phrase with the same
occurrences is not marked twice.
"""

from __future__ import annotations

import re
from collections import defaultdict

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves said says say according told one two new mr ms
people time year years like get got make made many much even still well back way
""".split())

CONFIDENCE = 0.5  # a rule, not a calibrated score: shown as "medium" confidence


def _is_name(tokens: list[tuple[str, int, int]], text: str) -> bool:
    # all words capitalised and none at the start of a sentence -> a proper name
    for word, start, _ in tokens:
        if not word[0].isupper():
            return False
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?\"“\n":
            return False
    return True


def repetition_spans(text: str, max_words: int = 2, min_count_word: int = 2,
                     min_count_phrase: int = 2,
                     anchors: list[tuple[int, int]] | None = None) -> list[tuple[str, int, int, float]]:
    """Repetition spans ``(label, start, end, confidence)``.

    With ``anchors`` (character ranges the tagger marked as charged language),
    a phrase counts only if one of its occurrences overlaps an anchor: on dev,
    bare counting marks every repeated topic word and is far too noisy.
    """
    words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]
    keys = [w.lower().replace("’", "'") for w, _, _ in words]
    occurrences: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n in range(1, max_words + 1):
        for i in range(len(words) - n + 1):
            gram = tuple(keys[i:i + n])
            if gram[0] in STOP or gram[-1] in STOP:
                continue
            if not any(len(g) >= 4 and g not in STOP for g in gram):
                continue
            occurrences[gram].append(i)
    chosen: list[tuple[int, int]] = []
    # longest phrases first, so a shorter phrase only inside them adds nothing
    for gram, starts in sorted(occurrences.items(), key=lambda kv: -len(kv[0])):
        n = len(gram)
        if len(starts) < (min_count_word if n == 1 else min_count_phrase):
            continue
        if any(_is_name(words[i:i + n], text) for i in starts):
            continue
        spans = [(words[i][1], words[i + n - 1][2]) for i in starts]
        if anchors is not None and not any(a < d and c < b for a, b in spans for c, d in anchors):
            continue
        fresh = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in chosen)]
        if len(fresh) >= 2:
            chosen.extend(fresh)
    return [("Repetition", a, b, CONFIDENCE) for a, b in sorted(set(chosen))]
