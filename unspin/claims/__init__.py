"""Check-worthy claims: score sentences, and say what each claim is about.

Modules: ``features`` (TF-IDF n-grams, shared with training), ``model`` (the
shipped logistic regression, numpy inference), ``data`` (CheckThat! TSV
files), ``scoring`` (an article's sentences with scores), ``events`` (event
lexicon), ``structure`` (who / event / where / when / attribution of a
claim), ``probes`` (sentences for the model-equality test).

Nothing heavy is imported here: the training script imports ``features``
and ``data`` from a venv without spaCy.
"""
