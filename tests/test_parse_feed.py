"""Feed parsing on saved documents, one file per real-world quirk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.parse import parse_feed
from tests.outlet import OutletServer

FEEDS = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def parse(name: str, url: str = "https://outlet.example/feed", **kw: object):
    return parse_feed(
        (FEEDS / name).read_bytes(),
        source="S",
        url=url,
        fetched_at=NOW,
        **kw,  # type: ignore[arg-type]
    )


def test_rss2_with_dublin_core_and_media() -> None:
    feed = parse("rss2_dublin_core_media.xml")
    assert feed.title == "The Barents Observer"
    assert feed.ttl_minutes == 30
    first, second = feed.items
    assert first.title == "Northern Fleet frigate sails past Vardø"
    assert first.guid == "83412 at https://thebarentsobserver.com"
    assert first.published == datetime(2026, 11, 20, 13, 3, tzinfo=UTC)  # dc:date, +01:00
    assert first.language == "en"
    assert first.summary.startswith("The frigate was seen in the Barents Sea")
    assert first.fetched_at == NOW and first.source == "S"
    # No guid: the link stands in; a named zone (CET) is understood.
    assert second.guid == "https://thebarentsobserver.com/en/life-and-public/2026/11/youth-forum"
    assert second.published == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)


def test_atom_with_html_content_is_plain_text_without_scripts() -> None:
    (item,) = parse("atom_html_content.xml").items
    assert item.title == "Grensen ved Storskog stengt i natt"
    assert item.url == "https://www.nrk.no/tromsogfinnmark/grensen-ved-storskog-1.17000001"
    assert "Politiet i Finnmark stengte grenseovergangen" in item.text
    assert "alert" not in item.text and "<" not in item.text
    assert item.summary == "Politiet stengte grenseovergangen mot Russland."
    assert item.language == "nb"
    assert item.published == datetime(2026, 11, 21, 5, 30, tzinfo=UTC)


def test_rss1_rdf() -> None:
    (item,) = parse("rss1_rdf.xml").items
    assert item.title == "Norway opens Finnmark to allied training"
    assert item.url == "https://www.dw.com/en/norway-nato/a-1"
    assert item.published == datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def test_json_feed() -> None:
    first, second = parse("json_feed.json").items
    assert first.title == "Норвегия усилила охрану границы с Россией"
    assert first.guid == "wire-77"
    assert first.language == "ru"
    assert "Финнмарке" in first.body
    assert first.published == datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    assert second.title.startswith("Item without a title")  # title made from the text


def test_cdata_entities_and_relative_links() -> None:
    feed = parse("rss2_cdata_entities_relative_links.xml", url="https://norwaytoday.info/feed/")
    first, second = feed.items
    assert first.title == "Støre & Putin: “No talks” yet"
    assert first.url == "https://norwaytoday.info/news/store-putin-no-talks/"
    assert (
        first.summary == "Prime Minister Jonas Gahr Støre said there would be no talks with Russia."
    )
    assert second.url is None  # javascript: links are never kept
    assert second.guid.endswith("nt-2")  # feedparser resolves a relative guid: stable all the same


def test_windows_1252_declared_in_xml() -> None:
    (item,) = parse("rss2_windows1252.xml").items
    assert item.title == "Forsvarsministeren besøker Sør-Varanger – «viktig for nordområdene»"


def test_broken_xml_is_recovered_with_a_warning() -> None:
    feed = parse("broken_xml_recoverable.xml")
    assert [i.title for i in feed.items][:1] == ["First item survives"]
    assert feed.warning and "malformed feed" in feed.warning


def test_dates_out_of_range_or_missing_become_unknown() -> None:
    items = {i.title: i for i in parse("future_and_missing_dates.xml").items}
    assert items["From the far future"].published is None
    assert items["No date at all"].published is None
    assert items["ISO date with zone name"].published == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((FEEDS / "not_a_feed.html").read_bytes(), "HTML page, not a feed"),
        (b"", "empty"),
        (b"\x00\x01garbage\xff", "not a feed"),
    ],
)
def test_unusable_documents_raise_parse_error(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(content, source="S", url="https://x.example/", fetched_at=NOW)


def test_control_characters_never_reach_titles() -> None:
    doc = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Line one\r\nBcc: victim@example.org</title><link>https://x.example/1</link>"
        b"</item></channel></rss>"
    )
    (item,) = parse_feed(doc, source="S", url="https://x.example/", fetched_at=NOW).items
    assert "\n" not in item.title and "\r" not in item.title


def test_billion_laughs_is_never_expanded() -> None:
    import time

    started = time.monotonic()
    try:
        feed = parse("billion_laughs.xml")
    except ParseError:
        return  # refusing the document is as good as not expanding it
    assert time.monotonic() - started < 2
    for item in feed.items:
        assert "lollollol" not in item.title + item.summary
        assert len(item.title) < 200


def test_external_entities_are_never_resolved() -> None:
    try:
        feed = parse("external_entity.xml")
    except ParseError:
        return
    for item in feed.items:
        assert "root:" not in item.title + item.summary + item.text


def test_empty_feed_is_fine() -> None:
    feed = parse("empty_channel.xml")
    assert feed.items == [] and feed.title == "Quiet outlet" and feed.warning is None


def _both(content: bytes, content_type: str | None = None):
    kw = {"source": "S", "url": "https://outlet.example/feed", "fetched_at": NOW,
          "content_type": content_type}  # fmt: skip
    try:
        slow = parse_feed(content, fast=False, **kw)  # type: ignore[arg-type]
    except ParseError as exc:
        slow = exc
    try:
        fast = parse_feed(content, **kw)  # type: ignore[arg-type]
    except ParseError as exc:
        fast = exc
    return slow, fast


def _farm_feed() -> bytes:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    from farm import feed_xml  # the benchmark's generated feed: what the fast path is for

    return feed_xml(7, 50, 0)


CORNERS = {
    "atom_text_with_markup": b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>'
    b"<title>A &lt;b&gt; B</title><id>x</id><link href='https://x.example/1'/></entry></feed>",
    "atom_xhtml": b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><id>x</id>'
    b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b></p>'
    b"</div></content></entry></feed>",
    "rss_guid_permalink_only": b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
    b"<guid>https://x.example/a</guid></item><item><title>B</title>"
    b'<guid isPermaLink="false">b-1</guid></item></channel></rss>',
    "rss_content_only": b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
    b'content/"><channel><title>T</title><language>nb-NO</language><ttl>15</ttl><item>'
    b"<title>A</title><link>https://x.example/a</link><content:encoded><![CDATA[<p>Full "
    b"<b>text</b> &amp; more</p>]]></content:encoded><pubDate>Fri, 20 Nov 2026 10:00:00 CET"
    b"</pubDate></item></channel></rss>",
    "rss_latin1_header": (
        '<rss version="2.0"><channel><title>Sør</title><item><title>Kjøpt</title>'
        "<link>https://x.example/a</link></item></channel></rss>"
    ).encode("latin-1"),
}


def _hostile() -> dict[str, bytes]:
    from tests.hostile.test_bad_feeds import HOSTILE

    return {f"hostile:{k}": v for k, v in HOSTILE.items() if isinstance(v, bytes)}


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in FEEDS.iterdir()) + sorted(CORNERS) + sorted(_hostile()) + ["farm"],
)
def test_fast_path_gives_what_feedparser_gives(name: str) -> None:
    """Every sample, read with the lxml fast path and with feedparser alone: the same items,
    or the same error (the fast path declines whatever it would read differently)."""
    if name == "farm":
        content = _farm_feed()
    elif name in CORNERS:
        content = CORNERS[name]
    elif name.startswith("hostile:"):
        content = _hostile()[name]
    else:
        content = (FEEDS / name).read_bytes()
    ctype = "application/rss+xml; charset=iso-8859-1" if name == "rss_latin1_header" else None
    slow, fast = _both(content, ctype)
    if isinstance(slow, ParseError):
        assert isinstance(fast, ParseError) and str(fast) == str(slow)
        return
    assert not isinstance(fast, ParseError)
    assert (fast.title, fast.ttl_minutes, fast.warning) == (slow.title, slow.ttl_minutes,
                                                            slow.warning)  # fmt: skip
    assert fast.items == slow.items


def test_fast_path_takes_the_plain_feeds_and_declines_the_rest() -> None:
    from monitor.parse.fastfeed import read_fast

    taken = {n for n in sorted(p.name for p in FEEDS.iterdir())
             if read_fast((FEEDS / n).read_bytes(), None) is not None}  # fmt: skip
    assert {"rss2_dublin_core_media.xml", "atom_html_content.xml"} <= taken
    assert not taken & {"billion_laughs.xml", "external_entity.xml", "rss1_rdf.xml",
                        "broken_xml_recoverable.xml", "rss2_windows1252.xml"}  # fmt: skip
    assert read_fast(_farm_feed(), "application/rss+xml; charset=utf-8") is not None
    assert read_fast(CORNERS["rss_content_only"], None) is not None


@pytest.mark.parametrize(
    "link",
    ["https://a.example/x/../y?q=1#f", "HTTP://a.example/x", "http://a.example/x?", "http://a.example/x#",
     "http://a.example/x?#", "http://a.example/x;p", "http://a.example/x;", "http://[::1]/x",
     "http://[::1/x", "http:///x", "http://a.example/ x", "http://a.example\\x", "http://ä.example/x",
     "/relative", "http://a.example", "http://a.example?q", "https://u:p@a.example:81/x%20y",
     "12345", "farm-3-0", "a.b", "~x", "-", "x_", ".hidden", ".", "..", "a:b", "a;b", "a b",
     "a%20b", "", "a/b", "?q", "#f"],
)  # fmt: skip
def test_links_resolve_as_feedparser_resolves_them(link: str) -> None:
    """GUIDs are archive keys: the fast path's shortcut must give what feedparser's join gives."""
    from feedparser.urls import _urljoin

    from monitor.parse.fastfeed import _join

    for base in ("", "http://farm.example/f/1.xml", "https://farm.example/f/1.xml",
                 "http://farm.example", "http://farm.example/", "http://farm.example/a//b/./c/../d.xml",
                 "https://farm.example/f/?q=1#frag", "http://farm.example/f/..", "feed:x/y",
                 "tag:farm.example,2026:f", "relative/feed.xml", "http:no-host/f.xml"):  # fmt: skip
        assert _join(base, link) == _urljoin(base, link), base


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "name",
    ["farm", "rss2_dublin_core_media.xml", "rss2_cdata_entities_relative_links.xml",
     "future_and_missing_dates.xml", "broken_xml_recoverable.xml"],
)  # fmt: skip
def test_known_guids_are_left_out_and_listed(name: str, fast: bool) -> None:
    """A poll passes the GUIDs it stored last time: those entries are not built again, only
    listed, and the others come out exactly as from a full read."""
    content = _farm_feed() if name == "farm" else (FEEDS / name).read_bytes()
    kw = {"source": "S", "url": "https://outlet.example/feed", "fetched_at": NOW, "fast": fast}
    full = parse_feed(content, **kw)  # type: ignore[arg-type]
    assert len(full.items) >= 2 and full.known == ()
    skip = frozenset(i.guid for i in full.items[1:])
    part = parse_feed(content, skip=skip, **kw)  # type: ignore[arg-type]
    assert part.items == full.items[:1]
    assert part.warning == full.warning
    assert sorted(part.known) == sorted(i.guid for i in full.items[1:])


@pytest.mark.parametrize("fast", [True, False])
def test_escaped_text_stays_text_decoded_once(fast: bool) -> None:
    """#21.3: the outlet's escaped '<script>' is text it shows, not markup: HTML is read once
    (its entities decoded once), a field declared as text is not read as HTML at all."""
    rss = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Tags &amp;amp; &lt;b&gt;bold&lt;/b&gt;</title><link>https://x.example/1"
        b"</link><description>&lt;p&gt;Use &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"
        b" to test&lt;/p&gt;</description></item>"
        b"<item><title>Use &amp;lt;b&amp;gt;, not &lt;i&gt;, 5 &lt; 6</title>"
        b"<link>https://x.example/2</link>"
        b"<description>x</description></item></channel></rss>"
    )
    first, second = parse_feed(rss, source="S", url="https://x.example/f", fetched_at=NOW,
                               fast=fast).items  # fmt: skip
    assert first.summary == "Use <script>alert(1)</script> to test"
    assert first.title == "Tags & bold"  # HTML (feedparser's guess): its markup is markup
    # RSS types nothing: a title's escaped tag is markup, its double-escaped one text
    assert second.title == "Use <b>, not , 5 < 6"
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:1</id>'
        b"<title type='text'>Escaped &amp;lt;i&amp;gt; and &lt;i&gt;</title>"
        b"<content type='text'>Literal &lt;script&gt;x&lt;/script&gt; text</content>"
        b"<summary type='html'>&lt;p&gt;a &amp;amp;lt;b&amp;amp;gt;&lt;/p&gt;</summary>"
        b"</entry></feed>"
    )
    (item,) = parse_feed(atom, source="S", url="https://x.example/f", fetched_at=NOW,
                         fast=fast).items  # fmt: skip
    assert item.title == "Escaped &lt;i&gt; and <i>"
    assert item.text == "Literal <script>x</script> text"
    assert item.summary == "a &lt;b&gt;"


def test_json_feed_dates_are_utc() -> None:
    doc = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
        b'{"id": "1", "title": "a", "content_text": "x",'
        b' "date_published": "2026-11-20T10:00:00+03:00"},'
        b'{"id": "2", "title": "b", "content_text": "&lt;b&gt; y",'
        b' "date_modified": "2026-11-20T10:00:00-05:30"}]}'
    )
    first, second = parse_feed(doc, source="S", url="https://x.example/f", fetched_at=NOW).items
    assert first.published == datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
    assert first.published.utcoffset() == UTC.utcoffset(None)
    assert second.published == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert second.text == "&lt;b&gt; y"  # content_text is text


@pytest.mark.parametrize("fast", [True, False])
def test_content_location_is_the_documents_base(fast: bool) -> None:
    """As feedparser reads a response it fetched: relative links and GUIDs resolve against
    Content-Location (itself relative to the address fetched), Content-Language is the
    document's default language, and an unsafe Content-Location is ignored."""
    doc = (
        b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        b"<link>story/1</link><guid>g-1</guid></item></channel></rss>"
    )
    kw = {"source": "S", "url": "https://x.example/feeds/all.xml", "fetched_at": NOW,
          "fast": fast}  # fmt: skip
    (item,) = parse_feed(doc, headers={"content-location": "/news/rss/", "content-language": "nb"},
                         **kw).items  # type: ignore[arg-type]  # fmt: skip
    assert item.url == "https://x.example/news/rss/story/1"
    assert item.guid == "https://x.example/news/rss/g-1"
    assert item.language == "nb"
    (plain,) = parse_feed(doc, headers={"content-location": "javascript:alert(1)"},
                          **kw).items  # type: ignore[arg-type]  # fmt: skip
    assert plain.url == "https://x.example/feeds/story/1"


@pytest.mark.parametrize("fast", [True, False])
def test_lone_surrogates_are_replaced_and_the_rest_read(fast: bool) -> None:
    """#21.10: a reference to a lone surrogate is U+FFFD, not a failed document."""
    doc = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Bad &#55296; &#xDFFF; one'
        b"</title><link>https://x.example/1</link></item><item><title>Good one</title>"
        b"<link>https://x.example/2</link></item></channel></rss>"
    )
    bad, good = parse_feed(doc, source="S", url="https://x.example/f", fetched_at=NOW,
                           fast=fast).items  # fmt: skip
    assert bad.title == "Bad \ufffd \ufffd one" and good.title == "Good one"
    doc = b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "\\ud800", "title": "x\\udfff", "url": "https://x.example/\\ud800"}, {"id": "2", "title": "ok"}]}'  # noqa: E501
    bad, good = parse_feed(doc, source="S", url="https://x.example/f", fetched_at=NOW).items
    assert (bad.guid, bad.title, good.title) == ("\ufffd", "x\ufffd", "ok")
    bad.title.encode("utf-8")  # storable
    assert bad.url is not None
    bad.url.encode("utf-8")


def test_a_poll_resolves_links_against_the_servers_content_location(
    tmp_path: Path, outlet: OutletServer
) -> None:
    """The fetcher's headers reach the parser: a relative link in a feed served with
    Content-Location resolves as feedparser resolves it."""
    from tests.conftest import ON_TOPIC, open_pipeline, rss, write_config

    body = rss([dict(ON_TOPIC, link="stories/storskog", guid="g-1")])
    url = outlet.route("/feeds/all.xml", body, headers={"Content-Location": "/news/rss/"})
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "CL", "url": url}]))
    (report,) = p.poll(p.config.sources)
    assert report.error is None and report.new == 1
    (row,) = p.store.recent()
    assert row.url == outlet.url("/news/rss/stories/storskog")


def test_news_search_source_element_names_the_outlet() -> None:
    """<source url="…">Outlet</source> (Google News): the outlet's name and address are kept,
    and the title says whose the headline is, once, as such feeds title it (issue #28)."""
    doc = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>GN</title>'
        b"<link>https://news.example/</link><description>d</description>"
        b"<item><title>Norway closes Storskog</title><link>https://news.example/r/1</link>"
        b'<source url="https://www.nrk.no/">NRK</source></item>'
        b"<item><title>Storskog quiet again - NRK</title><link>https://news.example/r/2</link>"
        b'<source url="https://www.nrk.no/">NRK</source></item>'
        b"<item><title>Sorry - no source</title><link>https://news.example/r/3</link>"
        b'<source url="javascript:alert(1)"> </source></item>'
        b"</channel></rss>"
    )
    named, suffixed, bare = parse_feed(
        doc, source="GN", url="https://news.example/rss", fetched_at=NOW
    ).items
    assert (named.title, named.outlet, named.outlet_url) == (
        "Norway closes Storskog - NRK", "NRK", "https://www.nrk.no/",
    )  # fmt: skip
    assert suffixed.title == "Storskog quiet again - NRK" and suffixed.outlet == "NRK"
    # An element with no name and no web address names nothing, and the title is left alone.
    assert (bare.title, bare.outlet, bare.outlet_url) == ("Sorry - no source", None, None)
