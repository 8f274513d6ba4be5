"""Story pages get aligned sentence pairs for the pairs they show, even when the
corpus-wide relations carry none (``relations_for_corpus`` does not align)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from test_stories_fixtures import corpus_articles, corpus_relations

from unspin.corpus.alignment import with_alignments
from unspin.trace.links import merge_links
from unspin.corpus.stories import build_stories
from unspin.report.trace_html import render_stories_html


def unaligned_relations():
    return [(q, replace(r, aligned=[], changes={})) for q, r in corpus_relations()]


def test_each_shown_pair_is_aligned_once_from_the_downstream_side():
    articles, relations = corpus_articles(), unaligned_relations()
    stories = build_stories(articles, relations)
    calls = []

    def aligner(downstream, upstream):
        calls.append((downstream.id, upstream.id))
        first = downstream.text.split(". ")[0]
        up = upstream.text.split(". ")[0]
        return ([{"query": {"start": 0, "end": len(first), "text": first},
                  "relative": {"start": 0, "end": len(up), "text": up}, "similarity": 0.5}],
                {"downstream": "query", "inserted": [], "invented_quotes": [{"text": "made up", "start": 0, "end": 7}]})

    augmented = with_alignments(stories, articles, relations, aligner)
    shown = {(m.article_id, m.linked_to) for s in stories for m in s.members if m.linked_to}
    assert len(calls) == len(shown)
    assert ("en-1", "ru-1") in calls and ("en-3", "en-1") in calls  # downstream first
    # Merging gives the same links (relation, score, direction) as before.
    before = {k: (l.relation, l.score, l.upstream) for k, l in merge_links(relations).items()}
    after = {k: (l.relation, l.score, l.upstream) for k, l in merge_links(augmented).items()}
    assert before == after
    assert [s.to_dict() for s in build_stories(articles, augmented)] == [s.to_dict() for s in stories]
    document = render_stories_html(stories, articles, augmented)
    assert document.count('<td class="sim">0.5</td>') == len(shown)
    assert "invented quotes (1)" in document
    assert "downstream (1)" not in document  # scalar bookkeeping keys are not listed as changes


def test_pairs_already_aligned_are_left_alone():
    articles, relations = corpus_articles(), corpus_relations()
    stories = build_stories(articles, relations)
    calls = []
    with_alignments(stories, articles, relations, lambda d, u: (calls.append((d.id, u.id)), ([], {}))[1])
    assert ("en-1", "ru-1") not in calls  # the fixture carries alignment for this pair


def test_with_the_tracers_aligner():
    loading = pytest.importorskip("unspin.corpus.loading")
    try:
        aligner = loading.tracer_aligner()
    except ImportError as exc:
        pytest.skip(f"tracer alignment not available yet: {exc}")
    articles, relations = corpus_articles(), unaligned_relations()
    stories = build_stories(articles, relations)
    document = render_stories_html(stories, articles, with_alignments(stories, articles, relations, aligner))
    block = re.search(r'<details class="pair"[^>]*><summary>nynews\.example.*?</details>', document, re.S)
    assert block and re.search(r'<td class="sim">[01](?:\.\d+)?</td>', block.group())
