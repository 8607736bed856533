"""A copy of a copy is the item's copy (round 33, issue #26's thirty-sixth set, black-box): two
outlets carry one wire text, one lightly edited ("wczoraj" for "w piątek"), and a teaser of the
other outlet's version (its first two sentences and " …") shares too little with the edited
text alone to be found its copy. Taken as the edited text's copy, the other version's own
fingerprints were forgotten and its teaser was delivered again beside it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.types import Item
from tests.conftest import labelled_rows, open_pipeline, write_config

DAY = datetime(2019, 11, 16, 12, tzinfo=UTC)


def _item(row: dict[str, Any], source: str) -> Item:
    """As an outlet's page is read (its headline, then its text): the black-box run stored
    them so, and each version's own headline is then in its fingerprints."""
    url = f"https://{source.lower().replace(' ', '')}.example/{row['id']}"
    return Item(source=source, guid=url, url=url, title=str(row["title"]),
                text=f"{row['title']}\n{row['text']}", published=DAY, language="pl",
                fetched_at=DAY)  # fmt: skip


def _rows() -> tuple[Item, Item, Item]:
    """PAP's report of the spy swap of 15 November 2019: Polskie Radio's (BT006), Londynek's
    edited copy (BT007) and Polskie Radio's teaser of its own (BT077)."""
    rows = labelled_rows("thirtysixth_corpus.jsonl")
    own, edited, teaser = rows["BT006"], rows["BT007"], rows["BT077"]
    assert str(teaser["text"]).endswith("…") and str(own["text"]).startswith(
        str(teaser["text"])[:-2]
    )
    assert "wczoraj" in str(edited["text"]) and "w piątek" in str(own["text"])
    return (_item(own, "Polskie Radio"), _item(edited, "Londynek"),
            _item(teaser, "Polskie Radio"))  # fmt: skip


def test_the_teaser_alone_is_no_copy_of_the_edited_text(tmp_path: Path) -> None:
    """Why the copy's own text must be kept: without it the teaser is an item of its own."""
    _, edited, teaser = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (b,) = p.ingest([edited], DAY)
    (c,) = p.ingest([teaser], DAY + timedelta(hours=1))
    assert (b.verdict, c.verdict) == ("new", "new")


def test_a_teaser_of_a_copy_polled_later_is_the_items_copy(tmp_path: Path) -> None:
    own, edited, teaser = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (b,) = p.ingest([edited], DAY)
    (a,) = p.ingest([own], DAY + timedelta(hours=1))
    assert b.verdict == "new" and a.verdict == f"duplicate of #{b.item_id} (near-duplicate)"
    (c,) = p.ingest([teaser], DAY + timedelta(hours=2))
    assert c.verdict == f"duplicate of #{b.item_id} (near-duplicate)", c.verdict
    delivered = p.store.recent(limit=10)
    assert [i.id for i in delivered] == [b.item_id]


def test_a_teaser_of_a_copy_in_the_copys_batch_is_the_items_copy(tmp_path: Path) -> None:
    """As the black-box run polled them: the edited text first, then one outlet's feed with
    its own version and its teaser."""
    own, edited, teaser = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (b,) = p.ingest([edited], DAY)
    a, c = p.ingest([own, teaser], DAY + timedelta(hours=1))
    assert a.verdict == f"duplicate of #{b.item_id} (near-duplicate)"
    assert c.verdict == f"duplicate of #{b.item_id} (near-duplicate)", c.verdict


def test_all_three_in_one_batch_are_one_item(tmp_path: Path) -> None:
    own, edited, teaser = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    b, a, c = p.ingest([edited, own, teaser], DAY)
    assert b.verdict == "new"
    assert a.item_id == b.item_id and c.item_id == b.item_id, (a.verdict, c.verdict)
    assert [i.id for i in p.store.recent(limit=10)] == [b.item_id]


def _search_entry(copy: Item, hours: int) -> Item:
    """A news search's entry for an outlet's article: "Headline - Outlet", its <source>."""
    url = f"https://news.google.com/rss/articles/{copy.guid.rsplit('/', 1)[-1]}"
    return Item(source="News search", guid=url, url=url, title=f"{copy.title} - {copy.source}",
                text=copy.title, published=DAY, fetched_at=DAY + timedelta(hours=hours),
                outlet=copy.source, outlet_url="https://polskieradio.example/")  # fmt: skip


def test_a_news_search_entry_for_a_copy_is_the_items_copy(tmp_path: Path) -> None:
    """The copy's headline is kept with its sighting: a search's entry naming it and its
    outlet, in a later poll, stands for the item, not for a new article."""
    own, edited, _ = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (b,) = p.ingest([edited], DAY)
    (a,) = p.ingest([own], DAY + timedelta(hours=1))
    assert a.verdict == f"duplicate of #{b.item_id} (near-duplicate)"
    (s,) = p.ingest([_search_entry(own, 2)], DAY + timedelta(hours=2))
    assert s.verdict == f"duplicate of #{b.item_id} (aggregator)", s.verdict
    assert [i.id for i in p.store.recent(limit=10)] == [b.item_id]


def test_a_news_search_entry_in_the_copys_poll_is_the_items_copy(tmp_path: Path) -> None:
    own, edited, _ = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    b, a, s = p.ingest([edited, own, _search_entry(own, 0)], DAY)
    assert a.item_id == b.item_id and s.item_id == b.item_id, (a.verdict, s.verdict)


def _blog_copy() -> tuple[Item, Item, Item]:
    """The thirty-seventh set, black-box: a blog republished a Daily Mail copy's text and
    headline (BV059, the same fingerprint as BV058); the news search listed the blog's, and its
    entry, naming the blog, was delivered beside the item."""
    rows = labelled_rows("thirtyseventh_corpus.jsonl")

    def outlet(row: dict[str, Any], source: str) -> Item:
        url = f"https://{source}.example/{row['id']}"
        return Item(source=source, guid=url, url=url, title=str(row["title"]),
                    text=str(row["text"]), published=DAY, fetched_at=DAY)  # fmt: skip

    first, blog = outlet(rows["BV058"], "romaninukraine"), outlet(rows["BV059"], "tradcatknight")
    return first, blog, _search_entry(blog, 0)


def test_a_news_search_entry_for_an_outlets_exact_copy_is_the_items_copy(
    tmp_path: Path,
) -> None:
    first, blog, entry = _blog_copy()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    a, b = p.ingest([first, blog], DAY)
    assert a.verdict == "new" and b.verdict.endswith("(fingerprint)")
    (s,) = p.ingest([entry], DAY + timedelta(hours=1))
    assert s.verdict == f"duplicate of #{a.item_id} (aggregator)", s.verdict


def test_a_news_search_entry_in_an_exact_copys_poll_is_the_items_copy(tmp_path: Path) -> None:
    first, blog, entry = _blog_copy()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    a, b, s = p.ingest([first, blog, entry], DAY)
    assert a.verdict == "new" and b.verdict.endswith("(fingerprint)")
    assert s.verdict.endswith("(aggregator)") and s.item_id == a.item_id, s.verdict


def test_a_teasers_headline_as_a_copy_takes_no_other_outlets_article(tmp_path: Path) -> None:
    """Aftenposten's teaser (W094) is its article's copy (W039); its headline, kept as the
    item's, must not stand for NRK's report under the same headline (C003): a teaser's headline
    stands for any article that repeats it, an article's copy's does not (development corpus,
    black-box, after the copies' headlines were first kept)."""
    rows = labelled_rows("eleventh_corpus.jsonl", "fresh_corpus.jsonl")
    day = datetime(2018, 3, 26, 18, tzinfo=UTC)

    def item(rid: str, source: str) -> Item:
        r = rows[rid]
        url = f"https://{source}.example/{rid}"
        return Item(source=source, guid=url, url=url, title=str(r["title"]), text=str(r["text"]),
                    published=day, fetched_at=day, language="no")  # fmt: skip

    search = {"name": "News search", "url": "https://news.google.com/rss/search?q=norge"}
    p = open_pipeline(write_config(tmp_path / "sources.toml", [search]))  # a news search polled
    article, teaser, nrk = p.ingest(
        [item("W039", "aftenposten"), item("W094", "aftenposten"), item("C003", "nrk")], day
    )
    assert article.verdict == "new" and teaser.item_id == article.item_id, teaser.verdict
    assert nrk.verdict == "new", nrk.verdict
    (later,) = p.ingest([item("C005", "vg")], day + timedelta(hours=1))
    assert later.verdict == "new", later.verdict
