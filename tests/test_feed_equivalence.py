"""Generated feeds made of the elements the fast path must read exactly like feedparser or
decline: namespaces it does not read, duplicates of the fields it keeps, xml:base and
xml:lang, encodings, escaped markup, Content-Location and Content-Language. Whatever the mix,
parse_feed with the fast path gives what feedparser alone gives, field by field."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import ParseError
from monitor.parse import ParsedFeed, parse_feed
from monitor.parse.fastfeed import read_fast
from monitor.parse.feed import document_base
from tests.peer_corpus import same

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:x="urn:unknown"'
)
TEXTS = st.sampled_from([
    "Plain words", "Støre &amp; Putin", "A &amp;lt;b&amp;gt; B", "a &lt; b", "5 &gt; 4",
    "&lt;b&gt;Bold&lt;/b&gt; news",
    "&lt;p&gt;Para &amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;&lt;/p&gt;",
    "It&#146;s", "don&#8217;t", "Ã¸l og â€¦", "Кремль", "  padded  ", "", "AT&amp;T",
    "&lt;script&gt;alert(1)&lt;/script&gt;Text", "&lt;object&gt;fallback&lt;/object&gt; x",
    "&lt;noscript&gt;ns&lt;/noscript&gt; y", "&lt;!-- c --&gt;z",
    "<![CDATA[<p>cdata <i>x</i></p>]]>",
    "&lt;p&gt;unclosed", "&lt;img alt=&quot;a&gt;b&quot;&gt; c", "&amp;nbsp;x&amp;copy;",
    "&lt;div&gt;&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;&lt;/div&gt;",
    "&lt;main&gt;m&lt;/main&gt;n",
    "&lt;br&gt;line&lt;br/&gt;break", "&#55296; lone",
])  # fmt: skip
LINKS = st.sampled_from([
    "https://x.example/a", "/relative/a", "rel-b", "HTTP://X.example/A", "https://x.example/?a=1&amp;b=2",
    "https://x.example/?a=1&amp;amp;b=2", "javascript:alert(1)", " https://x.example/sp ", "",
    "https://x.example/a#frag", "12345", "tag:x.example,2026:1", "urn:uuid:1",
])  # fmt: skip
DATES = st.sampled_from([
    "Fri, 20 Nov 2026 10:00:00 GMT", "Fri, 20 Nov 2026 10:00:00 CET", "2026-11-20T10:00:00+03:00",
    "not a date", "", "Thu, 01 Jan 1970 00:00:00 GMT",
])  # fmt: skip


def _el(tag: str, text: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}>{text}</{tag}>"


def _tag(part: str) -> str:
    return part[1:].split(">")[0].split(" ")[0].rstrip("/")


# What the fast path reads (each at most once in an item) …
RSS_PLAIN = st.one_of(
    st.builds(lambda t: _el("title", t), TEXTS),
    st.builds(lambda t: _el("link", t), LINKS),
    st.builds(
        lambda t, p: _el("guid", t, p),
        LINKS,
        st.sampled_from(["", ' isPermaLink="false"', ' isPermaLink="true"']),
    ),
    st.builds(lambda t: _el("description", t), TEXTS),
    st.builds(lambda t: _el("content:encoded", t), TEXTS),
    st.builds(lambda t: _el("pubDate", t), DATES),
    st.builds(lambda t: _el("dc:date", t), DATES),
    st.sampled_from(
        [
            '<enclosure url="https://x.example/i.jpg" type="image/jpeg"/>',
            '<media:content url="https://x.example/i.jpg"/>',
            '<media:thumbnail url="https://x.example/t.jpg"/>',
            "<dc:creator>Me</dc:creator>",
            "<category><![CDATA[News]]></category>",
            "<comments>https://x.example/c</comments>",
        ]
    ),
)
# … and what it must decline: other namespaces' text, elements feedparser reads as ours.
RSS_ODD = st.one_of(
    st.builds(lambda t: _el("dcterms:modified", t), DATES),
    st.builds(
        lambda t, tag: _el(tag, t),
        TEXTS,
        st.sampled_from(
            [
                "dc:title",
                "dc:description",
                "dc:language",
                "itunes:summary",
                "media:description",
                "atom:summary",
                "atom:content",
                "summary",
                "content",
                "body",
                "fullitem",
                "x:title",
                "language",
                'title xml:lang="fr"',
                'description type="text"',
            ]
        ),
    ),
    st.sampled_from(
        [
            '<media:content url="https://x.example/i.jpg"><media:title>M</media:title></media:content>',
            '<atom:link rel="alternate" type="text/html" href="https://x.example/alt"/>',
            "<xhtml:body><xhtml:p>Body text</xhtml:p></xhtml:body>",
        ]
    ),
)
RSS_ITEM_PARTS = st.builds(
    lambda plain, extra: plain + extra,
    st.lists(RSS_PLAIN, min_size=1, max_size=7, unique_by=_tag),
    st.one_of(st.just([]), st.just([]), st.lists(st.one_of(RSS_ODD, RSS_PLAIN), max_size=2)),
)

ATOM_PLAIN = st.one_of(
    st.builds(lambda t: _el("id", t), LINKS),
    st.builds(
        lambda t, k: _el("title", t, k),
        TEXTS,
        st.sampled_from(["", ' type="html"', ' type="text"', ' type="TEXT/HTML"']),
    ),
    st.builds(lambda t, k: _el("summary", t, k), TEXTS, st.sampled_from(["", ' type="html"'])),
    st.builds(
        lambda t, k: _el("content", t, k),
        TEXTS,
        st.sampled_from(["", ' type="html"', ' type="text"']),
    ),
    st.builds(lambda t: _el("published", t), DATES),
    st.builds(lambda t: _el("updated", t), DATES),
    st.builds(
        lambda href, rel, typ: f'<link href="{href}"{rel}{typ}/>',
        LINKS,
        st.sampled_from(["", ' rel="alternate"', ' rel="self"', ' rel="enclosure"']),
        st.sampled_from(["", ' type="text/html"', ' type="application/pdf"']),
    ),
    st.sampled_from(
        [
            "<author><name>A</name></author>",
            '<category term="x"/>',
            '<media:thumbnail url="https://x.example/t.jpg"/>',
        ]
    ),
)
ATOM_ODD = st.one_of(
    st.builds(lambda t: _el("dcterms:issued", t), DATES),
    st.builds(lambda t: _el("content", t, ' type="image/png"'), TEXTS),
    st.sampled_from(
        [
            '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>X</p></div></content>',
            "<x:thing>t</x:thing>",
            "<dc:language>fr</dc:language>",
            "<dc:title>T</dc:title>",
            '<link rel="alternate" type="text/html" href="https://x.example/second"/>',
        ]
    ),
)
ATOM_ENTRY_PARTS = st.builds(
    lambda plain, extra: plain + extra,
    st.lists(ATOM_PLAIN, min_size=1, max_size=7, unique_by=_tag),
    st.one_of(st.just([]), st.just([]), st.lists(st.one_of(ATOM_ODD, ATOM_PLAIN), max_size=2)),
)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "content-location": st.sampled_from(
            ["http://cl.example/dir/feed", "/elsewhere/feed", "javascript:x", "other/"]
        ),
        "content-language": st.sampled_from(["en", "fr_CA", ""]),
        "content-type": st.sampled_from(
            ["text/xml", "application/rss+xml; charset=utf-8",
             "application/xml; charset=iso-8859-1"]
        ),
    },
)  # fmt: skip
ROOT_ATTRS = st.sampled_from(
    ["", "", ' xml:lang="en"', ' xml:base="http://base.example/d/"', ' xml:lang=""']
)
ENCODINGS = st.sampled_from(["none", "utf-8", "bom", "windows-1252"])


def _encode(body: str, encoding: str) -> bytes:
    if encoding == "windows-1252":
        head = '<?xml version="1.0" encoding="windows-1252"?>'
        return (head + body).encode("cp1252", errors="xmlcharrefreplace")
    head = '<?xml version="1.0" encoding="utf-8"?>' if encoding != "none" else ""
    data = (head + body).encode("utf-8")
    return b"\xef\xbb\xbf" + data if encoding == "bom" else data


def _both(content: bytes, headers: dict[str, str]) -> tuple[object, object]:
    kw = {"source": "S", "url": "https://outlet.example/feeds/all", "fetched_at": NOW,
          "content_type": headers.get("content-type"), "headers": headers}  # fmt: skip
    out = []
    for fast in (False, True):
        try:
            out.append(parse_feed(content, fast=fast, **kw))  # type: ignore[arg-type]
        except ParseError as exc:
            out.append(exc)
    return out[0], out[1]


def _assert_same(content: bytes, headers: dict[str, str]) -> None:
    slow, fast = _both(content, headers)
    assert isinstance(slow, ParsedFeed | ParseError) and isinstance(fast, ParsedFeed | ParseError)
    why = same(slow, fast)
    assert why is None, why


CHANNEL_PARTS = [
    "<language>nb-NO</language>", "<ttl>15</ttl>", "<dc:title>D</dc:title>",
    "<dc:language>ru</dc:language>", "<x:y>z</x:y>", "<language></language>",
    '<atom:link rel="self" href="https://x.example/feed"/>',
    "<image><url>https://x.example/l.png</url><title>Logo</title></image>",
]  # fmt: skip
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    items=st.lists(RSS_ITEM_PARTS, min_size=1, max_size=3),
    channel=st.lists(
        st.one_of(
            st.builds(lambda t: _el("title", t), TEXTS),
            st.sampled_from(
                [
                    "<language>nb-NO</language>",
                    "<ttl>15</ttl>",
                    "<dc:title>D</dc:title>",
                    "<dc:language>ru</dc:language>",
                    "<x:y>z</x:y>",
                    "<language></language>",
                    '<atom:link rel="self" href="https://x.example/feed"/>',
                    "<image><url>https://x.example/l.png</url><title>Logo</title></image>",
                ]
            ),
        ),
        max_size=4,
    ),
    root=ROOT_ATTRS,
    item_attr=st.sampled_from(["", "", "", ' xml:lang="de"', ' xml:base="/b/"']),
    encoding=ENCODINGS,
    headers=HEADERS,
)
def test_generated_rss_reads_the_same_both_ways(
    items: list[list[str]], channel: list[str], root: str, item_attr: str, encoding: str,
    headers: dict[str, str],
) -> None:  # fmt: skip
    body = "".join(f"<item{item_attr}>{''.join(parts)}</item>" for parts in items)
    doc = f'<rss version="2.0" {NAMESPACES}{root}><channel>{"".join(channel)}{body}</channel></rss>'
    _assert_same(_encode(doc, encoding), headers)


@SETTINGS
@given(
    entries=st.lists(ATOM_ENTRY_PARTS, min_size=1, max_size=3),
    title=st.one_of(st.just(""), st.builds(lambda t, k: _el("title", t, k), TEXTS,
                                           st.sampled_from(["", ' type="html"']))),
    root=ROOT_ATTRS,
    entry_attr=st.sampled_from(["", "", "", ' xml:lang="de"', ' xml:base="http://eb.example/"']),
    encoding=ENCODINGS,
    headers=HEADERS,
)  # fmt: skip
def test_generated_atom_reads_the_same_both_ways(
    entries: list[list[str]], title: str, root: str, entry_attr: str, encoding: str,
    headers: dict[str, str],
) -> None:  # fmt: skip
    body = "".join(f"<entry{entry_attr}>{''.join(parts)}</entry>" for parts in entries)
    doc = (
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dcterms="http://purl.org/dc/terms/" '
        f'xmlns:media="http://search.yahoo.com/mrss/" xmlns:x="urn:unknown" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"{root}>{title}{body}</feed>'
    )
    _assert_same(_encode(doc, encoding), headers)


@SETTINGS
@given(
    items=st.lists(st.lists(RSS_PLAIN, min_size=1, max_size=7, unique_by=_tag), max_size=3),
    entries=st.lists(st.lists(ATOM_PLAIN, min_size=1, max_size=7, unique_by=_tag), max_size=3),
    lang=st.sampled_from(["", ' xml:lang="en"']),
    headers=st.fixed_dictionaries({}, optional={
        "content-location": st.sampled_from(["http://cl.example/dir/feed", "/elsewhere/"]),
        "content-language": st.sampled_from(["en", "fr_CA"]),
    }),
)  # fmt: skip
def test_generated_plain_feeds_read_the_same_both_ways(
    items: list[list[str]], entries: list[list[str]], lang: str, headers: dict[str, str]
) -> None:
    """The elements the fast path reads, in any mix, UTF-8: mostly taken by the fast path."""
    rss = "".join(f"<item>{''.join(parts)}</item>" for parts in items)
    _assert_same(_encode(f'<rss version="2.0" {NAMESPACES}{lang}><channel><title>T</title>'
                         f"{rss}</channel></rss>", "utf-8"), headers)  # fmt: skip
    atom = "".join(f"<entry>{''.join(parts)}</entry>" for parts in entries)
    _assert_same(_encode(f'<feed xmlns="http://www.w3.org/2005/Atom" '
                         f'xmlns:media="http://search.yahoo.com/mrss/"{lang}>{atom}</feed>',
                         "utf-8"), headers)  # fmt: skip


def test_the_common_case_stays_on_the_fast_path() -> None:
    """What real outlets send — title, link, guid, description, content:encoded, pubDate,
    dc:creator, dc:date, category, enclosure, media:content/thumbnail, atom:link self; Atom
    with author, category and html content — is read by lxml, not handed to feedparser."""
    rss = (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {NAMESPACES}><channel>'
        "<title>Outlet</title><link>https://x.example/</link><description>News</description>"
        '<atom:link href="https://x.example/feed" rel="self" type="application/rss+xml"/>'
        "<language>en-US</language><lastBuildDate>Fri, 20 Nov 2026 10:00:00 +0000</lastBuildDate>"
        "<item><title>Storskog &amp; the border</title><link>https://x.example/a?x=1&amp;y=2</link>"
        "<dc:creator><![CDATA[Reporter]]></dc:creator><pubDate>Fri, 20 Nov 2026 10:00:00 +0000"
        '</pubDate><category><![CDATA[News]]></category><guid isPermaLink="false">'
        "https://x.example/?p=1</guid><description><![CDATA[<p>Summary.</p>]]></description>"
        "<content:encoded><![CDATA[<p>Full <b>text</b> &amp; more.</p><script>x()</script>"
        ']]></content:encoded><enclosure url="https://x.example/i.jpg" length="0" '
        'type="image/jpeg"/><media:content url="https://x.example/i.jpg" medium="image"/>'
        '<media:thumbnail url="https://x.example/t.jpg"/><dc:date>2026-11-20T10:00:00Z</dc:date>'
        "</item></channel></rss>"
    ).encode()
    atom = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xml:lang="nb"><title>NRK</title><id>urn:x</id><updated>2026-11-20T10:00:00Z</updated>'
        b'<link rel="self" href="https://x.example/feed"/><author><name>NRK</name></author>'
        b"<entry><title>Grensen</title><id>urn:nrk:1</id><link href='https://x.example/1'/>"
        b"<published>2026-11-20T10:00:00Z</published><updated>2026-11-20T10:00:00Z</updated>"
        b'<author><name>A</name></author><category term="nyheter"/><summary>Kort.</summary>'
        b'<content type="html">&lt;p&gt;Lang &lt;b&gt;tekst&lt;/b&gt;.&lt;/p&gt;</content>'
        b"</entry></feed>"
    )
    for doc in (rss, atom):
        assert (
            read_fast(doc, "application/xml", document_base("https://x.example/f", {})) is not None
        )
        _assert_same(doc, {})
