"""URL canonicalisation: tracking, case, ports, slashes and fragments never split an article."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://amp.theguardian.com/world/2026/nov/21/storskog",
            "https://www.theguardian.com/world/2026/nov/21/storskog",
        ),
        ("https://www.x.no/amp/nyheter/storskog-1.2", "https://x.no/nyheter/storskog-1.2"),
        ("https://x.no/nyheter/storskog-1.2/amp", "https://x.no/nyheter/storskog-1.2"),
        ("https://x.no/nyheter/storskog.amp.html", "https://x.no/nyheter/storskog.html"),
        ("https://x.no/a?outputType=amp&id=4", "https://x.no/a?id=4"),
        ("https://m.x.no/nyheter/a", "https://x.no/nyheter/a"),
        ("https://mobile.x.no/nyheter/a", "https://x.no/nyheter/a"),
        ("https://x.no/a;jsessionid=ABC123?id=2", "https://x.no/a?id=2"),
        ("https://x.no/a?PHPSESSID=abc&id=2&sid=9", "https://x.no/a?id=2"),
        (
            "https://www-dw-com.cdn.ampproject.org/c/s/www.dw.com/en/a-1?maca=x",
            "https://dw.com/en/a-1",
        ),
    ],
)
def test_amp_mobile_and_session_variants(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


def test_short_hosts_keep_their_prefix() -> None:
    assert canonical_url("https://m.no/a") == "https://m.no/a"  # no bare "no" host


# Property tests: never crash, idempotent, and never change what the address means.
_label = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True).filter(
    lambda s: s not in ("www", "amp", "m", "mobile", "mobil")
)
_segment = st.from_regex(r"[A-Za-z0-9._~-]{1,12}", fullmatch=True).filter(
    lambda s: s not in (".", "..", "amp") and not s.endswith(".amp")
)
_key = st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(
    lambda k: (
        not k.startswith(("utm", "mc", "pk", "hsa", "oly"))
        and k
        not in (
            "sid",
            "amp",
            "maca",
            "cfid",
            "xtor",
            "ocid",
            "ncid",
            "cmpid",
            "fbclid",
            "gclid",
            "dclid",
            "gbraid",
            "wbraid",
            "msclkid",
            "yclid",
            "twclid",
            "igshid",
            "usqp",
        )
    )
)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_never_crashes_on_any_text(text: str) -> None:
    result = canonical_url(text)
    assert result is None or result.startswith("https://")


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80).map(lambda t: "https://x.no/" + t)
)
@settings(max_examples=300)
def test_idempotent_on_any_path(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(
    scheme=st.sampled_from(["http", "https"]),
    labels=st.lists(_label, min_size=2, max_size=4),
    segments=st.lists(_segment, min_size=0, max_size=5),
    query=st.dictionaries(_key, st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True), max_size=3),
)
@settings(max_examples=300)
def test_keeps_host_path_and_meaningful_query(
    scheme: str, labels: list[str], segments: list[str], query: dict[str, str]
) -> None:
    from urllib.parse import parse_qsl, urlencode, urlsplit

    host = ".".join(labels)
    path = "/" + "/".join(segments)
    url = f"{scheme}://{host}{path}" + (f"?{urlencode(query)}" if query else "")
    parts = urlsplit(canonical_url(url))
    assert parts.hostname == host
    assert parts.path.rstrip("/") == path.rstrip("/") or (parts.path == "/" and path == "/")
    assert dict(parse_qsl(parts.query, keep_blank_values=True)) == query
