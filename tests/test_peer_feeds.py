"""Our feed parsing against feedparser's own test corpus, which nobody here wrote.

The corpus is read from $MONITOR_PEER_FEEDS (default ``<repo>/../shared/peer-feeds``); these
tests skip, saying where they looked, when it is absent. See tests/peer_corpus.py for how each
document is served and compared.
"""

from __future__ import annotations

import ast
from functools import cache

import pytest

from tests.peer_corpus import (
    Doc,
    Figures,
    Refused,
    View,
    check,
    conjuncts,
    corpus_files,
    corpus_root,
    evaluate,
    expect_holds_on_feedparser,
    load,
    run,
)


@cache
def _docs() -> tuple[Doc, ...]:
    return tuple(load(p) for p in corpus_files())


@cache
def _figures() -> Figures:
    return run(list(_docs()))


def _need_corpus() -> None:
    if not _docs():
        pytest.skip(
            f"peer feed corpus not found at {corpus_root() / 'feedparser' / 'tests'} "
            "(set MONITOR_PEER_FEEDS to the peer-feeds folder)"
        )


def test_no_document_crashes_the_parser() -> None:
    _need_corpus()
    figures = _figures()
    assert figures.documents > 2000
    assert figures.crashes == []


def test_fast_path_gives_feedparsers_items_on_every_document_it_accepts() -> None:
    """Field by field: GUID, link, title, summary, text, published, language of every item,
    and the feed's title, TTL, language and warning."""
    _need_corpus()
    figures = _figures()
    assert figures.disagreements == []
    # the fast path must still be a fast path: it takes the plain documents of the corpus
    assert figures.fast_accepted > 500


def test_feedparsers_expect_clauses_on_our_fields_hold_on_the_full_entry_point() -> None:
    _need_corpus()
    figures = _figures()
    assert figures.clause_failures == []
    assert figures.clauses_mapped > 600  # the mapping still maps what it mapped


def test_the_harness_serves_documents_as_feedparsers_own_does() -> None:
    """Whole Expect expressions on feedparser alone: nearly all hold (those that fail need
    chardet or a newer feedparser than the one installed), so the headers, addresses and
    reading of the comments here are feedparser's harness's."""
    _need_corpus()
    results = [expect_holds_on_feedparser(doc) for doc in _docs()]
    evaluated = [r for r in results if r is not None]
    assert len(evaluated) > 2000
    assert evaluated.count(False) <= 25


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",
        "feed.__class__",
        "feed._private",
        "(lambda: 1)()",
        "open('/etc/passwd')",
        "[x for x in entries]",
        "feed.title.upper",
        "nothing_known == 1",
        "entries[0:1]",
    ],
)
def test_the_evaluator_refuses_everything_but_plain_access(expression: str) -> None:
    env = {"feed": {"title": "T"}, "entries": [{"title": "A"}]}
    with pytest.raises((Refused, TypeError)):
        evaluate(expression, env)


def test_the_evaluator_reads_clauses_like_feedparsers_harness() -> None:
    env = {"bozo": False, "feed": {"title": "T"}, "entries": [{"title": "A", "n": -1}]}
    assert evaluate("not bozo and feed['title'] == 'T' and entries[0].title == u'A'", env)
    assert evaluate("feed.title == 'X' or entries[0]['n'] == -1", env)
    assert not evaluate("entries[0]['title'] != 'A'", env)
    assert evaluate("'T' in feed.title and (1, 2) == (1, 2)", env)


def test_clauses_map_onto_our_fields_through_our_transformations() -> None:
    """An expected HTML value is compared as the text we keep; what we do not keep (bozo,
    encodings, authors) is not mapped at all."""
    from datetime import UTC, datetime

    from monitor.types import Item

    item = Item(source="S", guid="http://x.example/1", url="http://x.example/1",
                title="Bold title", summary="", text="Hello world", fetched_at=datetime.now(UTC),
                published=datetime(2004, 1, 2, 3, 4, 5, tzinfo=UTC), language="en")  # fmt: skip
    view = View("Feed", 30, "en", [item])
    clauses = conjuncts(
        "not bozo and entries[0]['title'] == '<b>Bold</b> title' and "
        "entries[0].content[0].value == '<p>Hello <i>world</i></p>' and "
        "entries[0]['published_parsed'] == (2004, 1, 2, 3, 4, 5, 4, 2, 0) and "
        "feed['ttl'] == '30' and entries[0]['description'] == 'Hello world' and "
        "entries[0].author == 'me'"
    )
    results = []
    for clause in clauses:
        try:
            results.append(check(clause, view))
        except Exception as exc:  # Unmapped
            results.append(type(exc).__name__)
    assert results == ["Unmapped", True, True, True, True, True, "Unmapped"]
    assert not check(ast.parse("entries[0]['link'] == 'http://x.example/2'", mode="eval").body,
                     view)  # fmt: skip
