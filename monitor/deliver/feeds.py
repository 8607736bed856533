"""The subscribers' feed of on-topic items as RSS 2.0, Atom 1.0 or JSON Feed 1.1.

feedgen builds the XML (escaping and element order done by lxml, not by string templates), so a
title full of markup or control characters cannot break a reader's parser. Entry ids are the
item's stable uid, so a reader never shows the same article twice after a rebuild.

Archived titles and summaries are text, and stay text in every format: Atom's title and summary
are text constructs, JSON Feed's are plain strings, and RSS's description, which readers render as
HTML, carries the text HTML-escaped (a literal "<script>" an outlet escaped is shown, not run). An
item without a usable link still gets an entry (its id is the stable uid; Atom then carries the
text as content); an item that still cannot be written is left out, logged once and counted, and
the rest of the feed goes out.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from monitor.config import Config
from monitor.deliver.links import FORMATS as FORMATS  # kept importable from here
from monitor.deliver.links import public_base, under
from monitor.deliver.writable import safe, skipped, web_link
from monitor.store import StoredItem
from monitor.text import snippet

MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


STORY_SCHEME = "urn:high-north-monitor:story"


def entry_id(item: StoredItem) -> str:
    return f"urn:uuid:{item.uid}"


def story_id(item: StoredItem) -> str:
    return f"story-{item.story_id or item.id}"


def feed_path(topic: str | None, fmt: str) -> str:
    """Where a feed is served, relative to the page: feeds/all.atom, feeds/{topic}.rss …"""
    return f"feeds/{topic or 'all'}.{fmt}"


def render_feed(
    config: Config,
    items: Sequence[StoredItem],
    fmt: str,
    *,
    topic: str | None = None,
    self_url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Serialise ``items`` (newest first) in ``fmt``; returns UTF-8 bytes. The feed's id comes
    from the configuration, never from ``self_url`` (which a request's Host header may set)."""
    titles = {t.name: t.title for t in config.topics}
    title = safe(config.feed_title + (f" — {titles.get(topic, topic)}" if topic else ""))
    updated = max((i.modified for i in items), default=now or datetime.now(UTC))
    if fmt == "json":
        return _json_feed(config, items, title, self_url, titles)
    fg = FeedGenerator()
    fg.id(under(public_base(config), f"feeds/{topic or 'all'}"))
    fg.title(title)
    fg.link(href=config.feed_link, rel="alternate")
    if self_url:
        fg.link(href=self_url, rel="self")
    fg.description(
        f"On-topic items found by the monitor: {safe(titles.get(topic, topic))}"
        if topic
        else "On-topic items found by the monitor, all topics"
    )
    fg.language("en")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    fg.generator("High North monitor")
    fg.load_extension("dc")
    # feedgen prepends entries; add oldest first so the output is newest first.
    for item in reversed(items):
        fe = fg.add_entry()
        try:
            _entry(fe, item, fmt, titles)
            fe.atom_entry() if fmt == "atom" else fe.rss_entry()  # what serialising will ask
        except Exception as exc:  # one item never stops the feed: leave it out, say so once
            fg.remove_entry(fe)
            skipped(fmt, item, exc)
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)


def _link(item: StoredItem) -> str | None:
    """The item's address if a reader can follow it (http or https), else None."""
    return web_link(item.url)


def _entry(fe: FeedEntry, item: StoredItem, fmt: str, titles: dict[str, str]) -> None:
    url = _link(item)
    source = safe(item.source) or "unknown outlet"
    text = safe(snippet(item.body, 600))
    title = safe(" ".join(item.title.split())) or text[:120] or source
    fe.id(entry_id(item))
    fe.guid(entry_id(item), permalink=False)
    fe.title(title)
    if url:
        fe.link(href=url, rel="alternate")
    fe.published(item.when)
    fe.updated(item.modified)
    if fmt == "atom":
        if text:
            fe.summary(text, type="text")
        if not url:  # Atom needs an alternate link or content: the text is the content
            fe.content(text or title, type="text")
    elif text:
        # RSS readers render <description> as HTML: the text goes in escaped, so it stays text.
        fe.description(html.escape(text, quote=False))
    fe.author(name=source)
    fe.dc.dc_creator(source)
    if url and fmt == "rss":
        fe.source(url=url, title=source)
    cats = [{"term": t, "label": safe(titles.get(t, t))} for t in item.topics]
    if fmt == "rss":  # RSS readers show the text: the topic's name, like Atom's term
        cats = [{"term": c["term"]} for c in cats]
    # The story this article belongs to: other articles on the same event share it.
    cats.append({"term": story_id(item), "scheme": STORY_SCHEME})
    fe.category(cats)


def _json_feed(
    config: Config,
    items: Sequence[StoredItem],
    title: str,
    self_url: str | None,
    titles: dict[str, str],
) -> bytes:
    entries = []
    for i in items:
        try:
            entries.append(_json_item(i, titles))
        except Exception as exc:  # one item never stops the feed
            skipped("json", i, exc)
    doc: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": config.feed_link,
        "language": "en",
        "items": entries,
    }
    if self_url:
        doc["feed_url"] = self_url
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _json_item(i: StoredItem, titles: dict[str, str]) -> dict[str, object]:
    url = _link(i)
    source = safe(i.source)
    text = safe(snippet(i.body, 600))
    title = safe(" ".join(i.title.split()))
    entry: dict[str, object] = {
        "id": entry_id(i),
        **({"url": url} if url else {}),
        "title": title,
        "content_text": text or title,
        "date_published": i.when.isoformat(),
        "date_modified": i.modified.isoformat(),
        "authors": [{"name": source}],
        "tags": list(i.topics),
        "_monitor": {
            "outlet": source,
            "story": story_id(i),
            "topics": [{"name": t, "title": safe(titles.get(t, t))} for t in i.topics],
        },
    }
    json.dumps(entry, ensure_ascii=False).encode("utf-8")  # raises here, not for the feed
    return entry
