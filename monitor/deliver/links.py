"""Addresses of our own pages, built from the configured base address, never from a request.

``[delivery] base_url`` (else ``[feeds] link``) is where the page is reachable, possibly under a
path prefix (``https://example.org/monitor``): every link we hand out is joined under it, so a
missing trailing slash cannot glue a path onto the host name (``…orgunsubscribe``) or drop the
prefix.
"""

from __future__ import annotations

from urllib.parse import urljoin

from monitor.config import Config

# The feed formats we write and serve. Here, not in deliver/feeds.py, so that the command
# line's parser (`monitor feed --format`) knows them without loading feedgen and the archive.
FORMATS = ("rss", "atom", "json")


def public_base(config: Config) -> str:
    """The page's public address, ending in "/"."""
    base = config.delivery.base_url or config.feed_link
    return base if base.endswith("/") else base + "/"


def under(base: str, path: str) -> str:
    """``path`` (relative, no leading slash) under the folder ``base`` names."""
    return urljoin(base if base.endswith("/") else base + "/", path.lstrip("/"))
