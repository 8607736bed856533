"""News-search feeds (issue #28, class 5): an aggregator's entry is the outlet's article.

An outlet feed and a Google-News-like search feed ("Headline - Outlet", a <source> element, a
link to a redirect page) served by tests/outlet.py, the search entries 20 minutes after the
outlet's; `monitor poll --once`, then the feed writer: every article once, whichever arrives
first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.dedupe import (
    Headline,
    HeadlineIndex,
    headline_copy,
    headline_words,
    same_outlet,
    same_site,
    split_headline,
)
from tests.conftest import rss, write_config
from tests.outlet import OutletServer

ARTICLES = [
    (
        "Russian border guards detain Norwegian fisherman near Storskog",
        "The FSB border service says the man crossed the Norwegian-Russian border near "
        "Storskog in Sør-Varanger. Norway's foreign ministry has asked Moscow for an "
        "explanation, and the Norwegian police in Finnmark confirm the incident.",
    ),
    (
        "Norway asks US to send more Marines closer to the Russian border",
        "Norway will ask the United States to double the number of Marines in the country "
        "and to station them closer to the border with Russia, the defence ministry in Oslo "
        "said; Moscow called the move a threat to stability in the High North.",
    ),
    (
        "Northern Fleet submarines exercise in the Barents Sea off Finnmark",
        "Several submarines of Russia's Northern Fleet left Severomorsk for an exercise in the "
        "Barents Sea, close to Norwegian waters off Finnmark; the Norwegian Joint Headquarters "
        "in Bodø says it follows the activity closely.",
    ),
]


def search_feed(entries: list[dict[str, str]]) -> str:
    """A news-search RSS feed: title "Headline - Outlet", <source url=…>Outlet</source>."""
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
        f"<guid>{escape(e['guid'])}</guid><pubDate>{e['pubDate']}</pubDate>"
        f"<description>{escape(e['description'])}</description>"
        f'<source url="{escape(e["source_url"])}">{escape(e["outlet"])}</source></item>'
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>search</title><link>http://127.0.0.1/</link><description>s</description>"
        f"{items}</channel></rss>"
    )


def serve(outlet: OutletServer) -> tuple[str, str]:
    """The outlet's feed and the search feed; the search links are redirect pages: the first
    an HTTP redirect to the article, the others a page with no article (a script redirect)."""
    own, found = [], []
    for n, (title, text) in enumerate(ARTICLES):
        link = outlet.url(f"/news/{n}")
        outlet.route(
            f"/news/{n}",
            f"<html><head><title>{title}</title></head><body><nav>Menu</nav><article>"
            f"<h1>{title}</h1><p>{text}</p></article></body></html>",
            content_type="text/html; charset=utf-8",
        )
        own.append({"title": title, "link": link, "guid": f"own-{n}", "description": text,
                    "pubDate": f"Sat, 21 Nov 2026 09:{10 + n}:00 +0000"})  # fmt: skip
        redirect = f"/gn/articles/{n}"
        if n == 0:
            outlet.route(redirect, status=302, headers={"Location": link})
        else:
            outlet.route(redirect, "<html><body><script>location='x'</script></body></html>",
                         content_type="text/html; charset=utf-8")  # fmt: skip
        found.append({
            "title": f"{title} - The Barents Observer", "link": outlet.url(redirect),
            "guid": f"gn-{n}", "pubDate": f"Sat, 21 Nov 2026 09:{30 + n}:00 +0000",
            "description": f"{title} The Barents Observer", "outlet": "The Barents Observer",
            "source_url": outlet.url("/"),
        })  # fmt: skip
    feed = outlet.route("/outlet.xml", rss(own))
    search = outlet.route("/search.xml", search_feed(found))
    return feed, search


def delivered(cfg: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["--config", str(cfg), "feed", "--format", "json"]) == 0
    return [i["title"] for i in json.loads(capsys.readouterr().out)["items"]]


OUTLET = {"name": "The Barents Observer", "language": "en"}
SEARCH = {"name": "News search", "language": "en", "news_search": True, "fetch_article": True}


def test_outlet_and_search_feed_in_one_poll_deliver_each_article_once(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed, search = serve(outlet)
    cfg = write_config(tmp_path / "sources.toml",
                       [dict(OUTLET, url=feed), dict(SEARCH, url=search)])  # fmt: skip
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    titles = delivered(cfg, capsys)
    assert sorted(t.removesuffix(" - The Barents Observer") for t in titles) == sorted(
        t for t, _ in ARTICLES
    ), titles
    assert main(["--config", str(cfg), "archive", "list", "--all"]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if " seed " not in line]
    assert len(listed) == 3, listed  # the copies are sightings, not items


def test_search_entries_first_then_the_outlets_own_are_the_same_articles(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed, search = serve(outlet)
    first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
    assert main(["--config", str(first), "poll", "--once"]) == 0
    assert len(delivered(first, capsys)) == 3
    both = write_config(tmp_path / "sources.toml",
                        [dict(OUTLET, url=feed), dict(SEARCH, url=search)])  # fmt: skip
    assert main(["--config", str(both), "poll", "--once"]) == 0
    assert len(delivered(both, capsys)) == 3  # the outlet's entries merged, not delivered again
    # Recorded as sightings, with why: the first search link was an HTTP redirect, followed to
    # the outlet's address; the others had only the headline and the outlet's name to go by.
    assert main(["--config", str(both), "archive", "show", "5"]) == 0
    assert "The Barents Observer: url" in capsys.readouterr().out
    assert main(["--config", str(both), "archive", "show", "6"]) == 0
    assert "The Barents Observer: aggregator" in capsys.readouterr().out


def test_headline_rung_edges() -> None:
    assert split_headline("Norway closes Storskog - NRK") == ("Norway closes Storskog", "NRK")
    # A name of the words usually left out as noise is compared whole (bench/blackbox.py).
    assert same_outlet("News.ru", "News.ru") and same_outlet("News.ru", "news.ru (Moscow)")
    assert not same_outlet("News.ru", "News.com")
    # An outlet's name with a hyphen of its own: the separator is the last spaced dash.
    assert split_headline("МиГ-31 перехватывают самолеты - msk-news.net (m24.ru)") == (
        "МиГ-31 перехватывают самолеты",
        "msk-news.net (m24.ru)",
    )
    assert split_headline("Norway - Russia talks - Murmansk-news.net") == (
        "Norway - Russia talks",
        "Murmansk-news.net",
    )
    assert split_headline("Storskog – a border town") == ("Storskog", "a border town")
    assert split_headline("Norway-Russia talks") == ("Norway-Russia talks", None)
    assert same_outlet("NRK", "NRK Troms og Finnmark")
    assert same_outlet("Barents Observer", "The Barents Observer")
    assert same_outlet("The Barents Observer", "BO", "https://thebarentsobserver.com/en/x")
    assert not same_outlet("NRK", "The Barents Observer", "https://thebarentsobserver.com/x")
    full = HeadlineIndex(
        [Headline(1, "Norway expels 15 Russian diplomats", "AFP", None, False, False)]
    )
    title = "Norway expels 15 Russian diplomats"
    # Two full articles with one headline (rewrites of a wire story) are not merged...
    assert not headline_copy(title, "Reuters", None, aggregated=False, short=False, archived=full)
    # ...a headline-only entry is the article it names; an aggregator's, if the outlet agrees.
    assert headline_copy(title, "Reuters", None, aggregated=False, short=True, archived=full)
    gn = "GN"
    assert headline_copy(f"{title} - AFP", gn, None, aggregated=True, short=True, archived=full)
    assert not headline_copy(
        f"{title} - Reuters", gn, None, aggregated=True, short=True, archived=full
    )
    # A headline of two or three words: only an aggregator's entry naming that outlet, all
    # the words the same (bench/blackbox.py, "Nordic Response 2024" from Senja kommune).
    brief = HeadlineIndex([Headline(2, "Nordic Response 2024", "Senja kommune", None, False,
                                    False)])  # fmt: skip
    assert headline_copy("Nordic Response 2024 - Senja kommune", gn, None, aggregated=True,
                         short=True, archived=brief)  # fmt: skip
    assert not headline_copy("Nordic Response 2024 - NRK", gn, None, aggregated=True,
                             short=True, archived=brief)  # fmt: skip
    assert not headline_copy("Nordic Response 2025 - Senja kommune", gn, None, aggregated=True,
                             short=True, archived=brief)  # fmt: skip
    assert not headline_copy("Nordic Response 2024", "Senja kommune", None, aggregated=False,
                             short=True, archived=brief)  # fmt: skip
    # The other order: the search listed it first, then the outlet's own entry comes (the
    # eighth set, search first: "Forsvaret: – Ikke normalt" from NRK was delivered twice).
    listed = HeadlineIndex([Headline(3, "Forsvaret: – Ikke normalt - NRK", gn, None, True,
                                     True)])  # fmt: skip
    found = headline_copy("Forsvaret: – Ikke normalt", "NRK Troms og Finnmark",
                          "https://www.nrk.no/tromsogfinnmark/1", aggregated=False, short=False,
                          archived=listed)  # fmt: skip
    assert found is not None and found[0].ref == 3 and found[1] == "aggregator"
    assert not headline_copy("Forsvaret: – Ikke normalt", "TV 2", "https://www.tv2.no/a/1",
                             aggregated=False, short=False, archived=listed)  # fmt: skip
    assert not headline_copy("Forsvaret: – Helt normalt", "NRK", None, aggregated=False,
                             short=False, archived=listed)  # fmt: skip
    # The index finds a headline by its rarer words, not by comparing with every item.
    titles = [f"Norway and Russia talk, item {n} round {n * 7}" for n in range(500)]
    many = HeadlineIndex([Headline(n, t, "X", None, True, False) for n, t in enumerate(titles)])
    found = many.candidates(headline_words("Norway and Russia talk, item 7 round 49"))
    assert 1 <= len(found) <= 3 and 7 in {h.ref for h in found}


# A news-search feed whose titles carry no " - Outlet" suffix and whose blurb is not the
# article's text: only its <source url="…">Outlet</source> element says whose article it is.
# A second outlet (a wire desk) runs the first headline too, with its own text; the search
# entry must be taken for the outlet its <source> names, not for any article of that headline.
WIRE_TEXT = (
    "Norwegian police in Finnmark and the FSB border service gave differing accounts on Saturday "
    "of how a fisherman came to be held at the Russian side of the border; the wire desk's "
    "correspondent in Kirkenes spoke to his family, who say he was fishing on the Pasvik river."
)
BLURBS = (  # an aggregator's own words, one per entry, none the article's text
    "Full coverage of this story from our partners, with more on the border and on relations "
    "between Norway and Russia in this week's regional round-up, updated through the day.",
    "Top stories for you: the allied presence in Norway, the Marines' rotation and what the "
    "defence ministry's request means for the alliance, as reported by outlets across Europe.",
    "More on the Northern Fleet: the submarine exercise season, the Norwegian Joint "
    "Headquarters' watch on the Barents Sea and the analysts who follow them, in one place.",
)


def serve_sourced(outlet: OutletServer, wire: OutletServer) -> tuple[str, str, str]:
    """The outlet's feed, the wire desk's feed and the search feed (on the wire's server, as
    an aggregator is elsewhere than the outlet), whose links are pages with no article."""
    feed, _ = serve(outlet)
    wire.route("/news/0", f"<html><body><article><h1>{ARTICLES[0][0]}</h1><p>{WIRE_TEXT}</p>"
               "</article></body></html>", content_type="text/html; charset=utf-8")  # fmt: skip
    wire_feed = wire.route("/wire.xml", rss([{
        "title": ARTICLES[0][0], "link": wire.url("/news/0"), "guid": "wire-0",
        "description": WIRE_TEXT, "pubDate": "Sat, 21 Nov 2026 09:05:00 +0000",
    }]))  # fmt: skip
    found = []
    for n, (title, _) in enumerate(ARTICLES):
        wire.route(f"/gn/{n}", "<html><body><script>location='x'</script></body></html>",
                   content_type="text/html; charset=utf-8")  # fmt: skip
        found.append({
            "title": title, "link": wire.url(f"/gn/{n}"), "guid": f"gn-{n}",
            "pubDate": f"Sat, 21 Nov 2026 09:{30 + n}:00 +0000", "description": BLURBS[n],
            "outlet": "The Barents Observer", "source_url": outlet.url("/"),
        })  # fmt: skip
    search = wire.route("/search.xml", search_feed(found))
    return feed, wire_feed, search


WIRE = {"name": "Wire desk", "language": "en"}


@pytest.fixture
def wire() -> Iterator[OutletServer]:
    server = OutletServer().start()
    yield server
    server.stop()


def sourced_config(path: Path, feed: str, wire_feed: str, search: str | None) -> Path:
    sources = [dict(OUTLET, url=feed), dict(WIRE, url=wire_feed)]
    return write_config(path, sources + ([dict(SEARCH, url=search)] if search else []))


def sighted_by(cfg: Path, title: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Source → what `archive show` says of each item titled ``title`` (its sightings)."""
    capsys.readouterr()
    assert main(["--config", str(cfg), "archive", "list", "--all"]) == 0
    ids = [line.split()[0].lstrip("#") for line in capsys.readouterr().out.splitlines()
           if title in line and " seed " not in line]  # fmt: skip
    shown = {}
    for item_id in ids:
        assert main(["--config", str(cfg), "archive", "show", item_id]) == 0
        shown[item_id] = capsys.readouterr().out
    return shown


@pytest.mark.parametrize("search_first", [False, True])
def test_a_search_entry_is_the_article_of_the_outlet_its_source_element_names(
    tmp_path: Path, outlet: OutletServer, wire: OutletServer,
    capsys: pytest.CaptureFixture[str], search_first: bool,
) -> None:  # fmt: skip
    feed, wire_feed, search = serve_sourced(outlet, wire)
    if search_first:
        first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
        assert main(["--config", str(first), "poll", "--once"]) == 0
        # The outlet <source> names is written into the title, as news-search feeds title it.
        assert sorted(delivered(first, capsys)) == sorted(
            f"{t} - The Barents Observer" for t, _ in ARTICLES
        )
    cfg = sourced_config(tmp_path / "sources.toml", feed, wire_feed, search)
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    titles = delivered(cfg, capsys)
    # Each outlet article once, and the wire desk's own article of the first headline.
    assert sorted(split_headline(t)[0] for t in titles) == sorted(
        [t for t, _ in ARTICLES] + [ARTICLES[0][0]]
    ), titles
    shown = sighted_by(cfg, ARTICLES[0][0], capsys)
    assert len(shown) == 2, shown  # the outlet's (or the search's) item, and the wire's
    wire_item = [text for text in shown.values() if "Wire desk" in text and WIRE_TEXT[:40] in text]
    assert len(wire_item) == 1 and "aggregator" not in wire_item[0], shown
    (ours,) = [text for text in shown.values() if text is not wire_item[0]]
    # Whichever of the outlet's and the search's entries came first holds the other's sighting.
    assert "News search: aggregator" in ours or "The Barents Observer: aggregator" in ours, ours
    if search_first:
        assert "The Barents Observer: aggregator" in ours, ours


def test_source_element_names_the_outlet_by_its_site() -> None:
    title = "Norway expels 15 Russian diplomats"
    full = HeadlineIndex([
        Headline(1, title, "AFP desk", "https://afp.example/a/1", False, False),
        Headline(2, title, "Outlet desk", "https://www.outlet.example/a/2", False, False),
    ])  # fmt: skip
    # Named otherwise than configured ("The Outlet Daily" is "Outlet desk"): its site decides.
    site = "https://outlet.example/"
    found = headline_copy(f"{title} - The Outlet Daily", "GN", None, aggregated=True,
                          short=False, archived=full, outlet_url=site)  # fmt: skip
    assert found is not None and found[0].ref == 2 and found[1] == "aggregator"
    # Without the site, a full search entry naming an outlet nobody polls stands for nothing.
    assert not headline_copy(f"{title} - The Outlet Daily", "GN", None, aggregated=True,
                             short=False, archived=full)  # fmt: skip
    assert same_site("https://www.outlet.example/x", "http://outlet.example/y")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/a")


def test_an_entry_is_judged_without_the_outlets_name() -> None:
    """ "Arctic shipping season opens early - High North News": the <source> says the suffix is
    the outlet, so it is not a term of the beat; the same title with no <source> keeps it."""
    from monitor.config import load_config
    from monitor.match import Matcher
    from monitor.prepare import analyse, judged_text, judged_title
    from monitor.types import Item

    beat = Matcher(load_config(Path(__file__).parent.parent / "sources.toml", {}).topics)
    headline = "Arctic shipping season opens early, Russian icebreakers ready"
    entry = Item(
        "GN", "g-1", "https://news.example/r/1", f"{headline} - High North News",
        summary=f"{headline}  High North News", outlet="High North News",
    )  # fmt: skip
    assert judged_title(entry) == headline and "High North" not in judged_text(entry)
    (scored,) = analyse(entry, beat, frozenset()).scores
    (alone,) = beat.term_scores(headline, headline)
    assert scored.score == alone.score and not scored.matched
    unnamed = Item("GN", "g-2", None, entry.title, summary=entry.summary)  # no <source>
    (kept,) = analyse(unnamed, beat, frozenset()).scores
    assert kept.score > scored.score  # "High North" counted: why the outlet is taken out


def test_an_off_topic_search_entry_first_does_not_swallow_the_outlet_s_article(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The search's entry comes first and its headline alone is off the beat; the outlet's own
    entry, polled later, carries the article that is on it: it is judged on its text and
    delivered, not taken for a copy of the headline it contains (found by bench/blackbox.py:
    relevant Russian and English reports lost when a search feed was polled first)."""
    title = (
        "First deputy governor holds a working meeting with a delegation from Troms county "
        "led by the head of the county government"
    )
    text = (
        "The governor of Murmansk region met a delegation from Troms og Finnmark county on "
        "Tuesday to discuss the border crossing at Storskog, which Norway has kept open for "
        "Russian citizens with visas. The Norwegian side raised the GPS jamming over Finnmark "
        "and the Russian military build-up on the Kola Peninsula."
    )
    link = outlet.url("/news/governor")
    outlet.route("/news/governor", f"<html><body><article><h1>{title}</h1><p>{text}</p>"
                 "</article></body></html>", content_type="text/html; charset=utf-8")  # fmt: skip
    outlet.route("/gn/governor", "<html><body><script>location='x'</script></body></html>",
                 content_type="text/html; charset=utf-8")  # fmt: skip
    search = outlet.route("/search.xml", search_feed([{
        "title": f"{title} - Murmansk Today", "link": outlet.url("/gn/governor"), "guid": "gn-g",
        "pubDate": "Sat, 21 Nov 2026 09:30:00 +0000", "description": f"{title} Murmansk Today",
        "outlet": "Murmansk Today", "source_url": "https://murmansk.example/",
    }]))  # fmt: skip
    feed = outlet.route("/outlet.xml", rss([{"title": title, "link": link, "guid": "own-g",
                        "description": f"{title}\n{text}",
                        "pubDate": "Sat, 21 Nov 2026 09:10:00 +0000"}]))  # fmt: skip
    first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
    assert main(["--config", str(first), "poll", "--once"]) == 0
    assert delivered(first, capsys) == []  # a headline with no word of the beat's
    own = {"name": "Murmansk Today", "language": "en"}
    both = write_config(tmp_path / "sources.toml",
                        [dict(own, url=feed), dict(SEARCH, url=search)])  # fmt: skip
    assert main(["--config", str(both), "poll", "--once"]) == 0
    assert delivered(both, capsys) == [title]
    from monitor.config import load_config
    from monitor.store import Store

    store = Store(load_config(both, {}).storage_url)
    (article,) = [i for i in store.recent() if i.title == title]  # ids are the archive's
    store.close()
    assert main(["--config", str(both), "archive", "show", str(article.id)]) == 0
    shown = capsys.readouterr().out
    assert "on topic:   yes" in shown and "Storskog" in shown


EXPORTS_TITLE = "Norway and Russia: new sanctions hit exports"
EXPORTS_TEXT = (
    "Salmon farmers along the coast reported record export prices in the third quarter, the "
    "Seafood Council said on Tuesday. Exports of salmon and trout rose to 38 billion kroner, "
    "with Poland, Denmark and France the largest markets. Prices per kilo climbed by twelve "
    "percent from a year earlier as supply from Chile fell. The council expects export volumes "
    "to grow again next year, with new farms in Troms coming into production and demand in "
    "Asia recovering. Cod exports fell as quotas were cut."
)


def serve_exports(
    outlet: OutletServer, said: str = f"{EXPORTS_TITLE} Coast Daily"
) -> tuple[str, str]:
    """Coast Daily's feed and page for the seafood-trade article, and a news search listing it
    under its headline with ``said`` as the entry's line: (feed, search)."""
    link = outlet.url("/news/exports")
    outlet.route("/news/exports", f"<html><body><article><h1>{EXPORTS_TITLE}</h1>"
                 f"<p>{EXPORTS_TEXT}</p></article></body></html>",
                 content_type="text/html; charset=utf-8")  # fmt: skip
    outlet.route("/gn/exports", "<html><body><script>location='x'</script></body></html>",
                 content_type="text/html; charset=utf-8")  # fmt: skip
    search = outlet.route("/search.xml", search_feed([{
        "title": f"{EXPORTS_TITLE} - Coast Daily", "link": outlet.url("/gn/exports"),
        "guid": "gn-x", "pubDate": "Sat, 21 Nov 2026 09:30:00 +0000", "description": said,
        "outlet": "Coast Daily", "source_url": "https://coast.example/",
    }]))  # fmt: skip
    feed = outlet.route("/outlet.xml", rss([{"title": EXPORTS_TITLE, "link": link,
                        "guid": "own-x", "description": EXPORTS_TEXT,
                        "pubDate": "Sat, 21 Nov 2026 09:10:00 +0000"}]))  # fmt: skip
    return feed, search


@pytest.mark.parametrize("kept_by", ["nobody", "operator", "its own text"])
def test_a_search_headline_the_outlet_s_article_shows_off_the_beat_is_withdrawn(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str], kept_by: str
) -> None:
    """A news search lists a headline that reads as the beat ("Norway and Russia: new
    sanctions hit exports"); the outlet's article, polled later, is the seafood trade. The
    item the headline started is withdrawn from the feeds, and `archive show` says why,
    unless an operator marked it relevant, or the search's entry carried an article's text
    of its own and was judged on it (found by bench/blackbox.py --search-first: on three
    outside sets, search entries judged on a headline cost 0.005 to 0.03 of precision)."""
    said = EXPORTS_TITLE + (
        ". Norway and Russia disagree on new sanctions; Moscow says Norwegian exports will be "
        "hit hard as Oslo joins the European Union's measures against Russian companies."
        if kept_by == "its own text" else " Coast Daily"
    )  # fmt: skip
    feed, search = serve_exports(outlet, said)
    first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
    assert main(["--config", str(first), "poll", "--once"]) == 0
    assert delivered(first, capsys) == [f"{EXPORTS_TITLE} - Coast Daily"]  # on its headline
    from monitor.config import load_config
    from monitor.store import Store

    store = Store(load_config(first, {}).storage_url)
    (entry,) = store.recent()
    store.close()
    if kept_by == "operator":
        assert main(["--config", str(first), "feedback", str(entry.id), "relevant"]) == 0
    both = write_config(tmp_path / "sources.toml", [{"name": "Coast Daily", "url": feed,
                        "language": "en"}, dict(SEARCH, url=search)])  # fmt: skip
    assert main(["--config", str(both), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(both), "archive", "show", str(entry.id)]) == 0
    shown = capsys.readouterr().out
    if kept_by == "nobody":
        assert delivered(both, capsys) == [], shown
        assert "on topic:   no" in shown and "withdrawn: the outlet's own article" in shown
        assert "Seafood Council" in shown  # the article's text is the item's now
    else:
        assert len(delivered(both, capsys)) == 1, shown
        assert "on topic:   yes" in shown and "withdrawn" not in shown, shown


def test_a_search_headline_does_not_bring_back_the_outlet_s_article_judged_off_the_beat(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other order: the outlet's article comes first and is judged off the beat on its
    text (the seafood trade); a news search then lists it under a headline that reads as the
    beat. The entry is the article's sighting, not an item of its own (bench/blackbox.py,
    tenth set: sport and energy articles came back through their search headlines)."""
    feed, search = serve_exports(outlet)
    own = write_config(tmp_path / "outlet-only.toml", [{"name": "Coast Daily", "url": feed,
                       "language": "en"}])  # fmt: skip
    assert main(["--config", str(own), "poll", "--once"]) == 0
    assert delivered(own, capsys) == []  # off the beat in full
    from monitor.config import load_config
    from monitor.store import Store

    store = Store(load_config(own, {}).storage_url)
    items = store.counts()["items"]  # the seeds and the article
    store.close()
    both = write_config(tmp_path / "sources.toml", [{"name": "Coast Daily", "url": feed,
                        "language": "en"}, dict(SEARCH, url=search)])  # fmt: skip
    assert main(["--config", str(both), "poll", "--once"]) == 0
    assert delivered(both, capsys) == []
    store = Store(load_config(both, {}).storage_url)
    try:
        assert store.counts()["items"] == items  # the search's entry is the article's sighting
    finally:
        store.close()


def test_a_search_entry_s_outlet_is_not_part_of_what_its_story_is_matched_on() -> None:
    """The outlet a news search names ("… - The Barents Observer") is not what the article
    says: as a name or a term it linked one outlet's reports of different events
    (bench/blackbox.py, story pair precision 0.83 on the tuning part with a search feed)."""
    from datetime import UTC, datetime

    from monitor.config import load_config
    from monitor.match import Matcher
    from monitor.prepare import analyse
    from monitor.types import Item

    config = load_config(Path(__file__).parent.parent / "sources.toml", {})
    headline = "Wagner defector detained by Norwegian police at the border"
    entry = Item(
        source="News search", guid="g", url="https://news.google.com/rss/articles/x",
        title=f"{headline} - The Barents Observer",
        summary=f"{headline} The Barents Observer", text="",
        fetched_at=datetime(2026, 11, 21, tzinfo=UTC), outlet="The Barents Observer",
    )  # fmt: skip
    sig = analyse(entry, Matcher(config.topics), frozenset()).signature
    spelt = " ".join((sig.spelt or {}).values()) + " " + " ".join(sig.terms)
    assert "Wagner" in spelt or "wagn" in spelt  # the headline's own words are there
    assert "Observer" not in spelt and "observ" not in spelt
    assert not any("barents" in t.lower() for t in sig.terms)
    # Its headline and nothing more (the blurb repeats it): it links only on strong evidence.
    assert sig.thin


def test_in_one_poll_the_outlet_s_own_entries_are_judged_before_the_search_s(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A news search listed first and answering first (the outlet is slow): the articles are
    still the outlet's own entries, with their text and address, and the search's entries
    are their sightings, not the other way round."""
    feed, search = serve(outlet)
    outlet.routes["/outlet.xml"].delay = 0.5  # the outlet answers after the search
    cfg = write_config(tmp_path / "sources.toml",
                       [dict(SEARCH, url=search), dict(OUTLET, url=feed)])  # fmt: skip
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "feed", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert sorted(i["title"] for i in items) == sorted(t for t, _ in ARTICLES)
    assert all("/news/" in i["url"] for i in items), [i["url"] for i in items]


def test_the_outlet_s_article_takes_the_place_of_the_search_entry_that_came_first(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under `monitor run` a news search whose schedule comes first lists an article before
    the outlet's feed does: the item was then the search engine's redirect link with the
    search's headline, and stayed so after the outlet's own entry came. Now the outlet's
    article takes its place: its link, headline and outlet, under the same entry id (a feed
    reader updates the entry; nothing is delivered twice), and the served feeds change."""
    from datetime import datetime

    import feedparser

    from monitor.config import load_config
    from monitor.store import Store

    feed, search = serve(outlet)
    first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
    assert main(["--config", str(first), "poll", "--once"]) == 0

    def entries(cfg: Path) -> dict[str, dict[str, object]]:
        capsys.readouterr()
        assert main(["--config", str(cfg), "feed", "--format", "json"]) == 0
        return {e["id"]: e for e in json.loads(capsys.readouterr().out)["items"]}

    before = entries(first)
    assert len(before) == 3
    assert sum("/gn/" in str(e.get("url")) for e in before.values()) >= 2  # redirect pages
    both = write_config(tmp_path / "sources.toml",
                        [dict(OUTLET, url=feed), dict(SEARCH, url=search)])  # fmt: skip
    store = Store(load_config(both, {}).storage_url)
    version = store.feed_version()
    store.close()
    assert main(["--config", str(both), "poll", "--once"]) == 0
    after = entries(both)
    assert after.keys() == before.keys()  # the same entries, not new ones
    own = {outlet.url(f"/news/{n}"): title for n, (title, _) in enumerate(ARTICLES)}
    assert {str(e["url"]): e["title"] for e in after.values()} == own
    assert {e["_monitor"]["outlet"] for e in after.values()} == {"The Barents Observer"}  # type: ignore[index]
    # A reader that keys on the entry's modification time fetches it again: JSON Feed's
    # date_modified and Atom's <updated> move on when the entry is rewritten.
    for uid, entry in after.items():
        assert str(entry["date_modified"]) > str(before[uid]["date_modified"]), (uid, entry)
    capsys.readouterr()
    assert main(["--config", str(both), "feed", "--format", "atom"]) == 0
    atom = feedparser.parse(capsys.readouterr().out)
    assert {e.id for e in atom.entries} == after.keys()
    for e in atom.entries:
        changed = datetime.fromisoformat(str(after[e.id]["date_modified"]))
        assert datetime.fromisoformat(e.updated.replace("Z", "+00:00")) == changed, e.id
    store = Store(load_config(both, {}).storage_url)
    try:
        assert store.feed_version() != version  # the web server's rendered feeds are stale
    finally:
        store.close()
    # The search's entry is still the item's first sighting: a later search poll is no news.
    assert main(["--config", str(both), "poll", "--once"]) == 0
    assert entries(both).keys() == before.keys()
    # The item is the article now, text and fingerprint: a word-for-word republication of it
    # is its exact copy (it was matched against the search's headline before).
    title, text = ARTICLES[1]
    again = outlet.route("/again.xml", rss([{"title": title, "link": outlet.url("/again/1"),
                         "guid": "again-1", "description": text,
                         "pubDate": "Sat, 21 Nov 2026 11:00:00 +0000"}]))  # fmt: skip
    three = write_config(tmp_path / "three.toml", [dict(OUTLET, url=feed),
                         dict(SEARCH, url=search), {"name": "Reposter", "url": again}])  # fmt: skip
    assert main(["--config", str(three), "poll", "--once"]) == 0
    assert entries(three).keys() == before.keys()
    store = Store(load_config(three, {}).storage_url)
    try:
        (item,) = [i for i in store.recent() if i.title == title]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["--config", str(three), "archive", "show", str(item.id)]) == 0
    assert "Reposter: fingerprint" in capsys.readouterr().out


LONG_NAME = "Radio Canada International (Eye on the Arctic)"


@pytest.mark.parametrize("search_first", [False, True])
def test_an_outlet_with_a_long_name_is_split_off_where_its_source_element_says(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str], search_first: bool
) -> None:
    """An outlet named in seven words: its search entry's headline was taken to run on to the
    title's end (the pattern allowed an outlet six words), so the outlet's article and the
    search's entry were both delivered (the eighth held-out set: three of Radio Canada
    International's). The <source> element names the outlet, and the headline ends before it;
    an archived entry, whose <source> is not kept, is split by the pattern, now up to nine."""
    title, text = ARTICLES[2]
    link = outlet.url("/eye/1")
    outlet.route(link.removeprefix(outlet.url("")), f"<html><body><article><h1>{title}</h1>"
                 f"<p>{text}</p></article></body></html>",
                 content_type="text/html; charset=utf-8")  # fmt: skip
    entry = {"title": title, "link": link, "guid": "eye-1", "description": text,
             "pubDate": "Sat, 21 Nov 2026 09:10:00 +0000"}  # fmt: skip
    feed = outlet.route("/eye.xml", rss([entry]))
    outlet.route("/gn/eye", "<html><body><script>location='x'</script></body></html>",
                 content_type="text/html; charset=utf-8")  # fmt: skip
    search = outlet.route("/eye-search.xml", search_feed([{
        "title": f"{title} - {LONG_NAME}", "link": outlet.url("/gn/eye"), "guid": "gn-eye",
        "pubDate": "Sat, 21 Nov 2026 09:30:00 +0000", "description": f"{title} {LONG_NAME}",
        "outlet": LONG_NAME, "source_url": outlet.url("/"),
    }]))  # fmt: skip
    own = {"name": "Eye on the Arctic", "language": "en", "url": feed}
    if search_first:
        first = write_config(tmp_path / "search-only.toml", [dict(SEARCH, url=search)])
        assert main(["--config", str(first), "poll", "--once"]) == 0
    cfg = write_config(tmp_path / "sources.toml", [own, dict(SEARCH, url=search)])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    titles = delivered(cfg, capsys)
    assert [t.removesuffix(f" - {LONG_NAME}") for t in titles] == [title], titles
    assert split_headline(f"{title} - {LONG_NAME}", LONG_NAME) == (title, LONG_NAME)
    assert split_headline(f"{title} - {LONG_NAME}") == (title, LONG_NAME)
    ten = "One Two Three Four Five Six Seven Eight Nine Ten"
    assert split_headline(f"{title} - {ten}") == (f"{title} - {ten}", None)  # a clause, no name
