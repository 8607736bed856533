"""When is an article a copy of one already archived? The decision, apart from the SQL.

Exact copies are caught by address and by fingerprint. Near copies are judged on winnowed
shingle fingerprints by containment, the share of the smaller text found in the larger: a
feed summary is wholly contained in its article, a page with boilerplate and comments wholly
contains the clean text. Measured on bench/data (bench/quality.py): copies score 0.67–1.0;
distinct write-ups of one press release up to 0.52. So:

- containment >= 0.8: a copy;
- 0.6 <= containment < 0.8: a copy only if the headlines agree too (word-set Jaccard >= 0.8) —
  a republisher's light edits keep the headline, a rewrite of the same release does not;
- below 0.6: a different article (perhaps the same story: that is clustering's call). Not
  even the same headline word for word says more: two outlets' rewrites of one government
  press release keep its title (bench/data d01, d02), and so do an NTB wire's editions
  through the day (0.38–0.55, corpus B129–B131), which stay apart.

Short texts (issue #28, class 4): a teaser or summary of one or two sentences has a handful of
fingerprints, and a byline or a "…" adds some the article lacks (a DW tag-page teaser of a seed
scored 0.78, 7 of 9). When the smaller side has at most SHORT_TEXT_FINGERPRINTS, 0.7 is enough
if at least SHORT_MIN_SHARED fingerprints are shared: the shared passages are then most of what
the teaser says (a rewrite of the same news: 0.2; two templated briefs that differ in their
numbers: 3 of 4).

Headlines (issue #28, classes 4 and 5) are the last rung, for what has no text to compare:
- a news-search feed's entry ("Headline - Outlet", a redirect link, no article) is the outlet's
  article when the headlines agree and the outlet is the one named (or the link, once its
  redirect is followed, is the article's address: then the address rung catches it);
- the outlet's own entry arriving after such an entry is the same article, by the same test;
- a headline-only or teaser entry (a sentence or two: pipeline.SHORT_BODY_CHARS) is the
  archived article (seeds included) whose headline it repeats, and the other way round; two
  teasers are not compared (neither has the article: two outlets' one-line items on one wire
  story are two items, as they were).
Two full articles are never merged on their headlines alone: rewrites of one wire story share
headlines and are different articles.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from urllib.parse import urlsplit

from monitor.spelling import american
from monitor.text import OUTLET_SEPARATORS, folded, headline_before, words

COPY_CONTAINMENT = 0.8
EDITED_COPY_CONTAINMENT = 0.6
EDITED_COPY_TITLE_JACCARD = 0.8
MIN_SHARED = 3  # fingerprints: fewer is chance, not copying
SHORT_TEXT_FINGERPRINTS = 16  # a text of about 40 words or fewer
SHORT_COPY_CONTAINMENT = 0.7
SHORT_MIN_SHARED = 5  # 3 of 4 is two templated briefs that differ in a number or two
# Items past which an index key is a template's, not a text's own (see near_candidates).
COMMON_KEY_ITEMS = 8
HEADLINE_JACCARD = 0.8
HEADLINE_MIN_WORDS = 4  # "Russia" or "Breaking news" says nothing about which article
# ...unless a news search names the outlet whose own entry has that very headline ("Nordic
# Response 2024" from Senja kommune): then two or three words, all the same, will do.
NAMED_HEADLINE_MIN_WORDS = 2
# News-search services whose feeds re-list outlets' articles ("Headline - Outlet").
NEWS_SEARCH_HOSTS = ("news.google.com", "news.bing.com", "www.bing.com", "news.yahoo.com")
# The outlet follows the last " - " (or –, —, |); its own name may hold a hyphen ("msk-news.net",
# "Murmansk-news.net", "DN op-ed"), a separator has spaces around it.
_SEPARATOR = "[" + re.escape("".join(OUTLET_SEPARATORS)) + "]"  # monitor.text's
_OUTLET_SUFFIX = re.compile(
    rf"^(?P<headline>.+?)\s+{_SEPARATOR}\s+(?P<outlet>(?:(?!\s{_SEPARATOR}\s)[^|]){{2,60}})$"
)
_OUTLET_NOISE = frozenset({"the", "www", "com", "no", "net", "org", "news", "en", "ru"})
# The longest outlet name the pattern takes, in words: "Radio Canada International (Eye on the
# Arctic)" is seven. An archived entry's <source> name is not kept, so after a restart the
# pattern alone finds where its headline ends (it was six, and that outlet's search entries
# were delivered beside its own articles).
OUTLET_MAX_WORDS = 9


def near_candidates(
    postings: Iterable[tuple[int, int]], limit: int, common: int = COMMON_KEY_ITEMS
) -> list[list[int]]:
    """The archived items to judge in full for a text, from the (index key, item id) rows its
    keys found (at most ``common`` + 1 items a key, the newest: what the store reads),
    in rounds: a round is judged only if the ones before it held no copy.

    A key more than ``common`` items share is a template's (press-release boilerplate, a wire
    byline, a site's footer, a wire story many outlets ran): reading all of its items made
    one look-up cost what the archive holds. So no key's items are read past the cap; the
    first round is the ``limit`` items sharing the most of the text's rare keys (a copy of a
    templated text is found by what is its own), the second the ``limit`` sharing the most
    keys over all of them as read (a copy that is mostly template, or of a story many ran).
    Where no key is common there is one round, the items the uncapped count chose. A text's
    verdict (copy or not) is the one all the candidates judged together would give."""
    rows = list(postings)
    every = Counter(map(itemgetter(1), rows))
    common_keys = {k for k, n in Counter(map(itemgetter(0), rows)).items() if n > common}
    if not common_keys:  # the usual case: no template, one ranking
        return [_most_shared(every, limit)]
    rare = Counter(item_id for key, item_id in rows if key not in common_keys)
    first = _most_shared(rare, limit)
    judged = set(first)
    return [first, [i for i in _most_shared(every, limit) if i not in judged]]


def _most_shared(shared: Counter[int], limit: int) -> list[int]:
    """The ``limit`` items sharing the most keys; of equals, the newest (highest id)."""
    return [i for i, _ in heapq.nlargest(limit, shared.items(), key=_by_count_then_id)]


def _by_count_then_id(kv: tuple[int, int]) -> tuple[int, int]:
    return kv[1], kv[0]


def title_jaccard(a: str, b: str) -> float:
    """The headlines' word sets' Jaccard, each English word in one spelling (``american``)."""
    wa = {american(folded(w)) for w in words(a)}
    wb = {american(folded(w)) for w in words(b)}
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def containment(shared: int, ours: int, theirs: int) -> float:
    return shared / max(1, min(ours, theirs))


def copy_rank(on_topic: bool, containment: float | None) -> tuple[bool, float]:
    """Which of the items a text copies it is the copy of: an on-topic one before an off-topic
    one, then the one it contains most of. A fuller copy of an off-topic cut is judged on its
    own text and may be delivered (``Pipeline._fuller_than_stub``); a later copy of both is
    then the delivered item's, not a third item delivered again (round 32)."""
    return on_topic, containment or 0.0


def is_copy(shared: int, ours: int, theirs: int, our_title: str, their_title: str) -> bool:
    if shared < MIN_SHARED:
        return False
    c = containment(shared, ours, theirs)
    if c >= COPY_CONTAINMENT:
        return True
    if (
        min(ours, theirs) <= SHORT_TEXT_FINGERPRINTS
        and c >= SHORT_COPY_CONTAINMENT
        and shared >= SHORT_MIN_SHARED
    ):
        return True

    return c >= EDITED_COPY_CONTAINMENT and (
        title_jaccard(our_title, their_title) >= EDITED_COPY_TITLE_JACCARD
    )


def is_news_search(*urls: str | None) -> bool:
    """Whether a feed or an entry's link belongs to a news-search service (an aggregator)."""
    for url in urls:
        host = (urlsplit(url).hostname or "") if url else ""
        if any(host == h or host.endswith("." + h) for h in NEWS_SEARCH_HOSTS):
            return True
    return False


def lists_others(news_search: bool | None, url: str) -> bool:
    """Whether a source is a news search (its ``news_search`` setting, else its host)."""
    return news_search if news_search is not None else is_news_search(url)


def split_headline(title: str, outlet: str | None = None) -> tuple[str, str | None]:
    """ "Headline - Outlet" → ("Headline", "Outlet"); a title without a suffix → (title, None).
    ``outlet``: the name the entry's <source> gives, when it has one: it says where the
    headline ends, where the pattern would take a long name ("Radio Canada International (Eye
    on the Arctic)", seven words) for part of the headline."""
    head = headline_before(title, outlet)
    if head is not None:
        return head, outlet
    m = _OUTLET_SUFFIX.match(title.strip())
    if m is None or len(words(m["outlet"])) > OUTLET_MAX_WORDS:
        return title.strip(), None
    return m["headline"].strip(), m["outlet"].strip()


def _outlet_words(name: str) -> set[str]:
    return {folded(w) for w in words(name)} - _OUTLET_NOISE


def same_outlet(named: str, source: str, url: str | None = None) -> bool:
    """Whether the outlet an aggregator names is this source (by its configured name, or by the
    host of its article's address): "NRK" is "NRK Troms og Finnmark", "Barents Observer" is
    "The Barents Observer", "thebarentsobserver.com" is too."""
    ours, theirs = _outlet_words(named), _outlet_words(source)
    if ours and theirs and (ours <= theirs or theirs <= ours):
        return True
    if not (ours and theirs):  # a name of noise words alone ("News.ru", "The News"): all of it
        a, b = ({folded(w) for w in words(n)} for n in (named, source))
        if a and b and (a <= b or b <= a):
            return True
    host = (urlsplit(url).hostname or "") if url else ""
    host = "".join(p for p in host.split(".") if p not in _OUTLET_NOISE)
    squeezed = "".join(w for w in map(folded, words(named)) if w not in _OUTLET_NOISE)
    return bool(host and squeezed and (squeezed in host or host in squeezed))


def same_site(a: str | None, b: str | None) -> bool:
    """Whether two addresses are on one site (host and port, "www." aside): an aggregator's
    <source url> and the outlet's article address name the same outlet whatever either's name."""
    ha, hb = (urlsplit(u).netloc.lower().removeprefix("www.") if u else "" for u in (a, b))
    return bool(ha) and ha == hb


def headline_words(text: str) -> frozenset[str]:
    return frozenset(folded(w) for w in words(text))


def same_headline(a: str, b: str) -> bool:
    return _same_words(headline_words(a), headline_words(b))


def _same_words(wa: frozenset[str], wb: frozenset[str]) -> bool:
    if min(len(wa), len(wb)) < HEADLINE_MIN_WORDS:
        return False
    return len(wa & wb) / len(wa | wb) >= HEADLINE_JACCARD


class Headline:
    """An archived on-topic item as the headline rung sees it (its headline split once)."""

    __slots__ = ("aggregated", "headline", "outlet", "outlet_url", "ref", "short", "source",
                 "title", "url", "words")  # fmt: skip

    def __init__(
        self, ref: object, title: str, source: str, url: str | None, short: bool,
        aggregated: bool, outlet_url: str | None = None, outlet_name: str | None = None,
    ) -> None:  # fmt: skip
        self.ref = ref  # the archived item's id, or the NewItem of this poll
        self.title, self.source, self.url = title, source, url
        self.short = short  # a teaser or headline-only entry
        self.aggregated = aggregated  # stored from a news-search feed
        # outlet_name: its <source>'s name, while it is in this poll (not archived)
        self.headline, named = split_headline(title, outlet_name) if aggregated else (title, source)
        self.outlet: str | None = named
        self.outlet_url = outlet_url  # an aggregator's <source url>, while it is in this poll
        self.words = headline_words(self.headline)


class HeadlineIndex:
    """Headlines by word, so an entry is compared with the few that can share its headline,
    not with every on-topic item of the last days: two headlines with a word Jaccard of at
    least HEADLINE_JACCARD share at least one of any ⌊(1 - J)·n⌋ + 1 of the n words of
    either, so looking up that many of the entry's rarest words finds every candidate."""

    def __init__(self, headlines: Iterable[Headline] = ()) -> None:
        self.postings: dict[str, list[Headline]] = {}
        for h in headlines:
            self.add(h)

    def add(self, h: Headline) -> None:
        for w in h.words:
            self.postings.setdefault(w, []).append(h)

    def candidates(self, ws: frozenset[str]) -> list[Headline]:
        k = int((1 - HEADLINE_JACCARD) * len(ws) + 1e-9) + 1
        rarest = sorted(ws, key=lambda w: len(self.postings.get(w, ())))[:k]
        seen: dict[int, Headline] = {}
        for w in rarest:
            for h in self.postings.get(w, ()):
                seen.setdefault(id(h), h)
        return list(seen.values())


def headline_copy(
    title: str, source: str, url: str | None, *, aggregated: bool, short: bool,
    archived: HeadlineIndex, outlet_url: str | None = None, outlet_name: str | None = None,
) -> tuple[Headline, str] | None:  # fmt: skip
    """The archived item this entry stands for by its headline, and why; or None.
    ``outlet_url``: the address of the outlet an aggregator's entry names (its <source url>):
    the outlet's own article is on that site, whatever the two call the outlet.
    ``outlet_name``: the name its <source> gives (where the headline ends)."""
    if aggregated:
        headline, outlet = split_headline(title, outlet_name)
    else:
        headline, outlet = title, source
    ws = headline_words(headline)
    brief = len(ws) < HEADLINE_MIN_WORDS
    if len(ws) < NAMED_HEADLINE_MIN_WORDS:
        return None
    for other in archived.candidates(ws):
        if brief:
            # A short headline says which article only with the outlet both name: a search's
            # entry and the outlet's own, in either order ("Forsvaret: – Ikke normalt" from
            # NRK came after the search had listed it: delivered twice, the eighth set).
            if ws != other.words or aggregated == other.aggregated:
                continue
            theirs = other.outlet
            if theirs is None:
                continue
            if aggregated:  # this entry names the outlet; the other is that outlet's own
                if outlet is not None and same_outlet(outlet, theirs, other.url):
                    return other, "aggregator"
            elif same_outlet(theirs, source, url) or same_site(other.outlet_url, url):
                return other, "aggregator"
            continue
        if not _same_words(ws, other.words):
            continue
        if aggregated or other.aggregated:
            # An aggregator's entry against an outlet's, or two aggregators' (en and no
            # searches listing one article): the outlets must agree where both are named.
            if (aggregated and not other.aggregated and same_site(outlet_url, other.url)) or (
                other.aggregated and not aggregated and same_site(other.outlet_url, url)
            ):
                return other, "aggregator"
            theirs = other.outlet
            if outlet is None or theirs is None:
                if short or other.short:
                    return other, "aggregator"
                continue
            if same_outlet(outlet, theirs, other.url if not other.aggregated else None) or (
                same_outlet(theirs, outlet, url if not aggregated else None)
            ):
                return other, "aggregator"
            continue
        if short != other.short:  # a teaser and the article it stands for
            return other, "headline"
    return None
