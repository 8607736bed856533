"""Full article text: extracted without page chrome or comments; failures fall back, counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.parse.article import extract_article
from tests.conftest import open_pipeline, rss, seeds, write_config
from tests.outlet import OutletServer

ARTICLES = Path(__file__).parent / "data" / "articles"
PAGE = (ARTICLES / "clashreport_article_boilerplate_comments.html").read_bytes()


def test_main_text_without_boilerplate_or_comments() -> None:
    a = extract_article(PAGE, "https://clashreport.com/world/articles/x")
    assert "On May 22, Norway announced the easing" in a.text
    assert "Arctic Norway." in a.text
    for junk in ("Reader42", "cookies", "Trending story", "All rights reserved", "Section 3"):
        assert junk not in a.text
    assert a.language == "en"
    assert a.published is not None and a.published.date().isoformat() == "2025-05-22"


def test_text_the_main_extractor_misses_is_found_by_its_fallbacks() -> None:
    """No paragraphs, lines split by <br>: trafilatura's main extractor alone finds nothing
    here; the readability/jusText fallbacks, run only when it fails, find the article."""
    line = "Border guards at Storskog reported a quiet week as traffic from Russia fell again. "
    page = f"<html lang='en'><body><div>{line * 3}<br>{line * 3}"
    page += "<br>Officials in Kirkenes expect the crossing to stay quiet.</div></body></html>"
    a = extract_article(page.encode(), "https://x.example/a", metadata=False)
    assert a.text.startswith("Border guards at Storskog")
    assert "Officials in Kirkenes expect the crossing to stay quiet." in a.text
    assert a.language == "en"


@pytest.mark.parametrize("page", [b"", b"<html><body><p>Too short.</p></body></html>", b"\x00\xff"])
def test_pages_without_text_raise_parse_error(page: bytes) -> None:
    with pytest.raises(ParseError):
        extract_article(page, "https://x.example/a")


@pytest.mark.parametrize("pooled", [False, True], ids=["thread", "worker-processes"])
def test_summary_only_feed_gets_article_text_and_seed_copy_is_caught(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    """A feed with one-line summaries: the article page supplies the text, so a republished
    seed (Clash Report) is recognised, and a new article is matched on its full text. The
    same in a big poll, where the pages are extracted in worker processes."""
    import monitor.pipeline as pipeline_mod

    monkeypatch.setattr(pipeline_mod, "POOL_MIN_SOURCES", 1 if pooled else 10_000)
    outlet.route("/a/clash", PAGE, content_type="text/html; charset=utf-8")
    new_page = (
        "<html lang='en'><body><nav>Home News Sport</nav><article><h1>Quiet week</h1>"
        + "<p>Defence officials in Oslo said the new Norwegian coastal radar at Vardø will watch "
        "Russian naval traffic from the Kola Peninsula and the Barents Sea.</p>"
        * 4
        + "</article><footer>Contact us</footer></body></html>"
    )
    outlet.route("/a/new", new_page, content_type="text/html")
    outlet.route("/a/broken", "<html><body>404-ish</body></html>", content_type="text/html")
    feed = rss(
        [
            {
                "title": "Norway eases training limits",
                "link": outlet.url("/a/clash"),
                "guid": "c1",
                "description": "Read more.",
            },
            {
                "title": "A quiet week",
                "link": outlet.url("/a/new"),
                "guid": "n1",
                "description": "A quiet week.",
            },
            {
                "title": "Border talks in Kirkenes with Russia and Norway",
                "guid": "b1",
                "link": outlet.url("/a/broken"),
                "description": "Norway and Russia held border talks in Kirkenes.",
            },
        ]
    )
    url = outlet.route("/feed.xml", feed)
    cfg = write_config(tmp_path / "sources.toml", [{"name": "Summaries", "url": url}])
    cfg.write_text(cfg.read_text().replace("fetch_article = false\n", ""))  # the default: auto
    p = open_pipeline(cfg)
    try:
        (r,) = p.poll(p.config.sources)
        assert (p._pool is not None) == pooled
    finally:
        p.close()
    assert (r.articles_fetched, r.article_failures) == (2, 1)
    assert r.duplicate == 1  # the Clash Report seed, known from its article text
    assert r.new == 2  # the radar story (matched on its text) and the talks (on the summary)
    stored = {i.title: i for i in p.store.recent()}
    assert "coastal radar at Vardø" in stored["A quiet week"].text
    assert stored["Border talks in Kirkenes with Russia and Norway"].text == ""
    assert "(1 article pages unreadable: summary used)" in r.line()
    assert p.store.source_state("Summaries").article_failures == 1
    detail = p.store.item_detail(2)
    assert detail is not None and detail[0].title == seeds()[1]["title"]
    assert [s.reason for s in detail[2]] == ["seed", "near-duplicate"]


def test_long_off_topic_summary_is_not_fetched_in_full(
    tmp_path: Path, outlet: OutletServer
) -> None:
    """A summary long enough to judge, with no rule term in it, is off the beat: its article is
    not fetched. A teaser, or a summary naming the beat, is."""
    page = (
        "<html><body><article><p>"
        + "Full text of the article. " * 30
        + "</p></article></body></html>"
    )
    for name in ("football", "border", "teaser"):
        outlet.route(f"/a/{name}", page, content_type="text/html")
    football = "The local football club won the cup final after extra time in front of " * 4
    border = "Norwegian and Russian officials met at Storskog to talk about the border " * 4
    entries = [("Cup final", "football", football), ("Talks", "border", border),
               ("Quiet week", "teaser", "More.")]  # fmt: skip
    for _, name, text in entries:
        text = text if len(text) > 20 else "The weather in Oslo was quiet all week long. " * 4
        page = f"<html><body><article><p>{text * 3} Full text of the {name} article.</p></article>"
        outlet.route(f"/a/{name}", page + "</body></html>", content_type="text/html")
    feed = rss(
        [
            {"title": t, "link": outlet.url(f"/a/{n}"), "guid": n, "description": d}
            for t, n, d in entries
        ]
    )
    cfg = write_config(
        tmp_path / "sources.toml", [{"name": "S", "url": outlet.route("/f.xml", feed)}]
    )
    cfg.write_text(cfg.read_text().replace("fetch_article = false\n", ""))  # the default: auto
    p = open_pipeline(cfg)
    (r,) = p.poll(p.config.sources)
    assert r.articles_fetched == 2
    assert outlet.requests_for("/a/football") == []
    assert len(outlet.requests_for("/a/border")) == len(outlet.requests_for("/a/teaser")) == 1
    assert (r.new, r.off_topic) == (1, 2)
