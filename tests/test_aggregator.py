"""News-search feeds (issue #28, class 5): an aggregator's entry is the outlet's article.

An outlet feed and a Google-News-like search feed ("Headline - Outlet", a <source> element, a
link to a redirect page) served by tests/outlet.py, the search entries 20 minutes after the
outlet's; `monitor poll --once`, then the feed writer: every article once, whichever arrives
first."""

from __future__ import annotations

import json
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
    # The index finds a headline by its rarer words, not by comparing with every item.
    titles = [f"Norway and Russia talk, item {n} round {n * 7}" for n in range(500)]
    many = HeadlineIndex([Headline(n, t, "X", None, True, False) for n, t in enumerate(titles)])
    found = many.candidates(headline_words("Norway and Russia talk, item 7 round 49"))
    assert 1 <= len(found) <= 3 and 7 in {h.ref for h in found}
