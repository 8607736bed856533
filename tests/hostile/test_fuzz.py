"""Property tests: parsers raise nothing but the project's ParseError on any input; dates are
never invented; templates render any string as text."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.config import Selectors, SubscriberConfig, load_config
from monitor.deliver.mail import build_digest
from monitor.errors import ParseError
from monitor.parse import parse_feed
from monitor.parse.article import extract_article
from monitor.parse.dates import parse_date
from monitor.parse.page import parse_page
from monitor.store import StoredItem

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@FUZZ
@given(st.binary(max_size=2000))
def test_feed_parser_on_any_bytes(data: bytes) -> None:
    try:
        feed = parse_feed(data, source="s", url="https://x.example/", fetched_at=NOW)
    except ParseError:
        return
    for item in feed.items:
        assert "\n" not in item.title and len(item.title) <= 1000


@FUZZ
@given(title=text, body=text, date=text, link=text)
def test_feed_parser_on_any_field_values(title: str, body: str, date: str, link: str) -> None:
    doc = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(body)}</description><pubDate>{escape(date)}</pubDate></item>"
        "</channel></rss>"
    ).encode("utf-8", "surrogatepass")
    try:
        feed = parse_feed(doc, source="s", url="https://x.example/", fetched_at=NOW)
    except ParseError:
        return
    for item in feed.items:
        assert item.url is None or item.url.startswith(("http://", "https://"))
        assert item.published is None or item.published <= NOW.replace(year=2026, day=23)


@FUZZ
@given(st.binary(max_size=3000))
def test_page_and_article_parsers_on_any_bytes(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_page(data, source="s", url="https://x.example/", fetched_at=NOW,
                   selectors=Selectors(item="div", link="a", title="", date="time"))  # fmt: skip
    with contextlib.suppress(ParseError):
        extract_article(data, "https://x.example/a")


@FUZZ
@given(text)
def test_dates_never_raise_and_are_utc(value: str) -> None:
    when = parse_date(value)
    assert when is None or (when.tzinfo is not None and when.utcoffset().total_seconds() == 0)


CONFIG = load_config(__import__("pathlib").Path(__file__).parents[2] / "sources.toml", {})


@FUZZ
@given(title=text, body=text, outlet=text)
def test_templates_render_any_text_as_text(title: str, body: str, outlet: str) -> None:
    item = StoredItem(
        id=1, uid="u", source=outlet or "o", url="https://x.example/1", title=title or "t",
        summary=body, text="", published=NOW, fetched_at=NOW, language="en",
        topics=("high-north",), terms=("Storskog",),
    )  # fmt: skip
    msg = build_digest(CONFIG, SubscriberConfig("a@example.org"), [item], NOW)
    html = msg.get_body(("html",)).get_content()
    plain = msg.get_body(("plain",)).get_content()
    assert "\n" not in str(msg["Subject"])
    one_line_title = " ".join((title or "t").split())
    if one_line_title and "<" in one_line_title:
        # never raw markup; unless the page around the title holds that text anyway ("<",
        # "<p"), where its presence says nothing
        plain_item = replace(item, title="t")
        page = build_digest(CONFIG, SubscriberConfig("a@example.org"), [plain_item], NOW)
        if one_line_title not in page.get_body(("html",)).get_content():
            assert one_line_title not in html
    assert "\x00" not in plain
