"""Provenance tracing: which stored articles are copies, rewrites or
cross-language rewrites of one another (issue 3). See docs/tracing.md.

    from unspin.trace.fingerprint import fingerprint      # at ingest (the store calls it)
    from unspin.trace.trace import trace, relations_for_corpus, Relative

Modules: ``normalize`` (tokens, sentences, latin name keys), ``skeleton``
(numbers, dates, names, quotes), ``fingerprint`` (MinHash, LSH bands, terms),
``similarity`` (char n-gram TF-IDF, overlaps), ``relate`` (relation and
direction), ``align`` (sentence alignment and changes), ``trace`` (queries),
``metrics`` and ``evaluate`` (``unspin eval trace``).

``trace`` is deliberately not re-exported here: the name would shadow the
``unspin.trace.trace`` module.
"""
