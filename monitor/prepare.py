"""What a parsing worker does to a document: bytes → items, each prepared for judging.

A big poll parses in worker processes (see Pipeline._cpu). This module is all a worker needs
— parsers, matcher rules, text analysis — and nothing of the archive, the fetcher or the
service (SQLAlchemy, aiohttp): each worker imports it when it starts, and importing
monitor.pipeline there cost more than a second of CPU per worker, paid in every first poll.
The same functions run in a thread for a small poll.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from monitor.canon import canonical_url
from monitor.cluster import Signature, signature
from monitor.config import SourceConfig
from monitor.match import Matcher
from monitor.similar import term_counts, vector
from monitor.text import fingerprint, headline_before, shingle_sets, words
from monitor.types import Item, TopicMatch

# The parsers (feedparser, BeautifulSoup, lxml.html) are imported by the first document to
# parse, not with this module: the polling process imports it too, and a poll in which every
# outlet answers 304 parses nothing. A worker loads them when it starts (init_worker).
if TYPE_CHECKING:
    from monitor.parse import ParsedFeed
    from monitor.parse.article import Article


@dataclass(frozen=True, slots=True)
class Prepared:
    fingerprint: str
    promising: bool  # Matcher.may_match
    words: int
    canonical: str | None
    analysis: Analysis | None = None  # for promising entries, when a worker had the time
    # The language guessed from the text of a promising entry that had none (monitor.language):
    # the entry is judged, stored and clustered with it (``tagged``).
    language: str | None = None

    def __reduce__(self) -> tuple[type[Prepared], tuple[object, ...]]:  # see Item.__reduce__
        return Prepared, (self.fingerprint, self.promising, self.words, self.canonical,
                          self.analysis, self.language)  # fmt: skip

    def tagged(self, item: Item) -> Item:
        """``item`` with the language guessed while preparing it, if one was."""
        return replace(item, language=self.language) if self.language else item


@dataclass(frozen=True, slots=True)
class Analysis:
    """The costly, text-only part of judging a promising entry, done where the text is parsed
    (a worker process in a big poll) so the event loop's thread only asks the archive."""

    shingles: set[int]
    keys: set[int]  # the shingles the archive indexes (text.shingle_sets)
    scores: list[TopicMatch]  # Matcher.term_scores: the examples are applied in the judge
    vector: dict[str, float]  # for the examples
    signature: Signature  # for clustering, used if the entry turns out on topic


def prepare_one(
    item: Item,
    matcher: Matcher,
    tokens: list[str] | None = None,
    *,
    domain: frozenset[str] | None = None,
) -> Prepared:
    """``domain``: also analyse a promising entry (see Analysis) with these beat terms."""
    toks = tokens if tokens is not None else words(f"{item.title}\n{item.body}")
    judged = judged_text(item)
    if judged is item.body and not item.outlet:
        promising = matcher.may_match(item.title, judged, toks, item.language)
    else:
        promising = matcher.may_match(judged_title(item), judged, None, item.language)
    language = None
    if promising and not item.language:
        # Untagged and perhaps on the beat: its language decides its stems and false friends.
        from monitor.language import guess_language

        language = guess_language(f"{judged_title(item)}\n{judged}")
        item = replace(item, language=language) if language else item
    return Prepared(
        fingerprint(item.title, item.body, toks),
        promising,
        len(toks),
        canonical_url(item.url),
        analyse(item, matcher, domain, toks) if promising and domain is not None else None,
        language,
    )


def judged_title(item: Item) -> str:
    """The title relevance is judged on: without the outlet's name when a news-search feed
    says whose the entry is (``Item.outlet``): "… - High North News" is not the High North."""
    head = headline_before(item.title, item.outlet)
    return item.title if head is None else head


def judged_text(item: Item) -> str:
    """What relevance is judged on besides the title: the body, and the feed's summary too when
    an article page was fetched and does not repeat it (issue #28, class 4: a teaser's page
    may be a paywalled stub or a redirect page; its summary still says what it is about).
    Without the outlet's name, when a news-search feed names it (its blurb repeats it)."""
    if item.text and item.summary and item.summary.strip()[:200] not in item.text:
        body = f"{item.summary}\n{item.text}"
    else:
        body = item.body
    return body.replace(item.outlet, " ") if item.outlet else body


def analyse(
    item: Item, matcher: Matcher, domain: frozenset[str], tokens: list[str] | None = None
) -> Analysis:
    """``tokens``: ``text.words`` of title + "\\n" + body, when the caller has them (split
    once: for the fingerprint, the terms and the signature's event words)."""
    title, body = item.title, item.body
    if item.outlet:
        # A news search's entry: its headline and blurb name the outlet ("… - The Barents
        # Observer"), which is not what the article says: in its vector and its names that
        # outlet linked reports of other events by the same outlet (bench/blackbox.py).
        title, body, tokens = judged_title(item), judged_text(item), None
    both = f"{title}\n{body}"
    if tokens is None:
        tokens = words(both)
    counts = term_counts(both, tokens)  # the vector and the signature's terms count the same words
    return Analysis(
        *shingle_sets(item.body),
        matcher.term_scores(judged_title(item), judged_text(item), item.language),
        vector(both, counts=counts),
        signature(title, body, domain, counts, tokens, item.language),
    )


_worker_matcher: Matcher | None = None
_worker_domain: frozenset[str] = frozenset()


_worker_args: tuple[Sequence[Any], frozenset[str]] | None = None


def init_worker(topics: Sequence[Any], domain: frozenset[str]) -> None:
    """Also called in the polling process when its workers are gone or busy, once a call:
    the rules are compiled again only for other topics."""
    global _worker_matcher, _worker_domain, _worker_args
    if _worker_args is not None and _worker_args[0] is topics and _worker_args[1] is domain:
        return
    import monitor.parse.article
    import monitor.parse.page  # noqa: F401  (a worker's parsers, loaded before its first call)

    _worker_matcher = Matcher(topics)  # the rules only: the examples are applied in the judge
    _worker_domain = domain
    _worker_args = (topics, domain)


def parse_and_prepare(
    source: SourceConfig,
    content: bytes,
    content_type: str | None,
    base: str,
    now: datetime,
    skip: frozenset[str] = frozenset(),
    headers: Mapping[str, str] | None = None,
) -> tuple[ParsedFeed, list[Prepared], tuple[str, ...]]:
    """In a worker process: parse, then split, fingerprint and pre-filter every entry (and
    analyse the promising ones that will not be replaced by their article page), so the event
    loop's thread is left with the archive's questions and writes.

    ``skip``: GUIDs the last poll of this source stored: those entries are left out of the
    answer (a trickle poll sends back its 2 new entries, not all 50). Returns the feed with
    the other entries, their preparations, and every entry's GUID (in order)."""
    parsed = parse_document(source, content, content_type, base, now, skip, headers)
    assert _worker_matcher is not None
    guids = tuple(item.guid for item in parsed.items) + parsed.known
    fresh = [item for item in parsed.items if item.guid not in skip]
    preps = []
    for item in fresh:
        deep = item.url is None or not wants_article(source, item)
        preps.append(prepare_one(item, _worker_matcher, domain=_worker_domain if deep else None))
    return replace(parsed, items=fresh), preps, guids


def extract_and_prepare(content: bytes, item: Item, *, metadata: bool) -> tuple[Item, Prepared]:
    """In a worker process: an entry's article page → the entry with its text, prepared and
    (if promising) analysed."""
    from monitor.parse.article import extract_article

    assert item.url is not None and _worker_matcher is not None
    article = extract_article(content, item.url, metadata=metadata)
    item = with_article(item, article)
    prep = prepare_one(item, _worker_matcher, domain=_worker_domain)
    return prep.tagged(item), prep


def with_article(item: Item, article: Article) -> Item:
    return replace(
        item,
        text=article.text,
        published=item.published or article.published,
        language=item.language or article.language,
    )


def wants_article(source: SourceConfig, item: Item) -> bool:
    """Whether the source's policy asks for this entry's article page (teasers and promising
    entries are fetched then; see ``Pipeline._fetch_articles``)."""
    if source.fetch_article is not None:
        return source.fetch_article
    return not item.text  # default: only when the entry carries a summary alone


def parse_document(
    source: SourceConfig,
    content: bytes,
    content_type: str | None,
    base: str,
    now: datetime,
    skip: frozenset[str] = frozenset(),
    headers: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Bytes of a feed or listing page → items (a module function: it runs in worker processes).
    ``skip``: GUIDs already stored, which a feed's parser may leave out (see parse_feed);
    ``headers``: the response's (a feed's Content-Location and Content-Language count)."""
    if source.kind == "html":
        from monitor.parse.page import parse_page

        assert source.selectors is not None
        return parse_page(
            content,
            source=source.name,
            url=base,
            selectors=source.selectors,
            fetched_at=now,
            content_type=content_type,
            language=source.language,
        )
    from monitor.parse import parse_feed

    return parse_feed(
        content,
        source=source.name,
        url=base,
        fetched_at=now,
        content_type=content_type,
        language=source.language,
        skip=skip,
        headers=headers,
    )
