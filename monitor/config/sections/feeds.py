"""[feeds]: the title and link of the RSS/Atom feeds the monitor serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any) -> tuple[str, str]:
    """(feed_title, feed_link)."""
    feeds = c.table(data, "feeds", ("title", "link"))
    title = c.string(feeds, "title", "feeds.title", "High North monitor")
    link = c.string(feeds, "link", "feeds.link", "http://localhost:8080/")
    return title, link
