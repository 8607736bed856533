"""A fast path for the common feed: well-formed UTF-8 RSS 2.0 or Atom 1.0, read with lxml.

feedparser reads anything, but at ~30 ms for a 50-entry, 120 KiB feed it was the largest single
cost of a poll of a thousand outlets (lxml reads the same document in ~1 ms). This module reads
the plain case into the same entry dicts feedparser would give, and declines — returns None,
and feedparser takes over — at the first thing it does not handle exactly like feedparser.

What it reads is a closed list: the elements below (``_RSS_ITEM``, ``_ATOM_ENTRY``, …), each
field we keep at most once, no attribute it does not know, no xml:base, no xml:lang below the
root, no DTD, UTF-8 only, HTML built from the tags feedparser's sanitiser keeps and
html_to_text reads the same way. Anything else — an unknown element in an item, a namespace it
does not read, a duplicate — is feedparser's business: a guess here would change archive keys.
tests/test_peer_feeds.py holds it to feedparser's items on feedparser's own test corpus, and
tests/test_parse_feed.py on generated feeds.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
from collections.abc import Callable
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin
from feedparser.sanitizer import _HTMLSanitizer
from feedparser.urls import _urljoin
from lxml import etree

_ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM = "{" + _ATOM_NS + "}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DC_DATE = _DC + "date"
_MEDIA = "{http://search.yahoo.com/mrss/}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
_XML_LANG = _XML + "lang"
_XML_DECL = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
    remove_pis=True, load_dtd=False, recover=False,
)  # fmt: skip
_UTF8 = ("utf-8", "utf8")
# An absolute http(s) address that feedparser's _urljoin would give back unchanged (urljoin
# returns an absolute link with a host re-assembled from its parts): lower-case scheme, a plain
# ASCII host, no whitespace or backslash, no ';' (urlparse's params), no empty query or
# fragment (re-assembly drops a bare '?' or '#'). Anything else goes through _urljoin.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.\-_~!$&'()*+,=:@%]+(?:[/?#][^\s\\;]*)?(?<![?#])", re.ASCII
)

# Elements an RSS 2.0 item may hold. Those we keep are read below; the others feedparser files
# under names we never read (author, tags, enclosures, media) and must be empty of elements.
_RSS_ITEM_KEPT = frozenset({"title", "link", "guid", "description", _CONTENT, "pubDate", _DC_DATE})
_RSS_ITEM_LEAVES = frozenset({
    "author", "category", "comments", "enclosure", _DC + "creator", _MEDIA + "content",
    _MEDIA + "thumbnail", "{http://wellformedweb.org/CommentAPI/}commentRss",
    "{http://purl.org/rss/1.0/modules/slash/}comments",
})  # fmt: skip
_RSS_CHANNEL_KEPT = frozenset({"title", "language", "ttl"})
_RSS_CHANNEL_LEAVES = frozenset({
    "link", "description", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "rating", _ATOM + "link",
    "{http://purl.org/rss/1.0/modules/syndication/}updatePeriod",
    "{http://purl.org/rss/1.0/modules/syndication/}updateFrequency",
    "{http://purl.org/rss/1.0/modules/syndication/}updateBase",
})  # fmt: skip
# Channel elements with leaf children of their own (feedparser files them apart).
_RSS_CHANNEL_GROUPS = {
    "image": frozenset({"url", "title", "link", "width", "height", "description"}),
    "skipHours": frozenset({"hour"}),
    "skipDays": frozenset({"day"}),
}
_ATOM_ENTRY_KEPT = frozenset(
    _ATOM + n for n in ("id", "title", "summary", "content", "published", "updated")
)
_ATOM_ENTRY_LEAVES = frozenset({_ATOM + "category", _MEDIA + "content", _MEDIA + "thumbnail"})
_ATOM_FEED_LEAVES = frozenset(
    _ATOM + n for n in ("id", "updated", "link", "category", "generator", "icon", "logo")
)
_ATOM_PEOPLE = frozenset({_ATOM + "author", _ATOM + "contributor"})
_ATOM_PERSON = frozenset(_ATOM + n for n in ("name", "email", "uri"))
_HTML_TYPES = ("text/html", "application/xhtml+xml")

# HTML whose text feedparser's sanitiser and html_to_text read alike: tags the sanitiser keeps
# (it drops the others but keeps their text; html_to_text drops some with their text), bar
# noscript (kept by one, dropped by the other), and script and style (both drop them with
# their text); every '<' opens such a tag, with attributes in quotes that hold no '<' or '>'.
_FAST_TAGS = (frozenset(_HTMLSanitizer.acceptable_elements) - {"noscript"}) | {"script", "style"}
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*"
    r"(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))?)*)\s*(/?)>"
)
# Code points feedparser maps from windows-1252 ("demoronize"): the C1 controls.
_C1 = re.compile("[\x80-\x9f]")


class Decline(Exception):
    """Not the plain case: feedparser reads this document."""


Known = Callable[[dict[str, Any]], bool] | None


def read_fast(
    content: bytes,
    content_type: str | None,
    base: str = "",
    known: Known = None,
    content_language: str | None = None,
) -> dict[str, Any] | None:
    """{"title", "title_type", "language", "ttl", "entries"} as feedparser would give, or None
    to decline. ``base``: the document's address (with Content-Location applied), against which
    feedparser resolves links and permalink GUIDs (GUIDs are archive keys: they must come out
    exactly the same). ``known``: tells from an entry's link and id alone that the caller has
    it: such an entry is given with those two fields only (a re-read feed is mostly entries
    already stored). ``content_language``: the response's Content-Language, feedparser's
    default language for the document."""
    try:
        return _read(content, content_type, base, known, content_language)
    except (Decline, etree.XMLSyntaxError, ValueError):
        return None


def _read(
    content: bytes, content_type: str | None, base: str, known: Known, language: str | None
) -> dict[str, Any]:
    if content[:3] == b"\xef\xbb\xbf":
        content = content[3:]
    head = content.lstrip()[:512]
    if b"<!DOCTYPE" in content[:4096].upper() or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Decline
    declared = _XML_DECL.match(head)
    if declared and declared.group(1).decode().lower() not in _UTF8:
        raise Decline
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
        if charset not in _UTF8:
            raise Decline
    root = etree.fromstring(content, _PARSER)
    if root.tag == "rss" and root.get("version", "").startswith("2."):
        return _rss(root, base, known, language)
    if root.tag == f"{_ATOM}feed":
        return _atom(root, base, known, language)
    raise Decline


def _fp(value: str) -> str:
    """What feedparser does to every text it keeps: strip it, undo UTF-8 read as Latin-1
    ("â€¦" → "…"), map windows-1252 code points ("\\x92" → "’")."""
    value = value.strip()
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    if _C1.search(value):
        raise Decline  # rare: feedparser's own table decides
    return value


def _text(el: Any) -> str:
    """The element's text as feedparser keeps it; an element with child elements (markup
    written into the feed) is feedparser's business."""
    if len(el):  # child elements: unescaped markup in the feed, feedparser's business
        raise Decline
    return _fp(el.text or "")


def _html(value: str) -> str:
    """HTML whose text feedparser's sanitiser and html_to_text agree on, else Decline."""
    if "<" not in value:
        return value
    if "<!" in value or "<?" in value:  # comments, CDATA: the sanitiser decides
        raise Decline
    tags = 0
    for m in _TAG.finditer(value):
        if m.group(2).lower() not in _FAST_TAGS:
            raise Decline
        tags += 1
    if tags != value.count("<"):
        raise Decline  # a '<' that opens no tag of the kind above
    return value


def _rss_title(value: str) -> str:
    """An RSS title as feedparser gives it: sanitised when its looks_like_html takes it for
    HTML (then its tags must be ones we read alike), as written otherwise. RSS types nothing:
    parse_feed reads the title as HTML either way."""
    if ("<" in value or "&" in value) and _FeedParserMixin.looks_like_html(value):
        return _html(value)
    return value


def _only(seen: set[str], tag: str) -> None:
    """A field we keep, met once: a second one is feedparser's (it keeps the last, or the
    first, depending on the field)."""
    if tag in seen:
        raise Decline
    seen.add(tag)


def _leaf(el: Any) -> None:
    if len(el):
        raise Decline


def _join(base: str, value: str) -> str:
    """feedparser's resolution of a link or GUID against the document's address, skipped
    (60 µs, twice an entry) when it would not change anything, or taken from the base's
    directory when the value is one plain path segment (a GUID such as "12345" or "farm-3-0",
    which feedparser turns into an address: every entry of such a feed)."""
    if _PLAIN_URL.fullmatch(value) and "?#" not in value:
        return value
    if base and _SEGMENT.fullmatch(value) and (directory := _directory(base)) is not None:
        return directory + value
    return _urljoin(base, value)


# One relative path segment: no scheme (no ':'), no '/', '?', '#', ';', '\\', no whitespace, not
# '.' or '..' (it cannot start with a dot). urljoin puts it after the base's last '/', whatever
# else the base holds, so its answer is the answer for any other such segment with the segment
# swapped (_directory asks urljoin itself, once per base).
_SEGMENT = re.compile(r"[A-Za-z0-9_~\-][A-Za-z0-9._~\-]*", re.ASCII)


@functools.lru_cache(maxsize=256)
def _directory(base: str) -> str | None:
    """What urljoin puts before a segment joined to ``base``; None if it does not join (a
    base that is no hierarchical address)."""
    probe = _urljoin(base, "x")
    return probe[:-1] if probe.endswith("/x") else None


_ENTITY_IN_LINK = re.compile("&([A-Za-z0-9_]+);")


def _entry_link(base: str, value: str) -> str:
    """An entry's <link>: resolved, then feedparser's repair of '&amp;' in query strings."""
    value = _join(base, value) if value else value
    if "&" in value:
        value = _ENTITY_IN_LINK.sub(r"&\1", value.replace("&amp;", "&"))
    return value


def _date(raw: str) -> tuple[str, time.struct_time | None]:
    return raw, (_parse_date(raw) if raw else None)


def _no_attributes(el: Any, allowed: tuple[str, ...] = ()) -> None:
    for name in el.attrib:
        if name not in allowed:
            raise Decline


def _root_language(root: Any, header: str | None) -> str:
    """feedparser's document language before any <language>: the root's xml:lang, else (an
    empty one too) the response's Content-Language."""
    lang = root.get(_XML_LANG) or header
    return lang.replace("_", "-") if lang else ""


def _rss(root: Any, base: str, known: Known, language: str | None) -> dict[str, Any]:
    _no_attributes(root, ("version", _XML_LANG))
    if len(root) != 1 or root[0].tag != "channel":
        raise Decline
    channel = root[0]
    _no_attributes(channel)
    feed: dict[str, Any] = {"title": "", "title_type": None, "ttl": "",
                            "language": _root_language(root, language)}  # fmt: skip
    seen: set[str] = set()
    entries = []
    for el in channel:
        tag = el.tag
        if tag == "item":
            entries.append(_rss_item(el, base, known))
        elif tag in _RSS_CHANNEL_KEPT:
            _only(seen, tag)
            _no_attributes(el)
            if tag == "title":
                feed["title"] = _rss_title(_text(el))
            else:
                feed[tag] = _text(el)
        elif tag in _RSS_CHANNEL_LEAVES:
            _leaf(el)
        elif tag in _RSS_CHANNEL_GROUPS:
            if tag in seen:
                raise Decline
            seen.add(tag)
            for child in el:
                if child.tag not in _RSS_CHANNEL_GROUPS[tag]:
                    raise Decline
                _leaf(child)
        else:
            raise Decline
    feed["entries"] = entries
    return feed


def _rss_item(it: Any, base: str, known: Known) -> dict[str, Any]:
    if it.attrib:
        raise Decline
    fields: dict[str, Any] = {}
    for el in it:
        tag = el.tag
        if tag in _RSS_ITEM_KEPT:
            if tag in fields:
                raise Decline
            _no_attributes(el, ("isPermaLink",) if tag == "guid" else ())
            fields[tag] = el
        elif tag in _RSS_ITEM_LEAVES:
            _leaf(el)
        else:
            raise Decline
    entry: dict[str, Any] = {}
    link = fields.get("link")
    guid = fields.get("guid")
    if link is not None:
        entry["link"] = _entry_link(base, _text(link))
    if guid is not None:
        gid = _text(guid)
        if guid.get("isPermaLink", "true") == "true":  # feedparser's exact test
            if gid:
                gid = _join(base, gid)
            entry.setdefault("link", gid)
        entry["id"] = gid
    if known is not None and known(entry):
        return entry
    title = fields.get("title")
    if title is not None:
        entry["title"] = _rss_title(_text(title))
    desc = fields.get("description")
    if desc is not None:
        entry["summary"] = _html(_text(desc))
        entry["summary_detail"] = {"type": "text/html"}
    content = fields.get(_CONTENT)
    if content is not None:
        value = _html(_text(content))
        entry["content"] = [{"value": value, "type": "text/html"}]
        entry.setdefault("summary", value)
        entry.setdefault("summary_detail", {"type": "text/html"})
    for tag, key in (("pubDate", "published"), (_DC_DATE, "updated")):
        el = fields.get(tag)
        if el is not None:
            entry[key], entry[f"{key}_parsed"] = _date(_text(el))
    return entry


def _atom_type(el: Any) -> str:
    """An Atom text construct's type as feedparser names it; xhtml and the rest decline."""
    _no_attributes(el, ("type",))
    kind = el.get("type", "text").lower()
    kind = {"text": "text/plain", "html": "text/html"}.get(kind, kind)
    if kind not in ("text/plain", "text/html"):
        raise Decline  # xhtml (markup in the feed), base64 or other media types
    return kind


def _atom_body(el: Any) -> tuple[str, str]:
    kind = _atom_type(el)
    value = _text(el)
    return (_html(value) if kind == "text/html" else value), kind


def _atom(root: Any, base: str, known: Known, language: str | None) -> dict[str, Any]:
    _no_attributes(root, (_XML_LANG,))
    feed: dict[str, Any] = {"title": "", "title_type": "text/plain", "ttl": "",
                            "language": _root_language(root, language)}  # fmt: skip
    seen: set[str] = set()
    entries = []
    for el in root:
        tag = el.tag
        if tag == _ATOM + "entry":
            entries.append(_atom_entry(el, base, known))
        elif tag == _ATOM + "title":
            _only(seen, tag)
            feed["title"], feed["title_type"] = _atom_body(el)
        elif tag in _ATOM_FEED_LEAVES:
            _leaf(el)
            _no_attributes(el, ("href", "rel", "type", "hreflang", "title", "length", "term",
                                "scheme", "label", "uri", "version"))  # fmt: skip
        elif tag in _ATOM_PEOPLE:
            _person(el)
        elif tag in (_ATOM + "subtitle", _ATOM + "rights"):
            _atom_body(el)
        else:
            raise Decline
    feed["entries"] = entries
    return feed


def _person(el: Any) -> None:
    for child in el:
        if child.tag not in _ATOM_PERSON:
            raise Decline
        _leaf(child)


def _atom_entry(it: Any, base: str, known: Known) -> dict[str, Any]:
    if it.attrib:
        raise Decline
    fields: dict[str, Any] = {}
    alternate = None
    for el in it:
        tag = el.tag
        if tag in _ATOM_ENTRY_KEPT:
            if tag in fields:
                raise Decline
            fields[tag] = el
        elif tag == _ATOM + "link":
            _leaf(el)
            _no_attributes(el, ("href", "rel", "type", "hreflang", "title", "length"))
            if el.get("rel", "alternate") == "alternate":
                if alternate is not None or el.get("href") is None:
                    raise Decline  # feedparser picks among several by type
                if el.get("type", "text/html").lower() not in _HTML_TYPES:
                    raise Decline
                alternate = el
        elif tag in _ATOM_PEOPLE:
            _person(el)
        elif tag in _ATOM_ENTRY_LEAVES:
            _leaf(el)
        elif tag == _ATOM + "rights":
            _atom_body(el)
        else:
            raise Decline
    entry: dict[str, Any] = {}
    if alternate is not None:
        entry["link"] = _join(base, alternate.get("href").strip())
    el = fields.get(_ATOM + "id")
    if el is not None:
        _no_attributes(el)
        gid = _text(el)
        if gid:  # feedparser reads an Atom id as a permalink GUID: resolved, and the link
            gid = _join(base, gid)  # when the entry has none
        entry.setdefault("link", gid)
        entry["id"] = gid
    if known is not None and known(entry):
        return entry
    title = fields.get(_ATOM + "title")
    if title is not None:
        entry["title"], kind = _atom_body(title)
        entry["title_detail"] = {"type": kind}
    summary = fields.get(_ATOM + "summary")
    if summary is not None:
        entry["summary"], kind = _atom_body(summary)
        entry["summary_detail"] = {"type": kind}
    content = fields.get(_ATOM + "content")
    if content is not None:
        if content.get("src") is not None:
            raise Decline
        value, kind = _atom_body(content)
        entry["content"] = [{"value": value, "type": kind}]
        entry.setdefault("summary", value)
        entry.setdefault("summary_detail", {"type": kind})
    for key in ("published", "updated"):
        el = fields.get(_ATOM + key)
        if el is not None:
            _no_attributes(el)
            entry[key], entry[f"{key}_parsed"] = _date(_text(el))
    return entry
