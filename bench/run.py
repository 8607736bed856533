"""Speed benchmark on loopback: poll cycles against an outlet farm, the floor, digest, feeds.

    .venv/bin/python bench/run.py [--feeds 1000] [--items 50] [--runs 3]

Prints a table (median of the runs, with min and max) and writes bench/results/bench.json.
Everything runs on 127.0.0.1: a farm of RSS feeds (about 5% of items on the default topic,
answering 304 when unchanged, with an article page behind every entry) in its own process, the
monitor's real pipeline against a fresh archive, the "floor" (aiohttp fetching and lxml pulling
the fields out, nothing else), the digest renderer, and the served feeds under a load generator
in its own process.

Beside the monitor, in the same run: rss2email (from PyPI, its `r2e run`, mailing every new
entry to a local SMTP sink) and the floor. Then the archive-growth look-ups at 10k, 100k and
1M archived items (a synthetic archive, built once into bench/cache/, git-ignored).

And the whole-process mode (bench/whole.py): the same cycles, each a fresh `monitor poll
--once` process as cron runs it, beside rss2email's, and the start-up of `monitor --help` and
of a steady poll of 1 and 8 sources (--no-whole-process skips it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import random
import resource
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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

        httpx.post(f"http://127.0.0.1:{self.port}/bump", timeout=300)  # renders every feed

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.join(10)


def _children_cpu(exclude: int | None = None) -> float:
    """CPU seconds of this process's live children (the parse workers), not ``exclude`` (the
    farm): os.times() counts children only once they have been waited for."""
    me, total = os.getpid(), 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == me and int(pid) != exclude:
            total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(fn: Callable[[], Any], exclude: int | None = None) -> dict[str, float]:
    cpu, wall, kids = time.process_time(), time.perf_counter(), _children_cpu(exclude)
    fn()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
            "workers_cpu_s": _children_cpu(exclude) - kids}  # fmt: skip


def reference_loop() -> float:
    """Seconds for a fixed pure-Python loop, median of 3: how fast this machine runs Python,
    so figures from different machines (or from a busy one) can be compared."""

    def once() -> float:
        t, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        return time.perf_counter() - t

    return statistics.median(once() for _ in range(3))


def farm_config(
    farm: Farm, cfg: Path, feeds: int | None = None, storage_url: str = "sqlite:///archive.db"
) -> Path:
    """sources.toml for the farm's first ``feeds`` feeds (all by default), with the shipped
    topics and the per-host politeness lifted (one host serves them all)."""
    shipped = (ROOT / "sources.toml").read_text("utf-8")
    topics = shipped[shipped.index("[[topics]]") :]
    # the farm is on the loopback: allowed as an operator allows an intranet source
    lines = [f'[storage]\nurl = "{storage_url}"',
             '[fetch]\nconcurrency = 50\nper_host = 50\nhost_delay = "0s"\nrobots = false',
             f'allow_private = ["127.0.0.1:{farm.port}"]']  # fmt: skip
    for i in range(farm.feeds if feeds is None else feeds):
        lines.append(f'[[sources]]\nname = "F{i}"\nurl = "{farm.url(i)}"')
    cfg.write_text("\n".join(lines) + "\n" + topics, "utf-8")
    return cfg


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


class _Sink:
    """An SMTP server on loopback that counts what it is handed (aiosmtpd)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.count = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.count += 1
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def r2e_command() -> list[str] | None:
    exe = Path(sys.executable).with_name("r2e")
    return [str(exe)] if exe.exists() else None


def peer_cycles(farm: Farm) -> dict[str, dict[str, float]]:
    """rss2email (r2e, from PyPI) polling the same feeds and mailing each new entry to a local
    SMTP sink: a real, widely used peer doing the same job the simple way."""
    import subprocess

    cmd = r2e_command()
    assert cmd is not None, "rss2email is not installed (pip install rss2email)"
    sink = _Sink()
    out: dict[str, dict[str, float]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cfg, data = Path(tmp) / "r2e.cfg", Path(tmp) / "r2e.json"
            lines = ["[DEFAULT]", "to = bench@example.org", "from = r2e@example.org",
                     "email-protocol = smtp", "smtp-server = 127.0.0.1",
                     f"smtp-port = {sink.port}", "smtp-ssl = False", "smtp-auth = False", ""]  # fmt: skip
            for i in range(farm.feeds):
                lines += [f"[feed.F{i}]", f"url = {farm.url(i)}", ""]
            cfg.write_text("\n".join(lines), "utf-8")
            data.write_text('{"version": 2, "feeds": []}', "utf-8")

            def run() -> None:
                subprocess.run([*cmd, "-c", str(cfg), "-d", str(data), "run"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

            for cycle in ("first", "steady", "trickle"):
                if cycle == "trickle":
                    farm.bump()
                before_mail = sink.count
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                out[cycle] = measure(run)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                out[cycle]["cpu_s"] = (after.ru_utime + after.ru_stime) - (
                    before.ru_utime + before.ru_stime
                )
                out[cycle]["mails"] = sink.count - before_mail
    finally:
        sink.stop()
    return out


CACHE = ROOT / "bench" / "cache"


@functools.cache
def _vocab() -> list[str]:
    """Made on first use, not at import: the parse workers import this module (it is their
    __main__), and 20,000 generators made in each of them showed in the monitor's figures."""
    return ["".join(random.Random(i).choices("abcdefghijklmnoprstuvy", k=3 + i % 6))
            for i in range(20000)]  # fmt: skip


def _synthetic_text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(_vocab(), k=n))


def _archived_text(i: int) -> tuple[str, str]:
    """Title and text of synthetic archived item ``i`` (regenerated for the look-ups' hits)."""
    r = random.Random(i)
    return _synthetic_text(r, 8), _synthetic_text(r, 120)


def build_archive(
    size: int, cache: Path = CACHE, text_of: Callable[[int], tuple[str, str]] = _archived_text
) -> Path:
    """A synthetic archive of ``size`` items, every one with near-duplicate shingles (the worst
    case: in a poll only entries that can match a topic get them). Built once, cached.
    ``text_of``: each item's title and text (``_templated_text``: the template-heavy case)."""
    import sqlite3

    from monitor.store import PAGE_SIZE, Store
    from monitor.text import fingerprint, pack_hashes, shingle_sets

    # v2: schema 0002 (fingerprints and index keys); the page size a new archive gets
    kind = "" if text_of is _archived_text else "-" + text_of.__name__.strip("_")
    path = cache / f"archive-v2-p{PAGE_SIZE // 1024}k-{size}{kind}.db"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in cache.glob(tmp.name + "*"):
        leftover.unlink()
    Store(f"sqlite:///{tmp}").close()  # the real schema, by the real migrations
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    now = "2026-11-01 12:00:00.000000"
    chunk = 10_000
    for start in range(0, size, chunk):
        items, sightings, sh, sets = [], [], [], []
        for i in range(start, min(size, start + chunk)):
            title, body = text_of(i)
            items.append((i + 1, f"u{i}", "feed", f"S{i % 1000}", f"g{i}", f"https://o.example/{i}",
                          f"https://o.example/{i}", title, body, "", now, fingerprint(title, body),
                          i % 20 == 0))  # fmt: skip
            url = f"https://o.example/{i}"
            sightings.append((i + 1, f"S{i % 1000}", f"g{i}", url, url, "new", now))
            fine, keys = shingle_sets(body)
            sh += [(h, i + 1) for h in keys]
            sets.append((i + 1, pack_hashes(fine)))
        db.executemany(
            "INSERT INTO item (id, uid, origin, source, guid, url, canonical_url, title, summary,"
            " text, fetched_at, fingerprint, on_topic) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            items,
        )
        db.executemany(
            "INSERT INTO sighting (item_id, source, guid, url, canonical_url, reason, seen_at)"
            " VALUES (?,?,?,?,?,?,?)",
            sightings,
        )
        db.executemany("INSERT OR IGNORE INTO shingle (hash, item_id) VALUES (?,?)", sh)
        db.executemany("INSERT INTO shingle_set (item_id, hashes) VALUES (?,?)", sets)
        db.commit()
        print(f"  archive {size}: {start + len(items)} items", end="\r", file=sys.stderr)
    db.close()  # no ANALYZE: the monitor never runs it, so neither does its bench
    tmp.rename(path)
    return path


def lookup_figures(
    path: str,
    size: int,
    queries: int = 300,
    text_of: Callable[[int], tuple[str, str]] = _archived_text,
    new_text: Callable[[random.Random], tuple[str, str]] | None = None,
) -> dict[str, float]:
    """Per-item look-ups as a poll makes them, against an archive of ``size`` items: GUID seen,
    address and fingerprint known (a feed's 50 entries per query, figures per entry), and the
    near-duplicate query (per entry). Runs in a fresh process so its
    peak RSS is the look-ups' alone. ``text_of``: the archive's texts (see build_archive);
    ``new_text``: a new article's title and text, for the misses."""
    from monitor.store import Store
    from monitor.text import fingerprint, shingle_sets

    # Read the file once first: a server that has run for a while has its archive in the OS
    # page cache (not in its RSS). Without this, the first look-ups of a freshly opened 4 GB
    # archive wait on the disk (~10-20 ms each here).
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
    store = Store(f"sqlite:///{path}")
    rng = random.Random("queries")  # a seed no archived item uses
    near, exact, near_cpu = [], [], []
    for q in range(queries):
        if q % 2:  # a copy of an archived item, lightly edited: a hit
            i = rng.randrange(size)
            title, body = text_of(i)
            body = body + " " + _synthetic_text(rng, 10)
        else:  # a new article: a miss
            if new_text is None:
                title, body = _synthetic_text(rng, 8), _synthetic_text(rng, 400)
            else:
                title, body = new_text(rng)
            i = -1
        sh, keys = shingle_sets(body)
        t, cpu = time.perf_counter(), time.process_time()
        dup = store.near_duplicate(sh, title, keys)
        near.append(time.perf_counter() - t)
        near_cpu.append(time.process_time() - cpu)
        assert (dup is not None) == (i >= 0), (q, dup)
        if q % 10 == 0:  # exact look-ups go a feed (50 entries) at a time, as in a poll
            guids = [f"g{rng.randrange(size * 2)}" for _ in range(50)]
            t = time.perf_counter()
            store.seen_guids("S1", guids)
            store.known_addresses([f"https://o.example/{g[1:]}" for g in guids])
            store.known_fingerprints([fingerprint(g, body) for g in guids])
            exact.append((time.perf_counter() - t) / 50)
    store.close()

    def pct(v: list[float], p: float) -> float:
        return sorted(v)[min(len(v) - 1, int(p * len(v)))] * 1000

    return {
        "near_median_ms": statistics.median(near) * 1000, "near_p99_ms": pct(near, 0.99),
        "near_cpu_mean_ms": statistics.mean(near_cpu) * 1000,
        "exact_median_ms": statistics.median(exact) * 1000, "exact_p99_ms": pct(exact, 0.99),
        "db_mb": Path(path).stat().st_size / 2**20,
        "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


TEMPLATES = 5  # press releases' boilerplates in the template-heavy archive


@functools.cache
def _boilerplate(n: int, words: int) -> str:
    """Template ``n``'s passage (``n`` < 0: the wire byline every item carries)."""
    return _synthetic_text(random.Random(f"template-{n}"), words)


def _templated(rng: random.Random, template: int, own: int) -> tuple[str, str]:
    body = f"{_synthetic_text(rng, own)} {_boilerplate(template, 50)} {_boilerplate(-1, 10)}"
    return _synthetic_text(rng, 8), body


def _templated_text(i: int) -> tuple[str, str]:
    """Item ``i`` of the template-heavy archive, as long as an ordinary one (120 words): its
    own 60 words, then one of TEMPLATES 50-word boilerplates (a fifth of the archive shares
    each) and a 10-word wire byline (all of it shares that): many items sharing long
    passages, as press releases and wire copy do. Each template key is then in thousands of
    items' index rows."""
    return _templated(random.Random(i), i % TEMPLATES, 60)


def _new_templated_text(rng: random.Random) -> tuple[str, str]:
    """A new release under a known template, as long as an ordinary miss (400 words): not a
    copy of any (the 60 words it shares are half of an archived item's 120)."""
    return _templated(rng, rng.randrange(TEMPLATES), 340)


def template_lookup_figures(path: str, size: int) -> dict[str, float]:
    """``lookup_figures`` against the template-heavy archive (``_templated_text``)."""
    return lookup_figures(path, size, text_of=_templated_text, new_text=_new_templated_text)


def template_growth(sizes: list[int], cache: Path) -> dict[str, dict[str, float]]:
    """The near-duplicate look-up on a template-heavy archive, beside the ordinary one
    (``archive_growth``) at the same sizes: the issue's goal is within 2x per entry."""
    out = {}
    for size in sizes:
        print(f"template-heavy archive: {size} items", file=sys.stderr)
        path = build_archive(size, cache, _templated_text)
        with multiprocessing.get_context("spawn").Pool(1) as pool:  # its own RSS
            out[str(size)] = pool.apply(template_lookup_figures, (str(path), size))
    return out


def print_template_growth(result: dict[str, Any]) -> None:
    for size, g in result.get("template_growth", {}).items():
        ordinary = result["archive_growth"].get(size)
        vs = f", {g['near_median_ms'] / ordinary['near_median_ms']:.2f}x the ordinary" if (
            ordinary) else ""  # fmt: skip
        print(f"template-heavy {int(size):>9,} items: near-dup {g['near_median_ms']:.2f} ms "
              f"median, {g['near_p99_ms']:.2f} p99{vs}")  # fmt: skip


def _peak_rss_mb() -> float:
    """This process's own peak RSS. ru_maxrss would not do: a spawned child inherits the high
    water mark of the parent it was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def summarize(runs: list[dict[str, Any]], path: tuple[str, ...]) -> dict[str, float]:
    values = []
    for r in runs:
        v: Any = r
        for k in path:
            v = v[k]
        values.append(v)
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def write_result(result: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), "utf-8")
    print(f"written: {out}")


def farm_options() -> argparse.ArgumentParser:
    """The farm's and the runs' options, shared with bench/whole.py."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true", help="skip rss2email")
    return ap


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], parents=[farm_options()])
    ap.add_argument("--archive-sizes", default="10000,100000,1000000",
                    help="comma-separated; empty to skip the archive-growth look-ups")  # fmt: skip
    ap.add_argument("--template-sizes", default="10000,100000",
                    help="template-heavy archive look-ups (comma-separated; empty to skip)")  # fmt: skip
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "bench.json"))
    ap.add_argument("--cache", default=str(CACHE), help="where synthetic archives are kept")
    ap.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                    help="postgresql: the monitor also runs on PostgreSQL, beside SQLite")  # fmt: skip
    ap.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL server (a database is "
                    "created on it for each run and dropped)")  # fmt: skip
    ap.add_argument(
        "--no-whole-process",
        action="store_true",
        help="skip the whole-process cycles (bench/whole.py: a fresh `monitor poll --once` each)",
    )
    ap.add_argument("--startup-repeat", type=int, default=5,
                    help="runs of each start-up figure of the whole-process mode (median)")  # fmt: skip
    args = ap.parse_args()
    peer = not args.no_peer and r2e_command() is not None
    runs: dict[str, list[dict[str, Any]]] = {"monitor": [], "floor": [], "rss2email": []}
    if args.database == "postgresql":
        runs["monitor_pg"] = []
    for n in range(args.runs):
        for name, fn in (("monitor", lambda f: monitor_cycles(f, args.items)),
                         ("monitor_pg", lambda f: monitor_pg_cycles(f, args.items, args.pg_url)),
                         ("floor", floor_cycles), ("rss2email", peer_cycles)):  # fmt: skip
            if (name == "rss2email" and not peer) or name not in runs:
                continue
            print(f"run {n + 1}/{args.runs}: {name}", file=sys.stderr)
            farm = Farm(args.feeds, args.items)
            try:
                runs[name].append(fn(farm))
            finally:
                farm.stop()
    cycles = ("first", "steady", "trickle")
    result: dict[str, Any] = {
        "feeds": args.feeds, "items_per_feed": args.items, "runs": args.runs,
        "cycles": {name: {c: summarize(r, (c, "wall_s")) for c in cycles}
                   for name, r in runs.items() if r},
        "first_cycle": {k: summarize(runs["monitor"], ("first", k))
                        for k in ("items_per_s", "cpu_s", "workers_cpu_s", "peak_rss_mb",
                                  "errors")},
        **pg_first_cycle(runs),
        "reference_loop_s": reference_loop(),
        "rss2email_mails": {c: [r[c]["mails"] for r in runs["rss2email"]] for c in cycles},
        "digest_render_500": digest_render(),
        "served_feed": served_feed(),
        "archive_growth": {},
    }  # fmt: skip
    if not args.no_whole_process:
        import whole  # the same farm, each cycle a fresh process; rss2email's cycles reused

        result["whole_process"] = whole.run_all(args.feeds, args.items, args.runs, peer,
                                                runs["rss2email"], args.startup_repeat)  # fmt: skip
    for size in [int(x) for x in args.archive_sizes.split(",") if x.strip()]:
        print(f"archive growth: {size} items", file=sys.stderr)
        path = build_archive(size, Path(args.cache))
        with multiprocessing.get_context("spawn").Pool(1) as pool:  # its own RSS
            result["archive_growth"][str(size)] = pool.apply(lookup_figures, (str(path), size))
    sizes = [int(x) for x in args.template_sizes.split(",") if x.strip()]
    result["template_growth"] = template_growth(sizes, Path(args.cache))
    print(
        f"{args.feeds} feeds x {args.items} items, {args.runs} runs: median [min-max]; "
        f"machine: reference loop {result['reference_loop_s']:.2f} s (lower is faster)"
    )
    names = [n for n in ("monitor", "monitor_pg", "floor", "rss2email") if n in result["cycles"]]
    print(f"{'cycle':10}" + "".join(f"{n:>24}" for n in names) + "  vs floor  rss2email/us")
    for c in cycles:
        line = f"{c:10}"
        for n in names:
            f = result["cycles"][n][c]
            line += f"{f['median']:9.2f} s [{f['min']:.2f}-{f['max']:.2f}]".rjust(24)
        ours = result["cycles"]["monitor"][c]["median"]
        line += f"{ours / max(result['cycles']['floor'][c]['median'], 1e-9):8.1f}x"
        if "rss2email" in result["cycles"]:
            line += f"{result['cycles']['rss2email'][c]['median'] / max(ours, 1e-9):12.1f}x"
        print(line)
    fc = result["first_cycle"]
    print(f"first cycle: {fc['items_per_s']['median']:.0f} items/s, CPU {fc['cpu_s']['median']:.1f} s"
          f" main + {fc['workers_cpu_s']['median']:.1f} s parse workers"
          f", peak RSS {fc['peak_rss_mb']['max']:.0f} MB, "
          f"errors {fc['errors']['max']:.0f}")  # fmt: skip
    print_pg_first_cycle(result)
    d = result["digest_render_500"]
    print(f"digest render, 500 items: {d['median_s'] * 1000:.0f} ms "
          f"[{d['min_s'] * 1000:.0f}-{d['max_s'] * 1000:.0f}]")  # fmt: skip
    s = result["served_feed"]
    print(f"served feed: {s['full_rps']:.0f} full responses/s, {s['not_modified_rps']:.0f} 304s/s")
    for size, g in result["archive_growth"].items():
        print(f"archive {int(size):>9,} items: near-dup {g['near_median_ms']:.2f} ms median, "
              f"{g['near_p99_ms']:.2f} p99; exact {g['exact_median_ms']:.2f}/"
              f"{g['exact_p99_ms']:.2f} ms; db {g['db_mb']:.0f} MB; RSS {g['rss_mb']:.0f} MB")  # fmt: skip
    print_template_growth(result)
    if "whole_process" in result:
        import whole

        print("\n".join(whole.report(result["whole_process"])))
    write_result(result, Path(args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
