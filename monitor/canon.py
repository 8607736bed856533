"""URL canonicalisation: the same article under two addresses must compare equal.

Outlets and aggregators decorate links with tracking parameters, session ids, fragments,
default ports, case differences, mobile and AMP variants; none of those change which article a
link points to. The result is still the article's address (fetchable), only tidier, so it is
also what the archive keeps as the key.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "matomo_", "hsa_", "_hs", "oly_")
_TRACKING = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mkt_tok", "ref_src", "ref_url", "_ga", "_gl", "cmpid", "ncid", "ocid",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "s_cid", "xtor", "__twitter_impression", "fb_ref",
        "maca",  # DW adds ?maca=en-rss-en-all-… to every link in its feeds
        # session ids: per visitor, never per article
        "sid", "sessionid", "session_id", "phpsessid", "jsessionid", "aspsessionid", "cfid",
        "cftoken",
        # AMP switches
        "amp", "outputtype", "_amp", "usqp",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.", "mobil.")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~-]*")  # nothing to quote or unquote
_AMP_CACHE = re.compile(r"^[a-z0-9-]+\.cdn\.ampproject\.org$")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING or low.startswith(_TRACKING_PREFIXES)


def _strip_amp_path(path: str) -> str:
    """'/amp/news/x', '/news/x/amp', '/news/x.amp', '/news/x.amp.html' → the plain article."""
    if path.startswith("/amp/"):
        path = path[4:]
    for suffix in ("/amp", "/amp/"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
    if path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    elif path.endswith(".amp"):
        path = path[: -len(".amp")]
    return path


def canonical_url(url: str | None) -> str | None:
    """A comparison key for ``url``; None for what is not an absolute http(s) link.

    http and https compare equal (outlets serve both); www., m., mobile. and amp. hosts compare
    equal to the bare host.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    path = parts.path
    if _AMP_CACHE.match(host) and path.startswith(("/c/s/", "/c/", "/v/s/", "/v/")):
        # Google's AMP cache: /c/s/www.example.com/path → https://www.example.com/path
        inner = path.split("/", 3 if path.startswith(("/c/s/", "/v/s/")) else 2)[-1]
        inner_host, _, inner_path = inner.partition("/")
        return canonical_url(f"https://{inner_host}/{inner_path}?{parts.query}")
    if not host.isascii():  # an ASCII host is its own IDNA form
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, changed = host[len(prefix) :], True
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ";" in path:
        path = _PATH_SESSION.sub("", path)
    if not _PLAIN_PATH.fullmatch(path):  # else quoting would give the path back unchanged
        path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")
    path = path or "/"
    while "//" in path:
        path = path.replace("//", "/")
    path = _strip_amp_path(path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = urlencode(sorted((k, v) for k, v in pairs if not _is_tracking(k)))
    else:
        query = ""
    return urlunsplit(("https", netloc, path, query, ""))
