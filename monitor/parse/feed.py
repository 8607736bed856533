"""Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) → Items.

feedparser does the format detection, encoding sniffing, relative-link resolution and the
recovery of malformed XML ("bozo"); this module only decides what a usable item is and turns
feedparser's loose dicts into our one Item type.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from monitor.errors import ParseError
from monitor.parse.fastfeed import read_fast
from monitor.text import bounded_html, check_markup, html_to_text, one_line
from monitor.types import Item

# A publication date further ahead than this is a wrong clock or a typo, not news from the future.
_FUTURE_SLACK = timedelta(days=1)
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
# A feed is a window on the newest items, not an archive dump: a document with more entries is
# read up to this many (in document order, newest first by convention) and reported.
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[Item]
    ttl_minutes: int | None = None
    warning: str | None = None  # malformed but recovered: worth a log line, not a failure
    known: tuple[str, ...] = ()  # GUIDs of the entries left out because the caller knew them


@bounded_html  # one budget of HTML work per document: see monitor.text
def parse_feed(
    content: bytes,
    *,
    source: str,
    url: str,
    fetched_at: datetime,
    content_type: str | None = None,
    language: str | None = None,
    fast: bool = True,
    skip: frozenset[str] = frozenset(),
) -> ParsedFeed:
    """Parse one feed document; raise ParseError when nothing usable can be recovered.

    ``fast``: read plain UTF-8 RSS 2.0 and Atom with lxml (see fastfeed), feedparser otherwise;
    both give the same items (tests compare them). ``skip``: GUIDs the caller has already
    stored: those entries are not turned into items (cleaning their text was most of the cost
    of re-reading a feed with two new entries), only listed in ``known``."""
    if not content.strip():
        raise ParseError("the response was empty")
    if content.lstrip()[:1] == b"{":
        return _parse_json_feed(
            content, source=source, url=url, fetched_at=fetched_at, language=language
        )
    known = (lambda entry: _guid(entry, _link(entry)) in skip) if skip else None
    plain = read_fast(content, content_type, url, known) if fast else None
    if plain is not None:
        return _build(plain, plain["entries"], None, source, fetched_at, language, skip)
    check_markup(content)  # feedparser cannot be stopped half-way: bound its work before
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(bozo, _BENIGN):  # a wrong content type or charset label, read fine anyway
        bozo = None
    if not version and not entries:
        head = content.lstrip()[:200].lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise ParseError("the address serves an HTML page, not a feed")
        reason = f": {_describe(bozo)}" if bozo else ""
        raise ParseError(f"not a feed (RSS, Atom or JSON Feed){reason}")
    return _build(parsed.get("feed", {}), entries, bozo, source, fetched_at, language, skip)


def _build(
    feed: Any,
    entries: list[Any],
    bozo: Any,
    source: str,
    fetched_at: datetime,
    language: str | None,
    skip: frozenset[str] = frozenset(),
) -> ParsedFeed:
    lang = _language(language or feed.get("language"))
    items = []
    known = []
    for entry in entries:
        if skip:
            guid = _guid(entry, _link(entry))
            if guid in skip:
                known.append(guid)
                continue
        item = _entry_to_item(entry, source=source, fetched_at=fetched_at, language=lang)
        if item is not None:
            items.append(item)
    ttl = feed.get("ttl")
    read = len(items) + len(known)
    warning = f"malformed feed, {read} entries recovered: {_describe(bozo)}" if bozo else None
    if len(items) > MAX_ENTRIES:
        warning = f"{len(items)} entries in one document; the first {MAX_ENTRIES} were read"
        items = items[:MAX_ENTRIES]
    return ParsedFeed(
        title=one_line(feed.get("title", "")),
        items=items,
        ttl_minutes=int(ttl) if isinstance(ttl, str) and ttl.strip().isdigit() else None,
        warning=warning,
        known=tuple(known),
    )


def _describe(exc: Any) -> str:
    text = str(exc) or type(exc).__name__
    return one_line(text)[:200]


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()[:8] or None


def _entry_to_item(
    entry: Any, *, source: str, fetched_at: datetime, language: str | None
) -> Item | None:
    title = one_line(html_to_text(entry.get("title", "")))
    link = _link(entry)
    summary = html_to_text(entry.get("summary", ""))
    contents = entry.get("content") or []
    text = max((html_to_text(c.get("value", "")) for c in contents), key=len, default="")
    if text and summary and text == summary:
        summary = ""
    if not title and not text and not summary:
        return None
    if not title:
        title = one_line((text or summary)[:120])
    guid = _guid(entry, link)
    if not guid:
        digest = hashlib.sha256(f"{title}\n{summary}\n{text}".encode()).hexdigest()[:32]
        guid = f"sha256:{digest}"
    return Item(
        source=source,
        guid=guid,
        url=link,
        title=title[:1000],
        summary=summary[:20_000],  # html_to_text gives clean text already
        text=text[:200_000],
        published=_published(entry, fetched_at),
        language=_language(entry.get("language")) or language,
        fetched_at=fetched_at,
    )


def _guid(entry: Any, link: str | None) -> str:
    """The entry's id, else its link ("" when it has neither: then a digest of its text)."""
    return (one_line(entry.get("id") or "") or link or "")[:2000]


def _link(entry: Any) -> str | None:
    """The entry's link, else its first alternate link that is a web address."""
    link = entry.get("link")
    if _is_web(link):
        return link.strip()
    for alt in entry.get("links") or []:
        if alt.get("rel") == "alternate" and _is_web(href := alt.get("href")):
            return href.strip()
    return None


def _is_web(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip()[:8].lower().startswith(("http://", "https://"))


# Zone names Norwegian and Russian outlets put in RFC 822 dates, which feedparser reads as UTC.
_ZONES = {
    "CET": "+0100", "CEST": "+0200", "MSK": "+0300", "EET": "+0200", "EEST": "+0300",
    "WET": "+0000", "WEST": "+0100", "BST": "+0100", "IST": "+0100",
}  # fmt: skip
_NAMED_ZONE = re.compile(r"\s([A-Z]{3,4})\s*$")


def _named_zone_date(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    m = _NAMED_ZONE.search(raw)
    if not m or m.group(1) not in _ZONES:
        return None
    try:
        when = parsedate_to_datetime(raw[: m.start()] + " " + _ZONES[m.group(1)])
    except (TypeError, ValueError, IndexError):
        return None
    return when.astimezone(UTC) if when.tzinfo else None


def _published(entry: Any, fetched_at: datetime) -> datetime | None:
    for key in ("published", "updated", "created"):
        when = _named_zone_date(entry.get(key))
        if when is None:
            value = entry.get(f"{key}_parsed")
            if not value:
                continue
            try:
                when = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
        return _plausible(when, fetched_at)
    return None


def _plausible(when: datetime | None, fetched_at: datetime) -> datetime | None:
    if when is not None and _EARLIEST <= when <= fetched_at + _FUTURE_SLACK:
        return when
    return None


def _parse_json_feed(
    content: bytes, *, source: str, url: str, fetched_at: datetime, language: str | None
) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (feedparser 6 reads only XML formats)."""
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"invalid JSON: {exc}") from None
    if not isinstance(doc, dict) or "jsonfeed.org/version" not in str(doc.get("version", "")):
        raise ParseError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise ParseError("JSON Feed has no items list")
    lang = _language(language or doc.get("language"))
    base = doc.get("home_page_url") if isinstance(doc.get("home_page_url"), str) else url
    items = []
    for raw in raw_items[:MAX_ENTRIES]:
        if not isinstance(raw, dict):
            continue
        link = raw.get("url") if isinstance(raw.get("url"), str) else None
        entry = {
            "title": _str(raw.get("title")),
            "id": _str(raw.get("id")),
            "link": urljoin(base, link) if link else None,
            "summary": _str(raw.get("summary")),
            "content": [{"value": _str(raw.get("content_html")) or _str(raw.get("content_text"))}],
            "language": _str(raw.get("language")),
        }
        item = _entry_to_item(entry, source=source, fetched_at=fetched_at, language=lang)
        if item is None:
            continue
        published = None
        for key in ("date_published", "date_modified"):
            try:
                published = datetime.fromisoformat(_str(raw.get(key)).replace("Z", "+00:00"))
            except ValueError:
                continue
            published = _plausible(published if published.tzinfo else None, fetched_at)
            break
        items.append(_with_published(item, published))
    return ParsedFeed(title=one_line(_str(doc.get("title"))), items=items)


def _with_published(item: Item, published: datetime | None) -> Item:
    from dataclasses import replace

    return replace(item, published=published)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))
