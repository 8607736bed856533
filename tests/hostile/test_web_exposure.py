"""What a page visitor can learn or change: subscribers and operator views behind a token,
links that a Host header cannot rewrite, idle connections that cannot pile up, links that work
behind a path prefix, and a SIGTERM that does not start queued polls."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from monitor import web as web_module
from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.digest import run_digest
from monitor.pipeline import utcnow
from monitor.schedule import Service
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import ON_TOPIC, SmtpServer, free_port, rss, write_config
from tests.outlet import OutletServer
from tests.test_service import monitor_cmd

TOKEN = "operator-secret-0123456789abcdef"
FAILING = "http://10.20.30.40:8080/internal-feed"  # an error message naming an internal host


def serve(cfg: Path) -> tuple[BackgroundServer, str]:
    config = load_config(cfg, {})
    server = BackgroundServer(WebApp(config, Store(config.storage_url)), "127.0.0.1", 0)
    server.start()
    return server, f"http://127.0.0.1:{server.bound_port}"


def config_with(tmp_path: Path, outlet: OutletServer, extra: str = "", **kw: object) -> Path:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents Observer", "url": url}, {"name": "Gone", "url": outlet.url("/gone")}],
        recipients=["secret-analyst@example.org", "boss@example.org"],
        extra=extra,
        **kw,  # type: ignore[arg-type]
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    return cfg


def basic(password: str, user: str = "anyone") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_the_public_page_shows_stories_and_feeds_only(tmp_path: Path, outlet: OutletServer) -> None:
    cfg = config_with(tmp_path, outlet, extra=f'[server]\nadmin_token = "{TOKEN}"\n')
    server, base = serve(cfg)
    try:
        for query in ("", "?preview=secret-analyst@example.org", "?preview=boss@example.org"):
            page = httpx.get(f"{base}/{query}")
            assert page.status_code == 200
            assert ON_TOPIC["title"] in page.text and 'href="feeds/all.atom"' in page.text
            assert "@example.org" not in page.text, query  # no subscriber, no preview
            assert "Next digest" not in page.text and "HTTP 404" not in page.text
        for bad in ({"Authorization": "Bearer wrong-token-0123456789"}, basic("wrong"),
                    {"Authorization": "Bearer x"}, {"Authorization": "Basic !!!"},
                    {"Authorization": TOKEN}):  # fmt: skip
            assert "@example.org" not in httpx.get(f"{base}/", headers=bad).text
            r = httpx.get(f"{base}/admin", headers=bad)
            assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic ")
        assert httpx.get(f"{base}/admin").status_code == 401
        # The operator: a browser's basic auth (any user name) or a bearer token.
        for good in (basic(TOKEN), basic(TOKEN, user="ops"), {"Authorization": f"Bearer {TOKEN}"}):
            r = httpx.get(f"{base}/admin", params={"preview": "boss@example.org"}, headers=good)
            assert r.status_code == 200 and "private" in r.headers["cache-control"]
            assert "Next digest for boss@example.org" in r.text
            assert "secret-analyst@example.org" in r.text  # the subscriber list
            assert "HTTP 404 Not Found" in r.text  # the sources' errors
    finally:
        server.stop()


def test_operator_views_are_off_without_a_token(tmp_path: Path, outlet: OutletServer) -> None:
    cfg = config_with(tmp_path, outlet)
    server, base = serve(cfg)
    try:
        assert httpx.get(f"{base}/admin", headers=basic("")).status_code == 404
        for headers in ({}, basic(""), {"Authorization": "Bearer x"}):
            page = httpx.get(f"{base}/?preview=boss@example.org", headers=headers).text
            assert "@example.org" not in page and "HTTP 404" not in page
    finally:
        server.stop()


def test_a_short_admin_token_is_a_config_error(tmp_path: Path, outlet: OutletServer) -> None:
    cfg = write_config(tmp_path / "sources.toml", [], extra='[server]\nadmin_token = "short"\n')
    assert main(["--config", str(cfg), "check-config"]) == 2


def _get_raw(port: int, host: str, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


@pytest.mark.parametrize("base_url", [None, "https://news.example.org/monitor"])
def test_a_host_header_cannot_poison_the_feeds(
    tmp_path: Path, outlet: OutletServer, base_url: str | None
) -> None:
    extra = f'[delivery]\nbase_url = "{base_url}"\n' if base_url else ""
    cfg = config_with(tmp_path, outlet, extra=extra)
    server, base = serve(cfg)
    port = server.bound_port
    assert port is not None
    try:
        for fmt in ("atom", "rss", "json"):
            evil = _get_raw(port, "evil.example", f"/feeds/all.{fmt}")
            assert evil.startswith(b"HTTP/1.1 200"), evil[:200]
            if base_url:  # links come from the configuration: the Host header is not used
                assert b"evil.example" not in evil
                assert f"{base_url}/feeds/all.{fmt}".encode() in evil
            for _ in range(2):  # what every later reader gets, cached or not
                ordinary = httpx.get(f"{base}/feeds/all.{fmt}")
                assert ordinary.status_code == 200
                assert b"evil.example" not in ordinary.content, fmt
                # a shared cache in front keys the echoed self link on Host as well
                assert ("host" in ordinary.headers["vary"].lower()) == (base_url is None)
                etag = ordinary.headers["etag"]
                again = httpx.get(f"{base}/feeds/all.{fmt}", headers={"If-None-Match": etag})
                assert again.status_code == 304
    finally:
        server.stop()


def test_idle_connections_are_closed_and_capped(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = config_with(tmp_path, outlet)
    config = load_config(cfg, {})
    # The real limits are 75 s and 256 connections; the same code with small ones, to be quick.
    monkeypatch.setattr(web_module, "KEEPALIVE_TIMEOUT", 1.0)
    server = BackgroundServer(WebApp(config, Store(config.storage_url)), "127.0.0.1", 0,
                              max_connections=3)  # fmt: skip
    server.start()
    port = server.bound_port
    assert port is not None
    assert web_module.KEEPALIVE_TIMEOUT == 1.0 and web_module.MAX_CONNECTIONS <= 1024
    idle: list[socket.socket] = []
    try:
        # A keep-alive connection left idle is closed by the server.
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        while s.recv(65536):
            pass
        assert time.monotonic() - started < 5  # closed, not kept for an hour
        s.close()
        # Three idle connections fill the cap; the fourth is answered 503 and closed.
        for _ in range(3):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(0.3)
        assert _get_raw(port, "x", "/healthz").startswith(b"HTTP/1.1 503")
        # Once they go, the server answers again.
        for c in idle:
            c.close()
        idle.clear()
        deadline = time.monotonic() + 10
        while not _get_raw(port, "x", "/healthz").startswith(b"HTTP/1.1 200"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        for c in idle:
            c.close()
        server.stop()


def test_links_work_without_a_trailing_slash_and_behind_a_path_prefix(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """[feeds] link = "https://example.org/monitor" (no slash) and a proxy that serves the
    page under /monitor/: the unsubscribe link, the form and the page's links stay under it."""
    cfg = config_with(tmp_path, outlet, smtp_url=smtp.url,
                      extra='[feeds]\nlink = "https://example.org/monitor"\n')  # fmt: skip
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    outcomes = run_digest(config, store, utcnow())
    assert all(o.sent for o in outcomes)
    header = str(smtp.messages[0]["List-Unsubscribe"])
    link = re.match(r"<([^>]+)>", header)
    assert link is not None
    public = link.group(1)
    assert public.startswith("https://example.org/monitor/unsubscribe?a=")
    server, base = serve(cfg)
    try:
        # What the proxy forwards: the path under the prefix.
        local = base + "/" + public.split("/monitor/", 1)[1]
        form = httpx.get(local)
        assert form.status_code == 200
        action = re.search(r'<form method="post" action="([^"]*)"', form.text)
        assert action is not None
        posted_to = urljoin(public, action.group(1))  # as the browser resolves it
        assert urlsplit(posted_to).path == "/monitor/unsubscribe"
        fields = dict(re.findall(r'name="(a|t)" value="([^"]*)"', form.text))
        done = httpx.post(base + "/unsubscribe", data=fields)
        assert done.status_code == 200 and "You are unsubscribed" in done.text
        page = httpx.get(base + "/").text
        targets = re.findall(r'(?:href|action|src)="([^"#?][^"]*)"', page)
        assert targets and not [t for t in targets if t.startswith("/")], targets
        assert '<form class="filters" method="get" action="/"' not in page
    finally:
        server.stop()


@pytest.fixture
def slow_sources(outlet: OutletServer) -> Iterator[list[str]]:
    paths = []
    for n in range(8):
        outlet.route(f"/slow{n}.xml", rss([]), delay=2.0)
        paths.append(f"/slow{n}.xml")
    yield paths


def test_sigterm_does_not_start_queued_polls(
    tmp_path: Path, outlet: OutletServer, slow_sources: list[str]
) -> None:
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": f"S{n}", "url": outlet.url(p)} for n, p in enumerate(slow_sources)],
        extra="[server]\nenabled = false\n",
    )
    config = load_config(cfg, {})
    service = Service(config, Store(config.storage_url), serve=False)
    service.scheduler.start()
    try:
        for source in config.sources:  # all due at once: 4 threads poll, 4 polls wait
            service.scheduler.add_job(service.poll_source, args=[source])
        deadline = time.monotonic() + 10
        while sum(len(outlet.requests_for(p)) for p in slow_sources) < 4:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # What run() does on SIGTERM: stop, then wait for the jobs in flight.
        service.stop.set()
    finally:
        service.scheduler.shutdown(wait=True)
    polled = [p for p in slow_sources if outlet.requests_for(p)]
    assert len(polled) == 4, polled


def test_monitor_serve_answers_with_the_same_limits_and_stops_on_sigterm(
    tmp_path: Path, outlet: OutletServer
) -> None:
    cfg = config_with(tmp_path, outlet)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    proc = subprocess.Popen([*monitor_cmd(), "--config", str(cfg), "serve", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        feed = httpx.get(f"http://127.0.0.1:{port}/feeds/all.atom")
        assert feed.status_code == 200 and ON_TOPIC["title"].encode() in feed.content
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_the_admin_token_may_come_from_the_environment(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    assert load_config(cfg, {"MONITOR_ADMIN_TOKEN": TOKEN}).server.admin_token == TOKEN
    assert load_config(cfg, {}).server.admin_token is None
