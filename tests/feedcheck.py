"""The required structure of the three feed formats, checked the way a validator would.

No feed validator runs offline here (the W3C one is a web service), so the rules that decide
whether readers accept a feed are checked from the specifications themselves: RFC 4287 (Atom)
4.1.1–4.1.2 and 3.3, RSS 2.0 (channel and item elements, RFC 822 dates) and JSON Feed 1.1.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def problems_atom(data: bytes) -> list[str]:
    out = []
    feed = etree.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return ["root is not atom:feed"]
    for name in ("id", "title", "updated"):
        if len(feed.findall(f"{ATOM}{name}")) != 1:
            out.append(f"feed must have exactly one atom:{name}")
    feed_author = feed.find(f"{ATOM}author") is not None
    ids = set()
    for i, entry in enumerate(feed.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                out.append(f"entry {i} must have exactly one atom:{name}")
        eid = entry.findtext(f"{ATOM}id")
        if eid in ids:
            out.append(f"entry {i} repeats id {eid}")
        ids.add(eid)
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            out.append(f"entry {i} has no author and the feed has none")
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) > 1:
            out.append(f"entry {i} has more than one alternate link")
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value is not None and not _RFC3339.match(value):
                out.append(f"entry {i} atom:{name} {value!r} is not RFC 3339")
    return out


def problems_rss(data: bytes) -> list[str]:
    out = []
    rss = etree.fromstring(data)
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return ["root is not <rss version='2.0'>"]
    channel = rss.find("channel")
    if channel is None:
        return ["no channel"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            out.append(f"channel must have {name}")
    for i, item in enumerate(channel.findall("item")):
        if item.find("title") is None and item.find("description") is None:
            out.append(f"item {i} needs a title or a description")
        date = item.findtext("pubDate")
        if date is not None:
            try:
                parsedate_to_datetime(date)
            except (TypeError, ValueError):
                out.append(f"item {i} pubDate {date!r} is not RFC 822")
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink") not in ("false", None):
            out.append(f"item {i} guid is not a permalink but says so")
    return out


def problems_json(data: bytes) -> list[str]:
    out = []
    doc = json.loads(data)
    if doc.get("version") != "https://jsonfeed.org/version/1.1":
        out.append("version must be https://jsonfeed.org/version/1.1")
    if not isinstance(doc.get("title"), str):
        out.append("title is required")
    ids = set()
    for i, item in enumerate(doc.get("items", [])):
        if not isinstance(item.get("id"), str) or item["id"] in ids:
            out.append(f"item {i} needs a unique string id")
        ids.add(item.get("id"))
        if "content_text" not in item and "content_html" not in item:
            out.append(f"item {i} needs content_text or content_html")
        for key in ("date_published", "date_modified"):
            if key in item:
                try:
                    datetime.fromisoformat(item[key])
                except ValueError:
                    out.append(f"item {i} {key} is not RFC 3339")
    return out


CHECKS = {"atom": problems_atom, "rss": problems_rss, "json": problems_json}
