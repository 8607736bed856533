"""The HTTP side: subscribable feeds, the web page, unsubscribe, health and metrics.

aiohttp serves it (already installed as the fetcher's transport). Feeds are rendered once per
change of the archive and answered with ETag and Last-Modified, so a feed reader polling every
few minutes costs a 304. Everything from outlets is escaped by the templates (autoescape on).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
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
from monitor.deliver.feeds import FORMATS, MEDIA_TYPES, render_feed
from monitor.deliver.mail import environment, format_when, highlight, stories_of
from monitor.health import failing_sources, health_table
from monitor.pipeline import utcnow
from monitor.store import Store, subscriber_key

log = logging.getLogger("monitor.web")
FEED_CACHE_SECONDS = 300
# How long a look at the archive's version is trusted: a new item reaches the served feeds at
# most this late, and a burst of feed readers costs one query a second instead of one each.
VERSION_TTL = 1.0
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
        self._feeds: dict[tuple[str | None, str, tuple[int, int, int]], _Rendered] = {}
        self._lock = threading.Lock()
        self._version_seen: tuple[float, tuple[int, int, int]] = (float("-inf"), (0, 0, 0))

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.page),
                web.get("/feeds/{name}.{ext}", self.feed),
                web.get("/unsubscribe", self.unsubscribe_form),
                web.post("/unsubscribe", self.unsubscribe),
                web.get("/healthz", self.healthz),
                web.get("/metrics", self.metrics),
            ]
        )
        return app

    # -- feeds ---------------------------------------------------------------------------

    def _fresh(self, topic: str | None, fmt: str) -> _Rendered | None:
        """The rendered feed, when the archive was looked at less than VERSION_TTL ago: served
        from the event loop, without a thread or a query."""
        if time.monotonic() - self._version_seen[0] >= VERSION_TTL:
            return None
        with self._lock:
            return self._feeds.get((topic, fmt, self._version_seen[1]))

    def _render(self, topic: str | None, fmt: str, self_url: str) -> _Rendered:
        version = self.store.feed_version()
        self._version_seen = (time.monotonic(), version)
        key = (topic, fmt, version)
        with self._lock:
            cached = self._feeds.get(key)
        if cached is not None:
            return cached
        items = self.store.recent(topic=topic, limit=100)
        body = render_feed(self.config, items, fmt, topic=topic, self_url=self_url)
        last = max((i.fetched_at for i in items), default=None)
        rendered = _Rendered(body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"', last)
        with self._lock:
            self._feeds = {k: v for k, v in self._feeds.items() if k[2] == version}
            self._feeds[key] = rendered
        return rendered

    async def feed(self, request: web.Request) -> web.StreamResponse:
        name, ext = request.match_info["name"], request.match_info["ext"]
        topics = {t.name for t in self.config.topics}
        if ext not in FORMATS or (name != "all" and name not in topics):
            raise web.HTTPNotFound(text="no such feed\n")
        topic = None if name == "all" else name
        self_url = str(request.url.with_query(None))
        rendered = self._fresh(topic, ext) or await asyncio.to_thread(
            self._render, topic, ext, self_url
        )
        headers = {
            "ETag": rendered.etag,
            "Cache-Control": f"public, max-age={FEED_CACHE_SECONDS}",
            "Vary": "Accept-Encoding",
        }
        if rendered.last_modified is not None:
            headers["Last-Modified"] = format_datetime(rendered.last_modified, usegmt=True)
        if _not_modified(request, rendered):
            return web.Response(status=304, headers=headers)
        return web.Response(
            body=rendered.body, headers=headers, content_type=MEDIA_TYPES[ext].split(";")[0],
            charset="utf-8",
        )  # fmt: skip

    # -- the page ------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.Response:
        html = await asyncio.to_thread(self._page_html, request.query.get("topic") or None,
                                       request.query.get("outlet") or None,
                                       request.query.get("preview") or None)  # fmt: skip
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    def _page_html(self, topic: str | None, outlet: str | None, preview: str | None) -> str:
        config, store, now = self.config, self.store, utcnow()
        tz = config.tz
        topics = {t.name: t.title for t in config.topics}
        if topic not in topics:
            topic = None
        items = store.recent(topic=topic, limit=PAGE_ITEMS)
        outlets = sorted({i.source for i in items})
        if outlet:
            items = [i for i in items if i.source == outlet]
        copies = store.copies_of(i.id for i in items)
        stories = stories_of(items, copies, tz)
        subs = config.all_subscribers()
        preview_sub = None
        for s in subs:
            if preview and subscriber_key(s.address) == subscriber_key(preview):
                preview_sub = s
        preview_sub = preview_sub or (subs[0] if subs else None)
        preview_items = []
        if preview_sub is not None:
            key = subscriber_key(preview_sub.address)
            since = store.subscriber_since(key) or now
            preview_items = store.undelivered(
                key, since, topics=preview_sub.topics, alerts_only=preview_sub.immediate
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
                health=health_table(config, store, now),
                failing=failing_sources(config, store, now),
                feeds=feeds,
                formats=[("Atom", "atom"), ("RSS", "rss"), ("JSON", "json")],
                subscribers=[s.address for s in subs],
                preview=preview_sub.address if preview_sub else None,
                preview_items=[
                    {
                        "title": i.title,
                        "url": i.url,
                        "outlet": i.source,
                        "when": format_when(i.when, tz),
                        "snippet": highlight(i.body[:280], i.terms),
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


class BackgroundServer:
    """The web app on its own thread and event loop, for `monitor run`."""

    def __init__(self, webapp: WebApp, host: str, port: int) -> None:
        self.webapp, self.host, self.port = webapp, host, port
        self.loop = asyncio.new_event_loop()
        self.runner: web.AppRunner | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, name="web", daemon=True)
        self.bound_port: int | None = None

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(timeout=30)

    async def _start(self) -> None:
        self.runner = web.AppRunner(self.webapp.app(), access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.bound_port = sockets[0].getsockname()[1] if sockets else self.port
        log.info("serving http://%s:%s/", self.host, self.bound_port)

    def stop(self) -> None:
        if self.runner is not None:
            asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
