"""Archive growth: the per-entry look-ups a poll makes (GUID, address, fingerprint and the
near-duplicate query) against synthetic archives of 10k to 1M items, ordinary and
template-heavy, built once into bench/cache/ (git-ignored).
"""

from __future__ import annotations

import functools
import multiprocessing
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import ROOT, peak_rss_mb

CACHE = ROOT / "bench" / "cache"


@functools.cache
def _vocab() -> list[str]:
    """Made on first use, not at import: the parse workers import this module (bench/run.py,
    which imports it, is their __main__), and 20,000 generators made in each of them showed in
    the monitor's figures."""
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
        "rss_mb": peak_rss_mb(),
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


def archive_growth(sizes: list[int], cache: Path) -> dict[str, dict[str, float]]:
    """The look-ups against the ordinary synthetic archive at each size, each in a fresh
    process (its own peak RSS)."""
    out = {}
    for size in sizes:
        print(f"archive growth: {size} items", file=sys.stderr)
        path = build_archive(size, cache)
        with multiprocessing.get_context("spawn").Pool(1) as pool:  # its own RSS
            out[str(size)] = pool.apply(lookup_figures, (str(path), size))
    return out


def print_archive_growth(result: dict[str, Any]) -> None:
    for size, g in result["archive_growth"].items():
        print(f"archive {int(size):>9,} items: near-dup {g['near_median_ms']:.2f} ms median, "
              f"{g['near_p99_ms']:.2f} p99; exact {g['exact_median_ms']:.2f}/"
              f"{g['exact_p99_ms']:.2f} ms; db {g['db_mb']:.0f} MB; RSS {g['rss_mb']:.0f} MB")  # fmt: skip
