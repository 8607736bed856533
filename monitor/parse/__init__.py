"""Bytes in, items out: one parser per kind of document (feeds now; pages and articles later)."""

from monitor.parse.feed import ParsedFeed, parse_feed

__all__ = ["ParsedFeed", "parse_feed"]
