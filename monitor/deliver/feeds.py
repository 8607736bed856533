"""The subscribers' feed of on-topic items as RSS 2.0, Atom 1.0 or JSON Feed 1.1.

feedgen builds the XML (escaping and element order done by lxml, not by string templates), so a
title full of markup or control characters cannot break a reader's parser. Entry ids are the
item's stable uid, so a reader never shows the same article twice after a rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from monitor.config import Config
from monitor.store import StoredItem
from monitor.text import snippet

FORMATS = ("rss", "atom", "json")
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


def render_feed(
    config: Config,
    items: Sequence[StoredItem],
    fmt: str,
    *,
    topic: str | None = None,
    self_url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Serialise ``items`` (newest first) in ``fmt``; returns UTF-8 bytes."""
    titles = {t.name: t.title for t in config.topics}
    title = config.feed_title + (f" — {titles.get(topic, topic)}" if topic else "")
    updated = max((i.fetched_at for i in items), default=now or datetime.now(UTC))
    if fmt == "json":
        return _json_feed(config, items, title, self_url, titles)
    fg = FeedGenerator()
    fg.id(self_url or config.feed_link + (f"feeds/{topic}" if topic else "feeds/all"))
    fg.title(title)
    fg.link(href=config.feed_link, rel="alternate")
    if self_url:
        fg.link(href=self_url, rel="self")
    fg.description(
        f"On-topic items found by the monitor: {titles.get(topic, topic)}"
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
        fe.id(entry_id(item))
        fe.guid(entry_id(item), permalink=False)
        fe.title(item.title)
        if item.url:
            fe.link(href=item.url, rel="alternate")
        fe.published(item.when)
        fe.updated(item.fetched_at)
        text = snippet(item.body, 600)
        if text:
            fe.summary(text) if fmt == "atom" else fe.description(text)
        fe.author(name=item.source)
        fe.dc.dc_creator(item.source)
        if item.url and fmt == "rss":
            fe.source(url=item.url, title=item.source)
        cats = [{"term": t, "label": titles.get(t, t)} for t in item.topics]
        if fmt == "rss":  # RSS readers show the text: the topic's name, like Atom's term
            cats = [{"term": c["term"]} for c in cats]
        # The story this article belongs to: other articles on the same event share it.
        cats.append({"term": story_id(item), "scheme": STORY_SCHEME})
        fe.category(cats)
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)


def _json_feed(
    config: Config,
    items: Sequence[StoredItem],
    title: str,
    self_url: str | None,
    titles: dict[str, str],
) -> bytes:
    doc: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": config.feed_link,
        "language": "en",
        "items": [
            {
                "id": entry_id(i),
                **({"url": i.url} if i.url else {}),
                "title": i.title,
                "content_text": snippet(i.body, 600) or i.title,
                "date_published": i.when.isoformat(),
                "date_modified": i.fetched_at.isoformat(),
                "authors": [{"name": i.source}],
                "tags": list(i.topics),
                "_monitor": {
                    "outlet": i.source,
                    "story": story_id(i),
                    "topics": [{"name": t, "title": titles.get(t, t)} for t in i.topics],
                },
            }
            for i in items
        ],
    }
    if self_url:
        doc["feed_url"] = self_url
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
