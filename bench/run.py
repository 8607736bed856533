"""Speed benchmark on loopback: poll cycles against an outlet farm, the floor, digest, feeds.

    .venv/bin/python bench/run.py [--feeds 1000] [--items 50] [--runs 3]

Prints a table (median of the runs, with min and max) and writes bench/results/bench.json.
Everything runs on 127.0.0.1: a farm of RSS feeds (about 5% of items on the default topic,
answering 304 when unchanged) in its own process, the monitor's real pipeline against a fresh
archive, the "floor" (aiohttp fetching and lxml pulling the fields out, nothing else), the
digest renderer, and the served feeds under an in-process load generator.

Not yet here (see the issue): rss2email side by side, article pages in the farm, and the
archive-growth lookups at 10k/100k/1M items.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_html(feed: int, n: int) -> bytes:
    """The article page behind an entry: the summary's words and more, in a page layout."""
    r = random.Random(f"{feed}-{n}")
    paras = "".join(
        "<p>" + " ".join(r.choice(WORDS) for _ in range(60)).capitalize() + ".</p>" for _ in range(8)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>Article {feed}-{n}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Article {feed}-{n}</h1><p>Norway and Russia: the border at Storskog.</p>"
        f"{paras}</article><footer>Contact us. Cookie policy.</footer></body></html>"
    ).encode()


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
        body = article_html(int(request.match_info["i"]), int(request.match_info["n"]))
        return web.Response(body=body, content_type="text/html")

    async def bump(request: web.Request) -> web.Response:
        state["version"] += 1
        for i in range(feeds):  # the new documents, rendered before anyone asks for them
            doc(i)
        return web.Response(text="ok")

    app = web.Application()
    app.add_routes([web.get("/f/{i}.xml", get), web.get("/a/{i}/{n}", article), web.post("/bump", bump)])
    for i in range(feeds):  # render once up front: the farm must not be the bottleneck
        doc(i)
    ready.set()
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


class Farm:
    def __init__(self, feeds: int, items: int) -> None:
        self.port = _free_port()
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

        httpx.post(f"http://127.0.0.1:{self.port}/bump")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.join(10)


def measure(fn: Callable[[], Any]) -> dict[str, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}


def monitor_cycles(farm: Farm, items: int) -> dict[str, dict[str, float]]:
    from monitor.config import load_config
    from monitor.match import Matcher
    from monitor.pipeline import Pipeline
    from monitor.seed import seed_archive
    from monitor.store import Store

    shipped = (ROOT / "sources.toml").read_text("utf-8")
    topics = shipped[shipped.index("[[topics]]") :]
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "sources.toml"
        lines = ['[storage]\nurl = "sqlite:///archive.db"',
                 '[fetch]\nconcurrency = 50\nper_host = 50\nhost_delay = "0s"\nrobots = false']  # fmt: skip
        for i in range(farm.feeds):
            lines.append(
                f'[[sources]]\nname = "F{i}"\nurl = "{farm.url(i)}"'
            )
        cfg.write_text("\n".join(lines) + "\n" + topics, "utf-8")
        config = load_config(cfg, {})
        store = Store(config.storage_url)
        seed_archive(store, Matcher(config.topics))
        pipeline = Pipeline(config, store)
        out: dict[str, dict[str, float]] = {}
        reports: list[Any] = []
        out["first"] = measure(lambda: reports.extend(pipeline.poll(config.sources)))
        stored = sum(r.new + r.off_topic for r in reports)
        out["first"]["items_per_s"] = stored / out["first"]["wall_s"]
        out["first"]["errors"] = sum(1 for r in reports if r.error)
        out["steady"] = measure(lambda: pipeline.poll(config.sources))
        farm.bump()
        out["trickle"] = measure(lambda: pipeline.poll(config.sources))
        pipeline.close()
        store.close()
    out["first"]["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def floor_cycles(farm: Farm) -> dict[str, dict[str, float]]:
    """The least work that does the job: fetch concurrently, pull title/link/guid with lxml."""
    import aiohttp
    from lxml import etree

    etags: dict[int, str] = {}

    async def cycle() -> int:
        found = 0
        sem = asyncio.Semaphore(50)
        async with aiohttp.ClientSession() as session:

            async def one(i: int) -> int:
                async with sem:
                    headers = {"If-None-Match": etags[i]} if i in etags else {}
                    async with session.get(farm.url(i), headers=headers) as r:
                        if r.status == 304:
                            return 0
                        etags[i] = r.headers.get("ETag", "")
                        root = etree.fromstring(await r.read())
                        return sum(
                            1 for it in root.iter("item")
                            if it.findtext("title") and it.findtext("link") and it.findtext("guid")
                        )  # fmt: skip

            found = sum(await asyncio.gather(*(one(i) for i in range(farm.feeds))))
        return found

    out = {
        "first": measure(lambda: asyncio.run(cycle())),
        "steady": measure(lambda: asyncio.run(cycle())),
    }
    farm.bump()
    out["trickle"] = measure(lambda: asyncio.run(cycle()))
    return out


def digest_render(n: int = 500) -> dict[str, float]:
    from monitor.config import SubscriberConfig, load_config
    from monitor.deliver.mail import build_digest
    from monitor.store import StoredItem

    config = load_config(ROOT / "sources.toml", {})
    now = datetime.now(UTC)
    rng = random.Random(1)
    items = [
        StoredItem(
            id=i,
            uid=f"u{i}",
            source=f"Outlet {i % 20}",
            url=f"https://x.example/{i}",
            title=rng.choice(BEAT) + f" {i}",
            summary="",
            text=" ".join(rng.choice(WORDS) for _ in range(80)),
            published=now - timedelta(minutes=i),
            fetched_at=now,
            language="en",
            topics=("high-north",),
            terms=("Storskog", "Russia"),
            story_id=i // 3 + 1,
        )
        for i in range(n)
    ]
    times = []
    for _ in range(5):
        t = time.perf_counter()
        build_digest(config, SubscriberConfig("a@example.org"), items, now)
        times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}


def served_feed(seconds: float = 3.0) -> dict[str, float]:
    """Requests per second on /feeds/all.atom: full responses and 304s (in-process client)."""
    import aiohttp

    from monitor.config import load_config
    from monitor.pipeline import Pipeline
    from monitor.store import Store
    from monitor.types import Item
    from monitor.web import BackgroundServer, WebApp

    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "sources.toml"
        shipped = (ROOT / "sources.toml").read_text("utf-8")
        cfg.write_text(
            '[storage]\nurl = "sqlite:///a.db"\n' + shipped[shipped.index("[[topics]]") :]
        )
        config = load_config(cfg, {})
        store = Store(config.storage_url)
        now = datetime.now(UTC)
        rng = random.Random(2)
        Pipeline(config, store).ingest([
            Item(source="S", guid=f"g{i}", url=f"https://x.example/{i}", title=rng.choice(BEAT) + f" {i}",
                 text=" ".join(rng.choice(WORDS) for _ in range(120)) + f" Storskog Russia {i}",
                 published=now, fetched_at=now)
            for i in range(100)
        ])  # fmt: skip
        server = BackgroundServer(WebApp(config, store), "127.0.0.1", 0)
        server.start()
        url = f"http://127.0.0.1:{server.bound_port}/feeds/all.atom"

        async def load(conditional: bool) -> float:
            async with aiohttp.ClientSession() as session:
                async with session.get(url) as r:
                    etag = r.headers["ETag"]
                headers = {"If-None-Match": etag} if conditional else {}
                done = 0
                stop = time.perf_counter() + seconds

                async def worker() -> None:
                    nonlocal done
                    while time.perf_counter() < stop:
                        async with session.get(url, headers=headers) as r:
                            await r.read()
                            done += 1

                start = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(20)))
                return done / (time.perf_counter() - start)

        try:
            full = asyncio.run(load(False))
            cond = asyncio.run(load(True))
        finally:
            server.stop()
            store.close()
    return {"full_rps": full, "not_modified_rps": cond}


def summarize(runs: list[dict[str, Any]], path: tuple[str, ...]) -> dict[str, float]:
    values = []
    for r in runs:
        v: Any = r
        for k in path:
            v = v[k]
        values.append(v)
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "bench.json"))
    args = ap.parse_args()
    ours, floor = [], []
    for _ in range(args.runs):
        farm = Farm(args.feeds, args.items)
        try:
            ours.append(monitor_cycles(farm, args.items))
        finally:
            farm.stop()
        farm = Farm(args.feeds, args.items)
        try:
            floor.append(floor_cycles(farm))
        finally:
            farm.stop()
    result: dict[str, Any] = {
        "feeds": args.feeds, "items_per_feed": args.items, "runs": args.runs,
        "monitor": {c: summarize(ours, (c, "wall_s")) for c in ("first", "steady", "trickle")},
        "floor": {c: summarize(floor, (c, "wall_s")) for c in ("first", "steady", "trickle")},
        "first_cycle": {k: summarize(ours, ("first", k))
                        for k in ("items_per_s", "cpu_s", "peak_rss_mb", "errors")},
        "digest_render_500": digest_render(),
        "served_feed": served_feed(),
    }  # fmt: skip
    print(f"{args.feeds} feeds x {args.items} items, {args.runs} runs (median [min-max])")
    print(f"{'cycle':10} {'monitor s':>22} {'floor s':>22} {'ratio':>7}")
    for c in ("first", "steady", "trickle"):
        m, f = result["monitor"][c], result["floor"][c]
        print(f"{c:10} {m['median']:8.2f} [{m['min']:.2f}-{m['max']:.2f}]{'':4} "
              f"{f['median']:8.2f} [{f['min']:.2f}-{f['max']:.2f}]{'':4} "
              f"{m['median'] / max(f['median'], 1e-9):6.1f}x")  # fmt: skip
    fc = result["first_cycle"]
    print(f"first cycle: {fc['items_per_s']['median']:.0f} items/s, CPU {fc['cpu_s']['median']:.1f} s, "
          f"peak RSS {fc['peak_rss_mb']['max']:.0f} MB, errors {fc['errors']['max']:.0f}")  # fmt: skip
    d = result["digest_render_500"]
    print(
        f"digest render, 500 items: {d['median_s'] * 1000:.0f} ms [{d['min_s'] * 1000:.0f}-{d['max_s'] * 1000:.0f}]"
    )
    s = result["served_feed"]
    print(f"served feed: {s['full_rps']:.0f} full responses/s, {s['not_modified_rps']:.0f} 304s/s")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), "utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
