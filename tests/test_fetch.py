"""Fetching against misbehaving servers on 127.0.0.1: each fault named, the others unaffected."""

from __future__ import annotations

import gzip
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from monitor import fetch
from monitor.politeness import parse_retry_after
from tests.conftest import OFF_TOPIC, ON_TOPIC, open_pipeline, rss, write_config
from tests.outlet import LoopbackServer, OutletServer


def poll(tmp_path: Path, sources: list[dict[str, object]], fetch: str = 'host_delay = "0s"'):
    p = open_pipeline(write_config(tmp_path / "sources.toml", sources, fetch=fetch))
    return p, {r.name: r for r in p.poll(p.config.sources)}


def test_trickling_server_hits_the_total_timeout(tmp_path: Path, outlet: OutletServer) -> None:
    trickle = outlet.route("/trickle.xml", rss([ON_TOPIC]), trickle=0.5)
    good = outlet.route("/good.xml", rss([ON_TOPIC]))
    started = time.monotonic()
    _, r = poll(
        tmp_path,
        [{"name": "Trickle", "url": trickle}, {"name": "Good", "url": good}],
        fetch='host_delay = "0s"\ntotal_timeout = "2s"\nread_timeout = "5s"',
    )
    assert time.monotonic() - started < 10
    assert r["Trickle"].error == "no complete answer within 2s"
    assert r["Good"].new == 1


def test_response_size_cap_while_streaming_and_gzip_bomb(
    tmp_path: Path, outlet: OutletServer
) -> None:
    huge = outlet.route("/huge.xml", b"<rss>" + b"x" * (50 * 1024 * 1024))
    bomb_body = gzip.compress(b"<rss>" + b" " * (200 * 1024 * 1024), compresslevel=9)
    assert len(bomb_body) < 1024 * 1024  # small on the wire
    bomb = outlet.route("/bomb.xml", bomb_body, headers={"Content-Encoding": "gzip"})
    _, r = poll(
        tmp_path,
        [{"name": "Huge", "url": huge}, {"name": "Bomb", "url": bomb}],
        fetch='host_delay = "0s"\nmax_size_mb = 5',
    )
    assert r["Huge"].error == "the response is larger than 5 MiB"
    assert r["Bomb"].error == "the response is larger than 5 MiB"


def test_consent_wall_cookie_is_kept_across_the_redirect(
    tmp_path: Path, outlet: OutletServer
) -> None:
    walled = outlet.route("/walled.xml", rss([ON_TOPIC]), cookie="consent=yes")
    _, r = poll(tmp_path, [{"name": "Walled", "url": walled}])
    assert (r["Walled"].new, r["Walled"].error) == (1, None)
    first, second = outlet.requests_for("/walled.xml")
    assert "cookie" not in first.headers
    assert second.headers["cookie"] == "consent=yes"


def test_redirect_loop_and_permanent_redirect(tmp_path: Path, outlet: OutletServer) -> None:
    loop_a = outlet.route("/loop-a", status=302, headers={"Location": "/loop-b"})
    outlet.route("/loop-b", status=302, headers={"Location": "/loop-a"})
    moved = outlet.route("/old.xml", status=301, headers={"Location": "/new.xml"})
    outlet.route("/new.xml", rss([ON_TOPIC]))
    p, r = poll(tmp_path, [{"name": "Loop", "url": loop_a}, {"name": "Moved", "url": moved}])
    assert r["Loop"].error == "more than 5 redirects"
    assert r["Moved"].new == 1
    assert (
        r["Moved"].warning == f"moved permanently to {outlet.url('/new.xml')}; update sources.toml"
    )
    assert p.store.source_state("Moved").url == outlet.url("/new.xml")
    before = len(outlet.requests_for("/old.xml"))
    p.poll(p.config.sources[1:])
    assert len(outlet.requests_for("/old.xml")) == before  # the stored address is used now
    assert outlet.requests_for("/new.xml")[-1].path == "/new.xml"


def test_429_with_retry_after_backs_off(tmp_path: Path, outlet: OutletServer) -> None:
    busy = outlet.route("/busy.xml", "slow down", status=429, headers={"Retry-After": "7200"})
    p, r = poll(tmp_path, [{"name": "Busy", "url": busy, "interval": "15m"}])
    assert r["Busy"].error == "HTTP 429 Too Many Requests (Retry-After: 7200)"
    state = p.store.source_state("Busy")
    assert state.next_attempt is not None and state.last_attempt is not None
    assert state.next_attempt - state.last_attempt >= timedelta(hours=2)
    from monitor.health import due_sources

    assert due_sources(p.config, p.store, state.last_attempt + timedelta(hours=1)) == []
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("999999") == 24 * 3600


def test_failing_source_backs_off_exponentially_and_recovers(
    tmp_path: Path, outlet: OutletServer
) -> None:
    outlet.route("/flaky.xml", "down", status=500)
    p, _ = poll(tmp_path, [{"name": "Flaky", "url": outlet.url("/flaky.xml"), "interval": "10m"}])
    gaps = []
    for _ in range(4):
        s = p.store.source_state("Flaky")
        assert s.next_attempt and s.last_attempt
        gaps.append(s.next_attempt - s.last_attempt)
        p.poll(p.config.sources)
    assert gaps == [timedelta(minutes=m) for m in (10, 20, 40, 80)]
    state = p.store.source_state("Flaky")
    assert state.consecutive_failures == 5 and state.failing_since is not None
    outlet.route("/flaky.xml", rss([ON_TOPIC]))
    p.poll(p.config.sources)
    state = p.store.source_state("Flaky")
    assert (state.consecutive_failures, state.failing_since, state.next_attempt) == (0, None, None)


def test_feed_ttl_and_max_age_lengthen_the_interval(tmp_path: Path, outlet: OutletServer) -> None:
    doc = rss([ON_TOPIC]).replace("<description>test</description>", "<ttl>120</ttl>")
    url = outlet.route("/ttl.xml", doc, headers={"Cache-Control": "public, max-age=600"})
    p, _ = poll(tmp_path, [{"name": "TTL", "url": url, "interval": "15m"}])
    state = p.store.source_state("TTL")
    assert state.min_interval == 7200
    from monitor.health import due_sources

    assert state.last_attempt is not None
    assert due_sources(p.config, p.store, state.last_attempt + timedelta(minutes=30)) == []
    assert due_sources(p.config, p.store, state.last_attempt + timedelta(hours=2)) != []


def test_charsets_header_bom_and_declaration(tmp_path: Path, outlet: OutletServer) -> None:
    title_no = "Grensen ved Storskog: «Russland og Norge» – Sør-Varanger"
    title_ru = "Граница Норвегии и России в Финнмарке"
    doc_no = rss([{"title": title_no, "link": "https://x.example/1", "guid": "1"}])
    doc_ru = rss([{"title": title_ru, "link": "https://x.example/2", "guid": "2"}])
    cp1252 = outlet.route(
        "/cp1252.xml",
        doc_no.replace('encoding="utf-8"', 'encoding="windows-1252"').encode("cp1252"),
    )
    koi8 = outlet.route(
        "/koi8.xml",
        doc_ru.replace('<?xml version="1.0" encoding="utf-8"?>\n', "").encode("koi8-r"),
        content_type="application/rss+xml; charset=KOI8-R",
    )
    bom = outlet.route(
        "/bom.xml",
        b"\xef\xbb\xbf"
        + doc_no.replace('encoding="utf-8"', "")
        .replace("x.example/1", "y.example/3")
        .replace("Sør-Varanger", "Sør-Varanger (BOM)")
        .encode(),
        content_type="text/xml",
    )
    p, r = poll(
        tmp_path,
        [{"name": "CP", "url": cp1252}, {"name": "KOI", "url": koi8}, {"name": "BOM", "url": bom}],
    )
    assert all(x.error is None for x in r.values()), r
    titles = {row.source: row.title for row in p.store.list_items(10, include_off_topic=True)}
    assert titles["CP"] == title_no and titles["BOM"] == title_no + " (BOM)"
    assert titles["KOI"] == title_ru


def test_per_host_concurrency_cap_and_delay(tmp_path: Path, outlet: OutletServer) -> None:
    sources = []
    for i in range(6):
        url = outlet.route(f"/cap/{i}.xml", rss([dict(OFF_TOPIC, guid=f"g{i}")]), delay=0.3)
        sources.append({"name": f"S{i}", "url": url})
    _p, r = poll(tmp_path, sources, fetch='per_host = 2\nhost_delay = "0s"')
    assert all(x.error is None for x in r.values())
    assert outlet.max_active["cap"] == 2
    started = time.monotonic()
    _p2, _ = poll(
        tmp_path / "x" if (tmp_path / "x").mkdir() is None else tmp_path,
        sources[:3],
        fetch='per_host = 4\nhost_delay = "400ms"',
    )
    assert time.monotonic() - started >= 0.8  # three starts, 400 ms apart


def test_robots_txt_forbids_article_fetches(tmp_path: Path, outlet: OutletServer) -> None:
    outlet.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    article = (
        "<html><body><article>" + "<p>Storskog border text. " * 40 + "</article></body></html>"
    )
    outlet.route("/private/a1", article, content_type="text/html")
    outlet.route("/public/a2", article.replace("Storskog", "Kirkenes"), content_type="text/html")
    feed = rss(
        [
            dict(ON_TOPIC, guid="a1", link=outlet.url("/private/a1")),
            dict(OFF_TOPIC, guid="a2", link=outlet.url("/public/a2")),
        ]
    )
    url = outlet.route("/feed.xml", feed)
    _, r = poll(tmp_path, [{"name": "R", "url": url, "fetch_article": True}])
    assert r["R"].articles_fetched == 1 and r["R"].article_failures == 1
    assert outlet.requests_for("/private/a1") == []  # never asked for
    assert len(outlet.requests_for("/robots.txt")) == 1  # cached per host


def test_links_to_private_addresses_are_never_fetched(tmp_path: Path, outlet: OutletServer) -> None:
    other = OutletServer().start()  # another host on the loopback: ::1 is not the source's host
    try:
        feed = rss(
            [
                dict(ON_TOPIC, guid="m", link="http://169.254.169.254/latest/meta-data/"),
                dict(ON_TOPIC, guid="p", link="http://10.0.0.1/admin", title="Other Storskog news"),
                dict(ON_TOPIC, guid="f", link="file:///etc/passwd", title="Third Storskog item"),
                dict(ON_TOPIC, guid="l", link=f"http://localhost:{other.port}/x", title="Kirkenes"),
            ]
        )
        url = outlet.route("/feed.xml", feed)
        _p, r = poll(tmp_path, [{"name": "Evil", "url": url, "fetch_article": True}])
        assert r["Evil"].articles_fetched == 0
        assert other.requests == []
        assert r["Evil"].error is None  # the items are kept with their summaries
    finally:
        other.stop()


@pytest.fixture
def https_feed(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS outlet on 127.0.0.1 serving a feed of one off-topic entry, with a self-signed
    certificate for that address (which no CA bundle trusts): its URL and the certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    body = rss([dict(OFF_TOPIC, link="http://127.0.0.1:9/none")]).encode()

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a: object) -> None:
            pass

    httpd = LoopbackServer(("127.0.0.1", 0), Feed)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}/feed.xml", cert
    httpd.shutdown()


def test_one_tls_context_per_process_made_at_the_first_https_request(
    tmp_path: Path, outlet: OutletServer, https_feed: tuple[str, Path], monkeypatch
) -> None:
    """Loading the CA bundle cost ~35 ms a context, and every poll built two: now a poll of
    http sources builds none, and every later poll (a new Fetcher each) uses the first one."""
    for part in ("http", "https1", "https2"):
        (tmp_path / part).mkdir()
    made: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counted(*args, **kwargs) -> ssl.SSLContext:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(fetch, "_tls", None, raising=False)  # as in a fresh process
    monkeypatch.setattr(fetch.ssl, "create_default_context", counted)
    plain = outlet.route("/plain.xml", rss([dict(ON_TOPIC, link=outlet.url("/a"))]))
    outlet.route("/a", "<html><body><p>Storskog.</p></body></html>", content_type="text/html")
    _, r = poll(tmp_path / "http", [{"name": "Plain", "url": plain}])
    assert (r["Plain"].new, r["Plain"].error) == (1, None)
    assert made == []  # an http-only poll built no TLS context

    url, cert = https_feed
    _, r = poll(tmp_path / "https1", [{"name": "Secure", "url": url}])
    assert r["Secure"].error is not None and "TLS error with 127.0.0.1" in r["Secure"].error
    assert len(made) == 1 and fetch.tls_context() is made[0]
    # Trusting the outlet's certificate in that one context: the next poll's new Fetcher
    # (both its clients) uses it, and builds no other.
    made[0].load_verify_locations(cafile=cert)
    _, r = poll(tmp_path / "https2", [{"name": "Secure", "url": url}])
    assert (r["Secure"].off_topic, r["Secure"].error) == (1, None)
    assert len(made) == 1
