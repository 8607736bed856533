"""The outlet farm: RSS feeds on loopback, in a process of their own, about 5% of the items
on the default topic, answering 304 when unchanged, an article page behind every entry; and
the sources.toml that points the monitor at it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from measure import ROOT

WORDS = [
    "government",
    "minister",
    "report",
    "council",
    "market",
    "prices",
    "weather",
    "election",
    "festival",
    "football",
    "school",
    "hospital",
    "energy",
    "salmon",
    "harbour",
    "airport",
    "budget",
    "court",
    "police",
    "culture",
    "music",
    "museum",
    "road",
    "bridge",
    "tourism",
    "export",
    "company",
    "workers",
    "union",
    "housing",
    "storm",
    "winter",
    "summer",
    "island",
]


BEAT = [
    "Russian border guards stop Norwegian fishing boat near Storskog",
    "NATO exercise in Finnmark brings allied troops close to Russia",
    "Northern Fleet submarines patrol the Barents Sea, Norwegian intelligence says",
    "Kirkenes mayor warns of Russian pressure at the border",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_html(feed: int, n: int) -> bytes:
    """The article page behind an entry: the summary's words and more, in a page layout."""
    r = random.Random(f"{feed}-{n}")
    paras = "".join(
        "<p>" + " ".join(r.choice(WORDS) for _ in range(60)).capitalize() + ".</p>"
        for _ in range(8)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>Article {feed}-{n}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Article {feed}-{n}</h1><p>Norway and Russia: the border at Storskog.</p>"
        f"{paras}</article><footer>Contact us. Cookie policy.</footer></body></html>"
    ).encode()


def on_beat(feed: int, n: int) -> bool:
    """Whether entry ``n`` of feed ``feed`` is one of the ~5% on the default topic."""
    return random.Random(f"{feed}-{n}").random() < 0.05


def feed_xml(feed: int, items: int, version: int, base: str = "https://farm.example") -> bytes:
    rng = random.Random(feed * 7919 + version)
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    parts = []
    for n in range(items + 2 * version):
        key = f"{feed}-{n}"
        r = random.Random(key)
        on_beat = r.random() < 0.05
        title = (
            f"{r.choice(BEAT)} ({key})"
            if on_beat
            else " ".join(r.choice(WORDS) for _ in range(7)).capitalize() + f" {key}"
        )
        body = " ".join(r.choice(WORDS) for _ in range(300))
        if on_beat:
            body = "Norway and Russia: the border at Storskog. " + body
        when = format_datetime(now - timedelta(minutes=n * 7 + rng.randint(0, 5)), usegmt=True)
        parts.append(
            f"<item><title>{escape(title)}</title><link>{base}/a/{feed}/{n}</link>"
            f"<guid>farm-{key}</guid><pubDate>{when}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Farm {feed}</title><link>https://farm.example/{feed}</link>"
        f"<description>bench</description>{''.join(parts)}</channel></rss>"
    ).encode()


def serve_farm(port: int, feeds: int, items: int, ready: Any) -> None:
    from aiohttp import web

    base = f"http://127.0.0.1:{port}"

    state = {"version": 0}
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def doc(i: int) -> tuple[bytes, str]:
        key = (i, state["version"])
        if key not in cache:
            body = feed_xml(i, items, state["version"], base)
            cache[key] = (body, '"' + hashlib.md5(body).hexdigest() + '"')
        return cache[key]

    async def get(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        body, etag = doc(i)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def article(request: web.Request) -> web.Response:
        key = int(request.match_info["i"]), int(request.match_info["n"])
        body = articles.get(key) or article_html(*key)
        return web.Response(body=body, content_type="text/html")

    async def bump(request: web.Request) -> web.Response:
        state["version"] += 1
        for i in range(feeds):  # the new documents, rendered before anyone asks for them
            doc(i)
        return web.Response(text="ok")

    app = web.Application()
    app.add_routes(
        [web.get("/f/{i}.xml", get), web.get("/a/{i}/{n}", article), web.post("/bump", bump)]
    )
    # Rendered once up front: the farm must not be the bottleneck (an outlet's CPU is not the
    # monitor's), so the feeds, and the article pages the monitor will ask for (those of the
    # on-topic entries, of this version and the next few), are ready before the cycles start.
    articles = {(i, n): article_html(i, n) for i in range(feeds) for n in range(items + 6)
                if on_beat(i, n)}  # fmt: skip
    for i in range(feeds):
        doc(i)
    ready.set()
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


class Farm:
    def __init__(self, feeds: int, items: int) -> None:
        self.port = free_port()
        ready = multiprocessing.Event()
        self.proc = multiprocessing.Process(
            target=serve_farm, args=(self.port, feeds, items, ready), daemon=True
        )
        self.proc.start()
        ready.wait(600)
        time.sleep(0.3)
        self.feeds = feeds

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.port}/f/{i}.xml"

    def bump(self) -> None:
        import httpx

        httpx.post(f"http://127.0.0.1:{self.port}/bump", timeout=300)  # renders every feed

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.join(10)


def farm_config(
    farm: Farm, cfg: Path, feeds: int | None = None, storage_url: str = "sqlite:///archive.db"
) -> Path:
    """sources.toml for the farm's first ``feeds`` feeds (all by default)."""
    sources = [(f"F{i}", farm.url(i), "") for i in range(farm.feeds if feeds is None else feeds)]
    cfg.write_text(loopback_config(farm.port, sources, storage_url, concurrency=50), "utf-8")
    return cfg


def loopback_config(
    port: int, sources: list[tuple[str, str, str]], storage_url: str, concurrency: int
) -> str:
    """sources.toml text for outlets served on 127.0.0.1:``port`` ((name, url, extra TOML
    lines) each), with the shipped topics and the per-host politeness lifted (one host serves
    them all)."""
    shipped = (ROOT / "sources.toml").read_text("utf-8")
    topics = shipped[shipped.index("[[topics]]") :]
    # the farm is on the loopback: allowed as an operator allows an intranet source
    lines = [f'[storage]\nurl = "{storage_url}"',
             f'[fetch]\nconcurrency = {concurrency}\nper_host = {concurrency}\n'
             'host_delay = "0s"\nrobots = false',
             f'allow_private = ["127.0.0.1:{port}"]']  # fmt: skip
    for name, url, extra in sources:
        lines.append(
            f'[[sources]]\nname = "{name}"\nurl = "{url}"' + (f"\n{extra}" if extra else "")
        )
    return "\n".join(lines) + "\n" + topics
