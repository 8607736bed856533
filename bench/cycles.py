"""Poll cycles against the farm: the monitor's real pipeline (on SQLite, or on PostgreSQL
beside it) and the floor (aiohttp fetching and lxml pulling the fields out, nothing else).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from farm import Farm, farm_config
from measure import measure, summarize


def monitor_cycles(
    farm: Farm, items: int, storage_url: str = "sqlite:///archive.db"
) -> dict[str, dict[str, float]]:
    from monitor.config import load_config
    from monitor.match import Matcher
    from monitor.pipeline import Pipeline
    from monitor.seed import seed_archive
    from monitor.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        cfg = farm_config(farm, Path(tmp) / "sources.toml", storage_url=storage_url)
        config = load_config(cfg, {})
        store = Store(config.storage_url)
        seed_archive(store, Matcher(config.topics))
        pipeline = Pipeline(config, store)
        out: dict[str, dict[str, float]] = {}
        reports: list[Any] = []
        farm_pid = farm.proc.pid
        out["first"] = measure(lambda: reports.extend(pipeline.poll(config.sources)), farm_pid)
        stored = sum(r.new + r.off_topic for r in reports)
        out["first"]["items_per_s"] = stored / out["first"]["wall_s"]
        out["first"]["errors"] = sum(1 for r in reports if r.error)
        out["steady"] = measure(lambda: pipeline.poll(config.sources), farm_pid)
        farm.bump()
        out["trickle"] = measure(lambda: pipeline.poll(config.sources), farm_pid)
        pipeline.close()
        store.close()
    out["first"]["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextlib.contextmanager
def postgres_database(server_url: str = PG_URL) -> Iterator[str]:
    """A fresh PostgreSQL database on ``server_url``'s server for one run of the monitor,
    dropped afterwards: the archive starts empty, as the SQLite one does."""
    import psycopg

    dsn = server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    name = f"monitor_bench_{os.getpid()}_{time.monotonic_ns() % 10**9}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def monitor_pg_cycles(farm: Farm, items: int, server_url: str = PG_URL) -> dict[str, Any]:
    """``monitor_cycles`` with the archive on PostgreSQL (a database created for the run):
    what the database's round trips add to the same work."""
    with postgres_database(server_url) as url:
        return monitor_cycles(farm, items, url)


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


def pg_first_cycle(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The first cycle on PostgreSQL against SQLite's in the same run (``--database``)."""
    if not runs.get("monitor_pg"):
        return {}
    pg = {k: summarize(runs["monitor_pg"], ("first", k))
          for k in ("wall_s", "cpu_s", "workers_cpu_s", "errors")}  # fmt: skip
    sqlite = summarize(runs["monitor"], ("first", "wall_s"))["median"]
    return {"first_cycle_pg": pg, "first_pg_vs_sqlite": pg["wall_s"]["median"] / sqlite}


def print_pg_first_cycle(result: dict[str, Any]) -> None:
    if "first_cycle_pg" not in result:
        return
    pg = result["first_cycle_pg"]
    print(f"first cycle on PostgreSQL: {pg['wall_s']['median']:.2f} s, "
          f"{result['first_pg_vs_sqlite']:.2f}x SQLite's; CPU {pg['cpu_s']['median']:.1f} s "
          f"main + {pg['workers_cpu_s']['median']:.1f} s parse workers, "
          f"errors {pg['errors']['max']:.0f}")  # fmt: skip
