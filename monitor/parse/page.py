"""HTML listing pages → Items, by the CSS selectors configured for the source.

For outlets without a usable feed. Each ``item`` block yields one Item: its link (resolved
against the page address and its <base>), title, optional date and summary. Blocks without a
usable http(s) link are skipped; a page where the item selector finds nothing is an error, since
that almost always means the outlet changed its layout and the selectors need updating.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from monitor.config import Selectors
from monitor.errors import ParseError
from monitor.parse.dates import parse_date
from monitor.parse.feed import ParsedFeed, _plausible
from monitor.text import clean_text, one_line
from monitor.types import Item


def _pick(block: Tag, selector: str | None) -> Tag | None:
    if selector is None:
        return None
    if not selector.strip():
        return block
    found = block.select_one(selector)
    return found if isinstance(found, Tag) else None


def _date_of(tag: Tag | None) -> str | None:
    if tag is None:
        return None
    for attr in ("datetime", "content", "data-date", "title"):
        value = tag.get(attr)
        if isinstance(value, str) and value.strip():
            return value
    return tag.get_text(" ", strip=True)


def parse_page(
    content: bytes,
    *,
    source: str,
    url: str,
    selectors: Selectors,
    fetched_at: datetime,
    content_type: str | None = None,
    language: str | None = None,
) -> ParsedFeed:
    if not content.strip():
        raise ParseError("the page was empty")
    encoding = None
    if content_type and "charset=" in content_type.lower():
        encoding = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    soup = BeautifulSoup(content, "lxml", from_encoding=encoding)
    base = url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag) and isinstance(base_tag.get("href"), str):
        base = urljoin(url, str(base_tag["href"]))
    html_tag = soup.find("html")
    page_lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    lang = language or (str(page_lang).split("-")[0].lower() if page_lang else None)
    blocks = soup.select(selectors.item)
    if not blocks:
        raise ParseError(
            f'no element matches the item selector "{selectors.item}": '
            "the page layout may have changed"
        )
    items: list[Item] = []
    seen: set[str] = set()
    for block in blocks:
        link_tag = _pick(block, selectors.link)
        href = link_tag.get("href") if link_tag is not None else None
        if not isinstance(href, str) or not href.strip():
            continue
        link = urljoin(base, href.strip())
        if not link.lower().startswith(("http://", "https://")) or link in seen:
            continue
        seen.add(link)
        title_tag = _pick(block, selectors.title) if selectors.title else link_tag
        title = one_line(title_tag.get_text(" ", strip=True)) if title_tag is not None else ""
        if not title:
            continue
        summary_tag = _pick(block, selectors.summary)
        summary = clean_text(summary_tag.get_text(" ", strip=True)) if summary_tag else ""
        published = _plausible(parse_date(_date_of(_pick(block, selectors.date))), fetched_at)
        items.append(
            Item(
                source=source,
                guid=link,
                url=link,
                title=title[:1000],
                summary=summary[:20_000],
                published=published,
                language=lang,
                fetched_at=fetched_at,
            )
        )
    title_tag = soup.find("title")
    return ParsedFeed(title=one_line(title_tag.get_text()) if title_tag else "", items=items)
