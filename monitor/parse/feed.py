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
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from feedparser.urls import make_safe_absolute_uri

from monitor.errors import ParseError
from monitor.parse.fastfeed import read_fast
from monitor.text import (
    bounded_html,
    check_markup,
    clean_text,
    headline_before,
    html_to_text,
    one_line,
)
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
    language: str | None = None  # the document's own (items may say otherwise)


def document_base(url: str, headers: Mapping[str, str] | None) -> str:
    """The address a feed's relative links and GUIDs resolve against: the response's
    Content-Location joined to the address fetched, as feedparser computes it when it fetches
    a feed itself (and only when the result is an http(s)-like safe address)."""
    location = (headers or {}).get("content-location", "")
    if not location:
        return url
    return make_safe_absolute_uri(url, location) or make_safe_absolute_uri(location) or url


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
    headers: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Parse one feed document; raise ParseError when nothing usable can be recovered.

    ``fast``: read plain UTF-8 RSS 2.0 and Atom with lxml (see fastfeed), feedparser otherwise;
    both give the same items (tests compare them). ``skip``: GUIDs the caller has already
    stored: those entries are not turned into items (cleaning their text was most of the cost
    of re-reading a feed with two new entries), only listed in ``known``. ``headers``: the
    response's, lower-case names: Content-Location is the document's base and
    Content-Language its default language, as feedparser reads them."""
    if not content.strip():
        raise ParseError("the response was empty")
    base = document_base(url, headers)
    if content.lstrip()[:1] == b"{":
        return _parse_json_feed(
            content, source=source, url=base, fetched_at=fetched_at, language=language
        )
    content_language = (headers or {}).get("content-language") or None
    known = (lambda entry: _guid(entry, _link(entry)) in skip) if skip else None
    plain = read_fast(content, content_type, base, known, content_language) if fast else None
    if plain is not None:
        return _build(plain, plain["entries"], None, source, fetched_at, language, skip)
    check_markup(content)  # feedparser cannot be stopped half-way: bound its work before
    given = {"content-location": base}
    if content_type:
        given["content-type"] = content_type
    if content_language:
        given["content-language"] = content_language
    content = _no_surrogate_refs(content)
    try:
        parsed = feedparser.parse(content, response_headers=given, sanitize_html=True)
    except UnicodeError as exc:  # a lone surrogate in an encoding _no_surrogate_refs cannot read
        raise ParseError(f"unreadable characters: {_describe(exc)}") from None
    parsed = _scrub(parsed)
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
    # Only Atom declares a field's type; feedparser's "text/plain" for an RSS title is a guess,
    # and a title's escaped markup is markup in RSS (its double-escaped text stays text).
    typed = version.startswith("atom")
    feed = parsed.get("feed", {})
    return _build(feed, entries, bozo, source, fetched_at, language, skip, typed)


_SURROGATE = re.compile("[\ud800-\udfff]")
# A character reference to a lone surrogate (&#55296; &#xD800;): feedparser's lenient parser
# raises on it, failing the whole document.
_SURROGATE_REF = re.compile(rb"&#(?:0*(5[5-7][0-9]{3})|[xX]0*([dD][89a-fA-F][0-9a-fA-F]{2}));")


def _no_surrogate_refs(content: bytes) -> bytes:
    """References to lone surrogates → to U+FFFD, so that feedparser reads the rest."""
    if b"&#" not in content:
        return content

    def fix(m: re.Match[bytes]) -> bytes:
        number = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        return b"&#65533;" if 0xD800 <= number <= 0xDFFF else m.group(0)

    return _SURROGATE_REF.sub(fix, content)


def _scrub(value: Any) -> Any:
    """Lone surrogates (a "\\ud800" in JSON, "&#55296;" that feedparser's lenient parser lets
    through) replaced by U+FFFD in place: no text can be stored or sent with one, and one
    entry's must not fail the whole source on every poll."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if not value.isascii() else value
    if isinstance(value, dict):
        for key, inner in list(value.items()):
            if (clean := _scrub(inner)) is not inner:
                dict.__setitem__(value, key, clean)  # FeedParserDict maps names on set
    elif isinstance(value, list):
        value[:] = [_scrub(inner) for inner in value]  # in place: the dicts are shared
    return value


def _build(
    feed: Any,
    entries: list[Any],
    bozo: Any,
    source: str,
    fetched_at: datetime,
    language: str | None,
    skip: frozenset[str] = frozenset(),
    typed: bool = True,
) -> ParsedFeed:
    """``typed``: the fields' types are the document's own (Atom, JSON Feed, the fast path's
    entries), not feedparser's guesses."""
    lang = _language(language or feed.get("language"))
    items = []
    known = []
    for entry in entries:
        if skip:
            guid = _guid(entry, _link(entry))
            if guid in skip:
                known.append(guid)
                continue
        item = _entry_to_item(
            entry, source=source, fetched_at=fetched_at, language=lang, typed=typed
        )
        if item is not None:
            items.append(item)
    ttl = feed.get("ttl")
    read = len(items) + len(known)
    warning = f"malformed feed, {read} entries recovered: {_describe(bozo)}" if bozo else None
    if len(items) > MAX_ENTRIES:
        warning = f"{len(items)} entries in one document; the first {MAX_ENTRIES} were read"
        items = items[:MAX_ENTRIES]
    title = feed.get("title", "")
    kind = feed.get("title_type") or (feed.get("title_detail") or {}).get("type") if typed else None
    return ParsedFeed(
        title=one_line(_as_text(title, kind)) if title else "",
        items=items,
        ttl_minutes=int(ttl) if isinstance(ttl, str) and ttl.strip().isdigit() else None,
        warning=warning,
        known=tuple(known),
        language=lang,
    )


def _as_text(value: Any, kind: Any) -> str:
    """The text of a field: HTML read once (html_to_text decodes its entities once); a field
    its feed declares as text (Atom type="text", JSON Feed's plain fields) kept as the outlet
    wrote it — its "&lt;" is text, not markup."""
    if not isinstance(value, str):
        return ""
    if kind == "text/plain":
        return clean_text(value)
    return html_to_text(value)


def _kind(entry: Any, key: str) -> Any:
    detail = entry.get(f"{key}_detail")
    return detail.get("type") if detail else None


def _untyped(entry: Any, key: str) -> None:
    return None


def _describe(exc: Any) -> str:
    text = str(exc) or type(exc).__name__
    return one_line(text)[:200]


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()[:8] or None


def _entry_to_item(
    entry: Any,
    *,
    source: str,
    fetched_at: datetime,
    language: str | None,
    typed: bool = True,
) -> Item | None:
    """One entry as an Item, None when it has no text at all. ``typed``: see _build."""
    kinds = _kind if typed else _untyped
    title = one_line(_as_text(entry.get("title", ""), kinds(entry, "title")))
    link = _link(entry)
    contents = entry.get("content") or []
    kind = kinds(entry, "summary")
    if typed and kind is None and contents and entry.get("summary") == contents[0].get("value"):
        kind = contents[0].get("type")  # feedparser copied the content, not its type
    summary = _as_text(entry.get("summary", ""), kind)
    texts = (_as_text(c.get("value", ""), c.get("type") if typed else None) for c in contents)
    text = max(texts, key=len, default="")
    if text and summary and text == summary:
        summary = ""
    if not title and not text and not summary:
        return None
    if not title:
        title = one_line((text or summary)[:120])
    outlet, outlet_url = _outlet(entry)
    if outlet and title and headline_before(title, outlet) is None:
        title = f"{title} - {outlet}"  # as news-search feeds title it: the headline and by whom
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
        outlet=outlet,
        outlet_url=outlet_url,
    )


def _outlet(entry: Any) -> tuple[str | None, str | None]:
    """The outlet an entry's RSS <source> element names, and its address: a news-search feed's
    entry is that outlet's article (issue #28, class 5). (None, None) when there is none."""
    src = entry.get("source")
    if not isinstance(src, dict):
        return None, None
    name = one_line(str(src.get("title") or ""))[:200] or None
    href = src.get("href")
    return name, (href.strip() if isinstance(href, str) and _is_web(href) else None)


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
        doc = _scrub(json.loads(content.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(f"invalid JSON: {one_line(str(exc))[:200]}") from None
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
        html = _str(raw.get("content_html"))
        # JSON Feed's title, summary and content_text are plain text: an "&lt;" in them is
        # what the outlet means to show, not markup to read again
        entry = {
            "title": _str(raw.get("title")),
            "title_detail": {"type": "text/plain"},
            "id": _str(raw.get("id")),
            "link": urljoin(base, link) if link else None,
            "summary": _str(raw.get("summary")),
            "summary_detail": {"type": "text/plain"},
            "content": [
                {"value": html, "type": "text/html"}
                if html
                else {"value": _str(raw.get("content_text")), "type": "text/plain"}
            ],
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
            # in UTC like every other date (JSON Feed gives RFC 3339 with the feed's offset)
            aware = published.astimezone(UTC) if published.tzinfo else None
            published = _plausible(aware, fetched_at)
            break
        items.append(replace(item, published=published))
    return ParsedFeed(title=one_line(_str(doc.get("title"))), items=items, language=lang)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))
