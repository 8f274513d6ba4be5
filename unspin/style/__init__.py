"""Machine-rewrite signals: does this text read as written, or spun out by a model?

Small modules, one job each:

* :mod:`unspin.style.cliches` — the team's lexicon of phrases language models
  over-use ("cannot be overstated", "a stark reminder"), matched with spans;
* :mod:`unspin.style.leftovers` — things a careless pipeline leaves behind: an
  assistant's own sentence ("Here is a rewritten version"), untranslated
  Cyrillic words, Latin/Cyrillic homoglyphs inside a word, Russian-style
  transliterations beside the standard spelling, persona and prompt boilerplate;
* :mod:`unspin.style.translation` — tells of a translation from Russian in
  English copy: calques ("on the territory of"), case endings left on names
  ("in Bakhmute"), untranslated words ("VSU"), surname-first names, Russian
  typography; measured on ``evals/translation_tells``;
* :mod:`unspin.style.slavic` — the leftovers and clichés of machine writing in
  Russian and Ukrainian text;
* :mod:`unspin.style.features` — stylometric features (sentence-length spread,
  vocabulary, punctuation and function-word rates, cliché density), one vector
  per text, the classifier's input;
* :mod:`unspin.style.classifier` — logistic regression over those features,
  trained in ``train/style`` and run here in numpy from
  ``unspin/models/style/model.json``.

The analyzer (``unspin.analyzers.style``) and ``unspin eval machine-text``
put them together.
"""

from unspin.style.cliches import CLICHE_FILE, Cliche, find_cliches, load_cliches
from unspin.style.leftovers import Leftover, find_leftovers

__all__ = ["CLICHE_FILE", "Cliche", "Leftover", "find_cliches", "find_leftovers", "load_cliches"]
