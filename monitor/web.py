"""The HTTP side: subscribable feeds, the web page, unsubscribe, health and metrics.

aiohttp serves it (already installed as the fetcher's transport). Feeds are rendered once per
change of the archive and answered with ETag and Last-Modified, so a feed reader polling every
few minutes costs a 304. Everything from outlets is escaped by the templates (autoescape on).

The page is public: stories, feeds and the sources' health. What only the operator may see
(who subscribes, their waiting items, the sources' error messages) is shown only to a request
that carries ``[server] admin_token`` ($MONITOR_ADMIN_TOKEN) as a bearer token or a basic-auth
password (/admin asks a browser for it); without a token configured those views are off.

Links we hand out never come from the request's Host header: a feed's id and rel=self use
``[delivery] base_url`` when set; without it, rel=self echoes the request and the rendered feed
is cached per self address, so one request with a forged Host cannot reach other readers.
Links inside our pages are relative, so the page works behind a path prefix.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import hashlib
import hmac
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from aiohttp import web

from monitor import metrics
from monitor.config import Config
from monitor.deliver import unsubscribe
from monitor.deliver.feeds import FORMATS, MEDIA_TYPES, feed_path, render_feed
from monitor.deliver.links import under
from monitor.deliver.mail import environment, format_when, highlight, stories_of, writable
from monitor.deliver.writable import safe, web_link
from monitor.health import failing_sources, health_table
from monitor.judge_web import JudgeRoutes
from monitor.pipeline import utcnow
from monitor.store import Store, subscriber_key

log = logging.getLogger("monitor.web")
# An idle keep-alive connection is closed after this long (aiohttp's AppRunner keeps one for an
# hour; run_app and nginx use 75 s), and no more than MAX_CONNECTIONS are open at once: the
# one past the cap is answered 503 and closed, so idle sockets cannot exhaust the process.
KEEPALIVE_TIMEOUT = 75.0
MAX_CONNECTIONS = 256
BUSY_LINGER = 5.0
FEED_CACHE_ENTRIES = 64  # rendered feeds kept per archive version (per format, topic, self URL)
FEED_CACHE_SECONDS = 300
# How long a look at the archive's version is trusted: a new item reaches the served feeds at
# most this late, and a burst of feed readers costs one query a second instead of one each.
VERSION_TTL = 1.0
# What feed_version gives: new items, verdicts, and the revision of items changed in place.
Version = tuple[int, int, int, str]
PAGE_ITEMS = 200


@dataclass
class _Rendered:
    body: bytes
    etag: str
    last_modified: datetime | None


class WebApp:
    """Builds the aiohttp application for one configuration and archive."""

    def __init__(
        self, config: Config, store: Store, scheduler_alive: Callable[[], bool] | None = None
    ) -> None:
        self.config = config
        self.store = store
        self.scheduler_alive = scheduler_alive
        self._feeds: dict[tuple[str | None, str, str | None, Version], _Rendered] = {}
        self._lock = threading.Lock()
        self._version_seen: tuple[float, Version] = (float("-inf"), (0, 0, 0, ""))

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.page),
                web.get("/admin", self.admin),
                web.get("/feeds/{name}.{ext}", self.feed),
                web.get("/unsubscribe", self.unsubscribe_form),
                web.post("/unsubscribe", self.unsubscribe),
                web.get("/healthz", self.healthz),
                web.get("/metrics", self.metrics),
                *JudgeRoutes(self.config, self.store).routes(),
            ]
        )
        return app

    # -- feeds ---------------------------------------------------------------------------

    def _self_url(self, request: web.Request, topic: str | None, fmt: str) -> str | None:
        base = self.config.delivery.base_url
        if base:
            return under(base, feed_path(topic, fmt))
        try:
            return str(request.url.with_query(None))
        except ValueError:  # a Host header yarl cannot make a URL of: no self link
            return None

    def _fresh(self, topic: str | None, fmt: str, self_url: str | None) -> _Rendered | None:
        """The rendered feed, when the archive was looked at less than VERSION_TTL ago: served
        from the event loop, without a thread or a query."""
        if time.monotonic() - self._version_seen[0] >= VERSION_TTL:
            return None
        with self._lock:
            return self._feeds.get((topic, fmt, self_url, self._version_seen[1]))

    def _render(self, topic: str | None, fmt: str, self_url: str | None) -> _Rendered:
        version = self.store.feed_version()
        self._version_seen = (time.monotonic(), version)
        key = (topic, fmt, self_url, version)
        with self._lock:
            cached = self._feeds.get(key)
        if cached is not None:
            return cached
        items = self.store.recent(topic=topic, limit=100)
        body = render_feed(self.config, items, fmt, topic=topic, self_url=self_url)
        last = max((i.modified for i in items), default=None)
        rendered = _Rendered(body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"', last)
        with self._lock:
            kept = [(k, v) for k, v in self._feeds.items() if k[3] == version]
            self._feeds = dict(kept[-(FEED_CACHE_ENTRIES - 1) :])  # the oldest go first
            self._feeds[key] = rendered
        return rendered

    async def feed(self, request: web.Request) -> web.StreamResponse:
        name, ext = request.match_info["name"], request.match_info["ext"]
        topics = {t.name for t in self.config.topics}
        if ext not in FORMATS or (name != "all" and name not in topics):
            raise web.HTTPNotFound(text="no such feed\n")
        topic = None if name == "all" else name
        self_url = self._self_url(request, topic, ext)
        rendered = self._fresh(topic, ext, self_url)
        if rendered is None:
            rendered = await asyncio.to_thread(self._render, topic, ext, self_url)
        headers = {
            "ETag": rendered.etag,
            "Cache-Control": f"public, max-age={FEED_CACHE_SECONDS}",
            # without base_url the self link echoes the Host header: a shared cache must too
            "Vary": "Accept-Encoding" if self.config.delivery.base_url else "Accept-Encoding, Host",
        }
        if rendered.last_modified is not None:
            headers["Last-Modified"] = format_datetime(rendered.last_modified, usegmt=True)
        if _not_modified(request, rendered):
            return web.Response(status=304, headers=headers)
        return web.Response(
            body=rendered.body, headers=headers, content_type=MEDIA_TYPES[ext].split(";")[0],
            charset="utf-8",
        )  # fmt: skip

    # -- operator credential -------------------------------------------------------------

    def is_operator(self, request: web.Request) -> bool:
        """True when the request carries the admin token, as ``Authorization: Bearer TOKEN`` or
        as the password of basic auth (any user name). Compared in constant time (on digests,
        so not even the length leaks); always False when no token is configured."""
        token = self.config.server.admin_token
        if not token:
            return False
        scheme, _, credential = request.headers.get("Authorization", "").strip().partition(" ")
        given = None
        if scheme.lower() == "bearer":
            given = credential.strip()
        elif scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credential.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return False
            given = decoded.partition(":")[2]
        if not given:
            return False
        return hmac.compare_digest(
            hashlib.sha256(given.encode("utf-8")).digest(),
            hashlib.sha256(token.encode("utf-8")).digest(),
        )

    # -- the page ------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.Response:
        """The public page; with the operator's credential, the operator's view of it."""
        operator = self.is_operator(request)
        html = await asyncio.to_thread(self._page_html, request.query.get("topic") or None,
                                       request.query.get("outlet") or None,
                                       request.query.get("preview") or None,
                                       operator)  # fmt: skip
        headers = {"Cache-Control": "private, no-store"} if operator else {}
        return web.Response(text=html, content_type="text/html", charset="utf-8",
                            headers=headers)  # fmt: skip

    async def admin(self, request: web.Request) -> web.Response:
        """The operator's view: asks a browser for the token (basic auth, any user name)."""
        if not self.config.server.admin_token:
            raise web.HTTPNotFound(text="no operator view: set [server] admin_token\n")
        if not self.is_operator(request):
            raise web.HTTPUnauthorized(
                text="the operator's view needs [server] admin_token\n",
                headers={"WWW-Authenticate": 'Basic realm="monitor operator", charset="UTF-8"'},
            )
        return await self.page(request)

    def _page_html(
        self, topic: str | None, outlet: str | None, preview: str | None, operator: bool = False
    ) -> str:
        config, store, now = self.config, self.store, utcnow()
        tz = config.tz
        topics = {t.name: t.title for t in config.topics}
        if topic not in topics:
            topic = None
        items = writable(store.recent(topic=topic, limit=PAGE_ITEMS), "page", tz)
        outlets = sorted({safe(i.source) for i in items})
        if outlet:
            items = [i for i in items if safe(i.source) == outlet]
        copies = store.copies_of(i.id for i in items)
        stories = stories_of(items, copies, tz)
        subs = config.all_subscribers() if operator else ()
        preview_sub = None
        for s in subs:
            if preview and subscriber_key(s.address) == subscriber_key(preview):
                preview_sub = s
        preview_sub = preview_sub or (subs[0] if subs else None)
        preview_items = []
        if preview_sub is not None:
            key = subscriber_key(preview_sub.address)
            since = store.subscriber_since(key) or now
            preview_items = writable(
                store.undelivered(
                    key, since, topics=preview_sub.topics, alerts_only=preview_sub.immediate
                ),
                "page",
                tz,
            )
        feeds = [("All topics", "all")] + [(title, name) for name, title in topics.items()]
        return (
            environment()
            .get_template("page.html.j2")
            .render(
                title=config.feed_title,
                topics=topics,
                topic=topic,
                outlets=outlets,
                outlet=outlet,
                stories=stories,
                count=len(items),
                operator=operator,
                # the sources' error messages may name internal hosts: the operator's only
                health=[
                    h if operator else dataclasses.replace(h, last_error="")
                    for h in health_table(config, store, now)
                ],
                failing=failing_sources(config, store, now),
                feeds=feeds,
                formats=[("Atom", "atom"), ("RSS", "rss"), ("JSON", "json")],
                subscribers=[s.address for s in subs],
                preview=preview_sub.address if preview_sub else None,
                preview_items=[
                    {
                        "title": safe(i.title),
                        "url": web_link(i.url),
                        "outlet": safe(i.source),
                        "when": format_when(i.when, tz),
                        "snippet": highlight(safe(i.body[:280]), i.terms),
                    }
                    for i in preview_items[:50]
                ],
                preview_count=len(preview_items),
                generated=format_when(now, tz),
                query=lambda **kw: "?" + urlencode({k: v for k, v in kw.items() if v}),
            )
        )

    # -- unsubscribe ---------------------------------------------------------------------

    def _check(self, address: str, token: str) -> bool:
        keys = unsubscribe.verification_keys(self.config, self.store)
        return bool(address) and any(
            unsubscribe.valid(k, subscriber_key(address), token) for k in keys
        )

    async def unsubscribe_form(self, request: web.Request) -> web.Response:
        address, token = request.query.get("a", ""), request.query.get("t", "")
        ok = await asyncio.to_thread(self._check, address, token)
        html = (
            environment()
            .get_template("unsubscribe.html.j2")
            .render(
                title=self.config.feed_title, address=address, token=token, valid=ok, done=False
            )
        )
        return web.Response(text=html, content_type="text/html", status=200 if ok else 400)

    async def unsubscribe(self, request: web.Request) -> web.Response:
        """RFC 8058 one-click (a mail client POSTs List-Unsubscribe=One-Click) and the form."""
        form = await request.post()
        address = request.query.get("a") or str(form.get("a", ""))
        token = request.query.get("t") or str(form.get("t", ""))
        if not await asyncio.to_thread(self._check, address, token):
            raise web.HTTPBadRequest(text="this unsubscribe link is not valid\n")
        await asyncio.to_thread(self.store.unsubscribe, subscriber_key(address), utcnow())
        log.info("unsubscribed %s", address)
        html = (
            environment()
            .get_template("unsubscribe.html.j2")
            .render(title=self.config.feed_title, address=address, token="", valid=True, done=True)
        )
        return web.Response(text=html, content_type="text/html")

    # -- operations ----------------------------------------------------------------------

    async def healthz(self, request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(self.store.ping)
            database = "ok"
        except Exception as exc:  # any failure means unhealthy; say which
            database = f"error: {type(exc).__name__}"
        scheduler = "not part of this process"
        if self.scheduler_alive is not None:
            scheduler = "running" if self.scheduler_alive() else "stopped"
        healthy = database == "ok" and scheduler != "stopped"
        return web.json_response(
            {
                "status": "ok" if healthy else "failing",
                "database": database,
                "scheduler": scheduler,
            },
            status=200 if healthy else 503,
        )

    async def metrics(self, request: web.Request) -> web.Response:
        body = await asyncio.to_thread(metrics.exposition, self.store)
        return web.Response(body=body, content_type="text/plain", charset="utf-8",
                            headers={"X-Content-Type-Options": "nosniff"})  # fmt: skip


def _not_modified(request: web.Request, rendered: _Rendered) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        return rendered.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = request.headers.get("If-Modified-Since")
    if ims and rendered.last_modified is not None:
        try:
            return rendered.last_modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _Busy(asyncio.Protocol):
    """What a connection past MAX_CONNECTIONS gets: a 503, then the end of the conversation.
    What the client sends is read and dropped until it closes (or for BUSY_LINGER seconds), so
    the 503 is not lost to a reset."""

    def __init__(self) -> None:
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(
            b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n"
            b"Content-Type: text/plain\r\nContent-Length: 21\r\n\r\ntoo many connections\n"
        )
        if transport.can_write_eof():
            transport.write_eof()
        self.timer = asyncio.get_running_loop().call_later(BUSY_LINGER, transport.close)

    def data_received(self, data: bytes) -> None:
        pass

    def eof_received(self) -> bool:
        return False  # the client is done: close

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()


class CappedSite(web.TCPSite):
    """A TCP site that keeps at most ``max_connections`` connections open (aiohttp has no such
    limit of its own): the listening socket is aiohttp's, only the protocol factory differs."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, *, max_connections: int
    ) -> None:
        super().__init__(runner, host, port)
        self.max_connections = max_connections

    async def start(self) -> None:
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        cap = self.max_connections

        def protocol() -> asyncio.Protocol:
            if len(server.connections) >= cap:
                return _Busy()
            return server()

        self._server = await asyncio.get_running_loop().create_server(
            protocol, self._host, self._port, backlog=self._backlog,
            reuse_address=self._reuse_address,
        )  # fmt: skip
        sockets = self._server.sockets
        self._bound_port = sockets[0].getsockname()[1] if sockets else self._port


def make_runner(webapp: WebApp) -> web.AppRunner:
    return web.AppRunner(webapp.app(), access_log=None, keepalive_timeout=KEEPALIVE_TIMEOUT)


def serve(webapp: WebApp, host: str, port: int, max_connections: int = MAX_CONNECTIONS) -> None:
    """``monitor serve``: the app until SIGINT or SIGTERM, with the same limits as in
    ``monitor run``."""

    async def main() -> None:
        runner = make_runner(webapp)
        await runner.setup()
        await CappedSite(runner, host, port, max_connections=max_connections).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    asyncio.run(main())


class BackgroundServer:
    """The web app on its own thread and event loop, for `monitor run`."""

    def __init__(
        self, webapp: WebApp, host: str, port: int, max_connections: int = MAX_CONNECTIONS
    ) -> None:
        self.webapp, self.host, self.port = webapp, host, port
        self.max_connections = max_connections
        self.loop = asyncio.new_event_loop()
        self.runner: web.AppRunner | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, name="web", daemon=True)
        self.bound_port: int | None = None

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=30)

    async def _start(self) -> None:
        self.runner = make_runner(self.webapp)
        await self.runner.setup()
        site = CappedSite(self.runner, self.host, self.port, max_connections=self.max_connections)
        await site.start()
        self.bound_port = site.port
        log.info("serving http://%s:%s/", self.host, self.bound_port)

    def stop(self) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
