"""What readers are served: the digest mail's render time and the served feeds' requests per
second (full responses and 304s, the load generator in its own process).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from farm import BEAT, WORDS
from measure import ROOT


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


def load_feed(url: str, conditional: bool, seconds: float) -> float:
    """Requests per second from 20 concurrent clients (runs in its own process)."""
    import aiohttp

    async def run() -> float:
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
                        assert r.status == (304 if conditional else 200), r.status
                        done += 1

            start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(20)))
            return done / (time.perf_counter() - start)

    return asyncio.run(run())


def served_feed(seconds: float = 3.0) -> dict[str, float]:
    """Requests per second on /feeds/all.atom: full responses and 304s (client in its own process)."""

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

        try:
            with multiprocessing.get_context("spawn").Pool(1) as pool:  # the client's own core
                full = pool.apply(load_feed, (url, False, seconds))
                cond = pool.apply(load_feed, (url, True, seconds))
        finally:
            server.stop()
            store.close()
    return {"full_rps": full, "not_modified_rps": cond}
