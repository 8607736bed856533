"""URL canonicalisation: tracking, case, ports, slashes and fragments never split an article."""

from __future__ import annotations

import pytest

from monitor.canon import canonical_url


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.dw.com/en/a-1?utm_source=rss&utm_medium=feed", "https://dw.com/en/a-1"),
        ("HTTP://WWW.DW.COM:80/en/a-1/", "https://dw.com/en/a-1"),
        ("https://dw.com:443/en/a-1#comments", "https://dw.com/en/a-1"),
        ("https://x.no/a?fbclid=abc&id=2&gclid=z", "https://x.no/a?id=2"),
        ("https://x.no/a?b=2&a=1", "https://x.no/a?a=1&b=2"),
        ("https://sør-varanger.kommune.no/nyhet", "https://xn--sr-varanger-ggb.kommune.no/nyhet"),
        ("https://x.no//a//b", "https://x.no/a/b"),
    ],
)
def test_same_article_same_key(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://x.no/a?id=1", "https://x.no/a?id=2"),
        ("https://x.no/a", "https://x.no/b"),
        ("https://x.no/a", "https://y.no/a"),
        ("https://x.no:8443/a", "https://x.no/a"),
    ],
)
def test_different_articles_stay_apart(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "",
        "javascript:alert(1)",
        "mailto:a@b.no",
        "/relative",
        "http://",
        "https://x.no:99999/",
    ],
)
def test_non_links_have_no_key(bad: str | None) -> None:
    assert canonical_url(bad) is None


def test_idempotent() -> None:
    for url in ("https://www.x.no/a/?utm_x=1&q=%C3%B8#f", "http://[::1]:8080/p"):
        once = canonical_url(url)
        assert canonical_url(once) == once
